package rules

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/learn"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/tasks"
)

// errList collects a Check's errors as "key: message".
type errList []string

func (e *errList) Errf(key, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if key != "" {
		msg = key + ": " + msg
	}
	*e = append(*e, msg)
}

// net joins layers in a chain: projection i connects connect[i] (""
// or missing: all_to_all) with synapse.weight init[i] (missing: nil).
func net(layers []registry.Layer, connect []string, init []*registry.Init) *registry.Net {
	n := &registry.Net{Layers: layers}
	for i := range layers[1:] {
		p := registry.Proj{Name: layers[i].Name + "->" + layers[i+1].Name, Connect: "all_to_all"}
		if i < len(connect) && connect[i] != "" {
			p.Connect = connect[i]
		}
		if i < len(init) {
			p.Init = init[i]
		}
		n.Proj = append(n.Proj, p)
	}
	return n
}

// layers builds the populations net.in, net.h1, ..., net.out of the
// given sizes and transfers (the input's transfer is "linear").
func layers(sizes []int, transfers ...string) []registry.Layer {
	out := make([]registry.Layer, len(sizes))
	for i, s := range sizes {
		name := fmt.Sprintf("net.h%d", i)
		switch i {
		case 0:
			name = "net.in"
		case len(sizes) - 1:
			name = "net.out"
		}
		out[i] = registry.Layer{Name: name, Size: s, Transfer: "linear"}
		if i > 0 {
			out[i].Transfer = transfers[i-1]
		}
	}
	return out
}

func constW(v float64) *registry.Init { return &registry.Init{Kind: "const", A: v} }

// checkWith runs rule's Check on its default parameters (epochs = 1)
// with network n and the keys given, and returns the errors.
func checkWith(t *testing.T, rule string, n *registry.Net, given ...string) []string {
	t.Helper()
	spec, ok := registry.LookupRule(rule)
	if !ok {
		t.Fatalf("no rule %s", rule)
	}
	p := spec.Params()
	one := 1
	reflect.ValueOf(p).Elem().FieldByName("Epochs").Set(reflect.ValueOf(&one))
	var errs errList
	spec.Check(p, &registry.Check{Errs: &errs, Section: rule, Given: func(k string) bool { return slices.Contains(given, k) }, Net: n})
	return errs
}

