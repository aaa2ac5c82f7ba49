package rules

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"

	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/internal/gemm"
	"github.com/brainsim/brainsim/registry"
)

// The transfer functions of a network's populations and the connect
// rules of its projections (registry.Net).
const (
	transferSigmoid = "sigmoid"
	transferTanh    = "tanh"
	transferReLU    = "relu"
	transferLinear  = "linear"
	transferSoftmax = "softmax"

	connectAll = "all_to_all"
	connectOne = "one_to_one"
)

// initKinds are the distributions of a projection's synapse.weight.
var initKinds = []string{"const", "uniform", "normal"}

// layerKeys sets the rule's own layer keys (hidden, activation, ...) of
// parameter struct p to what the network says (vals: key -> value, of
// the field's type), so the effective config shows the layers that run;
// a key the file gives with another value is an error.
func layerKeys(c *registry.Check, p any, vals map[string]any) {
	v := reflect.ValueOf(p).Elem()
	for _, path := range registry.KeyedFields(v.Type()) {
		k, _, _ := strings.Cut(v.Type().FieldByIndex(path).Tag.Get("toml"), ",")
		want, ok := vals[k]
		if !ok {
			continue
		}
		f := v.FieldByIndex(path)
		if c.Given != nil && c.Given(k) && !reflect.DeepEqual(f.Interface(), want) {
			c.Errf(k, "%v differs from the network's %v: the populations set the layers in this file; leave %s out", f.Interface(), want, k)
		}
		f.Set(reflect.ValueOf(want))
	}
}

// hiddenTransfer is the transfer of the network's first hidden population
// ("" for none).
func hiddenTransfer(n *registry.Net) string {
	if len(n.Layers) < 3 {
		return ""
	}
	return n.Layers[1].Transfer
}

// outputTransfer is the transfer of the network's output population.
func outputTransfer(n *registry.Net) string { return n.Layers[len(n.Layers)-1].Transfer }

// netShape is what a rule asks of the shape of a network.
type netShape struct {
	rule string // the rule's kind, for the messages
	// minHidden, maxHidden bound the number of hidden populations
	// (maxHidden < 0: no bound).
	minHidden, maxHidden int
	// hidden and output are the transfers allowed on the hidden
	// populations and the output population, and why (the end of the
	// error message).
	hidden, output       []string
	hiddenWhy, outputWhy string
	// sameHidden: every hidden population has the same transfer.
	sameHidden bool
	// fixedWho, when set, says the rule trains only the last projection
	// and names the rule for the error about the others ("a
	// perceptron"): they keep their synapse.weight, which must be given,
	// and may be one_to_one. The projections it trains must be
	// all_to_all.
	fixedWho string
	// initWhy, when set, says how the rule starts the weights of the
	// projections it trains, which then must not give synapse.weight.
	initWhy string
}

// check reports on c what of network n does not suit the shape.
func (s netShape) check(c *registry.Check, n *registry.Net) {
	if err := netValid(n); err != nil {
		c.Errf("", "%v", err)
		return
	}
	s.checkLayers(c, n)
	for i, p := range n.Proj {
		if p.Init != nil && !slices.Contains(initKinds, p.Init.Kind) {
			c.Errf("", "projection %s: unknown synapse.weight distribution %q (allowed: %s)", p.Name, p.Init.Kind, strings.Join(initKinds, ", "))
		}
		if s.fixedWho != "" && i < len(n.Proj)-1 {
			s.checkFixed(c, n, i)
			continue
		}
		if p.Connect != connectAll {
			c.Errf("", "projection %s connects %s; rule %s trains all_to_all projections only", p.Name, p.Connect, s.rule)
		}
		if p.Init != nil && s.initWhy != "" {
			c.Errf("", "projection %s: rule %s starts its weights %s; leave synapse.weight out", p.Name, s.rule, s.initWhy)
		}
	}
}

// err is the first of check's errors, for a run made without Check.
func (s netShape) err(n *registry.Net) error {
	var e firstErr
	s.check(&registry.Check{Errs: &e}, n)
	return e.err
}

// firstErr keeps the first error reported to it.
type firstErr struct{ err error }

func (e *firstErr) Errf(key, format string, args ...any) {
	if e.err == nil {
		msg := fmt.Sprintf(format, args...)
		if key != "" {
			msg = key + ": " + msg
		}
		e.err = errors.New(msg)
	}
}

