// Package gemm is brainsim's single-precision matrix multiply, the kernel
// under the train mode (backprop, RBMs, readouts).
//
// All matrices are row-major. Sgemm computes
//
//	C = alpha·op(A)·op(B) + beta·C
//
// where op(X) is X or its transpose, op(A) is m×k, op(B) is k×n and C is
// m×n, with leading dimensions (row strides) lda, ldb, ldc as in CBLAS
// row-major calls.
package gemm

import (
	"runtime"
	"sync/atomic"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

var threads atomic.Int32

// SetThreads sets how many goroutines Sgemm may use (n <= 0: GOMAXPROCS).
func SetThreads(n int) { threads.Store(int32(max(n, 0))) }

// Threads returns the number of goroutines Sgemm uses.
func Threads() int {
	if n := int(threads.Load()); n > 0 {
		return n
	}
	return runtime.GOMAXPROCS(0)
}

// Sgemm computes C = alpha·op(A)·op(B) + beta·C (row-major; tA, tB select
// the transposes). op(A) is m×k, op(B) is k×n, C is m×n.
func Sgemm(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	ta, tb := blas.NoTrans, blas.NoTrans
	if tA {
		ta = blas.Trans
	}
	if tB {
		tb = blas.Trans
	}
	gonum.Implementation{}.Sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}
