package neuron_test

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/neuron"
)

// TestRateRelaxation: with constant input I, Tau dr/dt = -r + f with
// f = F(Gain (I - Threshold)) has the solution
//
//	r(t) = f + (r0 - f) exp(-t/Tau),
//
// and exponential Euler is exact for input held over the step. The
// tolerance is 1e-6 (absolute or relative) for float32 rounding of r, plus
// the float32 deadband around f (float32Deadband: r stalls up to
// ulp(f)/2 · Tau/dt from f, 3e-6 for f = 2, Tau = 5 ms), which the runs reach
// after about 14 Tau.
func TestRateRelaxation(t *testing.T) {
	t.Parallel()
	const dt = 0.1
	const tol = 1e-6
	tests := []struct {
		name                    string
		f                       neuron.Transfer
		gain, th, bias, cur, r0 float64
		tau                     float64
	}{
		{"sigmoid", neuron.Sigmoid, 1, 0, 2, 0, 0, 10},
		{"sigmoid_current", neuron.Sigmoid, 2, 1, 0, 0.5, 0.9, 20},
		{"tanh", neuron.Tanh, 1, 0, 0, -0.5, 0.3, 10},
		{"relu", neuron.ReLU, 2, 0.5, 1.5, 0, 0, 5},
		{"relu_zero", neuron.ReLU, 1, 0, 0, -1, 1, 10},
		{"linear", neuron.Linear, 0.5, 1, 3, 0, -1, 15},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := neuron.RateParams{Tau: tc.tau, Transfer: tc.f, Gain: tc.gain, Threshold: tc.th, Bias: tc.bias}
			r := neuron.NewRate(1, p, tc.r0)
			mustPrepare(t, r, dt, 1)
			f := tc.f.Apply(tc.gain * (tc.bias + tc.cur - tc.th))
			band := float32Deadband(f, math.Exp(-dt/tc.tau))
			worst := 0.0
			for k := int64(1); k <= 1000; k++ {
				r.Current()[0] = float32(tc.cur)
				if _, err := r.Step(k-1, nil); err != nil {
					t.Fatal(err)
				}
				want := f + (tc.r0-f)*math.Exp(-float64(k)*dt/tc.tau)
				got := float64(r.R[0])
				d := math.Abs(got - want)
				worst = max(worst, d)
				if d > max(tol, tol*math.Abs(want))+band {
					t.Fatalf("t = %v ms: r got %v, want %v (error %.3g)", float64(k)*dt, got, want, d)
				}
			}
			t.Logf("f = %.6g, max error %.3g (deadband %.3g)", f, worst, band)
		})
	}
}

// TestTransfer checks the transfer functions at a few points against their
// definitions.
func TestTransfer(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		f       neuron.Transfer
		x, want float64
	}{
		{neuron.Sigmoid, 0, 0.5},
		{neuron.Sigmoid, math.Log(3), 0.75}, // 1/(1+1/3)
		{neuron.Tanh, math.Atanh(0.5), 0.5},
		{neuron.ReLU, -2, 0},
		{neuron.ReLU, 2, 2},
		{neuron.Linear, -3, -3},
	} {
		if got := tc.f.Apply(tc.x); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("%v(%v) got %v, want %v", tc.f, tc.x, got, tc.want)
		}
		g, err := neuron.ParseTransfer(tc.f.String())
		if err != nil || g != tc.f {
			t.Errorf("ParseTransfer(%q) got %v, %v, want %v", tc.f.String(), g, err, tc.f)
		}
	}
	if _, err := neuron.ParseTransfer("softplus"); err == nil {
		t.Errorf("ParseTransfer(\"softplus\") got nil error, want one")
	}
}

// TestRateInstantInput: input into an Instant receptor arriving at step t
// is the input of step t+1 only (held for one step): r relaxes towards
// f(w) for one step and back towards f(0) afterwards.
func TestRateInstantInput(t *testing.T) {
	t.Parallel()
	const dt, tau = 0.1, 10.0
	p := neuron.RateParams{Tau: tau, Transfer: neuron.Linear, Gain: 1}
	r := neuron.NewRate(2, p, 0)
	in := mustReceptor(t, r, neuron.Instant, 0, 0)
	mustPrepare(t, r, dt, 4)
	d := math.Exp(-dt / tau)
	in.Slot(3)[1] += 2 // arrives at step 3, acts in step 4
	var want float64
	for s := int64(0); s < 8; s++ {
		if _, err := r.Step(s, nil); err != nil {
			t.Fatal(err)
		}
		f := 0.0
		if s == 4 {
			f = 2
		}
		want = f + (want-f)*d
		if got := float64(r.R[1]); math.Abs(got-want) > 1e-7 {
			t.Errorf("step %d: r got %v, want %v", s, got, want)
		}
		if r.R[0] != 0 {
			t.Errorf("step %d: r of the unit without input got %v, want 0", s, r.R[0])
		}
	}
	if out := r.Output(); &out[0] != &r.R[0] {
		t.Errorf("Output() is not R")
	}
}

func TestRateUnstable(t *testing.T) {
	t.Parallel()
	r := neuron.NewRate(3, neuron.RateParams{Tau: 10, Transfer: neuron.Linear, Gain: 1}, 0)
	mustPrepare(t, r, 0.1, 1)
	r.Current()[1] = float32(math.NaN())
	_, err := r.Step(4, nil)
	ue, ok := err.(*neuron.UnstableError)
	if !ok || ue.Step != 4 || ue.Unit != 1 || ue.Var != "r" {
		t.Errorf("error got %v, want *UnstableError at step 4, unit 1, var r", err)
	}
}
