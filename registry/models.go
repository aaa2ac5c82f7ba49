package registry

import (
	"math/rand/v2"

	"github.com/brainsim/brainsim/neuron"
)

// Model is a unit model: one value of a population's model key. The
// population section's keys besides the common ones (name, size, model,
// sheet, and exc_init, inh_init, activity_tau where the model has them)
// decode into its parameter struct.
type Model struct {
	Name string // the value of model = "..."
	Doc  string // one line
	// Spiking: the units emit spikes (a pathway can carry them, an
	// environment can count them, activity_tau filters them); else they
	// report a rate or a state.
	Spiking bool
	// Receives lists the synapse kinds the units can receive; nil: a
	// source, which nothing can connect to.
	Receives []string
	// Resistance: the units have a membrane resistance, so a current
	// weight may be given in mV (meaning R·I).
	Resistance bool
	// ReceptorInit: exc_init and inh_init may start the receptors fed by
	// the population's projections and inputs.
	ReceptorInit bool
	// Vars lists what a [[record]] can ask of the units.
	Vars []string
	// Params returns a new parameter struct (a pointer) holding the
	// defaults.
	Params func() any
	// Check validates the decoded parameters (c.Dt and c.Size are set)
	// and fills defaults that depend on other keys; nil: nothing to check.
	Check func(p any, c *Check)
	// Size returns the number of units the parameters imply (spike
	// lists: one per list), or 0 when they imply none; the population's
	// size then defaults to it and must equal it. Nil: none.
	Size func(p any) int
	// Build makes the units.
	Build func(p any, b *Build) (neuron.Population, error)
}

// Build is what a model's Build sees of the network it builds into.
type Build struct {
	Name string  // "region.population"
	Size int     // units
	Dt   float64 // the step, ms
	// Rand returns the random stream named by parts for this population
	// (the network's stream "part0\x00name\x00..."): "init" draws
	// initial values, a source its spikes.
	Rand func(part string) *rand.Rand
}

// Period is implemented by the parameters of a model whose units update
// only every so many steps (binary units).
type Period interface{ UpdatePeriod() int64 }

// Transfer is implemented by the parameters of a model of rate units:
// the name of their transfer function (a train-mode layer's activation).
type Transfer interface{ TransferName() string }

// EulerDecay is implemented by the parameters of a model that can decay
// its receptors by forward Euler instead of exactly.
type EulerDecay interface{ EulerDecay() bool }

var models = map[string]*Model{}

// RegisterModel adds a unit model; it panics on a duplicate or
// incomplete entry.
func RegisterModel(m Model) {
	if m.Name == "" || m.Params == nil || m.Build == nil {
		panic("registry: model " + m.Name + " needs a name, Params and Build")
	}
	mu.Lock()
	defer mu.Unlock()
	if _, dup := models[m.Name]; dup {
		panic("registry: model " + m.Name + " registered twice")
	}
	models[m.Name] = &m
}

// LookupModel returns the unit model registered as name.
func LookupModel(name string) (*Model, bool) {
	mu.RLock()
	defer mu.RUnlock()
	m, ok := models[name]
	return m, ok
}

// ModelNames lists the registered unit models, sorted.
func ModelNames() []string { return names(models) }
