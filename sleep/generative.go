package sleep

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/internal/gemm"
	"github.com/brainsim/brainsim/rbm"
)

// GenParams configure the generative memory [Generator]: one binary RBM
// per class, trained by CD-K or PCD-K on that class's images, and one of
// two samplers.
//
// The latent sampler (Latent true, the default) fits a Gaussian N(μ, Σ),
// full covariance, to the hidden pre-activations a = c + W v of the
// class's images after training; a sample draws a ~ N(μ, Σ) and decodes
// it through the RBM as p(v | h = σ(a)) = σ(b + Wᵀσ(a)), optionally
// followed by Gibbs sweeps of the RBM. The chain sampler (Latent false)
// runs the RBM's own block Gibbs chains from the mean image; on split
// MNIST its chains all fall into one prototype per class (see
// generative_test.go), so it is kept only as the pure-Boltzmann baseline.
type GenParams struct {
	Hidden int // hidden units per class model
	Epochs int // training epochs per class model
	// Gibbs is the number of Gibbs sweeps per sample: after decoding for
	// the latent sampler (0: none, the decoded probabilities are the
	// sample), before a chain's first sample (burn-in, at least 1) for the
	// chain sampler, which then takes a sample every Thin sweeps.
	Gibbs, Thin int
	// Chains is the number of Gibbs chains per class of the chain sampler
	// (at most the samples asked for); each yields ⌈perClass/Chains⌉
	// samples.
	Chains int
	// LR is the RBM learning rate ε, Batch its minibatch size,
	// WeightDecay its L2 coefficient λ; the momentum is 0.5 for 5 epochs,
	// then 0.9 ([rbm.DefaultOptions]).
	LR          float32
	Batch       int
	WeightDecay float32
	// K is the number of Gibbs steps of CD-K or PCD-K; Persistent selects
	// PCD (Tieleman 2008) instead of CD.
	K          int
	Persistent bool
	// Latent selects the latent sampler (see above).
	Latent bool
}

// DefaultGen returns the measured settings (generative_test.go): 500
// hidden units, 20 epochs of CD-1 at ε = 0.1 with minibatches of 100 and
// weight decay 2·10⁻⁴ (Hinton's practical guide), and the latent sampler
// with no Gibbs sweeps after decoding. (Thin and Chains, used only by the
// chain sampler, are 20 and 100.)
func DefaultGen() GenParams {
	return GenParams{
		Hidden: 500, Epochs: 20, Gibbs: 0, Thin: 20, Chains: 100,
		LR: 0.1, Batch: 100, WeightDecay: 2e-4, K: 1, Persistent: false, Latent: true,
	}
}

// Generator is a generative memory of labelled classes that stores no
// training images: per class learned so far an RBM and, for the latent
// sampler, the mean and Cholesky factor of its hidden pre-activations
// (about 4 MB per class at 784×500, counting the RBM's momentum
// buffers), which
// [Generator.Replay] samples from.
type Generator struct {
	P      GenParams
	Inputs int
	// classes lists the modelled classes ascending, models their RBMs.
	classes []int
	models  []*rbm.RBM
	latents []*gaussian // the latent samplers (nil without P.Latent)
}

// gaussian is N(Mu, L Lᵀ) over the hidden pre-activations of one class.
type gaussian struct {
	Mu []float32 // mean, len Hidden
	L  []float32 // Cholesky factor, Hidden × Hidden, lower triangle row-major
}

