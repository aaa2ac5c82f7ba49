package configs

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
)

// The checks of projections, pathways, stimuli, inputs and records.

func (v *validator) projection(pp keyPath, pr *Projection, pathway bool) {
	other := "[[pathway]]" // where the connection belongs instead
	if pathway {
		other = "[[projection]]"
	}
	from, okFrom := v.lookupPop(pp.key("from"), pr.From)
	to, okTo := v.lookupPop(pp.key("to"), pr.To)
	if okFrom && okTo {
		switch {
		case !pathway && from.region != to.region:
			v.errf(pp.key("to"), "%q and %q are in different regions; connections between regions go in %s", pr.From, pr.To, other)
		case pathway && from.region == to.region:
			v.errf(pp.key("to"), "%q and %q are both in region %q; connections within a region go in %s", pr.From, pr.To, from.region, other)
		}
	}
	if okTo && !canReceive(to.p) {
		v.errf(pp.key("to"), "%q is a %s population and cannot receive connections", pr.To, to.p.Model)
	}
	if pr.Receptor != "" && !contains(receptors, pr.Receptor) {
		v.errf(pp.key("receptor"), "%s", oneOf("receptor", pr.Receptor, receptors))
	}
	v.plasticity(pp, pr)
	v.tie(pp, pr, pathway)
	v.normalize(pp, pr)
	srcSize, tgtSize := -1, -1
	if okFrom && from.p.Size != nil {
		srcSize = *from.p.Size
	}
	if okTo && to.p.Size != nil {
		tgtSize = *to.p.Size
	}
	v.connect(pp.key("connect"), pr, from, to, srcSize, tgtSize)

	s := &pr.Synapse
	sp := pp.key("synapse")
	switch {
	case s.Kind == "":
		v.errf(sp.key("kind"), "required (one of %s)", strings.Join(kinds, ", "))
		return
	case !contains(kinds, s.Kind):
		v.errf(sp.key("kind"), "%s", oneOf("synapse kind", s.Kind, kinds))
		return
	}
	v.onlyKeys(sp, reflect.ValueOf(s).Elem(), append(slices.Clone(commonSyn), kindKeys[s.Kind]...), "synapse kind "+s.Kind)
	if okFrom {
		switch {
		case s.Kind != "rate" && !spiking(from.p):
			v.errf(sp.key("kind"), "%s synapses need a spiking source; %q is a rate population (use kind = \"rate\")", s.Kind, pr.From)
		case pathway && s.Kind == "rate":
			v.errf(sp.key("kind"), "a pathway between regions carries spikes only; rate synapses stay within a region: put both populations in one region")
		case pathway && !spiking(from.p):
			v.errf(pp.key("from"), "a pathway between regions carries spikes only; the output of a %s population stays within a region", from.p.Model)
		}
	}
	if okTo && eulerDecay(to.p) && s.Tau != nil && !(float64(*s.Tau) > v.dt) {
		// s.Tau is set (filled in) exactly for the kinds that decay.
		v.errf(sp.key("tau"), "%s decays its synapses by forward Euler (synapse_decay = \"euler\"), which needs tau > dt (%s), got %s", pr.To, Time(v.dt), *s.Tau)
	}
	if okTo && canReceive(to.p) && !contains(receives(to.p), s.Kind) {
		v.errf(sp.key("kind"), "a %s population cannot receive %s synapses (it takes: %s)", to.p.Model, s.Kind, strings.Join(receives(to.p), ", "))
	}
	if s.Tau != nil && !(*s.Tau > 0) {
		v.errf(sp.key("tau"), "must be > 0, got %s", *s.Tau)
	}
	if s.Weight == nil {
		v.errf(sp.key("weight"), "required")
	} else {
		var dims []Dim
		switch s.Kind {
		case "exp_current":
			dims = []Dim{DimCurrent, DimVoltage}
		case "exp_conductance":
			dims = []Dim{DimConductance}
		case "delta":
			dims = []Dim{DimVoltage}
		case "pulse":
			dims = []Dim{DimCurrent}
		case "rate":
			// A rate synapse sends weight × the source's activity (a rate
			// unit's r, a spiking unit's filtered rate in Hz, as numbers):
			// a dimensionless input of a rate unit, a current of a
			// spiking one.
			dims = []Dim{Dimensionless}
			if okTo && spiking(to.p) {
				dims = []Dim{DimCurrent}
			}
		}
		ok := v.dist(sp.key("weight"), *s.Weight, "weight", dims...)
		if ok && s.Kind == "exp_current" && s.Weight.Dim() == DimVoltage && okTo &&
			!hasResistance(to.p) {
			v.errf(sp.key("weight"), "an exp_current weight in mV needs a target with a membrane resistance (lif, adex); %q is %s: give the weight as a current (nA, pA)", pr.To, to.p.Model)
		}
		if ok && s.Kind == "exp_conductance" {
			if lo, ok := s.Weight.Min(); !ok {
				v.errf(sp.key("weight"), "a normal conductance weight needs clip = [lo, hi] with lo >= 0")
			} else if lo < 0 {
				v.errf(sp.key("weight"), "conductance weight %s can be negative; want >= 0", s.Weight)
			}
		}
	}
	if s.Delay != nil && v.dist(sp.key("delay"), *s.Delay, "delay", DimTime) {
		lo, ok := s.Delay.Min()
		// Within a region a delay may be 0 (acts from the next step, as
		// Brian2's synapses do), except into delta receptors, which have
		// no state, and for the spike-timing rules.
		zeroOK := !pathway && s.Kind != "delta" && !needsDelay(pr)
		switch {
		case ok && zeroOK && lo >= 0 && (s.Delay.Kind != DistConst || lo == 0 || lo >= v.dt):
		case ok && lo == 0 && !pathway && s.Kind == "delta":
			v.errf(sp.key("delay"), "a delta synapse needs a delay of at least dt (%s): it has no state to take a zero-delay spike", Time(v.dt))
		case ok && lo == 0 && !pathway && s.Kind != "delta":
			v.errf(sp.key("delay"), "rule %s needs a delay of at least dt (%s)", pr.Plasticity.Rule, Time(v.dt))
		case !ok:
			v.errf(sp.key("delay"), "a normal delay needs clip = [lo, hi] with lo >= dt (%s)", Time(v.dt))
		case lo < v.dt && s.Delay.Kind == DistConst:
			v.errf(sp.key("delay"), "delay %s is below dt (%s)", Time(lo), Time(v.dt))
		case lo < v.dt:
			v.errf(sp.key("delay"), "delay %s can be %s, below dt (%s)", s.Delay, Time(lo), Time(v.dt))
		}
	}
}

