package registry

import (
	"github.com/brainsim/brainsim/synapse"
	"github.com/brainsim/brainsim/units"
)

// Plasticity is a plasticity rule of simulate mode: one value of the rule
// key of a projection's [projection.plasticity] table. The table's other
// keys decode into its parameter struct.
type Plasticity struct {
	Name string // the value of rule = "..."
	Doc  string // one line
	// Static: the synapses keep the weights they were built with and
	// transmit as built; Build makes no rule. The static rule is the
	// rule of a projection without a plasticity table (one entry has it).
	Static bool
	// NeedsDelay: the rule times spikes by their arrival at the synapse,
	// so a projection within a region needs a delay of at least dt too
	// (elsewhere a zero delay acts from the next step).
	NeedsDelay bool
	// Reads lists the modulators the rule reads (see [[modulator]]).
	Reads []string
	// Releases returns the modulator the rule releases into every step,
	// or "" for none: such a phasic modulator holds its tonic level plus
	// the releases of the step before, with no decay. Nil: none.
	Releases func(p any) string
	// Tie: a projection back may hold the transpose of the weights of a
	// projection with this rule (its tie key names the projection).
	Tie bool
	// Environment is the kind of environment whose phases drive the rule
	// ("boltzmann"), which then needs a projection with it; "" for none.
	Environment string
	// Params returns a new parameter struct (a pointer) holding the
	// defaults; nil for a rule without keys besides rule.
	Params func() any
	// Check validates the decoded parameters and fills the defaults that
	// depend on other keys or on the projection; nil: nothing to check.
	Check func(p any, c *PlasticityCheck)
	// Build makes the rule of one projection (nil for a static one).
	Build func(p any, b *PlasticityBuild) (synapse.Rule, error)
}

// PlasticityCheck is the context of a plasticity rule's validation: the
// projection it belongs to.
type PlasticityCheck struct {
	// Errs reports problems with keys of the plasticity table.
	Errs
	// Projection reports problems with keys of the projection outside
	// its plasticity table, as dotted paths: "synapse.delay",
	// "connect.delays", "synapse.kind".
	Projection Errs
	// Given reports whether the table sets key itself.
	Given func(key string) bool
	// Dt is the simulation step in ms.
	Dt float64
	// SynapseKind is the synapse.kind of the projection.
	SynapseKind string
	// WeightDim is the dimension of synapse.weight and WeightDims the
	// dimensions a weight bound may have (an exp_current weight: a
	// current, or a voltage meaning R·I); WeightDims is nil when
	// synapse.weight is not given.
	WeightDim  units.Dim
	WeightDims []units.Dim
	// Weight is synapse.weight (nil: not given), which a rule with
	// weight bounds checks its start against.
	Weight *units.Dist
	// Delay is synapse.delay (nil: not given); ListDelays reports that
	// the connector lists a delay per pair (from_list delays).
	Delay      *units.Dist
	ListDelays bool
	// Conduction reports a synapse.velocity: delays that grow with the
	// distance between the units.
	Conduction bool
	// Source and Target are the projection's populations (nil when the
	// reference is bad, which is reported elsewhere).
	Source, Target *PopRef
	// Population resolves a "region.population" reference given by key,
	// reporting a bad one at key.
	Population func(key, ref string) (*PopRef, bool)
	// Modulators lists the modulator names, and HasModulator reports
	// whether a [[modulator]] table sets one.
	Modulators   []string
	HasModulator func(name string) bool
}

// PlasticityBuild is what a plasticity rule's Build sees of the
// projection it builds the rule of, and what it reports back.
type PlasticityBuild struct {
	Name string  // the projection's name
	Dt   float64 // the step, ms
	// Weight converts a weight in the unit of synapse.weight into the
	// unit of the weights as built (the receptor's): an exp_current
	// weight in mV is R·I and is divided by the target's membrane
	// resistance, as the weights are.
	Weight func(q units.Quantity) (float32, error)
	// Learn gates learning: false in a phase with learn = false and
	// while an images environment tests. Rules that honour it keep it.
	Learn *bool
	// HasModulator reports whether a [[modulator]] table sets a
	// modulator; Modulator returns the synapse.Modulator of a name.
	HasModulator func(name string) bool
	Modulator    func(name string) (synapse.Modulator, error)
	// Extra is set by the Build of an activity rule (a
	// synapse.ActivityRule, bound to the activities of its source and
	// target once the projection is built): the further populations
	// ("region.population") whose activities it reads, in the order of
	// synapse.Binding.Extra.
	Extra []string
}

var plasticities = map[string]*Plasticity{}

// RegisterPlasticity adds a plasticity rule; it panics on a duplicate or
// incomplete entry, or on a second static rule.
func RegisterPlasticity(p Plasticity) {
	if p.Name == "" || (p.Build == nil && !p.Static) {
		panic("registry: plasticity rule " + p.Name + " needs a name and Build")
	}
	mu.Lock()
	defer mu.Unlock()
	if _, dup := plasticities[p.Name]; dup {
		panic("registry: plasticity rule " + p.Name + " registered twice")
	}
	for _, q := range plasticities {
		if p.Static && q.Static {
			panic("registry: plasticity rules " + q.Name + " and " + p.Name + " are both static")
		}
	}
	plasticities[p.Name] = &p
}

// LookupPlasticity returns the plasticity rule registered as name.
func LookupPlasticity(name string) (*Plasticity, bool) {
	mu.RLock()
	defer mu.RUnlock()
	p, ok := plasticities[name]
	return p, ok
}

// PlasticityNames lists the registered plasticity rules, sorted.
func PlasticityNames() []string { return names(plasticities) }

// DefaultPlasticity is the name of the static rule, the rule of a
// projection without a plasticity table ("" when none is registered).
func DefaultPlasticity() string {
	mu.RLock()
	defer mu.RUnlock()
	for n, p := range plasticities {
		if p.Static {
			return n
		}
	}
	return ""
}

// PlasticitiesWith lists the registered plasticity rules for which ok
// holds, sorted.
func PlasticitiesWith(ok func(*Plasticity) bool) []string {
	var out []string
	for _, n := range PlasticityNames() {
		if p, _ := LookupPlasticity(n); ok(p) {
			out = append(out, n)
		}
	}
	return out
}
