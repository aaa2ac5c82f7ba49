package rules

import (
	"math/rand/v2"
	"strings"
	"unicode"

	"github.com/brainsim/brainsim/learn"
	"github.com/brainsim/brainsim/rbm"
	"github.com/brainsim/brainsim/registry"
)

// rbmParams are the keys of the contrastive-divergence training of rules
// rbm and dbn.
type rbmParams struct {
	Epochs      *int    `toml:"epochs" doc:"epochs of contrastive divergence (per layer for a dbn; required)"`
	LR          float64 `toml:"lr" doc:"learning rate"`
	Momentum    float64 `toml:"momentum" doc:"momentum after the first 5 epochs (0.5 before; Hinton's practical guide)"`
	Batch       int     `toml:"batch" doc:"patterns per minibatch"`
	Hidden      []int   `toml:"hidden" doc:"hidden units (rbm: one value; dbn: the layer sizes)"`
	WeightDecay float64 `toml:"weight_decay" doc:"L2 weight penalty, in [0, 1)"`
	CDK         int     `toml:"cd_k" doc:"Gibbs steps of contrastive divergence"`
	Persistent  bool    `toml:"persistent" doc:"persistent contrastive divergence (Tieleman 2008)"`
}

// rbmRuleParams are the keys of rule rbm: the RBM's and its readout's.
type rbmRuleParams struct {
	rbmParams
	readoutParams
}

func (o *rbmParams) check(c *registry.Check) {
	epochsKey(c, o.Epochs)
	registry.Positive(c, "lr", o.LR)
	within(c, "momentum", o.Momentum, 0, 1, false, true)
	atLeast(c, "batch", o.Batch, 0, " (0 = full batch)")
	within(c, "weight_decay", o.WeightDecay, 0, 1, false, true)
	if o.CDK < 1 || o.CDK > 1000 {
		c.Errf("cd_k", "%d is outside [1, 1000]", o.CDK)
	}
	layerSizes(c, o.Hidden)
}

// options are the RBM training options: the momentum starts at 0.5 and
// becomes the rule's after 5 epochs (Hinton's practical guide, 2010).
func (o *rbmParams) options(r *registry.Run, rng *rand.Rand) rbm.Options {
	return rbm.Options{
		Epochs: *o.Epochs, Batch: o.Batch, LR: float32(o.LR),
		InitialMomentum: 0.5, Momentum: float32(o.Momentum), MomentumAfter: 5,
		WeightDecay: float32(o.WeightDecay), K: o.CDK, Persistent: o.Persistent, Rng: rng,
		Stop: r.Stopped,
	}
}

func rbmDefaults(hidden []int) rbmParams {
	return rbmParams{LR: 0.1, Momentum: 0.9, Batch: 20, Hidden: hidden, WeightDecay: 0.0001, CDK: 1}
}

// dbnParams are the keys of rule dbn.
type dbnParams struct {
	rbmParams
	ReadoutEpochs int     `toml:"readout_epochs" doc:"epochs of back-propagation fine-tuning of the whole stack (0: classify generatively with the label units)"`
	ReadoutLR     float64 `toml:"readout_lr" doc:"learning rate of the fine-tuning"`
	TopPCDEpochs  int     `toml:"top_pcd_epochs" doc:"more epochs of persistent CD on the top RBM after the greedy pre-training"`
	TopPCDLR      float64 `toml:"top_pcd_lr" doc:"learning rate of those epochs"`
	Dream         int     `toml:"dream" doc:"images per class the net dreams after pre-training (0: none), each by Gibbs sweeps in the top RBM with the class's label unit clamped"`
	Gibbs         int     `toml:"gibbs" doc:"Gibbs sweeps per dreamed image"`
	PNG           string  `toml:"png" doc:"the PNG file of the dreams (default: the rule's name .png; into --out when given)"`
}