func (v *validator) connect(cp keyPath, pr *Projection, from, to popRef, srcSize, tgtSize int) {
	c := &pr.Connect
	switch {
	case c.Rule == "":
		v.errf(cp.key("rule"), "required (one of %s)", strings.Join(rules, ", "))
		return
	case !contains(rules, c.Rule):
		v.errf(cp.key("rule"), "%s", oneOf("connect rule", c.Rule, rules))
		return
	}
	v.onlyKeys(cp, reflect.ValueOf(c).Elem(), append(slices.Clone(commonConn), ruleKeys[c.Rule]...), "rule "+c.Rule)
	self := pr.From == pr.To && pr.From != ""
	autapses := c.Autapses != nil && *c.Autapses
	if c.Diagonal != nil && self {
		v.errf(cp.key("diagonal"), "is for two populations; within one population the pairs i -> i are autapses (use autapses)")
	}
	if c.P != nil && (*c.P < 0 || *c.P > 1) {
		v.errf(cp.key("p"), "%v is outside [0, 1]", *c.P)
	}
	switch c.Rule {
	case "probability":
		if c.P == nil {
			v.errf(cp.key("p"), "required for rule %s", c.Rule)
		}
	case "fixed_in_degree", "fixed_out_degree":
		bound, side := srcSize, "source"
		if c.Rule == "fixed_out_degree" {
			bound, side = tgtSize, "target"
		}
		if bound >= 0 && self && !autapses {
			bound--
		}
		switch {
		case c.N == nil:
			v.errf(cp.key("n"), "required for rule %s", c.Rule)
		case *c.N < 0:
			v.errf(cp.key("n"), "must be >= 0, got %d", *c.N)
		case bound >= 0 && *c.N > bound:
			why := ""
			if self && !autapses {
				why = " without autapses"
			}
			v.errf(cp.key("n"), "%d is more than the %d %s neurons available%s", *c.N, bound, side, why)
		}
	case "fixed_total_number":
		pairs := -1
		if srcSize >= 0 && tgtSize >= 0 {
			pairs = srcSize * tgtSize
			if self && !autapses {
				pairs -= srcSize
			}
		}
		switch {
		case c.N == nil:
			v.errf(cp.key("n"), "required for rule %s (the total number of synapses)", c.Rule)
		case *c.N < 0:
			v.errf(cp.key("n"), "must be >= 0, got %d", *c.N)
		case *c.N > math.MaxUint32:
			v.errf(cp.key("n"), "%d is more than one projection holds (%d); split it", *c.N, uint32(math.MaxUint32))
		case *c.N > 0 && pairs == 0:
			v.errf(cp.key("n"), "%d synapses, but %q has no pair of distinct neurons; set autapses = true", *c.N, pr.From)
		}
	case "one_to_one":
		if srcSize >= 0 && tgtSize >= 0 && srcSize != tgtSize {
			v.errf(cp.key("rule"), "one_to_one needs equal sizes; %q has %d, %q has %d", pr.From, srcSize, pr.To, tgtSize)
		}
	case "distance":
		if c.P == nil {
			v.errf(cp.key("p"), "required for rule distance (the peak probability)")
		}
		switch {
		case c.Sigma == nil:
			v.errf(cp.key("sigma"), "required for rule distance")
		case !(*c.Sigma > 0):
			v.errf(cp.key("sigma"), "must be > 0, got %v", *c.Sigma)
		}
		v.needSheet(cp, pr.From, from)
		if pr.To != pr.From {
			v.needSheet(cp, pr.To, to)
		}
	case "from_list":
		if c.Pairs == nil {
			v.errf(cp.key("pairs"), "required for rule from_list, e.g. pairs = [[0, 1], [2, 3]]")
		}
		for i, pair := range c.Pairs {
			if pair[0] < 0 || (srcSize >= 0 && pair[0] >= srcSize) {
				v.errf(cp.key("pairs").idx(i), "source index %d is outside [0, %d)", pair[0], srcSize)
			}
			if pair[1] < 0 || (tgtSize >= 0 && pair[1] >= tgtSize) {
				v.errf(cp.key("pairs").idx(i), "target index %d is outside [0, %d)", pair[1], tgtSize)
			}
		}
		if c.Weights != nil && len(c.Weights) != len(c.Pairs) {
			v.errf(cp.key("weights"), "has %d values for %d pairs", len(c.Weights), len(c.Pairs))
		}
		if c.Delays != nil && len(c.Delays) != len(c.Pairs) {
			v.errf(cp.key("delays"), "has %d values for %d pairs", len(c.Delays), len(c.Pairs))
		}
		zeroOK := from.p != nil && to.p != nil && from.region == to.region && pr.Synapse.Kind != "delta" &&
			!needsDelay(pr)
		for i, d := range c.Delays {
			if d < v.dt && !(d == 0 && zeroOK) {
				v.errf(cp.key("delays").idx(i), "delay %vms is below dt (%s); 0 (acts from the next step) is allowed within a region, not into delta synapses nor with spike-timing rules", d, Time(v.dt))
			}
		}
	}
}

