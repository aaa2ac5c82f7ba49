package synapse

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/brainsim/brainsim/neuron"
)

// BenchmarkDeliverDelayed delivers spikes through 8 microcircuit-like
// projections (20,000 → 20,000, out-degree 490, normal weights, delays
// 1.5 ± 0.75 ms clipped to [0.1, 6]: 78 M synapses; 6 spikes a step into
// each) with and without touching every spiking row first (touchRows).
// The touch made it slower in 7 of 8 runs, by 4-37% (83-127 against
// 106-147 µs per step, 2026-12-07), which is why Prefetch skips
// projections with per-synapse delays.
func BenchmarkDeliverDelayed(b *testing.B) {
	const n = 20000
	l := neuron.NewLIF(n, neuron.DefaultLIF())
	r, _ := l.Receptor(neuron.ExpCurrent, 0.5, 0)
	if err := l.Prepare(0.1, 64); err != nil {
		b.Fatal(err)
	}
	var projs []*Projection
	for q := range 8 {
		p, err := Build(Spec{NPre: n, NPost: n, Connector: FixedProbability{P: 490.0 / n},
			Weight: Dist{Kind: Normal, A: 0.1, B: 0.01}, Delay: Dist{Kind: Normal, A: 1.5, B: 0.75, Clip: true, Lo: 0.1, Hi: 6},
			Receptor: r}, 0.1, rand.New(rand.NewPCG(uint64(q+1), 1)))
		if err != nil {
			b.Fatal(err)
		}
		projs = append(projs, p)
	}
	srng := rand.New(rand.NewPCG(9, 9))
	sets := make([][]uint32, 5000)
	for k := range sets {
		for range 6 {
			sets[k] = append(sets[k], uint32(srng.IntN(n)))
		}
		slices.Sort(sets[k])
	}
	for _, touch := range []bool{false, true} {
		name := "notouch"
		if touch {
			name = "touch"
		}
		b.Run(name, func(b *testing.B) {
			t := int64(0)
			for b.Loop() {
				sp := sets[t%5000]
				if touch {
					for _, p := range projs {
						p.touched += touchRows(p, sp)
					}
				}
				for _, p := range projs {
					p.PropagatePrefetched(t, sp)
				}
				t++
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/step")
		})
	}
}
