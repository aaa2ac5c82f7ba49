package configs

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Environments and phases (simulate mode). An [environment] is the task
// around a network: it presents stimuli to input populations, reads a
// readout population and releases rewards, at fixed steps while no region
// runs (cortex operations), so runs stay bit-identical for any GOMAXPROCS.
// [[phase]] tables split the run into a schedule; the run lasts the sum of
// the phases (experiment.duration is filled in from them).
//
//	[environment]
//	kind = "conditioning"       # patterns | conditioning | bandit
//	cue = "bg.cue"              # tapped delay line: unit k on k steps after the cue
//	reward = "bg.reward"        # the reward population
//	trial = "60ms"
//	cue_at = "41ms"
//	reward_at = "54ms"
//	omit_every = 15
//
//	[[phase]]
//	name = "acquisition"
//	trials = 120
//	[[phase]]
//	name = "extinction"
//	trials = 80
//	reward = 0
//
// Kinds (the populations they drive are rate populations, clamped, unless
// said otherwise):
//
//   - patterns: every `present` the population `input` shows the next
//     pattern (order random or sequential) for `present` minus `rest`,
//     then 0 for `rest`. data = "gaussian" draws each pattern from N(mean,
//     covariance); data = "list" takes the rows of `patterns`. A poisson
//     input population fires at max_rate × the pattern instead. With
//     `teacher` and `targets` (one row per pattern), the teacher
//     population shows the pattern's target at the same time.
//   - conditioning: Pavlovian conditioning (Montague, Dayan & Sejnowski
//     1996): each trial the cue population (a tapped delay line, unit k
//     on at cue_at + k·dt) and, at reward_at, the reward population at
//     `amount` (× the phase's reward), except on every omit_every-th
//     trial.
//   - bandit: an n-armed bandit trial by trial: the context population
//     (size 1) is on from the start of the trial to `outcome`; at
//     `choose_at` the actor population (size arms) is read and an arm
//     drawn from softmax(β·activity) with β = beta·(1 + confidence); the
//     actor is then clamped to the chosen arm (one-hot) until the
//     outcome and to 0 otherwise; at `outcome` the reward population
//     shows the arm's reward, drawn from N(mean, 1) with means ~ N(0, 1)
//     (Sutton & Barto's testbed).
//   - gridworld: a deterministic grid world (rows of `grid`: . free, #
//     wall, S start, G goal; default Sutton & Barto's maze) walked one
//     move per trial. The state population (one unit per cell) shows
//     the current cell for the whole trial; at `choose_at` the actor
//     (4 units: up, right, down, left) is read and a move drawn as in
//     the bandit, and the actor is clamped to it until the trial ends
//     (0 before the choice). The next trial shows the cell the move led
//     to (a wall or the edge: the same cell). Entering the goal pays 1
//     (× the phase's reward) on the reward population at the first step
//     of the next trial, which shows no cell (the terminal state, worth
//     0) and has no choice; the trial after it starts a new episode at
//     S. An episode longer than max_moves moves is cut and restarted.
type Environment struct {
	Kind string `toml:"kind,omitempty"`

	// patterns
	Input      string      `toml:"input,omitempty"`
	Data       string      `toml:"data,omitempty"`  // gaussian | list
	Order      string      `toml:"order,omitempty"` // random (default) | sequential
	Present    *Time       `toml:"present"`         // a pattern every present; default 10ms
	Rest       *Time       `toml:"rest"`            // of which this much shows 0; default 0
	Mean       []float64   `toml:"mean"`            // gaussian: default 0
	Covariance [][]float64 `toml:"covariance"`      // gaussian: required, symmetric positive definite
	Patterns   [][]float64 `toml:"patterns"`        // list: one row per pattern
	MaxRate    *Frequency  `toml:"max_rate"`        // poisson input: the rate of a pattern value 1; default 100Hz
	Teacher    string      `toml:"teacher,omitempty"`
	Targets    [][]float64 `toml:"targets"`

	// conditioning
	Cue       string   `toml:"cue,omitempty"`
	Reward    string   `toml:"reward,omitempty"` // conditioning, bandit
	Trial     *Time    `toml:"trial"`            // conditioning, bandit: trial length
	CueAt     *Time    `toml:"cue_at"`           // default trial/2
	RewardAt  *Time    `toml:"reward_at"`        // required
	OmitEvery *int     `toml:"omit_every"`       // default 0: none
	Amount    *float64 `toml:"amount"`           // conditioning: reward size; default 1

	// bandit
	Context  string   `toml:"context,omitempty"`
	Actor    string   `toml:"actor,omitempty"`
	Arms     *int     `toml:"arms"`      // default 10
	ChooseAt *Time    `toml:"choose_at"` // required
	Outcome  *Time    `toml:"outcome"`   // required
	Beta     *float64 `toml:"beta"`      // default 1
	Drift    *float64 `toml:"drift"`     // default 0
	Window   *int     `toml:"window"`    // bandit: trials, gridworld: episodes scored at the end of every phase; default a tenth of the phase's

	// gridworld (also reads actor, reward, trial, choose_at, beta, window)
	Grid     []string `toml:"grid"` // rows of . # S G; default Sutton & Barto's 9×6 maze
	State    string   `toml:"state,omitempty"`
	MaxMoves *int     `toml:"max_moves"` // an episode is cut after this many moves; default 10 × the cells

	// boltzmann (also reads patterns and targets, see BoltzmannEnv)
	Output       string      `toml:"output,omitempty"`
	Schedule     [][]float64 `toml:"schedule"`      // annealing: [[sweeps, temperature], ...]; default AHS's 4-2-4 [[2, 20], [2, 15], [2, 12], [4, 10]]
	StatSweeps   *int        `toml:"stat_sweeps"`   // sweeps of statistics at the last temperature; default 10
	Sweep        *Time       `toml:"sweep"`         // steps of one sweep (every unit updated once); default 4 steps
	Annealings   *int        `toml:"annealings"`    // per pattern and phase; default 10
	NoiseOff     *float64    `toml:"noise_off"`     // probability an on unit is clamped off; default 0.15
	NoiseOn      *float64    `toml:"noise_on"`      // probability an off unit is clamped on; default 0.05
	FreeClamp    []string    `toml:"free_clamp"`    // populations clamped to the pattern in the free phase; default none
	Runs         *int        `toml:"runs"`          // independent learning runs; default 1
	MaxCycles    *int        `toml:"max_cycles"`    // learning cycles per run at most; default 5000
	RestartAfter *int        `toml:"restart_after"` // cycles after which an unsolved attempt restarts from zero weights; default 0: never
	CheckEvery   *int        `toml:"check_every"`   // cycles between completion checks; default 10
	SolvedAfter  *int        `toml:"solved_after"`  // completion tests in a row with every pattern right that solve a run; default 5

	// images (also reads input, present, rest and max_rate)
	Count            string     `toml:"count,omitempty"`     // the spiking population whose spikes are counted (re-presentation, labels)
	Dir              string     `toml:"dir,omitempty"`       // MNIST folder; default $BRAINSIM_MNIST or the GoMNIST module's
	TrainRows        *int       `toml:"train_rows"`          // the first train_rows training images; default 60000
	TestRows         *int       `toml:"test_rows"`           // the first test_rows test images; default 10000
	AssignRows       *int       `toml:"assign_rows"`         // the last assign_rows training images label the neurons after training; default 10000 (0: all)
	Epochs           *int       `toml:"epochs"`              // passes over the training images; default 1
	Boost            *Frequency `toml:"boost"`               // added to max_rate at every re-presentation; default 31.875Hz
	MinSpikes        *int       `toml:"min_spikes"`          // fewer spikes of count in a presentation: present again, boosted; default 5
	MaxPresentations *int       `toml:"max_presentations"`   // of one image at most; default 31
	RestMode         string     `toml:"rest_mode,omitempty"` // reset (default) | simulate
	ReportEvery      *int       `toml:"report_every"`        // a row of training statistics every report_every images; default 0: none
}

