package gemm

import "fmt"

// Saxpy computes y += alpha·x elementwise (len(x) == len(y)), rounding
// alpha·x before the sum in every build.
func Saxpy(alpha float32, x, y []float32) {
	if len(x) != len(y) {
		panic(fmt.Sprintf("gemm: Saxpy: len(x) = %d, len(y) = %d", len(x), len(y)))
	}
	y = y[:len(x)]
	if alpha == 1 {
		for i, v := range x {
			y[i] += v
		}
		return
	}
	for i, v := range x {
		y[i] += float32(alpha * v)
	}
}
