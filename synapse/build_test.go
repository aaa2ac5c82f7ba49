package synapse_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/synapse"
)

// shuffledList is a Connector from outside the package: random pairs in
// random order, with duplicates, drawn from rng (Build goes through its
// pairs).
type shuffledList struct{ n int }

func (c shuffledList) Connect(nPre, nPost int, _ bool, rng *rand.Rand) (pre, post []uint32, err error) {
	for range c.n {
		pre, post = append(pre, uint32(rng.IntN(nPre))), append(post, uint32(rng.IntN(nPost)))
	}
	return pre, post, nil
}

type refCase struct {
	name        string
	c           synapse.Connector
	nPre, nPost int
	same        bool
}

func refCases() []refCase {
	pos := synapse.Grid(12, 12)
	var pairs [][2]int
	r := newRand(77)
	for range 400 {
		pairs = append(pairs, [2]int{r.IntN(20), r.IntN(15)})
	}
	return []refCase{
		{"all_to_all", synapse.AllToAll{}, 40, 30, false},
		{"all_to_all_same", synapse.AllToAll{}, 35, 35, true},
		{"all_to_all_autapses", synapse.AllToAll{Autapses: true}, 35, 35, true},
		{"one_to_one", synapse.OneToOne{}, 50, 50, true},
		{"probability", synapse.FixedProbability{P: 0.05}, 300, 200, false},
		{"probability_same", synapse.FixedProbability{P: 0.1}, 250, 250, true},
		{"probability_autapses", synapse.FixedProbability{P: 0.3}, 100, 100, true},
		{"probability_one", synapse.FixedProbability{P: 1}, 20, 20, true},
		{"probability_zero", synapse.FixedProbability{P: 0}, 20, 20, false},
		{"probability_empty_rows", synapse.FixedProbability{P: 0.002}, 400, 100, false},
		{"in_degree_sparse", synapse.FixedInDegree{N: 20}, 200, 300, false},
		{"in_degree_sparse_same", synapse.FixedInDegree{N: 20}, 200, 200, true},
		{"in_degree_dense", synapse.FixedInDegree{N: 40}, 50, 400, false},
		{"in_degree_dense_same", synapse.FixedInDegree{N: 40}, 50, 50, true},
		{"in_degree_zero", synapse.FixedInDegree{N: 0}, 10, 10, false},
		{"in_degree_huge_range", synapse.FixedInDegree{N: 5}, 1<<22 + 3, 20, false}, // the sampler's set path; large: two combinations of values, one seed
		{"out_degree_long_rows", synapse.FixedOutDegree{N: 150}, 60, 400, false},
		{"out_degree_short_rows", synapse.FixedOutDegree{N: 10}, 100, 400, true},
		{"out_degree_dense_same", synapse.FixedOutDegree{N: 45}, 50, 50, true},
		{"distance", synapse.DistanceProbability{P: 0.5, Sigma: 0.2, Pre: pos, Post: pos}, len(pos), len(pos), true},
		{"distance_periodic", synapse.DistanceProbability{P: 0.7, Sigma: 0.1, Periodic: true, Pre: pos, Post: pos[:100]}, len(pos), 100, false},
		{"total_number", synapse.FixedTotalNumber{N: 3000}, 120, 90, false},
		{"total_number_same", synapse.FixedTotalNumber{N: 3000}, 100, 100, true},
		{"total_number_autapses", synapse.FixedTotalNumber{N: 3000, Autapses: true}, 100, 100, true},
		{"total_number_dense", synapse.FixedTotalNumber{N: 2 * 15 * 12}, 15, 12, false},
		{"total_number_empty_rows", synapse.FixedTotalNumber{N: 150}, 400, 100, true},
		{"total_number_bad", synapse.FixedTotalNumber{N: 4}, 1, 1, true},
		{"from_list", synapse.FromList{Pairs: pairs}, 20, 15, false},
		{"foreign_connector", shuffledList{n: 3000}, 60, 70, false},
		{"probability_bad", synapse.FixedProbability{P: 1.5}, 10, 10, false},
		{"in_degree_bad", synapse.FixedInDegree{N: 10}, 10, 10, true},
		{"one_to_one_bad", synapse.OneToOne{}, 10, 11, false},
	}
}