// needSheet reports a population without a sheet for rule distance.
func (v *validator) needSheet(cp keyPath, name string, ref popRef) {
	if ref.p != nil && ref.p.Sheet == nil {
		v.errf(cp.key("rule"), "rule distance needs a sheet on %q (sheet = { rows = ..., cols = ... })", name)
	}
}

func (v *validator) uniqueProjectionNames() {
	seen := map[string]string{}
	for _, list := range []struct {
		key string
		prs []Projection
	}{{"projection", v.f.Projection}, {"pathway", v.f.Pathway}} {
		for i, pr := range list.prs {
			if pr.Name == "" {
				continue
			}
			p := keyPath{}.key(list.key).idx(i).key("name")
			if prev, dup := seen[pr.Name]; dup {
				v.errf(p, "duplicate name %q (also a %s)", pr.Name, prev)
				continue
			}
			seen[pr.Name] = list.key
		}
	}
}

func (v *validator) stimulus(sp keyPath, s *Stimulus) {
	target, ok := v.lookupPop(sp.key("target"), s.Target)
	if ok && !canReceive(target.p) {
		v.errf(sp.key("target"), "%q is a %s population and cannot take a current", s.Target, target.p.Model)
	}
	switch {
	case s.Kind == "":
		v.errf(sp.key("kind"), "required (one of %s)", strings.Join(stimKinds, ", "))
		return
	case !contains(stimKinds, s.Kind):
		v.errf(sp.key("kind"), "%s", oneOf("current kind", s.Kind, stimKinds))
		return
	}
	v.onlyKeys(sp, reflect.ValueOf(s).Elem(), append(slices.Clone(commonStim), stimKeys[s.Kind]...), "current kind "+s.Kind)
	switch s.Kind {
	case "constant":
		if s.Amplitude == nil {
			v.errf(sp.key("amplitude"), "required for kind constant")
		}
	case "step":
		if s.Times == nil {
			v.errf(sp.key("times"), "required for kind step")
		}
		if s.Amplitudes == nil {
			v.errf(sp.key("amplitudes"), "required for kind step")
		}
		if s.Times != nil && s.Amplitudes != nil && len(s.Times) != len(s.Amplitudes) {
			v.errf(sp.key("amplitudes"), "has %d values for %d times", len(s.Amplitudes), len(s.Times))
		}
		for i, t := range s.Times {
			switch {
			case t < 0:
				v.errf(sp.key("times").idx(i), "must be >= 0, got %s", t)
			case i > 0 && t <= s.Times[i-1]:
				v.errf(sp.key("times").idx(i), "times must increase; %s follows %s", t, s.Times[i-1])
			}
		}
	case "noise":
		switch {
		case s.Std == nil:
			v.errf(sp.key("std"), "required for kind noise")
		case *s.Std < 0:
			v.errf(sp.key("std"), "must be >= 0, got %s", *s.Std)
		}
	case "uniform_noise":
		if s.Low == nil {
			v.errf(sp.key("low"), "required for kind uniform_noise")
		}
		if s.High == nil {
			v.errf(sp.key("high"), "required for kind uniform_noise")
		}
		if s.Low != nil && s.High != nil && !(*s.High >= *s.Low) {
			v.errf(sp.key("high"), "high %s is below low %s", *s.High, *s.Low)
		}
	}
	if s.Start != nil && *s.Start < 0 {
		v.errf(sp.key("start"), "must be >= 0, got %s", *s.Start)
	}
	if s.Start != nil && s.Stop != nil && *s.Stop < *s.Start {
		v.errf(sp.key("stop"), "stop %s is before start %s", *s.Stop, *s.Start)
	}
	if ok {
		v.neurons(sp.key("neurons"), s.Neurons, target.p)
	}
}

