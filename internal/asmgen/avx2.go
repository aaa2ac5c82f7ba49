package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Byte offsets in the constant table of the AVX2 CUBA kernel
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
	TEXT("cubaBlocks256", NOSPLIT, "func(v, xa, xb, ina, inb, iext *float32, ref *int32, special *uint8, n int, useCur bool, k *float64)")
	Doc("cubaBlocks256 runs the CUBA LIF kernel on n units (a multiple of 8) with AVX2.")
	Pragma("noescape")
	v := Load(Param("v"), GP64())
	xa := Load(Param("xa"), GP64())
	xb := Load(Param("xb"), GP64())
	ina := Load(Param("ina"), GP64())
	inb := Load(Param("inb"), GP64())
	iext := Load(Param("iext"), GP64())
	ref := Load(Param("ref"), GP64())
	special := Load(Param("special"), GP64())
	n := Load(Param("n"), GP64())
	useCur := Load(Param("useCur"), GP8())
	k := Load(Param("k"), GP64())
	at := func(off int) Mem { return Mem{Base: k, Disp: off} }

	i := GP64()
	XORQ(i, i)
	Label("loop2")
	CMPQ(i, n)
	JGE(LabelRef("done2"))
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
	ea, eb := YMM(), YMM()
	VMOVUPS(Mem{Base: xa, Index: i, Scale: 4}, ea)
	VMULPS(at(tDA), ea, ea)
	VADDPS(Mem{Base: ina, Index: i, Scale: 4}, ea, ea)
	VMOVUPS(ea, Mem{Base: xa, Index: i, Scale: 4})
	VMOVUPS(Mem{Base: xb, Index: i, Scale: 4}, eb)
	VMULPS(at(tDB), eb, eb)
	VADDPS(Mem{Base: inb, Index: i, Scale: 4}, eb, eb)
	VMOVUPS(eb, Mem{Base: xb, Index: i, Scale: 4})
	zero32 := YMM()
	VXORPS(zero32, zero32, zero32)
	VMOVUPS(zero32, Mem{Base: ina, Index: i, Scale: 4})
	VMOVUPS(zero32, Mem{Base: inb, Index: i, Scale: 4})
	finish8(v, ref, special, i, x, at(tVth), at(tLo), at(tVR), zero32)
	ADDQ(Imm(8), i)
	JMP(LabelRef("loop2"))
	Label("done2")
	VZEROUPPER()
	RET()
}

func label(s string, h int) string { return s + string(rune('a'+h)) }