// TestNetChecks: each rule that reads a network says what of its shape
// does not suit it; a network that suits it passes.
func TestNetChecks(t *testing.T) {
	t.Parallel()
	ok := []struct {
		rule string
		n    *registry.Net
	}{
		{"perceptron", net(layers([]int{4, 4, 3}, "linear", "linear"), []string{"one_to_one"}, []*registry.Init{constW(1)})},
		{"delta", net(layers([]int{4, 9, 3}, "sigmoid", "linear"), nil, []*registry.Init{{Kind: "uniform", A: -1, B: 1}})},
		{"perceptron", net(layers([]int{4, 3}, "linear"), nil, nil)},
		{"backprop", net(layers([]int{2, 4, 4, 1}, "tanh", "tanh", "sigmoid"), nil, []*registry.Init{{Kind: "normal", B: 0.1}})},
		{"competitive", net(layers([]int{4, 9, 3}, "linear", "softmax"), nil, nil)},
		{"rbm", net(layers([]int{4, 9, 3}, "sigmoid", "softmax"), nil, nil)},
		{"dbn", net(layers([]int{4, 9, 8, 3}, "sigmoid", "sigmoid", "softmax"), nil, nil)},
		{"src", net(layers([]int{784, 20, 20, 10}, "relu", "relu", "relu"), nil, nil)},
		{"sequential", net(layers([]int{784, 20, 20, 10}, "relu", "relu", "softmax"), nil, nil)},
	}
	for _, c := range ok {
		if errs := checkWith(t, c.rule, c.n); len(errs) > 0 {
			t.Errorf("%s: a network that suits it: %q", c.rule, errs)
		}
	}
	mlp := func(transfers ...string) *registry.Net {
		sizes := []int{2}
		for range transfers {
			sizes = append(sizes, 3)
		}
		return net(layers(sizes, transfers...), nil, nil)
	}
	fixedNoInit := net(layers([]int{4, 4, 3}, "linear", "linear"), nil, nil)
	for _, c := range []struct {
		rule  string
		n     *registry.Net
		given []string
		want  string
	}{
		{"perceptron", fixedNoInit, nil, "projection net.in->net.h1: a perceptron does not train it, so its synapse.weight must be given"},
		{"delta", fixedNoInit, nil, "projection net.in->net.h1: the delta rule does not train it, so its synapse.weight must be given"},
		{"perceptron", mlp("linear", "sigmoid"), nil, `population net.out has transfer "sigmoid"; rule perceptron's output units are threshold units: give them transfer "linear"`},
		{"perceptron", net(layers([]int{4, 5, 3}, "linear", "linear"), []string{"one_to_one"}, []*registry.Init{constW(1)}), nil,
			"projection net.in->net.h1 is one_to_one from 4 to 5 units (net.in to net.h1); one_to_one needs populations of equal size"},
		{"perceptron", net(layers([]int{4, 4, 3}, "softmax", "linear"), nil, []*registry.Init{constW(1)}), nil,
			`population net.h1 has transfer "softmax"; the fixed layers of rule perceptron apply sigmoid, tanh, relu or linear`},
		{"perceptron", net(layers([]int{4, 4}, "linear"), []string{"one_to_one"}, nil), nil,
			"projection net.in->net.out connects one_to_one; rule perceptron trains all_to_all projections only"},
		{"perceptron", net(layers([]int{4, 4, 3}, "linear", "linear"), nil, []*registry.Init{{Kind: "gamma"}}), nil,
			`projection net.in->net.h1: unknown synapse.weight distribution "gamma" (allowed: const, uniform, normal)`},
		{"backprop", mlp("sigmoid", "sigmoid"), []string{"hidden"}, "hidden: [4] differs from the network's [3]: the populations set the layers in this file; leave hidden out"},
		{"backprop", mlp("relu", "sigmoid"), []string{"activation"}, "activation: sigmoid differs from the network's relu"},
		{"backprop", mlp("sigmoid", "softmax"), []string{"output"}, "output: sigmoid_mse differs from the network's softmax"},
		{"backprop", mlp("sigmoid", "relu", "softmax"), nil,
			"populations net.h1 (sigmoid) and net.h2 (relu) differ in transfer; rule backprop's network has one hidden activation: give every hidden population the same transfer"},
		{"backprop", mlp("linear", "sigmoid"), nil, `population net.h1 has transfer "linear"; rule backprop's hidden units are sigmoid, tanh or relu`},
		{"backprop", mlp("sigmoid", "tanh"), nil, `population net.out has transfer "tanh"; rule backprop's output is softmax (cross-entropy), sigmoid (squared error) or linear (squared error)`},
		{"backprop", net(layers([]int{3, 3, 1}, "relu", "sigmoid"), []string{"one_to_one"}, nil), nil,
			"projection net.in->net.h1 connects one_to_one; rule backprop trains all_to_all projections only"},
		{"competitive", mlp("linear", "linear", "softmax"), nil,
			"rule competitive has 1 hidden layer: want populations input -> hidden -> output, got 2 between net.in and net.out"},
		{"competitive", mlp("sigmoid", "softmax"), nil, `population net.h1 has transfer "sigmoid"; rule competitive's units compete by their net input and the rule applies the winner-take-all itself`},
		{"competitive", mlp("linear", "sigmoid"), nil, `population net.out has transfer "sigmoid"; rule competitive's readout is a softmax over the classes`},
		{"competitive", net(layers([]int{4, 9, 3}, "linear", "softmax"), nil, []*registry.Init{constW(0.1)}), nil,
			"projection net.in->net.h1: rule competitive starts its weights itself (the competing units' from randomly chosen training images, the readout's as an MLP's); leave synapse.weight out"},
		{"competitive", mlp("linear", "softmax"), []string{"hidden"}, "hidden: [400] differs from the network's [3]"},
		{"rbm", mlp("relu", "softmax"), nil, `population net.h1 has transfer "relu"; rule rbm's hidden units are binary stochastic units that fire with probability sigmoid(input)`},
		{"rbm", mlp("softmax"), nil, "rule rbm has 1 hidden layer: want populations input -> hidden -> output, got 0 between net.in and net.out"},
		{"rbm", net(layers([]int{4, 9, 3}, "sigmoid", "softmax"), nil, []*registry.Init{nil, constW(0)}), nil,
			"projection net.h1->net.out: rule rbm starts its weights itself"},
		{"dbn", mlp("softmax"), nil, "rule dbn needs at least 1 hidden population between net.in and net.out, got 0"},
		{"dbn", mlp("sigmoid", "tanh", "softmax"), nil, `population net.h2 has transfer "tanh"; rule dbn's hidden units are binary stochastic units`},
		{"dbn", mlp("sigmoid", "sigmoid"), nil, `population net.out has transfer "sigmoid"; rule dbn's label units are one softmax group`},
		{"dbn", mlp("sigmoid", "softmax"), []string{"hidden"}, "hidden: [500 500 2000] differs from the network's [3]"},
		{"sequential", mlp("sigmoid", "softmax"), nil, `population net.h1 has transfer "sigmoid"; the continual rules train ReLU networks without biases (Tadros et al. 2022)`},
		{"src", mlp("relu", "linear"), nil, `population net.out has transfer "linear"; the continual rules' output is relu (squared error, Tadros et al.'s) or softmax (cross-entropy)`},
		{"src", net(layers([]int{784, 20, 10}, "relu", "relu"), nil, nil), nil, "hidden: SRC sleep (rule src, protocol tadros) has its firing thresholds β for 2 hidden layers"},
		{"replay", mlp("relu", "softmax"), []string{"output"}, "output: relu_mse differs from the network's softmax"},
		{"ewc", net(layers([]int{784, 9, 10}, "relu", "relu"), nil, []*registry.Init{constW(0.01)}), nil,
			`projection net.in->net.h1: rule ewc starts its weights from its protocol's distribution (uniform in ±0.01, or ±1/√fan_in with protocol = "pytorch"); leave synapse.weight out`},
		{"boltzmann", mlp("sigmoid", "sigmoid"), nil, "rule boltzmann does not read the network yet; give hidden instead, in a file without populations and projections"},
		{"td", mlp("sigmoid", "sigmoid"), nil, "rule td does not read the network (it learns values of states and actions, not a network of populations); use it in a file without populations and projections"},
		{"actor_critic", mlp("sigmoid"), nil, "rule actor_critic does not read the network"},
		{"q_learning", mlp("sigmoid"), nil, "rule q_learning does not read the network"},
		{"backprop", &registry.Net{Layers: layers([]int{2}, "")}, nil, "the network needs an input and an output population, got 1 populations"},
	} {
		errs := checkWith(t, c.rule, c.n, c.given...)
		if !slices.ContainsFunc(errs, func(e string) bool { return strings.HasPrefix(e, c.want) }) {
			t.Errorf("%s: got %q, want an error starting %q", c.rule, errs, c.want)
		}
	}
}

