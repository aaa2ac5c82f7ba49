package neuron_test

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/neuron"
)

// adexRheobase returns the rheobase currents of the AdEx model (nA): the
// transient one, gL (VT - EL - ΔT), for w = 0 (the minimum over V of the
// V-nullcline of the exponential IF), and the stationary one with w at its
// nullcline w = a (V - EL),
//
//	(gL + a)(VT - EL - ΔT + ΔT ln(1 + a/gL))
//
// (Touboul 2008, SIAM J. Appl. Math. 68:1045; Naud et al. 2008, Biol.
// Cybern. 99:335).
func adexRheobase(p neuron.AdExParams) (transient, stationary float64) {
	transient = p.GL * (p.VT - p.EL - p.DeltaT)
	stationary = (p.GL + p.A) * (p.VT - p.EL - p.DeltaT + p.DeltaT*math.Log(1+p.A/p.GL))
	return transient, stationary
}

// TestAdExRheobase: with the Brette & Gerstner (2005) parameters the
// rheobases are 0.546 nA (w = 0) and 0.627 nA (stationary). A current 3%
// below the transient one never fires; 3% above the stationary one fires
// tonically (spikes keep coming in the last second of 2 s). The 3% margin
// covers the forward-Euler substep (0.1 ms), which moves the bifurcation by
// O(h); measured: no spike at 0.99 × 0.546, tonic at 1.01 × 0.627.
func TestAdExRheobase(t *testing.T) {
	t.Parallel()
	p := neuron.DefaultAdEx()
	irh0, irh := adexRheobase(p)
	tests := []struct {
		name  string
		i     float64
		spike bool
	}{
		{"0.5x_transient", 0.5 * irh0, false},
		{"0.97x_transient", 0.97 * irh0, false},
		{"1.03x_stationary", 1.03 * irh, true},
		{"1.5x_stationary", 1.5 * irh, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			x := neuron.NewAdEx(1, p)
			mustPrepare(t, x, 0.1, 1)
			sp := spikeTrain(t, x, 0.1, 20000, func(int64) { x.Current()[0] = float32(tc.i) })
			late := 0
			for _, s := range sp {
				if s >= 1000 {
					late++
				}
			}
			if tc.spike && late < 2 {
				t.Errorf("I = %.4f nA: got %d spikes in [1, 2) s (%d in all), want tonic firing", tc.i, late, len(sp))
			}
			if !tc.spike && len(sp) != 0 {
				t.Errorf("I = %.4f nA: got %d spikes, want 0", tc.i, len(sp))
			}
		})
	}
}

// TestAdExAdaptation: under a constant 1 nA the Brette & Gerstner (2005)
// unit fires tonically with spike-frequency adaptation: the ISIs grow
// monotonically (within one step) and the last is at least twice the first
// (measured 13.7 ms → 36.0 ms), and the steady ISIs are regular (the last 5
// within one step of each other).
func TestAdExAdaptation(t *testing.T) {
	t.Parallel()
	const dt = 0.1
	p := neuron.DefaultAdEx()
	p.IBias = 1
	x := neuron.NewAdEx(1, p)
	mustPrepare(t, x, dt, 1)
	sp := spikeTrain(t, x, dt, 10000, nil)
	d := isis(sp)
	if len(d) < 10 {
		t.Fatalf("got %d spikes in 1 s, want tonic firing", len(sp))
	}
	t.Logf("%d spikes; ISIs first %.1f ms, last %.1f ms", len(sp), d[0], d[len(d)-1])
	for k := 1; k < len(d); k++ {
		if d[k] < d[k-1]-dt-1e-9 {
			t.Errorf("ISI %d got %v ms, want >= previous %v ms (adaptation)", k, d[k], d[k-1])
		}
	}
	if d[len(d)-1] < 2*d[0] {
		t.Errorf("last ISI got %v ms, want >= 2 × first ISI %v ms", d[len(d)-1], d[0])
	}
	tail := d[len(d)-5:]
	for _, v := range tail {
		if math.Abs(v-tail[0]) > dt+1e-9 {
			t.Errorf("steady ISIs got %v, want within one step of each other", tail)
			break
		}
	}
	// The spike-triggered adaptation b and the subthreshold a keep w > 0.
	if x.W[0] <= 0 {
		t.Errorf("w after 1 s got %v nA, want > 0", x.W[0])
	}
}

// TestAdExLargeInput: large currents and conductances keep the state finite
// and within the bound (no error, no NaN). Forward Euler at h = 0.1 ms is
// stable for a total conductance below 2 Cm/h = 5.6 µS; the conductances
// used stay below that.
func TestAdExLargeInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		current float64 // nA
		g, e    float64 // µS per step arriving, mV
	}{
		{"current_50nA", 50, 0, 0},
		{"current_500nA", 500, 0, 0},
		{"current_-50nA", -50, 0, 0},
		{"exc_conductance", 0, 0.5, 0},
		{"inh_conductance", 0, 0.5, -80},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			x := neuron.NewAdEx(10, neuron.DefaultAdEx())
			r := mustReceptor(t, x, neuron.ExpConductance, 5, tc.e)
			mustPrepare(t, x, 0.1, 1)
			spikes := make([]uint32, 0, 10)
			n := 0
			var err error
			for s := int64(0); s < 5000; s++ {
				for i := range x.Current() {
					x.Current()[i] = float32(tc.current)
				}
				if tc.g > 0 && s%10 == 0 {
					// Keeps the conductance near 0.5/(1-exp(-1/5)) ≈ 2.8 µS.
					for i := range r.Slot(s) {
						r.Slot(s)[i] += float32(tc.g)
					}
				}
				if spikes, err = x.Step(s, spikes[:0]); err != nil {
					t.Fatalf("step %d: %v", s, err)
				}
				n += len(spikes)
				for i := range x.V {
					if v, w := x.V[i], x.W[i]; math.IsNaN(float64(v)) || math.IsNaN(float64(w)) || math.IsInf(float64(w), 0) {
						t.Fatalf("step %d unit %d: V, w got %v, %v, want finite", s, i, v, w)
					}
				}
			}
			t.Logf("%d spikes in 500 ms over 10 units; V[0] = %v mV, w[0] = %v nA", n, x.V[0], x.W[0])
		})
	}
}
