package configs

import "github.com/brainsim/brainsim/registry"

// This file is the TOML schema of a brainsim experiment: the Go types the
// decoder fills. Every key is snake_case with an explicit toml tag. Optional
// keys are pointers (nil means "not given, use the default"); the defaults
// are documented on each field and filled in by File.ApplyDefaults
// (defaults.go), which Load calls after decoding, so the builder, `brainsim
// validate` and the effective config written by Encode all see one value.
//
// Physical quantities are strings with units ("20ms", "-50mV", "5nS") and
// are dimension-checked while decoding: see units.go. Internal units are
// ms, mV, nA, nF, µS, MΩ and Hz.

// File is one experiment file.
type File struct {
	// Params are the named numbers of the [params] table, with the values
	// used (after --set and evaluation). Expressions elsewhere in the file
	// ("=0.8*neurons") have been replaced by their values when the File is
	// loaded; Params records what they were computed from.
	Params     map[string]float64 `toml:"params"`
	Experiment Experiment         `toml:"experiment"`
	Regions    []Region           `toml:"region"`
	Projection []Projection       `toml:"projection"` // within one region
	Pathway    []Projection       `toml:"pathway"`    // between two regions; delay >= dt
	Stimulus   []Stimulus         `toml:"current"`    // injected currents
	Input      []Input            `toml:"input"`      // external spike input into receptors
	Record     []Record           `toml:"record"`
	Modulator  []Modulator        `toml:"modulator"` // simulate mode: decay and start level of global modulators; see reward.go
	Reward     []Reward           `toml:"reward"`    // simulate mode: reward tasks releasing a modulator; see reward.go
	// Environment is the task around the network and Phase its schedule
	// (simulate mode; see environment.go).
	Environment *Environment `toml:"environment"`
	Phase       []Phase      `toml:"phase"`
	// Analysis are measurements of the run (simulate mode; see
	// analysis.go).
	Analysis []Analysis `toml:"analysis"`
	Task     []Task     `toml:"task"` // train mode: the data sets
	Rule     []Rule     `toml:"rule"` // train mode: the learning rules
	Report   Report     `toml:"report,omitempty"`
	Variant  []Variant  `toml:"variant"` // runs of the base config with overrides; see variant.go

	net        *registry.Net // the train-mode network, set by Validate; see Net
	src        *source       // where the file came from, for error lines; nil if built in Go
	paramOrder []string      // the params in file order, for Encode; nil if built in Go
}

// Experiment holds the run-wide settings.
type Experiment struct {
	Name        string   `toml:"name,omitempty"`        // required
	Description string   `toml:"description,omitempty"` // one line, shown by `brainsim list`
	Mode        string   `toml:"mode,omitempty"`        // "simulate" (default) | "train"
	Seed        *int64   `toml:"seed"`                  // default 1
	Seeds       *int     `toml:"seeds"`                 // runs use seed, seed+1, ..., seed+seeds-1; default 1
	Dt          *Time    `toml:"dt"`                    // default 0.1ms; unused in train mode
	Duration    *Time    `toml:"duration"`              // simulate mode: required unless [[phase]]s (or an environment that ends the run) set it; unused in train mode
	VBound      *Voltage `toml:"v_bound"`               // |V| beyond this stops the run; default 1e4 mV
}

// Region is the set of populations one goroutine owns.
type Region struct {
	Name       string       `toml:"name,omitempty"`
	Population []Population `toml:"population"`
}

// Population is a group of identical units ([[region.population]] in the
// file). Model names a unit model of the registry (package models; see
// `brainsim list models`); the section's keys besides the common ones
// below decode into Params, the model's own parameter struct, strictly: a
// key the model does not have is an error.
type Population struct {
	Name  string `toml:"name,omitempty" doc:"unique in its region (required)"`
	Size  *int   `toml:"size" doc:"number of units (required unless the model's keys imply it)"`
	Model string `toml:"model,omitempty" doc:"the unit model (required)"`

	// Initial state of the receptors fed by projections with receptor =
	// "exc" (ExcInit) or "inh" (InhInit): a conductance for
	// exp_conductance synapses, a current (or mV as R·I) for exp_current.
	// Default 0. Models with receptors of their own only
	// (registry.Model.ReceptorInit). Brian's COBA script of Brette et al.
	// 2007 starts ge and gi at random values.
	ExcInit *Dist `toml:"exc_init" doc:"start of the receptors fed with receptor = \"exc\" (models with receptors; default 0)"`
	InhInit *Dist `toml:"inh_init" doc:"start of the receptors fed with receptor = \"inh\" (models with receptors; default 0)"`

	// ActivityTau is the time constant of a spiking population's filtered
	// rate (its activity in Hz), read by rate synapses from it and by
	// activity rules; default 20ms. Spiking models only.
	ActivityTau *Time `toml:"activity_tau" doc:"time constant of the filtered rate of a spiking population (default 20ms)"`

	// Position on a 2-D sheet for distance-dependent connectivity: the
	// population is laid out as rows x cols on the unit square.
	Sheet *Sheet `toml:"sheet" doc:"{rows, cols, side, periodic}: the units on a grid over a square (of side side; periodic: a torus), for distance-dependent connectivity and conduction delays"`

	// Params is the model's parameter struct (registry.Model.Params),
	// holding its defaults and the section's keys.
	Params any `toml:"-"`

	given []string // the keys the section sets
}

