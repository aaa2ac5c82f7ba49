package rbm

import (
	"math"
	"testing"
)

// TestSigmoidKernels checks sigmoidRow (the AVX-512 kernel under
// GOEXPERIMENT=simd on a machine that has it, else the generic one) and
// sigmoidRowGeneric against float64 math.Exp over [-100, 100], and
// against each other.
func TestSigmoidKernels(t *testing.T) {
	const n = 20001 // odd: exercises the vector tail
	x := make([]float32, n)
	bias := make([]float32, n)
	for i := range x {
		x[i] = float32(-100 + 200*float64(i)/(n-1))
		bias[i] = float32(i%7) * 1e-3
	}
	a := append([]float32(nil), x...)
	b := append([]float32(nil), x...)
	sigmoidRow(a, bias)
	sigmoidRowGeneric(b, bias)
	for i := range x {
		want := 1 / (1 + math.Exp(-float64(x[i]+bias[i])))
		for _, got := range []float32{a[i], b[i]} {
			if d := math.Abs(float64(got) - want); d > 2e-7 && d > 4e-7*want {
				t.Fatalf("σ(%v) = %v, want %v", x[i]+bias[i], got, want)
			}
		}
		if d := math.Abs(float64(a[i] - b[i])); d > 2e-7 {
			t.Fatalf("σ(%v): kernel %v, generic %v", x[i]+bias[i], a[i], b[i])
		}
	}
}

func TestSoftplus32(t *testing.T) {
	for x := -100.0; x <= 100; x += 0.01 {
		got, want := float64(softplus32(float32(x))), softplus(float64(float32(x)))
		if d := math.Abs(got - want); d > 2e-7 && d > 2e-7*want {
			t.Fatalf("softplus32(%v) = %v, want %v", x, got, want)
		}
	}
}
