package dataset

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// logic returns the 4 patterns of a two-input Boolean function, in the
// order 00, 01, 10, 11.
func logic(name string, f func(a, b int) int) Set {
	s := Set{Name: name, Rows: 4, Cols: 2, Classes: 2, Shape: []int{2}}
	for a := range 2 {
		for b := range 2 {
			s.X = append(s.X, float32(a), float32(b))
			s.Y = append(s.Y, f(a, b))
		}
	}
	return s
}

// XOR returns the 4 patterns of exclusive or: inputs 00, 01, 10, 11,
// labels 0, 1, 1, 0.
func XOR() Set { return logic("xor", func(a, b int) int { return a ^ b }) }

// AND returns the 4 patterns of logical and: labels 0, 0, 0, 1.
func AND() Set { return logic("and", func(a, b int) int { return a & b }) }

// OR returns the 4 patterns of logical or: labels 0, 1, 1, 1.
func OR() Set { return logic("or", func(a, b int) int { return a | b }) }

// Parity returns all 2^n binary patterns of n inputs, pattern i being i
// written in binary with the most significant bit first, labelled 1 when
// it has an odd number of ones. It panics unless 1 <= n <= 24.
func Parity(n int) Set {
	if n < 1 || n > 24 {
		panic(fmt.Sprintf("dataset: Parity(%d): n must be in [1,24]", n))
	}
	rows := 1 << n
	s := Set{
		Name: fmt.Sprintf("parity-%d", n), Rows: rows, Cols: n, Classes: 2,
		Shape: []int{n}, X: make([]float32, rows*n), Y: make([]int, rows),
	}
	for i := range rows {
		for j := range n {
			s.X[i*n+j] = float32(i >> (n - 1 - j) & 1)
		}
		s.Y[i] = bits.OnesCount(uint(i)) & 1
	}
	return s
}

// Encoder returns the encoder problem of Ackley, Hinton & Sejnowski
// (1985): n patterns, pattern i being the one-hot vector e_i both as
// input (X) and as target (Targets), labelled i. The 4-2-4 and 4-3-4
// problems use n = 4, 8-3-8 uses n = 8, 40-10-40 uses n = 40; the hidden
// size is the learner's business, name only labels the set (empty gives
// "encoder-<n>"). It panics if n < 1.
func Encoder(n int, name string) Set {
	if n < 1 {
		panic(fmt.Sprintf("dataset: Encoder(%d): n must be positive", n))
	}
	if name == "" {
		name = fmt.Sprintf("encoder-%d", n)
	}
	s := Set{
		Name: name, Rows: n, Cols: n, Classes: n, TargetCols: n, Shape: []int{n},
		X: make([]float32, n*n), Y: make([]int, n),
	}
	for i := range n {
		s.X[i*n+i] = 1
		s.Y[i] = i
	}
	s.Targets = append([]float32(nil), s.X...)
	return s
}

// Normal is a multivariate Gaussian N(Mean, cov) ready to sample: x =
// Mean + L z, L the Cholesky factor of cov and z standard normal. PC1 is
// the unit eigenvector of cov with the largest eigenvalue (the first
// principal component, what Oja's rule converges to), signed so that its
// first component of magnitude above 1e-6 is positive.
type Normal struct {
	Mean []float64 // nil: zero
	PC1  []float64
	l    mat.TriDense
	z    []float64
}

// NewNormal checks cov (d × d, finite, symmetric, positive definite) and
// mean (nil or d values) and factorises cov.
func NewNormal(mean []float64, cov [][]float64) (*Normal, error) {
	d := len(cov)
	if d == 0 {
		return nil, fmt.Errorf("dataset: Gaussian: empty covariance")
	}
	if mean != nil && len(mean) != d {
		return nil, fmt.Errorf("dataset: Gaussian: %d means for a %d x %d covariance", len(mean), d, d)
	}
	flat := make([]float64, 0, d*d)
	for i, row := range cov {
		if len(row) != d {
			return nil, fmt.Errorf("dataset: Gaussian: covariance row %d has %d entries, want %d", i, len(row), d)
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("dataset: Gaussian: covariance[%d][%d] = %v", i, j, v)
			}
			if w := cov[j][i]; math.Abs(v-w) > 1e-12*math.Max(math.Abs(v), math.Abs(w)) {
				return nil, fmt.Errorf("dataset: Gaussian: covariance not symmetric: [%d][%d] = %v, [%d][%d] = %v", i, j, v, j, i, w)
			}
		}
		flat = append(flat, row...)
	}
	sym := mat.NewSymDense(d, flat)
	var ch mat.Cholesky
	if !ch.Factorize(sym) {
		return nil, fmt.Errorf("dataset: Gaussian: covariance is not positive definite")
	}
	g := &Normal{Mean: mean, z: make([]float64, d)}
	ch.LTo(&g.l)
	var es mat.EigenSym
	if !es.Factorize(sym, true) {
		return nil, fmt.Errorf("dataset: Gaussian: eigendecomposition of the covariance failed")
	}
	var vecs mat.Dense
	es.VectorsTo(&vecs)
	vals := es.Values(nil)
	top := 0
	for k := range vals {
		if vals[k] > vals[top] {
			top = k
		}
	}
	g.PC1 = mat.Col(nil, top, &vecs)
	if g.PC1[firstNonzero(g.PC1)] < 0 {
		for k := range g.PC1 {
			g.PC1[k] = -g.PC1[k]
		}
	}
	return g, nil
}

// Sample draws one sample into x (len d), in float64.
func (g *Normal) Sample(rng *rand.Rand, x []float64) {
	d := len(g.z)
	for j := range g.z {
		g.z[j] = rng.NormFloat64()
	}
	for i := range d {
		var v float64
		for j := 0; j <= i; j++ {
			v += g.l.At(i, j) * g.z[j]
		}
		if g.Mean != nil {
			v += g.Mean[i]
		}
		x[i] = v
	}
}

// Gaussian draws n samples of a zero-mean Gaussian with covariance cov
// (d × d, symmetric, positive definite; see Normal) and stores them as
// float32 in a set with no labels. It also returns the covariance's first
// principal component (Normal.PC1).
func Gaussian(cov [][]float64, n int, rng *rand.Rand) (Set, []float64, error) {
	if n < 0 {
		return Set{}, nil, fmt.Errorf("dataset: Gaussian: negative sample count %d", n)
	}
	g, err := NewNormal(nil, cov)
	if err != nil {
		return Set{}, nil, err
	}
	d := len(cov)
	s := Set{Name: "gaussian", Rows: n, Cols: d, Shape: []int{d}, X: make([]float32, n*d)}
	x := make([]float64, d)
	for r := range n {
		g.Sample(rng, x)
		for i, v := range x {
			s.X[r*d+i] = float32(v)
		}
	}
	return s, g.PC1, nil
}

// firstNonzero returns the index of the first component of the unit
// vector v with magnitude above 1e-6 (one exists: some component is at
// least 1/sqrt(len(v))).
func firstNonzero(v []float64) int {
	for k, x := range v {
		if math.Abs(x) > 1e-6 {
			return k
		}
	}
	return 0
}
