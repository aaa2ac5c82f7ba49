package configs

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
// Not filled: experiment.duration and name (required); the Izhikevich a, b,
// c, d (the builder takes them from cell_type); poisson, current and input
// stop (the end of the run); record.neurons (the builder picks the first
// 10).
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
	f.tdDefaults()
	for _, pr := range f.projections() {
		pr.Plasticity.applyActivityDefaults(dt)
	}
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

func (p *Population) applyDefaults() {
	switch p.Model {
	case ModelLIF:
		def(&p.TauM, 20)
		def(&p.Cm, 0.25)
		def(&p.VRest, -65)
		def(&p.VThresh, -50)
		def(&p.VReset, -65)
		def(&p.Refractory, 2)
		def(&p.IBias, 0)
		def(&p.VInit, Const(Quantity{Value: float64(*p.VRest), Dim: DimVoltage}))
		if p.ThetaPlus != nil {
			def(&p.TauTheta, 1e7)
			def(&p.ThetaInit, 0)
		}
		def(&p.RefractoryHold, true)
		if p.SynapseDecay == "" {
			p.SynapseDecay = "exact"
		}
	case ModelAdEx:
		def(&p.Cm, 0.281)
		def(&p.GL, 0.03) // 30nS
		def(&p.VRest, -70.6)
		def(&p.VThresh, -50.4)
		def(&p.DeltaT, 2)
		def(&p.TauW, 144)
		def(&p.AdA, 0.004) // 4nS
		def(&p.AdB, 0.0805)
		def(&p.VReset, -70.6)
		def(&p.VPeak, *p.VThresh+5**p.DeltaT)
		def(&p.Refractory, 0)
		def(&p.IBias, 0)
		def(&p.VInit, Const(Quantity{Value: float64(*p.VRest), Dim: DimVoltage}))
	case ModelIzhikevich:
		if p.CellType == "" && p.A == nil && p.B == nil && p.C == nil && p.D == nil && p.Mix == nil {
			p.CellType = "RS"
		}
		def(&p.VPeak, 30)
		def(&p.Refractory, 0)
		def(&p.IBias, 0)
	case ModelRate:
		def(&p.Tau, 10)
		if p.Transfer == "" {
			p.Transfer = "sigmoid"
		}
		def(&p.Gain, 1)
		def(&p.Threshold, 0)
		def(&p.RInit, 0)
		def(&p.IBias, 0)
	case ModelPoisson:
		def(&p.Start, 0)
	case ModelBinary:
		def(&p.UpdateEvery, 1)
		def(&p.UpdateOffset, 0)
		def(&p.Temperature, 1)
	case ModelSpikeTimes:
		if p.SpikeTimes != nil {
			def(&p.Size, len(p.SpikeTimes))
		}
		for i, ts := range p.SpikeTimes {
			if ts == nil { // the TOML encoder cannot write a nil element
				p.SpikeTimes[i] = []Time{}
			}
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
	if w := pr.Synapse.Weight; w != nil {
		pr.Plasticity.applyDefaults(w.Dim(), true)
	} else {
		pr.Plasticity.applyDefaults(0, false)
	}
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