// TestNoNetTrain: a rule that does not read a network refuses a run
// with one, made without Check.
func TestNoNetTrain(t *testing.T) {
	t.Parallel()
	for _, rule := range []string{"boltzmann", "td", "actor_critic", "q_learning"} {
		spec, _ := registry.LookupRule(rule)
		err := spec.Train(spec.Params(), &registry.Run{Ctx: context.Background(), Net: net(layers([]int{2, 1}, "sigmoid"), nil, nil)})
		if err == nil || !strings.HasPrefix(err.Error(), "rule "+rule+" does not read the network") {
			t.Errorf("%s: got %v", rule, err)
		}
	}
}

// newRun is a run of rule on task with network n, seeded.
func newRun(rule string, task *registry.Task, n *registry.Net, seed uint64) *registry.Run {
	return &registry.Run{Ctx: context.Background(), Rule: rule, Task: task, Net: n, Rng: rand.New(rand.NewPCG(seed, 7))}
}

// logicTask is a task of a logic set.
func logicTask(set dataset.Set) *registry.Task {
	return &registry.Task{Name: set.Name, Data: set.Name, Train: set}
}

// clusters is a labelled set of rows noisy binary patterns of cols
// pixels around one random prototype per class, as an image task with a
// test set.
func clusters(rows, cols, classes int, seed uint64) *registry.Task {
	rng := rand.New(rand.NewPCG(seed, 1))
	proto := make([]float32, classes*cols)
	for i := range proto {
		proto[i] = float32(rng.IntN(2))
	}
	mk := func(n int, name string) dataset.Set {
		s := dataset.Set{Name: name, Rows: n, Cols: cols, Classes: classes, Shape: []int{cols}, X: make([]float32, n*cols), Y: make([]int, n)}
		for i := range n {
			c := i % classes
			s.Y[i] = c
			for j := range cols {
				x := proto[c*cols+j]
				if rng.Float64() < 0.1 {
					x = 1 - x
				}
				s.X[i*cols+j] = x
			}
		}
		return s
	}
	return &registry.Task{Name: "clusters", Data: "mnist", Train: mk(rows, "clusters"), Test: mk(rows/2, "clusters-test"), HasTest: true}
}

