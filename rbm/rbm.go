package rbm

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/internal/gemm"
)

// RBM is a binary restricted Boltzmann machine in float32: Visible units
// v_j and Hidden units h_i, weights W stored Hidden × Visible row-major
// (W[i*Visible+j] couples h_i and v_j), visible biases VBias (b_j) and
// hidden biases HBias (c_i). When Labels > 0 the last Labels visible
// units form one softmax group (a 1-of-Labels class code); the others
// are logistic. See the package documentation for the equations.
type RBM struct {
	Visible, Hidden int
	Labels          int
	W               []float32 // Hidden × Visible, row-major
	VBias           []float32 // b, len Visible
	HBias           []float32 // c, len Hidden

	vW, vB, vC []float32 // momentum velocities
	chain      []float32 // PCD: persistent hidden states, chains × Hidden
	chains     int
}

// New returns an RBM with visible units (labels of them a softmax
// group at the end, 0 for none) and hidden units, weights drawn from
// N(0, 0.01²) (Hinton 2010, section 8) with rng and zero biases. It
// panics on sizes below 1 or labels outside [0, visible).
func New(visible, hidden, labels int, rng *rand.Rand) *RBM {
	if visible < 1 || hidden < 1 || labels < 0 || labels >= visible {
		panic(fmt.Sprintf("rbm: New(%d, %d, %d): need visible, hidden >= 1 and 0 <= labels < visible", visible, hidden, labels))
	}
	r := &RBM{
		Visible: visible, Hidden: hidden, Labels: labels,
		W:     make([]float32, hidden*visible),
		VBias: make([]float32, visible),
		HBias: make([]float32, hidden),
	}
	for i := range r.W {
		r.W[i] = float32(0.01 * rng.NormFloat64())
	}
	return r
}

// Options configure [RBM.Train].
type Options struct {
	Epochs int // passes over the set
	Batch  int // patterns per minibatch (<= 0 or > rows: whole set)
	// LR is the learning rate ε of the minibatch-mean gradient.
	LR float32
	// Momentum μ is used from epoch MomentumAfter+1 on, InitialMomentum
	// before (Hinton 2010, section 9: 0.5, then 0.9 after 5 epochs).
	Momentum, InitialMomentum float32
	MomentumAfter             int
	// WeightDecay is the L2 coefficient λ: the update gets -ε λ W
	// (weights only, not biases).
	WeightDecay float32
	// K is the number of Gibbs steps of CD-k or PCD-k (0 means 1).
	K int
	// Persistent selects persistent contrastive divergence (Tieleman
	// 2008) with Batch persistent chains, kept across calls to Train.
	Persistent bool
	// Rng draws the pattern order of every epoch and seeds the PCG
	// stream all sampling uses; it is required.
	Rng *rand.Rand
	// Progress, if set, is called after every epoch with the epoch
	// (from 1) and its reconstruction error.
	Progress func(epoch int, reconErr float64)
	// Stop, if set, is asked after every minibatch; when it returns true
	// training stops there (cancellation).
	Stop func() bool
}

// DefaultOptions returns the settings of Hinton's practical guide for
// binary units: CD-1, minibatches of 100, ε = 0.1, momentum 0.5 for 5
// epochs then 0.9, weight decay 2·10⁻⁴, and 10 epochs.
func DefaultOptions(rng *rand.Rand) Options {
	return Options{
		Epochs: 10, Batch: 100, LR: 0.1,
		InitialMomentum: 0.5, Momentum: 0.9, MomentumAfter: 5,
		WeightDecay: 2e-4, K: 1, Rng: rng,
	}
}

// SetVisibleBiases sets b_j = ln(p_j/(1-p_j)) with p_j the mean of
// visible unit j over the set, clipped to [0.01, 0.99] (Hinton 2010,
// section 8). The label group gets b_k = ln p_k of the class
// frequencies (when the set has labels and Labels = Classes).
func (r *RBM) SetVisibleBiases(set dataset.Set) {
	r.checkSet("SetVisibleBiases", &set)
	if set.Rows == 0 {
		return
	}
	mean := make([]float64, set.Cols)
	for i := range set.Rows {
		for j, x := range set.Row(i) {
			mean[j] += float64(x)
		}
	}
	nl := r.Visible - r.Labels
	for j := range nl {
		p := min(max(mean[j]/float64(set.Rows), 0.01), 0.99)
		r.VBias[j] = float32(math.Log(p / (1 - p)))
	}
	for k := range r.Labels {
		p := max(mean[nl+k]/float64(set.Rows), 1e-3)
		r.VBias[nl+k] = float32(math.Log(p))
	}
}

