package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// sigmoidKernel generates sigmoidRow8 for package vecmath: row[j] =
// σ(row[j] + bias[j]) on the blocks of 8 from 0 to n (a multiple of 8),
// the operations of vecmath.Sigmoid and Exp32 in their order, each
// rounded to float32 (no FMA), so the same bits:
//
//	x = min(max(row + bias, −87), 87)     (NaN stays NaN)
//	t = −x
//	n = float32(int32(t·log2e + 128.5)) − 128
//	r = (t − n·c1) − n·c2
//	p = ((((p0·r + p1)·r + p2)·r + p3)·r + p4)·r + p5
//	e = ((p·r)·r + r + 1) · 2^int32(n)
//	σ = 1 / (1 + e)
func sigmoidKernel() {
	TEXT("sigmoidRow8", NOSPLIT, "func(row, bias *float32, n int, k *float32)")
	Doc("sigmoidRow8 sets row[j] = σ(row[j] + bias[j]) for j < n (a multiple of 8) with AVX2; k is vecmath's constant table.")
	Pragma("noescape")
	row, bias, n, k := Load(Param("row"), GP64()), Load(Param("bias"), GP64()), Load(Param("n"), GP64()), Load(Param("k"), GP64())
	c := func(i int) Mem { return Mem{Base: k, Disp: 32 * i} } // float32x8 constants, see vecmath.sigmoidTable
	i := loopTo(n, "sig_loop", "sig_done")
	x := YMM()
	VMOVUPS(Mem{Base: row, Index: i, Scale: 4}, x)
	VADDPS(Mem{Base: bias, Index: i, Scale: 4}, x, x)
	// max(x, −87): VMAXPS returns its second source when either is NaN,
	// so x goes second and a NaN stays.
	lo, hi := YMM(), YMM()
	VMOVUPS(c(0), lo)
	VMAXPS(x, lo, x)
	VMOVUPS(c(1), hi)
	VMINPS(x, hi, x)
	t := YMM()
	VXORPS(c(2), x, t) // −x: flip the sign bit
	nf := YMM()
	VMULPS(c(3), t, nf)
	VADDPS(c(4), nf, nf)
	ni := YMM()
	VCVTTPS2DQ(nf, ni)
	VCVTDQ2PS(ni, nf)
	VSUBPS(c(5), nf, nf) // n
	r, q := YMM(), YMM()
	VMULPS(c(6), nf, q)
	VSUBPS(q, t, r)
	VMULPS(c(7), nf, q)
	VSUBPS(q, r, r) // r
	p := YMM()
	VMOVUPS(c(8), p)
	for j := 9; j <= 13; j++ {
		VMULPS(r, p, p)
		VADDPS(c(j), p, p)
	}
	VMULPS(r, p, p)
	VMULPS(r, p, p)
	VADDPS(r, p, p)
	VADDPS(c(14), p, p) // e before the scaling; c(14) is 1
	sc := YMM()
	VCVTTPS2DQ(nf, sc)
	VPADDD(c(15), sc, sc) // + 127
	VPSLLD(Imm(23), sc, sc)
	VMULPS(sc, p, p)
	VADDPS(c(14), p, p)
	out := YMM()
	VMOVUPS(c(14), out)
	VDIVPS(p, out, out)
	VMOVUPS(out, Mem{Base: row, Index: i, Scale: 4})
	endLoop(i, "sig_loop", "sig_done", nil)
}

// daKernel generates daUpdate8 for package synapse: on the blocks of 8
// from 0 to n (a multiple of 8), w = min(max(w + float32(g·c), lo), hi)
// and c = c·f, the operations of synapse.daUpdateGeneric in its order
// (the product rounded before the sum), so the same bits.
func daKernel() {
	TEXT("daUpdate8", NOSPLIT, "func(w, c *float32, n int, gain, lo, hi, f float32)")
	Doc("daUpdate8 is daUpdateGeneric on the first n synapses (a multiple of 8) with AVX2.")
	Pragma("noescape")
	w, c, n := Load(Param("w"), GP64()), Load(Param("c"), GP64()), Load(Param("n"), GP64())
	bc := func(name string) reg.VecVirtual {
		v := YMM()
		VBROADCASTSS(paramAddr(name), v)
		return v
	}
	g, lo, hi, f := bc("gain"), bc("lo"), bc("hi"), bc("f") // not "g": the goroutine register in Go assembly
	i := loopTo(n, "da_loop", "da_done")
	x, y, t := YMM(), YMM(), YMM()
	VMOVUPS(Mem{Base: c, Index: i, Scale: 4}, x)
	VMULPS(g, x, t)
	VADDPS(Mem{Base: w, Index: i, Scale: 4}, t, y)
	// Go's max and min propagate NaN: the variable goes second.
	VMAXPS(y, lo, y)
	VMINPS(y, hi, y)
	VMOVUPS(y, Mem{Base: w, Index: i, Scale: 4})
	VMULPS(f, x, x)
	VMOVUPS(x, Mem{Base: c, Index: i, Scale: 4})
	endLoop(i, "da_loop", "da_done", nil)
}
