//go:build goexperiment.simd && amd64

package gemm

import (
	"simd/archsimd"
	"unsafe"
)

func init() {
	if !archsimd.X86.AVX512() {
		return
	}
	kMR, kNR, kMicro = 4, 32, microAVX512
	kDot, kDotMR, kDotNR, kDotMin = dotAVX512, 4, 2, 16
	kName = "avx512"
}

// microAVX512 is the 4×32 micro-kernel: eight 16-lane accumulators, two B
// vectors and one broadcast A element per row and k step, k unrolled twice.
// Larger tiles do not fit: Go gives vectors only 15 registers, and each
// fused multiply-add overwrites its first operand, so the broadcast A value
// is copied before its first use. The last k step is peeled off so that a
// and b never move past the end of their allocation (unsafe.Pointer rule 3).
func microAVX512(k int, a unsafe.Pointer, as uintptr, b unsafe.Pointer, bs uintptr, c unsafe.Pointer, ldc uintptr, alpha, beta float32) {
	if !archsimd.X86.AVX512() {
		panic("gemm: AVX-512 kernel without AVX-512")
	}
	dummy := &never
	var c00, c01, c10, c11, c20, c21, c30, c31 archsimd.Float32x16
	for ; k > 2; k -= 2 {
		{
			b0 := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Add(b, 0)))
			b1 := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Add(b, 64)))
			a0 := archsimd.BroadcastFloat32x16(*(*float32)(unsafe.Add(a, 0)))
			c00 = a0.MulAdd(b0, c00)
			c01 = a0.MulAdd(b1, c01)
			a1 := archsimd.BroadcastFloat32x16(*(*float32)(unsafe.Add(a, 4)))
			c10 = a1.MulAdd(b0, c10)
			c11 = a1.MulAdd(b1, c11)
			if *dummy == 100 {
				break
			}
			a2 := archsimd.BroadcastFloat32x16(*(*float32)(unsafe.Add(a, 8)))
			c20 = a2.MulAdd(b0, c20)
			c21 = a2.MulAdd(b1, c21)
			a3 := archsimd.BroadcastFloat32x16(*(*float32)(unsafe.Add(a, 12)))
			c30 = a3.MulAdd(b0, c30)
			c31 = a3.MulAdd(b1, c31)
		}
		a, b = unsafe.Add(a, as), unsafe.Add(b, bs)
		if *dummy == 101 {
			break
		}
		{
			b0 := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Add(b, 0)))
			b1 := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Add(b, 64)))
			a0 := archsimd.BroadcastFloat32x16(*(*float32)(unsafe.Add(a, 0)))
			c00 = a0.MulAdd(b0, c00)
			c01 = a0.MulAdd(b1, c01)
			a1 := archsimd.BroadcastFloat32x16(*(*float32)(unsafe.Add(a, 4)))
			c10 = a1.MulAdd(b0, c10)
			c11 = a1.MulAdd(b1, c11)
			if *dummy == 102 {
				break
			}
			a2 := archsimd.BroadcastFloat32x16(*(*float32)(unsafe.Add(a, 8)))
			c20 = a2.MulAdd(b0, c20)
			c21 = a2.MulAdd(b1, c21)
			a3 := archsimd.BroadcastFloat32x16(*(*float32)(unsafe.Add(a, 12)))
			c30 = a3.MulAdd(b0, c30)
			c31 = a3.MulAdd(b1, c31)
		}
		a, b = unsafe.Add(a, as), unsafe.Add(b, bs)
	}
	{
		b0 := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Add(b, 0)))
		b1 := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Add(b, 64)))
		a0 := archsimd.BroadcastFloat32x16(*(*float32)(unsafe.Add(a, 0)))
		c00 = a0.MulAdd(b0, c00)
		c01 = a0.MulAdd(b1, c01)
		a1 := archsimd.BroadcastFloat32x16(*(*float32)(unsafe.Add(a, 4)))
		c10 = a1.MulAdd(b0, c10)
		c11 = a1.MulAdd(b1, c11)
		a2 := archsimd.BroadcastFloat32x16(*(*float32)(unsafe.Add(a, 8)))
		c20 = a2.MulAdd(b0, c20)
		c21 = a2.MulAdd(b1, c21)
		a3 := archsimd.BroadcastFloat32x16(*(*float32)(unsafe.Add(a, 12)))
		c30 = a3.MulAdd(b0, c30)
		c31 = a3.MulAdd(b1, c31)
	}
	if k == 2 {
		a, b = unsafe.Add(a, as), unsafe.Add(b, bs)
		b0 := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Add(b, 0)))
		b1 := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Add(b, 64)))
		a0 := archsimd.BroadcastFloat32x16(*(*float32)(unsafe.Add(a, 0)))
		c00 = a0.MulAdd(b0, c00)
		c01 = a0.MulAdd(b1, c01)
		a1 := archsimd.BroadcastFloat32x16(*(*float32)(unsafe.Add(a, 4)))
		c10 = a1.MulAdd(b0, c10)
		c11 = a1.MulAdd(b1, c11)
		a2 := archsimd.BroadcastFloat32x16(*(*float32)(unsafe.Add(a, 8)))
		c20 = a2.MulAdd(b0, c20)
		c21 = a2.MulAdd(b1, c21)
		a3 := archsimd.BroadcastFloat32x16(*(*float32)(unsafe.Add(a, 12)))
		c30 = a3.MulAdd(b0, c30)
		c31 = a3.MulAdd(b1, c31)
	}
	if beta == 0 {
		va := archsimd.BroadcastFloat32x16(alpha)
		c00.Mul(va).Store((*[16]float32)(c))
		c01.Mul(va).Store((*[16]float32)(unsafe.Add(c, 64)))
		c10.Mul(va).Store((*[16]float32)(unsafe.Add(c, 4*ldc+0)))
		c11.Mul(va).Store((*[16]float32)(unsafe.Add(c, 4*ldc+64)))
		c20.Mul(va).Store((*[16]float32)(unsafe.Add(c, 8*ldc+0)))
		c21.Mul(va).Store((*[16]float32)(unsafe.Add(c, 8*ldc+64)))
		c30.Mul(va).Store((*[16]float32)(unsafe.Add(c, 12*ldc+0)))
		c31.Mul(va).Store((*[16]float32)(unsafe.Add(c, 12*ldc+64)))
		return
	}
	var t [128]float32
	c00.Store((*[16]float32)(t[0:]))
	c01.Store((*[16]float32)(t[16:]))
	c10.Store((*[16]float32)(t[32:]))
	c11.Store((*[16]float32)(t[48:]))
	c20.Store((*[16]float32)(t[64:]))
	c21.Store((*[16]float32)(t[80:]))
	c30.Store((*[16]float32)(t[96:]))
	c31.Store((*[16]float32)(t[112:]))
	epilogue4x32(&t, c, ldc, alpha, beta)
}