// rbmShape and dbnShape are what rules rbm and dbn ask of a network:
// layers of sigmoid units (the firing probabilities of the binary
// stochastic hidden units), all_to_all projections, softmax outputs.
var (
	rbmShape = netShape{rule: "rbm", minHidden: 1, maxHidden: 1,
		hidden: []string{transferSigmoid},
		hiddenWhy: `rule rbm's hidden units are binary stochastic units that fire with probability sigmoid(input), and its readout reads ` +
			`those probabilities: give the hidden population transfer "sigmoid"`,
		output:    []string{transferSoftmax},
		outputWhy: `rule rbm's readout is a softmax over the classes: give the output population transfer "softmax"`,
		initWhy:   "itself (the RBM's from N(0, 0.01²), Hinton's practical guide; the readout's as an MLP's)"}
	dbnShape = netShape{rule: "dbn", minHidden: 1, maxHidden: -1,
		hidden: []string{transferSigmoid},
		hiddenWhy: `rule dbn's hidden units are binary stochastic units that fire with probability sigmoid(input): ` +
			`give every hidden population transfer "sigmoid"`,
		output:    []string{transferSoftmax},
		outputWhy: `rule dbn's label units are one softmax group: give the output population transfer "softmax"`,
		initWhy:   "itself (every RBM's from N(0, 0.01²), Hinton's practical guide)"}
)

func init() {
	registry.DescribeFigure(FigureImages, `a rule "dbn" with dream > 0`)
	registry.DescribeMetric("dream_accuracy", "share of a dbn's dreamed images a separately trained classifier labels as the clamped class")
	registry.RegisterRule(registry.Rule{
		Name:  "rbm",
		Doc:   "a restricted Boltzmann machine trained by contrastive divergence (Hinton 2002), unsupervised, and a softmax readout of its hidden probabilities (with a network: input -> hidden -> readout)",
		Needs: []string{registry.CapImages},
		Params: func() any {
			return &rbmRuleParams{rbmParams: rbmDefaults([]int{500}), readoutParams: readoutParams{ReadoutEpochs: 10, ReadoutLR: 0.1}}
		},
		Check: func(p any, c *registry.Check) {
			o := p.(*rbmRuleParams)
			o.rbmParams.check(c)
			o.readoutParams.check(c)
			if len(o.Hidden) != 1 {
				c.Errf("hidden", "want one number of hidden units, e.g. hidden = [500], got %d values", len(o.Hidden))
			}
			if c.Net != nil {
				layerKeys(c, p, map[string]any{"hidden": c.Net.Hidden()})
				rbmShape.check(c, c.Net)
			}
		},
		Train: func(p any, r *registry.Run) error {
			o, set := p.(*rbmRuleParams), r.Task.Train
			k, err := featureUnits(r, rbmShape, o.Hidden)
			if err != nil {
				return err
			}
			m := rbm.New(set.Cols, k, 0, r.Rng)
			m.SetVisibleBiases(set)
			m.Train(set, o.options(r, r.Rng))
			o.readout(r, m.Features, *o.Epochs)
			return r.Ctx.Err()
		},
	})
	registry.RegisterRule(registry.Rule{
		Name:  "dbn",
		Doc:   "a deep belief net (Hinton, Osindero & Teh 2006): RBMs pre-trained greedily, label units at the top, fine-tuned by back-propagation (or classifying generatively with readout_epochs = 0); it can dream images of a class (with a network: input -> hidden layers -> label units)",
		Needs: []string{registry.CapImages},
		Params: func() any {
			return &dbnParams{rbmParams: rbmDefaults([]int{500, 500, 2000}), ReadoutEpochs: 10, ReadoutLR: 0.1, TopPCDLR: 0.01, Gibbs: 1000}
		},
		Check: func(p any, c *registry.Check) {
			o := p.(*dbnParams)
			o.check(c)
			atLeast(c, "readout_epochs", o.ReadoutEpochs, 0, "")
			registry.Positive(c, "readout_lr", o.ReadoutLR)
			if len(o.Hidden) < 1 {
				c.Errf("hidden", "want the layer sizes, e.g. hidden = [500, 500, 2000]")
			}
			if c.Net != nil {
				layerKeys(c, p, map[string]any{"hidden": c.Net.Hidden()})
				dbnShape.check(c, c.Net)
			}
			atLeast(c, "top_pcd_epochs", o.TopPCDEpochs, 0, "")
			registry.Positive(c, "top_pcd_lr", o.TopPCDLR)
			if o.Dream < 0 || o.Dream > 100 {
				c.Errf("dream", "%d is outside [0, 100] (images per class)", o.Dream)
			}
			if o.Gibbs < 1 || o.Gibbs > 100000 {
				c.Errf("gibbs", "%d is outside [1, 100000]", o.Gibbs)
			}
			pngKey(c, o.PNG)
			if o.PNG == "" {
				o.PNG = fileName(c.Section) + ".png"
			}
		},
		Train: trainDBN,
		Files: func(p any) []string {
			if o := p.(*dbnParams); o.Dream > 0 {
				return []string{o.PNG}
			}
			return nil
		},
		Figures: func(p any) []string {
			if p.(*dbnParams).Dream > 0 {
				return []string{FigureImages}
			}
			return nil
		},
	})
}

