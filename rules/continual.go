package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/brainsim/brainsim/learn"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/sleep"
)

// Continual learning on split MNIST (package sleep): class-incremental
// split MNIST learned by one network task after task. The protocols
// (key protocol): "tadros", Tadros, Krishnan, Ramyaa & Bazhenov's MATLAB
// code (784-1200-1200-10 ReLU without biases, ReLU output under squared
// error, lr 0.1, momentum 0.5, dropout 0.25, batch 100, 5000 images per
// task; SRC with 15000 + 5000 (i−1) steps, inc 0.032064, dec 0.003344),
// or "pytorch", the reproduction that measured SRC at 68-71% (softmax
// cross-entropy, lr 0.01, 4000-unit layers, weights ±1/√fan_in, inverted
// dropout; SRC with fixed α, the σ(w) factor, inc 0.001, dec 0.0001, 300
// steps after the first task and 150 more per earlier task, driven by the
// last task's mean image).
const (
	protocolTadros  = "tadros"
	protocolPyTorch = "pytorch"
)

// continualParams are the keys every continual rule has. The pointers
// default by protocol.
type continualParams struct {
	Epochs   *int     `toml:"epochs" doc:"epochs per task (required; 2 in the SRC protocol)"`
	LR       *float64 `toml:"lr" doc:"learning rate (tadros 0.1, pytorch 0.01)"`
	Momentum float64  `toml:"momentum" doc:"momentum, in [0, 1)"`
	Batch    int      `toml:"batch" doc:"images per minibatch"`
	Hidden   []int    `toml:"hidden" doc:"hidden layer sizes (tadros [1200, 1200], pytorch [4000, 4000])"`
	PerTask  int      `toml:"per_task" doc:"training images per task"`
	Dropout  float64  `toml:"dropout" doc:"hidden-unit dropout, in [0, 1)"`
	Protocol string   `toml:"protocol" doc:"tadros (Tadros et al.'s MATLAB) or pytorch (the PyTorch reproduction)"`
	Output   string   `toml:"output" doc:"relu_mse (ReLU output under squared error; tadros) or softmax (cross-entropy; pytorch)"`
}

// srcParams are the keys of SRC sleep (rules src and sleep).
type srcParams struct {
	SleepSteps *int     `toml:"sleep_steps" doc:"1 ms steps of the sleep after the first task, a third (pytorch: a half) more per earlier task (tadros 15000, pytorch 300)"`
	SleepInc   *float64 `toml:"sleep_inc" doc:"SRC's Hebbian increase, in [0, 1] (tadros 0.032064, pytorch 0.001)"`
	SleepDec   *float64 `toml:"sleep_dec" doc:"SRC's Hebbian decrease, in [0, 1] (tadros 0.003344, pytorch 0.0001)"`
}

// The rule-specific keys.
type (
	jointParams struct {
		continualParams
		AllData bool `toml:"all_data" doc:"train on every training image of the tasks seen, not per_task of each"`
	}
	ewcParams struct {
		continualParams
		EWCLambda float64 `toml:"ewc_lambda" doc:"EWC's penalty lambda (diagonal Fisher)"`
	}
	replayParams struct {
		continualParams
		ReplayPerClass int `toml:"replay_per_class" doc:"stored training images per class, mixed into every later task"`
	}
	srcRuleParams struct {
		continualParams
		srcParams
	}
	generativeParams struct {
		continualParams
		GenPerClass int `toml:"gen_per_class" doc:"samples the generative memory (one RBM per class) draws per earlier class in every later task"`
	}
	sleepParams struct {
		continualParams
		srcParams
		SleepPhases    []string `toml:"sleep_phases" doc:"the offline phases after every task, in order: src, replay (the stored buffer, in spindles), dream (samples of the generative memory, in spindles), downscale"`
		Spindles       int      `toml:"spindles" doc:"spindles of a replay or dream phase"`
		SpindleSize    int      `toml:"spindle_size" doc:"episodes per spindle, one gradient step each"`
		ReplayPerClass int      `toml:"replay_per_class" doc:"images per class the hippocampal buffer stores"`
		GenPerClass    int      `toml:"gen_per_class" doc:"samples per class seen that a dream draws"`
	}
)

