package synapse_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"testing"

	"github.com/brainsim/brainsim/synapse"
)

// countVariance checks that counts, the numbers of the N pairs that fall
// on each of k equally likely values, have the multinomial mean N/k
// (exactly: they sum to N) and the binomial variance N·(1/k)·(1-1/k): the
// mean square deviation from N/k, v = Σ(c - N/k)²/k, has that expectation,
// and k·v/(N/k) is Pearson's chi-square with k-1 degrees of freedom, of
// standard deviation sqrt(2(k-1)(1-1/N)) (the CLT tolerance: 5 of those).
func countVariance(t *testing.T, what string, counts []int, n int) {
	t.Helper()
	k := float64(len(counts))
	e := float64(n) / k
	sum, ss := 0, 0.0
	for _, c := range counts {
		sum += c
		ss += (float64(c) - e) * (float64(c) - e)
	}
	if sum != n {
		t.Fatalf("%s: counts sum to %d, want %d", what, sum, n)
	}
	if k < 2 {
		return
	}
	v, want := ss/k, e*(1-1/k)
	tol := 5 * e / k * math.Sqrt(2*(k-1)*(1-1/float64(n)))
	t.Logf("%s: mean %.2f, variance %.2f, want %.2f ± %.2f", what, float64(sum)/k, v, want, tol/5)
	if math.Abs(v-want) > tol {
		t.Errorf("%s: variance %v, want %v ± %v (5 sd)", what, v, want, tol)
	}
}

// TestFixedTotalNumber: exactly N pairs, in range, no autapses when they
// are off; per-source and per-target counts with the binomial mean and
// variance; the pairs uniform over the allowed pairs (chi-square of the
// pair counts, small populations); multapses at the rate of independent
// draws (the number of distinct pairs among N uniform draws from M
// allowed ones within 5 sd of its mean M(1-(1-1/M)^N), see occupied);
// certainly when N > M.
func TestFixedTotalNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		nPre, nPost int
		n           int
		same, aut   bool
	}{
		{"sparse", 300, 200, 5000, false, false},
		{"sparse_same", 200, 200, 8000, true, false},
		{"same_autapses", 150, 150, 9000, true, true},
		{"square_not_same", 150, 150, 9000, false, false}, // i == j is no autapse between two populations
		{"dense", 20, 15, 2 * 20 * 15, false, false},
		{"dense_same", 12, 12, 2 * 12 * 12, true, false},
		{"pairs", 10, 8, 80000, false, false},
		{"pairs_same", 9, 9, 72000, true, false},
		{"large_ranges", 70000, 90001, 200000, false, false},
		{"one_source", 1, 50, 1000, true, false},
		{"one_unit_autapses", 1, 1, 10, true, true},
		{"zero", 10, 10, 0, true, false},
		{"zero_empty", 0, 0, 0, false, false},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := synapse.FixedTotalNumber{N: tc.n, Autapses: tc.aut}
			noAut := tc.same && !tc.aut
			pre, post, err := c.Connect(tc.nPre, tc.nPost, tc.same, newRand(uint64(i)+300))
			if err != nil {
				t.Fatal(err)
			}
			if len(pre) != tc.n {
				t.Fatalf("got %d pairs, want %d", len(pre), tc.n)
			}
			in, out := checkPairs(t, pre, post, tc.nPre, tc.nPost, noAut, true)
			if tc.n == 0 {
				return
			}
			// Without autapses a pair is uniform over i != j: still
			// uniform in the source and in the target.
			countVariance(t, "per-source counts", out, tc.n)
			countVariance(t, "per-target counts", in, tc.n)

			// The pairs: uniform over the allowed ones, and multapses.
			cells := tc.nPre * tc.nPost
			if noAut {
				cells -= min(tc.nPre, tc.nPost)
			}
			count := map[uint64]int{}
			for k := range pre {
				count[pairKey(pre[k], post[k])]++
			}
			mult := tc.n - len(count) // draws that repeat a pair
			want, sd := occupied(cells, tc.n)
			t.Logf("%d distinct pairs of %d allowed (%d multapse draws), want %.1f ± %.1f", len(count), cells, mult, want, sd)
			if math.Abs(float64(len(count))-want) > 5*sd+1 {
				t.Errorf("%d distinct pairs, want %v ± %v (5 sd): multapses not at the rate of independent draws", len(count), want, 5*sd)
			}
			if tc.n > cells && mult == 0 {
				t.Errorf("N = %d > %d pairs but no pair repeated", tc.n, cells)
			}
			if cells <= 100 && len(count) < cells {
				t.Errorf("only %d of %d allowed pairs drawn", len(count), cells)
			}
			if cells <= 100 {
				full := make([]int, 0, cells)
				for _, c := range count {
					full = append(full, c)
				}
				countVariance(t, "per-pair counts", full, tc.n)
			}
		})
	}
}

