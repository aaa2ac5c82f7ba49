package neuron_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/brainsim/brainsim/neuron"
)

// TestReceptorSharing: a population returns one receptor per (kind, tau,
// erev); erev is ignored for current receptors and tau and erev for Delta.
func TestReceptorSharing(t *testing.T) {
	t.Parallel()
	l := neuron.NewLIF(3, neuron.DefaultLIF())
	a := mustReceptor(t, l, neuron.ExpCurrent, 5, 0)
	tests := []struct {
		name      string
		kind      neuron.ReceptorKind
		tau, erev float64
		same      *neuron.Receptor // nil: must be new
	}{
		{"same", neuron.ExpCurrent, 5, 0, a},
		{"current_ignores_erev", neuron.ExpCurrent, 5, -80, a},
		{"other_tau", neuron.ExpCurrent, 10, 0, nil},
		{"conductance", neuron.ExpConductance, 5, 0, nil},
		{"conductance_other_erev", neuron.ExpConductance, 5, -80, nil},
		{"delta", neuron.Delta, 0, 0, nil},
	}
	for _, tc := range tests {
		r := mustReceptor(t, l, tc.kind, tc.tau, tc.erev)
		if tc.same != nil && r != tc.same {
			t.Errorf("%s: got a new receptor, want the shared one", tc.name)
		}
		if tc.same == nil && r == a {
			t.Errorf("%s: got the exc_current receptor, want a new one", tc.name)
		}
		if r2 := mustReceptor(t, l, tc.kind, tc.tau, tc.erev); r2 != r {
			t.Errorf("%s: second call got a different receptor", tc.name)
		}
	}
	d1 := mustReceptor(t, l, neuron.Delta, 0, 0)
	if d2 := mustReceptor(t, l, neuron.Delta, 3, -70); d2 != d1 {
		t.Errorf("Delta with other tau/erev: got a new receptor, want the shared one")
	}
	if got, want := len(l.Receptors()), 5; got != want {
		t.Errorf("len(Receptors()) got %d, want %d", got, want)
	}
	if l.Receptors()[0] != a {
		t.Errorf("Receptors() is not in creation order")
	}
	if d1.X != nil || a.X == nil || len(a.X) != 3 || a.Len() != 3 {
		t.Errorf("X: Delta got %v, exp_current got len %d, want nil and 3", d1.X, len(a.X))
	}
}

// TestReceptorKinds: each model accepts only its kinds; exp kinds need tau > 0.
func TestReceptorKinds(t *testing.T) {
	t.Parallel()
	rs, _ := neuron.LookupIzhikevich("RS")
	pops := map[string]func() neuron.Population{
		"lif":        func() neuron.Population { return neuron.NewLIF(2, neuron.DefaultLIF()) },
		"izhikevich": func() neuron.Population { return neuron.NewIzhikevich(2, rs) },
		"adex":       func() neuron.Population { return neuron.NewAdEx(2, neuron.DefaultAdEx()) },
		"rate":       func() neuron.Population { return neuron.NewRate(2, neuron.RateParams{Tau: 10}, 0) },
		"poisson":    func() neuron.Population { return neuron.NewPoisson(2, 1, rand.New(rand.NewPCG(1, 1))) },
	}
	kinds := []neuron.ReceptorKind{neuron.ExpCurrent, neuron.ExpConductance, neuron.Delta, neuron.Instant, neuron.Pulse}
	accept := map[string][]bool{
		"lif":        {true, true, true, false, true},
		"izhikevich": {true, true, true, false, true},
		"adex":       {true, true, true, false, true},
		"rate":       {true, false, false, true, false},
		"poisson":    {false, false, false, false, false},
	}
	for model, mk := range pops {
		p := mk()
		if p.Model() != model {
			t.Errorf("Model() got %q, want %q", p.Model(), model)
		}
		for k, kind := range kinds {
			_, err := p.Receptor(kind, 5, 0)
			if ok := err == nil; ok != accept[model][k] {
				t.Errorf("%s.Receptor(%v): got error %v, want accepted = %v", model, kind, err, accept[model][k])
			}
		}
		if accept[model][0] {
			for _, tau := range []float64{0, -1} {
				if _, err := p.Receptor(neuron.ExpCurrent, tau, 0); err == nil {
					t.Errorf("%s.Receptor(exp_current, tau %v): got nil error, want one", model, tau)
				}
			}
		}
	}
	for k, want := range []string{"exp_current", "exp_conductance", "delta", "rate", "pulse"} {
		if got := neuron.ReceptorKind(k).String(); got != want {
			t.Errorf("ReceptorKind(%d).String() got %q, want %q", k, got, want)
		}
	}
}

