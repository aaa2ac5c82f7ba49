package neuron

import (
	"math"
	"testing"
)

// TestExpNeg: the Taylor branch of expNeg is within 1.1e-10 relative of
// math.Exp (the degree-7 remainder x^7/7! at x = 1/8 is 9.5e-11, relative to
// exp(-1/8) = 0.88: 1.08e-10), and the branches meet at 1/8.
func TestExpNeg(t *testing.T) {
	t.Parallel()
	for k := 0; k <= 2000; k++ {
		x := float64(k) / 8000 // [0, 0.25]
		got, want := expNeg(x), math.Exp(-x)
		if e := math.Abs(got-want) / want; e > 1.1e-10 {
			t.Errorf("expNeg(%v) got %v, want %v (relative error %.3g)", x, got, want, e)
		}
	}
}
