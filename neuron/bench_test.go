package neuron_test

import (
	"math/rand/v2"
	"testing"

	"github.com/brainsim/brainsim/neuron"
)

// benchLIF makes a prepared LIF population of n units with two exponential current
// receptors (exc 5 ms, inh 10 ms), a bias that keeps it firing, and random
// input in flight.
func benchLIF(tb testing.TB, n int, cond bool) (*neuron.LIF, []*neuron.Receptor) {
	p := neuron.DefaultLIF()
	p.IBias = 0.2 // above rheobase 0.1875 nA: periodic firing
	l := neuron.NewLIF(n, p)
	kind := neuron.ExpCurrent
	if cond {
		kind = neuron.ExpConductance
	}
	re := mustReceptor(tb, l, kind, 5, 0)
	ri := mustReceptor(tb, l, kind, 10, -80)
	mustPrepare(tb, l, 0.1, 16)
	rng := rand.New(rand.NewPCG(1, 1))
	for i := range l.V {
		l.V[i] = float32(-65 + 15*rng.Float64())
		re.X[i] = float32(0.01 * rng.Float64())
		ri.X[i] = float32(0.01 * rng.Float64())
	}
	return l, []*neuron.Receptor{re, ri}
}

// benchmarkStep times Step of pop, feeding each step a little input into
// every receptor, and reports neuron-steps per second.
func benchmarkStep(b *testing.B, pop neuron.Population, recs []*neuron.Receptor) {
	spikes := make([]uint32, 0, pop.Len())
	var err error
	b.ReportAllocs()
	b.ResetTimer()
	t := int64(0)
	for b.Loop() {
		for _, r := range recs {
			r.Slot(t)[int(t)%pop.Len()] += 0.01
		}
		if spikes, err = pop.Step(t, spikes[:0]); err != nil {
			b.Fatal(err)
		}
		t++
	}
	b.ReportMetric(float64(pop.Len())*float64(b.N)/b.Elapsed().Seconds(), "neuron-steps/s")
}

// BenchmarkLIFStep: 4000 units, two current receptors (exact propagators).
func BenchmarkLIFStep(b *testing.B) {
	l, recs := benchLIF(b, 4000, false)
	benchmarkStep(b, l, recs)
}

// BenchmarkLIFStepCond: 4000 units, two conductance receptors (exponential
// Euler).
func BenchmarkLIFStepCond(b *testing.B) {
	l, recs := benchLIF(b, 4000, true)
	benchmarkStep(b, l, recs)
}

func BenchmarkIzhikevichStep(b *testing.B) {
	rs, _ := neuron.LookupIzhikevich("RS")
	z := neuron.NewIzhikevich(4000, rs)
	z.IBias = 10
	r := mustReceptor(b, z, neuron.ExpCurrent, 5, 0)
	mustPrepare(b, z, 0.1, 16)
	benchmarkStep(b, z, []*neuron.Receptor{r})
}

func BenchmarkAdExStep(b *testing.B) {
	p := neuron.DefaultAdEx()
	p.IBias = 1
	x := neuron.NewAdEx(4000, p)
	r := mustReceptor(b, x, neuron.ExpConductance, 5, 0)
	mustPrepare(b, x, 0.1, 16)
	benchmarkStep(b, x, []*neuron.Receptor{r})
}

func BenchmarkPoissonStep(b *testing.B) {
	s := neuron.NewPoisson(4000, 20, rand.New(rand.NewPCG(1, 1)))
	mustPrepare(b, s, 0.1, 1)
	benchmarkStep(b, s, nil)
}

// TestStepAllocs: Step allocates nothing once the population is prepared
// and the spike slice has capacity for every unit.
func TestStepAllocs(t *testing.T) {
	rs, _ := neuron.LookupIzhikevich("RS")
	pops := []struct {
		name string
		make func() (neuron.Population, []*neuron.Receptor)
	}{
		{"lif_current", func() (neuron.Population, []*neuron.Receptor) { return benchLIF(t, 500, false) }},
		{"lif_conductance", func() (neuron.Population, []*neuron.Receptor) { return benchLIF(t, 500, true) }},
		{"izhikevich", func() (neuron.Population, []*neuron.Receptor) {
			z := neuron.NewIzhikevich(500, rs)
			z.IBias = 10
			r1 := mustReceptor(t, z, neuron.ExpCurrent, 5, 0)
			r2 := mustReceptor(t, z, neuron.ExpConductance, 5, -80)
			r3 := mustReceptor(t, z, neuron.Delta, 0, 0)
			mustPrepare(t, z, 0.1, 16)
			return z, []*neuron.Receptor{r1, r2, r3}
		}},
		{"adex", func() (neuron.Population, []*neuron.Receptor) {
			p := neuron.DefaultAdEx()
			p.IBias = 1
			x := neuron.NewAdEx(500, p)
			r1 := mustReceptor(t, x, neuron.ExpCurrent, 5, 0)
			r2 := mustReceptor(t, x, neuron.ExpConductance, 5, 0)
			mustPrepare(t, x, 0.1, 16)
			return x, []*neuron.Receptor{r1, r2}
		}},
		{"rate", func() (neuron.Population, []*neuron.Receptor) {
			r := neuron.NewRate(500, neuron.RateParams{Tau: 10, Transfer: neuron.Sigmoid, Gain: 1}, 0)
			r1 := mustReceptor(t, r, neuron.Instant, 0, 0)
			r2 := mustReceptor(t, r, neuron.ExpCurrent, 5, 0)
			mustPrepare(t, r, 0.1, 16)
			return r, []*neuron.Receptor{r1, r2}
		}},
		{"poisson", func() (neuron.Population, []*neuron.Receptor) {
			s := neuron.NewPoisson(500, 100, rand.New(rand.NewPCG(1, 1)))
			mustPrepare(t, s, 0.1, 16)
			return s, nil
		}},
	}
	for _, tc := range pops {
		pop, recs := tc.make()
		spikes := make([]uint32, 0, pop.Len())
		var st int64
		var err error
		allocs := testing.AllocsPerRun(200, func() {
			for _, r := range recs {
				r.Slot(st)[int(st)%pop.Len()] += 0.01
			}
			spikes, err = pop.Step(st, spikes[:0])
			st++
		})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if allocs != 0 {
			t.Errorf("%s.Step: got %v allocs per step, want 0", tc.name, allocs)
		}
	}
}
