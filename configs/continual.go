package configs

import "strings"

// Continual learning (package sleep): class-incremental split MNIST
// learned by one network task after task, with the methods below.
const (
	// DataSplitMNIST is the task data of the continual rules: MNIST in
	// five tasks of two digits ({0,1}, {2,3}, …).
	DataSplitMNIST = "split_mnist"

	RuleSequential = "sequential" // fine-tuning on each task in turn (lower bound)
	RuleJoint      = "joint"      // training on all data seen so far (upper bound)
	RuleEWC        = "ewc"        // elastic weight consolidation
	RuleReplay     = "replay"     // a stored buffer of replay_per_class images per class
	RuleSRC        = "src"        // Sleep Replay Consolidation (Tadros et al. 2022)
	RuleGenerative = "generative" // generative replay from RBMs, no stored images
	RuleSleep      = "sleep"      // wake on each task, then the sleep_phases

	// The protocols of the continual rules (key protocol).
	ProtocolTadros  = "tadros"
	ProtocolPyTorch = "pytorch"

	// Defaults of the continual rules: the SRC protocol of Tadros et al.
	// 2022 (784-1200-1200-10 ReLU, lr 0.1, momentum 0.5, dropout 0.25,
	// batch 100, 5000 images per task).
	DefaultPerTask        = 5000
	DefaultDropout        = 0.25
	DefaultEWCLambda      = 1000.0
	DefaultReplayPerClass = 100
	DefaultSleepSteps     = 15000
	DefaultSleepInc       = 0.032064
	DefaultSleepDec       = 0.003344
	DefaultSpindles       = 1000
	DefaultSpindleSize    = 20
	DefaultGenPerClass    = 2500
)

// ContinualOutputs are the output layers (key output) of the continual
// rules: a ReLU output under squared error (Tadros et al.'s MATLAB) or a
// softmax under cross-entropy.
var ContinualOutputs = []string{"relu_mse", "softmax"}

// SleepPhases are the phases rule sleep accepts in sleep_phases.
var SleepPhases = []string{"src", "replay", "dream", "downscale"}

// continualRules are the rules that run on split_mnist tasks.
var continualRules = []string{RuleSequential, RuleJoint, RuleEWC, RuleReplay, RuleSRC, RuleGenerative, RuleSleep}

func init() {
	taskData = append(taskData, DataSplitMNIST)
	learnRules = append(learnRules, continualRules...)
	common := []string{"name", "rule", "epochs", "lr", "momentum", "batch", "hidden", "per_task", "dropout", "protocol", "output"}
	src := []string{"sleep_steps", "sleep_inc", "sleep_dec"}
	for _, r := range continualRules {
		keys := common[:len(common):len(common)]
		switch r {
		case RuleJoint:
			keys = append(keys, "all_data")
		case RuleEWC:
			keys = append(keys, "ewc_lambda")
		case RuleReplay:
			keys = append(keys, "replay_per_class")
		case RuleSRC:
			keys = append(keys, src...)
		case RuleGenerative:
			keys = append(keys, "gen_per_class")
		case RuleSleep:
			keys = append(keys, "sleep_phases", "spindles", "spindle_size", "replay_per_class", "gen_per_class")
			keys = append(keys, src...)
		}
		learnRuleKeys[r] = keys
	}
}

// applyContinualDefaults fills the keys of a continual rule.
func (r *Rule) applyContinualDefaults() {
	if r.Protocol == "" {
		r.Protocol = ProtocolTadros
	}
	py := r.Protocol == ProtocolPyTorch
	lr, hidden, steps, inc, dec := 0.1, 1200, DefaultSleepSteps, DefaultSleepInc, DefaultSleepDec
	if py {
		lr, hidden, steps, inc, dec = 0.01, 4000, 300, 0.001, 0.0001
	}
	if r.Output == "" {
		r.Output = "relu_mse"
		if py {
			r.Output = "softmax"
		}
	}
	def(&r.LR, lr)
	def(&r.Momentum, 0.5)
	def(&r.Batch, 100)
	def(&r.PerTask, DefaultPerTask)
	def(&r.Dropout, DefaultDropout)
	if r.Hidden == nil {
		r.Hidden = []int{hidden, hidden}
	}
	switch r.Rule {
	case RuleJoint:
		def(&r.AllData, false)
	case RuleEWC:
		def(&r.EWCLambda, DefaultEWCLambda)
	case RuleReplay:
		def(&r.ReplayPerClass, DefaultReplayPerClass)
	case RuleGenerative:
		def(&r.GenPerClass, DefaultGenPerClass)
	case RuleSleep:
		def(&r.ReplayPerClass, DefaultReplayPerClass)
		def(&r.GenPerClass, DefaultGenPerClass)
		def(&r.Spindles, DefaultSpindles)
		def(&r.SpindleSize, DefaultSpindleSize)
	}
	if r.Rule == RuleSRC || r.Rule == RuleSleep {
		def(&r.SleepSteps, steps)
		def(&r.SleepInc, inc)
		def(&r.SleepDec, dec)
	}
}