// Phase is a [[phase]] table: a part of the run.
type Phase struct {
	Name     string   `toml:"name,omitempty"`
	Trials   *int     `toml:"trials"`   // trial-based environments (conditioning, bandit): trials, or patterns: presentations
	Duration *Time    `toml:"duration"` // or a duration
	Reward   *float64 `toml:"reward"`   // rewards are scaled by this; default 1
	Learn    *bool    `toml:"learn"`    // false freezes the activity rules; default true
	// Modulators sets the tonic levels of modulators for the phase, e.g.
	// { confidence = 3 }; each needs a [[modulator]] table, and keeps its
	// level in later phases until one sets it again.
	Modulators map[string]float64 `toml:"modulators"`
}

// Environment kinds.
const (
	EnvPatterns     = "patterns"
	EnvConditioning = "conditioning"
	EnvBandit       = "bandit"
	EnvBoltzmann    = "boltzmann"
	EnvImages       = "images"
	EnvGridworld    = "gridworld"
)

var (
	envKinds = []string{EnvPatterns, EnvConditioning, EnvBandit, EnvGridworld, EnvBoltzmann, EnvImages}
	envKeys  = map[string][]string{
		EnvPatterns:     {"input", "data", "order", "present", "rest", "mean", "covariance", "patterns", "max_rate", "teacher", "targets"},
		EnvConditioning: {"cue", "reward", "trial", "cue_at", "reward_at", "omit_every", "amount"},
		EnvBandit:       {"context", "actor", "reward", "arms", "trial", "choose_at", "outcome", "beta", "drift", "window"},
		EnvGridworld:    {"grid", "state", "actor", "reward", "trial", "choose_at", "beta", "max_moves", "window"},
		EnvBoltzmann: {"input", "output", "patterns", "targets", "schedule", "stat_sweeps", "sweep", "annealings", "noise_off", "noise_on",
			"free_clamp", "runs", "max_cycles", "restart_after", "check_every", "solved_after"},
		EnvImages: {"input", "count", "data", "dir", "train_rows", "test_rows", "assign_rows", "epochs", "present", "rest", "rest_mode",
			"max_rate", "boost", "min_spikes", "max_presentations", "report_every"},
	}
	patternData = []string{"gaussian", "list"}
	orders      = []string{"random", "sequential"}
)

