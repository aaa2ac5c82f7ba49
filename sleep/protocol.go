package sleep

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/learn"
)

// Method is a continual-learning method of [Run].
type Method string

// The methods of [Run].
const (
	Sequential Method = "sequential"
	Joint      Method = "joint"
	EWC        Method = "ewc"
	Replay     Method = "replay"
	SRC        Method = "src"
	// Generative is generative replay during wake (Shin et al. 2017's
	// deep generative replay with an RBM memory): every later task is
	// trained together with samples of the earlier classes drawn from the
	// generative memory; no images are stored.
	Generative Method = "generative"
	// Sleep trains on each task alone, then runs the sleep phases of
	// Options.Phases in order (PhaseSRC, PhaseReplay, PhaseDream,
	// PhaseDownscale).
	Sleep Method = "sleep"
)

// Methods lists the methods in table order.
var Methods = []Method{Sequential, Joint, EWC, Replay, SRC, Generative, Sleep}

// Protocol is a class-incremental protocol and the network and training
// that learn it.
type Protocol struct {
	Tasks    [][]int // the digits of every task, in order
	PerTask  int     // training images per task: the first PerTask of the task's digits (0: all)
	Hidden   []int   // hidden layer sizes (ReLU)
	Init     float32 // weights uniform in ±Init
	LR       float32 // learning rate
	Momentum float32
	Dropout  float32 // hidden-unit dropout fraction
	Epochs   int     // epochs per task
	Batch    int     // minibatch size
	// Output is the output layer and loss: learn.ReLUMSE (Tadros et al.'s
	// MATLAB) or learn.Softmax (cross-entropy, the PyTorch reproduction).
	Output learn.Output
	// FanIn draws the initial weights as PyTorch's nn.Linear does,
	// uniform in ±1/√fan_in, instead of ±Init.
	FanIn bool
	// InvertedDropout scales the kept units by 1/(1-Dropout) in training
	// (PyTorch) instead of leaving them (DeepLearnToolbox).
	InvertedDropout bool
	// AllData makes Joint train on every training image of the tasks
	// seen, not PerTask of each (the upper bound of the literature).
	AllData bool
}

// ReproProtocol returns the training of the PyTorch reproduction of SRC
// (agbld/sleep-replay-consolidation-python): the same tasks, 5000 images
// each, 2 epochs, batch 100, momentum 0.5, dropout 0.25 (inverted, as
// PyTorch's), no biases, but cross-entropy on a softmax output, lr 0.01,
// PyTorch's default initial weights (±1/√fan_in) and hidden layers of
// 4000 units.
func ReproProtocol() Protocol {
	p := SRCProtocol()
	p.Hidden, p.Output, p.FanIn, p.InvertedDropout, p.LR = []int{4000, 4000}, learn.Softmax, true, true, 0.01
	return p
}

// SRCProtocol returns the protocol of Tadros et al. 2022 (see the package
// documentation).
func SRCProtocol() Protocol {
	return Protocol{
		Tasks:   [][]int{{0, 1}, {2, 3}, {4, 5}, {6, 7}, {8, 9}},
		PerTask: 5000, Hidden: []int{1200, 1200}, Init: 0.01,
		LR: 0.1, Momentum: 0.5, Dropout: 0.25, Epochs: 2, Batch: 100, Output: learn.ReLUMSE,
	}
}

// Options are the settings of the methods.
type Options struct {
	// EWCLambda is EWC's penalty strength λ; EWCSamples the training
	// images of a task whose squared gradients estimate its Fisher.
	EWCLambda  float64
	EWCSamples int
	// ReplayPerClass is the buffer size K per class of Replay.
	ReplayPerClass int
	// SRC configures SRC (method SRC and PhaseSRC).
	SRC SleepParams
	// Phases are the sleep phases of method Sleep after every task.
	Phases []string
	// Spindles pace PhaseReplay and PhaseDream.
	Spindles SpindleParams
	// Gen configures the generative memory of Generative and PhaseDream;
	// GenPerClass is the samples per earlier class mixed into a task
	// (Generative) or per class seen drawn for a dream (PhaseDream).
	Gen         GenParams
	GenPerClass int
}

// DefaultOptions returns λ = 1000 with 500 samples, K = 100,
// [DefaultSleep], [DefaultSpindles], [DefaultGen] and 2500 generated
// samples per class.
func DefaultOptions() Options {
	return Options{EWCLambda: 1000, EWCSamples: 500, ReplayPerClass: 100, SRC: DefaultSleep(),
		Spindles: DefaultSpindles(), Gen: DefaultGen(), GenPerClass: 2500}
}

// Result is one run of a method on a protocol.
type Result struct {
	// Acc[i][j] is the test accuracy on task j's digits after task i.
	Acc [][]float64
	// Seen[i] is the test accuracy over the digits of tasks 0..i after
	// task i (the class-incremental accuracy).
	Seen []float64
	// Final is the test accuracy over all digits after the last task.
	Final float64
	// BWT is the backward transfer 1/(T−1) Σ_{j<T−1} (Acc[T−1][j] − Acc[j][j]).
	BWT float64
}

