package rules

import (
	"math/rand/v2"

	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/learn"
	"github.com/brainsim/brainsim/registry"
)

// linearParams are the keys of the single-layer rules.
type linearParams struct {
	Epochs *int    `toml:"epochs" doc:"at most this many epochs (required; training stops once a task without a test set is solved)"`
	LR     float64 `toml:"lr" doc:"learning rate"`
}

// linearModel is a learn.Perceptron or learn.Delta.
type linearModel interface {
	Train(set dataset.Set, epochs int, lr float32, rng *rand.Rand) int
	Accuracy(set dataset.Set) float64
}

// linearRule is one of the single-layer rules: how it makes its layer
// (the model and its weights, Out × In) and the names of its learner.
type linearRule struct {
	name, doc string
	who       string // "a perceptron": the rule in the errors about fixed projections
	outputWhy string // the error about the output population's transfer, after "has transfer X; "
	make      func(in, out int, stop func() bool) (linearModel, []float32)
}

// shape is what a single-layer rule asks of a network: it trains the
// last projection only, on the fixed earlier ones.
func (l *linearRule) shape() netShape {
	return netShape{rule: l.name, minHidden: 0, maxHidden: -1,
		hidden:    []string{transferSigmoid, transferTanh, transferReLU, transferLinear},
		hiddenWhy: "the fixed layers of rule " + l.name + " apply sigmoid, tanh, relu or linear",
		output:    []string{transferLinear},
		outputWhy: l.outputWhy, fixedWho: l.who}
}

func (l *linearRule) check(p any, c *registry.Check) {
	o := p.(*linearParams)
	epochsKey(c, o.Epochs)
	registry.Positive(c, "lr", o.LR)
	if c.Net != nil {
		l.shape().check(c, c.Net)
	}
}

// train runs the rule once and reports the classifier figures; it
// returns the trained model. With a network, the patterns pass through
// the fixed projections first (their weights drawn from the run's rng,
// constants drawing nothing), and the last projection's synapse.weight,
// if given, sets the layer's initial weights (else zero, as without).
func (l *linearRule) train(o *linearParams, r *registry.Run) (linearModel, error) {
	t := r.Task
	train, test := t.Train, t.Test
	var init *registry.Init
	if r.Net != nil {
		if err := l.shape().err(r.Net); err != nil {
			return nil, err
		}
		if err := netFits(r, l.name, outputs(&train, false), outputsWhy(&train, false)); err != nil {
			return nil, err
		}
		features := fixedLayers(r.Net, len(r.Net.Proj)-1, r.Rng)
		train = features(train)
		if t.HasTest {
			test = features(test)
		}
		init = r.Net.Proj[len(r.Net.Proj)-1].Init
	}
	m, w := l.make(train.Cols, outputs(&train, false), r.Stopped)
	if init != nil {
		d := drawer(init)
		for i := range w {
			w[i] = d(r.Rng)
		}
	}
	epochs := m.Train(train, *o.Epochs, float32(o.LR), r.Rng)
	if r.Stopped() { // cancelled: no evaluation
		return m, r.Ctx.Err()
	}
	acc, testAcc := m.Accuracy(train), 0.0
	if t.HasTest {
		testAcc = m.Accuracy(test)
	}
	r.ClassifiedAs(acc, testAcc, epochs)
	return m, r.Ctx.Err()
}

// linearRules are the single-layer rules.
var linearRules = []*linearRule{
	{name: "perceptron", doc: "Rosenblatt's perceptron: a layer of threshold units, one against the rest (with a network: trains the last projection on the fixed earlier ones)",
		who: "a perceptron", outputWhy: `rule perceptron's output units are threshold units: give them transfer "linear", and the rule thresholds their net input`,
		make: func(in, out int, stop func() bool) (linearModel, []float32) {
			m := learn.NewPerceptron(in, out)
			m.Stop = stop
			return m, m.W
		}},
	{name: "delta", doc: "the Widrow-Hoff delta rule (LMS) on a layer of linear units (with a network: trains the last projection on the fixed earlier ones)",
		who: "the delta rule", outputWhy: `rule delta's output units are linear: give them transfer "linear"`,
		make: func(in, out int, stop func() bool) (linearModel, []float32) {
			m := learn.NewDelta(in, out)
			m.Stop = stop
			return m, m.W
		}},
}

func init() {
	for _, l := range linearRules {
		registry.RegisterRule(registry.Rule{
			Name:   l.name,
			Doc:    l.doc,
			Needs:  []string{registry.CapPatterns},
			Params: func() any { return &linearParams{LR: 0.1} },
			Check:  l.check,
			Train: func(p any, r *registry.Run) error {
				_, err := l.train(p.(*linearParams), r)
				return err
			},
		})
	}
}