func (r *RBM) checkSet(who string, set *dataset.Set) {
	if set.Cols != r.Visible {
		panic(fmt.Sprintf("rbm: RBM.%s: set %q has %d columns, want %d visible units", who, set.Name, set.Cols, r.Visible))
	}
	if len(set.X) != set.Rows*set.Cols {
		panic(fmt.Sprintf("rbm: RBM.%s: set %q has %d values, want %d×%d", who, set.Name, len(set.X), set.Rows, set.Cols))
	}
}

// Train fits the RBM to the set's inputs (values in [0,1], read as
// probabilities) by minibatch CD-k or PCD-k with momentum and weight
// decay, and returns the reconstruction error of every epoch: the mean
// over patterns of Σ_j (v_j - v'_j)², v' = p(v | h) with h sampled from
// p(h | v) (the first reconstruction of CD; in PCD a separate
// reconstruction from the data). Which quantities are probabilities and
// which are samples is given in the package documentation. It does not
// allocate per minibatch. It panics if the set does not fit or
// opt.Rng is nil.
func (r *RBM) Train(set dataset.Set, opt Options) []float64 {
	r.checkSet("Train", &set)
	if opt.Rng == nil {
		panic("rbm: RBM.Train: Options.Rng is nil")
	}
	if set.Rows == 0 || opt.Epochs <= 0 {
		return nil
	}
	bs := opt.Batch
	if bs <= 0 || bs > set.Rows {
		bs = set.Rows
	}
	k := max(opt.K, 1)
	nv, nh := r.Visible, r.Hidden
	src := rand.NewPCG(opt.Rng.Uint64(), opt.Rng.Uint64())
	V2 := make([]float32, 2*bs*nv) // rows [0,n): v0 data, [n,2n): negative visible
	H2 := make([]float32, 2*bs*nh) // rows [0,n): p(h|v0), [n,2n): negative p(h|v)
	hs := make([]float32, bs*nh)   // sampled hidden states
	var vr []float32               // PCD reconstruction buffer
	if opt.Persistent {
		vr = make([]float32, bs*nv)
		if r.chains != bs {
			r.chains = bs
			r.chain = nil
		}
	}
	if r.vW == nil {
		r.vW = make([]float32, len(r.W))
		r.vB = make([]float32, nv)
		r.vC = make([]float32, nh)
	}
	errs := make([]float64, 0, opt.Epochs)
	for ep := 1; ep <= opt.Epochs; ep++ {
		mu := opt.Momentum
		if ep <= opt.MomentumAfter {
			mu = opt.InitialMomentum
		}
		perm := opt.Rng.Perm(set.Rows)
		var recon float64
		for s := 0; s < set.Rows; s += bs {
			idx := perm[s:min(s+bs, set.Rows)]
			n := len(idx)
			v0, vn := V2[:n*nv], V2[n*nv:2*n*nv]
			h0, hn := H2[:n*nh], H2[n*nh:2*n*nh]
			for b, i := range idx {
				copy(v0[b*nv:(b+1)*nv], set.Row(i))
			}
			r.hiddenProbs(v0, n, h0)
			bernoulli(hs[:n*nh], h0, src)
			if !opt.Persistent {
				for step := 1; step <= k; step++ {
					r.visibleProbs(hs[:n*nh], n, vn)
					if step == 1 {
						recon += sqDiff(v0, vn)
					}
					r.hiddenProbs(vn, n, hn)
					if step < k {
						bernoulli(hs[:n*nh], hn, src)
					}
				}
			} else {
				r.visibleProbs(hs[:n*nh], n, vr[:n*nv])
				recon += sqDiff(v0, vr[:n*nv])
				if r.chain == nil { // start the chains at the first batch's hidden samples
					r.chain = make([]float32, bs*nh)
					for c := range bs {
						copy(r.chain[c*nh:(c+1)*nh], hs[(c%n)*nh:(c%n+1)*nh])
					}
				}
				ch := r.chain[:n*nh]
				for range k {
					r.visibleProbs(ch, n, vn)
					r.sampleVisible(vn, n, src)
					r.hiddenProbs(vn, n, hn)
					bernoulli(ch, hn, src)
				}
			}
			r.update(V2[:2*n*nv], H2[:2*n*nh], n, opt.LR, mu, opt.WeightDecay)
			if opt.Stop != nil && opt.Stop() {
				return append(errs, recon/float64(s+n))
			}
		}
		e := recon / float64(set.Rows)
		errs = append(errs, e)
		if opt.Progress != nil {
			opt.Progress(ep, e)
		}
	}
	return errs
}

