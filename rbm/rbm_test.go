package rbm

import (
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/learn"
)

var (
	mnistOnce            sync.Once
	mnistTrain, mnist10k dataset.Set
	mnistErr             error
)

// loadMNIST returns the MNIST training and test sets, or skips the test
// when the files are not found.
func loadMNIST(t testing.TB) (train, test dataset.Set) {
	t.Helper()
	mnistOnce.Do(func() {
		mnistTrain, mnist10k, mnistErr = dataset.LoadMNIST("")
	})
	if mnistErr != nil {
		t.Skipf("MNIST not available, skipping: %v", mnistErr)
	}
	return mnistTrain, mnist10k
}

// head returns the first n patterns of set.
func head(set dataset.Set, n int) dataset.Set {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return set.Subset(idx)
}

func TestCD1LowersReconstructionError(t *testing.T) {
	train, _ := loadMNIST(t)
	set := head(train, 2000)
	rng := rand.New(rand.NewPCG(1, 2))
	r := New(784, 64, 0, rng)
	r.SetVisibleBiases(set)
	before := r.ReconError(set)
	opt := DefaultOptions(rng)
	opt.Epochs, opt.Batch = 3, 20
	errs := r.Train(set, opt)
	after := r.ReconError(set)
	t.Logf("recon error per epoch %.2f; mean-field before %.2f, after %.2f", errs, before, after)
	if !(errs[len(errs)-1] < errs[0]) {
		t.Errorf("training recon error did not fall: %v", errs)
	}
	if !(after < 0.6*before) {
		t.Errorf("mean-field recon error %.2f after training, want < 0.6 × %.2f before", after, before)
	}
}

func TestPCDRuns(t *testing.T) {
	train, _ := loadMNIST(t)
	set := head(train, 1000)
	rng := rand.New(rand.NewPCG(3, 4))
	r := New(784, 32, 0, rng)
	opt := DefaultOptions(rng)
	opt.Epochs, opt.Batch, opt.Persistent, opt.LR = 3, 20, true, 0.05
	before := r.ReconError(set)
	errs := r.Train(set, opt)
	after := r.ReconError(set)
	t.Logf("PCD recon error per epoch %.2f; mean-field before %.2f, after %.2f", errs, before, after)
	for _, e := range errs {
		if math.IsNaN(e) || math.IsInf(e, 0) {
			t.Fatalf("recon error %v", errs)
		}
	}
	if !(after < before) {
		t.Errorf("mean-field recon error %.2f after PCD, want below %.2f", after, before)
	}
	if len(r.chain) != 20*32 {
		t.Errorf("persistent chains hold %d values, want %d", len(r.chain), 20*32)
	}
}

func TestDeterministic(t *testing.T) {
	train, _ := loadMNIST(t)
	set := head(train, 300)
	run := func() []float32 {
		rng := rand.New(rand.NewPCG(7, 7))
		r := New(784, 16, 0, rng)
		opt := DefaultOptions(rng)
		opt.Epochs, opt.Batch = 2, 30
		r.Train(set, opt)
		return r.W
	}
	a, b := run(), run()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("W[%d] = %v then %v with the same seed", i, a[i], b[i])
		}
	}
}

