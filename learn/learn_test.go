package learn

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/brainsim/brainsim/dataset"
)

func newRng(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x6c6561726e)) }

// The perceptron convergence theorem: AND and OR are linearly separable,
// so every seed (only the presentation order differs) reaches 100% and
// stops early.
func TestPerceptronANDOR(t *testing.T) {
	t.Parallel()
	for _, set := range []dataset.Set{dataset.AND(), dataset.OR()} {
		for seed := range uint64(10) {
			p := NewPerceptron(2, 1)
			ep := p.Train(set, 100, 0.1, newRng(seed))
			if acc := p.Accuracy(set); acc != 1 || ep >= 100 {
				t.Errorf("%s seed %d: accuracy %.2f after %d epochs, want 1.00 before 100", set.Name, seed, acc, ep)
			}
		}
	}
}

// Minsky & Papert: no line separates XOR, so a single threshold unit gets
// at most 3 of the 4 patterns right, whatever the seed.
func TestPerceptronXOR(t *testing.T) {
	t.Parallel()
	set := dataset.XOR()
	for seed := range uint64(10) {
		p := NewPerceptron(2, 1)
		if ep := p.Train(set, 200, 0.1, newRng(seed)); ep != 200 {
			t.Errorf("seed %d: stopped after %d epochs; XOR cannot be all right", seed, ep)
		}
		if acc := p.Accuracy(set); acc > 0.75 {
			t.Errorf("seed %d: accuracy %.2f on XOR, want <= 0.75", seed, acc)
		}
	}
}

// One unit per target bit on the 4-bit encoder (identity map): separable.
func TestPerceptronMultiOutput(t *testing.T) {
	t.Parallel()
	set := dataset.Encoder(4, "")
	p := NewPerceptron(4, 4)
	p.Train(set, 100, 0.5, newRng(1))
	if acc := p.Accuracy(set); acc != 1 {
		t.Errorf("encoder-4: accuracy %.2f, want 1", acc)
	}
}

// LMS on AND converges to the least-squares fit y = a/2 + b/2 - 1/4
// (outputs -1/4, 1/4, 1/4, 3/4), right after thresholding at 0.5. With
// lr 0.05 the online weights stay within 0.1 of it and the mean loss
// within 0.01 of its minimum 1/32 (the residuals are all ±1/4).
func TestDeltaAND(t *testing.T) {
	t.Parallel()
	set := dataset.AND()
	for seed := range uint64(10) {
		d := NewDelta(2, 1)
		d.Train(set, 500, 0.05, newRng(seed))
		if acc := d.Accuracy(set); acc != 1 {
			t.Errorf("seed %d: accuracy %.2f, want 1", seed, acc)
		}
		want := []float32{0.5, 0.5, -0.25}
		got := []float32{d.W[0], d.W[1], d.B[0]}
		for i := range want {
			if math.Abs(float64(got[i]-want[i])) > 0.1 {
				t.Errorf("seed %d: weights %v, want %v ± 0.1", seed, got, want)
				break
			}
		}
		if l := d.Loss(set); l > 1.0/32+0.01 {
			t.Errorf("seed %d: loss %.4f, want <= %.4f", seed, l, 1.0/32+0.01)
		}
	}
}

// 2-4-1 sigmoid network with sigmoid/MSE output, full batch, η 0.5,
// μ 0.9: XOR solved (100%) in at least 9 of 10 seeds within 5000 epochs
// (on amd64 all 10, in 168-406 epochs). The 2-2-1 network, which can
// land in a local minimum, is only logged.
func TestMLPXOR(t *testing.T) {
	t.Parallel()
	set := dataset.XOR()
	solved := 0
	var epochs []int
	for seed := range uint64(10) {
		rng := newRng(seed)
		m := NewMLP([]int{2, 4, 1}, Sigmoid, SigmoidMSE, rng)
		ep := m.Train(set, Options{Epochs: 5000, Batch: 4, LR: 0.5, Momentum: 0.9, Rng: rng, StopAt: 1})
		if m.Accuracy(set) == 1 {
			solved++
			epochs = append(epochs, ep)
		}
	}
	t.Logf("XOR 2-4-1: %d/10 seeds solved, epochs %v", solved, epochs)
	if solved < 9 {
		t.Errorf("XOR 2-4-1: %d/10 seeds solved, want >= 9", solved)
	}
	small, epochs := 0, epochs[:0]
	for seed := range uint64(10) {
		rng := newRng(seed)
		m := NewMLP([]int{2, 2, 1}, Sigmoid, SigmoidMSE, rng)
		ep := m.Train(set, Options{Epochs: 5000, Batch: 4, LR: 0.5, Momentum: 0.9, Rng: rng, StopAt: 1})
		if m.Accuracy(set) == 1 {
			small++
			epochs = append(epochs, ep)
		}
	}
	t.Logf("XOR 2-2-1: %d/10 seeds solved, epochs %v", small, epochs)
}