// trainBoth runs rule with params p on task twice with the same seed,
// without a network and with n, and compares the samples.
func trainBoth(t *testing.T, rule string, p any, task *registry.Task, n *registry.Net) []registry.Sample {
	t.Helper()
	a, b := trainPair(t, rule, p, task, n)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("%s: without a network %+v, with the same network %+v", rule, a, b)
	}
	return a
}

// trainPair runs rule with params p on task without a network and with
// n, same seed, and returns the samples of both.
func trainPair(t *testing.T, rule string, p any, task *registry.Task, n *registry.Net) (a, b []registry.Sample) {
	t.Helper()
	spec, _ := registry.LookupRule(rule)
	ra, rb := newRun(rule, task, nil, 3), newRun(rule, task, n, 3)
	if err := spec.Train(p, ra); err != nil {
		t.Fatalf("%s without a network: %v", rule, err)
	}
	if err := spec.Train(p, rb); err != nil {
		t.Fatalf("%s with a network: %v", rule, err)
	}
	return ra.Samples, rb.Samples
}

// readsNet runs rule with params p on task without a network and with
// n, of other sizes than p's keys, and wants different results.
func readsNet(t *testing.T, rule string, p any, task *registry.Task, n *registry.Net) {
	t.Helper()
	a, b := trainPair(t, rule, p, task, n)
	if reflect.DeepEqual(a, b) {
		t.Errorf("%s: a network of other sizes than the keys gives the same results %+v", rule, a)
	}
}

// identity is the network in(n) -> hidden(n, linear, one_to_one, weight
// 1) -> out(k, linear).
func identity(n, k int) *registry.Net {
	return net(layers([]int{n, n, k}, "linear", "linear"), []string{"one_to_one"}, []*registry.Init{constW(1)})
}

// TestPerceptronIdentityNet: a perceptron or delta rule behind an
// identity layer learns exactly the weights it learns without a
// network (the features equal the inputs bit for bit, and the constant
// layer draws nothing from the run's rng).
func TestPerceptronIdentityNet(t *testing.T) {
	t.Parallel()
	one := 20
	for _, task := range []*registry.Task{logicTask(dataset.AND()), logicTask(dataset.Parity(4)), clusters(60, 12, 3, 5)} {
		k := outputs(&task.Train, false)
		for _, l := range linearRules {
			a, b := newRun(l.name, task, nil, 9), newRun(l.name, task, identity(task.Train.Cols, k), 9)
			ma, mb := trainLinearBoth(t, l.train, one, a, b)
			if !reflect.DeepEqual(ma, mb) || !reflect.DeepEqual(a.Samples, b.Samples) {
				t.Errorf("%s on %s: without a network %+v %+v, with the identity network %+v %+v", l.name, task.Name, ma, a.Samples, mb, b.Samples)
			}
			if a.Rng.Uint64() != b.Rng.Uint64() {
				t.Errorf("%s on %s: the identity network changed the run's random stream", l.name, task.Name)
			}
		}
	}
}

