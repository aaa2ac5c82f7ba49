package neuron

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// PoissonInput is external Poisson input into one receptor of a population.
// Every step each unit independently receives k ~ Poisson(λ) events of weight
// Weight, λ = Rate·dt, and Apply adds k·Weight into the receptor's slot of
// that step (the input arriving at step t, which the population's Step(t)
// consumes; so Apply(t) must run before Step(t), as stimuli do).
//
// K independent Poisson sources of rate ν, each with one synapse of weight w
// onto every unit (NEST's poisson_generator with K connections per neuron,
// Brian2's PoissonInput(N=K, rate=ν)), are exactly one Poisson process of
// rate K·ν per unit with weight w: Rate is K·ν.
//
// The counts are drawn by inversion of the Poisson distribution with a
// 64-bit uniform u per unit and step: a 1024-cell guide table on the top
// bits of u (Chen & Asau 1974), then comparisons against 64-bit thresholds,
// about one on average. The thresholds are the cumulative probabilities
// times 2^64, each computed from the smaller of the lower and the upper
// tail, so every P(k) is exact to about 2^-53 relative (float64) and the
// tail is cut where it falls below 2^-64. The high 32 bits of u decide the
// count unless they equal those of a threshold (probability about 1e-8 per
// draw at these λ); only then are the low 32 bits drawn. So one 64-bit
// output of the stream usually serves two units: about 1.3 ns per unit and
// step on one core (AMD EPYC; thread CPU time), 7.7e8 draws/s.
//
// The units are split into blocks of PoissonInputBlock; each block draws
// from its own PCG stream, seeded from Rng by Prepare. Apply(t) is
// ApplyBlocks(t, 0, Blocks()), and any split of the blocks among goroutines
// gives the same input, bit for bit.
type PoissonInput struct {
	Rate     float64   // events per second per unit, Hz
	Weight   float32   // per event, in the receptor's unit: nA (exp_current), µS (exp_conductance), mV (delta)
	Receptor *Receptor // where the input goes; its population must be prepared before the first Apply
	// Start and Stop bound the active steps [Start, Stop); Stop < 0: never
	// stops. NewPoissonInput sets Stop = -1.
	Start, Stop int64
	// Rng seeds the per-block streams in Prepare (two Uint64 per block).
	Rng *rand.Rand

	lambda  float64
	kmin    int      // smallest count with a nonzero probability at 2^-64 resolution
	thr     []uint64 // u <= thr[j] gives a count <= kmin+j; the last is MaxUint64
	thrHi   []uint32 // the high 32 bits of thr
	guide   *[poissonGuideCells]uint16
	wk      []float32 // (kmin+j)·Weight
	streams []rand.PCG
}

// PoissonInputBlock is the number of units per random stream of a
// PoissonInput: the unit of work ApplyBlocks and ApplyRange split on. It is
// small so that shards of a population, whose bounds are multiples of it,
// can be balanced.
const PoissonInputBlock = 512

// MaxPoissonLambda bounds λ = Rate·dt, the mean count per unit and step.
const MaxPoissonLambda = 500

const (
	poissonGuideBits  = 10
	poissonGuideCells = 1 << poissonGuideBits
	poissonGuideShift = 64 - poissonGuideBits
)

var _ Stimulus = (*PoissonInput)(nil)

// NewPoissonInput makes an input of rate Hz and weight w into r that starts
// at step 0 and never stops.
func NewPoissonInput(r *Receptor, rate float64, w float32, rng *rand.Rand) *PoissonInput {
	return &PoissonInput{Rate: rate, Weight: w, Receptor: r, Stop: -1, Rng: rng}
}