// TestBuildMatchesReference: Build gives the projection of the old
// algorithm (buildReference) for every connector, constant and random
// weights, constant, byte-sized and wide random delays, per-pair values,
// several seeds: the same offsets, targets, weights and delays in the same
// order, the same errors, and the same random numbers consumed.
func TestBuildMatchesReference(t *testing.T) {
	t.Parallel()
	weights := []struct {
		name string
		d    synapse.Dist
	}{
		{"const", synapse.ConstDist(0.5)},
		{"const_clipped", synapse.Dist{Kind: synapse.Const, A: 3, Clip: true, Lo: 0, Hi: 1}},
		{"uniform", synapse.Dist{Kind: synapse.Uniform, A: -1, B: 2}},
		{"normal_clipped", synapse.Dist{Kind: synapse.Normal, A: 0.5, B: 0.3, Clip: true, Lo: 0.2, Hi: 1}},
		{"per_pair", synapse.Dist{}}, // spec.Weights
	}
	delays := []struct {
		name string
		d    synapse.Dist
	}{
		{"const", synapse.ConstDist(1.5)},
		{"uniform_bytes", synapse.Dist{Kind: synapse.Uniform, A: 0.1, B: 3}},
		{"uniform_wide", synapse.Dist{Kind: synapse.Uniform, A: 0.1, B: 40}},
		{"normal_clipped", synapse.Dist{Kind: synapse.Normal, A: 2, B: 1, Clip: true, Lo: 0.1, Hi: 5}},
		{"per_pair", synapse.Dist{}}, // spec.Delays
		{"below_dt", synapse.Dist{Kind: synapse.Uniform, A: 0.01, B: 0.5}},
	}
	for _, tc := range refCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// The pair count, for per-pair values.
			pre, _, cerr := refConnect(tc.c, tc.nPre, tc.nPost, tc.same, newRand(1))
			few := tc.name == "in_degree_huge_range"
			for _, wc := range weights {
				for _, dc := range delays {
					if (wc.name == "per_pair" || dc.name == "per_pair") && cerr != nil {
						continue
					}
					if few && !(wc.name == "const" && dc.name == "const" || wc.name == "uniform" && dc.name == "uniform_bytes") {
						continue
					}
					for seed := range uint64(3) {
						if few && seed > 0 {
							break
						}
						spec := synapse.Spec{NPre: tc.nPre, NPost: tc.nPost, Same: tc.same, Connector: tc.c, Weight: wc.d, Delay: dc.d}
						if wc.name == "per_pair" || dc.name == "per_pair" {
							if seed != 1 && !isList(tc.c) {
								continue // per-pair values need the pair count: seed 1's for random connectors
							}
							r := newRand(5)
							vals := make([]float64, len(pre))
							for k := range vals {
								vals[k] = 0.1 + 0.1*float64(r.IntN(300))
							}
							if wc.name == "per_pair" {
								spec.Weights = vals
							} else {
								spec.Delays = vals
							}
						}
						what := fmt.Sprintf("weights %s, delays %s, seed %d", wc.name, dc.name, seed)
						compareToReference(t, what, spec, seed)
					}
				}
			}
		})
	}
	// Per-pair values of the wrong length are an error in both.
	spec := synapse.Spec{NPre: 5, NPost: 5, Connector: synapse.AllToAll{}, Weights: []float64{1, 2}, Delay: synapse.ConstDist(1)}
	compareToReference(t, "per-pair weights of the wrong length", spec, 1)
}

func isList(c synapse.Connector) bool {
	switch c.(type) {
	case synapse.FromList, synapse.AllToAll, synapse.OneToOne:
		return true
	}
	return false
}

