package gemm

import (
	"fmt"
	"math/rand/v2"
	"syscall"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// benchShapes are the train-mode products (MLP 784-256/800-10 at batch 64,
// RBM 784-256/500 at batch 20).
var benchShapes = []struct {
	name    string
	tA, tB  bool
	m, n, k int
}{
	{"mlp_fwd_NT_64x256x784", false, true, 64, 256, 784},
	{"mlp_fwd_NT_64x800x784", false, true, 64, 800, 784},
	{"mlp_out_NT_64x10x256", false, true, 64, 10, 256},
	{"mlp_dW_TN_256x784x64", true, false, 256, 784, 64},
	{"mlp_dW_TN_800x784x64", true, false, 800, 784, 64},
	{"mlp_dX_NN_64x784x256", false, false, 64, 784, 256},
	{"mlp_dX_NN_64x256x10", false, false, 64, 256, 10},
	{"rbm_h_NT_20x256x784", false, true, 20, 256, 784},
	{"rbm_h_NT_20x500x784", false, true, 20, 500, 784},
	{"rbm_v_NN_20x784x256", false, false, 20, 784, 256},
	{"rbm_dW_TN_256x784x20", true, false, 256, 784, 20},
	{"square_NN_512", false, false, 512, 512, 512},
}

func BenchmarkSgemm(b *testing.B) {
	impls := []struct {
		name string
		th   int
	}{
		{"brainsim/t1", 1},
		{"brainsim/t2", 2},
		{"gonum", 0}, // gonum's Sgemm starts its own goroutines (GOMAXPROCS)
	}
	for _, impl := range impls {
		for _, s := range benchShapes {
			b.Run(impl.name+"/"+s.name, func(b *testing.B) {
				benchOne(b, impl.name == "gonum", impl.th, s.tA, s.tB, s.m, s.n, s.k)
			})
		}
	}
}

func benchOne(b *testing.B, useGonum bool, th int, tA, tB bool, m, n, k int) {
	defer SetThreads(0)
	SetThreads(th)
	rng := rand.New(rand.NewPCG(1, 2))
	lda, ldb := k, n
	if tA {
		lda = m
	}
	if tB {
		ldb = k
	}
	a, bb, c := randSlice(rng, m*k), randSlice(rng, k*n), randSlice(rng, m*n)
	ta, tb := blas.NoTrans, blas.NoTrans
	if tA {
		ta = blas.Trans
	}
	if tB {
		tb = blas.Trans
	}
	cpu0 := cpuTime()
	for b.Loop() {
		if useGonum {
			gonum.Implementation{}.Sgemm(ta, tb, m, n, k, 1, a, lda, bb, ldb, 0, c, n)
		} else {
			Sgemm(tA, tB, m, n, k, 1, a, lda, bb, ldb, 0, c, n)
		}
	}
	cpu := cpuTime() - cpu0
	flops := 2 * float64(m) * float64(n) * float64(k) * float64(b.N)
	b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	// The machine is shared: also report the rate per CPU-second used by the
	// process (all goroutines), which is immune to being descheduled.
	if cpu > 0 {
		b.ReportMetric(flops/cpu/1e9, "GFLOP/cpu-s")
	}
}

// cpuTime returns the user+system CPU seconds used by the process.
func cpuTime() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// BenchmarkEpochMLP runs the five products of one backprop epoch of a
// 784-256-10 MLP on MNIST (60000 images, minibatch 64: 938 steps) and
// reports the GEMM time per epoch:
//
//	h  = x·W1ᵀ   (64×256, k=784)    y  = h·W2ᵀ  (64×10, k=256)
//	dW2 = dyᵀ·h  (10×256, k=64)     dh = dy·W2  (64×256, k=10)
//	dW1 = dhᵀ·x  (256×784, k=64)
func BenchmarkEpochMLP(b *testing.B) {
	for _, th := range []int{1, 2} {
		b.Run(fmt.Sprintf("t%d", th), func(b *testing.B) {
			defer SetThreads(0)
			SetThreads(th)
			rng := rand.New(rand.NewPCG(1, 3))
			const bs, in, hid, out = 64, 784, 256, 10
			x, w1, w2 := randSlice(rng, bs*in), randSlice(rng, hid*in), randSlice(rng, out*hid)
			h, y, dy, dh := randSlice(rng, bs*hid), randSlice(rng, bs*out), randSlice(rng, bs*out), randSlice(rng, bs*hid)
			dw1, dw2 := randSlice(rng, hid*in), randSlice(rng, out*hid)
			const steps = (60000 + bs - 1) / bs
			cpu0 := cpuTime()
			for b.Loop() {
				for range steps {
					Sgemm(false, true, bs, hid, in, 1, x, in, w1, in, 0, h, hid)
					Sgemm(false, true, bs, out, hid, 1, h, hid, w2, hid, 0, y, out)
					Sgemm(true, false, out, hid, bs, 1, dy, out, h, hid, 0, dw2, hid)
					Sgemm(false, false, bs, hid, out, 1, dy, out, w2, hid, 0, dh, hid)
					Sgemm(true, false, hid, in, bs, 1, dh, hid, x, in, 0, dw1, in)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/epoch")
			b.ReportMetric((cpuTime()-cpu0)/float64(b.N), "cpu-s/epoch")
		})
	}
}
