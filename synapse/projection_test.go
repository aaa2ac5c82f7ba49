package synapse_test

import (
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/synapse"
)

// checkCSR verifies the CSR invariants of p and that its synapses are
// exactly the connector's pairs (as a multiset).
func checkCSR(t *testing.T, p *synapse.Projection, pre, post []uint32) {
	t.Helper()
	if len(p.Offsets) != p.NPre+1 || p.Offsets[0] != 0 || p.Offsets[p.NPre] != p.Len() {
		t.Fatalf("Offsets: len %d, first %d, last %d; want len %d, 0, %d", len(p.Offsets), p.Offsets[0], p.Offsets[len(p.Offsets)-1], p.NPre+1, p.Len())
	}
	if (p.Weights != nil && len(p.Weights) != p.Len()) || (p.Delays != nil && len(p.Delays) != p.Len()) ||
		(p.Delays8 != nil && len(p.Delays8) != p.Len()) || (p.Delays != nil && p.Delays8 != nil) {
		t.Fatalf("got %d targets, %d weights, %d delays, %d byte delays", p.Len(), len(p.Weights), len(p.Delays), len(p.Delays8))
	}
	got := map[uint64]int{}
	for i := 0; i < p.NPre; i++ {
		lo, hi := p.Offsets[i], p.Offsets[i+1]
		if hi < lo {
			t.Fatalf("Offsets not monotone at source %d: %d > %d", i, lo, hi)
		}
		if !slices.IsSorted(p.Targets[lo:hi]) {
			t.Fatalf("row %d not sorted by target: %v", i, p.Targets[lo:hi])
		}
		for _, j := range p.Targets[lo:hi] {
			if int(j) >= p.NPost {
				t.Fatalf("row %d: target %d >= %d", i, j, p.NPost)
			}
			got[pairKey(uint32(i), j)]++
		}
	}
	want := map[uint64]int{}
	for k := range pre {
		want[pairKey(pre[k], post[k])]++
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("projection synapses differ from the connector's pairs (%d vs %d distinct)", len(got), len(want))
	}
}

func meanStd(x []float32) (m, s float64) {
	for _, v := range x {
		m += float64(v)
	}
	m /= float64(len(x))
	for _, v := range x {
		s += (float64(v) - m) * (float64(v) - m)
	}
	return m, math.Sqrt(s / float64(len(x)-1))
}

// TestBuildCSR: CSR invariants for every connector, including the random
// row order of FixedOutDegree (long rows) and FromList (duplicates kept,
// in the list's order within a target).
func TestBuildCSR(t *testing.T) {
	t.Parallel()
	pos := synapse.Grid(10, 10)
	tests := []struct {
		name      string
		c         synapse.Connector
		nPre, nPo int
		same      bool
	}{
		{"all_to_all", synapse.AllToAll{}, 30, 40, false},
		{"one_to_one", synapse.OneToOne{}, 50, 50, true},
		{"probability", synapse.FixedProbability{P: 0.1}, 300, 200, false},
		{"in_degree", synapse.FixedInDegree{N: 30}, 200, 300, true},
		{"out_degree_long_rows", synapse.FixedOutDegree{N: 150}, 100, 400, false},
		{"out_degree_short_rows", synapse.FixedOutDegree{N: 10}, 100, 400, false},
		{"distance", synapse.DistanceProbability{P: 0.5, Sigma: 0.2, Pre: pos, Post: pos}, 100, 100, true},
		{"from_list", synapse.FromList{Pairs: [][2]int{{1, 3}, {0, 2}, {1, 0}, {1, 3}, {2, 1}}}, 4, 4, false},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			spec := synapse.Spec{NPre: tc.nPre, NPost: tc.nPo, Same: tc.same, Connector: tc.c,
				Weight: synapse.Dist{Kind: synapse.Uniform, A: 0, B: 1}, Delay: synapse.Dist{Kind: synapse.Uniform, A: 1, B: 5}}
			// The connector's pairs, drawn from the same stream Build uses first.
			pre, post, err := tc.c.Connect(tc.nPre, tc.nPo, tc.same, newRand(uint64(i)))
			if err != nil {
				t.Fatal(err)
			}
			p, err := synapse.Build(spec, 0.1, newRand(uint64(i)))
			if err != nil {
				t.Fatal(err)
			}
			checkCSR(t, p, pre, post)
			if p.Delays8 == nil || p.Delays != nil {
				t.Fatalf("uniform delays of 10 to 50 steps: got Delays8 %v, Delays %v; want per-synapse delays in bytes", p.Delays8 != nil, p.Delays != nil)
			}
			for k := range p.Len() {
				if d := p.DelayAt(k); d < 10 || d > 50 {
					t.Fatalf("synapse %d: delay %d steps, want in [10, 50] (round([1, 5) ms / 0.1 ms))", k, d)
				}
			}
		})
	}
}