// epilogue4x32 stores alpha·t + beta·C into the 4×32 tile at c (beta != 0;
// the kernel stores beta == 0 tiles itself). It is kept out of line so that
// its registers do not crowd the kernel loop.
//
//go:noinline
func epilogue4x32(t *[128]float32, c unsafe.Pointer, ldc uintptr, alpha, beta float32) {
	va := archsimd.BroadcastFloat32x16(alpha)
	if beta == 0 {
		for i := range 4 {
			r := unsafe.Add(c, uintptr(i)*4*ldc)
			archsimd.LoadFloat32x16((*[16]float32)(t[i*32+0:])).Mul(va).Store((*[16]float32)(unsafe.Add(r, 0)))
			archsimd.LoadFloat32x16((*[16]float32)(t[i*32+16:])).Mul(va).Store((*[16]float32)(unsafe.Add(r, 64)))
		}
		return
	}
	vb := archsimd.BroadcastFloat32x16(beta)
	for i := range 4 {
		r := unsafe.Add(c, uintptr(i)*4*ldc)
		storeAB((*[16]float32)(unsafe.Add(r, 0)), archsimd.LoadFloat32x16((*[16]float32)(t[i*32+0:])), va, vb)
		storeAB((*[16]float32)(unsafe.Add(r, 64)), archsimd.LoadFloat32x16((*[16]float32)(t[i*32+16:])), va, vb)
	}
}