// TestReceptorRing: the ring buffer holds at least maxDelay slots (a power
// of two: step t consumes its slot before delay maxDelay reuses it), Slot
// and Ring address the same memory, and a slot is cleared once its step has
// consumed it.
func TestReceptorRing(t *testing.T) {
	t.Parallel()
	l := neuron.NewLIF(3, neuron.DefaultLIF())
	r := mustReceptor(t, l, neuron.ExpCurrent, 5, 0)
	mustPrepare(t, l, 0.1, 5)
	if got := r.MaxDelay(); got < 5 || got&(got-1) != 0 {
		t.Fatalf("MaxDelay got %d, want >= 5 and a power of two", got)
	}
	slots := int64(r.MaxDelay())
	buf, mask := r.Ring()
	if mask != slots-1 || len(buf) != int(slots)*3 {
		t.Fatalf("Ring got len %d mask %d, want %d and %d", len(buf), mask, slots*3, slots-1)
	}
	r.Slot(6)[2] = 1.5
	if buf[(6&mask)*3+2] != 1.5 {
		t.Errorf("Slot(6)[2] and Ring()[(6&mask)·n+2] differ")
	}
	if r.Slot(6 + slots)[2] != 1.5 {
		t.Errorf("Slot(t) and Slot(t+slots) should be the same slot")
	}
	for s := int64(0); s <= 6; s++ {
		if _, err := l.Step(s, nil); err != nil {
			t.Fatal(err)
		}
	}
	if r.Slot(6)[2] != 0 || r.X[2] != 1.5 {
		t.Errorf("after step 6: slot got %v, X got %v, want 0 and 1.5", r.Slot(6)[2], r.X[2])
	}
}

// TestVar: state variables by name.
func TestVar(t *testing.T) {
	t.Parallel()
	rs, _ := neuron.LookupIzhikevich("RS")
	z := neuron.NewIzhikevich(2, rs)
	x := neuron.NewAdEx(2, neuron.DefaultAdEx())
	l := neuron.NewLIF(2, neuron.DefaultLIF())
	r := neuron.NewRate(2, neuron.RateParams{Tau: 1}, 0)
	for _, tc := range []struct {
		got, want []float32
		name      string
	}{
		{l.Var("v"), l.V, "lif v"}, {z.Var("v"), z.V, "izhikevich v"}, {z.Var("u"), z.U, "izhikevich u"},
		{x.Var("v"), x.V, "adex v"}, {x.Var("w"), x.W, "adex w"}, {r.Var("r"), r.R, "rate r"},
	} {
		if len(tc.got) == 0 || &tc.got[0] != &tc.want[0] {
			t.Errorf("Var %s: got another slice", tc.name)
		}
	}
	if l.Var("u") != nil || r.Var("v") != nil {
		t.Errorf("unknown variables should be nil")
	}
}

// TestPulse: input into a Pulse receptor arriving at step t is a current
// held over step t+1 only. For a LIF that is V(t+1) = VRest + R w (1 - e),
// e = exp(-dt/TauM) (the step response over one step), then a free decay:
// V(t+1+k) = VRest + R w (1 - e) e^k. Both integrators are exact for a
// current held over a step, so the exact one (current receptors only) and
// exponential Euler (with a conductance receptor present) agree, within
// 1e-5 mV (float32 V).
func TestPulse(t *testing.T) {
	t.Parallel()
	const dt, w = 0.1, 2.0 // ms, nA
	for _, cond := range []bool{false, true} {
		p := neuron.DefaultLIF()
		p.VThresh = 100
		l := neuron.NewLIF(2, p)
		pulse := mustReceptor(t, l, neuron.Pulse, 0, 0)
		if cond {
			mustReceptor(t, l, neuron.ExpConductance, 5, 0)
		}
		mustPrepare(t, l, dt, 4)
		pulse.Slot(2)[1] += w
		e := math.Exp(-dt / p.TauM)
		for s := int64(0); s < 10; s++ {
			if _, err := l.Step(s, nil); err != nil {
				t.Fatal(err)
			}
			want := p.VRest
			if s >= 3 {
				want += p.TauM / p.Cm * w * (1 - e) * math.Pow(e, float64(s-3))
			}
			if got := float64(l.V[1]); math.Abs(got-want) > 1e-5 {
				t.Errorf("conductance receptor %v, step %d: V got %v, want %v", cond, s, got, want)
			}
			if l.V[0] != float32(p.VRest) {
				t.Errorf("conductance receptor %v, step %d: V of the unit without input got %v, want %v", cond, s, l.V[0], p.VRest)
			}
		}
	}
}
