package synapse_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/brainsim/brainsim/synapse"
)

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 1)) }

// pairKey packs (pre, post) for set membership.
func pairKey(i, j uint32) uint64 { return uint64(i)<<32 | uint64(j) }

// checkPairs verifies the basic contract of a connector's output: equal
// lengths, indices in range, no duplicate pairs (unless dupOK), and no
// autapses when noAutapses. It returns in- and out-degrees.
func checkPairs(t *testing.T, pre, post []uint32, nPre, nPost int, noAutapses, dupOK bool) (in, out []int) {
	t.Helper()
	if len(pre) != len(post) {
		t.Fatalf("got %d sources and %d targets, want equal lengths", len(pre), len(post))
	}
	in, out = make([]int, nPost), make([]int, nPre)
	seen := make(map[uint64]bool, len(pre))
	for k := range pre {
		i, j := pre[k], post[k]
		if int(i) >= nPre || int(j) >= nPost {
			t.Fatalf("pair %d (%d, %d) out of range [0, %d) x [0, %d)", k, i, j, nPre, nPost)
		}
		if noAutapses && i == j {
			t.Fatalf("pair %d is an autapse (%d, %d)", k, i, j)
		}
		if !dupOK && seen[pairKey(i, j)] {
			t.Fatalf("pair (%d, %d) appears twice", i, j)
		}
		seen[pairKey(i, j)] = true
		in[j]++
		out[i]++
	}
	return in, out
}

func TestAllToAll(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		nPre, nPos int
		same, aut  bool
		want       int
	}{
		{"different", 30, 20, false, false, 600},
		{"same_no_autapses", 25, 25, true, false, 25 * 24},
		{"same_autapses", 25, 25, true, true, 625},
		{"different_square", 25, 25, false, false, 625}, // i == j is not an autapse between two populations
	}
	for _, tc := range tests {
		pre, post, err := synapse.AllToAll{Autapses: tc.aut}.Connect(tc.nPre, tc.nPos, tc.same, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(pre) != tc.want {
			t.Errorf("%s: got %d synapses, want %d", tc.name, len(pre), tc.want)
		}
		checkPairs(t, pre, post, tc.nPre, tc.nPos, tc.same && !tc.aut, false)
	}
}

func TestOneToOne(t *testing.T) {
	t.Parallel()
	pre, post, err := synapse.OneToOne{}.Connect(7, 7, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(pre) != 7 {
		t.Fatalf("got %d synapses, want 7", len(pre))
	}
	for k := range pre {
		if pre[k] != uint32(k) || post[k] != uint32(k) {
			t.Errorf("pair %d got (%d, %d), want (%d, %d)", k, pre[k], post[k], k, k)
		}
	}
	if _, _, err := (synapse.OneToOne{}).Connect(3, 4, false, nil); err == nil {
		t.Errorf("sizes 3 and 4: got nil error, want one")
	}
}

// chi2Uniform returns the chi-square statistic of counts against a uniform
// expectation, with its expected value and standard deviation for
// len(counts)-1 degrees of freedom scaled by the variance factor q
// (binomial counts of nTrials with probability r have variance
// mean·(1-r): q = 1-r).
func chi2Uniform(counts []int, q float64) (chi2, mean, sd float64) {
	total := 0
	for _, c := range counts {
		total += c
	}
	e := float64(total) / float64(len(counts))
	for _, c := range counts {
		chi2 += (float64(c) - e) * (float64(c) - e) / e
	}
	dof := float64(len(counts) - 1)
	return chi2, dof * q, q * math.Sqrt(2*dof)
}

// TestFixedInDegree: every target gets exactly N distinct sources, no
// autapses when they are off, both sampling paths (sparse rejection, 2N <= n;
// dense partial Fisher-Yates, 2N > n). The sources are uniform: each
// source's out-degree is a sum of nPost independent Bernoulli(N/avail), so
// the chi-square statistic of the out-degrees has mean (nPre-1)(1 - N/avail)
// and standard deviation (1 - N/avail)·sqrt(2(nPre-1)); asserted within 5
// of those.
func TestFixedInDegree(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		nPre, nPost int
		n           int
		same, aut   bool
	}{
		{"sparse", 200, 300, 20, false, false},
		{"sparse_same", 200, 200, 20, true, false},
		{"dense", 50, 400, 40, false, false},
		{"dense_same", 50, 50, 40, true, false},
		{"dense_same_autapses", 50, 50, 40, true, true},
		{"all", 30, 30, 29, true, false},
		{"zero", 10, 10, 0, false, false},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := synapse.FixedInDegree{N: tc.n, Autapses: tc.aut}
			pre, post, err := c.Connect(tc.nPre, tc.nPost, tc.same, newRand(uint64(i)))
			if err != nil {
				t.Fatal(err)
			}
			in, out := checkPairs(t, pre, post, tc.nPre, tc.nPost, tc.same && !tc.aut, false)
			for j, d := range in {
				if d != tc.n {
					t.Fatalf("target %d: got in-degree %d, want %d", j, d, tc.n)
				}
			}
			avail := tc.nPre
			if tc.same && !tc.aut {
				avail--
			}
			if tc.n == 0 || tc.n == avail {
				return
			}
			chi2, m, sd := chi2Uniform(out, 1-float64(tc.n)/float64(avail))
			t.Logf("out-degree chi2 %.1f, want %.1f ± %.1f", chi2, m, sd)
			if math.Abs(chi2-m) > 5*sd {
				t.Errorf("out-degree chi2 got %v, want %v ± %v (5 sd): sources not uniform", chi2, m, 5*sd)
			}
		})
	}
	for _, n := range []int{-1, 11} {
		if _, _, err := (synapse.FixedInDegree{N: n}).Connect(10, 5, false, newRand(1)); err == nil {
			t.Errorf("in-degree %d from 10 sources: got nil error, want one", n)
		}
	}
	if _, _, err := (synapse.FixedInDegree{N: 10}).Connect(10, 10, true, newRand(1)); err == nil {
		t.Errorf("in-degree 10 from 10 units without autapses: got nil error, want one")
	}
}

