package learn

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/brainsim/brainsim/dataset"
)

// TestNoBiasDropoutStep: with NoBias the biases stay 0, Step runs once
// per minibatch, and a ReLU net with dropout 0.25 and a ReLUMSE output
// still learns OR.
func TestNoBiasDropoutStep(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 1))
	set := dataset.OR()
	m := NewMLP([]int{2, 16, 2}, ReLU, ReLUMSE, rng)
	steps := 0
	m.Train(set, Options{Epochs: 300, Batch: 2, LR: 0.1, Momentum: 0.5, Rng: rng, NoBias: true, Dropout: 0.25,
		Step: func(float32) { steps++ }})
	if steps != 600 {
		t.Errorf("Step ran %d times, want 600 (300 epochs × 2 minibatches)", steps)
	}
	for l, b := range m.B {
		for _, v := range b {
			if v != 0 {
				t.Fatalf("layer %d bias %v with NoBias, want 0", l, v)
			}
		}
	}
	// without biases the input (0,0) gives output 0 for both classes, and
	// Argmax picks class 0 — right for OR.
	if a := m.Accuracy(set); a != 1 {
		t.Errorf("accuracy on OR %v, want 1", a)
	}
}

// TestGradient checks MLP.Gradient against central differences of Loss.
func TestGradient(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(2, 2))
	set := dataset.XOR()
	m := NewMLP([]int{2, 3, 1}, Tanh, LinearMSE, rng)
	g := m.Gradient(set, []int{0, 1, 2, 3})
	const h = 1e-2
	for l := range m.W {
		for k := range m.W[l] {
			w := m.W[l][k]
			m.W[l][k] = w + h
			up := m.Loss(set)
			m.W[l][k] = w - h
			down := m.Loss(set)
			m.W[l][k] = w
			if want := (up - down) / (2 * h); math.Abs(float64(g[l][k])-want) > 1e-3 {
				t.Errorf("dL/dW[%d][%d] = %v, want %v (central difference)", l, k, g[l][k], want)
			}
		}
	}
}

// TestMaxActivations: the largest ReLU activation of a one-layer identity
// net is the largest input.
func TestMaxActivations(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 3))
	m := NewMLP([]int{2, 2}, ReLU, LinearMSE, rng)
	copy(m.W[0], []float32{1, 0, 0, 1})
	set := dataset.Set{Rows: 2, Cols: 2, X: []float32{0.5, 3, -1, 2}, Targets: make([]float32, 4), TargetCols: 2}
	if got := m.MaxActivations(set); len(got) != 1 || got[0] != 3 {
		t.Errorf("MaxActivations = %v, want [3]", got)
	}
}
