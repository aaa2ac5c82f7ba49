package experiment

import (
	"math"
	"testing"
)

// TestBrunelStates runs the shipped brunel network (Brunel 2000, model A:
// 12,500 LIF neurons, delta synapses) at the four points of the paper's
// Fig. 8 for 500 ms each and classifies the excitatory population by its
// synchrony (the CV of its spike count per 0.5 ms bin) and its units' CV
// of ISI: SR (g 3, ν_ext/ν_thr 2), AI (5, 2), SI with a fast oscillation
// (6, 4: above 100 Hz) and SI with a slow one (4.5, 0.9: below 50 Hz).
// The AI rate must also match the mean-field (Siegert) rate of the
// paper's theory at that point, 37.9 Hz, within 5%.
func TestBrunelStates(t *testing.T) {
	if testing.Short() {
		t.Skip("four 12,500-neuron networks")
	}
	for _, c := range []struct {
		name           string
		g, eta         string
		state          string
		oscLo, oscHi   float64
		rateLo, rateHi float64
	}{
		{"SR", "3", "2", "SR", 100, 1000, 0, math.Inf(1)},
		{"AI", "5", "2", "AI", 0, math.Inf(1), 37.9 * 0.95, 37.9 * 1.05},
		{"SI_fast", "6", "4", "SI", 100, 1000, 0, math.Inf(1)},
		{"SI_slow", "4.5", "0.9", "SI", 5, 50, 0, math.Inf(1)},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := run(t, load(t, "brunel", "g="+c.g, "eta="+c.eta, "experiment.duration=500ms"))
			p := r.Populations[0]
			if p.Population != "net.exc" {
				t.Fatalf("first population %s", p.Population)
			}
			t.Logf("%s: rate %.2f Hz, cv_isi %.3f, sync %.2f, osc %.0f Hz: %s", c.name, p.RateHz, p.CVISI, p.Sync, p.OscHz, p.State)
			if p.State != c.state {
				t.Errorf("state %q, want %q (sync %.2f, cv_isi %.3f)", p.State, c.state, p.Sync, p.CVISI)
			}
			if c.state != "AI" && !(p.OscHz >= c.oscLo && p.OscHz <= c.oscHi) {
				t.Errorf("oscillation at %.0f Hz, want within [%g, %g] Hz", p.OscHz, c.oscLo, c.oscHi)
			}
			if !(p.RateHz >= c.rateLo && p.RateHz <= c.rateHi) {
				t.Errorf("rate %.2f Hz, want within [%.2f, %.2f] Hz", p.RateHz, c.rateLo, c.rateHi)
			}
		})
	}
}