// occupied is the mean and standard deviation of the number of distinct
// values among n independent uniform draws from m (the occupancy problem):
// with a = (1-1/m)^n and b = (1-2/m)^n, the empty values have mean m·a
// and variance m·a + m(m-1)·b - m²a² = m·a(1-a) + m(m-1)(b - a²),
// computed through logarithms so that large m keep their precision.
func occupied(m, n int) (mean, sd float64) {
	if m == 1 {
		return 1, 0 // n > 0
	}
	M, N := float64(m), float64(n)
	la := N * math.Log1p(-1/M)
	a := math.Exp(la)
	baa := a * a * math.Expm1(N*(math.Log1p(-2/M)-2*math.Log1p(-1/M))) // b - a²
	v := M*a*-math.Expm1(la) + M*(M-1)*baa
	return M * -math.Expm1(la), math.Sqrt(max(v, 0))
}

// TestFixedTotalNumberErrors: a negative N, a non-empty N with nothing to
// draw from, N within one unit without autapses.
func TestFixedTotalNumberErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		c           synapse.FixedTotalNumber
		nPre, nPost int
		same        bool
	}{
		{synapse.FixedTotalNumber{N: -1}, 10, 10, false},
		{synapse.FixedTotalNumber{N: 5}, 0, 10, false},
		{synapse.FixedTotalNumber{N: 5}, 10, 0, false},
		{synapse.FixedTotalNumber{N: 5}, 1, 1, true},
		{synapse.FixedTotalNumber{N: math.MaxUint32 + 1}, 10, 10, false},
	} {
		if _, _, err := tc.c.Connect(tc.nPre, tc.nPost, tc.same, newRand(1)); err == nil {
			t.Errorf("%+v %d x %d same %v: Connect gave no error", tc.c, tc.nPre, tc.nPost, tc.same)
		}
		spec := synapse.Spec{NPre: tc.nPre, NPost: tc.nPost, Same: tc.same, Connector: tc.c, Weight: synapse.ConstDist(1), Delay: synapse.ConstDist(1)}
		if _, err := synapse.Build(spec, 0.1, newRand(1)); err == nil {
			t.Errorf("%+v %d x %d same %v: Build gave no error", tc.c, tc.nPre, tc.nPost, tc.same)
		}
	}
}

// pairsOnly hides a connector's type, so that Build takes its generic path
// through Connect's pairs.
type pairsOnly struct{ c synapse.Connector }

func (w pairsOnly) Connect(nPre, nPost int, same bool, rng *rand.Rand) (pre, post []uint32, err error) {
	return w.c.Connect(nPre, nPost, same, rng)
}

// TestFixedTotalNumberBuild: Build's streaming path gives exactly the
// projection of the generic path through Connect's pairs (offsets,
// targets, weights and delays in the same places, the same random numbers
// consumed) for constant, random, byte and wide values; N synapses; the
// same seed the same projection, another seed another.
func TestFixedTotalNumberBuild(t *testing.T) {
	t.Parallel()
	dists := []struct{ w, d synapse.Dist }{
		{synapse.ConstDist(0.5), synapse.ConstDist(1.5)},
		{synapse.Dist{Kind: synapse.Normal, A: 0.5, B: 0.1}, synapse.ConstDist(1.5)},
		{synapse.ConstDist(0.5), synapse.Dist{Kind: synapse.Uniform, A: 0.1, B: 3}},
		{synapse.Dist{Kind: synapse.Normal, A: 87.8, B: 8.8, Clip: true, Lo: 0, Hi: 1e9}, synapse.Dist{Kind: synapse.Normal, A: 1.5, B: 0.75, Clip: true, Lo: 0.1, Hi: 1e9}},
		{synapse.Dist{Kind: synapse.Uniform, A: -1, B: 1}, synapse.Dist{Kind: synapse.Uniform, A: 0.1, B: 40}},
	}
	shapes := []struct {
		nPre, nPost, n int
		same, aut      bool
	}{
		{400, 300, 20000, false, false},
		{300, 300, 30000, true, false},
		{300, 300, 30000, true, true},
		{30, 20, 1200, false, false}, // dense: every pair twice on average
		{500, 40, 300, true, false},  // rows with 0 or 1 synapse
		{10, 10, 0, false, false},
	}
	for si, sh := range shapes {
		for di, dd := range dists {
			spec := synapse.Spec{NPre: sh.nPre, NPost: sh.nPost, Same: sh.same,
				Connector: synapse.FixedTotalNumber{N: sh.n, Autapses: sh.aut}, Weight: dd.w, Delay: dd.d}
			for seed := range uint64(2) {
				what := fmt.Sprintf("%d -> %d, N %d, same %v, autapses %v, values %d, seed %d", sh.nPre, sh.nPost, sh.n, sh.same, sh.aut, di, seed)
				rs, rg := newRand(seed+10*uint64(si)), newRand(seed+10*uint64(si))
				p, err := synapse.Build(spec, 0.1, rs)
				if err != nil {
					t.Fatal(err)
				}
				g := spec
				g.Connector = pairsOnly{spec.Connector}
				q, err := synapse.Build(g, 0.1, rg)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(p, q) {
					t.Fatalf("%s: the streaming Build differs from the generic one", what)
				}
				if rs.Uint64() != rg.Uint64() {
					t.Fatalf("%s: the two paths consumed different random numbers", what)
				}
				if p.Len() != sh.n || p.Offsets[sh.nPre] != sh.n {
					t.Fatalf("%s: got %d synapses, want %d", what, p.Len(), sh.n)
				}
				pre, post, err := spec.Connector.Connect(sh.nPre, sh.nPost, sh.same, newRand(seed+10*uint64(si)))
				if err != nil {
					t.Fatal(err)
				}
				checkCSR(t, p, pre, post)
			}
			a, err := synapse.Build(spec, 0.1, newRand(7))
			if err != nil {
				t.Fatal(err)
			}
			b, err := synapse.Build(spec, 0.1, newRand(7))
			if err != nil {
				t.Fatal(err)
			}
			c, err := synapse.Build(spec, 0.1, newRand(8))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(a, b) {
				t.Errorf("shape %d values %d: the same seed gave different projections", si, di)
			}
			if sh.n > 0 && reflect.DeepEqual(a, c) {
				t.Errorf("shape %d values %d: different seeds gave identical projections", si, di)
			}
		}
	}
}

