package learn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/internal/gemm"
	"github.com/brainsim/brainsim/internal/vecmath"
)

// Activation is the nonlinearity of the hidden layers of an [MLP].
type Activation int

const (
	Sigmoid Activation = iota // 1/(1+e^-z), derivative a(1-a)
	Tanh                      // tanh z, derivative 1-a^2
	ReLU                      // max(0,z), derivative [z>0]
)

func (a Activation) String() string {
	switch a {
	case Sigmoid:
		return "sigmoid"
	case Tanh:
		return "tanh"
	case ReLU:
		return "relu"
	}
	return fmt.Sprintf("Activation(%d)", int(a))
}

// Output is the output layer of an [MLP] together with its loss.
type Output int

const (
	// Softmax outputs p_k = e^z_k / sum_j e^z_j with the cross-entropy
	// loss -log p_y against the label Y (needs Y and Classes = outputs).
	Softmax Output = iota
	// SigmoidMSE outputs 1/(1+e^-z) with the loss 1/2 sum_k (y_k - t_k)^2.
	SigmoidMSE
	// LinearMSE outputs z with the loss 1/2 sum_k (y_k - t_k)^2.
	LinearMSE
	// ReLUMSE outputs max(0, z) under the squared error, trained as
	// DeepLearnToolbox's nnbp trains its "relu" output (the output of
	// Tadros et al.'s SRC networks): the error y - t passes back as
	// dL/dz without the ReLU's derivative, so an output stuck at 0 is
	// still pulled towards its target.
	ReLUMSE
)

func (o Output) String() string {
	switch o {
	case Softmax:
		return "softmax"
	case SigmoidMSE:
		return "sigmoid"
	case LinearMSE:
		return "linear"
	case ReLUMSE:
		return "relu_mse"
	}
	return fmt.Sprintf("Output(%d)", int(o))
}

// MLP is a feed-forward network of fully connected layers in float32.
// Layer l maps Sizes[l] inputs to Sizes[l+1] units: z = W[l] a + B[l],
// W[l] stored Sizes[l+1] × Sizes[l] row-major.
type MLP struct {
	Sizes  []int
	Hidden Activation
	Out    Output
	W, B   [][]float32

	vW, vB [][]float32 // momentum velocities
	// Scratch space of a minibatch, and the settings of the Train in
	// progress (set from its Options), are not a checkpoint's.
	gW, gB [][]float32 `snap:"-"` // minibatch gradients
	act    [][]float32 `snap:"-"` // activations per layer, batch × Sizes[l]
	del    [][]float32 `snap:"-"` // back-propagated errors per layer, batch × Sizes[l]
	batch  int         `snap:"-"` // rows the act/del buffers hold
	tbuf   []float32   `snap:"-"`

	noBias  bool        `snap:"-"` // Train with Options.NoBias
	drop    float32     `snap:"-"` // dropout fraction during Train (0 outside)
	dropRng *rand.Rand  `snap:"-"` // draws the dropout masks during Train
	invDrop bool        `snap:"-"` // inverted dropout (Options.InvertedDropout)
	mask    [][]float32 `snap:"-"` // dropout masks per layer, batch × Sizes[l] (1 kept, 0 dropped)
}

// Options configure [MLP.Train].
type Options struct {
	Epochs   int        // passes over the set
	Batch    int        // patterns per minibatch (<= 0 or > rows: whole set)
	LR       float32    // learning rate η
	Momentum float32    // μ in v = μ v - η g, w += v
	Rng      *rand.Rand // draws the pattern order of every epoch
	// StopAt, when > 0, ends training after the first epoch at whose end
	// Accuracy(set) >= StopAt.
	StopAt float64
	// LRDecay, when in (0, 1), multiplies the learning rate after every
	// epoch (0 or 1: constant).
	LRDecay float32
	// Epoch, when set, is called after every epoch with its number; when
	// it returns false training stops there (cancellation, progress).
	Epoch func(ep int) bool
	// Stop, when set, is asked after every minibatch; when it returns
	// true training stops there (cancellation within an epoch).
	Stop func() bool
	// NoBias freezes the biases (zero after NewMLP): the network computes
	// z = W a, as in Tadros et al.'s SRC networks.
	NoBias bool
	// Dropout, when in (0, 1), zeroes every hidden unit with this
	// probability in each training pattern (Hinton et al. 2012), without
	// rescaling the kept ones, as DeepLearnToolbox does; the trained
	// network is used as is (for ReLU units without biases a test-time
	// factor 1-p would not change the argmax).
	Dropout float32
	// InvertedDropout scales the kept units by 1/(1-Dropout) in training
	// (PyTorch's nn.Dropout), so the trained network sees activations of
	// the same mean in training and use.
	InvertedDropout bool
	// Step, when set, is called after every minibatch update with the
	// learning rate in effect (e.g. to apply an EWC penalty step).
	Step func(lr float32)
	// Checkpoint, when set, is called after every minibatch (after Step,
	// before Stop) with where training stands: with the network and the
	// Rng, all a later Train needs to continue from there (Resume).
	Checkpoint func(st *TrainState)
	// Resume, when set, continues a training from the state a
	// Checkpoint was given (on the same network, with the same Rng
	// state): the result is the same, bit for bit, as a training that was
	// never stopped.
	Resume *TrainState
}