// TestBuildRowOrder: sorting a row carries each synapse's weight and delay
// with its target, and synapses to one target keep the connector's order.
func TestBuildRowOrder(t *testing.T) {
	t.Parallel()
	for _, n := range []int{5, 100} { // insertion sort and sort.Stable
		var pairs [][2]int
		var w, d []float64
		for k := 0; k < n; k++ {
			j := (k * 37) % (n / 2) // every target twice, scrambled
			pairs = append(pairs, [2]int{0, j})
			w = append(w, float64(k))             // weight = position in the list
			d = append(d, 0.1*float64(1+j%7+k%3)) // delay depends on both
		}
		spec := synapse.Spec{NPre: 1, NPost: n / 2, Connector: synapse.FromList{Pairs: pairs}, Weights: w, Delays: d}
		p, err := synapse.Build(spec, 0.1, newRand(1))
		if err != nil {
			t.Fatal(err)
		}
		for q := range p.Targets {
			k := int(p.Weights[q])
			if int(p.Targets[q]) != pairs[k][1] || p.DelayAt(q) != 1+pairs[k][1]%7+k%3 {
				t.Fatalf("n=%d slot %d: target %d, weight %v, delay %d do not belong together", n, q, p.Targets[q], p.Weights[q], p.DelayAt(q))
			}
			if q > 0 && p.Targets[q] == p.Targets[q-1] && p.Weights[q] < p.Weights[q-1] {
				t.Fatalf("n=%d: synapses to target %d not in list order", n, p.Targets[q])
			}
		}
	}
}

// clampedNormalMean is the mean of min(max(X, lo), hi), X ~ N(mu, sigma²)
// (Dist's clip clamps, like Brian2's clip()): the mass below lo sits at lo,
// above hi at hi, and the middle contributes the partial mean
// mu (Φ(β) - Φ(α)) + sigma (φ(α) - φ(β)), α = (lo-mu)/sigma,
// β = (hi-mu)/sigma (the censored normal; Johnson, Kotz & Balakrishnan,
// Continuous Univariate Distributions, vol. 1, §13.10).
func clampedNormalMean(mu, sigma, lo, hi float64) float64 {
	phi := func(x float64) float64 { return math.Exp(-x*x/2) / math.Sqrt(2*math.Pi) }
	cdf := func(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }
	a, b := (lo-mu)/sigma, (hi-mu)/sigma
	return lo*cdf(a) + hi*(1-cdf(b)) + mu*(cdf(b)-cdf(a)) + sigma*(phi(a)-phi(b))
}

