package configs

import "github.com/brainsim/brainsim/registry"

// Defaults, in internal units (ms, mV, nA, µS, nF, Hz).
const (
	DefaultSeed   = 1
	DefaultDt     = 0.1 // ms
	DefaultVBound = 1e4 // mV
	DefaultSeeds  = 1
)

// ApplyDefaults fills every optional key that is nil (or "") and that the
// population's model, the connector rule or the synapse kind uses with its
// documented default (see the field comments in schema.go). Keys that do not
// apply stay nil, so Encode writes only meaningful keys. It is idempotent and
// never fails; values it cannot interpret (an unknown model) are left alone
// for Validate to report. Load calls it before Validate.
//
// Not filled: experiment.duration and name (required); the population
// and plasticity keys whose defaults depend on others (the model's or
// the rule's Check fills them);
// current and input stop (the end of the run); record.neurons (the
// builder picks the first 10).
func (f *File) ApplyDefaults() {
	e := &f.Experiment
	if e.Mode == "" {
		e.Mode = ModeSimulate
	}
	def(&e.Seed, DefaultSeed)
	def(&e.Seeds, DefaultSeeds)
	def(&e.Dt, DefaultDt)
	def(&e.VBound, DefaultVBound)
	dt := float64(*e.Dt)

	for ri := range f.Regions {
		for pi := range f.Regions[ri].Population {
			f.Regions[ri].Population[pi].applyDefaults()
		}
	}
	for i := range f.Projection {
		f.Projection[i].applyDefaults(dt)
	}
	for i := range f.Pathway {
		f.Pathway[i].applyDefaults(dt)
	}
	for i := range f.Stimulus {
		s := &f.Stimulus[i]
		def(&s.Start, 0)
		if s.Kind == "noise" {
			def(&s.Mean, 0)
		}
	}
	for i := range f.Input {
		f.Input[i].applyDefaults()
	}
	f.applyRewardDefaults()
	f.applyEnvDefaults(dt)
	f.trainDefaults()
	for i := range f.Record {
		r := &f.Record[i]
		switch r.Variable {
		case "rate", "v", "u", "w", "r":
			def(&r.Every, Time(dt))
		}
		if r.Modulator != "" {
			def(&r.Every, Time(dt))
		}
	}
}

// def sets *p to v when *p is nil.
func def[T any](p **T, v T) {
	if *p == nil {
		*p = &v
	}
}

// applyDefaults gives a population built in Go without Params its
// model's defaults, and the size its model's keys imply (spike_times).
// The defaults that depend on other keys are the model's Check's to fill.
func (p *Population) applyDefaults() {
	m, ok := registry.LookupModel(p.Model)
	if !ok {
		return
	}
	if p.Params == nil {
		p.Params = m.Params()
	}
	if m.Size != nil {
		if n := m.Size(p.Params); n > 0 {
			def(&p.Size, n)
		}
	}
}

func (pr *Projection) applyDefaults(dt float64) {
	if pr.Name == "" && pr.From != "" && pr.To != "" {
		pr.Name = pr.From + "->" + pr.To
	}
	if pr.Receptor == "" {
		pr.Receptor = "exc"
	}
	pr.Plasticity.applyDefaults()
	c := &pr.Connect
	if pr.From == pr.To && contains(ruleKeys[c.Rule], "autapses") {
		def(&c.Autapses, false)
	}
	if c.Rule == "distance" {
		def(&c.Periodic, false)
	}
	s := &pr.Synapse
	inh := pr.Receptor == "inh"
	switch s.Kind {
	case "exp_current", "exp_conductance":
		def(&s.Tau, pick[Time](inh, 10, 5))
	}
	if s.Kind == "exp_conductance" {
		def(&s.ERev, pick[Voltage](inh, -80, 0))
	}
	def(&s.Delay, Const(Quantity{Value: dt, Dim: DimTime}))
}

func (in *Input) applyDefaults() {
	if in.Kind != "poisson" {
		return
	}
	if in.SynapseKind == "" {
		in.SynapseKind = "exp_current"
	}
	if in.Receptor == "" {
		in.Receptor = "exc"
	}
	inh := in.Receptor == "inh"
	switch in.SynapseKind {
	case "exp_current", "exp_conductance":
		def(&in.Tau, pick[Time](inh, 10, 5))
	}
	if in.SynapseKind == "exp_conductance" {
		def(&in.ERev, pick[Voltage](inh, -80, 0))
	}
	def(&in.Start, 0)
}

// pick returns a if cond, else b.
func pick[T any](cond bool, a, b T) T {
	if cond {
		return a
	}
	return b
}