// TrainState is where MLP.Train stands between two minibatches: in epoch
// Epoch (from 1), Next is the place in Perm (the epoch's pattern order) of
// the next minibatch's first pattern (Perm's length at the epoch's end),
// and LR the learning rate in effect.
type TrainState struct {
	Epoch, Next int
	LR          float32
	Perm        []int
}

// NewMLP returns a network with the given layer sizes (at least input
// and output), hidden activation and output layer. Weights are drawn
// uniform in ±sqrt(6/(fan_in+fan_out)) (Glorot) for sigmoid and tanh
// hidden units, ±sqrt(6/fan_in) (He) for ReLU, from rng; biases are
// zero. It panics on fewer than two sizes or a size below 1.
func NewMLP(sizes []int, hidden Activation, out Output, rng *rand.Rand) *MLP {
	return NewMLPInit(sizes, hidden, out, rng, nil)
}

// NewMLPInit is NewMLP with the initial weights of some layers drawn by
// init: when init[l] is non-nil it draws every weight of layer l, in the
// order of W[l], instead of the default (it gets rng; a constant need
// not draw from it). init may be shorter than the layers; the layers
// without an init draw from rng as NewMLP does, so NewMLPInit with a nil
// init is NewMLP, random stream included.
func NewMLPInit(sizes []int, hidden Activation, out Output, rng *rand.Rand, init []func(*rand.Rand) float32) *MLP {
	if len(sizes) < 2 {
		panic(fmt.Sprintf("learn: NewMLP(%v): need at least input and output sizes", sizes))
	}
	for _, s := range sizes {
		if s < 1 {
			panic(fmt.Sprintf("learn: NewMLP(%v): sizes must be positive", sizes))
		}
	}
	if hidden < Sigmoid || hidden > ReLU || out < Softmax || out > ReLUMSE {
		panic(fmt.Sprintf("learn: NewMLP: unknown activation %v or output %v", hidden, out))
	}
	m := &MLP{Sizes: append([]int(nil), sizes...), Hidden: hidden, Out: out}
	L := len(sizes) - 1
	m.W, m.B = make([][]float32, L), make([][]float32, L)
	m.vW, m.vB = make([][]float32, L), make([][]float32, L)
	m.gW, m.gB = make([][]float32, L), make([][]float32, L)
	for l := range L {
		in, o := sizes[l], sizes[l+1]
		lim := math.Sqrt(6 / float64(in+o))
		if hidden == ReLU && l < L-1 {
			lim = math.Sqrt(6 / float64(in))
		}
		m.W[l] = make([]float32, in*o)
		if l < len(init) && init[l] != nil {
			for i := range m.W[l] {
				m.W[l][i] = init[l](rng)
			}
		} else {
			for i := range m.W[l] {
				m.W[l][i] = float32((2*rng.Float64() - 1) * lim)
			}
		}
		m.B[l] = make([]float32, o)
		m.vW[l], m.vB[l] = make([]float32, in*o), make([]float32, o)
		m.gW[l], m.gB[l] = make([]float32, in*o), make([]float32, o)
	}
	m.tbuf = make([]float32, sizes[L])
	return m
}

func (m *MLP) inputs() int  { return m.Sizes[0] }
func (m *MLP) outputs() int { return m.Sizes[len(m.Sizes)-1] }

// reserve sizes the per-layer buffers for n rows (only ever grows).
func (m *MLP) reserve(n int) {
	if n <= m.batch {
		return
	}
	m.batch = n
	m.act = make([][]float32, len(m.Sizes))
	m.del = make([][]float32, len(m.Sizes))
	for l, s := range m.Sizes {
		m.act[l] = make([]float32, n*s)
		m.del[l] = make([]float32, n*s)
	}
}

