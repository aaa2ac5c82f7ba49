package cortex

import (
	"context"
	"math"
	"testing"

	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/synapse"
)

// TestActivityMeanRate: the filtered rate of a spiking population is in Hz
// and its mean equals the rate exactly in expectation, for any dt (the
// (1 − d)/dt kick): 1000 Poisson sources at 40 Hz, averaged over units and
// over steps after 5 τ, are within 4 standard errors of 40 Hz.
func TestActivityMeanRate(t *testing.T) {
	for _, dt := range []float64{0.1, 1} {
		net := New(dt, 3)
		reg := net.AddRegion("r")
		p, err := reg.AddPopulation("src", neuron.NewPoisson(1000, 40, net.Rand("poisson")))
		if err != nil {
			t.Fatal(err)
		}
		p.ActivityTau = 10
		act := p.Activity()
		var sum float64
		var n int
		start := int64(math.Round(50 / dt))
		if err := net.AddOperation(Operation{Name: "mean", Every: 1, Run: func(s int64) error {
			if s > start {
				for _, a := range act {
					sum += float64(a)
				}
				n += len(act)
			}
			return nil
		}}); err != nil {
			t.Fatal(err)
		}
		steps := int64(math.Round(2000 / dt))
		if err := net.Run(context.Background(), steps); err != nil {
			t.Fatal(err)
		}
		mean := sum / float64(n)
		// The filtered rate of one unit has variance ν/(2τ) (Campbell);
		// samples τ apart are nearly independent.
		se := math.Sqrt(40/(2*0.010)) / math.Sqrt(1000*1950/10)
		t.Logf("dt %v: mean activity %.3f Hz (40 ± %.3f)", dt, mean, se)
		if math.Abs(mean-40) > 4*se {
			t.Errorf("dt %v: mean activity %.3f Hz, want 40 ± %.3f", dt, mean, 4*se)
		}
	}
}

// opNet is a rate unit driven by a clamped input the operations set, with
// a phasic modulator released by an operation every 3 steps; it returns
// the network, the trace of the unit and the modulator levels.
func opNet(t *testing.T) (*Network, *[]float32, *ModRecorder) {
	t.Helper()
	net := New(1, 1)
	reg := net.AddRegion("r")
	in := neuron.NewRate(1, neuron.RateParams{Transfer: neuron.Linear, Gain: 1}, 0)
	out := neuron.NewRate(1, neuron.RateParams{Tau: 5, Transfer: neuron.Linear, Gain: 1}, 0)
	pin, err := reg.AddPopulation("in", in)
	if err != nil {
		t.Fatal(err)
	}
	pout, err := reg.AddPopulation("out", out)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := out.Receptor(neuron.Instant, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := net.Connect(pin, pout, synapse.Spec{Name: "in->out", Connector: synapse.AllToAll{}, Weight: synapse.ConstDist(1),
		Delay: synapse.ConstDist(1), Receptor: rec}); err != nil {
		t.Fatal(err)
	}
	v := []float32{0}
	if err := in.SetClamp(v); err != nil {
		t.Fatal(err)
	}
	net.ModBase[synapse.Dopamine] = 0.25
	net.ModPhasic[synapse.Dopamine] = true
	trace := &[]float32{}
	ops := []Operation{
		{Name: "stim", Every: 7, Run: func(s int64) error { v[0] = float32(s % 5); return nil }},
		{Name: "release", Every: 3, Offset: 1, Run: func(s int64) error { net.Release(synapse.Dopamine, float64(s), s); return nil }},
		{Name: "read", Every: 1, Run: func(int64) error { *trace = append(*trace, out.R[0]); return nil }},
	}
	for _, op := range ops {
		if err := net.AddOperation(op); err != nil {
			t.Fatal(err)
		}
	}
	return net, trace, net.RecordModulator(synapse.Dopamine, 1)
}

// TestOperations: operations run once at each step due (window 1 here:
// the gcd of 7, 3 and 1), their releases land on their step, a phasic
// modulator holds its tonic level plus the releases of the step only, and
// Run(a); Run(b) equals Run(a+b) with a cut inside a period.
func TestOperations(t *testing.T) {
	whole, tw, mw := opNet(t)
	if err := whole.Run(context.Background(), 60); err != nil {
		t.Fatal(err)
	}
	split, ts, ms := opNet(t)
	for _, n := range []int64{11, 2, 47} {
		if err := split.Run(context.Background(), n); err != nil {
			t.Fatal(err)
		}
	}
	if len(*tw) != 60 || len(*ts) != 60 {
		t.Fatalf("read %d and %d times in 60 steps, want 60", len(*tw), len(*ts))
	}
	for i := range *tw {
		if (*tw)[i] != (*ts)[i] {
			t.Fatalf("step %d: %v whole, %v split", i, (*tw)[i], (*ts)[i])
		}
	}
	for s, lvl := range mw.Levels {
		want := 0.25
		if s >= 1 && (s-1)%3 == 0 {
			want += float64(s)
		}
		if lvl != want || ms.Levels[s] != lvl {
			t.Fatalf("step %d: dopamine %v whole, %v split, want %v", s, lvl, ms.Levels[s], want)
		}
	}
	// The unit integrates the clamped input (delay 1, then one step).
	if (*tw)[0] != 0 || !((*tw)[20] > 0) {
		t.Errorf("the unit did not follow its input: %v", (*tw)[:21])
	}
}