// Sheet lays a population out on a grid over the unit square; neuron i sits at
// ((i%cols + 0.5)/cols, (i/cols + 0.5)/rows). rows*cols must equal size.
// Side gives the square a physical size, for lengths in mm (a connector's
// sigma = "0.4mm") and conduction delays (synapse.velocity); Periodic
// wraps it into a torus.
type Sheet struct {
	Rows     int     `toml:"rows"`
	Cols     int     `toml:"cols"`
	Side     *Length `toml:"side"`
	Periodic bool    `toml:"periodic"`
}

// Projection connects two populations, "region.population" each.
type Projection struct {
	Name       string     `toml:"name,omitempty"`     // default "from->to"
	From       string     `toml:"from,omitempty"`     // "region.population"
	To         string     `toml:"to,omitempty"`       // "region.population"
	Receptor   string     `toml:"receptor,omitempty"` // exc (default) | inh: sets the reversal potential default
	Connect    Connect    `toml:"connect"`            // required; see Connect
	Synapse    Synapse    `toml:"synapse"`            // required; see Synapse
	Plasticity Plasticity `toml:"plasticity"`         // [projection.plasticity]: a plasticity rule of the registry, static by default; see plasticity.go
	// Normalize, when given, is the sum the weights into every target are
	// scaled to before every presentation of a patterns or images
	// environment (Diehl & Cook's normalisation), in the unit of
	// synapse.weight.
	Normalize *Quantity `toml:"normalize"`
	// Tie names a boltzmann projection from this one's target to its
	// source: this projection then holds the transpose of its weights
	// (the symmetric weights of a Boltzmann machine).
	Tie string `toml:"tie,omitempty"`
}

// Connect is the connection rule of a projection ([projection.connect]
// in the file). Rule names a connector of the registry (package
// connectors; see `brainsim list connectors`); the table's other keys
// decode into Params, the rule's own parameter struct, strictly: a key
// the rule does not have is an error.
type Connect struct {
	Rule string `toml:"rule,omitempty" doc:"the connection rule (required)"`
	// Params is the rule's parameter struct (registry.Connector.Params),
	// holding its defaults and the table's keys.
	Params any `toml:"-"`

	given []string // the keys the table sets
}

// Synapse is the synapse type of a projection ([projection.synapse] in
// the file). Kind names a synapse kind of the registry (package
// receptors; see `brainsim list synapses`), which says what dimension
// the weight has; the table's keys besides kind, weight and delay decode
// into Params, the kind's own parameter struct (nil for a kind without
// keys), strictly.
type Synapse struct {
	Kind   string `toml:"kind,omitempty" doc:"the synapse kind (required)"`
	Weight *Dist  `toml:"weight" doc:"the weight, a constant or a distribution, in the unit the kind takes (required)"`
	Delay  *Dist  `toml:"delay" doc:"the delay, a constant or a distribution; at least dt, or 0 within a region (default dt)"`
	// Velocity adds to every synapse's delay the distance between its
	// units on their sheets over this conduction velocity (sheets with
	// a side; Davis et al. 2021: 0.2 m/s, unmyelinated horizontal fibres).
	Velocity *Velocity `toml:"velocity" doc:"conduction velocity: adds distance/velocity to every delay (populations on sheets with a side)"`
	// Params is the kind's parameter struct
	// (registry.SynapseKind.Params), holding its defaults and the
	// table's keys.
	Params any `toml:"-"`

	given []string // the keys the table sets
}

// Stimulus is an injected current ([[current]] in the file). Kind names
// a kind of current of the registry (package currents; see `brainsim list
// currents`); the section's other keys decode into Params, the kind's own
// parameter struct, strictly.
type Stimulus struct {
	Target  string `toml:"target,omitempty" doc:"the population, \"region.population\" (required)"`
	Kind    string `toml:"kind,omitempty" doc:"the kind of current (required)"`
	Start   *Time  `toml:"start" doc:"when it starts (default 0)"`
	Stop    *Time  `toml:"stop" doc:"when it stops (default: the end of the run)"`
	Neurons []int  `toml:"neurons" doc:"the units it enters (default: all)"`
	// Params is the kind's parameter struct (registry.Current.Params),
	// holding its defaults and the section's keys.
	Params any `toml:"-"`

	given []string // the keys the section sets
}

