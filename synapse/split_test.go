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

// TestSplitTargetsGroup: the views SplitTargetsGroup makes of several
// projections from one source (sharing one table of row bounds) have the
// same rows, source by source and range by range, as SplitTargets makes of
// each projection alone.
func TestSplitTargetsGroup(t *testing.T) {
	t.Parallel()
	var projs []*synapse.Projection
	var bounds [][]int
	for q, post := range []int{1000, 250, 7} {
		l := neuron.NewLIF(post, neuron.DefaultLIF())
		r, _ := l.Receptor(neuron.ExpCurrent, 5, 0)
		if err := l.Prepare(0.1, 1); err != nil {
			t.Fatal(err)
		}
		p, err := synapse.Build(synapse.Spec{NPre: 300, NPost: post, Connector: synapse.FixedProbability{P: 0.2},
			Weight: synapse.ConstDist(1), Delay: synapse.ConstDist(0.1), Receptor: r}, 0.1, rand.New(rand.NewPCG(uint64(q), 3)))
		if err != nil {
			t.Fatal(err)
		}
		projs = append(projs, p)
		bounds = append(bounds, []int{0, post / 3, post / 2, post})
	}
	group := synapse.SplitTargetsGroup(projs, bounds)
	for q, p := range projs {
		alone := p.SplitTargets(bounds[q])
		for k := range alone {
			for i := 0; i < p.NPre; i++ {
				// One spike of source i through both views: the same targets.
				lo, hi := synapse.RowOf(alone[k], i)
				glo, ghi := synapse.RowOf(group[q][k], i)
				if lo != glo || hi != ghi {
					t.Fatalf("projection %d range %d source %d: group row [%d, %d), alone [%d, %d)", q, k, i, glo, ghi, lo, hi)
				}
			}
		}
	}
}