// fitGaussian fits N(μ, Σ) to the pre-activations c + W v of the rows of
// set, Σ shrunk towards its diagonal by 1% plus 10⁻⁴ of its mean variance
// on the diagonal so the factorisation exists.
func fitGaussian(r *rbm.RBM, set dataset.Set) *gaussian {
	n, h := set.Rows, r.Hidden
	a := make([]float32, n*h)
	gemm.Sgemm(false, true, n, h, r.Visible, 1, set.X, r.Visible, r.W, r.Visible, 0, a, h)
	mu := make([]float64, h)
	for b := range n {
		row := a[b*h : (b+1)*h]
		for i := range row {
			row[i] += r.HBias[i]
			mu[i] += float64(row[i])
		}
	}
	g := &gaussian{Mu: make([]float32, h), L: make([]float32, h*h)}
	for i := range mu {
		mu[i] /= float64(n)
		g.Mu[i] = float32(mu[i])
	}
	for b := range n {
		row := a[b*h : (b+1)*h]
		for i := range row {
			row[i] -= g.Mu[i]
		}
	}
	cov32 := make([]float32, h*h)
	gemm.Sgemm(true, false, h, h, n, 1/float32(max(n-1, 1)), a, h, a, h, 0, cov32, h)
	cov := make([]float64, h*h)
	var tr float64
	for i := range h {
		tr += float64(cov32[i*h+i])
	}
	jitter := 1e-4*tr/float64(h) + 1e-6
	for i := range h {
		for j := range h {
			c := 0.99 * float64(cov32[i*h+j])
			if i == j {
				c = float64(cov32[i*h+j]) + jitter
			}
			cov[i*h+j] = c
		}
	}
	// Cholesky–Banachiewicz, in place in the lower triangle.
	for i := range h {
		for j := 0; j <= i; j++ {
			s := cov[i*h+j]
			for k := range j {
				s -= cov[i*h+k] * cov[j*h+k]
			}
			if i == j {
				cov[i*h+i] = math.Sqrt(max(s, 1e-12))
			} else {
				cov[i*h+j] = s / cov[j*h+j]
			}
		}
	}
	for i := range h {
		for j := 0; j <= i; j++ {
			g.L[i*h+j] = float32(cov[i*h+j])
		}
	}
	return g
}

// sample returns n visible probability rows decoded from a ~ N(μ, Σ).
func (g *gaussian) sample(r *rbm.RBM, n int, rng *rand.Rand) []float32 {
	h := r.Hidden
	z := make([]float32, n*h)
	for i := range z {
		z[i] = float32(rng.NormFloat64())
	}
	a := make([]float32, n*h)
	gemm.Sgemm(false, true, n, h, h, 1, z, h, g.L, h, 0, a, h)
	for b := range n {
		row := a[b*h : (b+1)*h]
		for i, x := range row {
			row[i] = float32(1 / (1 + math.Exp(-float64(x+g.Mu[i]))))
		}
	}
	return r.VisibleProbs(a, n)
}

// NewGenerator returns an empty generator for patterns of inputs values
// in [0,1]. It panics if inputs < 1 or p.Hidden < 1.
func NewGenerator(p GenParams, inputs int) *Generator {
	if inputs < 1 || p.Hidden < 1 {
		panic(fmt.Sprintf("sleep: NewGenerator: inputs %d and hidden %d must be positive", inputs, p.Hidden))
	}
	return &Generator{P: p, Inputs: inputs}
}

// Classes lists the classes with a model, ascending.
func (g *Generator) Classes() []int { return slices.Clone(g.classes) }

