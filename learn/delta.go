package learn

import (
	"math/rand/v2"

	"github.com/brainsim/brainsim/dataset"
)

// Delta is a single layer of linear units y_k = B[k] + W_k·x trained by
// the Widrow-Hoff (LMS, delta) rule on the squared error. Weights start
// at zero.
type Delta struct {
	linear
}

// NewDelta returns a layer of out linear units on in inputs, all
// weights and biases zero. It panics unless in, out >= 1.
func NewDelta(in, out int) *Delta {
	return &Delta{newLinear("NewDelta", in, out)}
}

func identity([]float32) {}

// Output writes the linear outputs for x into dst (len Out) and returns it.
func (d *Delta) Output(x, dst []float32) []float32 {
	d.net(x, dst)
	return dst
}

// Train applies the LMS rule w += lr (t - y) x, b += lr (t - y) online,
// a stochastic gradient step on E = 1/2 sum_k (t_k - y_k)^2 per pattern,
// the patterns in a new random order (from rng) each epoch, for exactly
// epochs epochs (LMS keeps reducing the error after every pattern is
// right, so there is no early stop). It returns epochs. Targets are as
// for [Perceptron.Train]. For stability lr must be below 2/λmax of the
// input autocorrelation (with the bias input 1). It panics if the set
// does not fit.
func (d *Delta) Train(set dataset.Set, epochs int, lr float32, rng *rand.Rand) int {
	return d.train("Delta.Train", &set, epochs, lr, rng, identity, 0.5, false)
}

// Accuracy returns the fraction of patterns in [0,1] classified right:
// outputs thresholded at 0.5 against 0/1 targets, or argmax against the
// label when there are several units and only labels.
func (d *Delta) Accuracy(set dataset.Set) float64 {
	return d.accuracy("Delta.Accuracy", &set, identity, 0.5)
}

// Loss returns the mean over patterns of 1/2 sum_k (t_k - y_k)^2.
func (d *Delta) Loss(set dataset.Set) float64 {
	checkSet("Delta.Loss", &set, d.In, d.Out)
	if set.Rows == 0 {
		return 0
	}
	y := make([]float32, d.Out)
	buf := make([]float32, d.Out)
	var s float64
	for i := range set.Rows {
		d.net(set.Row(i), y)
		t := targetRow(&set, i, d.Out, buf)
		for k := range y {
			e := float64(t[k] - y[k])
			s += 0.5 * e * e
		}
	}
	return s / float64(set.Rows)
}
