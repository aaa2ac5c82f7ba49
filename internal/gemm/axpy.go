package gemm

import "fmt"

// Saxpy computes y += alpha·x elementwise (len(x) == len(y)). With
// GOEXPERIMENT=simd on an AVX-512 machine it runs 16 lanes at a time
// with a fused multiply-add; the plain build rounds alpha·x separately,
// so the builds may differ in the last bit.
func Saxpy(alpha float32, x, y []float32) {
	if len(x) != len(y) {
		panic(fmt.Sprintf("gemm: Saxpy: len(x) = %d, len(y) = %d", len(x), len(y)))
	}
	n := 0
	if kAxpy != nil {
		n = kAxpy(alpha, x, y)
	}
	x, y = x[n:], y[n:len(x)]
	if alpha == 1 {
		for i, v := range x {
			y[i] += v
		}
		return
	}
	for i, v := range x {
		y[i] += alpha * v
	}
}

// kAxpy is the vector Saxpy kernel of the SIMD build (nil in the plain
// build): it handles a prefix of x and y and returns its length.
var kAxpy func(alpha float32, x, y []float32) int