// TestPerceptronFixedLayer: Rosenblatt's point: behind a fixed random
// layer of sigmoid units a perceptron solves XOR, which it cannot on
// the raw inputs; a diagonal layer scales each input by its weight.
func TestPerceptronFixedLayer(t *testing.T) {
	t.Parallel()
	epochs := 200
	n := net(layers([]int{2, 30, 1}, "sigmoid", "linear"), nil, []*registry.Init{{Kind: "normal", B: 4}})
	solved := 0
	for seed := range uint64(10) {
		r := newRun("perceptron", logicTask(dataset.XOR()), n, seed)
		if _, err := linearRules[0].train(&linearParams{Epochs: &epochs, LR: 0.1}, r); err != nil {
			t.Fatal(err)
		}
		if r.Samples[0].V == 1 {
			solved++
		}
	}
	if solved < 8 {
		t.Errorf("a perceptron behind 30 random sigmoid units solved XOR in %d of 10 seeds, want >= 8", solved)
	}
	set := dataset.AND()
	f := fixedLayers(net(layers([]int{2, 2, 1}, "linear", "linear"), []string{"one_to_one"}, []*registry.Init{constW(2.5)}), 1, nil)(set)
	for i, x := range set.X {
		if f.X[i] != 2.5*x {
			t.Fatalf("diagonal 2.5: feature %d is %v, want %v", i, f.X[i], 2.5*x)
		}
	}
}

// TestBackpropNet: backprop with a network of the sizes and transfers
// of its keys gives the same results; a projection's synapse.weight
// sets the initial weights of its layer.
func TestBackpropNet(t *testing.T) {
	t.Parallel()
	epochs := 300
	p := &backpropParams{Epochs: &epochs, LR: 0.5, Momentum: 0.9, Hidden: []int{4}, Activation: "sigmoid", Output: "sigmoid_mse", LRDecay: 1}
	trainBoth(t, "backprop", p, logicTask(dataset.XOR()), net(layers([]int{2, 4, 1}, "sigmoid", "sigmoid"), nil, nil))
	readsNet(t, "backprop", p, logicTask(dataset.XOR()), net(layers([]int{2, 4, 1}, "tanh", "sigmoid"), nil, nil))
	readsNet(t, "backprop", p, logicTask(dataset.XOR()), net(layers([]int{2, 4, 1}, "sigmoid", "sigmoid"), nil, []*registry.Init{{Kind: "uniform", A: -2, B: 2}})) // uniform(-1, 1) is Glorot's draw for 2 -> 4, bit for bit
	q := &backpropParams{Epochs: &epochs, LR: 0.1, Momentum: 0.9, Hidden: []int{5, 3}, Activation: "tanh", Output: "softmax", LRDecay: 1}
	trainBoth(t, "backprop", q, logicTask(dataset.Parity(3)), net(layers([]int{3, 5, 3, 2}, "tanh", "tanh", "softmax"), nil, nil))
	q.Hidden, q.Activation, q.Output, q.Batch = []int{6}, "relu", "linear_mse", 10
	trainBoth(t, "backprop", q, clusters(40, 8, 3, 2), net(layers([]int{8, 6, 3}, "relu", "linear"), nil, nil))

	r := newRun("backprop", logicTask(dataset.XOR()), net(layers([]int{2, 3, 1}, "relu", "linear"), nil, []*registry.Init{constW(0.25)}), 1)
	sizes, act, out, init, err := p.mlp(r)
	if err != nil || !slices.Equal(sizes, []int{2, 3, 1}) || act != learn.ReLU || out != learn.LinearMSE || len(init) != 2 || init[1] != nil {
		t.Fatalf("mlp of 2-3(relu)-1(linear): %v %v %v %d inits, %v", sizes, act, out, len(init), err)
	}
	m := learn.NewMLPInit(sizes, act, out, r.Rng, init)
	if slices.ContainsFunc(m.W[0], func(w float32) bool { return w != 0.25 }) || m.W[1][0] == 0.25 {
		t.Errorf("weights %v, want layer 0 all 0.25 and layer 1 drawn", m.W)
	}
}

