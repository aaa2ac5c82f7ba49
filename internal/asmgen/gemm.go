package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// sgemm generates the micro-kernels of internal/gemm: mr×nr tiles of C,
//
//	C[i][j] = alpha·acc[i][j]            (beta == 0: C is not read)
//	C[i][j] = alpha·acc[i][j] + beta·C[i][j]
//
// with acc[i][j] = fma(A(i,kk), B(kk,j), acc) for kk = 0..k-1 from 0, each
// product-sum rounded once (VFMADD231PS), then the product by alpha, the
// product by beta and the sum each rounded, the order of gemm's Go
// reference kernel, so every kernel gives the same bits.
// A(i,kk) = *(a + kk·as + 4i), B(kk,j) = *(b + kk·bs + 4j), row i of C at
// c + 4·i·ldc; k >= 1.
//
// AVX-512 (vec ZMM, 16 lanes): 8×32, the A element broadcast from memory
// into each fused multiply-add (16 accumulators, 2 B vectors). AVX2 (YMM,
// 8 lanes): 4×16, the A element broadcast into a register first (8
// accumulators).
func sgemm(name string, mr, nrVecs int, lanes int, vec func() reg.VecVirtual, isa string) {
	TEXT(name, NOSPLIT, "func(k int, a *float32, as uintptr, b *float32, bs uintptr, c *float32, ldc uintptr, alpha, beta float32)")
	Doc(fmt.Sprintf("%s computes one %d×%d tile of C with %s (see internal/asmgen/gemm.go).", name, mr, nrVecs*lanes, isa))
	Pragma("noescape")
	k, a, as := Load(Param("k"), GP64()), Load(Param("a"), GP64()), Load(Param("as"), GP64())
	b, bs := Load(Param("b"), GP64()), Load(Param("bs"), GP64())
	acc := make([][]reg.VecVirtual, mr)
	for i := range acc {
		acc[i] = make([]reg.VecVirtual, nrVecs)
		for h := range acc[i] {
			acc[i][h] = vec()
			VXORPS(acc[i][h], acc[i][h], acc[i][h])
		}
	}
	bytes := lanes * 4
	loop := name + "_loop"
	Label(loop)
	bv := make([]reg.VecVirtual, nrVecs)
	for h := range bv {
		bv[h] = vec()
		VMOVUPS(Mem{Base: b, Disp: bytes * h}, bv[h])
	}
	for i := range mr {
		ai := Mem{Base: a, Disp: 4 * i}
		if lanes == 16 {
			for h := range nrVecs {
				VFMADD231PS_BCST(ai, bv[h], acc[i][h])
			}
			continue
		}
		t := vec()
		VBROADCASTSS(ai, t)
		for h := range nrVecs {
			VFMADD231PS(t, bv[h], acc[i][h])
		}
	}
	ADDQ(as, a)
	ADDQ(bs, b)
	DECQ(k)
	JNZ(LabelRef(loop))

	// Epilogue: C = alpha·acc (+ beta·C).
	c, ldc := Load(Param("c"), GP64()), Load(Param("ldc"), GP64())
	SHLQ(Imm(2), ldc)
	alpha, beta := vec(), vec()
	VBROADCASTSS(paramAddr("alpha"), alpha)
	VBROADCASTSS(paramAddr("beta"), beta)
	bits := GP32()
	MOVL(paramAddr("beta"), bits)
	ANDL(U32(0x7fffffff), bits) // beta == 0 (either sign): C is not read
	withC := name + "_withc"
	JNZ(LabelRef(withC))
	// Two copies of the store loop, without and with C: the branch is
	// taken once per tile, not once per row.
	for _, readC := range []bool{false, true} {
		if readC {
			Label(withC)
		}
		for i := range mr {
			for h := range nrVecs {
				VMULPS(alpha, acc[i][h], acc[i][h])
				if readC {
					t := vec()
					VMULPS(Mem{Base: c, Disp: bytes * h}, beta, t)
					VADDPS(t, acc[i][h], acc[i][h])
				}
				VMOVUPS(acc[i][h], Mem{Base: c, Disp: bytes * h})
			}
			if i < mr-1 {
				ADDQ(ldc, c)
			}
		}
		VZEROUPPER()
		RET()
	}
}