// applyEnvDefaults fills the environment's and the phases' defaults and
// the run's duration from the phases.
func (f *File) applyEnvDefaults(dt float64) {
	e := f.Environment
	for i := range f.Phase {
		p := &f.Phase[i]
		def(&p.Reward, 1)
		def(&p.Learn, true)
	}
	if e == nil {
		return
	}
	switch e.Kind {
	case EnvPatterns:
		if e.Order == "" {
			e.Order = "random"
		}
		def(&e.Present, 10)
		def(&e.Rest, 0)
		if e.MaxRate == nil && e.Input != "" && f.popModel(e.Input) == ModelPoisson {
			def(&e.MaxRate, 100)
		}
	case EnvConditioning:
		def(&e.OmitEvery, 0)
		def(&e.Amount, 1)
		if e.Trial != nil {
			def(&e.CueAt, *e.Trial/2)
		}
	case EnvBandit:
		def(&e.Arms, 10)
		def(&e.Beta, 1)
		def(&e.Drift, 0)
	case EnvGridworld:
		if e.Grid == nil {
			e.Grid = append([]string(nil), DefaultGrid...)
		}
		def(&e.Beta, 1)
		if len(e.Grid) > 0 {
			def(&e.MaxMoves, 10*len(e.Grid)*len(e.Grid[0]))
		}
	case EnvImages:
		if e.Data == "" {
			e.Data = "mnist"
		}
		def(&e.TrainRows, 60000)
		def(&e.TestRows, 10000)
		def(&e.AssignRows, 10000)
		def(&e.Epochs, 1)
		def(&e.Present, 350)
		def(&e.Rest, 150)
		if e.RestMode == "" {
			e.RestMode = "reset"
		}
		def(&e.MaxRate, 63.75)
		def(&e.Boost, 31.875)
		def(&e.MinSpikes, 5)
		def(&e.MaxPresentations, 31)
		def(&e.ReportEvery, 0)
	case EnvBoltzmann:
		if e.Schedule == nil {
			e.Schedule = [][]float64{{2, 20}, {2, 15}, {2, 12}, {4, 10}}
		}
		def(&e.StatSweeps, 10)
		def(&e.Sweep, Time(4*dt))
		def(&e.Annealings, 10)
		def(&e.NoiseOff, 0.15)
		def(&e.NoiseOn, 0.05)
		def(&e.Runs, 1)
		def(&e.MaxCycles, 5000)
		def(&e.RestartAfter, 0)
		def(&e.CheckEvery, 10)
		def(&e.SolvedAfter, 5)
	}
	if f.Experiment.Duration == nil && len(f.Phase) > 0 {
		if d, ok := f.phaseDuration(); ok {
			f.Experiment.Duration = &d
		}
	}
}

// popModel is the model of the population "region.population", or "".
func (f *File) popModel(ref string) string {
	for _, r := range f.Regions {
		for _, p := range r.Population {
			if r.Name+"."+p.Name == ref {
				return p.Model
			}
		}
	}
	return ""
}

// EndsRun reports whether the environment ends the run itself when its
// protocol is done (images, boltzmann), so that experiment.duration may be
// left out (then the run has no other end; given, it is an upper bound).
func (e *Environment) EndsRun() bool {
	return e != nil && (e.Kind == EnvImages || e.Kind == EnvBoltzmann)
}

