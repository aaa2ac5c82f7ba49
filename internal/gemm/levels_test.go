package gemm

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// TestKernelLevelsBitIdentical runs every kernel the machine has (the Go
// kernel, and AVX2 and AVX-512 where present) on the same products, every
// transpose, alpha and beta, ragged and padded shapes, and asks for the
// same bits as the Go kernel: the kernels do the same floating-point
// operations in the same order.
func TestKernelLevelsBitIdentical(t *testing.T) {
	defer setLevel(levelMax)
	shapes := []shape{{1, 1, 1}, {3, 5, 7}, {8, 32, 1}, {9, 33, 17}, {17, 47, 300}, {64, 256, 784}, {64, 10, 256},
		{256, 784, 64}, {20, 784, 256}, {301, 67, 515}, {13, 100, 257}}
	for _, s := range shapes {
		for _, tr := range [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}} {
			for _, ab := range [][2]float32{{1, 0}, {0.7, 1}, {-1.3, 0.25}} {
				rng := rand.New(rand.NewPCG(uint64(s.m*1000+s.n), uint64(s.k)))
				m, n, k := s.m, s.n, s.k
				ra, ca, rb, cb := m, k, k, n
				if tr[0] {
					ra, ca = k, m
				}
				if tr[1] {
					rb, cb = n, k
				}
				lda, ldb, ldc := ca+1, cb+3, n+2
				a, b, c0 := randSlice(rng, ra*lda), randSlice(rng, rb*ldb), randSlice(rng, m*ldc)
				var want []float32
				for l := levelGeneric; l <= levelMax; l++ {
					setLevel(l)
					c := append([]float32(nil), c0...)
					Sgemm(tr[0], tr[1], m, n, k, ab[0], a, lda, b, ldb, ab[1], c, ldc)
					if l == levelGeneric {
						want = c
						continue
					}
					for i := range c {
						if math.Float32bits(c[i]) != math.Float32bits(want[i]) {
							t.Fatalf("%v tA=%v tB=%v alpha=%v beta=%v: %s kernel C[%d] = %v, Go kernel %v",
								s, tr[0], tr[1], ab[0], ab[1], kName, i, c[i], want[i])
						}
					}
				}
			}
		}
	}
	t.Logf("levels up to %d compared", levelMax)
}

// TestFMA32 checks fma32 against a·b + c computed exactly (math/big) and
// rounded once to float32, on random operands and on operands built to
// put a·b + c just beside a halfway point between two float32s, where
// rounding through float64 first would go wrong.
func TestFMA32(t *testing.T) {
	exact := func(a, b, c float32) float32 {
		x := new(big.Float).SetPrec(0).SetMode(big.ToNearestEven)
		x.SetPrec(200).Mul(big.NewFloat(float64(a)).SetPrec(200), big.NewFloat(float64(b)).SetPrec(200))
		x.Add(x, big.NewFloat(float64(c)).SetPrec(200))
		f, _ := x.Float32()
		return f
	}
	rng := rand.New(rand.NewPCG(7, 8))
	check := func(a, b, c float32) {
		t.Helper()
		if got, want := fma32(a, b, c), exact(a, b, c); math.Float32bits(got) != math.Float32bits(want) {
			t.Fatalf("fma32(%v, %v, %v) = %v, want %v", a, b, c, got, want)
		}
	}
	for range 200000 {
		a, b, c := float32(rng.NormFloat64()), float32(rng.NormFloat64()), float32(rng.NormFloat64())
		check(a, b, c)
		check(a*1e-20, b*1e-19, c*1e-38) // subnormal results
	}
	// a·b = 1 + 2^-24 (a halfway point) exactly: (1 + 2^-12)^2 = 1 +
	// 2^-11 + 2^-24; c nudges it by less than float64 resolves.
	a := float32(1 + 1.0/4096)
	hits := 0
	for _, c := range []float32{-1.0 / 2048, 1e-30, -1e-30, 0, 1e-25, -1e-25} {
		check(a, a, c)
		if c != 0 && c != -1.0/2048 {
			s := float64(a)*float64(a) + float64(c)
			if float32(s) != exact(a, a, c) {
				hits++ // double rounding would have been wrong here
			}
		}
	}
	if hits == 0 {
		t.Error("no operand hit the double-rounding case: the test exercises nothing")
	}
}

// TestPackBTransposed: the transposed packing of B gives the same panel
// with the assembly 8×8 transpose (where the machine has it) as without,
// for ragged and whole blocks.
func TestPackBTransposed(t *testing.T) {
	if kPackBT == nil {
		t.Skip("no assembly transpose on this build or machine")
	}
	saved := kPackBT
	defer func() { kPackBT = saved }()
	rng := rand.New(rand.NewPCG(9, 10))
	for _, c := range []struct{ nb, kb, nr, ldb, j0, p0 int }{
		{32, 256, 32, 784, 0, 0}, {32, 256, 32, 784, 64, 256}, {7, 9, 32, 20, 3, 1}, {10, 17, 16, 40, 0, 5},
		{16, 16, 16, 16, 0, 0}, {31, 255, 32, 300, 1, 2}, {8, 8, 8, 8, 0, 0},
	} {
		b := randSlice(rng, (c.j0+c.nb)*c.ldb+c.p0+c.kb)
		want := randSlice(rng, c.kb*c.nr)
		got := append([]float32(nil), want...)
		kPackBT = nil
		packB(want, true, b, c.ldb, c.j0, c.nb, c.p0, c.kb, c.nr)
		kPackBT = saved
		packB(got, true, b, c.ldb, c.j0, c.nb, c.p0, c.kb, c.nr)
		for i := range got {
			if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
				t.Fatalf("%+v: panel[%d] = %v, want %v", c, i, got[i], want[i])
			}
		}
	}
}