func gemmKernels() {
	ConstraintExpr("amd64,!purego")
	sgemm("sgemm8x32AVX512", 8, 2, 16, func() reg.VecVirtual { return ZMM() }, "AVX-512")
	sgemm("sgemm4x16AVX2", 4, 2, 8, func() reg.VecVirtual { return YMM() }, "AVX2 and FMA")
	transposePack()
}

// paramAddr is the address of a basic parameter in the argument frame.
func paramAddr(name string) Mem {
	b, err := Param(name).Resolve()
	if err != nil {
		panic(err)
	}
	return b.Addr
}

// transposePack generates packBT8: it writes the nb8·8 rows of B (row j at
// src + j·ldb bytes), kb8·8 floats each, transposed into a panel: float kk
// of row j goes to dst + kk·ds + 4j. 8×8 blocks are transposed in
// registers (unpack, shuffle, 128-bit permute: AVX).
func transposePack() {
	TEXT("packBT8", NOSPLIT, "func(dst *float32, ds uintptr, src *float32, ldb uintptr, kb8, nb8 int)")
	Doc("packBT8 packs nb8·8 rows of kb8·8 floats of B transposed into a panel (see internal/asmgen/gemm.go).")
	Pragma("noescape")
	dst0, ds := Load(Param("dst"), GP64()), Load(Param("ds"), GP64())
	src0, ldb := Load(Param("src"), GP64()), Load(Param("ldb"), GP64())
	kb8, nb8 := Load(Param("kb8"), GP64()), Load(Param("nb8"), GP64())
	// Outer loop over blocks of 8 rows of B (8 columns of the panel),
	// inner over blocks of 8 floats along k.
	jb := GP64()
	XORQ(jb, jb)
	Label("packBT8_j")
	CMPQ(jb, nb8)
	JGE(LabelRef("packBT8_done"))
	// src of this j block: src0 + jb·8·ldb; dst: dst0 + jb·32.
	s, d := GP64(), GP64()
	MOVQ(jb, s)
	SHLQ(Imm(3), s)
	IMULQ(ldb, s)
	ADDQ(src0, s)
	MOVQ(jb, d)
	SHLQ(Imm(5), d)
	ADDQ(dst0, d)
	kk := GP64()
	MOVQ(kb8, kk)
	Label("packBT8_k")
	r := make([]reg.VecVirtual, 8)
	p := GP64()
	MOVQ(s, p)
	for i := range r {
		r[i] = YMM()
		VMOVUPS(Mem{Base: p}, r[i])
		if i < 7 {
			ADDQ(ldb, p)
		}
	}
	t := make([]reg.VecVirtual, 8)
	for i := 0; i < 8; i += 2 {
		t[i], t[i+1] = YMM(), YMM()
		VUNPCKLPS(r[i+1], r[i], t[i])
		VUNPCKHPS(r[i+1], r[i], t[i+1])
	}
	u := make([]reg.VecVirtual, 8)
	for q := 0; q < 8; q += 4 {
		for h := range 2 {
			u[q+2*h], u[q+2*h+1] = YMM(), YMM()
			VSHUFPS(Imm(0x44), t[q+2+h], t[q+h], u[q+2*h])
			VSHUFPS(Imm(0xee), t[q+2+h], t[q+h], u[q+2*h+1])
		}
	}
	// u0..u3 hold rows 0-3, u4..u7 rows 4-7; lane halves are k 0-3 and
	// 4-7. Output row kk: u[kk%4] (low half from rows 0-3, high from 4-7).
	q := GP64()
	MOVQ(d, q)
	for kq := range 8 {
		o := YMM()
		imm := uint64(0x20)
		if kq >= 4 {
			imm = 0x31
		}
		VPERM2F128(Imm(imm), u[4+kq%4], u[kq%4], o)
		VMOVUPS(o, Mem{Base: q})
		if kq < 7 {
			ADDQ(ds, q)
		}
	}
	ADDQ(Imm(32), s)
	// d += 8·ds
	e := GP64()
	MOVQ(ds, e)
	SHLQ(Imm(3), e)
	ADDQ(e, d)
	DECQ(kk)
	JNZ(LabelRef("packBT8_k"))
	INCQ(jb)
	JMP(LabelRef("packBT8_j"))
	Label("packBT8_done")
	VZEROUPPER()
	RET()
}