// NewNet returns the protocol's network for inputs inputs and classes
// outputs, weights uniform in ±p.Init from rng.
func (p *Protocol) NewNet(inputs, classes int, rng *rand.Rand) *learn.MLP {
	sizes := append([]int{inputs}, p.Hidden...)
	sizes = append(sizes, classes)
	m := learn.NewMLP(sizes, learn.ReLU, p.Output, rng)
	for l, w := range m.W {
		a := float64(p.Init)
		if p.FanIn {
			a = 1 / math.Sqrt(float64(sizes[l]))
		}
		for i := range w {
			w[i] = float32((2*rng.Float64() - 1) * a)
		}
	}
	return m
}

func (p *Protocol) options(rng *rand.Rand, live func(int) bool) learn.Options {
	return learn.Options{Epochs: p.Epochs, Batch: p.Batch, LR: p.LR, Momentum: p.Momentum,
		Dropout: p.Dropout, InvertedDropout: p.InvertedDropout, NoBias: true, Rng: rng, Epoch: live}
}

// Run learns the protocol's tasks in order with method on train and
// measures on test; it returns ctx's error when cancelled.
func Run(ctx context.Context, p Protocol, method Method, o Options, train, test dataset.Set, rng *rand.Rand) (Result, error) {
	if err := checkRun(method, o, train, test); err != nil {
		return Result{}, err
	}
	T := len(p.Tasks)
	tasks := make([]dataset.Set, T)
	tests := make([]dataset.Set, T)
	var all []dataset.Set // every training image of each task (Joint with AllData)
	for i, d := range p.Tasks {
		tasks[i] = train.OfClasses(d, p.PerTask)
		tests[i] = test.OfClasses(d, 0)
		if method == Joint && p.AllData {
			all = append(all, train.OfClasses(d, 0))
		}
	}
	m := p.NewNet(train.Cols, train.Classes, rng)
	live := func(int) bool { return ctx.Err() == nil }
	stopped := func() bool { return ctx.Err() != nil }
	res := Result{Acc: make([][]float64, T), Seen: make([]float64, T)}
	st := &methodState{}
	if method == Generative || (method == Sleep && slices.Contains(o.Phases, PhaseDream)) {
		st.gen = NewGenerator(o.Gen, train.Cols)
	}
	for i := range T {
		set := p.taskSet(method, o, st, tasks, all, i, rng)
		opt := p.options(rng, live)
		opt.Stop = stopped
		if method == EWC && st.ewc != nil {
			opt.Step = st.ewc.step(m)
		}
		m.Train(set, opt)
		if err := ctx.Err(); err != nil {
			return res, err
		}
		if err := p.consolidate(ctx, method, o, st, m, tasks, set, i, rng); err != nil {
			return res, err
		}
		res.Acc[i], res.Seen[i] = accuracies(m, tests, i)
	}
	res.Final = res.Seen[T-1]
	for j := range T - 1 {
		res.BWT += res.Acc[T-1][j] - res.Acc[j][j]
	}
	if T > 1 {
		res.BWT /= float64(T - 1)
	}
	return res, nil
}

// checkRun checks Run's arguments: labelled sets, a known method and, for
// Sleep, known phases.
func checkRun(method Method, o Options, train, test dataset.Set) error {
	if train.Y == nil || test.Y == nil || train.Classes < 2 {
		return fmt.Errorf("sleep: Run needs labelled train and test sets")
	}
	if !slices.Contains(Methods, method) {
		return fmt.Errorf("sleep: unknown method %q (want one of %v)", method, Methods)
	}
	if method == Sleep {
		if len(o.Phases) == 0 {
			return fmt.Errorf("sleep: method %s needs phases (any of %v)", Sleep, Phases)
		}
		for _, ph := range o.Phases {
			if !slices.Contains(Phases, ph) {
				return fmt.Errorf("sleep: unknown phase %q (want one of %v)", ph, Phases)
			}
		}
	}
	return nil
}

// methodState is what a method carries from one task to the next: EWC's
// penalty, the replay buffer (Replay, Sleep) and the generator
// (Generative, Sleep with dreams).
type methodState struct {
	ewc    *ewcState
	buffer []dataset.Set
	gen    *Generator
}

// taskSet returns the training set of task i under method: the task's
// images, with generated images of the earlier tasks (Generative), the
// images of every task so far (Joint; all of them with p.AllData) or the
// replay buffer repeated to balance it (Replay).
func (p *Protocol) taskSet(method Method, o Options, st *methodState, tasks, all []dataset.Set, i int, rng *rand.Rand) dataset.Set {
	set := tasks[i]
	switch method {
	case Generative:
		if i > 0 {
			set = dataset.Concat(set, st.gen.Replay(o.GenPerClass, set, rng))
		}
	case Joint:
		set = dataset.Concat(tasks[:i+1]...)
		if p.AllData {
			set = dataset.Concat(all[:i+1]...)
		}
	case Replay:
		if len(st.buffer) > 0 {
			per := max(1, set.Rows/len(p.Tasks[i])/max(1, o.ReplayPerClass))
			parts := []dataset.Set{set}
			for _, b := range st.buffer {
				for range per {
					parts = append(parts, b)
				}
			}
			set = dataset.Concat(parts...)
		}
	}
	return set
}