// TestFixedOutDegree: every source gets exactly N distinct targets; targets
// uniform (chi-square as in TestFixedInDegree).
func TestFixedOutDegree(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		nPre, nPost int
		n           int
		same, aut   bool
	}{
		{"sparse", 300, 200, 20, false, false},
		{"sparse_same", 200, 200, 20, true, false},
		{"dense", 400, 50, 40, false, false},
		{"dense_same", 50, 50, 45, true, false},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := synapse.FixedOutDegree{N: tc.n, Autapses: tc.aut}
			pre, post, err := c.Connect(tc.nPre, tc.nPost, tc.same, newRand(uint64(i)))
			if err != nil {
				t.Fatal(err)
			}
			in, out := checkPairs(t, pre, post, tc.nPre, tc.nPost, tc.same && !tc.aut, false)
			for i, d := range out {
				if d != tc.n {
					t.Fatalf("source %d: got out-degree %d, want %d", i, d, tc.n)
				}
			}
			avail := tc.nPost
			if tc.same && !tc.aut {
				avail--
			}
			chi2, m, sd := chi2Uniform(in, 1-float64(tc.n)/float64(avail))
			t.Logf("in-degree chi2 %.1f, want %.1f ± %.1f", chi2, m, sd)
			if math.Abs(chi2-m) > 5*sd {
				t.Errorf("in-degree chi2 got %v, want %v ± %v (5 sd): targets not uniform", chi2, m, 5*sd)
			}
		})
	}
	if _, _, err := (synapse.FixedOutDegree{N: 6}).Connect(10, 5, false, newRand(1)); err == nil {
		t.Errorf("out-degree 6 to 5 targets: got nil error, want one")
	}
}

