package registry

import (
	"math/rand/v2"

	"github.com/brainsim/brainsim/neuron"
)

// Current is a kind of injected current: one value of the kind key of a
// [[current]], whose keys besides target, kind, start, stop and neurons
// decode into its parameter struct.
type Current struct {
	Name string // the value of kind = "..."
	Doc  string // one line
	// Params returns a new parameter struct (a pointer) holding the
	// defaults.
	Params func() any
	// Check validates the decoded parameters (c.Dt is set); nil: nothing
	// to check.
	Check func(p any, c *Check)
	// Build makes the current.
	Build func(p any, b *CurrentBuild) neuron.Stimulus
}

// CurrentBuild is what a current's Build sees of the [[current]].
type CurrentBuild struct {
	Start, Stop int64 // the active steps [Start, Stop); Stop -1: to the end of the run
	Units       []int // the units it enters; nil: all
	// Steps is a time in ms as a number of steps.
	Steps func(ms float64) int64
	// Rand returns the current's random stream ("current", its index,
	// its target).
	Rand func() *rand.Rand
}

var currents = map[string]*Current{}

// RegisterCurrent adds a kind of current; it panics on a duplicate or
// incomplete entry.
func RegisterCurrent(k Current) {
	if k.Name == "" || k.Params == nil || k.Build == nil {
		panic("registry: current " + k.Name + " needs a name, Params and Build")
	}
	mu.Lock()
	defer mu.Unlock()
	if _, dup := currents[k.Name]; dup {
		panic("registry: current " + k.Name + " registered twice")
	}
	currents[k.Name] = &k
}

// LookupCurrent returns the kind of current registered as name.
func LookupCurrent(name string) (*Current, bool) {
	mu.RLock()
	defer mu.RUnlock()
	k, ok := currents[name]
	return k, ok
}

// CurrentNames lists the registered kinds of current, sorted.
func CurrentNames() []string { return names(currents) }