// consolidate does method's work after training on task i (set its
// training set): EWC's Fisher information, the replay buffer, the
// generator's learning, SRC, or the sleep phases in order.
func (p *Protocol) consolidate(ctx context.Context, method Method, o Options, st *methodState, m *learn.MLP, tasks []dataset.Set, set dataset.Set, i int, rng *rand.Rand) error {
	switch method {
	case EWC:
		if st.ewc == nil {
			st.ewc = newEWC(m, o.EWCLambda)
		}
		st.ewc.add(m, tasks[i], o.EWCSamples, rng)
	case Replay:
		for _, d := range p.Tasks[i] {
			st.buffer = append(st.buffer, tasks[i].OfClasses([]int{d}, o.ReplayPerClass))
		}
	case Generative:
		if err := st.gen.Learn(ctx, tasks[i], rng); err != nil {
			return err
		}
	case SRC:
		if err := p.src(ctx, m, tasks, i, o.SRC, rng); err != nil {
			return err
		}
	case Sleep:
		for _, d := range p.Tasks[i] {
			st.buffer = append(st.buffer, tasks[i].OfClasses([]int{d}, o.ReplayPerClass))
		}
		for _, ph := range o.Phases {
			var err error
			switch ph {
			case PhaseSRC:
				err = p.src(ctx, m, tasks, i, o.SRC, rng)
			case PhaseReplay:
				err = p.spindles(ctx, m, dataset.Concat(st.buffer...), o.Spindles, rng)
			case PhaseDream:
				if err = st.gen.Learn(ctx, tasks[i], rng); err == nil {
					err = p.spindles(ctx, m, st.gen.Replay(o.GenPerClass, set, rng), o.Spindles, rng)
				}
			case PhaseDownscale:
				Downscale(m)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// accuracies returns m's accuracy on every task's test set after task i,
// and its mean over the tasks seen so far weighted by their test rows.
func accuracies(m *learn.MLP, tests []dataset.Set, i int) ([]float64, float64) {
	acc := make([]float64, len(tests))
	var right, rows float64
	for j := range tests {
		acc[j] = m.Accuracy(tests[j])
		if j <= i {
			right += acc[j] * float64(tests[j].Rows)
			rows += float64(tests[j].Rows)
		}
	}
	return acc, right / max(rows, 1)
}

// src runs SRC's sleep after task i: 15000 + 5000 i steps (Tadros et
// al.; SleepParams.Steps, StepsPerTask) driven by the mean image of the
// tasks seen (or of task i, SleepParams.CurrentTask).
func (p *Protocol) src(ctx context.Context, m *learn.MLP, tasks []dataset.Set, i int, sp SleepParams, rng *rand.Rand) error {
	in := dataset.Concat(tasks[:i+1]...)
	if sp.CurrentTask {
		in = tasks[i]
	}
	return SleepSRC(ctx, m, in, sp.Steps+i*sp.StepsPerTask, p.Dropout, sp, rng)
}

// ewcState is EWC's summed diagonal Fisher and anchor weights.
type ewcState struct {
	lambda float64
	F, W0  [][]float32
}

func newEWC(m *learn.MLP, lambda float64) *ewcState {
	e := &ewcState{lambda: lambda}
	for _, w := range m.W {
		e.F = append(e.F, make([]float32, len(w)))
		e.W0 = append(e.W0, make([]float32, len(w)))
	}
	return e
}

// add adds the empirical Fisher of n random patterns of set (squared
// per-pattern gradients, averaged) and anchors at the current weights.
func (e *ewcState) add(m *learn.MLP, set dataset.Set, n int, rng *rand.Rand) {
	n = min(n, set.Rows)
	idx := []int{0}
	for range n {
		idx[0] = rng.IntN(set.Rows)
		g := m.Gradient(set, idx)
		for l, gl := range g {
			F := e.F[l]
			for k, v := range gl {
				F[k] += v * v / float32(n)
			}
		}
	}
	for l, w := range m.W {
		copy(e.W0[l], w)
	}
}

// step returns the Options.Step hook that takes the penalty's gradient
// step w −= min(1, η λ F)(w − w*).
func (e *ewcState) step(m *learn.MLP) func(lr float32) {
	return func(lr float32) {
		c := float32(e.lambda) * lr
		for l, w := range m.W {
			F, W0 := e.F[l], e.W0[l]
			for k := range w {
				w[k] -= min(1, c*F[k]) * (w[k] - W0[k])
			}
		}
	}
}
