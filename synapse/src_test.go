package synapse

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/neuron"
)

// TestTadrosGate checks the weight dependence 2(1 − 1/(1+e^(−w/0.001))) of
// the SRC rule at 0, in its saturated ends and where it is cut off.
func TestTadrosGate(t *testing.T) {
	for _, c := range []struct{ w, want, tol float32 }{
		{0, 1, 1e-6}, {-0.01, 2, 1e-4}, {0.01, 2 * 4.54e-5, 1e-6}, {1, 0, 0}, {-1, 2, 0},
	} {
		if g := tadrosGate(c.w); g < c.want-c.tol || g > c.want+c.tol {
			t.Errorf("tadrosGate(%v) = %v, want %v", c.w, g, c.want)
		}
	}
}

// TestSRCRule checks the rule by hand on a 3 → 2 all-to-all projection
// with delays of 0 and 2 steps: a target's spike at t grows the synapses
// whose source spiked at t − 1 − d and shrinks the others, by Inc·f(w)
// and Dec·f(w), whatever order OnPre and OnPost come in.
func TestSRCRule(t *testing.T) {
	for _, delay := range []float64{0, 2} {
		for _, factor := range []SRCFactor{FactorTadros, FactorSigmoid} {
			rec := &neuron.Receptor{Kind: neuron.Pulse}
			r := &SRC{Inc: 0.5, Dec: 0.25, Factor: factor}
			p, err := Build(Spec{Name: "p", NPre: 3, NPost: 2, Connector: AllToAll{}, Weight: ConstDist(0),
				Delay: ConstDist(delay), ZeroDelay: true, Receptor: rec, Rule: r}, 1, nil)
			if err != nil {
				t.Fatal(err)
			}
			for k := range p.Weights {
				p.Weights[k] = []float32{-0.2, 0, 0.001, 0.3, -0.001, 0.02}[k]
			}
			w0 := append([]float32(nil), p.Weights...)
			d := int64(delay)
			// Source 1 spiked at 9 − d (drives the post spike at 10); source
			// 0 at 8 − d and source 2 at 10 − d (do not).
			r.OnPre(p, 8-d, []uint32{0})
			r.OnPre(p, 9-d, []uint32{1})
			r.OnPre(p, 10-d, []uint32{2}) // too late for the spike at 10
			r.OnPost(p, 10, []uint32{1})
			f := func(w float32) float32 {
				if factor == FactorTadros {
					return float32(2 / (1 + math.Exp(1000*float64(w))))
				}
				return float32(1 / (1 + math.Exp(-float64(w))))
			}
			for i := range 3 {
				for k := p.Offsets[i]; k < p.Offsets[i+1]; k++ {
					want := w0[k]
					if p.Targets[k] == 1 {
						if i == 1 {
							want += 0.5 * f(w0[k])
						} else {
							want -= 0.25 * f(w0[k])
						}
					}
					if math.Abs(float64(p.Weights[k]-want)) > 1e-6 {
						t.Errorf("delay %g, factor %d: w[%d→%d] = %g, want %g", delay, factor, i, p.Targets[k], p.Weights[k], want)
					}
				}
			}
		}
	}
}