// Learn fits a model of every class present in set (labels set.Y) that
// has no model yet, in ascending class order, each RBM's visible biases
// set from the class's mean image before training. It returns an error
// for an unlabelled set or one of the wrong width, and ctx's error when
// cancelled (checked between classes; the classes fitted so far are kept).
func (g *Generator) Learn(ctx context.Context, set dataset.Set, rng *rand.Rand) error {
	if set.Y == nil || set.Cols != g.Inputs {
		return fmt.Errorf("sleep: Generator.Learn: set %q needs labels and %d columns (has %d)", set.Name, g.Inputs, set.Cols)
	}
	var todo []int
	for _, y := range set.Y {
		if !slices.Contains(todo, y) && !slices.Contains(g.classes, y) {
			todo = append(todo, y)
		}
	}
	slices.Sort(todo)
	for _, c := range todo {
		if err := ctx.Err(); err != nil {
			return err
		}
		cs := set.OfClasses([]int{c}, 0)
		r := rbm.New(g.Inputs, g.P.Hidden, 0, rng)
		r.SetVisibleBiases(cs)
		opt := rbm.DefaultOptions(rng)
		opt.Epochs, opt.LR, opt.Batch = g.P.Epochs, g.P.LR, g.P.Batch
		opt.WeightDecay, opt.K, opt.Persistent = g.P.WeightDecay, g.P.K, g.P.Persistent
		opt.Stop = func() bool { return ctx.Err() != nil }
		r.Train(cs, opt)
		if err := ctx.Err(); err != nil {
			return err
		}
		var lat *gaussian
		if g.P.Latent {
			lat = fitGaussian(r, cs)
		}
		i, _ := slices.BinarySearch(g.classes, c)
		g.classes = slices.Insert(g.classes, i, c)
		g.models = slices.Insert(g.models, i, r)
		g.latents = slices.Insert(g.latents, i, lat)
	}
	return nil
}

// Replay returns a labelled set with template's Cols and Classes (name
// "replay") holding perClass samples of every learned class, class by
// class in ascending order. A sample is a row of visible probabilities
// p(v | h) (values in [0,1], smoother than binary states): for the latent
// sampler of the decoded a ~ N(μ, Σ), or of the last of P.Gibbs sweeps
// started from a Bernoulli draw of it; for the chain sampler of the sweep
// it is taken at, the P.Chains chains starting from independent pixels
// drawn with the probabilities σ(b_j) of the visible biases. The same rng
// state gives the same set. It panics if template has other than Inputs
// columns or a learned class is not below template.Classes.
func (g *Generator) Replay(perClass int, template dataset.Set, rng *rand.Rand) dataset.Set {
	if template.Cols != g.Inputs {
		panic(fmt.Sprintf("sleep: Generator.Replay: template %q has %d columns, want %d", template.Name, template.Cols, g.Inputs))
	}
	n := g.Inputs
	out := dataset.Set{Name: "replay", Cols: n, Classes: template.Classes,
		Shape: slices.Clone(template.Shape), Y: []int{}}
	if perClass < 1 {
		return out
	}
	out.X = make([]float32, 0, len(g.classes)*perClass*n)
	for k, c := range g.classes {
		if c >= template.Classes {
			panic(fmt.Sprintf("sleep: Generator.Replay: class %d, template has %d classes", c, template.Classes))
		}
		r := g.models[k]
		if lat := g.latents[k]; lat != nil {
			v := lat.sample(r, perClass, rng)
			if g.P.Gibbs > 0 {
				for i, p := range v {
					v[i] = 0
					if rng.Float32() < p {
						v[i] = 1
					}
				}
				v = r.Gibbs(v, perClass, g.P.Gibbs, nil, rng)
			}
			out.X = append(out.X, v...)
			for range perClass {
				out.Y = append(out.Y, c)
			}
			continue
		}
		chains := min(max(g.P.Chains, 1), perClass)
		per := (perClass + chains - 1) / chains
		v := make([]float32, chains*n)
		for b := range chains {
			for j := range n {
				if rng.Float64() < 1/(1+math.Exp(-float64(r.VBias[j]))) {
					v[b*n+j] = 1
				}
			}
		}
		got := 0
		for s := 0; s < per && got < perClass; s++ {
			steps := max(g.P.Thin, 1)
			if s == 0 {
				steps = max(g.P.Gibbs, 1)
			}
			p := r.Gibbs(v, chains, steps, nil, rng)
			m := min(chains, perClass-got)
			out.X = append(out.X, p[:m*n]...)
			for range m {
				out.Y = append(out.Y, c)
			}
			got += m
		}
	}
	out.Rows = len(out.Y)
	return out
}