// Prepare builds the sampling tables for the step dt (ms) and seeds one
// stream per block of units from Rng. Call it once, before the first Apply.
func (p *PoissonInput) Prepare(dt float64) error {
	if p.Receptor == nil {
		return fmt.Errorf("poisson input: no receptor")
	}
	if p.Rng == nil {
		return fmt.Errorf("poisson input: no random source")
	}
	if !(dt > 0) || math.IsInf(dt, 1) {
		return fmt.Errorf("poisson input: step %g ms must be > 0", dt)
	}
	if !(p.Rate >= 0) || math.IsInf(p.Rate, 1) {
		return fmt.Errorf("poisson input: rate %g Hz must be finite and >= 0", p.Rate)
	}
	if w := float64(p.Weight); math.IsNaN(w) || math.IsInf(w, 0) {
		return fmt.Errorf("poisson input: weight %g is not finite", w)
	}
	lambda := p.Rate * dt / 1000
	if lambda > MaxPoissonLambda {
		return fmt.Errorf("poisson input: rate %g Hz gives %g events per unit per step of %g ms, more than %d; use a smaller step or a current", p.Rate, lambda, dt, MaxPoissonLambda)
	}
	p.lambda = lambda
	p.kmin, p.thr = poissonThresholds(lambda)
	p.guide = poissonGuide(p.thr)
	p.thrHi = make([]uint32, len(p.thr))
	for j, t := range p.thr {
		p.thrHi[j] = uint32(t >> 32)
	}
	p.wk = make([]float32, len(p.thr))
	for j := range p.wk {
		p.wk[j] = float32(float64(p.kmin+j) * float64(p.Weight))
	}
	blocks := (p.Receptor.Len() + PoissonInputBlock - 1) / PoissonInputBlock
	p.streams = make([]rand.PCG, blocks)
	for b := range p.streams {
		p.streams[b] = *rand.NewPCG(p.Rng.Uint64(), p.Rng.Uint64())
	}
	return nil
}

// Lambda is the mean count per unit and step, Rate·dt (after Prepare).
func (p *PoissonInput) Lambda() float64 { return p.lambda }

// Blocks is the number of blocks of units (after Prepare).
func (p *PoissonInput) Blocks() int { return len(p.streams) }

// Apply adds the input of step t into the receptor's slot for step t. The
// current slice is not used: Apply has the Stimulus signature so that the
// input can run among a population's stimuli, which run before its Step.
// Before Prepare it does nothing.
func (p *PoissonInput) Apply(t int64, _ []float32) {
	p.ApplyBlocks(t, 0, len(p.streams))
}

// ApplyBlocks adds the input of step t for the units of blocks [lo, hi):
// units lo·PoissonInputBlock up to hi·PoissonInputBlock (or the end).
// Different blocks touch different units and streams, so they may run
// concurrently; each block must be applied exactly once per step.
func (p *PoissonInput) ApplyBlocks(t int64, lo, hi int) {
	if t < p.Start || (p.Stop >= 0 && t >= p.Stop) || p.lambda == 0 {
		return
	}
	slot := p.Receptor.Slot(t)
	for b := lo; b < hi; b++ {
		s := b * PoissonInputBlock
		e := min(s+PoissonInputBlock, len(slot))
		p.fill(slot[s:e], &p.streams[b])
	}
}

// ApplyRange is ApplyBlocks for the units [lo, hi): lo must be a multiple of
// PoissonInputBlock, and hi one too or the number of units.
func (p *PoissonInput) ApplyRange(t int64, lo, hi int) {
	if lo%PoissonInputBlock != 0 || (hi%PoissonInputBlock != 0 && hi != p.Receptor.Len()) {
		panic(fmt.Sprintf("neuron: PoissonInput.ApplyRange(%d, %d) not on block bounds", lo, hi))
	}
	p.ApplyBlocks(t, lo/PoissonInputBlock, (hi+PoissonInputBlock-1)/PoissonInputBlock)
}

// fill adds one Poisson count times the weight to every element of out.
// Each 64-bit output of the stream serves two units: its high and its low
// 32 bits lead two uniforms.
func (p *PoissonInput) fill(out []float32, src *rand.PCG) {
	guide, hi, wk := p.guide, p.thrHi, p.wk[:len(p.thrHi)]
	n := len(out) &^ 1
	for i := 0; i < n; i += 2 {
		r := src.Uint64()
		j := poissonIndex(uint32(r>>32), guide, hi)
		if j < 0 {
			j = p.refine(r&^0xffffffff|src.Uint64()>>32, ^j)
		}
		out[i] += wk[j]
		j = poissonIndex(uint32(r), guide, hi)
		if j < 0 {
			j = p.refine(r<<32|src.Uint64()>>32, ^j)
		}
		out[i+1] += wk[j]
	}
	if n < len(out) {
		h := uint32(src.Uint64() >> 32)
		j := poissonIndex(h, guide, hi)
		if j < 0 {
			j = p.refine(uint64(h)<<32|src.Uint64()>>32, ^j)
		}
		out[n] += wk[j]
	}
}