// PeriodOf is the length of one trial (or presentation) of the
// environment, or 0.
func (e *Environment) PeriodOf() Time {
	switch {
	case e == nil:
		return 0
	case e.Kind == EnvPatterns && e.Present != nil:
		return *e.Present
	case e.Trial != nil:
		return *e.Trial
	}
	return 0
}

// phaseDuration is the sum of the phases' durations.
func (f *File) phaseDuration() (Time, bool) {
	var d Time
	per := f.Environment.PeriodOf()
	for _, p := range f.Phase {
		switch {
		case p.Duration != nil:
			d += *p.Duration
		case p.Trials != nil && per > 0:
			d += Time(float64(*p.Trials) * float64(per))
		default:
			return 0, false
		}
	}
	return d, true
}

// wholeSteps converts a time to whole steps, or reports it is not a multiple of
// dt.
func (v *validator) wholeSteps(p keyPath, t *Time, what string) (int64, bool) {
	if t == nil {
		return 0, false
	}
	s := float64(*t) / v.dt
	if !(s >= 0) || math.Abs(s-math.Round(s)) > 1e-6 {
		v.errf(p, "%s %s is not a whole number of steps of dt (%s)", what, *t, Time(v.dt))
		return 0, false
	}
	return int64(math.Round(s)), true
}

