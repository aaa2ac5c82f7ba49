package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Byte offsets in the constant table of the CUBA kernels
// (neuron.cubaTable): float64x4 vectors, then float32x8 vectors.
const (
	tEL  = 32 * iota // E_L
	tP22             // exp(−dt/τm)
	tP20             // the input's propagator
	tIB              // i_bias
	tPA              // receptor a's propagator
	tPB              // receptor b's propagator
	tDA              // float32x8 from here: receptor a's decay
	tDB
	tVth
	tLo
	tVR
)

// cubaAVX2 generates cubaBlocks256, the CUBA kernel of cubaAVX512 for
// CPUs with AVX2 but not AVX-512: V in two float64x4 halves.
func cubaAVX2() {
	a, at := begin("cubaBlocks256", "func(v, xa, xb, ina, inb, iext *float32, ref *int32, special *uint8, n int, useCur bool, k *float64)", "cubaBlocks256 runs the CUBA LIF kernel on n units (a multiple of 8) with AVX2.", true)
	i := blockLoop(a, "loop2", "done2")
	v, xa, xb, iext, useCur := a.v, a.xa, a.xb, a.iext, a.useCur
	var xs [2]reg.VecVirtual
	for h := range 2 {
		off := 16 * h // bytes: the second half's 4 floats
		mem := func(base reg.Register) Mem { return Mem{Base: base, Index: i, Scale: 4, Disp: off} }
		// bias = (ib + ie) * p20, ie = iext or 0
		ie, bias := YMM(), YMM()
		VXORPD(ie, ie, ie)
		TESTB(useCur, useCur)
		JZ(LabelRef(label("nocur2", h)))
		VCVTPS2PD(mem(iext), ie)
		Label(label("nocur2", h))
		VADDPD(at(tIB), ie, bias) // ie + ib: addition commutes
		VMULPD(at(tP20), bias, bias)
		// dv = (vv − el)·p22 + bias + pa·ea + pb·eb
		dv, t := YMM(), YMM()
		VCVTPS2PD(mem(v), dv)
		VSUBPD(at(tEL), dv, dv)
		VMULPD(at(tP22), dv, dv)
		VADDPD(bias, dv, dv)
		VCVTPS2PD(mem(xa), t)
		VMULPD(at(tPA), t, t)
		VADDPD(t, dv, dv)
		VCVTPS2PD(mem(xb), t)
		VMULPD(at(tPB), t, t)
		VADDPD(t, dv, dv)
		VADDPD(at(tEL), dv, dv) // el + dv
		xs[h] = XMM()
		VCVTPD2PSY(dv, xs[h])
	}
	x := YMM()
	VINSERTF128(Imm(1), xs[1], xs[0].AsY(), x)
	a.receptorsAndFinish(i, x, at(tDA), at(tDB), at(tVth), at(tLo), at(tVR))
	ADDQ(Imm(8), i)
	JMP(LabelRef("loop2"))
	Label("done2")
	VZEROUPPER()
	RET()
}

func label(s string, h int) string { return s + string(rune('a'+h)) }

// cobaAVX2 generates cobaBlocks256, the COBA kernel of cobaAVX512 for
// CPUs with AVX2 but not AVX-512: the float64 work in two float64x4
// halves, the constants from cobaAVX512's table (the first 4 lanes of its
// float64 vectors).
func cobaAVX2() {
	a, at := begin("cobaBlocks256", "func(v, xa, xb, ina, inb, iext *float32, ref *int32, special *uint8, n int, useCur bool, k *float64) int", "cobaBlocks256 runs the COBA LIF kernel on n units (a multiple of 8) with AVX2 and returns the units done.", true)
	i := blockLoop(a, "cloop2", "cdone2")
	v, xa, xb, iext, useCur := a.v, a.xa, a.xb, a.iext, a.useCur
	var vinf [2]reg.VecVirtual
	var xes [2]reg.VecVirtual
	for h := range 2 {
		mem := func(base reg.Register) Mem { return Mem{Base: base, Index: i, Scale: 4, Disp: 16 * h} }
		ga64, gb64, g := YMM(), YMM(), YMM()
		VCVTPS2PD(mem(xa), ga64)
		VCVTPS2PD(mem(xb), gb64)
		VADDPD(at(cGL), ga64, g)
		VADDPD(gb64, g, g)
		cur, t, ie := YMM(), YMM(), YMM()
		VMOVUPD(at(cGLEL), cur)
		VADDPD(at(cIB), cur, cur)
		VXORPD(ie, ie, ie)
		TESTB(useCur, useCur)
		JZ(LabelRef(label("cnocur2", h)))
		VCVTPS2PD(mem(iext), ie)
		Label(label("cnocur2", h))
		VADDPD(ie, cur, cur)
		VMULPD(at(cEA), ga64, t)
		VADDPD(t, cur, cur)
		VMULPD(at(cEB), gb64, t)
		VADDPD(t, cur, cur)
		vinf[h] = YMM()
		VDIVPD(g, cur, vinf[h])
		VMULPD(at(cHC), g, t)
		xes[h] = XMM()
		VCVTPD2PSY(t, xes[h])
	}
	xe := YMM()
	VINSERTF128(Imm(1), xes[1], xes[0].AsY(), xe)
	lt := YMM()
	VCMPPS(Imm(0x11), at(cLimit), xe, lt) // xe < 80 (ordered)
	ltBits := GP32()
	VMOVMSKPS(lt, ltBits)
	CMPL(ltBits, Imm(0xff))
	JNE(LabelRef("cdone2"))
	e := expNeg8(xe, at)
	var xs [2]reg.VecVirtual
	for h := range 2 {
		eh := XMM()
		if h == 0 {
			VMOVAPS(e.AsX(), eh)
		} else {
			VEXTRACTF128(Imm(1), e, eh)
		}
		e64, vv := YMM(), YMM()
		VCVTPS2PD(eh, e64)
		VCVTPS2PD(Mem{Base: v, Index: i, Scale: 4, Disp: 16 * h}, vv)
		VSUBPD(vinf[h], vv, vv)
		VMULPD(e64, vv, vv)
		VADDPD(vv, vinf[h], vv)
		xs[h] = XMM()
		VCVTPD2PSY(vv, xs[h])
	}
	x := YMM()
	VINSERTF128(Imm(1), xs[1], xs[0].AsY(), x)
	a.receptorsAndFinish(i, x, at(cDA), at(cDB), at(cVth), at(cLo), at(cVR))
	ADDQ(Imm(8), i)
	JMP(LabelRef("cloop2"))
	Label("cdone2")
	Store(i, ReturnIndex(0))
	VZEROUPPER()
	RET()
}
