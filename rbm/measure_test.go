package rbm

import (
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/brainsim/brainsim/internal/imgrid"
	"github.com/brainsim/brainsim/learn"
)

// The measurements of issue #4 (full MNIST, minutes each), as benchmarks:
// each runs its measurement once per iteration, logs its progress and
// RESULT line, and reports its headline figures as metrics. They run only
// when asked with -bench, e.g.
//
//	go test ./rbm -run XXX -bench MeasureReadout -benchtime 1x -timeout 2h
//
// Their figures are published in BENCHMARKS.md, "RBM and DBN accuracy".
//
// Knobs (environment): RBM_EPOCHS, RBM_LR, RBM_PCD=1, READOUT_EPOCHS,
// DBN_EPOCHS, TOP_PCD_EPOCHS and TOP_PCD_LR (PCD on the top RBM after
// the greedy CD-1), TUNE_EPOCHS, TUNE_LR, DREAM_PNG (write a Dream grid of the
// pretrained DBN there).

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

func envFloat(name string, def float64) float64 {
	if v, err := strconv.ParseFloat(os.Getenv(name), 64); err == nil {
		return v
	}
	return def
}

// BenchmarkMeasureReadout: RBM with 500 hidden units on the 60,000
// training images, then a softmax readout (learn.MLP [500 10]) on p(h|v);
// issue #4 Done-when 4 wants >= 97% test accuracy. Run it with
//
//	go test ./rbm -run XXX -bench MeasureReadout -benchtime 1x -timeout 2h
//
// (about a minute with the AVX-512 kernels; knobs RBM_EPOCHS, RBM_LR, RBM_PCD,
// READOUT_EPOCHS). Metrics: test_acc and train_acc of the readout, rbm_s
// and readout_s (training seconds). Published: BENCHMARKS.md, "RBM and
// DBN accuracy", the row "RBM 784-500 + softmax readout" (97.42%, 48 s +
// 2 s).
func BenchmarkMeasureReadout(b *testing.B) {
	train, test := loadMNIST(b)
	for b.Loop() {
		rng := rand.New(rand.NewPCG(1, 4))
		r := New(784, 500, 0, rng)
		r.SetVisibleBiases(train)
		opt := DefaultOptions(rng)
		opt.Epochs = envInt("RBM_EPOCHS", 20)
		opt.LR = float32(envFloat("RBM_LR", 0.1))
		opt.Persistent = os.Getenv("RBM_PCD") == "1"
		t0 := time.Now()
		opt.Progress = func(ep int, e float64) { b.Logf("rbm epoch %d recon %.2f  %.1fs", ep, e, time.Since(t0).Seconds()) }
		r.Train(train, opt)
		tRBM := time.Since(t0)
		ftr, fte := r.Features(train), r.Features(test)
		t1 := time.Now()
		m := learn.NewMLP([]int{500, 10}, learn.Sigmoid, learn.Softmax, rng)
		ep := envInt("READOUT_EPOCHS", 30)
		for e := 1; e <= ep; e++ {
			lr := float32(0.1)
			if e > ep*2/3 {
				lr = 0.02
			}
			m.Train(ftr, learn.Options{Epochs: 1, Batch: 100, LR: lr, Momentum: 0.9, Rng: rng})
			if e%5 == 0 || e == ep {
				b.Logf("readout epoch %d: train %.4f test %.4f", e, m.Accuracy(ftr), m.Accuracy(fte))
			}
		}
		tReadout := time.Since(t1)
		accTest, accTrain := m.Accuracy(fte), m.Accuracy(ftr)
		b.Logf("RESULT readout: RBM 784-500 %s-%d, %d epochs, batch %d, lr %g, momentum %g->%g after %d, decay %g: %.1fs; softmax readout %d epochs %.1fs; test accuracy %.4f (train %.4f)",
			map[bool]string{false: "CD", true: "PCD"}[opt.Persistent], max(opt.K, 1), opt.Epochs, opt.Batch, opt.LR, opt.InitialMomentum, opt.Momentum, opt.MomentumAfter, opt.WeightDecay,
			tRBM.Seconds(), ep, tReadout.Seconds(), accTest, accTrain)
		b.ReportMetric(accTest, "test_acc")
		b.ReportMetric(accTrain, "train_acc")
		b.ReportMetric(tRBM.Seconds(), "rbm_s")
		b.ReportMetric(tReadout.Seconds(), "readout_s")
	}
}

