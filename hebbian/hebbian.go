package hebbian

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/internal/gemm"
)

func dot(w []float64, x []float64) float64 {
	var s float64
	for i, v := range w {
		s += v * x[i]
	}
	return s
}

func widen(dst []float64, src []float32) {
	for i, v := range src {
		dst[i] = float64(v)
	}
}

func checkCols(rule string, set *dataset.Set, n int) {
	if set.Cols != n {
		panic(fmt.Sprintf("hebbian: %s: set has %d columns, neuron has %d inputs", rule, set.Cols, n))
	}
}

// Norm returns the Euclidean norm of w.
func Norm(w []float64) float64 { return math.Sqrt(dot(w, w)) }

// Oja is a linear neuron y = w·x trained with Oja's rule Δw = η y (x − y w).
type Oja struct {
	W []float64
}

// NewOja returns an Oja neuron of n inputs with weights drawn uniformly from
// [−0.1, 0.1).
func NewOja(n int, rng *rand.Rand) *Oja {
	if n < 1 {
		panic("hebbian: NewOja: n < 1")
	}
	w := make([]float64, n)
	for i := range w {
		w[i] = 0.2*rng.Float64() - 0.1
	}
	return &Oja{W: w}
}

// Output returns y = w·x.
func (o *Oja) Output(x []float64) float64 { return dot(o.W, x) }

// Step applies one update Δw = η y (x − y w) for input x and returns y.
func (o *Oja) Step(x []float64, eta float64) float64 {
	y := dot(o.W, x)
	for i := range o.W {
		o.W[i] += eta * y * (x[i] - y*o.W[i])
	}
	return y
}

// Train presents the patterns of set for epochs epochs, each in a fresh
// random order drawn from rng (the set itself is not reordered), with
// learning rate eta.
func (o *Oja) Train(set dataset.Set, epochs int, eta float64, rng *rand.Rand) {
	checkCols("Oja.Train", &set, len(o.W))
	x := make([]float64, set.Cols)
	for range epochs {
		for _, i := range rng.Perm(set.Rows) {
			widen(x, set.Row(i))
			o.Step(x, eta)
		}
	}
}

// BCM is a neuron trained with the Bienenstock–Cooper–Munro rule
// Δw = η x y (y − θ) with a sliding threshold θ ← θ + (y² − θ)/TauTheta.
type BCM struct {
	W           []float64
	Theta       float64 // modification threshold, tracks ⟨y²⟩
	TauTheta    float64 // time constant of θ, in presentations (>= 1)
	Linear      bool    // y = w·x instead of max(0, w·x)
	NonNegative bool    // clip weights at 0 after every update
}

// NewBCM returns a rectified BCM neuron of n inputs with weights uniform in
// [0, 0.5), θ = 0, the given τ_θ and NonNegative set.
func NewBCM(n int, tauTheta float64, rng *rand.Rand) *BCM {
	if n < 1 {
		panic("hebbian: NewBCM: n < 1")
	}
	if tauTheta < 1 {
		panic("hebbian: NewBCM: tauTheta < 1")
	}
	w := make([]float64, n)
	for i := range w {
		w[i] = 0.5 * rng.Float64()
	}
	return &BCM{W: w, TauTheta: tauTheta, NonNegative: true}
}

// Output returns the response to x: max(0, w·x), or w·x when Linear.
func (b *BCM) Output(x []float64) float64 {
	y := dot(b.W, x)
	if !b.Linear && y < 0 {
		return 0
	}
	return y
}

// Step applies one BCM update for input x (weights first, with the old θ,
// then θ) and returns y.
func (b *BCM) Step(x []float64, eta float64) float64 {
	y := b.Output(x)
	g := eta * y * (y - b.Theta)
	for i := range b.W {
		b.W[i] += g * x[i]
		if b.NonNegative && b.W[i] < 0 {
			b.W[i] = 0
		}
	}
	b.Theta += (y*y - b.Theta) / b.TauTheta
	return y
}