// storeAB sets *p = alpha·x + beta·*p, the multiply by beta fused with the add.
func storeAB(p *[16]float32, x, va, vb archsimd.Float32x16) {
	archsimd.LoadFloat32x16(p).MulAdd(vb, x.Mul(va)).Store(p)
}

// Reduction permutations for dotAVX512: level l adds lanes 8, 4, 2, 1 apart
// (see reduce16), merging the partial sums of several accumulators.
var (
	idxL1P = [16]uint32{0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23}
	idxL1Q = [16]uint32{8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31}
	idxL2P = [16]uint32{0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27}
	idxL2Q = [16]uint32{4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31}
	idxL3P = [16]uint32{0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24, 25, 28, 29}
	idxL3Q = [16]uint32{2, 3, 6, 7, 10, 11, 14, 15, 18, 19, 22, 23, 26, 27, 30, 31}
	idxL4P = [16]uint32{0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30}
	idxL4Q = [16]uint32{1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31}
)

// dotBlock is the number of rows of B (columns of C) swept per row block of
// A in dotAVX512: 96 rows of 784 floats are 300 KB, well inside L2.
const dotBlock = 96

// dotAVX512 computes C = alpha·A·Bᵀ + beta·C on rows [i0,i1) and columns
// [j0,j1) of C, vectorizing along k: each element is a 16-lane fused
// multiply-add accumulation over the first k&^15 terms, reduced by reduce16's
// tree, plus the remaining terms added one at a time.
func dotAVX512(k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int, i0, i1, j0, j1 int) {
	k16 := k &^ 15
	var s [16]float32
	for jb := j0; jb < j1; jb += dotBlock {
		je := min(jb+dotBlock, j1)
		for i := i0; i < i1; i += 4 {
			if i+4 > i1 { // the last 1..3 rows
				for ii := i; ii < i1; ii++ {
					ar := a[ii*lda : ii*lda+k]
					j := jb
					for ; j+4 <= je; j += 4 {
						_ = b[(j+3)*ldb+k-1]
						dot1x4(k16, unsafe.Pointer(&ar[0]), unsafe.Pointer(&b[j*ldb]), uintptr(ldb)*4, &s)
						for jj := range 4 {
							finish(s[jj], ar[k16:], b[(j+jj)*ldb+k16:(j+jj)*ldb+k], alpha, beta, &c[ii*ldc+j+jj])
						}
					}
					for ; j < je; j++ {
						dot1(k, k16, alpha, ar, b[j*ldb:], beta, &c[ii*ldc+j])
					}
				}
				break
			}
			for j := jb; j < je; j += 2 {
				if j+2 > je {
					for ii := i; ii < i+4; ii++ {
						dot1(k, k16, alpha, a[ii*lda:], b[j*ldb:], beta, &c[ii*ldc+j])
					}
					break
				}
				_ = a[(i+3)*lda+k-1]
				_ = b[(j+1)*ldb+k-1]
				dot4x2(k16, unsafe.Pointer(&a[i*lda]), uintptr(lda)*4, unsafe.Pointer(&b[j*ldb]), uintptr(ldb)*4, &s)
				if k16 == k { // no tail: finish's arithmetic, inlined
					for ii := range 4 {
						cr := (*[2]float32)(c[(i+ii)*ldc+j:])
						if beta == 0 {
							cr[0] = float32(alpha * s[2*ii])
							cr[1] = float32(alpha * s[2*ii+1])
						} else {
							cr[0] = float32(alpha*s[2*ii]) + float32(beta*cr[0])
							cr[1] = float32(alpha*s[2*ii+1]) + float32(beta*cr[1])
						}
					}
					continue
				}
				for ii := range 4 {
					ar := a[(i+ii)*lda+k16 : (i+ii)*lda+k]
					for jj := range 2 {
						finish(s[2*ii+jj], ar, b[(j+jj)*ldb+k16:(j+jj)*ldb+k], alpha, beta, &c[(i+ii)*ldc+j+jj])
					}
				}
			}
		}
	}
}

