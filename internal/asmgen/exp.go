package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

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