// Train presents the patterns of set for epochs epochs, each in a fresh
// random order drawn from rng.
func (b *BCM) Train(set dataset.Set, epochs int, eta float64, rng *rand.Rand) {
	checkCols("BCM.Train", &set, len(b.W))
	x := make([]float64, set.Cols)
	for range epochs {
		for _, i := range rng.Perm(set.Rows) {
			widen(x, set.Row(i))
			b.Step(x, eta)
		}
	}
}

// TrainRandom presents n patterns of set, each drawn uniformly at random
// (with replacement) by rng, as in the classic two-pattern BCM demonstration.
func (b *BCM) TrainRandom(set dataset.Set, n int, eta float64, rng *rand.Rand) {
	checkCols("BCM.TrainRandom", &set, len(b.W))
	if set.Rows == 0 {
		return
	}
	x := make([]float64, set.Cols)
	for range n {
		widen(x, set.Row(rng.IntN(set.Rows)))
		b.Step(x, eta)
	}
}

// Responses returns the output for each pattern.
func (b *BCM) Responses(patterns [][]float64) []float64 {
	r := make([]float64, len(patterns))
	for i, p := range patterns {
		r[i] = b.Output(p)
	}
	return r
}

// Selectivity returns Bienenstock's selectivity index 1 − mean(y)/max(y) over
// the patterns (0 for an unselective neuron, at most 1 − 1/len(patterns)).
// It returns 0 when the maximum response is not positive.
func (b *BCM) Selectivity(patterns [][]float64) float64 {
	r := b.Responses(patterns)
	if len(r) == 0 {
		return 0
	}
	var sum, mx float64
	mx = math.Inf(-1)
	for _, v := range r {
		sum += v
		mx = math.Max(mx, v)
	}
	if mx <= 0 {
		return 0
	}
	return 1 - sum/float64(len(r))/mx
}

// Normalization selects the competitive-learning normalisation.
type Normalization int

const (
	// NormL1: x̂ = x/|x|₁, weights sum to 1 (Rumelhart & Zipser's form,
	// for non-negative inputs).
	NormL1 Normalization = iota
	// NormL2: x̂ = x/|x|₂, weights renormalised to unit length.
	NormL2
)

// Competitive is a layer of K winner-take-all units (Rumelhart & Zipser
// 1985). Weights are float32, unit j's N weights at W[j*N : (j+1)*N]; the
// winner search is one matrix-vector product (internal/gemm), so a layer
// of 400 units learns the 60,000 MNIST digits in about a second an epoch.
type Competitive struct {
	K, N int
	W    []float32 // K × N, row-major
	Norm Normalization
	Leak float64 // losers learn at rate Leak·η (0: pure winner-take-all)
	// Stop, when set, is asked every 256 patterns of Train; when it
	// returns true training stops there (cancellation).
	Stop func() bool

	score []float32 // K (or chunk × K in Assign)
	x     []float32 // N
}

// NewCompetitive returns k units of n inputs with random normalised weights:
// uniform in [0,1) then scaled to sum 1 (NormL1), or Gaussian scaled to unit
// length (NormL2).
func NewCompetitive(k, n int, norm Normalization, rng *rand.Rand) *Competitive {
	if k < 1 || n < 1 {
		panic("hebbian: NewCompetitive: k and n must be >= 1")
	}
	c := &Competitive{K: k, N: n, W: make([]float32, k*n), Norm: norm, score: make([]float32, k), x: make([]float32, n)}
	for j := range k {
		w := c.Unit(j)
		for i := range w {
			if norm == NormL1 {
				w[i] = float32(rng.Float64())
			} else {
				w[i] = float32(rng.NormFloat64())
			}
		}
		c.normalize(w)
	}
	return c
}

// Unit returns the weights of unit j, aliasing W.
func (c *Competitive) Unit(j int) []float32 { return c.W[j*c.N : (j+1)*c.N : (j+1)*c.N] }

// InitFrom sets every unit's weights to a different pattern of set drawn
// at random (normalised), the usual start for competitive learning on
// data that fills only part of the input space (images): random weights
// there leave most units dead, never winning. It panics if set has fewer
// patterns than units or other columns.
func (c *Competitive) InitFrom(set dataset.Set, rng *rand.Rand) {
	checkCols("Competitive.InitFrom", &set, c.N)
	if set.Rows < c.K {
		panic(fmt.Sprintf("hebbian: Competitive.InitFrom: %d patterns for %d units", set.Rows, c.K))
	}
	for j, i := range rng.Perm(set.Rows)[:c.K] {
		copy(c.Unit(j), set.Row(i))
		c.normalize(c.Unit(j))
	}
}