// TestFeatureRulesNet: competitive, rbm and dbn with a network of the
// sizes of their hidden keys give the same results, and other results
// with other sizes.
func TestFeatureRulesNet(t *testing.T) {
	t.Parallel()
	task := clusters(400, 16, 4, 11)
	five := 5
	ro := readoutParams{ReadoutEpochs: 5, ReadoutLR: 0.1}
	cp := &competitiveParams{Epochs: &five, LR: 0.05, Hidden: []int{8}, readoutParams: ro}
	trainBoth(t, "competitive", cp, task, net(layers([]int{16, 8, 4}, "linear", "softmax"), nil, nil))
	readsNet(t, "competitive", cp, task, net(layers([]int{16, 5, 4}, "linear", "softmax"), nil, nil))
	rp := rbmDefaults([]int{8})
	rp.Epochs = &five
	trainBoth(t, "rbm", &rbmRuleParams{rbmParams: rp, readoutParams: ro}, task, net(layers([]int{16, 8, 4}, "sigmoid", "softmax"), nil, nil))
	readsNet(t, "rbm", &rbmRuleParams{rbmParams: rp, readoutParams: ro}, task, net(layers([]int{16, 12, 4}, "sigmoid", "softmax"), nil, nil))
	dp := rbmDefaults([]int{8, 6})
	dp.Epochs = &five
	for _, ft := range []int{0, 2} {
		p := &dbnParams{rbmParams: dp, ReadoutEpochs: ft, ReadoutLR: 0.1, TopPCDLR: 0.01, Gibbs: 10}
		trainBoth(t, "dbn", p, task, net(layers([]int{16, 8, 6, 4}, "sigmoid", "sigmoid", "softmax"), nil, nil))
		readsNet(t, "dbn", p, task, net(layers([]int{16, 10, 4}, "sigmoid", "softmax"), nil, nil))
	}
}

// TestContinualNet: a continual rule with a network of its protocol's
// shape gives the same results as with the keys.
func TestContinualNet(t *testing.T) {
	t.Parallel()
	task := clusters(200, 16, 10, 4)
	one, lr := 1, 0.1
	p := continualBase()
	p.Epochs, p.LR, p.Hidden, p.PerTask, p.Batch, p.Output = &one, &lr, []int{12}, 20, 10, "softmax"
	trainBoth(t, "sequential", &p, task, net(layers([]int{16, 12, 10}, "relu", "softmax"), nil, nil))
	p.Output = "relu_mse"
	trainBoth(t, "sequential", &p, task, net(layers([]int{16, 12, 10}, "relu", "relu"), nil, nil))
	readsNet(t, "sequential", &p, task, net(layers([]int{16, 12, 10}, "relu", "softmax"), nil, nil))
	readsNet(t, "sequential", &p, task, net(layers([]int{16, 7, 7, 10}, "relu", "relu", "relu"), nil, nil))
}