// continualBase is the defaults of the keys every continual rule has:
// those of sleep.SRCProtocol.
func continualBase() continualParams {
	p := sleep.SRCProtocol()
	return continualParams{Momentum: f32(p.Momentum), Batch: p.Batch, PerTask: p.PerTask, Dropout: f32(p.Dropout), Protocol: protocolTadros}
}

// f32 is the float64 that prints as x does (0.1, not 0.10000000149).
func f32(x float32) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(float64(x), 'g', -1, 32), 64)
	return f
}

// protocolDefaults are the protocol's learning rate, hidden layers and
// output (sleep.SRCProtocol or sleep.ReproProtocol) and its SRC sleep
// (sleep.DefaultSleep or sleep.ReproSleep).
func protocolDefaults(protocol string) (sleep.Protocol, sleep.SleepParams) {
	if protocol == protocolPyTorch {
		return sleep.ReproProtocol(), sleep.ReproSleep()
	}
	return sleep.SRCProtocol(), sleep.DefaultSleep()
}

// common returns the keys every continual rule has; the rules' params
// embed continualParams, so they all have this method.
func (o *continualParams) common() *continualParams { return o }

// continualOf returns the common keys of any continual rule's params.
func continualOf(p any) *continualParams {
	return p.(interface{ common() *continualParams }).common()
}

// check fills the protocol's defaults and checks the common keys.
func (o *continualParams) check(c *registry.Check) {
	epochsKey(c, o.Epochs)
	registry.OneOf(c, "protocol", "", o.Protocol, []string{protocolTadros, protocolPyTorch})
	def, _ := protocolDefaults(o.Protocol)
	if o.LR == nil {
		lr := f32(def.LR)
		o.LR = &lr
	}
	if o.Hidden == nil {
		o.Hidden = slices.Clone(def.Hidden)
	}
	if o.Output == "" {
		o.Output = "relu_mse"
		if def.Output == learn.Softmax {
			o.Output = "softmax"
		}
	}
	registry.Positive(c, "lr", *o.LR)
	within(c, "momentum", o.Momentum, 0, 1, false, true)
	layerSizes(c, o.Hidden)
	atLeast(c, "batch", o.Batch, 1, "")
	atLeast(c, "per_task", o.PerTask, 1, "")
	within(c, "dropout", o.Dropout, 0, 1, false, true)
	registry.OneOf(c, "output", "", o.Output, []string{"relu_mse", "softmax"})
}

// check fills the protocol's SRC defaults and checks the keys.
func (s *srcParams) check(c *registry.Check, protocol string) {
	_, def := protocolDefaults(protocol)
	steps, inc, dec := def.Steps, def.Inc, def.Dec
	if s.SleepSteps == nil {
		s.SleepSteps = &steps
	}
	if s.SleepInc == nil {
		s.SleepInc = &inc
	}
	if s.SleepDec == nil {
		s.SleepDec = &dec
	}
	atLeast(c, "sleep_steps", *s.SleepSteps, 1, "")
	within(c, "sleep_inc", *s.SleepInc, 0, 1, false, false)
	within(c, "sleep_dec", *s.SleepDec, 0, 1, false, false)
}

