//go:build goexperiment.simd && amd64

package gemm

import "simd/archsimd"

func init() {
	if archsimd.X86.AVX512() {
		kAxpy = axpyAVX512
	}
}

// axpyAVX512 does y += alpha·x on the longest prefix that is a multiple
// of 64 (four vectors per iteration) and returns its length.
func axpyAVX512(alpha float32, x, y []float32) int {
	n := len(x) &^ 63
	va := archsimd.BroadcastFloat32x16(alpha)
	for i := 0; i < n; i += 64 {
		xs, ys := x[i:i+64:i+64], y[i:i+64:i+64]
		y0 := archsimd.LoadFloat32x16((*[16]float32)(ys[0:16]))
		y1 := archsimd.LoadFloat32x16((*[16]float32)(ys[16:32]))
		y2 := archsimd.LoadFloat32x16((*[16]float32)(ys[32:48]))
		y3 := archsimd.LoadFloat32x16((*[16]float32)(ys[48:64]))
		x0 := archsimd.LoadFloat32x16((*[16]float32)(xs[0:16]))
		x1 := archsimd.LoadFloat32x16((*[16]float32)(xs[16:32]))
		x2 := archsimd.LoadFloat32x16((*[16]float32)(xs[32:48]))
		x3 := archsimd.LoadFloat32x16((*[16]float32)(xs[48:64]))
		x0.MulAdd(va, y0).Store((*[16]float32)(ys[0:16]))
		x1.MulAdd(va, y1).Store((*[16]float32)(ys[16:32]))
		x2.MulAdd(va, y2).Store((*[16]float32)(ys[32:48]))
		x3.MulAdd(va, y3).Store((*[16]float32)(ys[48:64]))
	}
	return n
}
