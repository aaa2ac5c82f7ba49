package sleep

import (
	"context"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/internal/imgrid"
	"github.com/brainsim/brainsim/learn"
)

// genEnvInt returns the integer in the environment variable name, or def.
func genEnvInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

// genBool returns 1 for true, 0 for false.
func genBool(b bool) int {
	if b {
		return 1
	}
	return 0
}

// genEnvFloat returns the number in the environment variable name, or def.
func genEnvFloat(name string, def float64) float64 {
	if v, err := strconv.ParseFloat(os.Getenv(name), 64); err == nil {
		return v
	}
	return def
}

// realClassifier returns a 784-256-10 softmax MLP trained for 5 epochs on
// the first n training images of digits.
func realClassifier(train dataset.Set, digits []int, n int, rng *rand.Rand) *learn.MLP {
	set := train.OfClasses(digits, n)
	m := learn.NewMLP([]int{train.Cols, 256, train.Classes}, learn.ReLU, learn.Softmax, rng)
	m.Train(set, learn.Options{Epochs: 5, Batch: 50, LR: 0.05, Momentum: 0.9, Rng: rng})
	return m
}

// perClassAccuracy returns, for every class in classes, the fraction of
// set's rows of that class that m labels as that class.
func perClassAccuracy(m *learn.MLP, set dataset.Set, classes []int) []float64 {
	acc := make([]float64, len(classes))
	for k, c := range classes {
		acc[k] = m.Accuracy(set.OfClasses([]int{c}, 0))
	}
	return acc
}

// spread returns the mean squared distance of set's rows to their mean
// (the summed pixel variance): 37-47 for 300 training images of a
// digit, near 0 for samples that are all alike.
func spread(set dataset.Set) float64 {
	mean := make([]float64, set.Cols)
	for i := range set.Rows {
		for j, x := range set.Row(i) {
			mean[j] += float64(x) / float64(set.Rows)
		}
	}
	var s float64
	for i := range set.Rows {
		for j, x := range set.Row(i) {
			d := float64(x) - mean[j]
			s += d * d
		}
	}
	return s / float64(max(set.Rows, 1))
}

// TestGeneratorSamples trains a generator (DefaultGen with 200 hidden
// units) on 300 training images of each of two digits, for the pairs
// {4, 9} and {3, 5} (the most confusable), and checks that an MLP trained
// on 2000 real images of the pair labels at least 80% of 200 samples of
// each class as that class, and that the samples of a class are spread
// at least a third as much as its training images (a collapse check).
// Measured (rng seeds 1, 2, 3; about 1 s in all): 97.5-100% labelled
// right; spread 17-23 against 37-47 for the real images. The chain
// sampler (Latent false, PCD at ε = 0.02, 200 sweeps) also gets 100%
// labelled right but a spread of 0.1-0.2: every chain ends in the same
// prototype.
func TestGeneratorSamples(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on MNIST")
	}
	train, _ := loadMNIST(t)
	for _, digits := range [][]int{{4, 9}, {3, 5}} {
		rng := rand.New(rand.NewPCG(1, 2))
		p := DefaultGen()
		p.Hidden = 200
		g := NewGenerator(p, train.Cols)
		t0 := time.Now()
		if err := g.Learn(context.Background(), train.OfClasses(digits, 600), rng); err != nil {
			t.Fatal(err)
		}
		if got := g.Classes(); len(got) != 2 || got[0] != digits[0] || got[1] != digits[1] {
			t.Fatalf("Classes() = %v, want %v", got, digits)
		}
		tLearn := time.Since(t0)
		rep := g.Replay(200, train, rng)
		if rep.Rows != 400 || rep.Cols != train.Cols || rep.Classes != train.Classes {
			t.Fatalf("Replay: %d rows × %d cols, %d classes, want 400 × %d, %d", rep.Rows, rep.Cols, rep.Classes, train.Cols, train.Classes)
		}
		t.Logf("digits %v: learn %.1fs, replay %.1fs", digits, tLearn.Seconds(), time.Since(t0).Seconds()-tLearn.Seconds())
		clf := realClassifier(train, digits, 2000, rng)
		for k, a := range perClassAccuracy(clf, rep, digits) {
			d := digits[k]
			gs, rs := spread(rep.OfClasses([]int{d}, 0)), spread(train.OfClasses([]int{d}, 300))
			t.Logf("samples of %d labelled %d: %.3f; spread %.1f (real %.1f)", d, d, a, gs, rs)
			if a < 0.8 {
				t.Errorf("samples of %d: classifier accuracy %.3f, want >= 0.8", d, a)
			}
			if gs < rs/3 {
				t.Errorf("samples of %d: spread %.1f, want >= a third of the training images' %.1f", d, gs, rs)
			}
		}
	}
}

