package synapse

import (
	"math/rand/v2"
	"testing"
)

// TestDAUpdateKernels: daUpdate (the assembly kernel on a machine with
// AVX, else the generic loop) and
// daUpdateGeneric give the same weights and eligibilities, including
// clipping at both bounds and the tail of an odd length.
func TestDAUpdateKernels(t *testing.T) {
	const n = 1001
	rng := rand.New(rand.NewPCG(1, 2))
	w := make([]float32, n)
	c := make([]float32, n)
	for k := range w {
		w[k] = float32(4 * rng.Float64())
		c[k] = float32(rng.NormFloat64())
	}
	w1, c1 := append([]float32(nil), w...), append([]float32(nil), c...)
	w2, c2 := append([]float32(nil), w...), append([]float32(nil), c...)
	for _, g := range []float32{0.002, 0.5, 3, -1} {
		daUpdate(w1, c1, g, 0, 4, 0.99)
		daUpdateGeneric(w2, c2, g, 0, 4, 0.99)
	}
	for k := range w {
		if w1[k] != w2[k] || c1[k] != c2[k] {
			t.Fatalf("synapse %d: kernel w %v c %v, generic w %v c %v", k, w1[k], c1[k], w2[k], c2[k])
		}
		if w1[k] < 0 || w1[k] > 4 {
			t.Fatalf("synapse %d: w %v outside [0, 4]", k, w1[k])
		}
	}
}