// input checks an [[input]] table.
func (v *validator) input(ip keyPath, in *Input) {
	target, ok := v.lookupPop(ip.key("target"), in.Target)
	if ok && !canReceive(target.p) {
		v.errf(ip.key("target"), "%q is a %s population and cannot receive input", in.Target, target.p.Model)
		ok = false
	}
	switch {
	case in.Kind == "":
		v.errf(ip.key("kind"), "required (one of %s)", strings.Join(inputKinds, ", "))
		return
	case !contains(inputKinds, in.Kind):
		v.errf(ip.key("kind"), "%s", oneOf("input kind", in.Kind, inputKinds))
		return
	}
	synKind := in.SynapseKind
	if synKind == "" {
		synKind = "exp_current"
	}
	if !contains(inputSyn, synKind) {
		v.errf(ip.key("synapse_kind"), "%s", oneOf("synapse_kind", synKind, inputSyn))
		return
	}
	allowed := append(slices.Clone(commonIn), inputKeys[in.Kind]...)
	allowed = append(allowed, kindKeys[synKind]...)
	v.onlyKeys(ip, reflect.ValueOf(in).Elem(), allowed, fmt.Sprintf("input kind %s with synapse_kind %s", in.Kind, synKind))
	if ok && !contains(receives(target.p), synKind) {
		v.errf(ip.key("synapse_kind"), "a %s population cannot receive %s input (it takes: %s)", target.p.Model, synKind, strings.Join(receives(target.p), ", "))
	}
	if in.Receptor != "" && !contains(receptors, in.Receptor) {
		v.errf(ip.key("receptor"), "%s", oneOf("receptor", in.Receptor, receptors))
	}
	switch {
	case in.Rate == nil:
		v.errf(ip.key("rate"), "required, the total rate per unit, e.g. rate = \"12800Hz\" for 1600 sources of 8 Hz")
	case *in.Rate < 0:
		v.errf(ip.key("rate"), "must be >= 0, got %s", *in.Rate)
	case float64(*in.Rate)*v.dt/1000 > MaxInputLambda:
		v.errf(ip.key("rate"), "%s gives %s events per unit per step of %s, more than %d; use a smaller dt", *in.Rate, num(float64(*in.Rate)*v.dt/1000), Time(v.dt), MaxInputLambda)
	}
	if in.Weight == nil {
		v.errf(ip.key("weight"), "required")
	} else {
		dims := []Dim{DimCurrent, DimVoltage}
		switch synKind {
		case "exp_conductance":
			dims = []Dim{DimConductance}
		case "delta":
			dims = []Dim{DimVoltage}
		}
		w := *in.Weight
		if v.dist(ip.key("weight"), Const(w), "weight", dims...) {
			switch {
			case w.Dim == DimVoltage && synKind != "delta" && ok && !hasResistance(target.p):
				v.errf(ip.key("weight"), "an exp_current weight in mV needs a target with a membrane resistance (lif, adex); %q is %s: give the weight as a current (nA, pA)", in.Target, target.p.Model)
			case w.Dim == DimConductance && w.Value < 0:
				v.errf(ip.key("weight"), "conductance weight %s is negative; want >= 0", w)
			}
		}
	}
	if in.Tau != nil && !(*in.Tau > 0) {
		v.errf(ip.key("tau"), "must be > 0, got %s", *in.Tau)
	} else if ok && in.Tau != nil && eulerDecay(target.p) && !(float64(*in.Tau) > v.dt) {
		v.errf(ip.key("tau"), "%s decays its synapses by forward Euler (synapse_decay = \"euler\"), which needs tau > dt (%s), got %s", in.Target, Time(v.dt), *in.Tau)
	}
	if in.Start != nil && *in.Start < 0 {
		v.errf(ip.key("start"), "must be >= 0, got %s", *in.Start)
	}
	if in.Start != nil && in.Stop != nil && *in.Stop < *in.Start {
		v.errf(ip.key("stop"), "stop %s is before start %s", *in.Stop, *in.Start)
	}
}