// TestBuildWeights: weights drawn from Dist have the distribution's mean
// within 5 standard errors (sd/sqrt(m)) and, for the unclipped ones, the
// standard deviation within 5 standard errors (sd·sqrt(2/m), exact for a
// normal and larger than the uniform's sd·sqrt(0.8/m)); uniform within
// [A, B); the clipped normal within [Lo, Hi] with the clamped-normal mean
// (clampedNormalMean) and the clamped mass at the bounds.
func TestBuildWeights(t *testing.T) {
	t.Parallel()
	const m = 100000 // all_to_all 400 x 250
	tests := []struct {
		name     string
		d        synapse.Dist
		mean, sd float64
		lo, hi   float64
	}{
		{"const", synapse.ConstDist(0.25), 0.25, 0, 0.25, 0.25},
		{"uniform", synapse.Dist{Kind: synapse.Uniform, A: 0.2, B: 0.6}, 0.4, 0.4 / math.Sqrt(12), 0.2, 0.6},
		{"normal", synapse.Dist{Kind: synapse.Normal, A: 0.5, B: 0.1}, 0.5, 0.1, math.Inf(-1), math.Inf(1)},
		{"clipped_normal", synapse.Dist{Kind: synapse.Normal, A: 0.5, B: 0.3, Clip: true, Lo: 0.2, Hi: 1.0},
			clampedNormalMean(0.5, 0.3, 0.2, 1.0), math.NaN(), 0.2, 1.0},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			spec := synapse.Spec{NPre: 400, NPost: 250, Connector: synapse.AllToAll{}, Weight: tc.d, Delay: synapse.ConstDist(1)}
			p, err := synapse.Build(spec, 0.1, newRand(uint64(i)))
			if err != nil {
				t.Fatal(err)
			}
			if p.Len() != m {
				t.Fatalf("got %d synapses, want %d", p.Len(), m)
			}
			if (p.Weights == nil) != (tc.d.Kind == synapse.Const) {
				t.Fatalf("got per-synapse weights %v, want them only for a random distribution", p.Weights != nil)
			}
			if p.Weights == nil && p.Weight != float32(tc.d.A) {
				t.Fatalf("shared weight got %v, want %v", p.Weight, tc.d.A)
			}
			p.MaterializeWeights()
			for k, w := range p.Weights {
				if float64(w) < float64(float32(tc.lo)) || float64(w) > float64(float32(tc.hi)) || (tc.d.Kind == synapse.Uniform && float64(w) >= tc.hi) {
					t.Fatalf("weight %d = %v outside [%v, %v]", k, w, tc.lo, tc.hi)
				}
			}
			mean, sd := meanStd(p.Weights)
			scale := tc.sd
			if math.IsNaN(scale) {
				scale = sd // clipped: use the sample's own spread for the SE
			}
			se := scale / math.Sqrt(m)
			t.Logf("mean %.5f (want %.5f ± %.2g), sd %.5f (want %.5f)", mean, tc.mean, se, sd, tc.sd)
			if math.Abs(mean-tc.mean) > 5*se+1e-7 {
				t.Errorf("mean got %v, want %v ± %v (5 SE)", mean, tc.mean, 5*se)
			}
			if !math.IsNaN(tc.sd) && math.Abs(sd-tc.sd) > 5*tc.sd*math.Sqrt(2.0/m)+1e-7 {
				t.Errorf("sd got %v, want %v ± %v", sd, tc.sd, 5*tc.sd*math.Sqrt(2.0/m))
			}
			if tc.d.Clip {
				// P(X < 0.2) = Φ(-1) = 0.1587 of the draws are clamped to
				// 0.2; binomial sd sqrt(m p (1-p)) = 116.
				at := 0
				for _, w := range p.Weights {
					if w == float32(tc.lo) {
						at++
					}
				}
				want := 0.5 * math.Erfc(1/math.Sqrt2) * m
				if math.Abs(float64(at)-want) > 5*math.Sqrt(want*(1-want/m)) {
					t.Errorf("weights at the lower clip got %d, want %.0f", at, want)
				}
			}
		})
	}
}