// Input is external spike input delivered straight into a receptor of every
// unit of a population ([[input]] in the file), without source units or
// synapses. Kind poisson: each unit receives an independent Poisson train of
// Rate events per second, each of weight Weight: K independent sources of
// rate ν with one synapse each onto every unit are one train of rate K·ν.
// SynapseKind names the synapse kind of the registry the input feeds (one
// with registry.SynapseKind.Input; default exp_current); the section's
// keys besides the ones below decode into SynapseParams, the kind's own
// parameter struct (tau, e_rev), strictly.
type Input struct {
	Target      string     `toml:"target,omitempty"`       // "region.population"
	Kind        string     `toml:"kind,omitempty"`         // poisson
	Rate        *Frequency `toml:"rate"`                   // total event rate per unit (K·ν); rate·dt <= MaxInputLambda
	Weight      *Quantity  `toml:"weight"`                 // per event, in the unit the synapse kind takes
	SynapseKind string     `toml:"synapse_kind,omitempty"` // default exp_current
	Receptor    string     `toml:"receptor,omitempty"`     // exc (default) | inh: sets the defaults of tau and e_rev, and which receptors exc_init / inh_init set
	Start       *Time      `toml:"start"`                  // default 0
	Stop        *Time      `toml:"stop"`                   // default: end of run
	// SynapseParams is the synapse kind's parameter struct
	// (registry.SynapseKind.Params), holding its defaults and the
	// section's keys; nil for a kind without keys.
	SynapseParams any `toml:"-"`

	given []string // the keys the section sets
}

// Record asks for a monitor.
type Record struct {
	Modulator  string `toml:"modulator,omitempty"`  // a modulator level (dopamine, ...) instead of a population; with every
	Population string `toml:"population,omitempty"` // "region.population"
	Variable   string `toml:"variable,omitempty"`   // spikes | rate | v | u | w | r | <receptor state>
	Neurons    []int  `toml:"neurons"`              // state variables: which neurons; default the first 10
	Every      *Time  `toml:"every"`                // state and rate sampling interval; default dt
}

// Task is a data set or environment a train-mode experiment's rules run
// on ([[task]] in the file). Data names a task kind of the registry
// (package tasks); the section's other keys decode into Params, the
// kind's own parameter struct, strictly: a key the kind does not have is
// an error.
type Task struct {
	Name string `toml:"name,omitempty"` // required, unique
	Data string `toml:"data,omitempty"` // the task kind (brainsim list tasks)
	// Seeds overrides experiment.seeds for this task (runs use seeds
	// seed .. seed+Seeds-1).
	Seeds *int `toml:"seeds"`
	// Reference is the published figure to print next to the task's rows
	// (the "reference" column), e.g. "250/250 runs, median 110 cycles".
	Reference string `toml:"reference,omitempty"`
	// Params is the kind's parameter struct (registry.TaskKind.Params),
	// holding its defaults and the section's keys; nil for a kind without
	// keys.
	Params any `toml:"-"`

	given []string // the keys the section sets
}

// Rule is a learning rule a train-mode experiment runs on every task
// ([[rule]] in the file). Rule names a rule of the registry (package
// rules); the section's other keys decode into Params, the rule's own
// parameter struct, strictly.
type Rule struct {
	Name string `toml:"name,omitempty"` // unique; default the rule
	Rule string `toml:"rule,omitempty"` // the learning rule (brainsim list rules)
	// Params is the rule's parameter struct (registry.Rule.Params),
	// holding its defaults and the section's keys.
	Params any `toml:"-"`

	given []string // the keys the section sets
}

// Report chooses what the result table shows.
type Report struct {
	Columns []string `toml:"columns"`
	// Figures names the figures "brainsim run --plots" draws, as
	// <experiment name>_<figure>.png (or .svg with --plots=svg), into
	// --out when given, else the working directory; without --plots none
	// are drawn. Each is valid only when the experiment produces its data
	// (FigureNeeds): "raster" (spike raster; a [[record]] of spikes),
	// "rate" (population rate over time; a [[record]] of spikes or
	// rate), "traces" (sampled state variables; a [[record]] of v, u, w,
	// r, …), "accuracy_per_task" (continual rules on split_mnist: one
	// panel per rule, the accuracy on every task's digits and over all
	// digits seen, after each task, mean over the seeds),
	// "learning_curve" (split_mnist: the accuracy over the digits seen
	// after each task, a line per rule, ± sd over the seeds), "td_error"
	// (a td rule with png on conditioning: δ over trials and steps as a
	// heat map), "images" (a dbn with dream > 0: the dreamed digits).
	Figures []string `toml:"figures"`
}
