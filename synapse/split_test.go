package synapse_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/synapse"
)

// TestSplitTargets: the views of a projection split by target range, each
// delivering all spikes, put into every target exactly what the whole
// projection puts there (same bits), for shared and per-synapse weights and
// delays; every view touches only its own targets.
func TestSplitTargets(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		weight synapse.Dist
		delay  synapse.Dist
	}{
		{"shared", synapse.ConstDist(0.7), synapse.ConstDist(0.1)},
		{"weights", synapse.Dist{Kind: synapse.Normal, A: 1, B: 0.3}, synapse.ConstDist(0.1)},
		{"delays", synapse.ConstDist(0.7), synapse.Dist{Kind: synapse.Uniform, A: 0.1, B: 0.8}},
	} {
		mk := func() (*synapse.Projection, *neuron.Receptor) {
			l := neuron.NewLIF(1000, neuron.DefaultLIF())
			r, _ := l.Receptor(neuron.ExpCurrent, 5, 0)
			if err := l.Prepare(0.1, 8); err != nil {
				t.Fatal(err)
			}
			p, err := synapse.Build(synapse.Spec{NPre: 500, NPost: 1000, Connector: synapse.FixedProbability{P: 0.1},
				Weight: c.weight, Delay: c.delay, Receptor: r}, 0.1, rand.New(rand.NewPCG(1, 2)))
			if err != nil {
				t.Fatal(err)
			}
			return p, r
		}
		whole, rw := mk()
		split, rs := mk()
		bounds := []int{0, 300, 512, 1000}
		views := split.SplitTargets(bounds)
		spikes := []uint32{3, 17, 17, 99, 250, 499}
		var evWhole, evViews int64
		for step := int64(0); step < 3; step++ {
			evWhole += whole.Propagate(step, spikes)
			for k, v := range views {
				before, _ := rs.Ring()
				before = slices.Clone(before)
				evViews += v.Propagate(step, spikes)
				after, _ := rs.Ring()
				for i := range after {
					if j := i % 1000; (j < bounds[k] || j >= bounds[k+1]) && after[i] != before[i] {
						t.Fatalf("%s: view %d wrote target %d outside [%d, %d)", c.name, k, j, bounds[k], bounds[k+1])
					}
				}
			}
		}
		a, _ := rw.Ring()
		b, _ := rs.Ring()
		if !slices.Equal(a, b) {
			t.Errorf("%s: the views deliver other input than the whole projection", c.name)
		}
		if evWhole != evViews {
			t.Errorf("%s: %d events whole, %d through the views", c.name, evWhole, evViews)
		}
	}
}