// protocol is the sleep package's protocol and options of a continual
// rule's params.
func protocol(p any) (sleep.Protocol, sleep.Options) {
	o := continualOf(p)
	pr, opt := sleep.SRCProtocol(), sleep.DefaultOptions()
	if o.Protocol == protocolPyTorch {
		pr, opt.SRC = sleep.ReproProtocol(), sleep.ReproSleep()
	}
	pr.Epochs, pr.Batch = *o.Epochs, o.Batch
	pr.Output = learn.ReLUMSE
	if o.Output == "softmax" {
		pr.Output = learn.Softmax
	}
	pr.LR, pr.Momentum = float32(*o.LR), float32(o.Momentum)
	pr.Hidden, pr.PerTask, pr.Dropout = o.Hidden, o.PerTask, float32(o.Dropout)
	setSRC := func(s *srcParams) {
		// The sleep after task i lasts sleep_steps·(1 + (i−1)·ratio), the
		// ratio of the protocol (Tadros: 1/3; PyTorch: 1/2).
		opt.SRC.StepsPerTask = opt.SRC.StepsPerTask * *s.SleepSteps / opt.SRC.Steps
		opt.SRC.Steps = *s.SleepSteps
		opt.SRC.Inc, opt.SRC.Dec = *s.SleepInc, *s.SleepDec
	}
	switch x := p.(type) {
	case *jointParams:
		pr.AllData = x.AllData
	case *ewcParams:
		opt.EWCLambda = x.EWCLambda
	case *replayParams:
		opt.ReplayPerClass = x.ReplayPerClass
	case *srcRuleParams:
		setSRC(&x.srcParams)
	case *generativeParams:
		opt.GenPerClass = x.GenPerClass
	case *sleepParams:
		setSRC(&x.srcParams)
		opt.Phases = x.SleepPhases
		opt.Spindles.Spindles, opt.Spindles.Size = x.Spindles, x.SpindleSize
		opt.ReplayPerClass, opt.GenPerClass = x.ReplayPerClass, x.GenPerClass
	}
	return pr, opt
}

func init() {
	registry.DescribeMetric("after_task", "accuracy over the digits seen after each task (a vector)")
	registry.DescribeMetric("bwt", "backward transfer (negative: forgetting)")
	base, opt := continualBase, sleep.DefaultOptions()
	for _, r := range []struct {
		name, doc string
		params    func() any
		check     func(p any, c *registry.Check)
	}{
		{"sequential", "fine-tuning on each task in turn (the lower bound)", func() any { o := base(); return &o }, nil},
		{"joint", "training on all data seen so far (the upper bound)", func() any { return &jointParams{continualParams: base()} }, nil},
		{"ewc", "elastic weight consolidation (Kirkpatrick et al. 2017), diagonal Fisher", func() any { return &ewcParams{continualParams: base(), EWCLambda: opt.EWCLambda} },
			func(p any, c *registry.Check) {
				if l := p.(*ewcParams).EWCLambda; !(l >= 0) {
					c.Errf("ewc_lambda", "must be >= 0, got %v", l)
				}
			}},
		{"replay", "a stored buffer of images per earlier class mixed into every later task", func() any { return &replayParams{continualParams: base(), ReplayPerClass: opt.ReplayPerClass} },
			func(p any, c *registry.Check) {
				atLeast(c, "replay_per_class", p.(*replayParams).ReplayPerClass, 1, "")
			}},
		{"src", "Sleep Replay Consolidation (Tadros et al. 2022): the trained network sleeps as spiking units with Hebbian plasticity after every task", func() any { return &srcRuleParams{continualParams: base()} },
			func(p any, c *registry.Check) { o := p.(*srcRuleParams); o.srcParams.check(c, o.Protocol) }},
		{"generative", "generative replay: one RBM per class learns its digits, samples of earlier classes are mixed into every later task (no stored images)", func() any { return &generativeParams{continualParams: base(), GenPerClass: opt.GenPerClass} },
			func(p any, c *registry.Check) { atLeast(c, "gen_per_class", p.(*generativeParams).GenPerClass, 1, "") }},
		{"sleep", "wake on each task, then the offline sleep_phases (src, spindle-paced replay, dreams, downscaling)", func() any {
			return &sleepParams{continualParams: base(), Spindles: opt.Spindles.Spindles, SpindleSize: opt.Spindles.Size,
				ReplayPerClass: opt.ReplayPerClass, GenPerClass: opt.GenPerClass}
		}, checkSleep},
	} {
		registry.RegisterRule(registry.Rule{
			Name:   r.name,
			Doc:    r.doc,
			Needs:  []string{registry.CapContinual},
			Params: r.params,
			Check: func(p any, c *registry.Check) {
				continualOf(p).check(c)
				if r.check != nil {
					r.check(p, c)
				}
				if c.Net != nil {
					continualShape(r.name).check(c, c.Net)
					vals := map[string]any{"hidden": c.Net.Hidden()}
					if o, ok := map[string]string{"softmax": "softmax", "relu": "relu_mse"}[outputTransfer(c.Net)]; ok {
						vals["output"] = o
					}
					layerKeys(c, p, vals)
				}
				srcDepth(c, r.name, p)
			},
			Train: func(p any, run *registry.Run) error { return trainContinual(r.name, p, run) },
		})
	}
}

