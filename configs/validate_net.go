package configs

import (
	"fmt"
	"math"
	"strings"

	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/synapse"
)

// The checks of projections, pathways, stimuli, inputs and records.

func (v *validator) projection(pp keyPath, pr *Projection, pathway bool) {
	from, okFrom := v.lookupPop(pp.key("from"), pr.From)
	to, okTo := v.lookupPop(pp.key("to"), pr.To)
	if okFrom && okTo {
		other := "[[pathway]]" // where the connection belongs instead
		if pathway {
			other = "[[projection]]"
		}
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
	if pr.Receptor != "" && !contains(receptorLabels, pr.Receptor) {
		v.errf(pp.key("receptor"), "%s", oneOf("receptor", pr.Receptor, receptorLabels))
	}
	v.plasticity(pp, pr)
	v.tie(pp, pr, pathway)
	v.normalize(pp, pr)
	src, tgt := pluginRef(from, okFrom), pluginRef(to, okTo)
	v.connect(pp.key("connect"), pr, src, tgt)
	v.synapse(pp, pr, src, tgt, pathway)
}

// pluginRef is what the checks of connectors and synapse kinds see of a
// population; nil when the reference does not resolve.
func pluginRef(r popRef, ok bool) *registry.PopRef {
	if !ok {
		return nil
	}
	size := -1
	if r.p.Size != nil {
		size = *r.p.Size
	}
	ref := &registry.PopRef{Name: r.region + "." + r.p.Name, Region: r.region, Size: size, Model: model(r.p), Params: r.p.Params, Sheet: r.p.Sheet != nil}
	if s := r.p.Sheet; s != nil {
		ref.Periodic, ref.Rows, ref.Cols = s.Periodic, s.Rows, s.Cols
		if s.Side != nil {
			ref.Side = float64(*s.Side)
		}
	}
	return ref
}

// stateless reports whether a projection's synapse kind keeps no state
// (so a spike needs a delay of at least dt).
func stateless(pr *Projection) bool {
	k, ok := registry.LookupSynapseKind(pr.Synapse.Kind)
	return ok && k.Stateless
}

// synapse checks a projection's [projection.synapse] table: its kind, the
// kind's keys and the weight through the kind's registry entry, and the
// delay.
func (v *validator) synapse(pp keyPath, pr *Projection, src, tgt *registry.PopRef, pathway bool) {
	s := &pr.Synapse
	sp := pp.key("synapse")
	k, ok := registry.LookupSynapseKind(s.Kind)
	switch {
	case s.Kind == "":
		v.errf(sp.key("kind"), "required (one of %s)", strings.Join(registry.SynapseKindNames(), ", "))
		return
	case !ok:
		v.errf(sp.key("kind"), "%s", oneOf("synapse kind", s.Kind, registry.SynapseKindNames()))
		return
	}
	if src != nil {
		switch spikes := src.Model != nil && src.Model.Spiking; {
		case !k.Rates && !spikes:
			v.errf(sp.key("kind"), "%s synapses need a spiking source; %q is a rate population (use kind = %s)", s.Kind, pr.From, quotedOr(synapseKindsWith(func(k *registry.SynapseKind) bool { return k.Rates })))
		case pathway && k.Rates:
			v.errf(sp.key("kind"), "a pathway between regions carries spikes only; %s synapses stay within a region: put both populations in one region", s.Kind)
		case pathway && !spikes && src.Model != nil:
			v.errf(pp.key("from"), "a pathway between regions carries spikes only; the output of a %s population stays within a region", src.Model.Name)
		}
	}
	if m := targetModel(tgt); m != nil && m.Receives != nil && !contains(m.Receives, s.Kind) {
		v.errf(sp.key("kind"), "a %s population cannot receive %s synapses (it takes: %s)", m.Name, s.Kind, strings.Join(m.Receives, ", "))
	}
	c := &registry.Check{Errs: sectionErrs{v, sp}, Section: pr.Name, Given: givenFunc(s.given), Dt: v.dt,
		Source: src, Target: tgt, Self: pr.From == pr.To && pr.From != "", Receptor: pr.Receptor}
	if k.Check != nil && s.Params != nil {
		k.Check(s.Params, c)
	}
	if s.Weight == nil {
		v.errf(sp.key("weight"), "required")
	} else {
		k.Weight(*s.Weight, c)
	}
	if s.Delay != nil {
		v.delay(sp.key("delay"), pr, k, pathway)
	}
	if s.Velocity != nil {
		v.velocity(sp.key("velocity"), float64(*s.Velocity), src, tgt)
	}
}

// velocity checks synapse.velocity: > 0, between populations on sheets
// of one side (a physical size) and one topology.
func (v *validator) velocity(vp keyPath, vel float64, src, tgt *registry.PopRef) {
	if !(vel > 0) || math.IsInf(vel, 0) {
		v.errf(vp, "must be > 0 and finite, got %s; leave velocity out for delays that do not grow with distance", Velocity(vel))
		return
	}
	if src == nil || tgt == nil {
		return
	}
	for _, r := range []*registry.PopRef{src, tgt} {
		if !r.Sheet || r.Side == 0 {
			v.errf(vp, "conduction delays need %q on a sheet with a side (sheet = { rows = ..., cols = ..., side = \"4mm\" })", r.Name)
			return
		}
	}
	switch {
	case src.Side != tgt.Side:
		v.errf(vp, "the sheets of %q (side %s) and %q (side %s) differ in size; conduction delays need one sheet", src.Name, Length(src.Side), tgt.Name, Length(tgt.Side))
	case src.Periodic != tgt.Periodic:
		v.errf(vp, "the sheet of %q is periodic and the sheet of %q is not (or the other way round); conduction delays need one topology", src.Name, tgt.Name)
	}
}

// delay checks synapse.delay: at least dt, or 0 within a region (acting
// from the next step, as Brian2's synapses do), except into a stateless
// receptor, which cannot take a zero-delay spike, and for the
// spike-timing rules.
func (v *validator) delay(dp keyPath, pr *Projection, k *registry.SynapseKind, pathway bool) {
	d := pr.Synapse.Delay
	if !v.dist(dp, *d, "delay", DimTime) {
		return
	}
	lo, ok := d.Min()
	zeroOK := !pathway && !k.Stateless && !needsDelay(pr)
	switch {
	case ok && zeroOK && lo >= 0 && (d.Kind != DistConst || lo == 0 || lo >= v.dt):
	case ok && lo == 0 && !pathway && k.Stateless:
		v.errf(dp, "a %s synapse needs a delay of at least dt (%s): it has no state to take a zero-delay spike", k.Name, Time(v.dt))
	case ok && lo == 0 && !pathway:
		v.errf(dp, "rule %s needs a delay of at least dt (%s)", pr.Plasticity.Rule, Time(v.dt))
	case !ok:
		v.errf(dp, "a normal delay needs clip = [lo, hi] with lo >= dt (%s)", Time(v.dt))
	case lo < v.dt && d.Kind == DistConst:
		v.errf(dp, "delay %s is below dt (%s)", Time(lo), Time(v.dt))
	case lo < v.dt:
		v.errf(dp, "delay %s can be %s, below dt (%s)", d, Time(lo), Time(v.dt))
	}
	if hi, ok := d.Max(); ok && math.Round(hi/v.dt) > synapse.MaxDelaySteps {
		v.errf(dp, "delay %s is %.0f steps of dt = %s; a delay holds at most %d steps (%s)", Time(hi), math.Round(hi/v.dt), Time(v.dt), synapse.MaxDelaySteps, Time(synapse.MaxDelaySteps*v.dt))
	}
}

// connect checks a projection's [projection.connect] table through its
// rule's registry entry.
func (v *validator) connect(cp keyPath, pr *Projection, src, tgt *registry.PopRef) {
	c := &pr.Connect
	con, ok := registry.LookupConnector(c.Rule)
	switch {
	case c.Rule == "":
		v.errf(cp.key("rule"), "required (one of %s)", strings.Join(registry.ConnectorNames(), ", "))
		return
	case !ok:
		v.errf(cp.key("rule"), "%s", oneOf("connect rule", c.Rule, registry.ConnectorNames()))
		return
	case con.Check == nil || c.Params == nil:
		return
	}
	zeroOK := src != nil && tgt != nil && src.Region == tgt.Region && !stateless(pr) && !needsDelay(pr)
	con.Check(c.Params, &registry.Check{Errs: sectionErrs{v, cp}, Section: pr.Name, Given: givenFunc(c.given), Dt: v.dt,
		Source: src, Target: tgt, Self: pr.From == pr.To && pr.From != "", Receptor: pr.Receptor, ZeroDelay: zeroOK})
}

// targetModel is the model of a projection's or an input's target, nil
// when not known.
func targetModel(r *registry.PopRef) *registry.Model {
	if r == nil {
		return nil
	}
	return r.Model
}

// synapseKindsWith lists the registered synapse kinds for which ok holds.
func synapseKindsWith(ok func(*registry.SynapseKind) bool) []string {
	var out []string
	for _, n := range registry.SynapseKindNames() {
		if k, _ := registry.LookupSynapseKind(n); ok(k) {
			out = append(out, n)
		}
	}
	return out
}

// quotedOr quotes names and joins them with "or": "a", "b" or "c".
func quotedOr(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// pairDelays reports whether the connection rule gives every synapse its
// own delay (from_list with delays), which the rules that need one delay
// for all synapses reject.
func (c *Connect) pairDelays() bool {
	d, ok := c.Params.(registry.PairDelays)
	return ok && d.PairDelays() != nil
}

// transposable reports whether a tie can hold the transpose of the
// synapses of connection rule rule (registry.Connector.Transposable).
func transposable(rule string) bool {
	c, ok := registry.LookupConnector(rule)
	return ok && c.Transposable
}

// transposableText lists the transposable rules for a message: "both
// all_to_all, both one_to_one or both from_list".
func transposableText() string {
	var parts []string
	for _, n := range registry.ConnectorNames() {
		if transposable(n) {
			parts = append(parts, "both "+n)
		}
	}
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
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

// stimulus checks a [[current]]: its target, start and stop, and its
// kind's keys through the kind's registry entry.
func (v *validator) stimulus(sp keyPath, s *Stimulus) {
	target, ok := v.lookupPop(sp.key("target"), s.Target)
	if ok && !canReceive(target.p) {
		v.errf(sp.key("target"), "%q is a %s population and cannot take a current", s.Target, target.p.Model)
	}
	k, known := registry.LookupCurrent(s.Kind)
	switch {
	case s.Kind == "":
		v.errf(sp.key("kind"), "required (one of %s)", strings.Join(registry.CurrentNames(), ", "))
		return
	case !known:
		v.errf(sp.key("kind"), "%s", oneOf("current kind", s.Kind, registry.CurrentNames()))
		return
	}
	if k.Check != nil && s.Params != nil {
		k.Check(s.Params, &registry.Check{Errs: sectionErrs{v, sp}, Section: s.Target, Given: givenFunc(s.given), Dt: v.dt})
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

// input checks an [[input]] table; the synapse kind it feeds checks its
// keys (tau, e_rev) and the weight.
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
		synKind = defaultInputSynapse
	}
	k, known := registry.LookupSynapseKind(synKind)
	if !known || !k.Input {
		v.errf(ip.key("synapse_kind"), "%s", oneOf("synapse_kind", synKind, inputSynapseKinds()))
		return
	}
	if ok && !contains(receives(target.p), synKind) {
		v.errf(ip.key("synapse_kind"), "a %s population cannot receive %s input (it takes: %s)", target.p.Model, synKind, strings.Join(receives(target.p), ", "))
	}
	if in.Receptor != "" && !contains(receptorLabels, in.Receptor) {
		v.errf(ip.key("receptor"), "%s", oneOf("receptor", in.Receptor, receptorLabels))
	}
	switch {
	case in.Rate == nil:
		v.errf(ip.key("rate"), "required, the total rate per unit, e.g. rate = \"12800Hz\" for 1600 sources of 8 Hz")
	case *in.Rate < 0:
		v.errf(ip.key("rate"), "must be >= 0, got %s", *in.Rate)
	case float64(*in.Rate)*v.dt/1000 > MaxInputLambda:
		v.errf(ip.key("rate"), "%s gives %s events per unit per step of %s, more than %d; use a smaller dt", *in.Rate, num(float64(*in.Rate)*v.dt/1000), Time(v.dt), MaxInputLambda)
	}
	c := &registry.Check{Errs: sectionErrs{v, ip}, Section: in.Target, Given: givenFunc(in.given), Dt: v.dt,
		Target: pluginRef(target, ok), Receptor: in.Receptor}
	if k.Check != nil && in.SynapseParams != nil {
		k.Check(in.SynapseParams, c)
	}
	if in.Weight == nil {
		v.errf(ip.key("weight"), "required")
	} else {
		k.Weight(Const(*in.Weight), c)
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
