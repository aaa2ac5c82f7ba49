package rbm

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/internal/gemm"
)

// chunk is the number of rows the whole-set methods push through one
// matrix product.
const chunk = 1024

// HiddenProbs returns p(h_i=1 | v) = σ(c_i + Σ_j W_ij v_j) for the n rows
// of v (n × Visible, row-major) as a new n × Hidden matrix. It panics if
// len(v) != n·Visible.
func (r *RBM) HiddenProbs(v []float32, n int) []float32 {
	if len(v) != n*r.Visible {
		panic(fmt.Sprintf("rbm: HiddenProbs: %d values, want %d rows × %d", len(v), n, r.Visible))
	}
	h := make([]float32, n*r.Hidden)
	for s := 0; s < n; s += chunk {
		m := min(chunk, n-s)
		r.hiddenProbs(v[s*r.Visible:(s+m)*r.Visible], m, h[s*r.Hidden:(s+m)*r.Hidden])
	}
	return h
}

// VisibleProbs returns p(v | h) for the n rows of h (n × Hidden) as a new
// n × Visible matrix: σ(b_j + Σ_i W_ij h_i) for the logistic units and the
// softmax of b_k + Σ_i W_ik h_i over the label group. It panics if
// len(h) != n·Hidden.
func (r *RBM) VisibleProbs(h []float32, n int) []float32 {
	if len(h) != n*r.Hidden {
		panic(fmt.Sprintf("rbm: VisibleProbs: %d values, want %d rows × %d", len(h), n, r.Hidden))
	}
	v := make([]float32, n*r.Visible)
	for s := 0; s < n; s += chunk {
		m := min(chunk, n-s)
		r.visibleProbs(h[s*r.Hidden:(s+m)*r.Hidden], m, v[s*r.Visible:(s+m)*r.Visible])
	}
	return v
}

// Features returns a new set of the hidden probabilities p(h | v) of the
// set's patterns, with the same labels and name suffixed "/rbm": the
// input of the next layer of a stack, or of a linear readout. It panics
// if the set does not have Visible columns.
func (r *RBM) Features(set dataset.Set) dataset.Set {
	r.checkSet("Features", &set)
	out := dataset.Set{
		Name: set.Name + "/rbm", Rows: set.Rows, Cols: r.Hidden,
		X: r.HiddenProbs(set.X, set.Rows), Classes: set.Classes,
		Shape: []int{r.Hidden},
	}
	if set.Y != nil {
		out.Y = append([]int(nil), set.Y...)
	}
	return out
}

// ReconError returns the mean over the set's patterns of
// Σ_j (v_j - v'_j)² with v' = p(v | p(h | v)): the deterministic
// (mean-field) reconstruction, free of sampling noise, unlike the
// per-epoch error [RBM.Train] returns.
func (r *RBM) ReconError(set dataset.Set) float64 {
	r.checkSet("ReconError", &set)
	if set.Rows == 0 {
		return 0
	}
	m0 := min(chunk, set.Rows)
	h := make([]float32, m0*r.Hidden)
	v := make([]float32, m0*r.Visible)
	var s float64
	for b := 0; b < set.Rows; b += chunk {
		m := min(chunk, set.Rows-b)
		x := set.X[b*r.Visible : (b+m)*r.Visible]
		r.hiddenProbs(x, m, h[:m*r.Hidden])
		r.visibleProbs(h[:m*r.Hidden], m, v[:m*r.Visible])
		s += sqDiff(x, v[:m*r.Visible])
	}
	return s / float64(set.Rows)
}

// FreeEnergy returns F(v) = -Σ_j b_j v_j - Σ_i ln(1 + e^(c_i + Σ_j W_ij v_j))
// of one visible vector, in float64, so that p(v) = e^(-F(v)) / Z. It
// panics if len(v) != Visible.
func (r *RBM) FreeEnergy(v []float32) float64 {
	return r.FreeEnergies(v, 1)[0]
}

