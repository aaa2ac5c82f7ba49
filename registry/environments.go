package registry

import (
	"math/rand/v2"

	"github.com/brainsim/brainsim/cortex"
	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/synapse"
)

// Environment is a kind of task around a network of simulate mode: one
// value of the kind key of the [environment] table, whose other keys
// decode into its parameter struct. It acts on the network through
// cortex operations, at fixed steps while no region runs.
type Environment struct {
	Name string // the value of kind = "..."
	Doc  string // one line
	// EndsRun: the environment stops the run when its protocol is done,
	// so experiment.duration may be left out.
	EndsRun bool
	// OwnStages: the environment runs its own stages; [[phase]] tables
	// are an error.
	OwnStages bool
	// Confidence: its choices read the confidence modulator (inverse
	// temperature beta·(1 + confidence)).
	Confidence bool
	// Normalizes: the weights of the projections with a normalize key are
	// scaled before every presentation.
	Normalizes bool
	// Params returns a new parameter struct (a pointer) holding the
	// defaults.
	Params func() any
	// Period returns the length in ms of one trial or presentation of
	// the environment with parameters p (a phase of n trials lasts n
	// periods), 0 for none; nil: none.
	Period func(p any) float64
	// Check validates the decoded parameters and fills the defaults that
	// depend on other keys or on the network (c.Pop, c.Pops, c.Plastic
	// and c.Dt are set); nil: nothing to check.
	Check func(p any, c *Check)
	// Build makes the environment of a validated file.
	Build func(p any, h EnvHost) (Env, error)
	// Figures are the figures a run of the environment can draw (see
	// Plotter), described with DescribeFigure.
	Figures []string
}

// Plotter is an Env that gives figures of its run: Plots after the run
// (steps simulated), one per figure name it has data for.
type Plotter interface {
	Plots(steps int64) []Plot
}

// Plot is a figure of curves over one x axis.
type Plot struct {
	Figure                string // the figure's name ([report] figures)
	Title, XLabel, YLabel string
	// Series names what the plot is of (a population) when several
	// plots draw one figure: their curves are drawn together, each named
	// "series: curve".
	Series string
	LogX   bool // a logarithmic x axis
	Curves []Curve
	// Grids, when set, make the figure a grid of heat maps (frames of
	// activity on a sheet) instead of curves.
	Grids []Grid
}

// Grid is one heat map of a figure: Values on a Rows × Cols grid, row
// by row from the top, coloured from Min to Max (both 0: the values'
// range).
type Grid struct {
	Title      string
	Rows, Cols int
	Values     []float64
	Min, Max   float64
}

// Curve is a named line of points.
type Curve struct {
	Name string
	X, Y []float64
}

// Env is a built environment.
type Env interface {
	// Attach adds the environment's operations to the network.
	Attach() error
	// Tables are the environment's result tables after steps steps.
	Tables(steps int64) []Table
}

// Table is a table of a run's result.
type Table struct {
	Title   string   `json:"title"`
	Columns []string `json:"columns"`
	Rows    [][]any  `json:"rows"`
}

// Phases is the schedule of a run ([[phase]] tables; without any the run
// is one phase, "run"): phase k covers steps [Start[k], Start[k+1]).
type Phases struct {
	Names  []string
	Start  []int64
	Reward []float64 // the scale of the rewards
	Learn  []bool    // whether the rules learn
	Trials []int64   // trials (presentations) of each phase, 0 for a duration
	Mods   []map[string]float64
}

// At is the phase of step t (the last phase past the end).
func (s *Phases) At(t int64) int {
	for k := 1; k < len(s.Start)-1; k++ {
		if t < s.Start[k] {
			return k - 1
		}
	}
	return len(s.Start) - 2
}

// Clamp holds a rate population at the values V the environment writes;
// Pop.Free holds the activity its units would have unclamped.
type Clamp struct {
	Pop *neuron.Rate
	V   []float32
}

// EnvHost is what an environment's Build sees of the network it acts on.
type EnvHost interface {
	// Net is the network.
	Net() *cortex.Network
	// Pops are its populations, in file order.
	Pops() []*cortex.Population
	// Projections are the [[projection]]s, in file order.
	Projections() []*synapse.Projection
	// Rand is the environment's random stream ("environment").
	Rand() *rand.Rand
	// Steps is a time in ms as a number of steps.
	Steps(ms float64) int64
	// Phases is the run's schedule.
	Phases() *Phases
	// Clamp clamps the rate population name.
	Clamp(name string) (*Clamp, error)
	// SetLearn gates the learning of the rules.
	SetLearn(on bool)
	// Normalizer returns a function that scales the weights of the
	// projections with a normalize key into every target to their sums.
	Normalizer() (func(), error)
	// CriticLag is the number of steps from an environment's time to the
	// dopamine level that carries the td critic's δ of it (0: no
	// critic); known once the network is built.
	CriticLag() int64
}

var environments = map[string]*Environment{}

// RegisterEnvironment adds an environment kind; it panics on a duplicate
// or incomplete entry.
func RegisterEnvironment(e Environment) {
	if e.Name == "" || e.Params == nil || e.Build == nil {
		panic("registry: environment " + e.Name + " needs a name, Params and Build")
	}
	mu.Lock()
	defer mu.Unlock()
	if _, dup := environments[e.Name]; dup {
		panic("registry: environment " + e.Name + " registered twice")
	}
	environments[e.Name] = &e
}

// LookupEnvironment returns the environment kind registered as name.
func LookupEnvironment(name string) (*Environment, bool) {
	mu.RLock()
	defer mu.RUnlock()
	e, ok := environments[name]
	return e, ok
}

// EnvironmentNames lists the registered environment kinds, sorted.
func EnvironmentNames() []string { return names(environments) }

// Patterns is implemented by the parameters of an environment that
// presents patterns to an input population, for the tables of the
// activity rules that learn from them.
type Patterns interface {
	// PatternInput is the input population, "region.population".
	PatternInput() string
	// PatternCovariance is the covariance of gaussian patterns; nil for
	// patterns listed.
	PatternCovariance() [][]float64
	// PatternList are the patterns listed; nil for gaussian ones.
	PatternList() [][]float64
}