// checkLayers checks the number of hidden populations and the transfers.
func (s netShape) checkLayers(c *registry.Check, n *registry.Net) {
	L := len(n.Layers)
	in, out := n.Layers[0], n.Layers[L-1]
	switch h := L - 2; {
	case s.minHidden == s.maxHidden && h != s.minHidden:
		c.Errf("", "rule %s has %s: want populations %s, got %d between %s and %s", s.rule, plural(s.minHidden, "hidden layer"),
			chain(s.minHidden), h, in.Name, out.Name)
	case h < s.minHidden:
		c.Errf("", "rule %s needs at least %s between %s and %s, got %d", s.rule, plural(s.minHidden, "hidden population"), in.Name, out.Name, h)
	case s.maxHidden >= 0 && h > s.maxHidden:
		c.Errf("", "rule %s takes at most %s between %s and %s, got %d", s.rule, plural(s.maxHidden, "hidden population"), in.Name, out.Name, h)
	}
	hid := n.Layers[1 : L-1]
	for _, l := range hid {
		if !slices.Contains(s.hidden, l.Transfer) {
			c.Errf("", "population %s has transfer %q; %s", l.Name, l.Transfer, s.hiddenWhy)
		}
	}
	if s.sameHidden {
		for _, l := range hid[min(1, len(hid)):] {
			if l.Transfer != hid[0].Transfer {
				c.Errf("", "populations %s (%s) and %s (%s) differ in transfer; rule %s's network has one hidden activation: give every hidden population the same transfer",
					hid[0].Name, hid[0].Transfer, l.Name, l.Transfer, s.rule)
				break
			}
		}
	}
	if !slices.Contains(s.output, out.Transfer) {
		c.Errf("", "population %s has transfer %q; %s", out.Name, out.Transfer, s.outputWhy)
	}
}

// checkFixed checks projection i, which the rule does not train.
func (s netShape) checkFixed(c *registry.Check, n *registry.Net, i int) {
	p, from, to := n.Proj[i], n.Layers[i], n.Layers[i+1]
	if p.Init == nil {
		c.Errf("", "projection %s: %s does not train it, so its synapse.weight must be given", p.Name, s.fixedWho)
	}
	switch p.Connect {
	case connectAll:
	case connectOne:
		if from.Size != to.Size {
			c.Errf("", "projection %s is one_to_one from %d to %d units (%s to %s); one_to_one needs populations of equal size", p.Name, from.Size, to.Size, from.Name, to.Name)
		}
	default:
		c.Errf("", "projection %s connects %s; want all_to_all or one_to_one", p.Name, p.Connect)
	}
}

// chain is "input -> hidden -> output" with h hidden layers.
func chain(h int) string {
	return "input -> " + strings.Repeat("hidden -> ", h) + "output"
}

// plural is "1 hidden layer", "2 hidden layers".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// netValid reports a network that is not a chain of at least two
// populations joined by one projection each.
func netValid(n *registry.Net) error {
	switch {
	case len(n.Layers) < 2:
		return fmt.Errorf("the network needs an input and an output population, got %d populations", len(n.Layers))
	case len(n.Proj) != len(n.Layers)-1:
		return fmt.Errorf("the network's %d populations need %d projections joining them in a chain, got %d", len(n.Layers), len(n.Layers)-1, len(n.Proj))
	}
	for _, l := range n.Layers {
		if l.Size < 1 {
			return fmt.Errorf("population %s has %d units", l.Name, l.Size)
		}
	}
	return nil
}

// netFits checks at the start of a run that the network's input
// population has the task's inputs and its output population the
// outputs units rule uses on the task (why says which: "one per class").
func netFits(r *registry.Run, rule string, outputs int, why string) error {
	n, t := r.Net, r.Task
	if err := netValid(n); err != nil {
		return err
	}
	in, out := n.Layers[0], n.Layers[len(n.Layers)-1]
	if in.Size != t.Train.Cols {
		return fmt.Errorf("population %s has %d units; task %s has %d inputs", in.Name, in.Size, t.Name, t.Train.Cols)
	}
	if out.Size != outputs {
		return fmt.Errorf("population %s has %d units; rule %s uses %s on task %s (%s)", out.Name, out.Size, rule, plural(outputs, "output unit"), t.Name, why)
	}
	return nil
}

