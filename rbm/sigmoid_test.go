package rbm

import (
	"math"
	"testing"
)

func TestSoftplus32(t *testing.T) {
	for x := -100.0; x <= 100; x += 0.01 {
		got, want := float64(softplus32(float32(x))), softplus(float64(float32(x)))
		if d := math.Abs(got - want); d > 2e-7 && d > 2e-7*want {
			t.Fatalf("softplus32(%v) = %v, want %v", x, got, want)
		}
	}
}