// forward computes the activations of rows rows of set (pattern indices
// idx) into m.act; m.reserve(len(idx)) must have been called.
func (m *MLP) forward(set *dataset.Set, idx []int) {
	n0 := m.Sizes[0]
	for b, i := range idx {
		copy(m.act[0][b*n0:(b+1)*n0], set.Row(i))
	}
	m.propagate(len(idx))
}

// propagate runs layers 1..L on the first n rows of m.act[0]: one
// matrix product per layer, Z = A·Wᵀ (gemm.Sgemm), plus the bias and the
// activation.
func (m *MLP) propagate(n int) {
	L := len(m.Sizes) - 1
	for l := range L {
		in, o := m.Sizes[l], m.Sizes[l+1]
		z := m.act[l+1][:n*o]
		gemm.Sgemm(false, true, n, o, in, 1, m.act[l], in, m.W[l], in, 0, z, o)
		B := m.B[l]
		for b := range n {
			y := z[b*o : (b+1)*o : (b+1)*o]
			if (l < L-1 && m.Hidden == Sigmoid) || (l == L-1 && m.Out == SigmoidMSE) {
				vecmath.SigmoidRow(y, B) // σ(y + B), float32, 16 lanes with AVX-512
				continue
			}
			gemm.Saxpy(1, B, y)
			if l < L-1 {
				activate(m.Hidden, y)
				continue
			}
			switch m.Out {
			case Softmax:
				softmax(y)
			case ReLUMSE:
				activate(ReLU, y)
			}
		}
		if l < L-1 && m.drop > 0 {
			m.dropout(l+1, z)
		}
	}
}

// dropout zeroes each unit of the layer-l activations z with
// probability m.drop and records the mask for backward.
func (m *MLP) dropout(l int, z []float32) {
	if len(m.mask) != len(m.Sizes) {
		m.mask = make([][]float32, len(m.Sizes))
	}
	if len(m.mask[l]) < len(z) {
		m.mask[l] = make([]float32, len(z))
	}
	mk := m.mask[l][:len(z)]
	p := float64(m.drop)
	keep := float32(1)
	if m.invDrop {
		keep = 1 / (1 - m.drop)
	}
	for i := range z {
		if m.dropRng.Float64() < p {
			mk[i], z[i] = 0, 0
		} else {
			mk[i] = keep
			z[i] *= keep
		}
	}
}

// Apply applies the activation to y in place.
func (a Activation) Apply(y []float32) { activate(a, y) }

// activate applies the hidden activation to y in place.
func activate(a Activation, y []float32) {
	switch a {
	case Sigmoid:
		for k, z := range y {
			y[k] = vecmath.Sigmoid(z)
		}
	case Tanh:
		for k, z := range y {
			y[k] = float32(math.Tanh(float64(z)))
		}
	case ReLU:
		// Branch-free max(z, 0): half the units are negative at random,
		// and a branch mispredicts on them. The sign bit, spread over the
		// word, masks the value out (a NaN keeps its sign's fate).
		for k, z := range y {
			b := math.Float32bits(z)
			y[k] = math.Float32frombits(b &^ uint32(int32(b)>>31))
		}
	}
}

// softmax replaces y by e^y_k / sum_j e^y_j, in float64 for the sum.
func softmax(y []float32) {
	mx := y[Argmax(y)]
	var sum float64
	for k, z := range y {
		e := math.Exp(float64(z - mx))
		y[k] = float32(e)
		sum += e
	}
	for k := range y {
		y[k] = float32(float64(y[k]) / sum)
	}
}

