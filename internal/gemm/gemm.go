// Package gemm is brainsim's single-precision matrix multiply, the kernel
// under the train mode (backprop, RBMs, readouts).
//
// All matrices are row-major. Sgemm computes
//
//	C = alpha·op(A)·op(B) + beta·C
//
// where op(X) is X or its transpose, op(A) is m×k, op(B) is k×n and C is
// m×n, with leading dimensions (row strides) lda, ldb, ldc as in CBLAS
// row-major calls.
//
// # Implementation
//
// The structure is GotoBLAS/BLIS-like: k is cut into blocks of at most
// kcMax, and a register-tiled micro-kernel computes an mr×nr tile of C from
// an A panel (mr rows, read with a stride per k step) and a B panel (nr
// columns). Operands whose memory layout already matches a panel (op(A)
// stored transposed, op(B) stored as is) are read in place; the others, and
// the ragged edges, are packed into small reusable buffers.
//
// Two kernel sets exist:
//
//   - the plain Go one (4×2 tile), used by the default build and whenever
//     AVX-512 is absent, for small products only: from gonumMin
//     multiply-adds on, those builds call gonum's Sgemm, whose SSE assembly
//     beats plain Go (16-18 against 11 GFLOP/s per core here; gonum splits
//     C between GOMAXPROCS goroutines, never k, so it is deterministic
//     too, but it ignores SetThreads);
//   - with GOEXPERIMENT=simd on amd64 and AVX-512 present, a 4×32 kernel
//     built on simd/archsimd (fused multiply-adds on 16-lane vectors) and,
//     for C = A·Bᵀ (tA=false, tB=true, where both operands are contiguous
//     along k) with k >= 16, dot-product kernels (4×2 and 1×4 tiles of C)
//     that vectorize along k and need no packing at all.
//
// Go 1.26 gives SIMD values only 15 registers (X0-X14) and its fused
// multiply-add overwrites the multiplicand, which is why the tiles are small
// and the kernels are written out by hand (see microAVX512).
//
// # Determinism
//
// For given inputs, shapes and build, the result is bit-identical for any
// thread count: the work is split between goroutines by whole tiles of C,
// never along k, and every element of C is computed by the same sequence of
// floating-point operations wherever its tile falls. The SIMD build rounds
// differently from the plain one (fused multiply-adds, and lane-wise partial
// sums in the A·Bᵀ kernel), so the two builds may differ in the last bits.
//
// beta == 0 overwrites C without reading it (NaNs in C are ignored), as in
// the reference BLAS.
package gemm

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// gonumMin is the size m·n·k from which the plain build hands a product
// to gonum (below it, the call overhead of gonum's blocking dominates).
const gonumMin = 1 << 15

