package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// width is a kernel's float64 vector width: the AVX-512 kernels take the
// 8 units of a block in one float64x8 (ZMM), the AVX2 kernels in two
// float64x4 halves (YMM). Everything in float32 is one float32x8 (YMM)
// either way.
type width struct {
	bits   int // 512 or 256: the kernels' names end in it
	halves int
	vec    func() reg.VecVirtual // a new float64 vector
	isa    string
}

var (
	w512 = width{512, 1, ZMM, "AVX-512"}
	w256 = width{256, 2, YMM, "AVX2"}
)

// name is the kernel's name, e.g. cubaBlocks512.
func (w width) name(kernel string) string { return fmt.Sprintf("%sBlocks%d", kernel, w.bits) }

// label makes a label unique to the kernel and half.
func (w width) label(s string, h int) string { return fmt.Sprintf("%s%d_%d", s, w.bits, h) }

// mem addresses half h of the 8 float32s of base at unit i.
func mem(base, i reg.Register, h int) Mem { return Mem{Base: base, Index: i, Scale: 4, Disp: 16 * h} }

// narrow converts the float64 halves to one float32x8.
func (w width) narrow(parts []reg.VecVirtual) reg.VecVirtual {
	y := YMM()
	if w.halves == 1 {
		VCVTPD2PS(parts[0], y)
		return y
	}
	lo, hi := XMM(), XMM()
	VCVTPD2PSY(parts[0], lo)
	VCVTPD2PSY(parts[1], hi)
	VINSERTF128(Imm(1), hi, lo.AsY(), y)
	return y
}

// widen converts half h of the float32x8 e to float64.
func (w width) widen(e reg.VecVirtual, h int) reg.VecVirtual {
	out := w.vec()
	if w.halves == 1 {
		VCVTPS2PD(e, out)
		return out
	}
	eh := XMM()
	if h == 0 {
		VMOVAPS(e.AsX(), eh)
	} else {
		VEXTRACTF128(Imm(1), e, eh)
	}
	VCVTPS2PD(eh, out)
	return out
}

// external loads the external current of half h into a new vector, 0
// when the population has none (useCur false): the scalar code adds 0.
func (w width) external(a args, i reg.Register, h int, kernel string) reg.VecVirtual {
	ie := w.vec()
	VXORPD(ie, ie, ie)
	TESTB(a.useCur, a.useCur)
	JZ(LabelRef(w.label(kernel+"nocur", h)))
	VCVTPS2PD(mem(a.iext, i, h), ie)
	Label(w.label(kernel+"nocur", h))
	return ie
}

// cuba generates the CUBA LIF kernel on the blocks of 8 units from 0 to
// n: cubaBlocks<w> with two exponential current receptors, cuba1Blocks<w>
// (nrec 1) with one. Its constants are in neuron.cubaTable (the AVX-512
// kernels broadcast them into registers once; the AVX2 kernels read them
// from memory). special[b] gets the lanes of block b that are not
// refractory and crossed the threshold or their lower bound: the caller
// finishes them.
func cuba(w width, nrec int) {
	kernel, sig := "cuba", "func(v, xa, xb, ina, inb, iext *float32, ref *int32, special *uint8, n int, useCur bool, k *float64)"
	what := "two current receptors"
	if nrec == 1 {
		kernel, sig = "cuba1", "func(v, xa, ina, iext *float32, ref *int32, special *uint8, n int, useCur bool, k *float64)"
		what = "one current receptor"
	}
	a, at := begin(w.name(kernel), sig,
		fmt.Sprintf("%s runs the CUBA LIF kernel with %s on n units (a multiple of 8) with %s.", w.name(kernel), what, w.isa), true, nrec == 2)
	c64 := func(off int) Op { return at(off) }
	c32 := func(off int) Op { return at(off) }
	if w.halves == 1 {
		c64 = func(off int) Op { z := ZMM(); VBROADCASTSD(at(off), z); return z }
		c32 = func(off int) Op { y := YMM(); VBROADCASTSS(at(off), y); return y }
	}
	el, p22, p20, ib, pa := c64(tEL), c64(tP22), c64(tP20), c64(tIB), c64(tPA)
	var pb, db Op
	if nrec == 2 {
		pb, db = c64(tPB), c32(tDB)
	}
	da, vth, lo, vr := c32(tDA), c32(tVth), c32(tLo), c32(tVR)
	// p20·(ib + 0), the input term of a population without external
	// current (useCur false), once for all blocks: the same bits as
	// computing it per unit, as the scalar code does.
	bias0 := w.vec()
	VXORPD(bias0, bias0, bias0)
	VADDPD(ib, bias0, bias0)
	VMULPD(p20, bias0, bias0)
	loop, done := w.label(kernel+"loop", 0), w.label(kernel+"done", 0)
	i := blockLoop(a, loop, done)
	parts := make([]reg.VecVirtual, w.halves)
	for h := range w.halves {
		// dv = (v − el)·p22 + p20·(ib + ie) + pa·xa [+ pb·xb]; x = el + dv
		bias := w.vec()
		nocur, have := w.label(kernel+"nocur", h), w.label(kernel+"bias", h)
		TESTB(a.useCur, a.useCur)
		JZ(LabelRef(nocur))
		ie := w.vec()
		VCVTPS2PD(mem(a.iext, i, h), ie)
		VADDPD(ib, ie, bias)
		VMULPD(p20, bias, bias)
		JMP(LabelRef(have))
		Label(nocur)
		VMOVAPD(bias0, bias)
		Label(have)
		dv, t := w.vec(), w.vec()
		VCVTPS2PD(mem(a.v, i, h), dv)
		VSUBPD(el, dv, dv)
		VMULPD(p22, dv, dv)
		VADDPD(bias, dv, dv)
		VCVTPS2PD(mem(a.xa, i, h), t)
		VMULPD(pa, t, t)
		VADDPD(t, dv, dv)
		if nrec == 2 {
			VCVTPS2PD(mem(a.xb, i, h), t)
			VMULPD(pb, t, t)
			VADDPD(t, dv, dv)
		}
		VADDPD(el, dv, dv)
		parts[h] = dv
	}
	a.receptorsAndFinish(i, w.narrow(parts), da, db, vth, lo, vr)
	endLoop(i, loop, done, nil)
}