// FreeEnergies returns F(v) of the n rows of v (n × Visible).
func (r *RBM) FreeEnergies(v []float32, n int) []float64 {
	if len(v) != n*r.Visible {
		panic(fmt.Sprintf("rbm: FreeEnergies: %d values, want %d rows × %d", len(v), n, r.Visible))
	}
	f := make([]float64, n)
	x := make([]float32, min(chunk, n)*r.Hidden)
	for s := 0; s < n; s += chunk {
		m := min(chunk, n-s)
		vs := v[s*r.Visible : (s+m)*r.Visible]
		gemm.Sgemm(false, true, m, r.Hidden, r.Visible, 1, vs, r.Visible, r.W, r.Visible, 0, x, r.Hidden)
		for b := range m {
			var e float64
			for j, vj := range vs[b*r.Visible : (b+1)*r.Visible] {
				e -= float64(r.VBias[j]) * float64(vj)
			}
			for i, xi := range x[b*r.Hidden : (b+1)*r.Hidden] {
				e -= softplus(float64(xi) + float64(r.HBias[i]))
			}
			f[s+b] = e
		}
	}
	return f
}

// Gibbs runs steps sweeps of block Gibbs sampling on the n chains whose
// visible states are the rows of v (n × Visible, updated in place): h ~
// p(h | v), then v ~ p(v | h) (Bernoulli for the logistic units, one-hot
// for the label group). Units j with clamp[j] true keep their values in v
// (clamp may be nil); the label group is sampled only when none of its
// units is clamped. steps must be at least 1. It returns p(v | h) of the last sweep, with the
// clamped units set to their values: the mean image the last samples
// were drawn from. Sampling draws from a PCG seeded by rng, so a seed
// gives the same chains. It panics on sizes that do not fit.
func (r *RBM) Gibbs(v []float32, n, steps int, clamp []bool, rng *rand.Rand) []float32 {
	return r.gibbs(v, n, steps, clamp, rng, nil)
}

// gibbs is Gibbs that asks stop (when not nil) after every sweep and ends
// there when it returns true.
func (r *RBM) gibbs(v []float32, n, steps int, clamp []bool, rng *rand.Rand, stop func() bool) []float32 {
	if len(v) != n*r.Visible || (clamp != nil && len(clamp) != r.Visible) {
		panic(fmt.Sprintf("rbm: Gibbs: %d values for %d rows × %d, clamp mask of %d", len(v), n, r.Visible, len(clamp)))
	}
	src := rand.NewPCG(rng.Uint64(), rng.Uint64())
	h := make([]float32, n*r.Hidden)
	p := make([]float32, n*r.Visible)
	keep := append([]float32(nil), v...)
	nl := r.Visible - r.Labels
	labelsClamped := false
	if clamp != nil {
		labelsClamped = slices.Contains(clamp[nl:], true)
	}
	for range steps {
		r.hiddenProbs(v, n, h)
		bernoulli(h, h, src)
		r.visibleProbs(h, n, p)
		copy(v, p)
		for b := range n {
			row := v[b*r.Visible : (b+1)*r.Visible]
			bernoulli(row[:nl], row[:nl], src)
			if r.Labels > 0 && !labelsClamped {
				categorical(row[nl:], src)
			}
		}
		if clamp != nil {
			for b := range n {
				o := b * r.Visible
				for j, c := range clamp {
					if c {
						v[o+j] = keep[o+j]
						p[o+j] = keep[o+j]
					}
				}
			}
		}
		if stop != nil && stop() {
			break
		}
	}
	return p
}

// gemmNT sets c (m × n) = a (m × k, row stride lda) · b (n × k, row
// stride ldb)ᵀ.
func gemmNT(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32) {
	gemm.Sgemm(false, true, m, n, k, 1, a, lda, b, ldb, 0, c, n)
}
