package registry

import (
	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/synapse"
	"github.com/brainsim/brainsim/units"
)

// Connector is a connection rule: one value of the rule key of a
// projection's [projection.connect] table, whose other keys decode into
// its parameter struct.
type Connector struct {
	Name string // the value of rule = "..."
	Doc  string // one line
	// Transposable: two projections with this rule, one the other way
	// round, can hold transposed synapses (a tie of a Boltzmann
	// machine).
	Transposable bool
	// Params returns a new parameter struct (a pointer) holding the
	// defaults.
	Params func() any
	// Check validates the decoded parameters and fills defaults that
	// depend on other keys or on the populations (c.Source, c.Target,
	// c.Self, c.ZeroDelay and c.Dt are set); nil: nothing to check.
	Check func(p any, c *Check)
	// Build returns the synapses' connector.
	Build func(p any, b *ConnectBuild) (Connection, error)
	// Count returns the number of synapses the rule makes between nPre
	// and nPost units (self: one population), expected or exact, for the
	// memory estimate made before anything is built; nil: nPre·nPost, the
	// most a rule without repeated pairs makes.
	Count func(p any, nPre, nPost int, self bool) float64
}

// Synapses is the memory estimate's count of c's synapses (see Count).
func (c *Connector) Synapses(p any, nPre, nPost int, self bool) float64 {
	if c.Count == nil {
		return float64(nPre) * float64(nPost)
	}
	return c.Count(p, nPre, nPost, self)
}

// ConnectBuild is what a connector's Build sees of the projection.
type ConnectBuild struct {
	From, To string // the populations, "region.population"
	// Pre and Post are the units' places on the populations' sheets; nil
	// for a population without a sheet.
	Pre, Post []synapse.Point
	// PreSheet and PostSheet are the populations' sheets; nil without.
	PreSheet, PostSheet *synapse.Sheet
	// WeightScale converts a weight in the unit of synapse.weight to the
	// receptor's (1/R for a current weight given in mV).
	WeightScale float64
}

// Connection is what a connector builds: the connector that draws the
// pairs and, when it gives them, the weights (in the receptor's unit)
// and delays (ms) of the pairs in order, which replace synapse.weight
// and synapse.delay.
type Connection struct {
	Connector       synapse.Connector
	Weights, Delays []float64
}

// PairDelays is implemented by the parameters of a connector that can
// give every synapse its own delay (from_list): PairDelays returns them,
// nil when not given.
type PairDelays interface{ PairDelays() []float64 }

// SynapseKind is a kind of synapse: one value of the kind key of a
// projection's [projection.synapse] table (and of the synapse_kind key of
// an [[input]]), whose keys besides kind, weight and delay decode into
// its parameter struct.
type SynapseKind struct {
	Name string // the value of kind = "..."
	Doc  string // one line
	// Rates: the synapses carry the source's activity (a rate unit's
	// r, a spiking unit's filtered rate) every step instead of spikes;
	// else the source must spike.
	Rates bool
	// Stateless: the receptor keeps no state, so a spike needs a delay of
	// at least dt (none of 0).
	Stateless bool
	// Input: an [[input]] can feed receptors of this kind.
	Input bool
	// RI: the weights are currents that may be given in mV, meaning R·I
	// (so may bounds on them).
	RI bool
	// Params returns a new parameter struct (a pointer) holding the
	// defaults; nil for a kind without keys of its own.
	Params func() any
	// Check validates the decoded parameters (nil when Params is nil) and
	// fills the defaults that depend on the receptor label (c.Receptor;
	// c.Target and c.Dt are set); nil: nothing to check.
	Check func(p any, c *Check)
	// Weight checks the weight (key "weight"): its dimension and sign,
	// given the target (c.Target, nil when not known). Dist checks
	// nothing else about it.
	Weight func(w units.Dist, c *Check)
	// Build returns the receptor the synapses feed.
	Build func(p any, b *SynapseBuild) Receptor
}

// SynapseBuild is what a synapse kind's Build sees of the target.
type SynapseBuild struct {
	// TargetSpikes: the target's units spike (they have no rate output).
	TargetSpikes bool
}

// Receptor is the receptor of a target's units that synapses feed: its
// kind, decay time constant (ms; 0 for kinds that do not decay) and
// reversal potential (mV; conductance receptors).
type Receptor struct {
	Kind       neuron.ReceptorKind
	Tau, ERev  float64
	Decays     bool // Tau is a decay time constant (forward Euler applies to it)
	Resistance bool // a weight in mV is R·I: divide it by the membrane resistance
}

// PopRef is what a connector's or a synapse kind's check sees of a
// population a projection or an input connects.
type PopRef struct {
	Name   string // "region.population"
	Region string
	Size   int    // -1: not known
	Model  *Model // its unit model
	Params any    // the model's parameter struct
	Sheet  bool   // laid out on a sheet
	// Side is the sheet's side in mm (0: none given) and Periodic says it
	// is a torus; both only with Sheet.
	Side       float64
	Periodic   bool
	Rows, Cols int // the sheet's grid
}

// Spiking reports whether the population's units spike.
func (p *PopRef) Spiking() bool { return p.Model != nil && p.Model.Spiking }

// EulerDecay reports whether the population decays its receptors by
// forward Euler (registry.EulerDecay).
func (p *PopRef) EulerDecay() bool {
	e, ok := p.Params.(EulerDecay)
	return ok && e.EulerDecay()
}

var (
	connectors   = map[string]*Connector{}
	synapseKinds = map[string]*SynapseKind{}
)

// RegisterConnector adds a connection rule; it panics on a duplicate or
// incomplete entry.
func RegisterConnector(c Connector) {
	if c.Name == "" || c.Params == nil || c.Build == nil {
		panic("registry: connector " + c.Name + " needs a name, Params and Build")
	}
	mu.Lock()
	defer mu.Unlock()
	if _, dup := connectors[c.Name]; dup {
		panic("registry: connector " + c.Name + " registered twice")
	}
	connectors[c.Name] = &c
}

// LookupConnector returns the connection rule registered as name.
func LookupConnector(name string) (*Connector, bool) {
	mu.RLock()
	defer mu.RUnlock()
	c, ok := connectors[name]
	return c, ok
}

// ConnectorNames lists the registered connection rules, sorted.
func ConnectorNames() []string { return names(connectors) }

// RegisterSynapseKind adds a synapse kind; it panics on a duplicate or
// incomplete entry.
func RegisterSynapseKind(k SynapseKind) {
	if k.Name == "" || k.Weight == nil || k.Build == nil {
		panic("registry: synapse kind " + k.Name + " needs a name, Weight and Build")
	}
	mu.Lock()
	defer mu.Unlock()
	if _, dup := synapseKinds[k.Name]; dup {
		panic("registry: synapse kind " + k.Name + " registered twice")
	}
	synapseKinds[k.Name] = &k
}

// LookupSynapseKind returns the synapse kind registered as name.
func LookupSynapseKind(name string) (*SynapseKind, bool) {
	mu.RLock()
	defer mu.RUnlock()
	k, ok := synapseKinds[name]
	return k, ok
}

// SynapseKindNames lists the registered synapse kinds, sorted.
func SynapseKindNames() []string { return names(synapseKinds) }