// TestFreeEnergyExact checks F(v), p(v) and p(h|v) of a 4×3 RBM against
// a brute-force enumeration of all 2⁴·2³ joint states with
// E(v,h) = -bᵀv - cᵀh - hᵀWv.
func TestFreeEnergyExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	r := New(4, 3, 0, rng)
	for i := range r.W {
		r.W[i] = float32(rng.NormFloat64())
	}
	for j := range r.VBias {
		r.VBias[j] = float32(rng.NormFloat64())
	}
	for i := range r.HBias {
		r.HBias[i] = float32(rng.NormFloat64())
	}
	bit := func(x, k int) float64 { return float64(x >> k & 1) }
	energy := func(v, h int) float64 {
		e := 0.0
		for j := range 4 {
			e -= float64(r.VBias[j]) * bit(v, j)
		}
		for i := range 3 {
			e -= float64(r.HBias[i]) * bit(h, i)
			for j := range 4 {
				e -= float64(r.W[i*4+j]) * bit(h, i) * bit(v, j)
			}
		}
		return e
	}
	var Z float64
	marg := make([]float64, 16) // Σ_h e^-E(v,h)
	for v := range 16 {
		for h := range 8 {
			marg[v] += math.Exp(-energy(v, h))
		}
		Z += marg[v]
	}
	var zF, sum float64
	for v := range 16 {
		x := []float32{float32(bit(v, 0)), float32(bit(v, 1)), float32(bit(v, 2)), float32(bit(v, 3))}
		F := r.FreeEnergy(x)
		if want := -math.Log(marg[v]); math.Abs(F-want) > 1e-5*max(1, math.Abs(want)) {
			t.Errorf("F(%04b) = %.8g, want %.8g", v, F, want)
		}
		zF += math.Exp(-F)
		// p(h_i = 1 | v) by enumeration.
		ph := r.HiddenProbs(x, 1)
		for i := range 3 {
			var on float64
			for h := range 8 {
				if h>>i&1 == 1 {
					on += math.Exp(-energy(v, h))
				}
			}
			if want := on / marg[v]; math.Abs(float64(ph[i])-want) > 1e-6 {
				t.Errorf("p(h%d=1 | %04b) = %.7f, want %.7f", i, v, ph[i], want)
			}
		}
	}
	if math.Abs(math.Log(zF)-math.Log(Z)) > 1e-9*math.Abs(math.Log(Z))+1e-6 {
		t.Errorf("log Z from free energies %.10g, by enumeration %.10g", math.Log(zF), math.Log(Z))
	}
	for v := range 16 {
		x := []float32{float32(bit(v, 0)), float32(bit(v, 1)), float32(bit(v, 2)), float32(bit(v, 3))}
		sum += math.Exp(-r.FreeEnergy(x)) / zF
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("Σ_v p(v) = %.12f, want 1", sum)
	}
}

// TestLabelSoftmax checks that p(v|h) of the label group is a
// distribution and that Gibbs keeps clamped units.
func TestLabelSoftmax(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	r := New(8, 5, 3, rng)
	for i := range r.W {
		r.W[i] = float32(rng.NormFloat64())
	}
	h := []float32{1, 0, 1, 1, 0, 0, 1, 0, 0, 1}
	p := r.VisibleProbs(h, 2)
	for b := range 2 {
		var s float32
		for _, x := range p[b*8+5 : b*8+8] {
			s += x
		}
		if math.Abs(float64(s)-1) > 1e-6 {
			t.Errorf("row %d: label probabilities sum to %v, want 1", b, s)
		}
	}
	v := make([]float32, 2*8)
	v[5+2], v[8+5+0] = 1, 1
	clamp := []bool{false, false, false, false, false, true, true, true}
	r.Gibbs(v, 2, 10, clamp, rng)
	if v[5] != 0 || v[6] != 0 || v[7] != 1 || v[13] != 1 || v[14] != 0 || v[15] != 0 {
		t.Errorf("clamped labels changed: %v", v)
	}
}

// TestMLPMatchesStack checks DBN.MLP: before fine-tuning, its output is
// p(y | h) of the top RBM with h = p(h | up-pass, no label).
func TestMLPMatchesStack(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 1))
	d := NewDBN([]int{6, 5, 4, 7}, 3, rng)
	for _, r := range d.Layers {
		for i := range r.W {
			r.W[i] = float32(0.5 * rng.NormFloat64())
		}
		for i := range r.HBias {
			r.HBias[i] = float32(0.3 * rng.NormFloat64())
		}
		for i := range r.VBias {
			r.VBias[i] = float32(0.3 * rng.NormFloat64())
		}
	}
	x := []float32{0, 1, 0.5, 1, 0.2, 0}
	m := d.MLP(rng)
	got := m.Predict(x)
	t0, pen := d.top()
	u := append(d.Up(x, 1), 0, 0, 0)
	h := t0.HiddenProbs(u, 1)
	z := make([]float64, 3)
	var s float64
	for y := range 3 {
		z[y] = float64(t0.VBias[pen+y])
		for i, hi := range h {
			z[y] += float64(hi) * float64(t0.W[i*t0.Visible+pen+y])
		}
		z[y] = math.Exp(z[y])
		s += z[y]
	}
	for y := range 3 {
		if want := z[y] / s; math.Abs(float64(got[y])-want) > 1e-5 {
			t.Errorf("MLP output %d = %.6f, want p(y|h) = %.6f", y, got[y], want)
		}
	}
}

