package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// refGemm is a naive float64 reference for Sgemm.
func refGemm(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) []float64 {
	out := make([]float64, m*n)
	for i := range m {
		for j := range n {
			var s float64
			for p := range k {
				var av, bv float32
				if tA {
					av = a[p*lda+i]
				} else {
					av = a[i*lda+p]
				}
				if tB {
					bv = b[j*ldb+p]
				} else {
					bv = b[p*ldb+j]
				}
				s += float64(av) * float64(bv)
			}
			v := float64(alpha) * s
			if beta != 0 {
				v += float64(beta) * float64(c[i*ldc+j])
			}
			out[i*n+j] = v
		}
	}
	return out
}

// absRef is Σ|alpha·a·b| + |beta·c| per element: the scale of the rounding
// error.
func absRef(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) []float64 {
	aa := make([]float32, len(a))
	for i, v := range a {
		aa[i] = float32(math.Abs(float64(v)))
	}
	bb := make([]float32, len(b))
	for i, v := range b {
		bb[i] = float32(math.Abs(float64(v)))
	}
	cc := make([]float32, len(c))
	for i, v := range c {
		if beta != 0 {
			cc[i] = float32(math.Abs(float64(v)))
		}
	}
	al, be := float32(math.Abs(float64(alpha))), float32(math.Abs(float64(beta)))
	return refGemm(tA, tB, m, n, k, al, aa, lda, bb, ldb, be, cc, ldc)
}

func randSlice(rng *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(rng.NormFloat64())
	}
	return s
}

type shape struct{ m, n, k int }

func testShapes() []shape {
	dims := []int{1, 2, 3, 4, 5, 7, 16, 17, 31, 32, 33, 65, 100}
	var s []shape
	for _, m := range dims {
		for _, n := range dims {
			for _, k := range []int{1, 7, 17, 33, 100} {
				if (m+n+k)%3 == 0 || m == 1 || n == 1 || k == 1 {
					s = append(s, shape{m, n, k})
				}
			}
		}
	}
	// Sizes that cross the k, row and column blocks, and the training shapes.
	return append(s, shape{64, 256, 784}, shape{64, 10, 256}, shape{256, 784, 64}, shape{20, 784, 256},
		shape{256, 784, 20}, shape{20, 256, 784}, shape{301, 67, 515}, shape{130, 130, 257}, shape{9, 300, 1000})
}

// run calls Sgemm on a fresh copy of c and checks it against the reference.
// Returns the result.
func check(t *testing.T, rng *rand.Rand, tA, tB bool, s shape, alpha, beta float32, pad int) []float32 {
	t.Helper()
	m, n, k := s.m, s.n, s.k
	ra, ca := m, k
	if tA {
		ra, ca = k, m
	}
	rb, cb := k, n
	if tB {
		rb, cb = n, k
	}
	lda, ldb, ldc := ca+pad, cb+2*pad, n+3*pad
	a := randSlice(rng, ra*lda)
	b := randSlice(rng, rb*ldb)
	c := randSlice(rng, m*ldc)
	if beta == 0 {
		for i := range c {
			c[i] = float32(math.NaN())
		}
	}
	c0 := append([]float32(nil), c...)
	want := refGemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c0, ldc)
	scale := absRef(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c0, ldc)
	Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	// Relative tolerance: float32 rounding grows at most ~linearly in k.
	tol := 1e-6 * float64(k+2)
	for i := range m {
		for j := range ldc {
			got := c[i*ldc+j]
			if j >= n {
				if math.Float32bits(got) != math.Float32bits(c0[i*ldc+j]) {
					t.Fatalf("tA=%v tB=%v %v pad=%d: padding C[%d][%d] changed", tA, tB, s, pad, i, j)
				}
				continue
			}
			w := want[i*n+j]
			if d := math.Abs(float64(got) - w); !(d <= tol*scale[i*n+j]+1e-30) {
				t.Fatalf("tA=%v tB=%v %v alpha=%v beta=%v pad=%d: C[%d][%d] = %v, want %v (scale %v)", tA, tB, s, alpha, beta, pad, i, j, got, w, scale[i*n+j])
			}
		}
	}
	return c
}

func TestSgemm(t *testing.T) {
	t.Logf("kernel: %s", kernelName())
	rng := rand.New(rand.NewPCG(1, 1))
	for _, s := range testShapes() {
		for _, tA := range []bool{false, true} {
			for _, tB := range []bool{false, true} {
				for _, ab := range [][2]float32{{1, 0}, {1, 1}, {-0.5, 2}, {2, -0.5}, {0, 2}, {1, 0.5}} {
					pad := (s.m + s.n + s.k) % 3
					check(t, rng, tA, tB, s, ab[0], ab[1], pad)
				}
			}
		}
	}
}

func TestZeroK(t *testing.T) {
	c := []float32{1, 2, float32(math.NaN()), 4}
	Sgemm(false, false, 2, 2, 0, 1, nil, 1, nil, 2, 0, c, 2)
	for i, v := range c {
		if v != 0 {
			t.Fatalf("beta=0, k=0: c[%d] = %v, want 0", i, v)
		}
	}
	c = []float32{1, 2, 3, 4}
	Sgemm(false, false, 2, 2, 0, 1, nil, 1, nil, 2, 2, c, 2)
	for i, v := range c {
		if v != float32(2*(i+1)) {
			t.Fatalf("beta=2, k=0: c[%d] = %v, want %v", i, v, 2*(i+1))
		}
	}
}

