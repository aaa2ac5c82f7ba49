// Command asmgen generates brainsim's amd64 assembly kernels with avo
// (github.com/mmcloughlin/avo). It is its own module, so the simulator's
// go.mod does not depend on avo; the generated files are committed.
//
//	cd internal/asmgen && go run . -kernels lif -out ../../neuron/lif_amd64.s -stubs ../../neuron/lif_stubs_amd64.go -pkg neuron
//	cd internal/asmgen && go run . -kernels gemm -out ../gemm/micro_amd64.s -stubs ../gemm/micro_stubs_amd64.go -pkg gemm
//	cd internal/asmgen && go run . -kernels sigmoid -out ../vecmath/sigmoid_amd64.s -stubs ../vecmath/sigmoid_stubs_amd64.go -pkg vecmath
//	cd internal/asmgen && go run . -kernels dastdp -out ../../synapse/dastdp_amd64.s -stubs ../../synapse/dastdp_stubs_amd64.go -pkg synapse
//	cd internal/asmgen && go run . -kernels ring -out ../../synapse/ring_amd64.s -stubs ../../synapse/ring_stubs_amd64.go -pkg synapse
//
// The kernels do the floating-point operations of the scalar Go kernels
// (neuron/lif_fast.go) in the same order, every product and sum rounded
// on its own (no FMA), so they give the same bits; the tests of package
// neuron compare them with the scalar code.
package main

