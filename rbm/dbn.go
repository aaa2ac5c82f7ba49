package rbm

import (
	"fmt"
	"math/rand/v2"

	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/learn"
)

// DBN is a deep belief net (Hinton, Osindero & Teh 2006): a stack of
// RBMs trained greedily, bottom-up, whose top RBM sees the penultimate
// layer joined with Classes softmax label units.
//
// Layers[0] has the data as its visible layer; Layers[l+1].Visible ==
// Layers[l].Hidden for the lower layers; the top layer Layers[L-1] has
// Visible = (penultimate size) + Classes and Labels = Classes, the label
// units last. With one layer the DBN is a single RBM with label units.
type DBN struct {
	Layers  []*RBM
	Classes int
	// Stop, when set, is asked after every Gibbs sweep of Generate (and
	// Dream); when it returns true sampling ends there (cancellation).
	Stop func() bool
}

// NewDBN returns an untrained DBN with layer sizes sizes (data first,
// top hidden layer last) and classes label units at the top: sizes
// [784 500 500 2000] with 10 classes is the 2006 paper's net, RBMs
// 784↔500, 500↔500 and (500+10)↔2000. It panics on fewer than two sizes,
// a size below 1 or classes below 2.
func NewDBN(sizes []int, classes int, rng *rand.Rand) *DBN {
	if len(sizes) < 2 || classes < 2 {
		panic(fmt.Sprintf("rbm: NewDBN(%v, %d): need at least two sizes and two classes", sizes, classes))
	}
	for _, s := range sizes {
		if s < 1 {
			panic(fmt.Sprintf("rbm: NewDBN(%v): sizes must be positive", sizes))
		}
	}
	L := len(sizes) - 1
	d := &DBN{Layers: make([]*RBM, L), Classes: classes}
	for l := range L - 1 {
		d.Layers[l] = New(sizes[l], sizes[l+1], 0, rng)
	}
	d.Layers[L-1] = New(sizes[L-1]+classes, sizes[L], classes, rng)
	return d
}

// top returns the top RBM and the size of the penultimate layer.
func (d *DBN) top() (*RBM, int) {
	t := d.Layers[len(d.Layers)-1]
	return t, t.Visible - d.Classes
}

// Inputs returns the number of data units (pixels).
func (d *DBN) Inputs() int {
	if len(d.Layers) == 1 {
		_, pen := d.top()
		return pen
	}
	return d.Layers[0].Visible
}

// Pretrain trains the layers greedily, bottom-up: each RBM on the hidden
// probabilities p(h | v) of the one below ([RBM.Features]), the top RBM
// on those joined with the one-hot labels. Before training, each layer's
// visible biases are set from its data ([RBM.SetVisibleBiases]). opts
// holds one Options for every layer, or one per layer. It returns the
// reconstruction errors per epoch of every layer. It panics if the set
// lacks labels of Classes classes or does not fit.
func (d *DBN) Pretrain(set dataset.Set, opts []Options) [][]float64 {
	if len(opts) != 1 && len(opts) != len(d.Layers) {
		panic(fmt.Sprintf("rbm: DBN.Pretrain: %d Options for %d layers, want 1 or %d", len(opts), len(d.Layers), len(d.Layers)))
	}
	if set.Y == nil || set.Classes != d.Classes {
		panic(fmt.Sprintf("rbm: DBN.Pretrain: set %q needs labels of %d classes, has %d", set.Name, d.Classes, set.Classes))
	}
	errs := make([][]float64, len(d.Layers))
	x := set
	for l, r := range d.Layers {
		opt := opts[min(l, len(opts)-1)]
		if l == len(d.Layers)-1 {
			x = withLabels(x, d.Classes)
		}
		if opt.Stop != nil && opt.Stop() {
			return errs
		}
		r.SetVisibleBiases(x)
		errs[l] = r.Train(x, opt)
		if l < len(d.Layers)-1 && (opt.Stop == nil || !opt.Stop()) {
			x = r.Features(x)
		}
	}
	return errs
}

// TopSet returns the training set of the top RBM for set: the up-pass
// probabilities ([DBN.Up]) joined with the one-hot labels, the data
// [DBN.Pretrain] trains the top layer on. Use it to train the top RBM
// further, e.g. with PCD after CD-1.
func (d *DBN) TopSet(set dataset.Set) dataset.Set {
	if set.Y == nil || set.Classes != d.Classes {
		panic(fmt.Sprintf("rbm: DBN.TopSet: set %q needs labels of %d classes, has %d", set.Name, d.Classes, set.Classes))
	}
	u := dataset.Set{Name: set.Name, Rows: set.Rows, X: d.Up(set.X, set.Rows), Y: set.Y, Classes: set.Classes}
	u.Cols = len(u.X) / max(set.Rows, 1)
	if set.Rows == 0 {
		_, u.Cols = d.top()
	}
	return withLabels(u, d.Classes)
}

// withLabels returns set with the one-hot labels appended to each row.
func withLabels(set dataset.Set, classes int) dataset.Set {
	c := set.Cols + classes
	out := dataset.Set{
		Name: set.Name + "+labels", Rows: set.Rows, Cols: c,
		X: make([]float32, set.Rows*c), Y: set.Y, Classes: set.Classes,
		Shape: []int{c},
	}
	for i := range set.Rows {
		copy(out.X[i*c:], set.Row(i))
		out.X[i*c+set.Cols+set.Y[i]] = 1
	}
	return out
}