// neurons checks neuron indexes against the size of p.
func (v *validator) neurons(np keyPath, list []int, p *Population) {
	if p.Size == nil {
		return
	}
	for i, n := range list {
		if n < 0 || n >= *p.Size {
			v.errf(np.idx(i), "neuron %d is outside [0, %d)", n, *p.Size)
		}
	}
}

func (v *validator) record(rp keyPath, r *Record) {
	if r.Modulator != "" {
		v.recordModulator(rp, r)
		return
	}
	pop, ok := v.lookupPop(rp.key("population"), r.Population)
	switch {
	case r.Variable == "":
		v.errf(rp.key("variable"), "required (one of %s)", strings.Join(recordVars(), ", "))
	case !contains(recordVars(), r.Variable):
		v.errf(rp.key("variable"), "%s", oneOf("variable", r.Variable, recordVars()))
	case ok && model(pop.p) != nil && !contains(model(pop.p).Vars, r.Variable):
		v.errf(rp.key("variable"), "model %s has no variable %q (have: %s)", pop.p.Model, r.Variable, strings.Join(model(pop.p).Vars, ", "))
	}
	if r.Every != nil {
		switch {
		case r.Variable == "spikes":
			v.errf(rp.key("every"), "does not apply to spikes (every spike is recorded)")
		case float64(*r.Every) < v.dt:
			v.errf(rp.key("every"), "%s is shorter than dt (%s)", *r.Every, Time(v.dt))
		}
	}
	if ok {
		v.neurons(rp.key("neurons"), r.Neurons, pop.p)
	}
}
