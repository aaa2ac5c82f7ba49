package synapse_test

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/synapse"
)

// tmAmplitudes sends a regular train of n spikes with the given interval
// (ms) from source 0 through a Tsodyks–Markram projection of weight w
// (one-to-one, 2 units, delay 1 ms; source 1 stays silent) and returns the
// amplitude each spike delivered, read from the receptor's ring buffer.
func tmAmplitudes(t *testing.T, tm *synapse.TsodyksMarkram, w, interval float64, n int) []float64 {
	t.Helper()
	l := neuron.NewLIF(2, neuron.DefaultLIF())
	rec, err := l.Receptor(neuron.ExpCurrent, 3, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Prepare(stdpDt, 16); err != nil {
		t.Fatal(err)
	}
	p, err := synapse.Build(synapse.Spec{NPre: 2, NPost: 2, Connector: synapse.OneToOne{}, Weight: synapse.ConstDist(w),
		Delay: synapse.ConstDist(1), Receptor: rec, Rule: tm}, stdpDt, newRand(1))
	if err != nil {
		t.Fatal(err)
	}
	step := stepsOf(interval)
	if math.Abs(float64(step)*stdpDt-interval) > 1e-9 {
		t.Fatalf("interval %v ms is not a whole number of steps", interval)
	}
	amps := make([]float64, n)
	spike := []uint32{0}
	for k := range n {
		ts := int64(k) * step
		p.Propagate(ts, spike)
		slot := rec.Slot(ts + int64(p.Delay))
		amps[k] = float64(slot[0])
		if slot[1] != 0 {
			t.Fatalf("silent source 1 delivered %v", slot[1])
		}
		clear(slot)
	}
	return amps
}

// tmRecursion is the analytic recursion of a regular train (Tsodyks,
// Pawelzik & Markram 1998; NEST tsodyks2_synapse): u₁ = U, x₁ = 1,
// u_{n+1} = U + u_n(1−U)e^{−T/τ_fac}, x_{n+1} = 1 + (x_n − u_n x_n − 1)e^{−T/τ_rec};
// amplitude w·u_n·x_n.
func tmRecursion(U, tauRec, tauFac, w, T float64, n int) []float64 {
	out := make([]float64, n)
	u, x := U, 1.0
	ef := 0.0
	if tauFac > 0 {
		ef = math.Exp(-T / tauFac)
	}
	er := math.Exp(-T / tauRec)
	for k := range n {
		out[k] = w * u * x
		u, x = U+u*(1-U)*ef, 1+(x-u*x-1)*er
	}
	return out
}

// TestTsodyksMarkramRecursion: the amplitudes of regular trains match the
// analytic recursion to 1e-6 (relative), for the depressing (Fig. 1A) and
// facilitating (Fig. 1B) parameters of Tsodyks, Pawelzik & Markram 1998
// (ANCHORS 7a) at several rates; the paired-pulse ratio is below 1 for the
// depressing synapse and above 1 for the facilitating one.
func TestTsodyksMarkramRecursion(t *testing.T) {
	for _, c := range []struct {
		name              string
		U, tauRec, tauFac float64
		w                 float64 // nA
		depressing        bool
	}{
		{"depressing", 0.5, 800, 0, 0.25, true},
		{"facilitating", 0.03, 130, 530, 1.54, false},
	} {
		worst := 0.0
		for _, interval := range []float64{10, 25, 50, 100, 300} {
			tm := &synapse.TsodyksMarkram{U: c.U, TauRec: c.tauRec, TauFac: c.tauFac}
			got := tmAmplitudes(t, tm, c.w, interval, 40)
			want := tmRecursion(c.U, c.tauRec, c.tauFac, c.w, interval, 40)
			for k := range got {
				worst = max(worst, math.Abs(got[k]-want[k])/math.Abs(want[k]))
				if math.Abs(got[k]-want[k]) > 1e-6*math.Abs(want[k]) {
					t.Errorf("%s, interval %v ms, spike %d: amplitude %.9g, want %.9g", c.name, interval, k+1, got[k], want[k])
					break
				}
			}
			if ppr := got[1] / got[0]; (ppr < 1) != c.depressing {
				t.Errorf("%s, interval %v ms: paired-pulse ratio %.4g", c.name, interval, ppr)
			}
		}
		t.Logf("%s: largest relative error %.2g", c.name, worst)
	}
}

// TestTsodyksMarkramSteadyState: a depressing synapse (U = 0.5, τ_rec =
// 800 ms) has a steady-state amplitude that falls as 1/f above the limiting
// frequency 1/(U·τ_rec) = 2.5 Hz (Tsodyks & Markram 1997): amplitude·f
// approaches w/τ_rec, while far below it the amplitude stays near w·U.
func TestTsodyksMarkramSteadyState(t *testing.T) {
	const U, tauRec, w = 0.5, 800.0, 1.0
	limit := w / (tauRec / 1000) // amplitude·f in the limit, per s
	prevErr := math.Inf(1)
	for _, f := range []float64{20, 40, 80, 100, 200} {
		tm := &synapse.TsodyksMarkram{U: U, TauRec: tauRec}
		amps := tmAmplitudes(t, tm, w, 1000/f, int(8*f)) // 8 s: many τ_rec
		ss := amps[len(amps)-1]
		rel := math.Abs(ss*f/limit - 1)
		t.Logf("f = %3.0f Hz: steady amplitude %.5f, amplitude·f = %.4f /s (limit %.4f)", f, ss, ss*f, limit)
		if !(rel < prevErr) || rel > 0.1 {
			t.Errorf("f = %v Hz: amplitude·f = %.5g, %.3g from the limit %.5g (at the lower rate %.3g)", f, ss*f, rel, limit, prevErr)
		}
		prevErr = rel
	}
	if rel := prevErr; rel > 0.01 {
		t.Errorf("at 200 Hz amplitude·f is %.3g from w/τ_rec", rel)
	}
	tm := &synapse.TsodyksMarkram{U: U, TauRec: tauRec}
	amps := tmAmplitudes(t, tm, w, 10000, 5) // 0.1 Hz
	if ss := amps[4]; math.Abs(ss-w*U) > 0.01*w*U {
		t.Errorf("0.1 Hz: steady amplitude %.5g, want about w·U = %.5g", ss, w*U)
	}
}

// TestTsodyksMarkramAllocs: Propagate with short-term plasticity does not
// allocate.
func TestTsodyksMarkramAllocs(t *testing.T) {
	l := neuron.NewLIF(100, neuron.DefaultLIF())
	rec, _ := l.Receptor(neuron.ExpCurrent, 3, 0)
	if err := l.Prepare(stdpDt, 16); err != nil {
		t.Fatal(err)
	}
	p, err := synapse.Build(synapse.Spec{NPre: 100, NPost: 100, Connector: synapse.FixedProbability{P: 0.2},
		Weight: synapse.ConstDist(0.1), Delay: synapse.Dist{Kind: synapse.Uniform, A: 0.1, B: 1}, Receptor: rec,
		Rule: &synapse.TsodyksMarkram{U: 0.5, TauRec: 800}}, stdpDt, newRand(2))
	if err != nil {
		t.Fatal(err)
	}
	spikes := []uint32{1, 5, 17, 40, 99}
	ts := int64(0)
	if a := testing.AllocsPerRun(100, func() { p.Propagate(ts, spikes); ts++ }); a != 0 {
		t.Errorf("Propagate allocates %v objects", a)
	}
}
