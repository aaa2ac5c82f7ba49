package synapse_test

import (
	"testing"

	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/synapse"
)

// benchProjection builds n → n with connection probability p into an
// exponential current receptor, with a constant or a per-synapse delay.
func benchProjection(tb testing.TB, n int, p float64, perSynapse bool) *synapse.Projection {
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
	spec := synapse.Spec{NPre: n, NPost: n, Same: true, Connector: synapse.FixedProbability{P: p},
		Weight: synapse.Dist{Kind: synapse.Normal, A: 0.01, B: 0.002}, Delay: delay, Receptor: r}
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

func benchmarkPropagate(b *testing.B, perSynapse bool) {
	proj := benchProjection(b, 4000, 0.1, perSynapse)
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
// sources spiking per step, constant delay.
func BenchmarkPropagate(b *testing.B) { benchmarkPropagate(b, false) }

// BenchmarkPropagateDelays: the same with per-synapse delays.
func BenchmarkPropagateDelays(b *testing.B) { benchmarkPropagate(b, true) }

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

// TestPropagateAllocs: Propagate and PropagateRates allocate nothing.
func TestPropagateAllocs(t *testing.T) {
	for _, perSynapse := range []bool{false, true} {
		proj := benchProjection(t, 500, 0.1, perSynapse)
		sets := spikeSets(500, 100)
		rates := make([]float32, 500)
		for i := range rates {
			rates[i] = float32(i%3) * 0.5
		}
		var st int64
		if a := testing.AllocsPerRun(200, func() { proj.Propagate(st, sets[st%100]); st++ }); a != 0 {
			t.Errorf("per-synapse delays %v: Propagate got %v allocs, want 0", perSynapse, a)
		}
		if a := testing.AllocsPerRun(200, func() { proj.PropagateRates(st, rates); st++ }); a != 0 {
			t.Errorf("per-synapse delays %v: PropagateRates got %v allocs, want 0", perSynapse, a)
		}
	}
}