// normalize scales v to |v|₁ = 1 (NormL1) or |v|₂ = 1 (NormL2), summing
// in float64; a zero vector stays zero.
func (c *Competitive) normalize(v []float32) {
	var s float64
	for _, x := range v {
		if c.Norm == NormL1 {
			s += math.Abs(float64(x))
		} else {
			s += float64(x) * float64(x)
		}
	}
	if c.Norm == NormL2 {
		s = math.Sqrt(s)
	}
	if s == 0 {
		return
	}
	inv := float32(1 / s)
	for i := range v {
		v[i] *= inv
	}
}

// winner returns the unit with the largest score (lowest index on ties).
func winner(score []float32) int {
	best := 0
	for j, v := range score {
		if v > score[best] {
			best = j
		}
	}
	return best
}

// Winner returns the index of the unit with the largest w·x (lowest index
// on ties).
func (c *Competitive) Winner(x []float32) int {
	gemm.Sgemm(false, true, 1, c.K, c.N, 1, x, c.N, c.W, c.N, 0, c.score, c.K)
	return winner(c.score)
}

// Step normalises a copy of x, finds the winner, moves it towards x̂ with
// rate eta (losers with rate Leak·eta) and returns the winner.
func (c *Competitive) Step(x []float32, eta float64) int {
	copy(c.x, x)
	c.normalize(c.x)
	win := c.Winner(c.x)
	for j := range c.K {
		r := eta
		if j != win {
			if c.Leak == 0 {
				continue
			}
			r = c.Leak * eta
		}
		w := c.Unit(j)
		gemm.Saxpy(float32(-r), w, w)  // w -= r w
		gemm.Saxpy(float32(r), c.x, w) // w += r x̂
		if c.Norm == NormL2 {
			c.normalize(w)
		}
	}
	return win
}

// Train presents the patterns of set for epochs epochs, each in a fresh
// random order drawn from rng.
func (c *Competitive) Train(set dataset.Set, epochs int, eta float64, rng *rand.Rand) {
	checkCols("Competitive.Train", &set, c.N)
	for range epochs {
		for k, i := range rng.Perm(set.Rows) {
			if k&255 == 255 && c.Stop != nil && c.Stop() {
				return
			}
			c.Step(set.Row(i), eta)
		}
	}
}

// Assign returns the winning unit for every pattern of set (in chunks of
// 256 patterns, one matrix product each).
func (c *Competitive) Assign(set dataset.Set) []int {
	checkCols("Competitive.Assign", &set, c.N)
	const chunk = 256
	out := make([]int, set.Rows)
	xs := make([]float32, chunk*c.N)
	sc := make([]float32, chunk*c.K)
	for r0 := 0; r0 < set.Rows; r0 += chunk {
		n := min(chunk, set.Rows-r0)
		copy(xs, set.X[r0*c.N:(r0+n)*c.N])
		for b := range n {
			c.normalize(xs[b*c.N : (b+1)*c.N])
		}
		gemm.Sgemm(false, true, n, c.K, c.N, 1, xs, c.N, c.W, c.N, 0, sc, c.K)
		for b := range n {
			out[r0+b] = winner(sc[b*c.K : (b+1)*c.K])
		}
	}
	return out
}

// Features returns a set of Rows × K one-hot winner codes for a readout,
// keeping the labels, targets and name of set.
func (c *Competitive) Features(set dataset.Set) dataset.Set {
	win := c.Assign(set)
	k := c.K
	f := dataset.Set{
		Name: set.Name + "-competitive", Rows: set.Rows, Cols: k, Shape: []int{k},
		X: make([]float32, set.Rows*k), Y: set.Y, Classes: set.Classes,
		Targets: set.Targets, TargetCols: set.TargetCols,
	}
	for r, j := range win {
		f.X[r*k+j] = 1
	}
	return f
}