// TestThreadsBitIdentical checks that the result does not depend on the
// number of goroutines.
func TestThreadsBitIdentical(t *testing.T) {
	defer SetThreads(0)
	shapes := []shape{{64, 256, 784}, {64, 10, 256}, {256, 784, 64}, {20, 784, 256}, {256, 784, 20}, {20, 256, 784}, {67, 93, 301}, {131, 37, 300}}
	for _, s := range shapes {
		for _, tA := range []bool{false, true} {
			for _, tB := range []bool{false, true} {
				var first []float32
				for _, th := range []int{1, 2, 3, 4, 7} {
					SetThreads(th)
					rng := rand.New(rand.NewPCG(7, 7))
					c := check(t, rng, tA, tB, s, 0.75, 0.5, 1)
					if first == nil {
						first = c
						continue
					}
					for i := range c {
						if math.Float32bits(c[i]) != math.Float32bits(first[i]) {
							t.Fatalf("tA=%v tB=%v %v: threads=%d differs from threads=1 at %d: %v vs %v", tA, tB, s, th, i, c[i], first[i])
						}
					}
				}
			}
		}
	}
}

func TestThreads(t *testing.T) {
	defer SetThreads(0)
	SetThreads(3)
	if Threads() != 3 {
		t.Fatalf("Threads() = %d, want 3", Threads())
	}
	SetThreads(-1)
	if Threads() < 1 {
		t.Fatalf("Threads() = %d", Threads())
	}
}

func TestPanics(t *testing.T) {
	buf := make([]float32, 100)
	cases := []struct {
		name string
		f    func()
		msg  string
	}{
		{"negative m", func() { Sgemm(false, false, -1, 2, 2, 1, buf, 2, buf, 2, 0, buf, 2) }, "negative size"},
		{"lda", func() { Sgemm(false, false, 2, 2, 3, 1, buf, 2, buf, 2, 0, buf, 2) }, "lda"},
		{"lda trans", func() { Sgemm(true, false, 3, 2, 2, 1, buf, 2, buf, 2, 0, buf, 2) }, "lda"},
		{"ldb", func() { Sgemm(false, false, 2, 3, 2, 1, buf, 2, buf, 2, 0, buf, 3) }, "ldb"},
		{"ldb trans", func() { Sgemm(false, true, 2, 2, 3, 1, buf, 3, buf, 2, 0, buf, 2) }, "ldb"},
		{"ldc", func() { Sgemm(false, false, 2, 3, 2, 1, buf, 2, buf, 3, 0, buf, 2) }, "ldc"},
		{"short A", func() { Sgemm(false, false, 10, 2, 10, 1, buf[:99], 10, buf, 2, 0, buf, 2) }, "short A"},
		{"short B", func() { Sgemm(false, true, 2, 10, 10, 1, buf, 10, buf[:95], 10, 0, buf, 10) }, "short B"},
		{"short C", func() { Sgemm(false, false, 10, 10, 1, 1, buf, 1, buf, 10, 0, buf[:99], 10) }, "short C"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if r == nil {
					t.Fatalf("no panic")
				}
				if s := fmt.Sprint(r); !strings.Contains(s, tc.msg) {
					t.Fatalf("panic %q does not mention %q", s, tc.msg)
				}
			}()
			tc.f()
		})
	}
}

// TestNoAlloc checks that a small single-threaded call allocates nothing.
func TestNoAlloc(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items under the race detector")
	}
	defer SetThreads(0)
	SetThreads(1)
	rng := rand.New(rand.NewPCG(3, 3))
	a, b, c := randSlice(rng, 64*256), randSlice(rng, 256*784), randSlice(rng, 64*784)
	for _, tr := range [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}} {
		Sgemm(tr[0], tr[1], 20, 30, 40, 1, a, 40, b, 40, 0, c, 30)
		allocs := testing.AllocsPerRun(10, func() {
			Sgemm(tr[0], tr[1], 20, 30, 40, 1, a, 40, b, 40, 0, c, 30)
		})
		if allocs > 0 {
			t.Errorf("tA=%v tB=%v: %v allocations per call", tr[0], tr[1], allocs)
		}
	}
}

// TestTilePositionBitIdentical checks that an element of C gets the same
// bits whether it falls in a full tile or on a ragged edge: the product of
// A without its first row and B without its first column must equal the
// corresponding part of the full product exactly.
func TestTilePositionBitIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for _, s := range []shape{{9, 7, 100}, {13, 35, 300}, {6, 67, 17}, {21, 5, 784}} {
		m, n, k := s.m, s.n, s.k
		for _, tA := range []bool{false, true} {
			for _, tB := range []bool{false, true} {
				a, b := randSlice(rng, m*k), randSlice(rng, k*n)
				lda, ldb := k, n
				if tA {
					lda = m
				}
				if tB {
					ldb = k
				}
				full := make([]float32, m*n)
				Sgemm(tA, tB, m, n, k, 1.5, a, lda, b, ldb, 0, full, n)
				// Drop the first row of op(A) and the first column of op(B).
				as, bs := a[lda:], b[1:]
				if tA {
					as = a[1:]
				}
				if tB {
					bs = b[ldb:]
				}
				sub := make([]float32, (m-1)*(n-1))
				Sgemm(tA, tB, m-1, n-1, k, 1.5, as, lda, bs, ldb, 0, sub, n-1)
				for i := range m - 1 {
					for j := range n - 1 {
						if g, w := sub[i*(n-1)+j], full[(i+1)*n+j+1]; math.Float32bits(g) != math.Float32bits(w) {
							t.Fatalf("tA=%v tB=%v %v: C[%d][%d] = %v as an edge, %v in the full product", tA, tB, s, i+1, j+1, g, w)
						}
					}
				}
			}
		}
	}
}