// BenchmarkMeasureDBN: the 2006 net 784-500-500-2000 with 10 labels at
// the top, greedy CD-1, classified by free energy, then fine-tuned as a
// sigmoid MLP with a softmax output. Run it with
//
//	go test ./rbm -run XXX -bench MeasureDBN -benchtime 1x -timeout 2h
//
// (about 10 minutes with the AVX-512 kernels; knobs DBN_EPOCHS, TOP_PCD_EPOCHS,
// TOP_PCD_LR, TUNE_EPOCHS, TUNE_LR, DREAM_PNG). Metrics: fe_acc
// (free-energy classification of the pretrained DBN), stack_acc (the
// stack as an MLP before fine-tuning), test_acc and test_err_pct after
// fine-tuning, pretrain_s and tune_s. Published: BENCHMARKS.md, "RBM and
// DBN accuracy", the DBN rows (defaults: 94.31%, then 97.99% fine-tuned;
// 20 epochs per layer and 30 of fine-tuning, DBN_EPOCHS=20
// TUNE_EPOCHS=30: 98.66%).
func BenchmarkMeasureDBN(b *testing.B) {
	train, test := loadMNIST(b)
	for b.Loop() {
		rng := rand.New(rand.NewPCG(2, 4))
		d := NewDBN([]int{784, 500, 500, 2000}, 10, rng)
		opt := DefaultOptions(rng)
		opt.Epochs = envInt("DBN_EPOCHS", 10)
		t0 := time.Now()
		layer := 0
		opt.Progress = func(ep int, e float64) {
			if ep == 1 {
				layer++
			}
			b.Logf("layer %d epoch %d recon %.2f  %.1fs", layer, ep, e, time.Since(t0).Seconds())
		}
		d.Pretrain(train, []Options{opt})
		if n := envInt("TOP_PCD_EPOCHS", 0); n > 0 {
			top := d.Layers[len(d.Layers)-1]
			pcd := Options{Epochs: n, Batch: 100, LR: float32(envFloat("TOP_PCD_LR", 0.01)), WeightDecay: opt.WeightDecay, Persistent: true, Rng: rng,
				Progress: func(ep int, e float64) { b.Logf("top PCD epoch %d recon %.2f  %.1fs", ep, e, time.Since(t0).Seconds()) }}
			top.Train(d.TopSet(train), pcd)
		}
		tPre := time.Since(t0)
		t1 := time.Now()
		accFE := d.Accuracy(test)
		b.Logf("greedy DBN, free-energy classification: test accuracy %.4f (%.1fs to classify)", accFE, time.Since(t1).Seconds())
		m := d.MLP(rng)
		accStack := m.Accuracy(test)
		b.Logf("stack as MLP before fine-tuning: test %.4f", accStack)
		t2 := time.Now()
		ep := envInt("TUNE_EPOCHS", 10)
		lr := float32(envFloat("TUNE_LR", 0.1))
		for e := 1; e <= ep; e++ {
			l := lr
			if e > ep*2/3 {
				l = lr / 5
			}
			m.Train(train, learn.Options{Epochs: 1, Batch: 100, LR: l, Momentum: 0.9, Rng: rng})
			b.Logf("fine-tune epoch %d: test %.4f  %.1fs", e, m.Accuracy(test), time.Since(t2).Seconds())
		}
		tTune := time.Since(t2)
		if p := os.Getenv("DREAM_PNG"); p != "" {
			t3 := time.Now()
			imgs := Dream(d, 10, 1000, rng)
			if err := imgrid.WritePNG(p, imgs, imgrid.Layout{W: 28, H: 28, Cols: 10, Scale: 2}); err != nil {
				b.Error(err)
			}
			b.Logf("dream: 10 per class, 1000 Gibbs sweeps, %.1fs, written to %s", time.Since(t3).Seconds(), p)
		}
		acc := m.Accuracy(test)
		b.Logf("RESULT dbn: 784-500-500-2000+10, CD-1 %d epochs/layer batch %d lr %g: pretrain %.1fs, free-energy test accuracy %.4f; fine-tune %d epochs (batch 100, lr %g then /5, momentum 0.9) %.1fs: test accuracy %.4f (error %.2f%%)",
			opt.Epochs, opt.Batch, opt.LR, tPre.Seconds(), accFE, ep, lr, tTune.Seconds(), acc, 100*(1-acc))
		b.ReportMetric(accFE, "fe_acc")
		b.ReportMetric(accStack, "stack_acc")
		b.ReportMetric(acc, "test_acc")
		b.ReportMetric(100*(1-acc), "test_err_pct")
		b.ReportMetric(tPre.Seconds(), "pretrain_s")
		b.ReportMetric(tTune.Seconds(), "tune_s")
	}
}