// backward back-propagates the error of the mean loss over the rows idx
// (whose forward pass is in m.act). With lr == 0 it stores the gradient
// in m.gW, m.gB; otherwise it folds the momentum step into the product,
// v = μ v - η g (one gemm with alpha = -η, beta = μ, so the gradient
// is never stored), and then adds v to the weights.
func (m *MLP) backward(set *dataset.Set, idx []int, lr, mu float32) {
	L := len(m.Sizes) - 1
	n := len(idx)
	scale := 1 / float32(n)
	o := m.outputs()
	for b, i := range idx {
		y := m.act[L][b*o : (b+1)*o]
		d := m.del[L][b*o : (b+1)*o]
		var t []float32
		if m.Out == Softmax { // cross-entropy always against the label
			clear(m.tbuf)
			m.tbuf[set.Y[i]] = 1
			t = m.tbuf
		} else {
			t = targetRow(set, i, o, m.tbuf)
		}
		for k := range y {
			e := y[k] - t[k] // softmax+CE and linear+MSE: dL/dz = y - t
			if m.Out == SigmoidMSE {
				e *= y[k] * (1 - y[k])
			}
			d[k] = e * scale
		}
	}
	for l := L - 1; l >= 0; l-- {
		in, o := m.Sizes[l], m.Sizes[l+1]
		D := m.del[l+1][:n*o]
		// The error of layer l needs W before this step changes it.
		if l > 0 {
			dp := m.del[l][:n*in]
			gemm.Sgemm(false, false, n, in, o, 1, D, o, m.W[l], in, 0, dp, in)
			x := m.act[l][:n*in]
			switch m.Hidden {
			case Sigmoid:
				for i, a := range x {
					dp[i] *= a * (1 - a)
				}
			case Tanh:
				for i, a := range x {
					dp[i] *= 1 - a*a
				}
			case ReLU:
				// dp *= [a > 0], branch-free (a >= 0 here: +0 or positive).
				x = x[:len(dp)]
				for i, a := range x {
					b := math.Float32bits(a)
					keep := uint32(int32(b|-b) >> 31)
					dp[i] = math.Float32frombits(math.Float32bits(dp[i]) & keep)
				}
			}
			if m.drop > 0 { // dropped units pass no error back
				for i, k := range m.mask[l][:len(dp)] {
					dp[i] *= k
				}
			}
		}
		gB := m.gB[l]
		clear(gB)
		for b := range n {
			for k, dk := range D[b*o : (b+1)*o] {
				gB[k] += dk
			}
		}
		if lr == 0 {
			gemm.Sgemm(true, false, o, in, n, 1, D, o, m.act[l], in, 0, m.gW[l], in)
			continue
		}
		vW, W := m.vW[l], m.W[l]
		gemm.Sgemm(true, false, o, in, n, -lr, D, o, m.act[l], in, mu, vW, in)
		gemm.Saxpy(1, vW, W)
		if m.noBias {
			continue
		}
		vB, B := m.vB[l], m.B[l][:len(gB)]
		vB = vB[:len(gB)]
		for i, g := range gB {
			v := mu*vB[i] - lr*g
			vB[i] = v
			B[i] += v
		}
	}
}

// Train runs minibatch SGD with momentum on the mean loss of each
// minibatch: g = dL/dw averaged over the batch, v = μ v - η g, w += v
// (biases alike). Each epoch draws a new pattern order from opt.Rng. It
// returns the number of epochs run (fewer than opt.Epochs only with
// opt.StopAt). Softmax needs labels; the MSE outputs take Targets with
// as many columns as outputs, else the labels (0/1 for one output,
// one-hot otherwise). After the first call with a given batch size it
// does not allocate per minibatch. It panics if the set does not fit.
func (m *MLP) Train(set dataset.Set, opt Options) int {
	m.check("MLP.Train", &set)
	if opt.Rng == nil {
		panic("learn: MLP.Train: Options.Rng is nil")
	}
	bs := opt.Batch
	if bs <= 0 || bs > set.Rows {
		bs = set.Rows
	}
	m.reserve(max(bs, 1))
	st := &TrainState{Epoch: 1, LR: opt.LR, Perm: make([]int, set.Rows)}
	if r := opt.Resume; r != nil {
		if len(r.Perm) != set.Rows || r.Next > set.Rows || r.Epoch < 1 {
			panic(fmt.Sprintf("learn: MLP.Train: a resume state of %d patterns at %d, epoch %d, for a set of %d", len(r.Perm), r.Next, r.Epoch, set.Rows))
		}
		*st = *r
		st.Perm = slices.Clone(r.Perm)
	}
	m.noBias = opt.NoBias
	if opt.Dropout > 0 && opt.Dropout < 1 {
		m.drop, m.dropRng, m.invDrop = opt.Dropout, opt.Rng, opt.InvertedDropout
	}
	defer func() { m.noBias, m.drop, m.dropRng, m.invDrop = false, 0, nil, false }()
	for ; st.Epoch <= opt.Epochs; st.Epoch++ {
		ep := st.Epoch
		if st.Next == 0 {
			shuffle(st.Perm, opt.Rng)
		}
		for st.Next < set.Rows {
			idx := st.Perm[st.Next:min(st.Next+bs, set.Rows)]
			st.Next += len(idx)
			m.forward(&set, idx)
			m.backward(&set, idx, st.LR, opt.Momentum)
			if opt.Step != nil {
				opt.Step(st.LR)
			}
			if opt.Checkpoint != nil {
				opt.Checkpoint(st)
			}
			if opt.Stop != nil && opt.Stop() {
				return ep
			}
		}
		st.Next = 0
		if opt.StopAt > 0 && m.Accuracy(set) >= opt.StopAt {
			return ep
		}
		if opt.Epoch != nil && !opt.Epoch(ep) {
			return ep
		}
		if opt.LRDecay > 0 && opt.LRDecay < 1 {
			st.LR *= opt.LRDecay
		}
	}
	return opt.Epochs
}