// outputsWhy says why a learner has outputs(set, softmax) output units.
func outputsWhy(set *dataset.Set, softmax bool) string {
	switch {
	case set.Targets != nil && !softmax:
		return "one per target column"
	case softmax, set.Classes > 2:
		return "one per class"
	}
	return "one unit for two classes"
}

// drawer returns a function drawing one weight from the distribution
// in: a constant draws nothing from the rng, so a network of constant
// weights leaves the run's random stream as it found it.
func drawer(in *registry.Init) func(*rand.Rand) float32 {
	a, b := in.A, in.B
	switch in.Kind {
	case "uniform":
		return func(rng *rand.Rand) float32 { return float32(a + (b-a)*rng.Float64()) }
	case "normal":
		return func(rng *rand.Rand) float32 { return float32(a + b*rng.NormFloat64()) }
	}
	v := float32(a)
	return func(*rand.Rand) float32 { return v }
}

// transfer applies a population's transfer function to x in place (the
// MLP's activations; linear leaves x).
func transfer(name string, x []float32) {
	for _, a := range activations {
		if a.name == name {
			a.act.Apply(x)
		}
	}
}

// fixedLayer is a projection a rule does not train and the transfer of
// the population it enters: its weights, drawn once, and biases 0.
type fixedLayer struct {
	in, out  int
	diag     []float32 // one_to_one: the weights of the diagonal
	w        []float32 // all_to_all: out × in, row-major
	transfer string
}

// fixedLayers draws the weights of the first k projections of n from
// their synapse.weight with rng (in order; constants draw nothing) and
// returns the map of a data set to the activities of population k.
func fixedLayers(n *registry.Net, k int, rng *rand.Rand) func(dataset.Set) dataset.Set {
	layers := make([]fixedLayer, k)
	for i := range k {
		p, to := n.Proj[i], n.Layers[i+1]
		f := fixedLayer{in: n.Layers[i].Size, out: to.Size, transfer: to.Transfer}
		w := make([]float32, f.in*f.out)
		if p.Connect == connectOne {
			w = make([]float32, f.out)
		}
		d := drawer(p.Init)
		for j := range w {
			w[j] = d(rng)
		}
		if p.Connect == connectOne {
			f.diag = w
		} else {
			f.w = w
		}
		layers[i] = f
	}
	return func(set dataset.Set) dataset.Set {
		for i := range layers {
			set = layers[i].apply(set)
		}
		return set
	}
}

// apply returns the activities the layer gives the patterns of set, as
// a new set with set's labels, targets and name.
func (f *fixedLayer) apply(set dataset.Set) dataset.Set {
	out := dataset.Set{Name: set.Name, Rows: set.Rows, Cols: f.out, Shape: []int{f.out}, X: make([]float32, set.Rows*f.out),
		Y: set.Y, Classes: set.Classes, Targets: set.Targets, TargetCols: set.TargetCols}
	if f.diag != nil {
		for i := range set.Rows {
			x, y := set.Row(i), out.X[i*f.out:(i+1)*f.out]
			for j, d := range f.diag {
				y[j] = d * x[j]
			}
		}
	} else if set.Rows > 0 {
		gemm.Sgemm(false, true, set.Rows, f.out, f.in, 1, set.X, f.in, f.w, f.in, 0, out.X, f.out)
	}
	transfer(f.transfer, out.X)
	return out
}

// withoutNet makes rule r, which does not read a network, reject one: in
// Check (so no network a file describes is silently ignored) and, for a
// run made without Check, in Train. The error is "rule <name> does not
// read the network " + rest; rest says why or what to do instead.
func withoutNet(r registry.Rule, rest string) registry.Rule {
	msg := "rule " + r.Name + " does not read the network " + rest
	check, train := r.Check, r.Train
	r.Check = func(p any, c *registry.Check) {
		if c.Net != nil {
			c.Errf("", "%s", msg)
		}
		if check != nil {
			check(p, c)
		}
	}
	r.Train = func(p any, run *registry.Run) error {
		if run.Net != nil {
			return fmt.Errorf("%s", msg)
		}
		return train(p, run)
	}
	return r
}
