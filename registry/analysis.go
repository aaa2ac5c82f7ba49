package registry

import (
	"math/rand/v2"

	"github.com/brainsim/brainsim/cortex"
	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/synapse"
)

// Analysis is a measurement of a simulate-mode run: one value of the kind
// key of an [[analysis]] table, whose other keys decode into its
// parameter struct. It watches populations while the run goes (through
// cortex probes, in the regions' goroutines, so runs stay bit-identical
// for any GOMAXPROCS) and gives result tables and figures at the end, as
// an environment does, but never acts on the network: any experiment can
// have several, beside its environment.
type Analysis struct {
	Name string // the value of kind = "..."
	Doc  string // one line
	// Params returns a new parameter struct (a pointer) holding the
	// defaults.
	Params func() any
	// Check validates the decoded parameters (c.Pop, c.Pops and c.Dt
	// are set); nil: nothing to check.
	Check func(p any, c *Check)
	// Build makes the analysis of a validated file; its Attach adds its
	// probes.
	Build func(p any, h AnalysisHost) (Env, error)
	// Figures are the figures the analysis can draw (see Plotter).
	Figures []string
}

// AnalysisHost is what an analysis's Build sees of the network.
type AnalysisHost interface {
	Net() *cortex.Network
	// Population is the population "region.population"; nil for none.
	Population(name string) *cortex.Population
	// Receptors are the receptors of a population fed by the projections
	// and inputs with receptor = label ("exc" or "inh").
	Receptors(pop *cortex.Population, label string) []*neuron.Receptor
	// Sheet is the population's sheet; nil for none.
	Sheet(pop *cortex.Population) *synapse.Sheet
	// Rand is the analysis's own random stream.
	Rand() *rand.Rand
	// Steps is a time in ms as a number of steps.
	Steps(ms float64) int64
	// Duration is the run's length in steps (0 when an environment ends
	// it).
	Duration() int64
	// Stopped reports that the run was interrupted (Ctrl-C): an analysis
	// whose computation takes long gives up and says so.
	Stopped() bool
}

var analyses = map[string]*Analysis{}

// RegisterAnalysis adds an analysis kind; it panics on a duplicate or
// incomplete entry.
func RegisterAnalysis(a Analysis) {
	if a.Name == "" || a.Params == nil || a.Build == nil {
		panic("registry: analysis " + a.Name + " needs a name, Params and Build")
	}
	mu.Lock()
	defer mu.Unlock()
	if _, dup := analyses[a.Name]; dup {
		panic("registry: analysis " + a.Name + " registered twice")
	}
	analyses[a.Name] = &a
}

// LookupAnalysis returns the analysis kind registered as name.
func LookupAnalysis(name string) (*Analysis, bool) {
	mu.RLock()
	defer mu.RUnlock()
	a, ok := analyses[name]
	return a, ok
}

// AnalysisNames lists the registered analysis kinds, sorted.
func AnalysisNames() []string { return names(analyses) }