// TestGeneratorDeterministic checks that a seed gives the same samples.
func TestGeneratorDeterministic(t *testing.T) {
	set := dataset.Set{Name: "bars", Rows: 8, Cols: 6, Classes: 2, Y: []int{0, 1, 0, 1, 0, 1, 0, 1}}
	for i := range set.Rows {
		for j := range set.Cols {
			if (j < 3) == (set.Y[i] == 0) {
				set.X = append(set.X, 1)
			} else {
				set.X = append(set.X, 0)
			}
		}
	}
	run := func() dataset.Set {
		rng := rand.New(rand.NewPCG(3, 4))
		p := DefaultGen()
		p.Hidden, p.Epochs, p.Batch, p.Chains, p.Gibbs, p.Thin = 4, 3, 4, 3, 5, 2
		g := NewGenerator(p, set.Cols)
		if err := g.Learn(context.Background(), set, rng); err != nil {
			t.Fatal(err)
		}
		return g.Replay(7, set, rng)
	}
	a, b := run(), run()
	if a.Rows != 14 || len(a.X) != 14*6 {
		t.Fatalf("Replay(7) of 2 classes: %d rows, %d values, want 14, 84", a.Rows, len(a.X))
	}
	for i := range a.X {
		if a.X[i] != b.X[i] {
			t.Fatalf("value %d: %v then %v with the same seed", i, a.X[i], b.X[i])
		}
	}
	for i, y := range a.Y {
		if want := i / 7; y != want {
			t.Fatalf("label %d = %d, want %d", i, y, want)
		}
	}
}

// genParamsFromEnv returns DefaultGen with the GEN_* knobs of the
// environment applied.
func genParamsFromEnv() GenParams {
	gp := DefaultGen()
	gp.Hidden = genEnvInt("GEN_HIDDEN", gp.Hidden)
	gp.Epochs = genEnvInt("GEN_EPOCHS", gp.Epochs)
	gp.Gibbs = genEnvInt("GEN_GIBBS", gp.Gibbs)
	gp.Thin = genEnvInt("GEN_THIN", gp.Thin)
	gp.Chains = genEnvInt("GEN_CHAINS", gp.Chains)
	gp.LR = float32(genEnvFloat("GEN_LR", float64(gp.LR)))
	gp.K = genEnvInt("GEN_K", gp.K)
	gp.Batch = genEnvInt("GEN_BATCH", gp.Batch)
	gp.Persistent = genEnvInt("GEN_PCD", genBool(gp.Persistent)) == 1
	gp.Latent = genEnvInt("GEN_LATENT", genBool(gp.Latent)) == 1
	return gp
}