// environment validates [environment] and [[phase]].
func (v *validator) environment() {
	f := v.f
	e := f.Environment
	ep := keyPath{}.key("environment")
	for i := range f.Phase {
		p := &f.Phase[i]
		pp := keyPath{}.key("phase").idx(i)
		if e == nil {
			v.errf(pp, "[[phase]] needs an [environment] to schedule")
			break
		}
		switch {
		case p.Trials != nil && p.Duration != nil:
			v.errf(pp.key("trials"), "give trials or duration, not both")
		case p.Trials != nil && *p.Trials < 1:
			v.errf(pp.key("trials"), "must be >= 1, got %d", *p.Trials)
		case p.Duration != nil:
			if n, ok := v.wholeSteps(pp.key("duration"), p.Duration, "duration"); ok && n < 1 {
				v.errf(pp.key("duration"), "must be at least dt (%s)", Time(v.dt))
			}
		case p.Trials == nil:
			v.errf(pp.key("trials"), "required (or duration)")
		}
		if p.Reward != nil && (math.IsNaN(*p.Reward) || math.IsInf(*p.Reward, 0)) {
			v.errf(pp.key("reward"), "must be finite, got %v", *p.Reward)
		}
		for _, name := range slices.Sorted(maps.Keys(p.Modulators)) {
			x := p.Modulators[name]
			switch {
			case !contains(ModulatorNames, name):
				v.errf(pp.key("modulators").key(name), "%s", oneOf("modulator", name, ModulatorNames))
			case !f.HasModulator(name):
				v.errf(pp.key("modulators").key(name), "needs a [[modulator]] table named %s", name)
			case math.IsNaN(x) || math.IsInf(x, 0):
				v.errf(pp.key("modulators").key(name), "must be finite, got %v", x)
			}
		}
	}
	if e == nil {
		return
	}
	if f.Experiment.Mode == ModeTrain {
		v.errf(ep, "an [environment] runs in simulate mode; train mode has [[task]]s")
		return
	}
	if !contains(envKinds, e.Kind) {
		v.errf(ep.key("kind"), "%s", oneOf("environment kind", e.Kind, envKinds))
		return
	}
	v.onlyKeys(ep, reflect.ValueOf(e).Elem(), append([]string{"kind"}, envKeys[e.Kind]...), "environment kind "+e.Kind)
	if len(f.Phase) > 0 && f.Experiment.Duration != nil {
		if d, ok := f.phaseDuration(); ok && math.Abs(float64(d-*f.Experiment.Duration)) > 1e-9*float64(d) {
			v.errf(keyPath{}.key("experiment").key("duration"), "%s, but the phases last %s; leave duration out to run the phases", *f.Experiment.Duration, d)
		}
	}
	// pop checks a population reference: it exists, is a rate population
	// (or one of the other models allowed) and, when size >= 0, has that
	// many units.
	pop := func(key, ref string, size int, models ...string) *Population {
		if len(models) == 0 {
			models = []string{ModelRate}
		}
		p, ok := v.lookupPop(ep.key(key), ref)
		if !ok {
			return nil
		}
		if !contains(models, p.p.Model) {
			v.errf(ep.key(key), "%q is a %s population; the environment drives %s populations here", ref, p.p.Model, strings.Join(models, " or "))
			return nil
		}
		if size >= 0 && p.p.Size != nil && *p.p.Size != size {
			v.errf(ep.key(key), "%q has %d units, want %d", ref, *p.p.Size, size)
		}
		return p.p
	}
	inTrial := func(key string, t *Time, trial int64, required bool) int64 {
		if t == nil {
			if required {
				v.errf(ep.key(key), "required")
			}
			return -1
		}
		s, ok := v.wholeSteps(ep.key(key), t, key)
		if ok && trial > 0 && s >= trial {
			v.errf(ep.key(key), "%s is not within the trial (%s)", *t, *e.Trial)
			return -1
		}
		if !ok {
			return -1
		}
		return s
	}
	var trial int64
	if e.Kind == EnvBoltzmann {
		v.boltzmannEnv(ep, e)
		return
	}
	if e.Kind == EnvImages {
		v.imagesEnv(ep, e)
		return
	}
	if e.Kind != EnvPatterns {
		if e.Trial == nil {
			v.errf(ep.key("trial"), "required, the length of a trial, e.g. trial = \"60ms\"")
		} else if s, ok := v.wholeSteps(ep.key("trial"), e.Trial, "trial"); ok {
			if s < 2 {
				v.errf(ep.key("trial"), "a trial needs at least 2 steps, got %s", *e.Trial)
			}
			trial = s
		}
	}
	switch e.Kind {
	case EnvPatterns:
		v.patternsEnv(ep, e, pop)
	case EnvConditioning:
		pop("cue", e.Cue, -1)
		pop("reward", e.Reward, -1)
		cue := inTrial("cue_at", e.CueAt, trial, true)
		rew := inTrial("reward_at", e.RewardAt, trial, true)
		if cue >= 0 && rew >= 0 && rew <= cue {
			v.errf(ep.key("reward_at"), "%s is not after cue_at %s", *e.RewardAt, *e.CueAt)
		}
		if e.OmitEvery != nil && *e.OmitEvery < 0 {
			v.errf(ep.key("omit_every"), "must be >= 0, got %d", *e.OmitEvery)
		}
		if e.Amount != nil && (math.IsNaN(*e.Amount) || math.IsInf(*e.Amount, 0)) {
			v.errf(ep.key("amount"), "must be finite, got %v", *e.Amount)
		}
	case EnvBandit:
		arms := -1
		if e.Arms != nil {
			if *e.Arms < 2 {
				v.errf(ep.key("arms"), "must be >= 2, got %d", *e.Arms)
			} else {
				arms = *e.Arms
			}
		}
		pop("context", e.Context, 1)
		pop("actor", e.Actor, arms)
		pop("reward", e.Reward, -1)
		ch := inTrial("choose_at", e.ChooseAt, trial, true)
		out := inTrial("outcome", e.Outcome, trial, true)
		if ch >= 0 && out >= 0 && out <= ch+1 {
			v.errf(ep.key("outcome"), "%s must be at least two steps after choose_at %s (the choice is read one step after choose_at)", *e.Outcome, *e.ChooseAt)
		}
		if e.Beta != nil && !(*e.Beta >= 0) || e.Beta != nil && math.IsInf(*e.Beta, 0) {
			v.errf(ep.key("beta"), "must be finite and >= 0, got %v", *e.Beta)
		}
		if e.Drift != nil && !(*e.Drift >= 0) {
			v.errf(ep.key("drift"), "must be >= 0, got %v", *e.Drift)
		}
		if e.Window != nil && *e.Window < 1 {
			v.errf(ep.key("window"), "must be >= 1, got %d", *e.Window)
		}
	case EnvGridworld:
		cells := -1
		n := len(v.errs)
		v.grid(ep.key("grid"), e.Grid)
		if len(v.errs) == n {
			cells = len(e.Grid) * len(e.Grid[0])
		}
		pop("state", e.State, cells)
		pop("actor", e.Actor, 4)
		pop("reward", e.Reward, -1)
		if ch := inTrial("choose_at", e.ChooseAt, trial, true); ch >= 0 && trial > 0 && ch+1 >= trial {
			v.errf(ep.key("choose_at"), "%s leaves no step of the trial (%s) for the chosen move: the choice is read one step after choose_at", *e.ChooseAt, *e.Trial)
		}
		if e.Beta != nil && !(*e.Beta >= 0) || e.Beta != nil && math.IsInf(*e.Beta, 0) {
			v.errf(ep.key("beta"), "must be finite and >= 0, got %v", *e.Beta)
		}
		if e.MaxMoves != nil && *e.MaxMoves < 1 {
			v.errf(ep.key("max_moves"), "must be >= 1, got %d", *e.MaxMoves)
		}
		if e.Window != nil && *e.Window < 1 {
			v.errf(ep.key("window"), "must be >= 1, got %d", *e.Window)
		}
	}
}

