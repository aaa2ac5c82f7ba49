package neuron

import (
	"math"
	"math/rand/v2"
	"testing"
)

// poissonTarget makes a prepared LIF population of n units with one
// exp_current receptor (tau 0.5 ms) whose ring holds two slots.
func poissonTarget(t testing.TB, n int) *Receptor {
	t.Helper()
	l := NewLIF(n, DefaultLIF())
	r, err := l.Receptor(ExpCurrent, 0.5, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Prepare(0.1, 1); err != nil {
		t.Fatal(err)
	}
	return r
}

// newTestInput makes a prepared input of the given rate (Hz) and weight 1,
// so the slot holds the counts, at dt = 0.1 ms.
func newTestInput(t testing.TB, r *Receptor, rate float64, seed uint64) *PoissonInput {
	t.Helper()
	p := NewPoissonInput(r, rate, 1, rand.New(rand.NewPCG(seed, 7)))
	if err := p.Prepare(0.1); err != nil {
		t.Fatal(err)
	}
	return p
}

// poissonPMF is e^-λ λ^k / k!, by logs.
func poissonPMF(lambda float64, k int) float64 {
	lg, _ := math.Lgamma(float64(k) + 1)
	return math.Exp(-lambda + float64(k)*math.Log(lambda) - lg)
}

// The thresholds give every count its Poisson probability to float64
// precision: P(k) = (thr[k] - thr[k-1]) / 2^64, the last entry taking the
// whole upper tail. The tolerance is the rounding of each threshold to
// 2^-64, a few ulps of the smaller tail sum at each threshold (from which
// it is computed), 1e-13 relative for the pmf recurrence over up to ~800
// terms, and the rounding of the reference pmf itself.
func TestPoissonInputTableExact(t *testing.T) {
	for _, lambda := range []float64{1e-9, 1e-3, 0.3, 1.2, 1.6, 2.32, 7.5, 40, 499} {
		kmin, thr := poissonThresholds(lambda)
		if thr[len(thr)-1] != math.MaxUint64 {
			t.Errorf("λ=%g: last threshold %d is not MaxUint64", lambda, thr[len(thr)-1])
		}
		if kmin > 0 && poissonPMF(lambda, kmin-1) > 0x1p-63 {
			t.Errorf("λ=%g: kmin %d drops P(%d) = %g", lambda, kmin, kmin-1, poissonPMF(lambda, kmin-1))
		}
		// Reference tails by direct summation of the pmf, each from its
		// small end.
		kend := int(lambda + 40*math.Sqrt(lambda) + 80)
		below := func(k int) float64 { // P(X < k)
			s := 0.0
			for j := 0; j < k; j++ {
				s += poissonPMF(lambda, j)
			}
			return s
		}
		atLeast := func(k int) float64 { // P(X >= k)
			s := 0.0
			for j := kend; j >= k; j-- {
				s += poissonPMF(lambda, j)
			}
			return s
		}
		var prev uint64 // thr[j-1] + 1: the number of u below this count
		for j, th := range thr {
			k := kmin + j
			if j > 0 && th < thr[j-1] {
				t.Fatalf("λ=%g: thresholds not monotone at %d", lambda, j)
			}
			var got, want float64
			last := th == math.MaxUint64
			if last {
				got = (float64(math.MaxUint64-prev) + 1) / 0x1p64
				want = atLeast(k)
			} else {
				got = float64(th+1-prev) / 0x1p64
				want = poissonPMF(lambda, k)
			}
			small := math.Min(math.Min(below(k), atLeast(k)), math.Min(below(k+1), atLeast(k+1)))
			// The reference pmf, exp of a sum of terms of size up to L, is
			// itself only good to about L·2^-53 relative.
			lg, _ := math.Lgamma(float64(k) + 1)
			l := lambda + float64(k)*math.Abs(math.Log(lambda)) + lg
			tol := (1e-13+4*l*0x1p-53)*want + 8*0x1p-53*small + 0x1p-62
			if last {
				tol += 0x1p-63 // the tail cut
			}
			if d := math.Abs(got - want); d > tol {
				t.Errorf("λ=%g: P(%d) = %.17g, want %.17g (diff %g > %g)", lambda, k, got, want, d, tol)
			}
			prev = th + 1
		}
	}
}

// The two-stage lookup (high 32 bits, then the low 32 bits when they are
// needed) gives min{j : u <= thr[j]} for every 64-bit u, in particular
// around every threshold, where the high halves are ambiguous.
func TestPoissonInputIndex(t *testing.T) {
	r := poissonTarget(t, 10)
	rng := rand.New(rand.NewPCG(9, 9))
	for _, rate := range []float64{10, 16000, 4e5} { // λ = 0.001, 1.6, 40
		p := newTestInput(t, r, rate, 1)
		want := func(u uint64) int {
			j := 0
			for u > p.thr[j] {
				j++
			}
			return j
		}
		got := func(u uint64) int {
			j := poissonIndex(uint32(u>>32), p.guide, p.thrHi)
			if j < 0 {
				j = p.refine(u, ^j)
			}
			return j
		}
		var us []uint64
		for _, th := range p.thr {
			for _, d := range []uint64{0, 1, 2, 1 << 31, 1<<32 - 1, 1 << 32} {
				us = append(us, th-d, th+d)
			}
			us = append(us, th&^0xffffffff, th|0xffffffff)
		}
		for range 100000 {
			us = append(us, rng.Uint64())
		}
		us = append(us, 0, math.MaxUint64)
		for _, u := range us {
			if g, w := got(u), want(u); g != w {
				t.Fatalf("λ=%g: u=%#x gives index %d, want %d", p.Lambda(), u, g, w)
			}
		}
	}
}

// sampleCounts runs steps steps of p into r and returns the counts, [step][unit].
func sampleCounts(p *PoissonInput, r *Receptor, steps int) [][]float32 {
	out := make([][]float32, steps)
	for s := range out {
		t := int64(s)
		p.Apply(t, nil)
		slot := r.Slot(t)
		out[s] = append([]float32(nil), slot...)
		clear(slot)
	}
	return out
}

// The count per unit and step has mean and variance λ and the Poisson
// distribution (chi-square), for the microcircuit's λ and a few others.
//
// Tolerances: with N = units·steps draws, the sample mean has standard
// deviation sqrt(λ/N) and the sample variance sqrt((λ + 2λ²)/N) (fourth
// central moment λ + 3λ²); both must lie within 5 standard deviations
// (two-sided p ≈ 6e-7 each). The chi-square statistic over the counts
// with an expected number >= 20 (the rest pooled) must stay below
// df + 6·sqrt(2·df), beyond its 1e-6 quantile for these df.
func TestPoissonInputMoments(t *testing.T) {
	const units, steps = 10000, 200
	r := poissonTarget(t, units)
	for i, rate := range []float64{12000, 12800, 16000, 23200, 30, 2e5} { // λ = 1.2, 1.28, 1.6, 2.32, 0.003, 20
		p := newTestInput(t, r, rate, uint64(i)+1)
		lambda := p.Lambda()
		counts := sampleCounts(p, r, steps)
		n := float64(units * steps)
		hist := map[int]float64{}
		var sum, sum2 float64
		for _, row := range counts {
			for _, c := range row {
				k := int(c)
				if float32(k) != c || k < 0 {
					t.Fatalf("count %v is not a non-negative integer", c)
				}
				hist[k]++
				sum += float64(k)
				sum2 += float64(k) * float64(k)
			}
		}
		mean := sum / n
		variance := (sum2 - n*mean*mean) / (n - 1)
		if sd := math.Sqrt(lambda / n); math.Abs(mean-lambda) > 5*sd {
			t.Errorf("λ=%g: mean %g, want λ ± %g", lambda, mean, 5*sd)
		}
		if sd := math.Sqrt((lambda + 2*lambda*lambda) / n); math.Abs(variance-lambda) > 5*sd {
			t.Errorf("λ=%g: variance %g, want λ ± %g", lambda, variance, 5*sd)
		}
		// Chi-square against the Poisson pmf, pooling the sparse tails.
		chi2, df := 0.0, -1
		var pooledObs, pooledExp float64
		kmax := int(lambda + 20*math.Sqrt(lambda) + 30)
		for k := 0; k <= kmax; k++ {
			e := n * poissonPMF(lambda, k)
			if e < 20 {
				pooledObs += hist[k]
				pooledExp += e
				continue
			}
			chi2 += (hist[k] - e) * (hist[k] - e) / e
			df++
		}
		for k, o := range hist {
			if k > kmax {
				pooledObs += o
			}
		}
		if pooledExp >= 20 {
			chi2 += (pooledObs - pooledExp) * (pooledObs - pooledExp) / pooledExp
			df++
		} else if pooledObs > pooledExp+10*math.Sqrt(pooledExp)+10 {
			t.Errorf("λ=%g: %g counts in the sparse tails, expected %g", lambda, pooledObs, pooledExp)
		}
		if df > 0 && chi2 > float64(df)+6*math.Sqrt(2*float64(df)) {
			t.Errorf("λ=%g: chi-square %g with %d degrees of freedom", lambda, chi2, df)
		}
		t.Logf("λ=%g: mean %.5f variance %.5f chi2 %.1f (df %d)", lambda, mean, variance, chi2, df)
	}
}

// Units are independent of each other (also across a block boundary) and
// of their own past: the sample correlation of pairs of counts is near 0.
// For independent pairs the sample correlation over N pairs has standard
// deviation 1/sqrt(N); each must lie within 5/sqrt(N).
func TestPoissonInputIndependent(t *testing.T) {
	const units, steps = 2 * PoissonInputBlock, 400
	r := poissonTarget(t, units)
	p := newTestInput(t, r, 16000, 3) // λ = 1.6
	counts := sampleCounts(p, r, steps)
	lambda := p.Lambda()
	corr := func(pairs func(yield func(a, b float32))) (float64, float64) {
		var sab float64
		n := 0.0
		pairs(func(a, b float32) {
			sab += (float64(a) - lambda) * (float64(b) - lambda)
			n++
		})
		return sab / n / lambda, n
	}
	cases := []struct {
		name  string
		pairs func(yield func(a, b float32))
	}{
		{"neighbour units", func(y func(a, b float32)) {
			for _, row := range counts {
				for i := 0; i+1 < units; i += 2 {
					y(row[i], row[i+1])
				}
			}
		}},
		{"across a block boundary", func(y func(a, b float32)) {
			for _, row := range counts {
				for d := 1; d <= 64; d++ {
					y(row[PoissonInputBlock-d], row[PoissonInputBlock+d-1])
				}
			}
		}},
		{"block 0 vs block 1, same offset", func(y func(a, b float32)) {
			for _, row := range counts {
				for i := 0; i < PoissonInputBlock; i += 3 {
					y(row[i], row[i+PoissonInputBlock])
				}
			}
		}},
		{"consecutive steps", func(y func(a, b float32)) {
			for s := 0; s+1 < steps; s += 2 {
				for i := 0; i < units; i += 3 {
					y(counts[s][i], counts[s+1][i])
				}
			}
		}},
	}
	for _, c := range cases {
		rho, n := corr(c.pairs)
		if tol := 5 / math.Sqrt(n); math.Abs(rho) > tol {
			t.Errorf("%s: correlation %g over %g pairs, want |ρ| < %g", c.name, rho, n, tol)
		}
	}
}

// The same seed gives the same input; another seed another; splitting the
// blocks among calls changes nothing.
func TestPoissonInputDeterministic(t *testing.T) {
	const units, steps = 3*PoissonInputBlock + 101, 20 // an odd last block
	r := poissonTarget(t, units)
	a := sampleCounts(newTestInput(t, r, 12800, 5), r, steps)
	b := sampleCounts(newTestInput(t, r, 12800, 5), r, steps)
	c := sampleCounts(newTestInput(t, r, 12800, 6), r, steps)
	p := newTestInput(t, r, 12800, 5)
	if p.Blocks() != 4 {
		t.Fatalf("Blocks() = %d, want 4", p.Blocks())
	}
	split := make([][]float32, steps)
	for s := range split {
		tt := int64(s)
		p.ApplyBlocks(tt, 3, 4)
		p.ApplyBlocks(tt, 0, 1)
		p.ApplyBlocks(tt, 1, 3)
		slot := r.Slot(tt)
		split[s] = append([]float32(nil), slot...)
		clear(slot)
	}
	same, differ := true, false
	for s := range a {
		for i := range a[s] {
			same = same && a[s][i] == b[s][i] && a[s][i] == split[s][i]
			differ = differ || a[s][i] != c[s][i]
		}
	}
	if !same {
		t.Error("same seed or a split of the blocks gave different input")
	}
	if !differ {
		t.Error("seeds 5 and 6 gave the same input")
	}
}

// Nothing outside [Start, Stop); the weight scales the counts; the input
// adds to what is in the slot.
func TestPoissonInputWindowAndWeight(t *testing.T) {
	const units = 1000
	r := poissonTarget(t, units)
	p := NewPoissonInput(r, 16000, 0.0878, rand.New(rand.NewPCG(1, 2)))
	p.Start, p.Stop = 3, 6
	if err := p.Prepare(0.1); err != nil {
		t.Fatal(err)
	}
	for s := int64(0); s < 10; s++ {
		slot := r.Slot(s)
		for i := range slot {
			slot[i] = 5
		}
		p.Apply(s, nil)
		active := s >= 3 && s < 6
		nonzero := 0
		for _, x := range slot {
			k := math.Round(float64(x-5) / 0.0878)
			if math.Abs(float64(x-5)-k*0.0878) > 1e-5 {
				t.Fatalf("step %d: slot value %v is not 5 + k·0.0878", s, x)
			}
			if k != 0 {
				nonzero++
			}
		}
		if active != (nonzero > 0) {
			t.Errorf("step %d: %d units got input, active = %v", s, nonzero, active)
		}
		clear(slot)
	}
}

func TestPoissonInputPrepareErrors(t *testing.T) {
	r := poissonTarget(t, 10)
	rng := rand.New(rand.NewPCG(1, 1))
	for _, c := range []struct {
		name string
		p    *PoissonInput
		dt   float64
	}{
		{"no receptor", &PoissonInput{Rate: 10, Rng: rng}, 0.1},
		{"no rng", &PoissonInput{Rate: 10, Receptor: r}, 0.1},
		{"negative rate", NewPoissonInput(r, -1, 1, rng), 0.1},
		{"NaN rate", NewPoissonInput(r, math.NaN(), 1, rng), 0.1},
		{"infinite rate", NewPoissonInput(r, math.Inf(1), 1, rng), 0.1},
		{"NaN weight", NewPoissonInput(r, 10, float32(math.NaN()), rng), 0.1},
		{"zero dt", NewPoissonInput(r, 10, 1, rng), 0},
		{"λ too large", NewPoissonInput(r, 1e7, 1, rng), 0.1},
	} {
		if err := c.p.Prepare(c.dt); err == nil {
			t.Errorf("%s: Prepare gave no error", c.name)
		}
	}
	zero := NewPoissonInput(r, 0, 1, rng)
	if err := zero.Prepare(0.1); err != nil {
		t.Fatal(err)
	}
	zero.Apply(0, nil)
	for _, x := range r.Slot(0) {
		if x != 0 {
			t.Fatal("rate 0 gave input")
		}
	}
}

func TestPoissonInputNoAllocs(t *testing.T) {
	r := poissonTarget(t, 20000)
	p := newTestInput(t, r, 16000, 1)
	step := int64(0)
	allocs := testing.AllocsPerRun(100, func() {
		p.Apply(step, nil)
		clear(r.Slot(step))
		step++
	})
	if allocs != 0 {
		t.Errorf("Apply allocates %v times per call", allocs)
	}
}

// BenchmarkPoissonInput draws the background of the microcircuit's largest
// population sizes: 77169 units (all eight populations at once) at
// λ = 1.6 (L4e, L5e: 16 kHz at 0.1 ms) and 2.32 (L6e).
func BenchmarkPoissonInput(b *testing.B) {
	for _, c := range []struct {
		name string
		rate float64
	}{{"lambda1.2", 12000}, {"lambda1.6", 16000}, {"lambda2.32", 23200}} {
		b.Run(c.name, func(b *testing.B) {
			const units = 77169
			r := poissonTarget(b, units)
			p := newTestInput(b, r, c.rate, 1)
			b.ReportAllocs()
			t := int64(0)
			for b.Loop() {
				p.Apply(t, nil)
				t++
			}
			b.ReportMetric(float64(units)*float64(b.N)/b.Elapsed().Seconds(), "draws/s")
		})
	}
}
