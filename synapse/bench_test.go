package synapse_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/synapse"
)

// benchProjection builds n → n with connection probability p into an
// exponential current receptor: weights normal(0.01, 0.002) or the constant
// 0.01 (static), delays the constant 1.5 ms or uniform in [0.1, 3) ms.
func benchProjection(tb testing.TB, n int, p float64, perSynapse, static bool) *synapse.Projection {
	tb.Helper()
	l := neuron.NewLIF(n, neuron.DefaultLIF())
	r, err := l.Receptor(neuron.ExpCurrent, 5, 0)
	if err != nil {
		tb.Fatal(err)
	}
	if err := l.Prepare(0.1, 32); err != nil {
		tb.Fatal(err)
	}
	delay := synapse.ConstDist(1.5)
	if perSynapse {
		delay = synapse.Dist{Kind: synapse.Uniform, A: 0.1, B: 3}
	}
	weight := synapse.Dist{Kind: synapse.Normal, A: 0.01, B: 0.002}
	if static {
		weight = synapse.ConstDist(0.01)
	}
	spec := synapse.Spec{NPre: n, NPost: n, Same: true, Connector: synapse.FixedProbability{P: p},
		Weight: weight, Delay: delay, Receptor: r}
	proj, err := synapse.Build(spec, 0.1, newRand(1))
	if err != nil {
		tb.Fatal(err)
	}
	return proj
}

// spikeSets returns k rotating sets of spikes, each with every 100th unit
// (1% of n spiking per step).
func spikeSets(n, k int) [][]uint32 {
	sets := make([][]uint32, k)
	for s := range sets {
		for i := s; i < n; i += 100 {
			sets[s] = append(sets[s], uint32(i))
		}
	}
	return sets
}