// TestClassifyFreeEnergy checks DBN.Classify against argmin_y F(u, y)
// computed with RBM.FreeEnergy.
func TestClassifyFreeEnergy(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 1))
	d := NewDBN([]int{6, 5, 8}, 4, rng)
	for _, r := range d.Layers {
		for i := range r.W {
			r.W[i] = float32(rng.NormFloat64())
		}
		for i := range r.VBias {
			r.VBias[i] = float32(0.5 * rng.NormFloat64())
		}
	}
	const n = 50
	x := make([]float32, n*6)
	for i := range x {
		x[i] = rng.Float32()
	}
	got := d.Classify(x, n)
	u := d.Up(x, n)
	top, pen := d.top()
	for b := range n {
		best, arg := math.Inf(1), -1
		for y := range 4 {
			v := make([]float32, top.Visible)
			copy(v, u[b*pen:(b+1)*pen])
			v[pen+y] = 1
			if f := top.FreeEnergy(v); f < best {
				best, arg = f, y
			}
		}
		if got[b] != arg {
			t.Errorf("pattern %d: Classify %d, argmin free energy %d", b, got[b], arg)
		}
	}
}

// TestDreamClassifiable is issue #4's Done-when 5: a small model is
// trained, samples are generated with each label clamped, and a
// classifier trained on real images must label at least 80% of them as
// their clamped class.
//
// The model is a DBN 784-50-(50+10)-200 trained on 6,000 images: CD-1
// for both layers, then 100 epochs of PCD on the top RBM; 20 samples per
// class after 300 Gibbs sweeps. The judge is a sigmoid MLP 784-100-10
// with its own seed, trained on 10,000 real images (92.6% test
// accuracy). Over model seeds 1-5 the fraction was 84, 85.5, 94, 80.5,
// 85.5% (the default build before 2026-12-07) and 80.5, 87.5, 84, 88, 88%
// (GOEXPERIMENT=simd then, whose fused multiply-adds every build now
// has); the test uses seed 2.
//
// PCD matters: a top RBM trained by CD-1 alone classifies well but its
// label-clamped chains drift into other classes (60-78% over seeds),
// because CD never visits the states far from the data whose
// probability it should lower. A single RBM with the labels beside the
// 784 pixels fails outright (10-26%): 10 label units barely move the
// hidden units against 784 pixels.
func TestDreamClassifiable(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a DBN and a classifier (5-20 s); skipped with -short")
	}
	train, test := loadMNIST(t)
	set := head(train, 6000)
	rng := rand.New(rand.NewPCG(2, 4))
	d := NewDBN([]int{784, 50, 200}, 10, rng)
	opt := DefaultOptions(rng)
	opt.Epochs, opt.Batch, opt.LR = 10, 20, 0.05
	d.Pretrain(set, []Options{opt})
	pcd := Options{Epochs: 100, Batch: 100, LR: 0.03, WeightDecay: opt.WeightDecay, Persistent: true, Rng: rng}
	d.Layers[1].Train(d.TopSet(set), pcd)

	crng := rand.New(rand.NewPCG(1, 1))
	clf := learn.NewMLP([]int{784, 100, 10}, learn.Sigmoid, learn.Softmax, crng)
	clf.Train(head(train, 10000), learn.Options{Epochs: 8, Batch: 50, LR: 0.1, Momentum: 0.9, Rng: crng})
	t.Logf("classifier test accuracy %.3f", clf.Accuracy(head(test, 2000)))

	const perClass = 20
	imgs := Dream(d, perClass, 300, rng)
	ok := 0
	for i, x := range imgs {
		p := clf.Predict(x)
		best := 0
		for k := range p {
			if p[k] > p[best] {
				best = k
			}
		}
		if best == i/perClass {
			ok++
		}
	}
	frac := float64(ok) / float64(len(imgs))
	t.Logf("%d of %d generated samples classified as their clamped class (%.0f%%)", ok, len(imgs), 100*frac)
	if frac < 0.8 {
		t.Errorf("%.0f%% of the generated samples classified as their clamped class, want >= 80%%", 100*frac)
	}
}
