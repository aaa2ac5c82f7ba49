package learn

import (
	"math/rand/v2"

	"github.com/brainsim/brainsim/dataset"
)

// Perceptron is Rosenblatt's single layer of threshold units: output
// y_k = 1 if B[k] + W_k·x > 0, else 0. Weights start at zero.
type Perceptron struct {
	linear
}

// NewPerceptron returns a perceptron with in inputs and out threshold
// units (out = 1 for two classes, else one unit per class or target
// bit), all weights and biases zero. It panics unless in, out >= 1.
func NewPerceptron(in, out int) *Perceptron {
	return &Perceptron{newLinear("NewPerceptron", in, out)}
}

func step(y []float32) {
	for k, v := range y {
		if v > 0 {
			y[k] = 1
		} else {
			y[k] = 0
		}
	}
}

// Output writes the 0/1 outputs for x into dst (len Out) and returns it.
func (p *Perceptron) Output(x, dst []float32) []float32 {
	p.net(x, dst)
	step(dst)
	return dst
}

// Train applies the perceptron rule w += lr (t - y) x, b += lr (t - y)
// online, the patterns in a new random order (from rng) each epoch, for
// at most epochs epochs; it stops after the first epoch in which every
// pattern was classified right (so no weight changed). It returns the
// number of epochs run. Targets are the set's Targets when they have Out
// columns, else the labels Y (0/1 for one unit, one-hot otherwise).
// It panics if the set does not fit the perceptron's sizes.
func (p *Perceptron) Train(set dataset.Set, epochs int, lr float32, rng *rand.Rand) int {
	return p.train("Perceptron.Train", &set, epochs, lr, rng, step, 0.5, true)
}

// Accuracy returns the fraction of patterns in [0,1] whose outputs all
// equal their targets (or, with several units and labels only, whose
// unit with the largest net input is the label).
func (p *Perceptron) Accuracy(set dataset.Set) float64 {
	return p.accuracy("Perceptron.Accuracy", &set, step, 0.5)
}
