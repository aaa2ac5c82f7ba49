package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Byte offsets in the constant table of the COBA kernel (neuron.cobaTable):
// float64x8 vectors, then float32x8 vectors, then the int32x8 bias.
const (
	cGL   = 64 * iota // g_L
	cGLEL             // g_L·E_L
	cIB               // i_bias
	cEA               // E_rev of receptor a
	cEB               // E_rev of receptor b
	cHC               // dt / C
	c32               // start of the float32 vectors
)

const (
	cDA = c32 + 32*iota
	cDB
	cLog2e
	cHalf
	cLn2hi
	cLn2lo
	cOne
	cSixth
	c24
	c120
	c720
	cLimit
	cVth
	cLo
	cVR
	cZero
	cBias // int32x8 127
)

// cobaAVX512 generates cobaBlocks512: the COBA LIF kernel (exponential
// Euler with the float32 exp(−x) of the scalar code) on the blocks of 8
// units from 0 to n. It stops before a block where some lane's exponent
// argument is 80 or more (or NaN), which the scalar code takes, and
// returns the units done.
func cobaAVX512() {
	a, at := begin("cobaBlocks512", "func(v, xa, xb, ina, inb, iext *float32, ref *int32, special *uint8, n int, useCur bool, k *float64) int", "cobaBlocks512 runs the COBA LIF kernel on n units (a multiple of 8) with AVX-512 and returns the units done.", true)
	i := blockLoop(a, "cloop", "cdone")
	v, xa, xb, iext, useCur := a.v, a.xa, a.xb, a.iext, a.useCur

	ga, gb := YMM(), YMM()
	VMOVUPS(Mem{Base: xa, Index: i, Scale: 4}, ga)
	VMOVUPS(Mem{Base: xb, Index: i, Scale: 4}, gb)
	ga64, gb64 := ZMM(), ZMM()
	VCVTPS2PD(ga, ga64)
	VCVTPS2PD(gb, gb64)
	// g = (gl + ga) + gb
	g := ZMM()
	VADDPD(at(cGL), ga64, g)
	VADDPD(gb64, g, g)
	// cur = ((gl·el + ib) + ie) + ga·ea + gb·eb
	cur, t, ie := ZMM(), ZMM(), ZMM()
	VMOVUPD(at(cGLEL), cur)
	VADDPD(at(cIB), cur, cur)
	VXORPD(ie, ie, ie)
	TESTB(useCur, useCur)
	JZ(LabelRef("cnocur"))
	VCVTPS2PD(Mem{Base: iext, Index: i, Scale: 4}, ie)
	Label("cnocur")
	VADDPD(ie, cur, cur)
	VMULPD(at(cEA), ga64, t)
	VADDPD(t, cur, cur)
	VMULPD(at(cEB), gb64, t)
	VADDPD(t, cur, cur)
	vinf := ZMM()
	VDIVPD(g, cur, vinf)
	// xe = float32(hc·g); a lane at 80 or more (or NaN) leaves the block
	// to the scalar code.
	xe := YMM()
	VMULPD(at(cHC), g, t)
	VCVTPD2PS(t, xe)
	lt := YMM()
	VCMPPS(Imm(0x11), at(cLimit), xe, lt) // xe < 80 (ordered)
	ltBits := GP32()
	VMOVMSKPS(lt, ltBits)
	CMPL(ltBits, Imm(0xff))
	JNE(LabelRef("cdone"))
	e := expNeg8(xe, at)
	// x = float32(vinf + (v − vinf)·e)
	vv := ZMM()
	VCVTPS2PD(Mem{Base: v, Index: i, Scale: 4}, vv)
	VSUBPD(vinf, vv, vv)
	e64 := ZMM()
	VCVTPS2PD(e, e64)
	VMULPD(e64, vv, vv)
	VADDPD(vv, vinf, vv)
	x := YMM()
	VCVTPD2PS(vv, x)
	a.receptorsAndFinish(i, x, at(cDA), at(cDB), at(cVth), at(cLo), at(cVR))
	ADDQ(Imm(8), i)
	JMP(LabelRef("cloop"))
	Label("cdone")
	Store(i, ReturnIndex(0))
	VZEROUPPER()
	RET()
}

// expNeg8 is the scalar code's float32 exp(−x) on 8 lanes with x < 80,
// the same operations in the same order: k = floor(x·log2 e + 1/2),
// r = −((x − k·ln2hi) − k·ln2lo), p = (1 + r) + r²(1/2 + r/6) +
// r⁴((1/24 + r/120) + r²/720), times 2^−k.
func expNeg8(x reg.VecVirtual, at func(int) Mem) reg.VecVirtual {
	y, kf, a, t := YMM(), YMM(), YMM(), YMM()
	VMULPS(at(cLog2e), x, y)
	VADDPS(at(cHalf), y, y)
	VROUNDPS(Imm(9), y, kf) // floor, no precision exception
	VMULPS(at(cLn2hi), kf, t)
	VSUBPS(t, x, a)
	VMULPS(at(cLn2lo), kf, t)
	VSUBPS(t, a, a)
	r := YMM()
	VXORPS(r, r, r)
	VSUBPS(a, r, r) // 0 − a
	r2, r4 := YMM(), YMM()
	VMULPS(r, r, r2)
	VMULPS(r2, r2, r4)
	q0, q1, q2 := YMM(), YMM(), YMM()
	VADDPS(at(cOne), r, q0)
	VMULPS(at(cSixth), r, q1)
	VADDPS(at(cHalf), q1, q1)
	VMULPS(at(c120), r, q2)
	VADDPS(at(c24), q2, q2)
	VMULPS(at(c720), r2, t)
	VADDPS(t, q2, t)
	t4 := YMM()
	VMULPS(t, r4, t4)
	p := YMM()
	VMULPS(q1, r2, t)
	VADDPS(t, q0, p)
	VADDPS(t4, p, p)
	ki, s := YMM(), YMM()
	VCVTTPS2DQ(kf, ki)
	VMOVDQU(at(cBias), s)
	VPSUBD(ki, s, s)
	VPSLLD(Imm(23), s, s)
	VMULPS(s, p, p)
	return p
}
