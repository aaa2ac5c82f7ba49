package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// ringPrefetch is how many synapses ahead the ring kernels prefetch the
// line they will add to. Chosen with a micro-benchmark (outside the tree)
// of microcircuit-like rows: 4 projections of 77,000 × 490 synapses,
// delays 15 ± 7.5 steps, a 20 MB ring, 12 spikes a step into each: 9.6-9.8
// ns per synapse without prefetching, 5.6-6.5 at 32-96 ahead, 7.2 at 128
// and 8.1 at 256 (2026-12-07).
const ringPrefetch = 64

// ringKernels generates ringAdd8 and ringAdd16 for package synapse: for
// k < n, buf[((t + d[k]) & mask)·stride + row[k]] += float32(w[k]·r), the
// operations of synapse.addWeightedDelayed (with r = 1 the product is
// exact, so its shortcut gives the same bits), with the ring line of the
// synapse ringPrefetch ahead prefetched: the adds go to random places of a
// ring that is larger than the caches, and the processor alone overlaps
// too few of their misses.
func ringKernels() {
	ringKernel("ringAdd8", 1)
	ringKernel("ringAdd16", 2)
}

func ringKernel(name string, dsize int) {
	dt := map[int]string{1: "*uint8", 2: "*uint16"}[dsize]
	TEXT(name, NOSPLIT, "func(buf *float32, row *uint32, w *float32, d "+dt+", n int, next *uint32, nextD "+dt+", nextN int, r float32, t, mask, stride int64)")
	Doc(name + " adds a row of weighted synapses with per-synapse delays into a ring buffer, prefetching ahead into the next row (see internal/asmgen/ring.go); the caller checks the bounds.")
	Pragma("noescape")
	buf, row, w, d := Load(Param("buf"), GP64()), Load(Param("row"), GP64()), Load(Param("w"), GP64()), Load(Param("d"), GP64())
	n, t, mask, stride := Load(Param("n"), GP64()), Load(Param("t"), GP64()), Load(Param("mask"), GP64()), Load(Param("stride"), GP64())
	rr := XMM()
	MOVSS(paramAddr("r"), rr)
	// addr computes the ring index of synapse k of the row at tg, dl.
	addr := func(tg, dl, k reg.Register) reg.GPVirtual {
		a, j := GP64(), GP64()
		if dsize == 1 {
			MOVBQZX(Mem{Base: dl, Index: k, Scale: 1}, a)
		} else {
			MOVWQZX(Mem{Base: dl, Index: k, Scale: 2}, a)
		}
		ADDQ(t, a)
		ANDQ(mask, a)
		IMULQ(stride, a)
		MOVL(Mem{Base: tg, Index: k, Scale: 4}, j.As32()) // zero-extends
		ADDQ(j, a)
		return a
	}
	add := func(k reg.Register) {
		a := addr(row, d, k)
		x, y := XMM(), XMM()
		MOVSS(Mem{Base: w, Index: k, Scale: 4}, y)
		MULSS(rr, y)
		MOVSS(Mem{Base: buf, Index: a, Scale: 4}, x)
		ADDSS(y, x)
		MOVSS(x, Mem{Base: buf, Index: a, Scale: 4})
	}
	loop, tail, nextLoop, plain, done := name+"_loop", name+"_tail", name+"_next", name+"_plain", name+"_done"
	k, end := GP64(), GP64()
	XORQ(k, k)
	// Synapses 0 to n−ringPrefetch prefetch the one ringPrefetch ahead in
	// the row.
	MOVQ(n, end)
	SUBQ(Imm(ringPrefetch), end)
	JLE(LabelRef(tail))
	Label(loop)
	ahead := GP64()
	LEAQ(Mem{Base: k, Disp: ringPrefetch}, ahead)
	PREFETCHT0(Mem{Base: buf, Index: addr(row, d, ahead), Scale: 4})
	add(k)
	INCQ(k)
	CMPQ(k, end)
	JLT(LabelRef(loop))
	// The last ringPrefetch (or all, in a shorter row) prefetch the next
	// row's synapses from its first, while it has any.
	Label(tail)
	nx, nd, nn, j := Load(Param("next"), GP64()), Load(Param("nextD"), GP64()), Load(Param("nextN"), GP64()), GP64()
	XORQ(j, j)
	Label(nextLoop)
	CMPQ(k, n)
	JGE(LabelRef(done))
	CMPQ(j, nn)
	JGE(LabelRef(plain))
	PREFETCHT0(Mem{Base: buf, Index: addr(nx, nd, j), Scale: 4})
	INCQ(j)
	add(k)
	INCQ(k)
	JMP(LabelRef(nextLoop))
	Label(plain)
	CMPQ(k, n)
	JGE(LabelRef(done))
	add(k)
	INCQ(k)
	JMP(LabelRef(plain))
	Label(done)
	RET()
}
