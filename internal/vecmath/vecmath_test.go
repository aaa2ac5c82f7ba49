package vecmath

import (
	"math"
	"testing"
)

// TestSigmoidKernels checks SigmoidRow (the assembly kernel on a machine
// with AVX2, else the generic one) and sigmoidRowGeneric against float64
// math.Exp over [-100, 100], and against each other bit for bit.
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
	SigmoidRow(a, bias)
	sigmoidRowGeneric(b, bias)
	for i := range x {
		want := 1 / (1 + math.Exp(-float64(x[i]+bias[i])))
		for _, got := range []float32{a[i], b[i]} {
			if d := math.Abs(float64(got) - want); d > 2e-7 && d > 4e-7*want {
				t.Fatalf("σ(%v) = %v, want %v", x[i]+bias[i], got, want)
			}
		}
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			t.Fatalf("σ(%v): kernel %v, generic %v", x[i]+bias[i], a[i], b[i])
		}
	}
}