// gonumSgemm is Sgemm by gonum.
func gonumSgemm(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	ta, tb := blas.NoTrans, blas.NoTrans
	if tA {
		ta = blas.Trans
	}
	if tB {
		tb = blas.Trans
	}
	gonum.Implementation{}.Sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

var threads atomic.Int32

// SetThreads sets how many goroutines Sgemm may use (n <= 0: GOMAXPROCS).
func SetThreads(n int) { threads.Store(int32(max(n, 0))) }

// Threads returns the number of goroutines Sgemm uses.
func Threads() int {
	if n := int(threads.Load()); n > 0 {
		return n
	}
	return runtime.GOMAXPROCS(0)
}

// microKernel computes one mr×nr tile of C:
//
//	C[i][j] = alpha·Σ_kk A(i,kk)·B(kk,j) + beta·C[i][j]   (beta==0: C not read)
//
// where A(i,kk) = *(a + kk·as + 4i) and B(kk,j) = *(b + kk·bs + 4j) (byte
// strides as, bs) and row i of C starts at c + 4·i·ldc. k >= 1.
type microKernel func(k int, a unsafe.Pointer, as uintptr, b unsafe.Pointer, bs uintptr, c unsafe.Pointer, ldc uintptr, alpha, beta float32)

// dotKernel computes C = alpha·A·Bᵀ + beta·C for the rows [i0,i1) and
// columns [j0,j1) of C, where A is m×k and B is n×k, both row-major.
type dotKernel func(k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int, i0, i1, j0, j1 int)

// The active kernel set. The plain Go kernel is the default; an init in the
// SIMD build replaces it when the CPU supports AVX-512.
var (
	kMR                 = 4
	kNR                 = 2
	kMicro  microKernel = microGeneric4x2
	kDot    dotKernel   // nil: no dedicated A·Bᵀ kernel
	kDotMR  = 1         // row granularity of kDot
	kDotNR  = 1         // column granularity of kDot
	kDotMin = 1 << 62   // smallest k for which kDot is used
	kName   = "generic"
)

const (
	kcMax = 256 // largest k block
	mcMax = 256 // largest block of rows of A packed at once

	// parallelFlops is the work (2·m·n·k) per goroutine below which Sgemm
	// does not fan out.
	parallelFlops = 1 << 20
)

// kernelName names the active kernel set ("avx512" or "generic").
func kernelName() string { return kName }

// Sgemm computes C = alpha·op(A)·op(B) + beta·C (row-major; tA, tB select
// the transposes). op(A) is m×k, op(B) is k×n, C is m×n; lda, ldb and ldc
// are the row strides of A, B and C as stored. It panics if a size or stride
// is negative or too small, or if a slice is too short.
func Sgemm(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("gemm: negative size m=%d n=%d k=%d", m, n, k))
	}
	ra, ca := m, k // A as stored
	if tA {
		ra, ca = k, m
	}
	rb, cb := k, n // B as stored
	if tB {
		rb, cb = n, k
	}
	if lda < max(1, ca) {
		panic(fmt.Sprintf("gemm: lda=%d < %d", lda, max(1, ca)))
	}
	if ldb < max(1, cb) {
		panic(fmt.Sprintf("gemm: ldb=%d < %d", ldb, max(1, cb)))
	}
	if ldc < max(1, n) {
		panic(fmt.Sprintf("gemm: ldc=%d < %d", ldc, max(1, n)))
	}
	if m == 0 || n == 0 {
		return
	}
	if ra > 0 && ca > 0 && len(a) < (ra-1)*lda+ca {
		panic(fmt.Sprintf("gemm: short A: len %d < %d (%d×%d, lda %d)", len(a), (ra-1)*lda+ca, ra, ca, lda))
	}
	if rb > 0 && cb > 0 && len(b) < (rb-1)*ldb+cb {
		panic(fmt.Sprintf("gemm: short B: len %d < %d (%d×%d, ldb %d)", len(b), (rb-1)*ldb+cb, rb, cb, ldb))
	}
	if len(c) < (m-1)*ldc+n {
		panic(fmt.Sprintf("gemm: short C: len %d < %d (%d×%d, ldc %d)", len(c), (m-1)*ldc+n, m, n, ldc))
	}
	if k == 0 || alpha == 0 {
		scaleC(m, n, beta, c, ldc)
		return
	}
	if kName == "generic" && m*n*k >= gonumMin {
		// Without AVX-512 kernels, gonum's Sgemm (SSE assembly) is faster
		// than the plain Go kernel: 16-18 against 11 GFLOP/s per core here.
		gonumSgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	p := paramPool.Get().(*params)
	defer paramPool.Put(p)
	*p = params{tA: tA, tB: tB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc}
	defer func() { p.a, p.b, p.c = nil, nil, nil }()
	p.dot = kDot != nil && tB && !tA && k >= kDotMin
	rg, cg := kMR, kNR
	if p.dot {
		rg, cg = kDotMR, kDotNR
	}
	rt, ct := (m+rg-1)/rg, (n+cg-1)/cg // tiles per dimension
	nt := Threads()
	if f := 2 * float64(m) * float64(n) * float64(k) / parallelFlops; f < float64(nt) {
		nt = max(1, int(f))
	}
	p.byRows = rt >= ct
	if p.byRows {
		p.gran, p.tiles = rg, rt
	} else {
		p.gran, p.tiles = cg, ct
	}
	nt = min(nt, p.tiles)
	if nt <= 1 {
		p.part(0, 1)
		return
	}
	parallel(p, nt)
}