// poissonIndex returns min{j : u <= thr[j]} for a uniform 64-bit u whose
// high 32 bits are h; hi holds the high halves of thr and guide the first
// candidate per cell. Comparing h with the high halves decides it unless h
// equals the high half of the deciding threshold (probability about
// len(thr)·2^-32); then it returns ^j (negative), and the caller draws the
// low 32 bits of u and calls refine. So the counts are those of inversion
// with full 64-bit uniforms.
func poissonIndex(h uint32, guide *[poissonGuideCells]uint16, hi []uint32) int {
	j := int(guide[h>>(32-poissonGuideBits)])
	for h > hi[j] {
		j++
	}
	if h == hi[j] {
		return ^j
	}
	return j
}

// refine returns min{j : u <= thr[j]} for a full 64-bit u, starting from j
// (u > thr[j-1] is known): the high 32 bits of u were ambiguous and its low
// 32 bits have been drawn.
func (p *PoissonInput) refine(u uint64, j int) int {
	for u > p.thr[j] {
		j++
	}
	return j
}

// poissonThresholds returns the smallest count kmin with a nonzero
// probability at 2^-64 resolution and thresholds thr such that a uniform
// 64-bit u gives the count kmin + min{j : u <= thr[j]}. thr[j]+1 is
// P(X <= kmin+j)·2^64, rounded; the last entry is MaxUint64.
func poissonThresholds(lambda float64) (int, []uint64) {
	if lambda == 0 {
		return 0, []uint64{math.MaxUint64}
	}
	// Beyond kmax the upper tail is far below 2^-64 for every λ <= 500.
	kmax := int(math.Ceil(lambda + 14*math.Sqrt(lambda) + 40))
	pmf := make([]float64, kmax+1)
	// Recurrence from the mode both ways: no underflow at the mode and a
	// relative error that grows only with the distance from it.
	mode := int(math.Floor(lambda))
	lg, _ := math.Lgamma(float64(mode) + 1)
	pmf[mode] = math.Exp(-lambda + float64(mode)*math.Log(lambda) - lg)
	for k := mode + 1; k <= kmax; k++ {
		pmf[k] = pmf[k-1] * lambda / float64(k)
	}
	for k := mode - 1; k >= 0; k-- {
		pmf[k] = pmf[k+1] * float64(k+1) / lambda
	}
	// The value at the mode carries the rounding of its exponent (terms up
	// to ~3000 for λ = 500, so ~3e-13 relative), shared by every term:
	// normalising removes it. Sum from the small terms up.
	total := 0.0
	for k := 0; k < mode; k++ {
		total += pmf[k]
	}
	tail := 0.0
	for k := kmax; k >= mode; k-- {
		tail += pmf[k]
	}
	total += tail
	for k := range pmf {
		pmf[k] /= total
	}
	// Lower sums forward, upper sums backward, each from its small end.
	lower := make([]float64, kmax+1)
	acc := 0.0
	for k := 0; k <= kmax; k++ {
		acc += pmf[k]
		lower[k] = acc
	}
	upper := make([]float64, kmax+1) // upper[k] = P(X > k)
	acc = 0
	for k := kmax; k >= 0; k-- {
		upper[k] = acc
		acc += pmf[k]
	}
	const two64 = 18446744073709551616.0 // 2^64
	count := func(k int) (n uint64, all bool) {
		// n = round(P(X <= k)·2^64); all: n = 2^64.
		if lower[k] <= 0.5 {
			return uint64(math.Round(lower[k] * two64)), false
		}
		q := math.Round(upper[k] * two64)
		if q < 1 {
			return 0, true
		}
		return -uint64(q), false // 2^64 - q, wrapped
	}
	kmin := 0
	for kmin < kmax {
		if n, all := count(kmin); all || n > 0 {
			break
		}
		kmin++
	}
	var thr []uint64
	for k := kmin; k <= kmax; k++ {
		n, all := count(k)
		if all || k == kmax {
			thr = append(thr, math.MaxUint64)
			break
		}
		t := n - 1
		if len(thr) > 0 && t < thr[len(thr)-1] {
			t = thr[len(thr)-1] // keep the thresholds monotone across the switch of tails
		}
		thr = append(thr, t)
	}
	return kmin, thr
}

// poissonGuide returns, for each cell of the top poissonGuideBits bits of u,
// the first index j whose threshold reaches the cell's start, so that every
// u in the cell has u > thr[j-1].
func poissonGuide(thr []uint64) *[poissonGuideCells]uint16 {
	g := new([poissonGuideCells]uint16)
	j := 0
	for c := range g {
		start := uint64(c) << poissonGuideShift
		for thr[j] < start {
			j++
		}
		g[c] = uint16(j)
	}
	return g
}