// TestBuildDelays: a constant delay is stored once in Delay (Delays nil),
// rounded to steps; a delay below dt is an error; per-synapse delays
// round to steps >= 1.
func TestBuildDelays(t *testing.T) {
	t.Parallel()
	const dt = 0.1
	tests := []struct {
		name    string
		delay   synapse.Dist
		want    int // steps, for constant delays
		wantErr bool
	}{
		{"one_step", synapse.ConstDist(0.1), 1, false},
		{"1.5ms", synapse.ConstDist(1.5), 15, false},
		{"0.3ms_rounding", synapse.ConstDist(0.3), 3, false}, // 0.3/0.1 = 2.9999999999999996
		{"0.14ms_rounds_down", synapse.ConstDist(0.14), 1, false},
		{"0.16ms_rounds_up", synapse.ConstDist(0.16), 2, false},
		{"0.06ms_below_dt", synapse.ConstDist(0.06), 0, true}, // would round to 1 step
		{"0.05ms_below_dt", synapse.ConstDist(0.05), 0, true},
		{"zero", synapse.ConstDist(0), 0, true},
		{"negative", synapse.ConstDist(-1), 0, true},
		{"nan", synapse.ConstDist(math.NaN()), 0, true},
		{"too_long", synapse.ConstDist(7000), 0, true}, // 70000 steps > 65535
		{"uniform_below_dt", synapse.Dist{Kind: synapse.Uniform, A: 0.01, B: 0.09}, 0, true},
		{"const_clipped_up", synapse.Dist{Kind: synapse.Const, A: 0.05, Clip: true, Lo: 0.2, Hi: 1}, 2, false},
	}
	for _, tc := range tests {
		spec := synapse.Spec{NPre: 5, NPost: 5, Connector: synapse.AllToAll{}, Weight: synapse.ConstDist(1), Delay: tc.delay}
		p, err := synapse.Build(spec, dt, newRand(1))
		if tc.wantErr {
			if err == nil {
				t.Errorf("%s: got nil error, want one (delay %v ms, dt %v ms)", tc.name, tc.delay, dt)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if p.Delays != nil || p.Delays8 != nil || p.Delay != tc.want || p.MaxDelaySteps() != tc.want || p.MinDelaySteps() != tc.want {
			t.Errorf("%s: got Delay %d (Delays %v, Delays8 %v), want %d steps", tc.name, p.Delay, p.Delays, p.Delays8, tc.want)
		}
	}
	// Per-synapse: normal delays clipped to [0.1, 2] ms.
	spec := synapse.Spec{NPre: 50, NPost: 50, Connector: synapse.AllToAll{}, Weight: synapse.ConstDist(1),
		Delay: synapse.Dist{Kind: synapse.Normal, A: 1, B: 0.5, Clip: true, Lo: 0.1, Hi: 2}}
	p, err := synapse.Build(spec, dt, newRand(2))
	if err != nil {
		t.Fatal(err)
	}
	if p.Delays8 == nil || p.Delays != nil {
		t.Fatalf("delays of 1 to 20 steps: got Delays8 %v, Delays %v; want bytes", p.Delays8 != nil, p.Delays != nil)
	}
	hi, lo := 0, 1000
	for k, d := range p.Delays8 {
		if d < 1 || d > 20 {
			t.Fatalf("synapse %d: delay %d steps, want in [1, 20]", k, d)
		}
		hi, lo = max(hi, int(d)), min(lo, int(d))
	}
	if p.MaxDelaySteps() != hi || p.MinDelaySteps() != lo || p.Delay != lo {
		t.Errorf("MaxDelaySteps got %d, MinDelaySteps %d, Delay %d; want %d, %d, %d", p.MaxDelaySteps(), p.MinDelaySteps(), p.Delay, hi, lo, lo)
	}
	// Delays beyond 255 steps take uint16, also when the first ones fit a
	// byte (the bytes are widened).
	spec.Delay = synapse.Dist{Kind: synapse.Uniform, A: 0.1, B: 40}
	if p, err = synapse.Build(spec, dt, newRand(2)); err != nil {
		t.Fatal(err)
	}
	if p.Delays == nil || p.Delays8 != nil {
		t.Fatalf("delays of 1 to 400 steps: got Delays8 %v, Delays %v; want uint16", p.Delays8 != nil, p.Delays != nil)
	}
	if p.Delays[0] > 255 {
		t.Errorf("first delay %d: want one below 256 to test the widening (change the seed)", p.Delays[0])
	}
	if hi := p.MaxDelaySteps(); hi <= 255 || hi > 400 {
		t.Errorf("MaxDelaySteps got %d, want in (255, 400]", hi)
	}
	// from_list delays override the distribution; lengths must match.
	list := synapse.FromList{Pairs: [][2]int{{0, 0}, {1, 0}}}
	p, err = synapse.Build(synapse.Spec{NPre: 2, NPost: 1, Connector: list, Weights: []float64{0.5, -1}, Delays: []float64{0.2, 1}}, dt, newRand(1))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.Delays8, []uint8{2, 10}) || !slices.Equal(p.Weights, []float32{0.5, -1}) {
		t.Errorf("from_list: got delays %v weights %v, want [2 10] and [0.5 -1]", p.Delays8, p.Weights)
	}
	if _, err := synapse.Build(synapse.Spec{NPre: 2, NPost: 1, Connector: list, Weights: []float64{1}}, dt, newRand(1)); err == nil {
		t.Errorf("from_list with 2 pairs and 1 weight: got nil error, want one")
	}
	if _, err := synapse.Build(synapse.Spec{NPre: 2, NPost: 1, Connector: list, Weight: synapse.ConstDist(1), Delays: []float64{1, 0.05}}, dt, newRand(1)); err == nil {
		t.Errorf("from_list delay 0.05 ms at dt 0.1 ms: got nil error, want one")
	}
}

// TestBuildSeed: the same seed gives an identical projection; another seed
// another one.
func TestBuildSeed(t *testing.T) {
	t.Parallel()
	spec := synapse.Spec{NPre: 300, NPost: 300, Same: true, Connector: synapse.FixedProbability{P: 0.05},
		Weight: synapse.Dist{Kind: synapse.Normal, A: 1, B: 0.2}, Delay: synapse.Dist{Kind: synapse.Uniform, A: 0.5, B: 3}}
	build := func(seed uint64) *synapse.Projection {
		p, err := synapse.Build(spec, 0.1, newRand(seed))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	a, b, c := build(3), build(3), build(4)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("same seed: projections differ")
	}
	if reflect.DeepEqual(a, c) {
		t.Errorf("different seeds: identical projections")
	}
}

// testProjection builds a projection 3 → 4 from a list with the given
// delays (nil: constant 0.3 ms = 3 steps) into a fresh LIF receptor with
// room for 8 steps of delay.
func testProjection(t *testing.T, delays []float64) (*synapse.Projection, *neuron.Receptor) {
	t.Helper()
	l := neuron.NewLIF(4, neuron.DefaultLIF())
	r, err := l.Receptor(neuron.ExpCurrent, 5, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Prepare(0.1, 8); err != nil {
		t.Fatal(err)
	}
	pairs := [][2]int{{0, 1}, {0, 3}, {1, 0}, {1, 3}, {1, 3}, {2, 2}}
	spec := synapse.Spec{NPre: 3, NPost: 4, Connector: synapse.FromList{Pairs: pairs},
		Weights: []float64{0.5, 1, 2, 4, 8, 16}, Delays: delays, Delay: synapse.ConstDist(0.3), Receptor: r}
	p, err := synapse.Build(spec, 0.1, newRand(1))
	if err != nil {
		t.Fatal(err)
	}
	return p, r
}

// TestPropagateConstDelay: spikes of sources 0 and 1 at step 5 with a delay
// of 3 steps add their weights into slot 8 (duplicate synapses add up);
// every other slot stays empty.
func TestPropagateConstDelay(t *testing.T) {
	t.Parallel()
	p, r := testProjection(t, nil)
	if p.Delays != nil || p.Delays8 != nil || p.Delay != 3 {
		t.Fatalf("got Delay %d, Delays %v, Delays8 %v, want 3 and nil", p.Delay, p.Delays, p.Delays8)
	}
	if ev := p.Propagate(5, []uint32{0, 1}); ev != 5 {
		t.Errorf("events got %d, want 5", ev)
	}
	want := []float32{2, 0.5, 0, 1 + 4 + 8}
	// The ring holds the steps after 5 up to 5+MaxDelay.
	for s := int64(6); s <= 5+int64(r.MaxDelay()); s++ {
		got := r.Slot(s)
		w := []float32{0, 0, 0, 0}
		if s == 8 {
			w = want
		}
		if !slices.Equal(got, w) {
			t.Errorf("slot %d got %v, want %v", s, got, w)
		}
	}
}

// TestPropagatePerSynapseDelay: each synapse's weight lands delay steps
// after the spike, also across the ring's wrap-around.
func TestPropagatePerSynapseDelay(t *testing.T) {
	t.Parallel()
	delays := []float64{0.1, 0.2, 0.3, 0.4, 0.4, 0.8} // steps 1, 2, 3, 4, 4, 8
	p, r := testProjection(t, delays)
	const t0 = 13 // wraps: slots 14..21 on a ring of 16
	if ev := p.Propagate(t0, []uint32{0, 1, 2}); ev != 6 {
		t.Errorf("events got %d, want 6", ev)
	}
	want := map[int64][]float32{
		t0 + 1: {0, 0.5, 0, 0},
		t0 + 2: {0, 0, 0, 1},
		t0 + 3: {2, 0, 0, 0},
		t0 + 4: {0, 0, 0, 12},
		t0 + 8: {0, 0, 16, 0},
	}
	for s := int64(t0 + 1); s <= t0+int64(r.MaxDelay()); s++ {
		w, ok := want[s]
		if !ok {
			w = []float32{0, 0, 0, 0}
		}
		if got := r.Slot(s); !slices.Equal(got, w) {
			t.Errorf("slot for step %d got %v, want %v", s, got, w)
		}
	}
}

// TestPropagateRates: rate sources send weight × rate every step.
func TestPropagateRates(t *testing.T) {
	t.Parallel()
	for _, delays := range [][]float64{nil, {0.3, 0.3, 0.3, 0.3, 0.3, 0.3}} {
		p, r := testProjection(t, delays)
		if ev := p.PropagateRates(2, []float32{0.5, 0, 2}); ev != 3 {
			t.Errorf("events got %d, want 3 (source 1 has rate 0)", ev)
		}
		if got, want := r.Slot(5), []float32{0, 0.25, 32, 0.5}; !slices.Equal(got, want) {
			t.Errorf("delays %v: slot 5 got %v, want %v", delays, got, want)
		}
	}
}

// TestDist: Sample, Min, Max, Scale and String.
func TestDist(t *testing.T) {
	t.Parallel()
	rng := newRand(1)
	u := synapse.Dist{Kind: synapse.Uniform, A: 1, B: 3}
	n := synapse.Dist{Kind: synapse.Normal, A: 1, B: 0.5, Clip: true, Lo: 0, Hi: 2}
	if u.Min() != 1 || u.Max() != 3 || n.Min() != 0 || n.Max() != 2 {
		t.Errorf("Min/Max got %v %v %v %v, want 1 3 0 2", u.Min(), u.Max(), n.Min(), n.Max())
	}
	if m := (synapse.Dist{Kind: synapse.Normal, A: 0, B: 1}).Min(); m > -1e300 {
		t.Errorf("unclipped normal Min got %v, want about -1e308", m)
	}
	us := u.Scale(-2)
	if us.Kind != synapse.Uniform || us.A != -6 || us.B != -2 {
		t.Errorf("uniform(1, 3) × -2 got %+v, want uniform(-6, -2)", us)
	}
	ns := n.Scale(-2)
	if ns.A != -2 || ns.B != 1 || ns.Lo != -4 || ns.Hi != 0 {
		t.Errorf("clipped normal × -2 got %+v, want mean -2, sd 1, clip [-4, 0]", ns)
	}
	for range 1000 {
		if v := us.Sample(rng); v < -6 || v >= -2 {
			t.Fatalf("scaled uniform sample %v outside [-6, -2)", v)
		}
		if v := ns.Sample(rng); v < -4 || v > 0 {
			t.Fatalf("scaled clipped normal sample %v outside [-4, 0]", v)
		}
	}
	// Clipping clamps (Brian2's clip()).
	far := synapse.Dist{Kind: synapse.Normal, A: 0, B: 1, Clip: true, Lo: 50, Hi: 60}
	if v := far.Sample(rng); v != 50 {
		t.Errorf("normal(0, 1) clipped to [50, 60] got %v, want 50", v)
	}
	if v := (synapse.Dist{Kind: synapse.Const, A: 5, Clip: true, Lo: 0, Hi: 1}).Sample(rng); v != 1 {
		t.Errorf("const 5 clipped to [0, 1] got %v, want 1", v)
	}
	for _, tc := range []struct {
		d    synapse.Dist
		want string
	}{
		{synapse.ConstDist(0.5), "0.5"},
		{u, "uniform(1, 3)"},
		{n, "normal(1, 0.5) clipped to [0, 2]"},
	} {
		if got := tc.d.String(); got != tc.want {
			t.Errorf("String got %q, want %q", got, tc.want)
		}
	}
}

// TestStaticRule: the static rule is a no-op with a name.
func TestStaticRule(t *testing.T) {
	t.Parallel()
	var r synapse.Rule = synapse.Static{}
	if r.Name() != "static" {
		t.Errorf("Name got %q, want \"static\"", r.Name())
	}
	p, _ := testProjection(t, nil)
	w := slices.Clone(p.Weights)
	r.OnPre(p, 0, []uint32{0})
	r.OnPost(p, 0, []uint32{1})
	r.Step(p, 0, &synapse.Modulators{})
	if !slices.Equal(w, p.Weights) {
		t.Errorf("static rule changed weights")
	}
}