// BenchmarkMeasureGenQuality learns all ten digits (the 5000-image task
// sets) and trains a 784-256-10 MLP on GEN_PER (default 1000) generated
// samples per class only, then tests it on the real test set ("train on
// generated, test on real"). GEN_PNG names a PNG grid of 10 samples per
// class; the GEN_* knobs of BenchmarkMeasureGenerative set the generator.
// Run it with
//
//	go test ./sleep -run XXX -bench MeasureGenQuality -benchtime 1x -timeout 1h
//
// Metrics: test_acc (the MLP trained on the samples, on the real test
// set), gen_pixel and real_pixel (mean pixel of the samples and of 10,000
// training images), learn_s and replay_s (seconds of generator learning
// and sampling).
//
// Measured (1000 samples per class, 500 hidden units, 20 epochs, batch
// 100; the test accuracy of the MLP trained on the samples only; real
// images give 0.97); these figures are published only here (DefaultGen's
// doc points to this file), not in BENCHMARKS.md or README.md:
//
//	chain sampler, PCD-1 ε 0.02, 100 chains, 200 + 20·k sweeps  0.611 (one prototype per chain)
//	  same, 1000 chains, 100 sweeps                             0.615 (one prototype per class)
//	  CD-1 ε 0.1                                                0.420 (faint: mean pixel 0.029, real 0.131)
//	  PCD-1 ε 0.05, batch 20, 40 epochs                         0.582 (learn 87 s)
//	  PCD-1 ε 0.05, batch 20, 300 hidden, 1000 chains           0.560
//	latent sampler, PCD-1 ε 0.02                                0.817 (diverse but blurred)
//	latent sampler, CD-1 ε 0.1 (DefaultGen)                     0.882 (learn 21 s for 10 classes)
//	  same, 3 Gibbs sweeps after decoding                       0.862
func BenchmarkMeasureGenQuality(b *testing.B) {
	train, test := loadMNIST(b)
	for b.Loop() {
		gp := genParamsFromEnv()
		per := genEnvInt("GEN_PER", 1000)
		b.Logf("gen %+v, perClass %d", gp, per)
		rng := rand.New(rand.NewPCG(1, 8))
		g := NewGenerator(gp, train.Cols)
		p := SRCProtocol()
		t0 := time.Now()
		for _, d := range p.Tasks {
			if err := g.Learn(context.Background(), train.OfClasses(d, p.PerTask), rng); err != nil {
				b.Fatal(err)
			}
		}
		tLearn := time.Since(t0)
		rep := g.Replay(per, train, rng)
		tReplay := time.Since(t0) - tLearn
		b.Logf("learn %.1fs, replay %.1fs", tLearn.Seconds(), tReplay.Seconds())
		if path := os.Getenv("GEN_PNG"); path != "" {
			var imgs [][]float32
			for c := range 10 {
				for k := range 10 {
					imgs = append(imgs, rep.Row(c*per+k))
				}
			}
			if err := imgrid.WritePNG(path, imgs, imgrid.Layout{W: 28, H: 28, Cols: 10, Scale: 2}); err != nil {
				b.Fatal(err)
			}
		}
		var mean, meanReal float64
		for _, x := range rep.X {
			mean += float64(x)
		}
		real := train.OfClasses([]int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 10000)
		for _, x := range real.X {
			meanReal += float64(x)
		}
		mean, meanReal = mean/float64(len(rep.X)), meanReal/float64(len(real.X))
		b.Logf("mean pixel: generated %.4f, real %.4f", mean, meanReal)
		m := learn.NewMLP([]int{train.Cols, 256, train.Classes}, learn.ReLU, learn.Softmax, rng)
		m.Train(rep, learn.Options{Epochs: 5, Batch: 50, LR: 0.05, Momentum: 0.9, Rng: rng})
		acc := m.Accuracy(test)
		b.Logf("train on generated, test on real: %.4f (per class %.3f)", acc, perClassAccuracy(m, test, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}))
		b.ReportMetric(acc, "test_acc")
		b.ReportMetric(mean, "gen_pixel")
		b.ReportMetric(meanReal, "real_pixel")
		b.ReportMetric(tLearn.Seconds(), "learn_s")
		b.ReportMetric(tReplay.Seconds(), "replay_s")
	}
}

