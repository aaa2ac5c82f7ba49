package gemm

import "unsafe"

// never is always 0. The micro-kernels test it between rows: the branches
// are never taken, but they cut the loop body into basic blocks, which keeps
// the Go scheduler from hoisting every load to the top of the loop (and
// spilling the accumulators: Go allocates only 15 float/vector registers).
var never int

// microGeneric4x2 is the plain Go micro-kernel (mr = 4, nr = 2): eight
// scalar accumulators, k unrolled twice. Products are rounded before they
// are added (the explicit float32 conversions forbid fused multiply-adds).
// Wider tiles spill in the Go register allocator and run slower.
//
// The last k step is peeled off so that a and b are never advanced past
// the end of their allocation (unsafe.Pointer rule 3).
func microGeneric4x2(k int, a unsafe.Pointer, as uintptr, b unsafe.Pointer, bs uintptr, c unsafe.Pointer, ldc uintptr, alpha, beta float32) {
	dummy := &never
	var c00, c01, c10, c11, c20, c21, c30, c31 float32
	for ; k > 2; k -= 2 {
		{
			pa, pb := (*[4]float32)(a), (*[2]float32)(b)
			b0, b1 := pb[0], pb[1]
			a0 := pa[0]
			c00 += float32(a0 * b0)
			c01 += float32(a0 * b1)
			if *dummy == 100 {
				break
			}
			a1 := pa[1]
			c10 += float32(a1 * b0)
			c11 += float32(a1 * b1)
			if *dummy == 101 {
				break
			}
			a2 := pa[2]
			c20 += float32(a2 * b0)
			c21 += float32(a2 * b1)
			if *dummy == 102 {
				break
			}
			a3 := pa[3]
			c30 += float32(a3 * b0)
			c31 += float32(a3 * b1)
		}
		a, b = unsafe.Add(a, as), unsafe.Add(b, bs)
		{
			pa, pb := (*[4]float32)(a), (*[2]float32)(b)
			b0, b1 := pb[0], pb[1]
			a0 := pa[0]
			c00 += float32(a0 * b0)
			c01 += float32(a0 * b1)
			if *dummy == 103 {
				break
			}
			a1 := pa[1]
			c10 += float32(a1 * b0)
			c11 += float32(a1 * b1)
			if *dummy == 104 {
				break
			}
			a2 := pa[2]
			c20 += float32(a2 * b0)
			c21 += float32(a2 * b1)
			if *dummy == 105 {
				break
			}
			a3 := pa[3]
			c30 += float32(a3 * b0)
			c31 += float32(a3 * b1)
		}
		a, b = unsafe.Add(a, as), unsafe.Add(b, bs)
	}
	{
		pa, pb := (*[4]float32)(a), (*[2]float32)(b)
		b0, b1 := pb[0], pb[1]
		a0 := pa[0]
		c00 += float32(a0 * b0)
		c01 += float32(a0 * b1)
		a1 := pa[1]
		c10 += float32(a1 * b0)
		c11 += float32(a1 * b1)
		a2 := pa[2]
		c20 += float32(a2 * b0)
		c21 += float32(a2 * b1)
		a3 := pa[3]
		c30 += float32(a3 * b0)
		c31 += float32(a3 * b1)
	}
	if k == 2 {
		a, b = unsafe.Add(a, as), unsafe.Add(b, bs)
		pa, pb := (*[4]float32)(a), (*[2]float32)(b)
		b0, b1 := pb[0], pb[1]
		a0 := pa[0]
		c00 += float32(a0 * b0)
		c01 += float32(a0 * b1)
		a1 := pa[1]
		c10 += float32(a1 * b0)
		c11 += float32(a1 * b1)
		a2 := pa[2]
		c20 += float32(a2 * b0)
		c21 += float32(a2 * b1)
		a3 := pa[3]
		c30 += float32(a3 * b0)
		c31 += float32(a3 * b1)
	}
	store2(c, alpha, beta, c00, c01)
	c = unsafe.Add(c, 4*ldc)
	store2(c, alpha, beta, c10, c11)
	c = unsafe.Add(c, 4*ldc)
	store2(c, alpha, beta, c20, c21)
	c = unsafe.Add(c, 4*ldc)
	store2(c, alpha, beta, c30, c31)
}

// store2 writes alpha·(x0, x1) + beta·c[0:2] to c[0:2] (beta==0: c not read).
func store2(c unsafe.Pointer, alpha, beta float32, x0, x1 float32) {
	p := (*[2]float32)(c)
	if beta == 0 {
		p[0] = float32(alpha * x0)
		p[1] = float32(alpha * x1)
		return
	}
	p[0] = float32(alpha*x0) + float32(beta*p[0])
	p[1] = float32(alpha*x1) + float32(beta*p[1])
}
