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
// Not filled: experiment.duration and name (required); the keys of
// populations, plasticity rules, connection rules and synapse kinds whose
// defaults depend on others (the plug-in's Check fills them: autapses
// within one population, tau and e_rev by the receptor);
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
		if e.Mode == ModeTrain && f.Projection[i].Synapse.Kind == "" {
			// A train-mode layer's synapses carry rates, the one kind
			// train mode builds (trainnet.go).
			f.Projection[i].Synapse.Kind = trainSynapseKind
		}
		f.Projection[i].applyDefaults(dt)
	}
	for i := range f.Pathway {
		f.Pathway[i].applyDefaults(dt)
	}
	for i := range f.Stimulus {
		s := &f.Stimulus[i]
		def(&s.Start, 0)
		if k, ok := registry.LookupCurrent(s.Kind); ok && s.Params == nil {
			s.Params = k.Params()
		}
	}
	for i := range f.Input {
		f.Input[i].applyDefaults()
	}
	f.applyRewardDefaults()
	f.applyEnvDefaults()
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
	if con, ok := registry.LookupConnector(c.Rule); ok && c.Params == nil {
		c.Params = con.Params()
	}
	s := &pr.Synapse
	if k, ok := registry.LookupSynapseKind(s.Kind); ok && s.Params == nil && k.Params != nil {
		s.Params = k.Params()
	}
	def(&s.Delay, Const(Quantity{Value: dt, Dim: DimTime}))
}

// applyDefaults fills an input's keys; the defaults of its synapse
// kind's keys that depend on the receptor are the kind's Check's to
// fill.
func (in *Input) applyDefaults() {
	if !contains(inputKinds, in.Kind) {
		return
	}
	if in.SynapseKind == "" {
		in.SynapseKind = defaultInputSynapse
	}
	if k, ok := registry.LookupSynapseKind(in.SynapseKind); ok && k.Input && in.SynapseParams == nil && k.Params != nil {
		in.SynapseParams = k.Params()
	}
	if in.Receptor == "" {
		in.Receptor = "exc"
	}
	def(&in.Start, 0)
}