// finish adds the tail terms a[t]·b[t] to the reduced sum s and stores
// alpha·s + beta·*c (beta==0: *c not read). The conversions forbid fusion.
func finish(s float32, a, b []float32, alpha, beta float32, c *float32) {
	b = b[:len(a)]
	for t, v := range a {
		s += float32(v * b[t])
	}
	if beta == 0 {
		*c = float32(alpha * s)
		return
	}
	*c = float32(alpha*s) + float32(beta**c)
}

// reduce16 sums the lanes of v in the order of dot4x2's permutation tree.
func reduce16(v *[16]float32) float32 {
	var s8 [8]float32
	for l := range 8 {
		s8[l] = v[l] + v[l+8]
	}
	s4 := [4]float32{s8[0] + s8[4], s8[1] + s8[5], s8[2] + s8[6], s8[3] + s8[7]}
	return (s4[0] + s4[2]) + (s4[1] + s4[3])
}

// dot1 computes one element of C the way dot4x2 does.
func dot1(k, k16 int, alpha float32, a, b []float32, beta float32, c *float32) {
	a, b = a[:k], b[:k]
	var acc archsimd.Float32x16
	for kk := 0; kk < k16; kk += 16 {
		acc = archsimd.LoadFloat32x16((*[16]float32)(a[kk:])).MulAdd(archsimd.LoadFloat32x16((*[16]float32)(b[kk:])), acc)
	}
	var v [16]float32
	acc.Store(&v)
	finish(reduce16(&v), a[k16:], b[k16:], alpha, beta, c)
}

