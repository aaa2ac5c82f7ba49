package rules

import (
	"math/rand/v2"
	"slices"

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

// netOutputs maps the transfer of a network's output population to the
// MLP's output layer and loss.
var netOutputs = []struct {
	transfer string
	out      learn.Output
}{{transferSoftmax, learn.Softmax}, {transferSigmoid, learn.SigmoidMSE}, {transferLinear, learn.LinearMSE}}

// backpropShape is what backprop asks of a network: all_to_all
// projections, one hidden activation, an output it has a loss for.
var backpropShape = netShape{rule: "backprop", minHidden: 0, maxHidden: -1,
	hidden: activationNames(), hiddenWhy: "rule backprop's hidden units are sigmoid, tanh or relu", sameHidden: true,
	output:    []string{transferSoftmax, transferSigmoid, transferLinear},
	outputWhy: "rule backprop's output is softmax (cross-entropy), sigmoid (squared error) or linear (squared error)"}

func init() {
	registry.RegisterRule(registry.Rule{
		Name:  "backprop",
		Doc:   "a multilayer perceptron trained by back-propagation (SGD with momentum); with a network, the MLP of its populations",
		Needs: []string{registry.CapPatterns},
		Params: func() any {
			return &backpropParams{LR: 0.5, Momentum: 0.9, Hidden: []int{4}, Activation: "sigmoid", Output: "sigmoid_mse", LRDecay: 1}
		},
		Check: func(p any, c *registry.Check) {
			b := p.(*backpropParams)
			epochsKey(c, b.Epochs)
			registry.Positive(c, "lr", b.LR)
			within(c, "momentum", b.Momentum, 0, 1, false, true)
			atLeast(c, "batch", b.Batch, 0, " (0 = full batch)")
			within(c, "lr_decay", b.LRDecay, 0, 1, true, false)
			layerSizes(c, b.Hidden)
			registry.OneOf(c, "activation", "", b.Activation, activationNames())
			registry.OneOf(c, "output", "", b.Output, outputNames())
			if c.Net != nil {
				backpropShape.check(c, c.Net)
				vals := map[string]any{"hidden": c.Net.Hidden()}
				if a := hiddenTransfer(c.Net); slices.Contains(activationNames(), a) {
					vals["activation"] = a
				}
				if o, ok := map[string]string{"softmax": "softmax", "sigmoid": "sigmoid_mse", "linear": "linear_mse"}[outputTransfer(c.Net)]; ok {
					vals["output"] = o
				}
				layerKeys(c, p, vals)
			}
		},
		Train: func(p any, r *registry.Run) error {
			b, set := p.(*backpropParams), r.Task.Train
			sizes, act, out, init, err := b.mlp(r)
			if err != nil {
				return err
			}
			m := learn.NewMLPInit(sizes, act, out, r.Rng, init)
			opt := learn.Options{Epochs: *b.Epochs, Batch: b.Batch, LR: float32(b.LR), Momentum: float32(b.Momentum),
				Rng: r.Rng, LRDecay: float32(b.LRDecay), Epoch: r.Live}
			if !r.Task.HasTest {
				opt.StopAt = 1 // the logic tasks: stop once solved
			}
			// Checkpoints: the network, the random stream and the loop's
			// place, after any minibatch.
			st := &learn.TrainState{}
			if ok, err := r.Resume(m, r.Rng, st); err != nil {
				return err
			} else if ok {
				opt.Resume = st
			}
			var ckErr error
			if r.Checkpoints != nil { // (a call per minibatch otherwise for nothing)
				opt.Checkpoint = func(st *learn.TrainState) {
					if ckErr == nil {
						ckErr = r.Checkpoint(m, r.Rng, st)
					}
				}
			}
			opt.Stop = func() bool { return ckErr != nil || r.Stopped() }
			ep := m.Train(set, opt)
			if ckErr != nil {
				return ckErr
			}
			if r.Stopped() { // cancelled: no evaluation
				return r.Ctx.Err()
			}
			r.Classified(m.Accuracy, ep)
			return r.Ctx.Err()
		},
	})
}

// mlp is the network a backprop run trains: its layer sizes, hidden
// activation, output and the initial weights of the layers whose
// projection gives synapse.weight (nil: the MLP's default), from the
// run's network, else from the keys.
func (b *backpropParams) mlp(r *registry.Run) ([]int, learn.Activation, learn.Output, []func(*rand.Rand) float32, error) {
	set := r.Task.Train
	act, out := learn.Sigmoid, learn.SigmoidMSE
	hidden := b.Activation
	for _, o := range outputKinds {
		if o.name == b.Output {
			out = o.out
		}
	}
	n := r.Net
	if n != nil {
		if err := backpropShape.err(n); err != nil {
			return nil, 0, 0, nil, err
		}
		hidden = n.Layers[1].Transfer // the output's when there is no hidden layer: unused
		for _, o := range netOutputs {
			if o.transfer == n.Layers[len(n.Layers)-1].Transfer {
				out = o.out
			}
		}
	}
	for _, a := range activations {
		if a.name == hidden {
			act = a.act
		}
	}
	outputs := outputs(&set, out == learn.Softmax)
	if n == nil {
		sizes := append([]int{set.Cols}, b.Hidden...)
		return append(sizes, outputs), act, out, nil, nil
	}
	if err := netFits(r, "backprop", outputs, outputsWhy(&set, out == learn.Softmax)); err != nil {
		return nil, 0, 0, nil, err
	}
	sizes := make([]int, len(n.Layers))
	for i, l := range n.Layers {
		sizes[i] = l.Size
	}
	init := make([]func(*rand.Rand) float32, len(n.Proj))
	for i, p := range n.Proj {
		if p.Init != nil {
			init[i] = drawer(p.Init)
		}
	}
	return sizes, act, out, init, nil
}