import (
	"flag"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

func main() {
	kernels := flag.String("kernels", "lif", "which kernels: lif (package neuron), gemm (internal/gemm), sigmoid (internal/vecmath), dastdp or ring (synapse)")
	flag.Parse()
	switch *kernels {
	case "gemm":
		gemmKernels()
		Generate()
		return
	case "sigmoid":
		ConstraintExpr("amd64,!purego")
		sigmoidKernel()
		Generate()
		return
	case "dastdp":
		ConstraintExpr("amd64,!purego")
		daKernel()
		Generate()
		return
	case "ring":
		ConstraintExpr("amd64,!purego")
		ringKernels()
		Generate()
		return
	}
	ConstraintExpr("amd64,!purego")
	cuba(w512, 2)
	cuba(w512, 1)
	coba(w512)
	cuba(w256, 2)
	cuba(w256, 1)
	coba(w256)
	Generate()
}

// finish8 stores the new V of 8 units: refractory units are held at vr
// and count down; the others take x. It writes the lanes that are not
// refractory and reached vth or fell to lo or below (or are NaN) to
// special[i/8].
func finish8(v, ref, special, i reg.Register, x reg.VecVirtual, vth, lo, vr Op, zero32 reg.VecVirtual) {
	r, inRef := YMM(), YMM()
	VMOVDQU(Mem{Base: ref, Index: i, Scale: 4}, r)
	VPCMPGTD(zero32, r, inRef) // r > 0: -1 lanes
	VPADDD(inRef, r, r)
	VMOVDQU(r, Mem{Base: ref, Index: i, Scale: 4})
	out := YMM()
	VBLENDVPS(inRef, vr, x, out) // inRef ? vr : x
	VMOVUPS(out, Mem{Base: v, Index: i, Scale: 4})
	ge, gt := YMM(), YMM()
	VCMPPS(Imm(0x1d), vth, x, ge) // x >= vth (ordered: false for NaN)
	VCMPPS(Imm(0x1e), lo, x, gt)  // x > lo (ordered)
	geBits, gtBits, refBits := GP32(), GP32(), GP32()
	VMOVMSKPS(ge, geBits)
	VMOVMSKPS(gt, gtBits)
	VMOVMSKPS(inRef, refBits)
	// special = ~refBits & (geBits | ~gtBits), 8 lanes
	NOTL(gtBits)
	ORL(geBits, gtBits)
	NOTL(refBits)
	ANDL(refBits, gtBits)
	ANDL(Imm(0xff), gtBits)
	j := GP64()
	MOVQ(i, j)
	SHRQ(Imm(3), j)
	MOVB(gtBits.As8(), Mem{Base: special, Index: j, Scale: 1})
}

// args are the registers of a LIF kernel's common parameters.
type args struct {
	v, xa, xb, ina, inb, iext, ref, special, n, k reg.Register
	useCur                                        reg.Register // nil for kernels without the parameter
	// xb and inb are nil for kernels of one receptor.
}

// loadArgs loads a kernel's parameters (useCur when the signature has it,
// xb and inb when it has a second receptor).
func loadArgs(withUseCur, two bool) args {
	a := args{
		v: Load(Param("v"), GP64()), xa: Load(Param("xa"), GP64()),
		ina: Load(Param("ina"), GP64()), iext: Load(Param("iext"), GP64()),
		ref: Load(Param("ref"), GP64()), special: Load(Param("special"), GP64()), n: Load(Param("n"), GP64()),
	}
	if two {
		a.xb, a.inb = Load(Param("xb"), GP64()), Load(Param("inb"), GP64())
	}
	if withUseCur {
		a.useCur = Load(Param("useCur"), GP8())
	}
	a.k = Load(Param("k"), GP64())
	return a
}

// receptorsAndFinish updates the receptors of the 8 units at i (x =
// x·decay + in, in = 0; decays at da and db, the second receptor only
// when the kernel has one) and finishes the units with their integrated
// potential x.
func (a args) receptorsAndFinish(i reg.Register, x reg.VecVirtual, da, db, vth, lo, vr Op) {
	ga := YMM()
	VMOVUPS(Mem{Base: a.xa, Index: i, Scale: 4}, ga)
	VMULPS(da, ga, ga)
	VADDPS(Mem{Base: a.ina, Index: i, Scale: 4}, ga, ga)
	VMOVUPS(ga, Mem{Base: a.xa, Index: i, Scale: 4})
	if a.xb != nil {
		gb := YMM()
		VMOVUPS(Mem{Base: a.xb, Index: i, Scale: 4}, gb)
		VMULPS(db, gb, gb)
		VADDPS(Mem{Base: a.inb, Index: i, Scale: 4}, gb, gb)
		VMOVUPS(gb, Mem{Base: a.xb, Index: i, Scale: 4})
	}
	zero32 := YMM()
	VXORPS(zero32, zero32, zero32)
	VMOVUPS(zero32, Mem{Base: a.ina, Index: i, Scale: 4})
	if a.inb != nil {
		VMOVUPS(zero32, Mem{Base: a.inb, Index: i, Scale: 4})
	}
	finish8(a.v, a.ref, a.special, i, x, vth, lo, vr, zero32)
}

// begin opens kernel name with signature sig and comment doc and loads
// its parameters; it returns them and the constant table's addressing.
func begin(name, sig, doc string, withUseCur, two bool) (args, func(int) Mem) {
	TEXT(name, NOSPLIT, sig)
	Doc(doc)
	Pragma("noescape")
	a := loadArgs(withUseCur, two)
	return a, func(off int) Mem { return Mem{Base: a.k, Disp: off} }
}

// blockLoop starts the loop over the blocks of 8 units at label loop,
// leaving for label done when the unit index it returns reaches n.
func blockLoop(a args, loop, done string) reg.Register { return loopTo(a.n, loop, done) }

// endLoop closes a loop that loopTo opened over blocks of 8: the index
// moves to the next block and the loop repeats; after label done, ret (if
// not nil) stores the results, then the function returns.
func endLoop(i reg.Register, loop, done string, ret func()) {
	ADDQ(Imm(8), i)
	JMP(LabelRef(loop))
	Label(done)
	if ret != nil {
		ret()
	}
	VZEROUPPER()
	RET()
}

// loopTo starts a loop at label loop over an index from 0, leaving for
// label done when it reaches n; it returns the index register.
func loopTo(n reg.Register, loop, done string) reg.Register {
	i := GP64()
	XORQ(i, i)
	Label(loop)
	CMPQ(i, n)
	JGE(LabelRef(done))
	return i
}