// scaleC sets C = beta·C (beta==0: C = 0).
func scaleC(m, n int, beta float32, c []float32, ldc int) {
	if beta == 1 {
		return
	}
	for i := range m {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}

// params holds one Sgemm call, shared by the goroutines working on it.
type params struct {
	tA, tB       bool
	m, n, k      int
	alpha, beta  float32
	a, b, c      []float32
	lda, ldb     int
	ldc          int
	dot          bool
	byRows       bool
	gran, tiles  int
	wg           sync.WaitGroup
	nparts, next int
}

var paramPool = sync.Pool{New: func() any { return new(params) }}

// part computes the share q of nq of C: a contiguous run of whole tiles.
func (p *params) part(q, nq int) {
	t0, t1 := p.tiles*q/nq, p.tiles*(q+1)/nq
	i0, i1, j0, j1 := 0, p.m, 0, p.n
	if p.byRows {
		i0, i1 = t0*p.gran, min(t1*p.gran, p.m)
	} else {
		j0, j1 = t0*p.gran, min(t1*p.gran, p.n)
	}
	if i0 >= i1 || j0 >= j1 {
		return
	}
	if p.dot {
		kDot(p.k, p.alpha, p.a, p.lda, p.b, p.ldb, p.beta, p.c, p.ldc, i0, i1, j0, j1)
		return
	}
	bufs := bufPool.Get().(*buffers)
	p.blocked(bufs, i0, i1, j0, j1)
	bufPool.Put(bufs)
}

// buffers are one goroutine's packing buffers.
type buffers struct {
	a, b, tile []float32
}

var bufPool = sync.Pool{New: func() any { return new(buffers) }}

func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

// blocked computes rows [i0,i1) and columns [j0,j1) of C with the
// micro-kernel. i0 and j0 are multiples of kMR and kNR.
func (p *params) blocked(bufs *buffers, i0, i1, j0, j1 int) {
	mr, nr, micro := kMR, kNR, kMicro
	mc := mcMax / mr * mr // rows of A per packed block, whole panels
	k := p.k
	nkb := (k + kcMax - 1) / kcMax
	kc := (k + nkb - 1) / nkb
	bufs.tile = grow(bufs.tile, mr*nr)
	bufs.b = grow(bufs.b, kc*nr)
	if !p.tA {
		bufs.a = grow(bufs.a, kc*min(mc, (i1-i0+mr-1)/mr*mr))
	} else {
		bufs.a = grow(bufs.a, kc*mr)
	}
	ldc := uintptr(p.ldc)
	for pc := 0; pc < k; pc += kc {
		kb := min(kc, k-pc)
		beta := p.beta
		if pc > 0 {
			beta = 1
		}
		for ic := i0; ic < i1; ic += mc {
			ib := min(mc, i1-ic)
			if !p.tA {
				packA(bufs.a, p.a, p.lda, ic, ib, pc, kb, mr)
			}
			for jr := j0; jr < j1; jr += nr {
				nb := min(nr, j1-jr)
				var bp unsafe.Pointer
				var bs uintptr
				if !p.tB && nb == nr {
					bp, bs = unsafe.Pointer(&p.b[pc*p.ldb+jr]), uintptr(p.ldb)*4
				} else {
					packB(bufs.b, p.tB, p.b, p.ldb, jr, nb, pc, kb, nr)
					bp, bs = unsafe.Pointer(&bufs.b[0]), uintptr(nr)*4
				}
				for ir := ic; ir < ic+ib; ir += mr {
					mb := min(mr, ic+ib-ir)
					var ap unsafe.Pointer
					var as uintptr
					switch {
					case !p.tA:
						ap, as = unsafe.Pointer(&bufs.a[(ir-ic)*kb]), uintptr(mr)*4
					case mb == mr:
						ap, as = unsafe.Pointer(&p.a[pc*p.lda+ir]), uintptr(p.lda)*4
					default:
						packAT(bufs.a, p.a, p.lda, ir, mb, pc, kb, mr)
						ap, as = unsafe.Pointer(&bufs.a[0]), uintptr(mr)*4
					}
					if mb == mr && nb == nr {
						micro(kb, ap, as, bp, bs, unsafe.Pointer(&p.c[ir*p.ldc+jr]), ldc, p.alpha, beta)
						continue
					}
					// Ragged tile: run the same kernel on a copy.
					t := bufs.tile
					clear(t)
					if beta != 0 {
						for i := range mb {
							copy(t[i*nr:i*nr+nb], p.c[(ir+i)*p.ldc+jr:])
						}
					}
					micro(kb, ap, as, bp, bs, unsafe.Pointer(&t[0]), uintptr(nr), p.alpha, beta)
					for i := range mb {
						copy(p.c[(ir+i)*p.ldc+jr:(ir+i)*p.ldc+jr+nb], t[i*nr:])
					}
				}
			}
		}
	}
}

// packA packs rows [i0,i0+ib) and columns [p0,p0+kb) of A (not
// transposed) into panels of mr rows: dst[panel·mr·kb + kk·mr + i],
// zero-padding the last panel.
func packA(dst, a []float32, lda, i0, ib, p0, kb, mr int) {
	for ir := 0; ir < ib; ir += mr {
		pan := dst[ir*kb : ir*kb+mr*kb]
		mb := min(mr, ib-ir)
		if mb < mr {
			clear(pan)
		}
		for i := range mb {
			row := a[(i0+ir+i)*lda+p0:]
			row = row[:kb]
			for kk, v := range row {
				pan[kk*mr+i] = v
			}
		}
	}
}

// packAT packs the mb (< mr) columns [i0,i0+mb) of rows [p0,p0+kb) of A
// as stored (op(A) = Aᵀ) into one zero-padded panel.
func packAT(dst, a []float32, lda, i0, mb, p0, kb, mr int) {
	pan := dst[:kb*mr]
	for kk := range kb {
		row := a[(p0+kk)*lda+i0:]
		d := pan[kk*mr : kk*mr+mr]
		copy(d, row[:mb])
		clear(d[mb:])
	}
}

// packB packs columns [j0,j0+nb) and rows [p0,p0+kb) of op(B) into one
// panel dst[kk·nr + j], zero-padded to nr columns.
func packB(dst []float32, tB bool, b []float32, ldb, j0, nb, p0, kb, nr int) {
	pan := dst[:kb*nr]
	if !tB {
		for kk := range kb {
			d := pan[kk*nr : kk*nr+nr]
			copy(d, b[(p0+kk)*ldb+j0:(p0+kk)*ldb+j0+nb])
			clear(d[nb:])
		}
		return
	}
	if nb < nr {
		clear(pan)
	}
	for j := range nb {
		col := b[(j0+j)*ldb+p0:]
		col = col[:kb]
		for kk, v := range col {
			pan[kk*nr+j] = v
		}
	}
}

// The worker pool: goroutines started on demand that run shares of Sgemm
// calls. The calling goroutine always computes share 0 itself.
var (
	poolMu   sync.Mutex
	poolSize int
	poolCh   = make(chan *params)
)

func worker() {
	for p := range poolCh {
		poolMu.Lock()
		p.next++
		q := p.next
		poolMu.Unlock()
		p.part(q, p.nparts)
		p.wg.Done()
	}
}

func parallel(p *params, nt int) {
	poolMu.Lock()
	for poolSize < nt-1 {
		poolSize++
		go worker()
	}
	poolMu.Unlock()
	p.nparts = nt
	p.wg.Add(nt - 1)
	for range nt - 1 {
		poolCh <- p
	}
	p.part(0, nt)
	p.wg.Wait()
}
