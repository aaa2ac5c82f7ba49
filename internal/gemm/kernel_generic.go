package gemm

import (
	"math"
	"unsafe"
)

// microGeneric is the Go micro-kernel (mr = 4, nr = 4) and the reference
// the assembly kernels match bit for bit: every element of the tile is
//
//	acc = fma32(A(i,kk), B(kk,j), acc) for kk = 0..k-1, from acc = 0;
//	C = float32(alpha·acc)                        (beta == 0)
//	C = float32(float32(alpha·acc) + float32(beta·C))
//
// each operation rounded once to float32, as VFMADD231PS, VMULPS and
// VADDPS do. The explicit conversions keep the Go compiler from fusing
// the epilogue's products and sums.
func microGeneric(k int, a unsafe.Pointer, as uintptr, b unsafe.Pointer, bs uintptr, c unsafe.Pointer, ldc uintptr, alpha, beta float32) {
	var acc [4][4]float32
	for kk := 0; kk < k; kk++ {
		pa := (*[4]float32)(unsafe.Add(a, uintptr(kk)*as))
		pb := (*[4]float32)(unsafe.Add(b, uintptr(kk)*bs))
		for i, ai := range pa {
			for j, bj := range pb {
				acc[i][j] = fma32(ai, bj, acc[i][j])
			}
		}
	}
	for i := range acc {
		row := (*[4]float32)(unsafe.Add(c, uintptr(i)*4*ldc))
		for j, x := range acc[i] {
			out := float32(alpha * x)
			if beta != 0 {
				out = float32(out + float32(beta*row[j]))
			}
			row[j] = out
		}
	}
}

// fma32 is a·b + c rounded once to float32 (IEEE 754 fusedMultiplyAdd in
// binary32, round to nearest even).
//
// The product of two float32s is exact in float64, so s = p + c is the
// exact sum rounded once to float64. Rounding s to float32 then gives the
// correctly rounded result unless s lies exactly halfway between two
// float32 neighbours while the exact sum does not (every such halfway
// point is a float64, so the float64 rounding can only land on one, never
// cross it); then the rounding error of s (Knuth's TwoSum, exact) says on
// which side the exact sum lies.
func fma32(a, b, c float32) float32 {
	p := float64(a) * float64(b)
	cc := float64(c)
	s := p + cc
	// The common case: s in float32's normal range and not halfway (the 29
	// bits float32 drops are not 1000…0).
	if u := math.Float64bits(s); u&(1<<29-1) != 1<<28 && u&(0x7ff<<52) >= (1023-126)<<52 {
		return float32(s)
	}
	return fma32Slow(p, cc, s)
}

// fma32Slow is fma32 near a halfway point or outside float32's normal
// range.
func fma32Slow(p, cc, s float64) float32 {
	r := float32(s)
	d := s - float64(r)
	if d == 0 || math.IsInf(float64(r), 0) || math.IsNaN(s) {
		return r
	}
	// The neighbour of r on s's side; s is halfway when it is as far.
	q := math.Nextafter32(r, float32(math.Copysign(math.Inf(1), d)))
	if float64(q)-s != d {
		return r
	}
	bv := s - p
	e := (p - (s - bv)) + (cc - bv) // s + e == p + c exactly
	switch {
	case e == 0:
		return r // a true tie: float32(s) rounded it to even
	case (e > 0) == (d > 0):
		return q
	}
	return r
}
