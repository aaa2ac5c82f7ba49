package gemm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSaxpy compares Saxpy with a float64 reference on lengths around
// the vector block (64), for several alphas; relative tolerance 1e-6.
func TestSaxpy(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for _, n := range []int{0, 1, 15, 63, 64, 65, 127, 128, 200, 1000} {
		for _, alpha := range []float32{1, -0.5, 2.25, 0} {
			x, y := randSlice(rng, n), randSlice(rng, n)
			want := make([]float64, n)
			for i := range want {
				want[i] = float64(y[i]) + float64(alpha)*float64(x[i])
			}
			Saxpy(alpha, x, y)
			for i := range want {
				if d := math.Abs(float64(y[i]) - want[i]); d > 1e-6*(1+math.Abs(want[i])) {
					t.Fatalf("n=%d alpha=%v: y[%d] = %v, want %v", n, alpha, i, y[i], want[i])
				}
			}
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("Saxpy with different lengths did not panic")
		}
	}()
	Saxpy(1, make([]float32, 3), make([]float32, 4))
}
