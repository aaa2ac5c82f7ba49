package rules

import (
	"github.com/brainsim/brainsim/learn"
	"github.com/brainsim/brainsim/registry"
)

// backpropParams are the keys of rule backprop.
type backpropParams struct {
	Epochs     *int    `toml:"epochs" doc:"at most this many epochs (required; training stops once a task without a test set is solved)"`
	LR         float64 `toml:"lr" doc:"learning rate"`
	Momentum   float64 `toml:"momentum" doc:"momentum, in [0, 1)"`
	Batch      int     `toml:"batch" doc:"patterns per minibatch (0: the whole set)"`
	Hidden     []int   `toml:"hidden" doc:"hidden layer sizes"`
	Activation string  `toml:"activation" doc:"hidden units: sigmoid, tanh or relu"`
	Output     string  `toml:"output" doc:"output layer and loss: sigmoid_mse, softmax (cross-entropy) or linear_mse"`
	LRDecay    float64 `toml:"lr_decay" doc:"factor on the learning rate after every epoch, in (0, 1]"`
}

var (
	activations = []struct {
		name string
		act  learn.Activation
	}{{"sigmoid", learn.Sigmoid}, {"tanh", learn.Tanh}, {"relu", learn.ReLU}}
	outputKinds = []struct {
		name string
		out  learn.Output
	}{{"sigmoid_mse", learn.SigmoidMSE}, {"softmax", learn.Softmax}, {"linear_mse", learn.LinearMSE}}
)

func activationNames() []string {
	out := make([]string, len(activations))
	for i, a := range activations {
		out[i] = a.name
	}
	return out
}

func outputNames() []string {
	out := make([]string, len(outputKinds))
	for i, o := range outputKinds {
		out[i] = o.name
	}
	return out
}

func init() {
	registry.RegisterRule(registry.Rule{
		Name:  "backprop",
		Doc:   "a multilayer perceptron trained by back-propagation (SGD with momentum)",
		Needs: []string{registry.CapPatterns},
		Params: func() any {
			return &backpropParams{LR: 0.5, Momentum: 0.9, Hidden: []int{4}, Activation: "sigmoid", Output: "sigmoid_mse", LRDecay: 1}
		},
		Check: func(p any, c *registry.Check) {
			b := p.(*backpropParams)
			epochsKey(c, b.Epochs)
			positive(c, "lr", b.LR)
			within(c, "momentum", b.Momentum, 0, 1, false, true)
			atLeast(c, "batch", b.Batch, 0, " (0 = full batch)")
			within(c, "lr_decay", b.LRDecay, 0, 1, true, false)
			layerSizes(c, b.Hidden)
			oneOf(c, "activation", b.Activation, activationNames())
			oneOf(c, "output", b.Output, outputNames())
		},
		Train: func(p any, r *registry.Run) error {
			b, set := p.(*backpropParams), r.Task.Train
			var act learn.Activation
			for _, a := range activations {
				if a.name == b.Activation {
					act = a.act
				}
			}
			var out learn.Output
			for _, o := range outputKinds {
				if o.name == b.Output {
					out = o.out
				}
			}
			sizes := append([]int{set.Cols}, b.Hidden...)
			sizes = append(sizes, outputs(&set, out == learn.Softmax))
			m := learn.NewMLP(sizes, act, out, r.Rng)
			opt := learn.Options{Epochs: *b.Epochs, Batch: b.Batch, LR: float32(b.LR), Momentum: float32(b.Momentum),
				Rng: r.Rng, LRDecay: float32(b.LRDecay), Epoch: r.Live}
			if !r.Task.HasTest {
				opt.StopAt = 1 // the logic tasks: stop once solved
			}
			r.Classified(m.Accuracy, m.Train(set, opt))
			return r.Ctx.Err()
		},
	})
}