// dot4x2 computes the lane-reduced dot products of rows 0..3 of a (stride
// as bytes) with rows 0..1 of b (stride bs bytes) over k16 (a multiple of
// 16) terms: s[2i+j] = Σ a_i·b_j, k unrolled by 32 (the last steps peeled,
// as in microAVX512).
func dot4x2(k16 int, a unsafe.Pointer, as uintptr, b unsafe.Pointer, bs uintptr, s *[16]float32) {
	if !archsimd.X86.AVX512() {
		panic("gemm: AVX-512 kernel without AVX-512")
	}
	dummy := &never
	var c00, c01, c10, c11, c20, c21, c30, c31 archsimd.Float32x16
	a0, a1, a2, a3 := a, unsafe.Add(a, as), unsafe.Add(a, 2*as), unsafe.Add(a, 3*as)
	b0, b1 := b, unsafe.Add(b, bs)
	n := k16 / 16 // >= 1
	for ; n > 2; n -= 2 {
		{
			w0 := archsimd.LoadFloat32x16((*[16]float32)(b0))
			w1 := archsimd.LoadFloat32x16((*[16]float32)(b1))
			x0 := archsimd.LoadFloat32x16((*[16]float32)(a0))
			c00 = x0.MulAdd(w0, c00)
			c01 = x0.MulAdd(w1, c01)
			x1 := archsimd.LoadFloat32x16((*[16]float32)(a1))
			c10 = x1.MulAdd(w0, c10)
			c11 = x1.MulAdd(w1, c11)
			if *dummy == 100 {
				break
			}
			x2 := archsimd.LoadFloat32x16((*[16]float32)(a2))
			c20 = x2.MulAdd(w0, c20)
			c21 = x2.MulAdd(w1, c21)
			x3 := archsimd.LoadFloat32x16((*[16]float32)(a3))
			c30 = x3.MulAdd(w0, c30)
			c31 = x3.MulAdd(w1, c31)
		}
		if *dummy == 101 {
			break
		}
		{
			w0 := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Add(b0, 64)))
			w1 := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Add(b1, 64)))
			x0 := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Add(a0, 64)))
			c00 = x0.MulAdd(w0, c00)
			c01 = x0.MulAdd(w1, c01)
			x1 := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Add(a1, 64)))
			c10 = x1.MulAdd(w0, c10)
			c11 = x1.MulAdd(w1, c11)
			if *dummy == 102 {
				break
			}
			x2 := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Add(a2, 64)))
			c20 = x2.MulAdd(w0, c20)
			c21 = x2.MulAdd(w1, c21)
			x3 := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Add(a3, 64)))
			c30 = x3.MulAdd(w0, c30)
			c31 = x3.MulAdd(w1, c31)
		}
		a0, a1, a2, a3 = unsafe.Add(a0, 128), unsafe.Add(a1, 128), unsafe.Add(a2, 128), unsafe.Add(a3, 128)
		b0, b1 = unsafe.Add(b0, 128), unsafe.Add(b1, 128)
	}
	{
		w0 := archsimd.LoadFloat32x16((*[16]float32)(b0))
		w1 := archsimd.LoadFloat32x16((*[16]float32)(b1))
		x0 := archsimd.LoadFloat32x16((*[16]float32)(a0))
		c00 = x0.MulAdd(w0, c00)
		c01 = x0.MulAdd(w1, c01)
		x1 := archsimd.LoadFloat32x16((*[16]float32)(a1))
		c10 = x1.MulAdd(w0, c10)
		c11 = x1.MulAdd(w1, c11)
		x2 := archsimd.LoadFloat32x16((*[16]float32)(a2))
		c20 = x2.MulAdd(w0, c20)
		c21 = x2.MulAdd(w1, c21)
		x3 := archsimd.LoadFloat32x16((*[16]float32)(a3))
		c30 = x3.MulAdd(w0, c30)
		c31 = x3.MulAdd(w1, c31)
	}
	if n == 2 {
		w0 := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Add(b0, 64)))
		w1 := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Add(b1, 64)))
		x0 := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Add(a0, 64)))
		c00 = x0.MulAdd(w0, c00)
		c01 = x0.MulAdd(w1, c01)
		x1 := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Add(a1, 64)))
		c10 = x1.MulAdd(w0, c10)
		c11 = x1.MulAdd(w1, c11)
		x2 := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Add(a2, 64)))
		c20 = x2.MulAdd(w0, c20)
		c21 = x2.MulAdd(w1, c21)
		x3 := archsimd.LoadFloat32x16((*[16]float32)(unsafe.Add(a3, 64)))
		c30 = x3.MulAdd(w0, c30)
		c31 = x3.MulAdd(w1, c31)
	}
	var t [8 * 16]float32
	c00.Store((*[16]float32)(t[0:]))
	c01.Store((*[16]float32)(t[16:]))
	c10.Store((*[16]float32)(t[32:]))
	c11.Store((*[16]float32)(t[48:]))
	c20.Store((*[16]float32)(t[64:]))
	c21.Store((*[16]float32)(t[80:]))
	c30.Store((*[16]float32)(t[96:]))
	c31.Store((*[16]float32)(t[112:]))
	reduce8(&t, s)
}