// 3-bit parity with 8 tanh hidden units and a softmax output, minibatch
// 8 (full batch), η 0.5, μ 0.9, 500 epochs: in at least 9 of 10 seeds
// every pattern right and the mean cross-entropy below 0.3 nats (on
// amd64 all 10).
func TestMLPParity3(t *testing.T) {
	t.Parallel()
	set := dataset.Parity(3)
	solved := 0
	for seed := range uint64(10) {
		rng := newRng(seed)
		m := NewMLP([]int{3, 8, 2}, Tanh, Softmax, rng)
		m.Train(set, Options{Epochs: 500, Batch: 8, LR: 0.5, Momentum: 0.9, Rng: rng})
		if m.Accuracy(set) == 1 && m.Loss(set) < 0.3 {
			solved++
		}
	}
	if solved < 9 {
		t.Errorf("parity-3: %d/10 seeds solved, want >= 9", solved)
	}
}

// The 4-3-4 encoder through Targets with sigmoid/MSE outputs (the
// Targets path, thresholded at 0.5), and through the labels with ReLU
// hidden units and softmax.
func TestMLPEncoder(t *testing.T) {
	t.Parallel()
	set := dataset.Encoder(4, "4-3-4")
	for _, c := range []struct {
		act Activation
		out Output
		lr  float32
	}{{Sigmoid, SigmoidMSE, 2}, {ReLU, Softmax, 0.2}, {Tanh, LinearMSE, 0.1}} {
		rng := newRng(3)
		m := NewMLP([]int{4, 3, 4}, c.act, c.out, rng)
		ep := m.Train(set, Options{Epochs: 5000, Batch: 4, LR: c.lr, Momentum: 0.9, Rng: rng, StopAt: 1})
		if acc := m.Accuracy(set); acc != 1 {
			t.Errorf("4-3-4 %v/%v: accuracy %.2f after %d epochs, want 1", c.act, c.out, acc, ep)
		}
	}
}

// paramsOf returns pointers to every weight and bias, layer by layer.
func paramsOf(w, b [][]float32) []*float32 {
	var p []*float32
	for l := range w {
		for i := range w[l] {
			p = append(p, &w[l][i])
		}
		for i := range b[l] {
			p = append(p, &b[l][i])
		}
	}
	return p
}

// Gradient check: the back-propagated gradient of the mean loss against
// central differences (L(w+ε) - L(w-ε)) / 2ε with ε = 1e-2, the forward
// pass in float32 and the loss summed in float64. The relative error
// ||g_num - g_bp|| / (||g_num|| + ||g_bp||) must be below 1e-3 for every
// hidden activation and output.
func TestMLPGradient(t *testing.T) {
	t.Parallel()
	rng := newRng(7)
	set := dataset.Set{Name: "random", Rows: 5, Cols: 3, Classes: 3, TargetCols: 3}
	for range set.Rows * set.Cols {
		set.X = append(set.X, float32(rng.NormFloat64()))
		set.Targets = append(set.Targets, float32(rng.Float64()))
	}
	for range set.Rows {
		set.Y = append(set.Y, rng.IntN(set.Classes))
	}
	idx := []int{0, 1, 2, 3, 4}
	const eps = 1e-2
	for _, act := range []Activation{Sigmoid, Tanh, ReLU} {
		for _, out := range []Output{Softmax, SigmoidMSE, LinearMSE} {
			m := NewMLP([]int{3, 4, 3}, act, out, newRng(11))
			m.reserve(len(idx))
			m.forward(&set, idx)
			if act == ReLU {
				// A ±ε step moves a hidden net input by at most ε·max(1, |x|);
				// the fixture keeps every net input farther than that from
				// the kink at 0, where the derivative is undefined.
				reach, margin := eps, math.Inf(1)
				for _, x := range set.X {
					reach = max(reach, eps*math.Abs(float64(x)))
				}
				for i := range set.Rows {
					for k := range 4 {
						z := m.B[0][k]
						for j, x := range set.Row(i) {
							z += m.W[0][k*3+j] * x
						}
						margin = min(margin, math.Abs(float64(z)))
					}
				}
				if margin <= reach {
					t.Fatalf("fixture: a ReLU net input is %.3g from the kink, a step reaches %.3g", margin, reach)
				}
			}
			m.backward(&set, idx, 0, 0)
			var num, ana, diff float64
			ps, gs := paramsOf(m.W, m.B), paramsOf(m.gW, m.gB)
			for k, p := range ps {
				old := *p
				*p = old + eps
				lp := m.Loss(set)
				*p = old - eps
				lm := m.Loss(set)
				*p = old
				gn := (lp - lm) / (2 * eps)
				ga := float64(*gs[k])
				num += gn * gn
				ana += ga * ga
				diff += (gn - ga) * (gn - ga)
			}
			rel := math.Sqrt(diff) / (math.Sqrt(num) + math.Sqrt(ana))
			t.Logf("%v/%v: relative gradient error %.2e", act, out, rel)
			if rel >= 1e-3 || ana == 0 {
				t.Errorf("%v/%v: relative gradient error %.2e (|g| = %.3g), want < 1e-3", act, out, rel, math.Sqrt(ana))
			}
		}
	}
}