// BenchmarkMeasureGenerative runs class-incremental split MNIST (the full
// SRC protocol, as Run does) with generative replay: for task i the MLP
// trains on the task's 5000 images joined with GEN_PER (default 2500)
// generated samples of every earlier class, then the generator learns
// task i's classes. Run it with
//
//	go test ./sleep -run XXX -bench MeasureGenerative -benchtime 1x -timeout 1h
//
// Knobs (environment): GEN_HIDDEN, GEN_EPOCHS, GEN_GIBBS, GEN_THIN,
// GEN_CHAINS, GEN_LR, GEN_K, GEN_BATCH, GEN_PCD (0/1), GEN_LATENT (0/1),
// GEN_PER, GEN_SEED.
//
// Metrics: final_acc (over all ten digits after the last task),
// judge_acc (the real-image classifier that scores the samples),
// gen_learn_s, replay_s and mlp_s (seconds over the five tasks).
//
// Measured (final accuracy over all ten digits; accuracy over the digits
// seen after each task; seconds of generator learning + replay over the
// five tasks, on 2 shared cores); these figures are published only here,
// not in BENCHMARKS.md or README.md (README.md's "Checked against" gives
// the shipped sleep_consolidation's generative replay row, Run's
// Generative method over seeds 1–3: 0.911):
//
//	DefaultGen, 2500 per class, seed 1   0.910  (0.999 0.968 0.946 0.937 0.910)  21.4 + 1.9
//	  seed 2                             0.907  (0.999 0.971 0.946 0.938 0.907)  21.7 + 1.6
//	  seed 3                             0.904  (0.999 0.970 0.941 0.934 0.904)  21.4 + 2.0
//	  300 hidden units                   0.912  (0.999 0.968 0.943 0.936 0.912)  16.1 + 1.7
//	  1000 per class                     0.883  (0.999 0.965 0.920 0.915 0.883)  22.3 + 0.8
//	  3 Gibbs sweeps after decoding      0.897  (0.999 0.967 0.937 0.925 0.897)  23.1 + 4.6
//	chain sampler (PCD-1 ε 0.02, 100 chains, 200 + 20·k sweeps)
//	                                     0.581  (0.999 0.850 0.707 0.642 0.581)  25.3 + 18.4
//
// Sequential fine-tuning ends near 0.19 on this protocol.
func BenchmarkMeasureGenerative(b *testing.B) {
	train, test := loadMNIST(b)
	for b.Loop() {
		gp := genParamsFromEnv()
		per := genEnvInt("GEN_PER", 2500)
		seed := uint64(genEnvInt("GEN_SEED", 1))
		b.Logf("gen %+v, perClass %d, seed %d", gp, per, seed)

		p := SRCProtocol()
		rng := rand.New(rand.NewPCG(seed, 7))
		grng := rand.New(rand.NewPCG(seed, 8)) // the generator's own stream
		judge := realClassifier(train, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 20000, rand.New(rand.NewPCG(seed, 9)))
		judgeAcc := judge.Accuracy(test)
		b.Logf("judge (784-256-10 on 20000 real images) test accuracy %.3f", judgeAcc)

		T := len(p.Tasks)
		tasks := make([]dataset.Set, T)
		tests := make([]dataset.Set, T)
		for i, d := range p.Tasks {
			tasks[i] = train.OfClasses(d, p.PerTask)
			tests[i] = test.OfClasses(d, 0)
		}
		m := p.NewNet(train.Cols, train.Classes, rng)
		live := func(int) bool { return true }
		g := NewGenerator(gp, train.Cols)
		var tGen, tRep, tNet time.Duration
		for i := range T {
			set := tasks[i]
			if i > 0 {
				t0 := time.Now()
				rep := g.Replay(per, train, grng)
				tRep += time.Since(t0)
				fid := perClassAccuracy(judge, rep, g.Classes())
				b.Logf("task %d: replay of %v, %d samples, judge accuracy per class %.3f", i, g.Classes(), rep.Rows, fid)
				set = dataset.Concat(set, rep)
			}
			t0 := time.Now()
			m.Train(set, p.options(rng, live))
			tNet += time.Since(t0)
			t0 = time.Now()
			if err := g.Learn(context.Background(), tasks[i], grng); err != nil {
				b.Fatal(err)
			}
			tGen += time.Since(t0)
			var right, rows float64
			accs := make([]float64, T)
			for j := range T {
				accs[j] = m.Accuracy(tests[j])
				if j <= i {
					right += accs[j] * float64(tests[j].Rows)
					rows += float64(tests[j].Rows)
				}
			}
			b.Logf("after task %d: per task %.3f, seen %.3f", i, accs, right/rows)
		}
		all := dataset.Concat(tests...)
		final := m.Accuracy(all)
		b.Logf("final accuracy over all 10 digits %.4f; seconds: generator learn %.1f, replay %.1f, MLP %.1f",
			final, tGen.Seconds(), tRep.Seconds(), tNet.Seconds())
		b.ReportMetric(final, "final_acc")
		b.ReportMetric(judgeAcc, "judge_acc")
		b.ReportMetric(tGen.Seconds(), "gen_learn_s")
		b.ReportMetric(tRep.Seconds(), "replay_s")
		b.ReportMetric(tNet.Seconds(), "mlp_s")
	}
}