// continualRule checks a rule against the split_mnist tasks: continual
// rules run on split_mnist only, and split_mnist takes continual rules
// only.
func (v *validator) continualRule(rp keyPath, r *Rule) {
	cont := contains(continualRules, r.Rule)
	for _, t := range v.f.Task {
		if !contains(taskData, t.Data) {
			continue
		}
		switch {
		case cont && t.Data != DataSplitMNIST:
			v.errf(rp.key("rule"), "rule %s runs on data %s only, but every rule runs on every task and task %q has data %q", r.Rule, DataSplitMNIST, t.Name, t.Data)
			return
		case !cont && t.Data == DataSplitMNIST:
			v.errf(rp.key("rule"), "task %q has data %s: every rule runs on every task, and only rules %s run on it", t.Name, DataSplitMNIST, strings.Join(continualRules, ", "))
			return
		}
	}
	if !cont {
		return
	}
	for j, h := range r.Hidden {
		if h < 1 {
			v.errf(rp.key("hidden").idx(j), "layer size must be >= 1, got %d", h)
		}
	}
	if r.Batch != nil && *r.Batch < 1 {
		v.errf(rp.key("batch"), "must be >= 1, got %d", *r.Batch)
	}
	if r.PerTask != nil && *r.PerTask < 1 {
		v.errf(rp.key("per_task"), "must be >= 1, got %d", *r.PerTask)
	}
	if r.Dropout != nil && !(*r.Dropout >= 0 && *r.Dropout < 1) {
		v.errf(rp.key("dropout"), "%v is outside [0, 1)", *r.Dropout)
	}
	if r.EWCLambda != nil && !(*r.EWCLambda >= 0) {
		v.errf(rp.key("ewc_lambda"), "must be >= 0, got %v", *r.EWCLambda)
	}
	if r.ReplayPerClass != nil && *r.ReplayPerClass < 1 {
		v.errf(rp.key("replay_per_class"), "must be >= 1, got %d", *r.ReplayPerClass)
	}
	for _, k := range []struct {
		p    *float64
		name string
	}{{r.SleepInc, "sleep_inc"}, {r.SleepDec, "sleep_dec"}} {
		if k.p != nil && !(*k.p >= 0 && *k.p <= 1) {
			v.errf(rp.key(k.name), "%v is outside [0, 1]", *k.p)
		}
	}
	if r.SleepSteps != nil && *r.SleepSteps < 1 {
		v.errf(rp.key("sleep_steps"), "must be >= 1, got %d", *r.SleepSteps)
	}
	if r.Output != "" && !contains(ContinualOutputs, r.Output) {
		v.errf(rp.key("output"), "%s", oneOf("output", r.Output, ContinualOutputs))
	}
	if r.Protocol != "" && r.Protocol != ProtocolTadros && r.Protocol != ProtocolPyTorch {
		v.errf(rp.key("protocol"), "unknown protocol %q (want %q or %q)", r.Protocol, ProtocolTadros, ProtocolPyTorch)
	}
	for _, k := range []struct {
		p    *int
		name string
	}{{r.Spindles, "spindles"}, {r.SpindleSize, "spindle_size"}, {r.GenPerClass, "gen_per_class"}} {
		if k.p != nil && *k.p < 1 {
			v.errf(rp.key(k.name), "must be >= 1, got %d", *k.p)
		}
	}
	if r.Rule == RuleSleep && len(r.SleepPhases) == 0 {
		v.errf(rp.key("sleep_phases"), "rule sleep needs at least one phase (any of %s)", strings.Join(SleepPhases, ", "))
	}
	for j, ph := range r.SleepPhases {
		if !contains(SleepPhases, ph) {
			v.errf(rp.key("sleep_phases").idx(j), "unknown phase %q (want one of %s)", ph, strings.Join(SleepPhases, ", "))
		}
	}
}