// update applies one minibatch step from the positive rows [0,n) and
// negative rows [n,2n) of V2 and H2 (H2's negative rows are negated in
// the process): v = μ v + ε/n (Σ h⁺v⁺ᵀ - Σ h⁻v⁻ᵀ) - ε λ W, W += v.
func (r *RBM) update(V2, H2 []float32, n int, lr, mu, decay float32) {
	nv, nh := r.Visible, r.Hidden
	a := lr / float32(n)
	for j := range r.vB {
		r.vB[j] *= mu
	}
	for i := range r.vC {
		r.vC[i] *= mu
	}
	// Bias gradients: column sums of positive minus negative rows.
	for b := range n {
		pv, nvr := V2[b*nv:(b+1)*nv], V2[(n+b)*nv:(n+b+1)*nv]
		for j := range r.vB {
			r.vB[j] += a * (pv[j] - nvr[j])
		}
	}
	hn := H2[n*nh : 2*n*nh]
	for b := range n {
		ph, nhr := H2[b*nh:(b+1)*nh], hn[b*nh:(b+1)*nh]
		for i := range r.vC {
			r.vC[i] += a * (ph[i] - nhr[i])
		}
	}
	for j, v := range r.vB {
		r.VBias[j] += v
	}
	for i, v := range r.vC {
		r.HBias[i] += v
	}
	for i := range hn {
		hn[i] = -hn[i]
	}
	if mu == 0 && decay == 0 {
		// Plain SGD: accumulate the product straight into W.
		gemm.Sgemm(true, false, nh, nv, 2*n, a, H2, nh, V2, nv, 1, r.W, nv)
		return
	}
	gemm.Sgemm(true, false, nh, nv, 2*n, a, H2, nh, V2, nv, mu, r.vW, nv)
	W, vW := r.W, r.vW[:len(r.W)]
	if decay != 0 {
		d := lr * decay
		for i, w := range W {
			v := vW[i] - d*w
			vW[i] = v
			W[i] = w + v
		}
		return
	}
	for i, v := range vW {
		W[i] += v
	}
}

func sqDiff(a, b []float32) float64 {
	var s float32
	b = b[:len(a)]
	for i, x := range a {
		d := x - b[i]
		s += d * d
	}
	return float64(s)
}

// hiddenProbs writes p(h=1 | v) = σ(c + W v) of the n rows of v
// (n × Visible) into h (n × Hidden).
func (r *RBM) hiddenProbs(v []float32, n int, h []float32) {
	gemm.Sgemm(false, true, n, r.Hidden, r.Visible, 1, v, r.Visible, r.W, r.Visible, 0, h, r.Hidden)
	sigmoidBias(h, n, r.Hidden, r.Hidden, r.HBias)
}

// visibleProbs writes p(v | h) of the n rows of h (n × Hidden) into v
// (n × Visible): σ(b + Wᵀh) for the logistic units, the softmax over the
// label group.
func (r *RBM) visibleProbs(h []float32, n int, v []float32) {
	gemm.Sgemm(false, false, n, r.Visible, r.Hidden, 1, h, r.Hidden, r.W, r.Visible, 0, v, r.Visible)
	nl := r.Visible - r.Labels
	sigmoidBias(v, n, nl, r.Visible, r.VBias)
	if r.Labels > 0 {
		softmaxBias(v, n, r.Visible, nl, r.VBias[nl:])
	}
}

// sampleVisible replaces the visible probabilities v (n rows) by a
// sample: Bernoulli for the logistic units, one-hot for the labels.
func (r *RBM) sampleVisible(v []float32, n int, src *rand.PCG) {
	nl := r.Visible - r.Labels
	for b := range n {
		row := v[b*r.Visible : (b+1)*r.Visible]
		bernoulli(row[:nl], row[:nl], src)
		if r.Labels > 0 {
			categorical(row[nl:], src)
		}
	}
}