// srcDepth refuses SRC sleep on a network whose depth its protocol's
// thresholds β do not cover: they are the values Tadros et al. tuned, one
// per layer of their network (two hidden layers and the output), and no
// rule gives them for another depth.
func srcDepth(c *registry.Check, rule string, p any) {
	o := continualOf(p)
	if sp, ok := p.(*sleepParams); (rule != "src" && !ok) || (ok && !slices.Contains(sp.SleepPhases, "src")) {
		return
	}
	hidden := o.Hidden
	if c.Net != nil {
		hidden = c.Net.Hidden()
	}
	_, def := protocolDefaults(o.Protocol)
	if hidden != nil && len(def.Beta) != len(hidden)+1 {
		c.Errf("hidden", "SRC sleep (rule %s, protocol %s) has its firing thresholds β for %d hidden layers (Tadros et al.'s, one per layer); hidden = %v has %d",
			rule, o.Protocol, len(def.Beta)-1, hidden, len(hidden))
	}
}

func checkSleep(p any, c *registry.Check) {
	o := p.(*sleepParams)
	o.srcParams.check(c, o.Protocol)
	for _, k := range []struct {
		v    int
		name string
	}{{o.Spindles, "spindles"}, {o.SpindleSize, "spindle_size"}, {o.ReplayPerClass, "replay_per_class"}, {o.GenPerClass, "gen_per_class"}} {
		atLeast(c, k.name, k.v, 1, "")
	}
	if len(o.SleepPhases) == 0 {
		c.Errf("sleep_phases", "rule sleep needs at least one phase (any of %s)", strings.Join(sleep.Phases, ", "))
	}
	for j, ph := range o.SleepPhases {
		if !slices.Contains(sleep.Phases, ph) {
			c.Errf(fmt.Sprintf("sleep_phases[%d]", j), "unknown phase %q (want one of %s)", ph, strings.Join(sleep.Phases, ", "))
		}
	}
}

// continualShape is what continual rule method asks of a network: the
// protocol's network, ReLU hidden layers without biases and all_to_all
// projections, its output relu (squared error) or softmax.
func continualShape(method string) netShape {
	return netShape{rule: method, minHidden: 0, maxHidden: -1,
		hidden:    []string{transferReLU},
		hiddenWhy: `the continual rules train ReLU networks without biases (Tadros et al. 2022): give every hidden population transfer "relu"`,
		output:    []string{transferReLU, transferSoftmax},
		outputWhy: `the continual rules' output is relu (squared error, Tadros et al.'s) or softmax (cross-entropy)`,
		initWhy:   `from its protocol's distribution (uniform in ±0.01, or ±1/√fan_in with protocol = "pytorch")`}
}

// trainContinual runs continual rule method on a split_mnist task:
// sleep.Run with the rule's protocol and keys, and with the run's
// network's hidden layers and output if it has one.
func trainContinual(method string, p any, r *registry.Run) error {
	pr, opt := protocol(p)
	if n := r.Net; n != nil {
		if err := continualShape(method).err(n); err != nil {
			return err
		}
		if err := netFits(r, method, r.Task.Train.Classes, "one per class"); err != nil {
			return err
		}
		pr.Hidden, pr.Output = n.Hidden(), learn.ReLUMSE
		if n.Layers[len(n.Layers)-1].Transfer == transferSoftmax {
			pr.Output = learn.Softmax
		}
	}
	res, err := sleep.Run(r.Ctx, pr, sleep.Method(method), opt, r.Task.Train, r.Task.Test, r.Rng)
	r.PerTask = res.Acc
	r.Add(registry.Scalar("test_accuracy", res.Final), registry.Vector("after_task", res.Seen), registry.Scalar("bwt", res.BWT),
		registry.Scalar("epochs", float64(*continualOf(p).Epochs)))
	return err
}
