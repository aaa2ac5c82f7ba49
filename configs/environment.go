package configs

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