// TestFixedProbability: the count of n·m (or n(n-1) without autapses)
// independent Bernoulli(p) trials is within 5 sigma of its mean
// (sigma = sqrt(N p (1-p))); the mean in-degree likewise (its standard
// error is sigma/nPost); no autapses when off; P = 0 and P = 1 exact.
func TestFixedProbability(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		nPre, nPost int
		p           float64
		same, aut   bool
	}{
		{"sparse", 1000, 800, 0.01, false, false},
		{"dense", 300, 300, 0.5, true, false},
		{"autapses", 300, 300, 0.2, true, true},
		{"tiny", 2000, 2000, 1e-4, false, false},
		{"zero", 100, 100, 0, false, false},
		{"one_same", 40, 40, 1, true, false},
		{"one", 40, 30, 1, false, false},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := synapse.FixedProbability{P: tc.p, Autapses: tc.aut}
			pre, post, err := c.Connect(tc.nPre, tc.nPost, tc.same, newRand(uint64(i)+100))
			if err != nil {
				t.Fatal(err)
			}
			checkPairs(t, pre, post, tc.nPre, tc.nPost, tc.same && !tc.aut, false)
			trials := float64(tc.nPre) * float64(tc.nPost)
			if tc.same && !tc.aut {
				trials -= float64(min(tc.nPre, tc.nPost))
			}
			mu, sigma := trials*tc.p, math.Sqrt(trials*tc.p*(1-tc.p))
			got := float64(len(pre))
			t.Logf("%d synapses, want %.0f ± %.1f", len(pre), mu, sigma)
			if math.Abs(got-mu) > 5*sigma || (sigma == 0 && got != mu) {
				t.Errorf("got %v synapses, want %v ± %v (5 sigma)", got, mu, 5*sigma)
			}
			meanIn := got / float64(tc.nPost)
			if want := mu / float64(tc.nPost); math.Abs(meanIn-want) > 5*sigma/float64(tc.nPost)+1e-12 {
				t.Errorf("mean in-degree got %v, want %v", meanIn, want)
			}
			// Candidates are visited in order: pairs come sorted by (pre, post).
			if !slices.IsSortedFunc(pre, func(a, b uint32) int { return int(a) - int(b) }) {
				t.Errorf("sources not in ascending order")
			}
		})
	}
	for _, p := range []float64{-0.1, 1.1, math.NaN()} {
		if _, _, err := (synapse.FixedProbability{P: p}).Connect(3, 3, false, newRand(1)); err == nil {
			t.Errorf("P = %v: got nil error, want one", p)
		}
	}
}

// TestDistanceProbability bins the candidate pairs of a 30x30 grid by
// distance and compares the synapses made in each bin with the expected
// count Σ p_ij over its pairs, p_ij = P exp(-d²/(2 σ²)), within 5 sigma of the
// sum of independent Bernoulli trials (variance Σ p_ij (1 - p_ij)), plus one
// synapse of slack for the sparse far bins. It also checks that the empirical
// frequency decreases from the nearest bin to the farthest, and the periodic
// (torus) distance.
func TestDistanceProbability(t *testing.T) {
	t.Parallel()
	pos := synapse.Grid(30, 30)
	for _, periodic := range []bool{false, true} {
		c := synapse.DistanceProbability{P: 0.8, Sigma: 0.1, Periodic: periodic, Pre: pos, Post: pos}
		pre, post, err := c.Connect(len(pos), len(pos), true, newRand(9))
		if err != nil {
			t.Fatal(err)
		}
		checkPairs(t, pre, post, len(pos), len(pos), true, false)
		dist := func(a, b synapse.Point) float64 {
			dx, dy := math.Abs(a.X-b.X), math.Abs(a.Y-b.Y)
			if periodic {
				dx, dy = min(dx, 1-dx), min(dy, 1-dy)
			}
			return math.Hypot(dx, dy)
		}
		const width, nb = 0.05, 8 // bins [0, 0.4)
		var made, exp, vr, pairs [nb]float64
		for i, a := range pos {
			for j, b := range pos {
				if i == j {
					continue
				}
				d := dist(a, b)
				if k := int(d / width); k < nb {
					p := c.P * math.Exp(-d*d/(2*c.Sigma*c.Sigma))
					exp[k] += p
					vr[k] += p * (1 - p)
					pairs[k]++
				}
			}
		}
		far := 0
		for k := range pre {
			d := dist(pos[pre[k]], pos[post[k]])
			if b := int(d / width); b < nb {
				made[b]++
			} else {
				far++
			}
		}
		prev := 2.0
		for b := range nb {
			if pairs[b] == 0 {
				continue
			}
			freq := made[b] / pairs[b]
			t.Logf("periodic=%v d in [%.2f, %.2f): %v of %v pairs (%.4f), want %.1f ± %.1f", periodic, float64(b)*width, float64(b+1)*width, made[b], pairs[b], freq, exp[b], math.Sqrt(vr[b]))
			if math.Abs(made[b]-exp[b]) > 5*math.Sqrt(vr[b])+1 {
				t.Errorf("periodic=%v bin %d: got %v synapses, want %.1f ± %.1f (5 sigma)", periodic, b, made[b], exp[b], 5*math.Sqrt(vr[b]))
			}
			if freq > prev {
				t.Errorf("periodic=%v bin %d: frequency %v rises above the nearer bin's %v", periodic, b, freq, prev)
			}
			prev = freq
		}
		// P exp(-0.4²/0.02) = 0.8 e^-8 = 2.7e-4 per pair beyond 0.4.
		if far > 100 {
			t.Errorf("periodic=%v: %d synapses beyond 0.4, want few (p < 2.7e-4 each)", periodic, far)
		}
	}
	// Corners are neighbours on the torus: (1/60, 1/60) and (59/60, 59/60)
	// are sqrt(2)/30 apart.
	corner := []synapse.Point{{1.0 / 60, 1.0 / 60}}
	other := []synapse.Point{{59.0 / 60, 59.0 / 60}}
	n := 0
	for s := range uint64(200) {
		pre, _, err := synapse.DistanceProbability{P: 1, Sigma: 0.1, Periodic: true, Pre: corner, Post: other}.Connect(1, 1, false, newRand(s))
		if err != nil {
			t.Fatal(err)
		}
		n += len(pre)
	}
	// p = exp(-(2/900)/0.02) = exp(-1/9) = 0.895: 179 of 200 expected,
	// sd 4.3.
	if want := 200 * math.Exp(-1.0/9); math.Abs(float64(n)-want) > 5*math.Sqrt(200*0.895*0.105) {
		t.Errorf("torus corners: got %d of 200, want %.1f", n, want)
	}
	if _, _, err := (synapse.DistanceProbability{P: 0.5, Sigma: 0.1, Pre: pos[:3], Post: pos}).Connect(4, len(pos), false, newRand(1)); err == nil {
		t.Errorf("missing positions: got nil error, want one")
	}
	if _, _, err := (synapse.DistanceProbability{P: 0.5, Sigma: 0, Pre: pos, Post: pos}).Connect(len(pos), len(pos), false, newRand(1)); err == nil {
		t.Errorf("sigma 0: got nil error, want one")
	}
}