// TestNetSizes: a network whose input or output population does not fit
// the task fails at the start of the run, naming the population and
// both sizes.
func TestNetSizes(t *testing.T) {
	t.Parallel()
	one := 1
	for _, c := range []struct {
		rule string
		p    any
		task *registry.Task
		n    *registry.Net
		want string
	}{
		{"backprop", &backpropParams{Epochs: &one, LR: 0.5, Hidden: []int{4}, Activation: "sigmoid", Output: "sigmoid_mse", LRDecay: 1},
			logicTask(dataset.XOR()), net(layers([]int{3, 4, 1}, "sigmoid", "sigmoid"), nil, nil), "population net.in has 3 units; task xor has 2 inputs"},
		{"backprop", &backpropParams{Epochs: &one, LR: 0.5, Hidden: []int{4}, Activation: "sigmoid", Output: "sigmoid_mse", LRDecay: 1},
			logicTask(dataset.XOR()), net(layers([]int{2, 4, 1}, "sigmoid", "softmax"), nil, nil),
			"population net.out has 1 units; rule backprop uses 2 output units on task xor (one per class)"},
		{"perceptron", &linearParams{Epochs: &one, LR: 0.1}, logicTask(dataset.XOR()), net(layers([]int{2, 2}, "linear"), nil, nil),
			"population net.out has 2 units; rule perceptron uses 1 output unit on task xor (one unit for two classes)"},
		{"dbn", &dbnParams{rbmParams: rbmDefaults([]int{8}), ReadoutLR: 0.1, TopPCDLR: 0.01, Gibbs: 1}, clusters(20, 16, 4, 1),
			net(layers([]int{16, 8, 10}, "sigmoid", "softmax"), nil, nil), "population net.out has 10 units; rule dbn uses 4 output units on task clusters (one label unit per class)"},
		{"rbm", &rbmRuleParams{rbmParams: rbmDefaults([]int{8})}, clusters(20, 16, 4, 1),
			net(layers([]int{15, 8, 4}, "sigmoid", "softmax"), nil, nil), "population net.in has 15 units; task clusters has 16 inputs"},
		{"rbm", &rbmRuleParams{rbmParams: rbmDefaults([]int{8})}, clusters(20, 16, 4, 1),
			net(layers([]int{16, 8, 4}, "relu", "softmax"), nil, nil), `population net.h1 has transfer "relu"`},
		{"competitive", &competitiveParams{Hidden: []int{8}}, clusters(20, 16, 4, 1),
			net(layers([]int{16, 8, 3}, "linear", "softmax"), nil, nil), "population net.out has 3 units; rule competitive uses 4 output units"},
		{"sequential", func() any { p := continualBase(); p.Epochs, p.LR = &one, ptr(0.1); return &p }(), clusters(20, 16, 10, 1),
			net(layers([]int{784, 8, 10}, "relu", "softmax"), nil, nil), "population net.in has 784 units; task clusters has 16 inputs"},
	} {
		spec, _ := registry.LookupRule(c.rule)
		err := spec.Train(c.p, newRun(c.rule, c.task, c.n, 1))
		if err == nil || err.Error() != c.want && !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.rule, err, c.want)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// TestMNISTNet: on 2000 MNIST images a perceptron behind the identity
// network learns exactly what it learns without one; a network of 100
// inputs does not fit MNIST's 784.
func TestMNISTNet(t *testing.T) {
	t.Parallel()
	kind, _ := registry.LookupTask("mnist")
	rows, test := 2000, 500
	task, err := kind.Load("mnist", &tasks.MNISTParams{TrainRows: &rows, TestRows: &test}, &registry.Cache{})
	if err != nil {
		t.Skipf("no MNIST: %v", err)
	}
	task.Name, task.Data = "mnist", "mnist"
	two := 2
	l := linearRules[0]
	a, b := newRun(l.name, task, nil, 5), newRun(l.name, task, identity(784, 10), 5)
	ma, mb := trainLinearBoth(t, l.train, two, a, b)
	if !reflect.DeepEqual(ma, mb) || !reflect.DeepEqual(a.Samples, b.Samples) {
		t.Errorf("perceptron on 2000 MNIST images: without a network %+v, with the identity network %+v", a.Samples, b.Samples)
	}
	small := net([]registry.Layer{{Name: "net.input", Size: 100, Transfer: "linear"}, {Name: "net.output", Size: 10, Transfer: "linear"}}, nil, nil)
	_, err = l.train(&linearParams{Epochs: &two, LR: 0.1}, newRun(l.name, task, small, 5))
	if want := "population net.input has 100 units; task mnist has 784 inputs"; err == nil || err.Error() != want {
		t.Errorf("a network of 100 inputs on MNIST: got %v, want %q", err, want)
	}
}

// trainLinearBoth trains a linear rule for epochs on runs a and b, returning
// what train returns for each.
func trainLinearBoth[M any](t *testing.T, train func(*linearParams, *registry.Run) (M, error), epochs int, a, b *registry.Run) (ma, mb M) {
	t.Helper()
	var err error
	if ma, err = train(&linearParams{Epochs: &epochs, LR: 0.1}, a); err != nil {
		t.Fatal(err)
	}
	if mb, err = train(&linearParams{Epochs: &epochs, LR: 0.1}, b); err != nil {
		t.Fatal(err)
	}
	noStop(ma)
	noStop(mb)
	return ma, mb
}

// noStop clears a linear layer's Stop (a func, which reflect.DeepEqual
// never finds equal) so that two models compare by their weights.
func noStop(m any) {
	switch x := m.(type) {
	case *learn.Perceptron:
		x.Stop = nil
	case *learn.Delta:
		x.Stop = nil
	}
}

// TestCompetitiveFewImages: more competing units than training images is
// an error that says so, not a panic.
func TestCompetitiveFewImages(t *testing.T) {
	one := 1
	spec, _ := registry.LookupRule("competitive")
	err := spec.Train(&competitiveParams{Epochs: &one, LR: 0.05, Hidden: []int{30}, readoutParams: readoutParams{ReadoutEpochs: 1, ReadoutLR: 0.1}},
		newRun("competitive", clusters(5, 16, 4, 1), nil, 1))
	if err == nil || !strings.Contains(err.Error(), "30 competing units start from 30 different training images") {
		t.Errorf("err = %v", err)
	}
}