// coba generates cobaBlocks<w>: the COBA LIF kernel (exponential Euler
// with the float32 exp(−x) of the scalar code) on the blocks of 8 units
// from 0 to n, its constants in neuron.cobaTable. It stops before a
// block where some lane's exponent argument is 80 or more (or NaN), which
// the scalar code takes, and returns the units done.
func coba(w width) {
	a, at := begin(w.name("coba"), "func(v, xa, xb, ina, inb, iext *float32, ref *int32, special *uint8, n int, useCur bool, k *float64) int",
		fmt.Sprintf("%s runs the COBA LIF kernel on n units (a multiple of 8) with %s and returns the units done.", w.name("coba"), w.isa), true, true)
	loop, done := w.label("gloop", 0), w.label("gdone", 0)
	i := blockLoop(a, loop, done)
	vinf, xe := make([]reg.VecVirtual, w.halves), make([]reg.VecVirtual, w.halves)
	for h := range w.halves {
		// g = (gl + ga) + gb; cur = ((gl·el + ib) + ie) + ga·ea + gb·eb
		ga, gb, g := w.vec(), w.vec(), w.vec()
		VCVTPS2PD(mem(a.xa, i, h), ga)
		VCVTPS2PD(mem(a.xb, i, h), gb)
		VADDPD(at(cGL), ga, g)
		VADDPD(gb, g, g)
		cur, t := w.vec(), w.vec()
		VMOVUPD(at(cGLEL), cur)
		VADDPD(at(cIB), cur, cur)
		VADDPD(w.external(a, i, h, "coba"), cur, cur)
		VMULPD(at(cEA), ga, t)
		VADDPD(t, cur, cur)
		VMULPD(at(cEB), gb, t)
		VADDPD(t, cur, cur)
		vinf[h] = w.vec()
		VDIVPD(g, cur, vinf[h])
		xe[h] = w.vec()
		VMULPD(at(cHC), g, xe[h]) // float32(dt/C·g) after narrow
	}
	x32 := w.narrow(xe)
	lt := YMM()
	VCMPPS(Imm(0x11), at(cLimit), x32, lt) // xe < 80 (ordered)
	ltBits := GP32()
	VMOVMSKPS(lt, ltBits)
	CMPL(ltBits, Imm(0xff))
	JNE(LabelRef(done))
	e := expNeg8(x32, at)
	parts := make([]reg.VecVirtual, w.halves)
	for h := range w.halves {
		// x = float32(vinf + (v − vinf)·e)
		vv := w.vec()
		VCVTPS2PD(mem(a.v, i, h), vv)
		VSUBPD(vinf[h], vv, vv)
		VMULPD(w.widen(e, h), vv, vv)
		VADDPD(vv, vinf[h], vv)
		parts[h] = vv
	}
	a.receptorsAndFinish(i, w.narrow(parts), at(cDA), at(cDB), at(cVth), at(cLo), at(cVR))
	endLoop(i, loop, done, func() { Store(i, ReturnIndex(0)) })
}