func TestGrid(t *testing.T) {
	t.Parallel()
	g := synapse.Grid(2, 4)
	want := []synapse.Point{{0.125, 0.25}, {0.375, 0.25}, {0.625, 0.25}, {0.875, 0.25}, {0.125, 0.75}, {0.375, 0.75}, {0.625, 0.75}, {0.875, 0.75}}
	if !slices.Equal(g, want) {
		t.Errorf("Grid(2, 4) got %v, want %v", g, want)
	}
}

func TestFromList(t *testing.T) {
	t.Parallel()
	pairs := [][2]int{{2, 0}, {0, 1}, {2, 0}, {1, 1}}
	pre, post, err := synapse.FromList{Pairs: pairs}.Connect(3, 2, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, p := range pairs {
		if int(pre[k]) != p[0] || int(post[k]) != p[1] {
			t.Errorf("pair %d got (%d, %d), want %v", k, pre[k], post[k], p)
		}
	}
	for _, bad := range [][2]int{{3, 0}, {0, 2}, {-1, 0}} {
		if _, _, err := (synapse.FromList{Pairs: [][2]int{bad}}).Connect(3, 2, false, nil); err == nil {
			t.Errorf("pair %v in 3 x 2: got nil error, want one", bad)
		}
	}
}

// TestAllToAllNoDiagonal: between two populations of one size, NoDiagonal
// leaves out exactly the pairs i -> i.
func TestAllToAllNoDiagonal(t *testing.T) {
	p, err := synapse.Build(synapse.Spec{NPre: 4, NPost: 4, Connector: synapse.AllToAll{NoDiagonal: true},
		Weight: synapse.ConstDist(1), Delay: synapse.ConstDist(1)}, 1, newRand(1))
	if err != nil {
		t.Fatal(err)
	}
	if p.Len() != 12 {
		t.Errorf("%d synapses, want 12", p.Len())
	}
	for i := 0; i < 4; i++ {
		for k := p.Offsets[i]; k < p.Offsets[i+1]; k++ {
			if int(p.Targets[k]) == i {
				t.Errorf("pair %d -> %d present", i, i)
			}
		}
	}
}