func compareToReference(t *testing.T, what string, spec synapse.Spec, seed uint64) {
	t.Helper()
	const dt = 0.1
	rngNew, rngRef := newRand(seed), newRand(seed)
	p, err := synapse.Build(spec, dt, rngNew)
	ref, rerr := buildReference(spec, dt, rngRef)
	if (err == nil) != (rerr == nil) {
		t.Fatalf("%s: Build error %v, reference error %v", what, err, rerr)
	}
	if err != nil {
		if err.Error() != rerr.Error() {
			t.Errorf("%s: Build error %q, reference %q", what, err, rerr)
		}
		return
	}
	if !slices.Equal(p.Offsets, ref.Offsets) {
		t.Fatalf("%s: offsets differ", what)
	}
	if !slices.Equal(p.Targets, ref.Targets) {
		t.Fatalf("%s: targets differ", what)
	}
	if p.Len() != len(ref.Targets) || p.NPre != ref.NPre || p.NPost != ref.NPost {
		t.Fatalf("%s: got %d synapses %d x %d, reference %d %d x %d", what, p.Len(), p.NPre, p.NPost, len(ref.Targets), ref.NPre, ref.NPost)
	}
	for k := range p.Len() {
		if math.Float32bits(p.WeightAt(k)) != math.Float32bits(ref.Weights[k]) {
			t.Fatalf("%s: synapse %d weight %v, reference %v", what, k, p.WeightAt(k), ref.Weights[k])
		}
		rd := ref.Delay
		if ref.Delays != nil {
			rd = int(ref.Delays[k])
		}
		if p.DelayAt(k) != rd {
			t.Fatalf("%s: synapse %d delay %d, reference %d", what, k, p.DelayAt(k), rd)
		}
	}
	// Storage: shared values stored once, per-synapse delays in bytes when
	// they fit.
	if sharedW := spec.Weights == nil && spec.Weight.Kind == synapse.Const; sharedW != (p.Weights == nil) {
		t.Errorf("%s: Weights nil %v, want %v", what, p.Weights == nil, sharedW)
	}
	if ref.Delays == nil {
		if p.Delays != nil || p.Delays8 != nil || p.Delay != ref.Delay {
			t.Errorf("%s: shared delay %d: got Delay %d, Delays %v, Delays8 %v", what, ref.Delay, p.Delay, p.Delays != nil, p.Delays8 != nil)
		}
	} else {
		hi := 0
		for _, d := range ref.Delays {
			hi = max(hi, int(d))
		}
		if (hi <= 255) != (p.Delays8 != nil) || (p.Delays8 != nil) == (p.Delays != nil) {
			t.Errorf("%s: longest delay %d: got Delays8 %v, Delays %v", what, hi, p.Delays8 != nil, p.Delays != nil)
		}
		if p.MaxDelaySteps() != hi {
			t.Errorf("%s: MaxDelaySteps %d, want %d", what, p.MaxDelaySteps(), hi)
		}
	}
	if a, b := rngNew.Uint64(), rngRef.Uint64(); a != b {
		t.Errorf("%s: Build and the reference consumed different random numbers", what)
	}
}

// TestPropagateMatchesReference: every storage variant (shared or
// per-synapse weights; shared, byte or wide delays) delivers the same input,
// bit for bit, as the old Propagate and PropagateRates on the old layout,
// including after MaterializeWeights.
func TestPropagateMatchesReference(t *testing.T) {
	t.Parallel()
	const n, dt = 300, 0.1
	for _, wd := range []synapse.Dist{synapse.ConstDist(0.37), {Kind: synapse.Normal, A: 0.5, B: 0.2}} {
		for _, dd := range []synapse.Dist{synapse.ConstDist(0.7), {Kind: synapse.Uniform, A: 0.1, B: 2}, {Kind: synapse.Uniform, A: 0.1, B: 30}} {
			for _, materialize := range []bool{false, true} {
				spec := synapse.Spec{NPre: n, NPost: n, Same: true, Connector: synapse.FixedProbability{P: 0.1}, Weight: wd, Delay: dd}
				ref, err := buildReference(spec, dt, newRand(3))
				if err != nil {
					t.Fatal(err)
				}
				l := neuron.NewLIF(n, neuron.DefaultLIF())
				spec.Receptor, err = l.Receptor(neuron.ExpCurrent, 5, 0)
				if err != nil {
					t.Fatal(err)
				}
				p, err := synapse.Build(spec, dt, newRand(3))
				if err != nil {
					t.Fatal(err)
				}
				if materialize {
					p.MaterializeWeights()
				}
				if err := l.Prepare(dt, p.MaxDelaySteps()); err != nil {
					t.Fatal(err)
				}
				buf, mask := spec.Receptor.Ring()
				want := make([]float32, len(buf))
				what := fmt.Sprintf("weight %v, delay %v, materialized %v", wd, dd, materialize)
				sets := spikeSets(n, 7)
				rates := make([]float32, n)
				for i := range rates {
					rates[i] = float32(i%4) * 0.25
				}
				for step := range int64(40) {
					if ev, rev := p.Propagate(step, sets[step%7]), ref.propagate(want, mask, step, sets[step%7]); ev != rev {
						t.Fatalf("%s: Propagate events %d, reference %d", what, ev, rev)
					}
					if step%5 == 0 {
						if ev, rev := p.PropagateRates(step, rates), ref.propagateRates(want, mask, step, rates); ev != rev {
							t.Fatalf("%s: PropagateRates events %d, reference %d", what, ev, rev)
						}
					}
				}
				for k := range buf {
					if math.Float32bits(buf[k]) != math.Float32bits(want[k]) {
						t.Fatalf("%s: ring[%d] = %v, reference %v", what, k, buf[k], want[k])
					}
				}
			}
		}
	}
}