// dot1x4 computes the lane-reduced dot products of the row a with rows
// 0..3 of b (stride bs bytes) over k16 (a multiple of 16, >= 16) terms into
// s[0:4], with the same per-element operations as dot4x2.
func dot1x4(k16 int, a unsafe.Pointer, b unsafe.Pointer, bs uintptr, s *[16]float32) {
	if !archsimd.X86.AVX512() {
		panic("gemm: AVX-512 kernel without AVX-512")
	}
	var c0, c1, c2, c3 archsimd.Float32x16
	b0, b1, b2, b3 := b, unsafe.Add(b, bs), unsafe.Add(b, 2*bs), unsafe.Add(b, 3*bs)
	for n := k16 / 16; ; {
		x := archsimd.LoadFloat32x16((*[16]float32)(a))
		c0 = x.MulAdd(archsimd.LoadFloat32x16((*[16]float32)(b0)), c0)
		c1 = x.MulAdd(archsimd.LoadFloat32x16((*[16]float32)(b1)), c1)
		c2 = x.MulAdd(archsimd.LoadFloat32x16((*[16]float32)(b2)), c2)
		c3 = x.MulAdd(archsimd.LoadFloat32x16((*[16]float32)(b3)), c3)
		if n--; n == 0 {
			break
		}
		a, b0, b1, b2, b3 = unsafe.Add(a, 64), unsafe.Add(b0, 64), unsafe.Add(b1, 64), unsafe.Add(b2, 64), unsafe.Add(b3, 64)
	}
	var t [8 * 16]float32
	c0.Store((*[16]float32)(t[0:]))
	c1.Store((*[16]float32)(t[16:]))
	c2.Store((*[16]float32)(t[32:]))
	c3.Store((*[16]float32)(t[48:]))
	reduce8(&t, s) // each output lane depends only on its own vector
}

// reduce8 sums the lanes of the eight vectors in t into s[0:8] with a
// permutation tree that adds lanes 8, 4, 2 and 1 apart, like reduce16. It
// is kept out of line so that its registers do not crowd the dot4x2 loop.
//
//go:noinline
func reduce8(t *[8 * 16]float32, s *[16]float32) {
	ld := func(i int) archsimd.Float32x16 { return archsimd.LoadFloat32x16((*[16]float32)(t[16*i:])) }
	p1 := archsimd.LoadUint32x16(&idxL1P)
	q1 := archsimd.LoadUint32x16(&idxL1Q)
	c00, c01 := ld(0), ld(1)
	r0 := c00.ConcatPermute(c01, p1).Add(c00.ConcatPermute(c01, q1))
	c10, c11 := ld(2), ld(3)
	r1 := c10.ConcatPermute(c11, p1).Add(c10.ConcatPermute(c11, q1))
	c20, c21 := ld(4), ld(5)
	r2 := c20.ConcatPermute(c21, p1).Add(c20.ConcatPermute(c21, q1))
	c30, c31 := ld(6), ld(7)
	r3 := c30.ConcatPermute(c31, p1).Add(c30.ConcatPermute(c31, q1))
	p2 := archsimd.LoadUint32x16(&idxL2P)
	q2 := archsimd.LoadUint32x16(&idxL2Q)
	u0 := r0.ConcatPermute(r1, p2).Add(r0.ConcatPermute(r1, q2))
	u1 := r2.ConcatPermute(r3, p2).Add(r2.ConcatPermute(r3, q2))
	v := u0.ConcatPermute(u1, archsimd.LoadUint32x16(&idxL3P)).Add(u0.ConcatPermute(u1, archsimd.LoadUint32x16(&idxL3Q)))
	r := v.ConcatPermute(v, archsimd.LoadUint32x16(&idxL4P)).Add(v.ConcatPermute(v, archsimd.LoadUint32x16(&idxL4Q))).GetLo()
	// Scalar stores: reading floats back from one wide vector store would
	// stall store-to-load forwarding.
	lo, hi := r.GetLo(), r.GetHi()
	s[0], s[1], s[2], s[3] = lo.GetElem(0), lo.GetElem(1), lo.GetElem(2), lo.GetElem(3)
	s[4], s[5], s[6], s[7] = hi.GetElem(0), hi.GetElem(1), hi.GetElem(2), hi.GetElem(3)
}