// patternsEnv validates a patterns environment.
func (v *validator) patternsEnv(ep keyPath, e *Environment, pop func(string, string, int, ...string) *Population) {
	in := pop("input", e.Input, -1, ModelRate, ModelPoisson)
	n := -1
	if in != nil && in.Size != nil {
		n = *in.Size
	}
	if !contains(patternData, e.Data) {
		v.errf(ep.key("data"), "%s", oneOf("data", e.Data, patternData))
	}
	if !contains(orders, e.Order) {
		v.errf(ep.key("order"), "%s", oneOf("order", e.Order, orders))
	}
	present, okP := v.wholeSteps(ep.key("present"), e.Present, "present")
	if okP && present < 1 {
		v.errf(ep.key("present"), "must be at least dt (%s)", Time(v.dt))
	}
	if rest, ok := v.wholeSteps(ep.key("rest"), e.Rest, "rest"); ok && okP && rest >= present {
		v.errf(ep.key("rest"), "%s leaves no time of the presentation (%s) to show the pattern", *e.Rest, *e.Present)
	}
	rows := 0
	switch e.Data {
	case "gaussian":
		if e.Patterns != nil {
			v.errf(ep.key("patterns"), "data = \"gaussian\" draws its patterns; patterns are for data = \"list\"")
		}
		if e.Covariance == nil {
			v.errf(ep.key("covariance"), "required for data = \"gaussian\": an n x n matrix for the %d input units", max(n, 0))
			break
		}
		if n >= 0 && len(e.Covariance) != n {
			v.errf(ep.key("covariance"), "has %d rows for %d input units", len(e.Covariance), n)
		}
		for i, row := range e.Covariance {
			if len(row) != len(e.Covariance) {
				v.errf(ep.key("covariance").idx(i), "row %d has %d values, want %d (a square matrix)", i, len(row), len(e.Covariance))
				return
			}
			for j := range row {
				if e.Covariance[j][i] != row[j] {
					v.errf(ep.key("covariance"), "is not symmetric: [%d][%d] = %v, [%d][%d] = %v", i, j, row[j], j, i, e.Covariance[j][i])
					return
				}
			}
		}
		if !positiveDefinite(e.Covariance) {
			v.errf(ep.key("covariance"), "is not positive definite")
		}
		if e.Mean != nil && len(e.Mean) != len(e.Covariance) {
			v.errf(ep.key("mean"), "has %d values for %d input units", len(e.Mean), len(e.Covariance))
		}
	case "list":
		if e.Covariance != nil || e.Mean != nil {
			v.errf(ep.key("covariance"), "mean and covariance are for data = \"gaussian\"")
		}
		if len(e.Patterns) == 0 {
			v.errf(ep.key("patterns"), "required for data = \"list\": one row of %d values per pattern", max(n, 0))
		}
		for i, row := range e.Patterns {
			if n >= 0 && len(row) != n {
				v.errf(ep.key("patterns").idx(i), "pattern %d has %d values for %d input units", i, len(row), n)
			}
			for _, x := range row {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					v.errf(ep.key("patterns").idx(i), "pattern %d has a value %v; want finite values", i, x)
					break
				}
			}
		}
		rows = len(e.Patterns)
	}
	if in != nil && in.Model == ModelPoisson {
		if e.MaxRate == nil || !(*e.MaxRate >= 0) {
			v.errf(ep.key("max_rate"), "required >= 0 for a poisson input")
		}
		for i, row := range e.Patterns {
			if slices.ContainsFunc(row, func(x float64) bool { return x < 0 }) {
				v.errf(ep.key("patterns").idx(i), "pattern %d has a negative value; a poisson input needs rates >= 0", i)
			}
		}
		if e.MaxRate != nil && float64(*e.MaxRate)*v.dt/1000 > 1 {
			v.errf(ep.key("max_rate"), "%s gives more than one spike per step of %s", *e.MaxRate, Time(v.dt))
		}
	} else if e.MaxRate != nil {
		v.errf(ep.key("max_rate"), "applies to a poisson input only")
	}
	if (e.Teacher == "") != (e.Targets == nil) {
		v.errf(ep.key("teacher"), "teacher and targets go together: the teacher population shows the target of each pattern")
	} else if e.Teacher != "" {
		t := pop("teacher", e.Teacher, -1)
		if e.Data != "list" {
			v.errf(ep.key("targets"), "targets need data = \"list\" (one target per pattern)")
		} else if len(e.Targets) != rows {
			v.errf(ep.key("targets"), "%d targets for %d patterns", len(e.Targets), rows)
		}
		for i, row := range e.Targets {
			if t != nil && t.Size != nil && len(row) != *t.Size {
				v.errf(ep.key("targets").idx(i), "target %d has %d values for %d teacher units", i, len(row), *t.Size)
			}
		}
	}
}

