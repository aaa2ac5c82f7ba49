package neuron

import (
	"math"
	"testing"
)

// TestRateSoftmax: instantaneous softmax units give exp(x_i)/Σ exp(x_j)
// of their inputs, summing to 1, even for inputs that would overflow exp.
func TestRateSoftmax(t *testing.T) {
	for _, shift := range []float64{0, 1000} {
		r := NewRate(3, RateParams{Transfer: Softmax, Gain: 1}, 0)
		if err := r.Prepare(0.1, 1); err != nil {
			t.Fatal(err)
		}
		in := []float64{1 + shift, 2 + shift, 3 + shift}
		for i, x := range in {
			r.iext[i] = float32(x - shift)
		}
		r.P.Bias = shift
		if _, err := r.Step(0, nil); err != nil {
			t.Fatal(err)
		}
		sum := math.Exp(1) + math.Exp(2) + math.Exp(3)
		for i := range in {
			want := math.Exp(float64(i+1)) / sum
			if got := float64(r.R[i]); math.Abs(got-want) > 1e-6 {
				t.Errorf("shift %v: r[%d] = %v, want %v", shift, i, got, want)
			}
		}
	}
}