// Up returns the penultimate-layer probabilities of the n patterns x
// (n × Inputs): a deterministic up-pass through the lower layers, each
// layer's p(h | v) feeding the next. With one layer it returns a copy
// of x.
func (d *DBN) Up(x []float32, n int) []float32 {
	if len(x) != n*d.Inputs() {
		panic(fmt.Sprintf("rbm: DBN.Up: %d values, want %d rows × %d", len(x), n, d.Inputs()))
	}
	x = append([]float32(nil), x...)
	for _, r := range d.Layers[:len(d.Layers)-1] {
		x = r.HiddenProbs(x, n)
	}
	return x
}

// Classify returns the class of each of the n patterns x (n × Inputs):
// the up-pass features u are clamped and the label y minimising the top
// RBM's free energy F(u, y) is chosen, that is the y maximising
// b_y + Σ_i ln(1 + e^(c_i + Σ_j W_ij u_j + W_iy)), the exact argmax of
// p(y | u) under the top RBM.
func (d *DBN) Classify(x []float32, n int) []int {
	u := d.Up(x, n)
	t, pen := d.top()
	out := make([]int, n)
	m0 := min(chunk, n)
	base := make([]float32, m0*t.Hidden)
	for s := 0; s < n; s += chunk {
		m := min(chunk, n-s)
		// base = u·W[:, :pen]ᵀ: the stride of W's rows is t.Visible.
		gemmNT(m, t.Hidden, pen, u[s*pen:(s+m)*pen], pen, t.W, t.Visible, base[:m*t.Hidden])
		for b := range m {
			xb := base[b*t.Hidden : (b+1)*t.Hidden]
			best, arg := -1e300, 0
			for y := range d.Classes {
				g := float64(t.VBias[pen+y])
				for i, xi := range xb {
					g += float64(softplus32(xi + t.HBias[i] + t.W[i*t.Visible+pen+y]))
				}
				if g > best {
					best, arg = g, y
				}
			}
			out[s+b] = arg
		}
	}
	return out
}

// Accuracy returns the fraction of the set's patterns that [DBN.Classify]
// labels right.
func (d *DBN) Accuracy(set dataset.Set) float64 {
	if set.Cols != d.Inputs() || set.Y == nil {
		panic(fmt.Sprintf("rbm: DBN.Accuracy: set %q has %d columns (want %d) or no labels", set.Name, set.Cols, d.Inputs()))
	}
	if set.Rows == 0 {
		return 0
	}
	ok := 0
	for i, y := range d.Classify(set.X, set.Rows) {
		if y == set.Y[i] {
			ok++
		}
	}
	return float64(ok) / float64(set.Rows)
}

// Generate returns one generated pattern (len Inputs, values in [0,1])
// per entry of labels, row after row: for each, the label unit is
// clamped on in the top RBM, the penultimate units start from a sample
// of σ(b) (their biases alone), gibbs sweeps of block Gibbs sampling run
// ([RBM.Gibbs]), and the last sweep's penultimate probabilities p(v | h)
// go down through the lower layers as probabilities (p(v | h) of each
// layer, no sampling), giving pixel intensities.
func (d *DBN) Generate(labels []int, gibbs int, rng *rand.Rand) []float32 {
	t, pen := d.top()
	n := len(labels)
	v := make([]float32, n*t.Visible)
	src := rand.NewPCG(rng.Uint64(), rng.Uint64())
	prior := make([]float32, pen)
	for j := range prior {
		prior[j] = sigmoid(t.VBias[j])
	}
	for b, y := range labels {
		if y < 0 || y >= d.Classes {
			panic(fmt.Sprintf("rbm: DBN.Generate: label %d outside [0,%d)", y, d.Classes))
		}
		row := v[b*t.Visible : (b+1)*t.Visible]
		bernoulli(row[:pen], prior, src)
		row[pen+y] = 1
	}
	clamp := make([]bool, t.Visible)
	for k := range d.Classes {
		clamp[pen+k] = true
	}
	p := t.gibbs(v, n, max(gibbs, 1), clamp, rng, d.Stop)
	x := make([]float32, n*pen)
	for b := range n {
		copy(x[b*pen:(b+1)*pen], p[b*t.Visible:b*t.Visible+pen])
	}
	for l := len(d.Layers) - 2; l >= 0; l-- {
		x = d.Layers[l].VisibleProbs(x, n)
	}
	return x
}

// MLP returns the stack as a feed-forward net for fine-tuning with
// back-propagation: sizes [Inputs, hidden sizes..., top Hidden, Classes],
// sigmoid hidden units, a softmax output. Hidden layer l takes the
// weights and hidden biases of RBM l (the top RBM without its label
// columns); the softmax layer takes the top RBM's label weights,
// transposed, and the label biases, so that before any training its
// output is p(y | h) of the top RBM given the top hidden units. rng only
// feeds learn.NewMLP's initial draw, which is overwritten.
func (d *DBN) MLP(rng *rand.Rand) *learn.MLP {
	t, pen := d.top()
	sizes := []int{d.Inputs()}
	for _, r := range d.Layers {
		sizes = append(sizes, r.Hidden)
	}
	sizes = append(sizes, d.Classes)
	m := learn.NewMLP(sizes, learn.Sigmoid, learn.Softmax, rng)
	L := len(d.Layers)
	for l, r := range d.Layers[:L-1] {
		copy(m.W[l], r.W)
		copy(m.B[l], r.HBias)
	}
	for i := range t.Hidden {
		copy(m.W[L-1][i*pen:(i+1)*pen], t.W[i*t.Visible:i*t.Visible+pen])
	}
	copy(m.B[L-1], t.HBias)
	for y := range d.Classes {
		for i := range t.Hidden {
			m.W[L][y*t.Hidden+i] = t.W[i*t.Visible+pen+y]
		}
		m.B[L][y] = t.VBias[pen+y]
	}
	return m
}