// Same seed, same weights, bit for bit; another seed, other weights.
func TestMLPDeterminism(t *testing.T) {
	t.Parallel()
	run := func(seed uint64) *MLP {
		rng := newRng(seed)
		m := NewMLP([]int{3, 8, 2}, ReLU, Softmax, rng)
		m.Train(dataset.Parity(3), Options{Epochs: 50, Batch: 3, LR: 0.1, Momentum: 0.9, Rng: rng})
		return m
	}
	a, b, c := run(5), run(5), run(6)
	for l := range a.W {
		if !slices.Equal(a.W[l], b.W[l]) || !slices.Equal(a.B[l], b.B[l]) {
			t.Fatalf("layer %d: same seed gave different weights", l)
		}
	}
	if slices.Equal(a.W[0], c.W[0]) {
		t.Errorf("seeds 5 and 6 gave the same weights")
	}
	p := NewPerceptron(2, 1)
	q := NewPerceptron(2, 1)
	p.Train(dataset.XOR(), 37, 0.1, newRng(2))
	q.Train(dataset.XOR(), 37, 0.1, newRng(2))
	if !slices.Equal(p.W, q.W) || !slices.Equal(p.B, q.B) {
		t.Errorf("perceptron: same seed gave different weights")
	}
}

// Training allocates only its setup: the allocations of a call do not
// grow with the number of epochs (minibatches).
func TestMLPTrainAllocs(t *testing.T) {
	set := dataset.Parity(4)
	m := NewMLP([]int{4, 8, 2}, Tanh, Softmax, newRng(1))
	rng := newRng(2)
	one := testing.AllocsPerRun(5, func() {
		m.Train(set, Options{Epochs: 1, Batch: 4, LR: 0.01, Rng: rng})
	})
	many := testing.AllocsPerRun(5, func() {
		m.Train(set, Options{Epochs: 50, Batch: 4, LR: 0.01, Rng: rng})
	})
	if many > one {
		t.Errorf("allocations per Train: %v for 1 epoch, %v for 50 (200 minibatches)", one, many)
	}
}

func TestPredictMatchesAccuracy(t *testing.T) {
	t.Parallel()
	set := dataset.Parity(3)
	rng := newRng(4)
	m := NewMLP([]int{3, 8, 2}, Tanh, Softmax, rng)
	m.Train(set, Options{Epochs: 100, Batch: 2, LR: 0.3, Momentum: 0.9, Rng: rng})
	n := 0
	for i := range set.Rows {
		p := m.Predict(set.Row(i))
		if s := p[0] + p[1]; math.Abs(float64(s-1)) > 1e-6 {
			t.Errorf("pattern %d: probabilities %v sum to %v", i, p, s)
		}
		if Argmax(p) == set.Y[i] {
			n++
		}
	}
	if got, want := m.Accuracy(set), float64(n)/float64(set.Rows); got != want {
		t.Errorf("Accuracy %v, Predict gives %v", got, want)
	}
}

func TestMismatchPanics(t *testing.T) {
	t.Parallel()
	cases := map[string]func(){
		"perceptron inputs": func() { NewPerceptron(3, 1).Train(dataset.AND(), 1, 0.1, newRng(1)) },
		"delta outputs":     func() { NewDelta(2, 3).Accuracy(dataset.AND()) },
		"mlp softmax":       func() { NewMLP([]int{2, 2, 1}, Tanh, Softmax, newRng(1)).Loss(dataset.XOR()) },
		"mlp sizes":         func() { NewMLP([]int{2}, Tanh, Softmax, newRng(1)) },
		"mlp rng":           func() { NewMLP([]int{2, 2}, Tanh, Softmax, newRng(1)).Train(dataset.XOR(), Options{Epochs: 1}) },
	}
	for name, f := range cases {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

// NewMLPInit with no init is NewMLP, random stream included; a layer's
// init draws its weights, a constant without touching the rng.
func TestNewMLPInit(t *testing.T) {
	t.Parallel()
	sizes := []int{5, 4, 3}
	ra, rb := newRng(1), newRng(1)
	a, b := NewMLP(sizes, ReLU, Softmax, ra), NewMLPInit(sizes, ReLU, Softmax, rb, nil)
	if !slices.EqualFunc(a.W, b.W, slices.Equal) || ra.Uint64() != rb.Uint64() {
		t.Fatal("NewMLPInit(nil) differs from NewMLP")
	}
	rc := newRng(2)
	c := NewMLPInit(sizes, ReLU, Softmax, rc, []func(*rand.Rand) float32{func(*rand.Rand) float32 { return 0.5 }})
	d := NewMLP([]int{4, 3}, ReLU, Softmax, newRng(2)) // layer 1 draws first from the stream, as Glorot for 4 -> 3
	if slices.ContainsFunc(c.W[0], func(w float32) bool { return w != 0.5 }) || !slices.Equal(c.W[1], d.W[0]) {
		t.Errorf("const layer 0: %v, layer 1 %v, want all 0.5 and %v", c.W[0], c.W[1], d.W[0])
	}
}