// TestFixedTotalNumberDeterminism: Connect gives the same pairs for the
// same seed and takes exactly two words from the rng whatever N.
func TestFixedTotalNumberDeterminism(t *testing.T) {
	t.Parallel()
	c := synapse.FixedTotalNumber{N: 10000}
	p1, q1, _ := c.Connect(100, 80, true, newRand(5))
	p2, q2, _ := c.Connect(100, 80, true, newRand(5))
	if !slices.Equal(p1, p2) || !slices.Equal(q1, q2) {
		t.Errorf("same seed: different pairs")
	}
	p3, _, _ := c.Connect(100, 80, true, newRand(6))
	if slices.Equal(p1, p3) {
		t.Errorf("different seeds: identical pairs")
	}
	for _, n := range []int{0, 1, 10000} {
		r, ref := newRand(9), newRand(9)
		if _, _, err := (synapse.FixedTotalNumber{N: n}).Connect(100, 80, false, r); err != nil {
			t.Fatal(err)
		}
		ref.Uint64()
		ref.Uint64()
		if r.Uint64() != ref.Uint64() {
			t.Errorf("N = %d: Connect did not take exactly two words from the rng", n)
		}
	}
}

// BenchmarkBuildFixedTotalNumber builds 20e6 synapses between 20k and 20k
// units of one population without autapses (the size of the largest
// projections of the Potjans & Diesmann microcircuit), with a constant
// weight and delay, or with normal weights and normal delays (clipped, as
// in the microcircuit), and reports the time per synapse, the bytes per
// synapse the projection keeps (Bytes) and the bytes per synapse Build
// allocates in all (kept and transient).
func BenchmarkBuildFixedTotalNumber(b *testing.B) {
	const n, total = 20000, 20_000_000
	for _, random := range []bool{false, true} {
		name := "values=const"
		spec := synapse.Spec{NPre: n, NPost: n, Same: true, Connector: synapse.FixedTotalNumber{N: total},
			Weight: synapse.ConstDist(87.8), Delay: synapse.ConstDist(1.5)}
		if random {
			name = "values=normal"
			spec.Weight = synapse.Dist{Kind: synapse.Normal, A: 87.8, B: 8.78, Clip: true, Lo: 0, Hi: 1e9}
			spec.Delay = synapse.Dist{Kind: synapse.Normal, A: 1.5, B: 0.75, Clip: true, Lo: 0.1, Hi: 1e9}
		}
		b.Run(name, func(b *testing.B) {
			var bytes int64
			var ms0, ms1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms0)
			for b.Loop() {
				p, err := synapse.Build(spec, 0.1, newRand(1))
				if err != nil {
					b.Fatal(err)
				}
				bytes = p.Bytes()
			}
			runtime.ReadMemStats(&ms1)
			ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			b.ReportMetric(ns/total, "ns/synapse")
			b.ReportMetric(float64(bytes)/total, "bytes/synapse")
			b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/float64(b.N)/total, "alloc-bytes/synapse")
		})
	}
}