// recordModulator validates a [[record]] of a modulator level.
func (v *validator) recordModulator(rp keyPath, r *Record) {
	if !contains(ModulatorNames, r.Modulator) {
		v.errf(rp.key("modulator"), "%s", oneOf("modulator", r.Modulator, ModulatorNames))
	}
	if r.Population != "" || r.Variable != "" || r.Neurons != nil {
		v.errf(rp.key("modulator"), "a record of a modulator takes modulator and every only, not population, variable or neurons")
	}
	if r.Every != nil {
		every, ok := v.wholeSteps(rp.key("every"), r.Every, "every")
		if d := v.f.Experiment.Duration; ok && every >= 1 && d != nil {
			// 16 bytes a sample (step and level), held until the run ends.
			if n := float64(*d) / v.dt / float64(every); n*16 > MaxRecordBytes {
				v.errf(rp.key("every"), "records %.3g samples of %s (%.3g GB) over %s; at most %.3g GB: sample less often", n, r.Modulator, n*16/1e9, *d, MaxRecordBytes/1e9)
			}
		}
	}
}

// MaxRecordBytes bounds what a modulator record holds in memory.
const MaxRecordBytes = 2e9

// PhaseName names phase i.
func (f *File) PhaseName(i int) string {
	if f.Phase[i].Name != "" {
		return f.Phase[i].Name
	}
	return fmt.Sprintf("phase %d", i+1)
}

// boltzmannEnv validates a boltzmann environment.
func (v *validator) boltzmannEnv(ep keyPath, e *Environment) {
	binPop := func(key, ref string) *Population {
		p, ok := v.lookupPop(ep.key(key), ref)
		if !ok {
			return nil
		}
		if p.p.Model != ModelBinary {
			v.errf(ep.key(key), "%q is a %s population; a boltzmann environment clamps binary populations", ref, p.p.Model)
			return nil
		}
		return p.p
	}
	in, out := binPop("input", e.Input), binPop("output", e.Output)
	if !slices.ContainsFunc(v.f.Projection, func(p Projection) bool { return p.Plasticity.Rule == PlasticBoltzmann }) {
		v.errf(ep.key("kind"), "a boltzmann environment trains projections with rule boltzmann; this experiment has none")
	}
	rows := func(key string, list [][]float64, pop *Population) {
		if len(list) == 0 {
			v.errf(ep.key(key), "required: one row of 0s and 1s per pattern")
		}
		for i, row := range list {
			if pop != nil && pop.Size != nil && len(row) != *pop.Size {
				v.errf(ep.key(key).idx(i), "row %d has %d values for %d units", i, len(row), *pop.Size)
			}
			for _, x := range row {
				if x != 0 && x != 1 {
					v.errf(ep.key(key).idx(i), "row %d has %v; binary units take 0 or 1", i, x)
					break
				}
			}
		}
	}
	rows("patterns", e.Patterns, in)
	rows("targets", e.Targets, out)
	if len(e.Targets) != len(e.Patterns) {
		v.errf(ep.key("targets"), "%d targets for %d patterns", len(e.Targets), len(e.Patterns))
	}
	if len(e.Schedule) == 0 {
		v.errf(ep.key("schedule"), "needs at least one [sweeps, temperature] stage")
	}
	for i, st := range e.Schedule {
		if len(st) != 2 || st[0] < 1 || st[0] != math.Trunc(st[0]) || !(st[1] > 0) || math.IsInf(st[1], 0) {
			v.errf(ep.key("schedule").idx(i), "want [sweeps, temperature] with whole sweeps >= 1 and a finite temperature > 0, got %v", st)
		}
	}
	sweep, ok := v.wholeSteps(ep.key("sweep"), e.Sweep, "sweep")
	if ok && sweep < 1 {
		v.errf(ep.key("sweep"), "must be at least dt (%s)", Time(v.dt))
	}
	for _, x := range []struct {
		key string
		n   *int
		min int
	}{{"stat_sweeps", e.StatSweeps, 1}, {"annealings", e.Annealings, 1}, {"runs", e.Runs, 1}, {"max_cycles", e.MaxCycles, 1},
		{"restart_after", e.RestartAfter, 0}, {"check_every", e.CheckEvery, 1}, {"solved_after", e.SolvedAfter, 1}} {
		if x.n != nil && *x.n < x.min {
			v.errf(ep.key(x.key), "must be >= %d, got %d", x.min, *x.n)
		}
	}
	for _, x := range []struct {
		key string
		p   *float64
	}{{"noise_off", e.NoiseOff}, {"noise_on", e.NoiseOn}} {
		if x.p != nil && !(*x.p >= 0 && *x.p <= 1) {
			v.errf(ep.key(x.key), "%v is not a probability", *x.p)
		}
	}
	for i, ref := range e.FreeClamp {
		if ref != e.Input && ref != e.Output {
			v.errf(ep.key("free_clamp").idx(i), "%q: the free phase can clamp the input %q or the output %q", ref, e.Input, e.Output)
		}
	}
	// Every binary population updates once a sweep.
	for _, name := range v.popNames {
		p := v.pops[name].p
		if p.Model == ModelBinary && p.UpdateEvery != nil && ok && int64(*p.UpdateEvery) != sweep {
			v.errf(ep.key("sweep"), "a sweep is %d steps, but %s updates every %d steps; every binary unit must update once a sweep", sweep, name, *p.UpdateEvery)
		}
	}
}