func (m *MLP) check(who string, set *dataset.Set) {
	checkSet(who, set, m.inputs(), m.outputs())
	if m.Out == Softmax && (set.Y == nil || set.Classes != m.outputs()) {
		panic(fmt.Sprintf("learn: %s: softmax output needs labels of %d classes, set %q has %d", who, m.outputs(), set.Name, set.Classes))
	}
}

// Predict returns the network's output for one pattern x (len Sizes[0])
// in a new slice: class probabilities for Softmax, else the output units.
func (m *MLP) Predict(x []float32) []float32 {
	if len(x) != m.inputs() {
		panic(fmt.Sprintf("learn: MLP.Predict: %d inputs, want %d", len(x), m.inputs()))
	}
	m.reserve(1)
	copy(m.act[0][:len(x)], x)
	m.propagate(1)
	return append([]float32(nil), m.act[len(m.Sizes)-1][:m.outputs()]...)
}

// each runs the forward pass over the whole set in chunks and calls f
// with pattern index i and its output row.
func (m *MLP) each(set *dataset.Set, f func(i int, y []float32)) {
	const chunk = 256
	m.reserve(min(chunk, max(set.Rows, 1)))
	var idx [chunk]int
	o, L := m.outputs(), len(m.Sizes)-1
	for s := 0; s < set.Rows; {
		n := min(m.batch, set.Rows-s, chunk)
		for b := range n {
			idx[b] = s + b
		}
		m.forward(set, idx[:n])
		for b := range n {
			f(s+b, m.act[L][b*o:(b+1)*o])
		}
		s += n
	}
}

// Accuracy returns the fraction of patterns in [0,1] classified right:
// argmax against the label for Softmax (and for several outputs with
// labels only), else every output thresholded at 0.5 against its 0/1
// target (for LinearMSE too).
func (m *MLP) Accuracy(set dataset.Set) float64 {
	m.check("MLP.Accuracy", &set)
	if set.Rows == 0 {
		return 0
	}
	n := 0
	m.each(&set, func(i int, y []float32) {
		if correct(&set, i, y, 0.5, m.tbuf) {
			n++
		}
	})
	return float64(n) / float64(set.Rows)
}

// Loss returns the mean loss over the set, accumulated in float64:
// -log p_y for Softmax, 1/2 sum_k (y_k - t_k)^2 for the MSE outputs.
func (m *MLP) Loss(set dataset.Set) float64 {
	m.check("MLP.Loss", &set)
	if set.Rows == 0 {
		return 0
	}
	var s float64
	m.each(&set, func(i int, y []float32) {
		if m.Out == Softmax {
			s -= math.Log(max(float64(y[set.Y[i]]), 1e-30))
			return
		}
		t := targetRow(&set, i, len(y), m.tbuf)
		for k := range y {
			e := float64(y[k] - t[k])
			s += 0.5 * e * e
		}
	})
	return s / float64(set.Rows)
}

// Gradient returns the gradient of the mean loss over the patterns idx
// of set with respect to the weights, one slice per layer laid out as W
// (no dropout). The slices are the network's own buffers: the next call
// or Train overwrites them.
func (m *MLP) Gradient(set dataset.Set, idx []int) [][]float32 {
	m.check("MLP.Gradient", &set)
	m.reserve(max(len(idx), 1))
	m.forward(&set, idx)
	m.backward(&set, idx, 0, 0)
	return m.gW
}

// MaxActivations returns, for layers 1..L, the largest activation any
// pattern of set produces (no dropout): element l-1 is layer l's.
func (m *MLP) MaxActivations(set dataset.Set) []float32 {
	m.check("MLP.MaxActivations", &set)
	const chunk = 256
	m.reserve(min(chunk, max(set.Rows, 1)))
	mx := make([]float32, len(m.Sizes)-1)
	for l := range mx {
		mx[l] = float32(math.Inf(-1))
	}
	var idx [chunk]int
	for s := 0; s < set.Rows; {
		n := min(m.batch, set.Rows-s, chunk)
		for b := range n {
			idx[b] = s + b
		}
		m.forward(&set, idx[:n])
		for l := range mx {
			for _, a := range m.act[l+1][:n*m.Sizes[l+1]] {
				mx[l] = max(mx[l], a)
			}
		}
		s += n
	}
	return mx
}