func benchmarkPropagate(b *testing.B, perSynapse, static bool) {
	proj := benchProjection(b, 4000, 0.1, perSynapse, static)
	sets := spikeSets(4000, 100)
	var ev int64
	b.ReportAllocs()
	b.ResetTimer()
	t := int64(0)
	for b.Loop() {
		ev += proj.Propagate(t, sets[t%100])
		t++
	}
	b.ReportMetric(float64(ev)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkPropagate: 4000 → 4000 at p = 0.1 (1.6e6 synapses), 1% of the
// sources spiking per step, normal weights, constant delay.
func BenchmarkPropagate(b *testing.B) { benchmarkPropagate(b, false, false) }

// BenchmarkPropagateDelays: the same with per-synapse delays.
func BenchmarkPropagateDelays(b *testing.B) { benchmarkPropagate(b, true, false) }

// BenchmarkPropagateStatic: the same with a constant weight and delay
// (CUBA's synapses: one shared weight, the hot case).
func BenchmarkPropagateStatic(b *testing.B) { benchmarkPropagate(b, false, true) }

// BenchmarkPropagateStaticDelays: a constant weight, per-synapse delays.
func BenchmarkPropagateStaticDelays(b *testing.B) { benchmarkPropagate(b, true, true) }

// BenchmarkPropagateCUBA256k: the exc → exc projection of a CUBA-like
// network of 256k neurons (204800 → 204800, p = 80/256000: 13.1e6
// synapses, out-degree 64, far beyond the caches), constant or normal
// weights, constant delay; 0.1% of the sources spike per step (CUBA fires
// at about 6 Hz: 0.06% per 0.1 ms step), at random.
func BenchmarkPropagateCUBA256k(b *testing.B) {
	for _, random := range []bool{false, true} {
		name := "weights=const"
		if random {
			name = "weights=normal"
		}
		b.Run(name, func(b *testing.B) {
			spec := cubaSpecs(256000, random)[0]
			l := neuron.NewLIF(spec.NPost, neuron.DefaultLIF())
			r, err := l.Receptor(neuron.ExpCurrent, 5, 0)
			if err != nil {
				b.Fatal(err)
			}
			if err := l.Prepare(0.1, 1); err != nil {
				b.Fatal(err)
			}
			spec.Receptor = r
			proj, err := synapse.Build(spec, 0.1, newRand(1))
			if err != nil {
				b.Fatal(err)
			}
			rng := newRand(2)
			sets := make([][]uint32, 100)
			for k := range sets {
				for range spec.NPre / 1000 {
					sets[k] = append(sets[k], uint32(rng.IntN(spec.NPre)))
				}
				slices.Sort(sets[k])
			}
			var ev int64
			b.ReportAllocs()
			b.ResetTimer()
			t := int64(0)
			for b.Loop() {
				ev += proj.Propagate(t, sets[t%100])
				t++
			}
			b.ReportMetric(float64(ev)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// BenchmarkBuildFixedOutDegree builds 2000 → 2000 with out-degree 1000:
// rows come in random order from the connector and must be sorted.
func BenchmarkBuildFixedOutDegree(b *testing.B) {
	spec := synapse.Spec{NPre: 2000, NPost: 2000, Connector: synapse.FixedOutDegree{N: 1000},
		Weight: synapse.ConstDist(1), Delay: synapse.ConstDist(1)}
	for b.Loop() {
		if _, err := synapse.Build(spec, 0.1, newRand(1)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildFixedOutDegreeWeights: the same with random weights, which
// the row sort carries along.
func BenchmarkBuildFixedOutDegreeWeights(b *testing.B) {
	spec := synapse.Spec{NPre: 2000, NPost: 2000, Connector: synapse.FixedOutDegree{N: 1000},
		Weight: synapse.Dist{Kind: synapse.Uniform, A: 0, B: 1}, Delay: synapse.ConstDist(1)}
	for b.Loop() {
		if _, err := synapse.Build(spec, 0.1, newRand(1)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildFixedInDegree builds 20000 → 20000 with in-degree 80
// (1.6e6 synapses), constant weight and delay: pairs come by target and
// are transposed into rows.
func BenchmarkBuildFixedInDegree(b *testing.B) {
	spec := synapse.Spec{NPre: 20000, NPost: 20000, Same: true, Connector: synapse.FixedInDegree{N: 80},
		Weight: synapse.ConstDist(1), Delay: synapse.ConstDist(1)}
	for b.Loop() {
		if _, err := synapse.Build(spec, 0.1, newRand(1)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(80*20000), "ns/synapse")
}

// cubaSpecs are the 4 projections of a CUBA-like network of n neurons
// (Brette et al. 2007): 4:1 excitatory and inhibitory, every pair connected
// with probability 80/n (in-degree 80), constant delay of one step, and
// constant weights or, with random, normal ones (10% sd).
func cubaSpecs(n int, random bool) []synapse.Spec {
	exc := n * 4 / 5
	size := map[string]int{"exc": exc, "inh": n - exc}
	var specs []synapse.Spec
	for _, from := range []string{"exc", "inh"} {
		w := 0.27
		if from == "inh" {
			w = -4.5
		}
		wd := synapse.ConstDist(w)
		if random {
			wd = synapse.Dist{Kind: synapse.Normal, A: w, B: 0.1 * max(w, -w)}
		}
		for _, to := range []string{"exc", "inh"} {
			specs = append(specs, synapse.Spec{Name: from + "->" + to, NPre: size[from], NPost: size[to], Same: from == to,
				Connector: synapse.FixedProbability{P: 80 / float64(n)}, Weight: wd, Delay: synapse.ConstDist(0.1)})
		}
	}
	return specs
}

// BenchmarkBuildCUBA builds the 4 projections of a CUBA-like network of
// 16k, 64k and 256k neurons (in-degree 80: 1.3e6 to 20.5e6 synapses) and
// reports the build time per synapse and the resident bytes per synapse.
func BenchmarkBuildCUBA(b *testing.B) {
	for _, n := range []int{16000, 64000, 256000} {
		for _, random := range []bool{false, true} {
			name := fmt.Sprintf("n=%dk/weights=const", n/1000)
			if random {
				name = fmt.Sprintf("n=%dk/weights=normal", n/1000)
			}
			b.Run(name, func(b *testing.B) {
				var syn, bytes int64
				for b.Loop() {
					syn, bytes = 0, 0
					for k, spec := range cubaSpecs(n, random) {
						p, err := synapse.Build(spec, 0.1, newRand(uint64(k)))
						if err != nil {
							b.Fatal(err)
						}
						syn += int64(p.Len())
						bytes += p.Bytes()
					}
				}
				ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
				b.ReportMetric(float64(syn), "synapses")
				b.ReportMetric(ns/float64(syn), "ns/synapse")
				b.ReportMetric(float64(bytes)/float64(syn), "bytes/synapse")
			})
		}
	}
}

// TestPropagateAllocs: Propagate and PropagateRates allocate nothing, in
// every storage variant.
func TestPropagateAllocs(t *testing.T) {
	for _, static := range []bool{false, true} {
		for _, perSynapse := range []bool{false, true} {
			proj := benchProjection(t, 500, 0.1, perSynapse, static)
			sets := spikeSets(500, 100)
			rates := make([]float32, 500)
			for i := range rates {
				rates[i] = float32(i%3) * 0.5
			}
			var st int64
			if a := testing.AllocsPerRun(200, func() { proj.Propagate(st, sets[st%100]); st++ }); a != 0 {
				t.Errorf("static %v, per-synapse delays %v: Propagate got %v allocs, want 0", static, perSynapse, a)
			}
			if a := testing.AllocsPerRun(200, func() { proj.PropagateRates(st, rates); st++ }); a != 0 {
				t.Errorf("static %v, per-synapse delays %v: PropagateRates got %v allocs, want 0", static, perSynapse, a)
			}
		}
	}
}

// BenchmarkDeliverCUBA64k delivers one step of spikes of a 64k CUBA-like
// network (the 4 projections of cubaSpecs, constant weights; 35 spikes a
// step, about CUBA's 5.5 Hz) the way the sharded loop does: every row of
// every projection touched first (Prefetch), then delivered. whole: the
// unsharded projections; half: one shard's views (SplitTargets in the
// middle of each target population), which every shard of two runs.
func BenchmarkDeliverCUBA64k(b *testing.B) {
	const n = 64000
	specs := cubaSpecs(n, false)
	exc := n * 4 / 5
	l := map[string]*neuron.LIF{"exc": neuron.NewLIF(exc, neuron.DefaultLIF()), "inh": neuron.NewLIF(n-exc, neuron.DefaultLIF())}
	rec := map[string]*neuron.Receptor{}
	for _, pop := range []string{"exc", "inh"} {
		r, _ := l[pop].Receptor(neuron.ExpCurrent, 5, 0)
		if err := l[pop].Prepare(0.1, 1); err != nil {
			b.Fatal(err)
		}
		rec[pop] = r
	}
	var whole, half []*synapse.Projection
	var from []int
	rng := newRand(1)
	for _, spec := range specs {
		src, dst, _ := strings.Cut(spec.Name, "->")
		spec.Receptor = rec[dst]
		p, err := synapse.Build(spec, 0.1, rng)
		if err != nil {
			b.Fatal(err)
		}
		whole = append(whole, p)
		half = append(half, p.SplitTargets([]int{0, spec.NPost / 2, spec.NPost})[0])
		from = append(from, map[string]int{"exc": 0, "inh": 1}[src])
	}
	srng := newRand(2)
	var sets [5000][2][]uint32
	for k := range sets {
		for range 35 {
			u := srng.IntN(n)
			if u < exc {
				sets[k][0] = append(sets[k][0], uint32(u))
			} else {
				sets[k][1] = append(sets[k][1], uint32(u-exc))
			}
		}
		slices.Sort(sets[k][0])
		slices.Sort(sets[k][1])
	}
	for _, c := range []struct {
		name  string
		projs []*synapse.Projection
	}{{"whole", whole}, {"half", half}} {
		b.Run(c.name, func(b *testing.B) {
			t := int64(0)
			for b.Loop() {
				sp := &sets[t%5000]
				for q, p := range c.projs {
					p.Prefetch(sp[from[q]])
				}
				for q, p := range c.projs {
					p.Propagate(t, sp[from[q]])
				}
				t++
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/step")
		})
	}
}