// imagesEnv validates an images environment.
func (v *validator) imagesEnv(ep keyPath, e *Environment) {
	if len(v.f.Phase) > 0 {
		v.errf(keyPath{}.key("phase"), "an images environment runs its own stages (train, label, test); leave out [[phase]]")
	}
	if p, ok := v.lookupPop(ep.key("input"), e.Input); ok {
		if p.p.Model != ModelPoisson {
			v.errf(ep.key("input"), "%q is a %s population; images are shown as the rates of a poisson population", e.Input, p.p.Model)
		} else if p.p.Size != nil && *p.p.Size != 784 {
			v.errf(ep.key("input"), "%q has %d units; an MNIST image has 784 pixels", e.Input, *p.p.Size)
		}
	}
	if p, ok := v.lookupPop(ep.key("count"), e.Count); ok && !spiking(p.p.Model) {
		v.errf(ep.key("count"), "%q is a %s population; the environment counts spikes", e.Count, p.p.Model)
	}
	if e.Data != "mnist" {
		v.errf(ep.key("data"), "%s", oneOf("data", e.Data, []string{"mnist"}))
	}
	for _, x := range []struct {
		key      string
		n        *int
		min, max int
	}{{"train_rows", e.TrainRows, 1, 60000}, {"test_rows", e.TestRows, 0, 10000}, {"assign_rows", e.AssignRows, 0, 60000},
		{"epochs", e.Epochs, 1, 1000}, {"min_spikes", e.MinSpikes, 0, math.MaxInt32}, {"max_presentations", e.MaxPresentations, 1, 1000},
		{"report_every", e.ReportEvery, 0, math.MaxInt32}} {
		if x.n != nil && (*x.n < x.min || *x.n > x.max) {
			v.errf(ep.key(x.key), "must be in [%d, %d], got %d", x.min, x.max, *x.n)
		}
	}
	if e.AssignRows != nil && e.TrainRows != nil && *e.AssignRows > *e.TrainRows {
		v.errf(ep.key("assign_rows"), "%d is more than the %d training images", *e.AssignRows, *e.TrainRows)
	}
	if n, ok := v.wholeSteps(ep.key("present"), e.Present, "present"); ok && n < 1 {
		v.errf(ep.key("present"), "must be at least dt (%s)", Time(v.dt))
	}
	v.wholeSteps(ep.key("rest"), e.Rest, "rest")
	if e.RestMode != "reset" && e.RestMode != "simulate" {
		v.errf(ep.key("rest_mode"), "%s", oneOf("rest_mode", e.RestMode, []string{"reset", "simulate"}))
	}
	if e.MaxRate != nil && e.Boost != nil && e.MaxPresentations != nil {
		top := float64(*e.MaxRate) + float64(*e.Boost)*float64(*e.MaxPresentations-1)
		if !(float64(*e.MaxRate) >= 0 && float64(*e.Boost) >= 0) || top*v.dt/1000 > 1 {
			v.errf(ep.key("max_rate"), "max_rate %s and boost %s reach %s after %d presentations: more than one spike per step of %s", *e.MaxRate, *e.Boost, Frequency(top), *e.MaxPresentations, Time(v.dt))
		}
	}
}

// positiveDefinite reports whether the symmetric matrix a is positive
// definite (it has a Cholesky factor).
func positiveDefinite(a [][]float64) bool {
	n := len(a)
	flat := make([]float64, 0, n*n)
	for _, row := range a {
		flat = append(flat, row...)
	}
	var ch mat.Cholesky
	return ch.Factorize(mat.NewSymDense(n, flat))
}