// TestMaterializeWeights: a shared weight becomes per-synapse weights equal
// to it; per-synapse weights stay as they are.
func TestMaterializeWeights(t *testing.T) {
	t.Parallel()
	spec := synapse.Spec{NPre: 20, NPost: 20, Connector: synapse.FixedProbability{P: 0.3}, Weight: synapse.ConstDist(0.25), Delay: synapse.ConstDist(1)}
	p, err := synapse.Build(spec, 0.1, newRand(1))
	if err != nil {
		t.Fatal(err)
	}
	if p.Weights != nil || p.Weight != 0.25 {
		t.Fatalf("constant weight: got Weights %v, Weight %v; want nil and 0.25", p.Weights, p.Weight)
	}
	w := p.MaterializeWeights()
	if len(w) != p.Len() || &w[0] != &p.Weights[0] {
		t.Fatalf("MaterializeWeights gave %d weights (Weights %d), want %d, the same slice", len(w), len(p.Weights), p.Len())
	}
	for k, v := range w {
		if v != 0.25 {
			t.Fatalf("weight %d = %v, want 0.25", k, v)
		}
	}
	w[0] = 9
	if p.MaterializeWeights()[0] != 9 || p.WeightAt(0) != 9 {
		t.Errorf("a second MaterializeWeights replaced the weights")
	}
}

// TestBytes: Bytes counts the struct and the slices' capacity; a static
// synapse costs its 4-byte target plus its share of Offsets, a random
// weight 4 bytes more, a byte delay 1 more.
func TestBytes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		w, d   synapse.Dist
		perSyn int64
	}{
		{"shared", synapse.ConstDist(1), synapse.ConstDist(1), 4},
		{"weights", synapse.Dist{Kind: synapse.Uniform, A: 0, B: 1}, synapse.ConstDist(1), 8},
		{"weights_byte_delays", synapse.Dist{Kind: synapse.Uniform, A: 0, B: 1}, synapse.Dist{Kind: synapse.Uniform, A: 0.1, B: 2}, 9},
		{"wide_delays", synapse.ConstDist(1), synapse.Dist{Kind: synapse.Uniform, A: 0.1, B: 100}, 6},
	} {
		spec := synapse.Spec{Name: "x", NPre: 100, NPost: 50, Connector: synapse.AllToAll{}, Weight: tc.w, Delay: tc.d}
		p, err := synapse.Build(spec, 0.1, newRand(1))
		if err != nil {
			t.Fatal(err)
		}
		fixed := (&synapse.Projection{Name: "x"}).Bytes()
		if got, want := p.Bytes(), fixed+101*8+tc.perSyn*5000; got != want {
			t.Errorf("%s: Bytes got %d, want %d (%d fixed + offsets + %d per synapse)", tc.name, got, want, fixed, tc.perSyn)
		}
	}
}