// FigureImages is the figure of a dbn's dreams.
const FigureImages = "images"

// trainDBN pre-trains a deep belief net greedily, lets it dream when the
// rule asks (scoring the dreams with a separately trained classifier),
// and fine-tunes it with back-propagation for readout_epochs epochs (0:
// the net classifies generatively, by the top RBM's label units).
func trainDBN(p any, r *registry.Run) error {
	o, set, rng := p.(*dbnParams), r.Task.Train, r.Rng
	hidden := o.Hidden
	if r.Net != nil {
		if err := dbnShape.err(r.Net); err != nil {
			return err
		}
		if err := netFits(r, "dbn", set.Classes, "one label unit per class"); err != nil {
			return err
		}
		hidden = r.Net.Hidden()
	}
	dbn := rbm.NewDBN(append([]int{set.Cols}, hidden...), set.Classes, rng)
	dbn.Stop = r.Stopped
	dbn.Pretrain(set, []rbm.Options{o.options(r, rng)})
	if o.TopPCDEpochs > 0 && !r.Stopped() {
		opt := o.options(r, rng)
		opt.Epochs, opt.LR, opt.Persistent = o.TopPCDEpochs, float32(o.TopPCDLR), true
		opt.Momentum, opt.InitialMomentum = 0, 0 // plain PCD (Tieleman 2008): the persistent chains need small, steady steps
		dbn.Layers[len(dbn.Layers)-1].Train(dbn.TopSet(set), opt)
	}
	if err := r.Ctx.Err(); err != nil {
		return err
	}
	var dream []registry.Sample
	if o.Dream > 0 {
		imgs := rbm.Dream(dbn, o.Dream, o.Gibbs, rng)
		if err := r.Ctx.Err(); err != nil {
			return err
		}
		g := registry.ImageGrid{File: o.PNG, Rule: r.Rule, Figure: FigureImages, Cols: o.Dream, Images: imgs}
		g.W, g.H = imageSize(set.Shape, set.Cols)
		r.Images = append(r.Images, g)
		judge := learn.NewMLP([]int{set.Cols, 256, set.Classes}, learn.ReLU, learn.Softmax, rng)
		judge.Train(set, learn.Options{Epochs: 3, Batch: 64, LR: 0.05, Momentum: 0.9, Rng: rng, Epoch: r.Live, Stop: r.Stopped})
		if err := r.Ctx.Err(); err != nil {
			return err
		}
		ok := 0
		for k, x := range imgs {
			if learn.Argmax(judge.Predict(x)) == k/o.Dream {
				ok++
			}
		}
		dream = append(dream, registry.Scalar("dream_accuracy", float64(ok)/float64(len(imgs))))
	}
	if err := r.Ctx.Err(); err != nil {
		return err
	}
	if o.ReadoutEpochs == 0 {
		r.Classified(dbn.Accuracy, *o.Epochs)
	} else {
		m := dbn.MLP(rng)
		m.Train(set, learn.Options{Epochs: o.ReadoutEpochs, Batch: 64, LR: float32(o.ReadoutLR), Momentum: 0.9, Rng: rng, Epoch: r.Live, Stop: r.Stopped})
		if err := r.Ctx.Err(); err != nil {
			return err
		}
		r.Classified(m.Accuracy, *o.Epochs)
	}
	r.Add(dream...)
	return r.Ctx.Err()
}

// imageSize is the width and height of patterns of shape (and cols):
// the shape when two-dimensional, else one row.
func imageSize(shape []int, cols int) (w, h int) {
	if len(shape) == 2 {
		return shape[1], shape[0]
	}
	return cols, 1
}

// fileName turns a name into a file name: every rune other than a
// letter, digit, '-' or '_' becomes '_'.
func fileName(name string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, name)
}
