package configs

import (
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/brainsim/brainsim/registry"
)

// Plasticity is the plasticity rule of a projection or pathway, the table
// [projection.plasticity] (or plasticity = { rule = "stdp", ... }). Rule
// names a plasticity rule of the registry (package plasticity; see
// `brainsim list plasticity`): spike-timing rules (stdp, triplet,
// nearest_triplet, da_stdp), short-term plasticity (tsodyks_markram) and
// the activity rules of rate synapses (hebb, oja, bcm, competitive,
// delta, climbing_fibre, td, three_factor, boltzmann). The table's other
// keys decode into Params, the rule's own parameter struct, strictly: a
// key the rule does not have is an error. Without a table, or without a rule key, the rule
// is static (fixed synapses).
type Plasticity struct {
	Rule string `toml:"rule,omitempty" doc:"the plasticity rule (default static)"`
	// Params is the rule's parameter struct (registry.Plasticity.Params),
	// holding its defaults and the table's keys; nil for a rule without
	// keys.
	Params any `toml:"-"`

	given []string // the keys the table sets
}

var plasticityType = reflect.TypeFor[Plasticity]()

// applyDefaults names the static rule when none is given and gives a
// table built in Go without Params its rule's defaults. The defaults that
// depend on other keys or on the projection are the rule's Check's to
// fill.
func (pl *Plasticity) applyDefaults() {
	if pl.Rule == "" {
		pl.Rule = registry.DefaultPlasticity()
	}
	if e, ok := registry.LookupPlasticity(pl.Rule); ok && pl.Params == nil && e.Params != nil {
		pl.Params = e.Params()
	}
}

// plasticityOf returns the registered rule of a projection (nil for an
// unknown one, which plasticity reports).
func plasticityOf(pr *Projection) *registry.Plasticity {
	e, _ := registry.LookupPlasticity(pr.Plasticity.Rule)
	return e
}

// needsDelay reports whether the rule of pr needs a delay of at least dt.
func needsDelay(pr *Projection) bool {
	e := plasticityOf(pr)
	return e != nil && e.NeedsDelay
}

// releases is the modulator the rule of pr releases into, or "".
func releases(pr *Projection) string {
	e := plasticityOf(pr)
	if e == nil || e.Releases == nil || pr.Plasticity.Params == nil {
		return ""
	}
	return e.Releases(pr.Plasticity.Params)
}

// plasticity validates the [projection.plasticity] table of pr through
// its rule's Check.
func (v *validator) plasticity(pp keyPath, pr *Projection) {
	pl := &pr.Plasticity
	lp := pp.key("plasticity")
	if pl.Rule == "" && registry.DefaultPlasticity() == "" {
		return // no table, and no rules registered: fixed synapses
	}
	e, ok := registry.LookupPlasticity(pl.Rule)
	if !ok {
		v.errf(lp.key("rule"), "%s", oneOf("plasticity rule", pl.Rule, registry.PlasticityNames()))
		return
	}
	if e.Check == nil || pl.Params == nil {
		return
	}
	s := &pr.Synapse
	c := &registry.PlasticityCheck{
		Errs:        sectionErrs{v, lp},
		Projection:  projectionErrs{v, pp},
		Given:       givenFunc(pl.given),
		Dt:          v.dt,
		SynapseKind: s.Kind,
		Delay:       s.Delay,
		ListDelays:  pr.Connect.pairDelays(),
		Conduction:  s.Velocity != nil,
		Source:      v.popInfo(pr.From),
		Target:      v.popInfo(pr.To),
		Population: func(key, ref string) (*registry.PopRef, bool) {
			if _, ok := v.lookupPop(lp.key(key), ref); !ok {
				return nil, false
			}
			return v.popInfo(ref), true
		},
		Modulators:   ModulatorNames,
		HasModulator: v.f.HasModulator,
	}
	if s.Weight != nil {
		c.WeightDim, c.WeightDims, c.Weight = s.Weight.Dim(), boundDims(s), s.Weight
	}
	e.Check(pl.Params, c)
}

// projectionErrs reports a plasticity rule's errors about keys of its
// projection, given as dotted paths ("synapse.delay").
type projectionErrs struct {
	v *validator
	p keyPath
}

// Errf places the dotted key under the projection's path.
func (e projectionErrs) Errf(key, format string, args ...any) {
	p := e.p
	parts := strings.Split(key, ".")
	for _, k := range parts[:len(parts)-1] {
		p = p.key(k)
	}
	sectionErrs{e.v, p}.Errf(parts[len(parts)-1], format, args...)
}

// popInfo describes the population ref for a plasticity rule's Check
// (nil when there is none).
func (v *validator) popInfo(ref string) *registry.PopRef {
	r, ok := v.pops[ref]
	return pluginRef(r, ok)
}

// boundDims lists the dimensions a bound on the weights of s may have:
// the dimension of synapse.weight (for a current given as R·I, in mV or
// nA, either of the two).
func boundDims(s *Synapse) []Dim {
	if k, ok := registry.LookupSynapseKind(s.Kind); ok && k.RI {
		return []Dim{DimCurrent, DimVoltage}
	}
	return []Dim{s.Weight.Dim()}
}

// weightBound checks that a weight bound has the dimension of the weight
// (for exp_current in mV or nA, either of the two).
func (v *validator) weightBound(p keyPath, q Quantity, s *Synapse) {
	want := boundDims(s)
	if !slices.Contains(want, q.Dim) {
		names := make([]string, len(want))
		for i, d := range want {
			names[i] = d.String()
		}
		v.errf(p, "want %s (the dimension of synapse.weight), got %s", strings.Join(names, " or "), q.Dim)
	}
}

// projections lists the projections and then the pathways.
func (f *File) projections() []*Projection {
	var out []*Projection
	for i := range f.Projection {
		out = append(out, &f.Projection[i])
	}
	for i := range f.Pathway {
		out = append(out, &f.Pathway[i])
	}
	return out
}

// HasModulator reports whether a [[modulator]] table names m.
func (f *File) HasModulator(m string) bool {
	return slices.ContainsFunc(f.Modulator, func(x Modulator) bool { return x.Name == m })
}

// tie validates the tie key of a projection: the projection named has a
// rule that can be tied (boltzmann) and goes the other way round, and
// this one learns nothing of its own.
func (v *validator) tie(pp keyPath, pr *Projection, pathway bool) {
	if pr.Tie == "" {
		return
	}
	tp := pp.key("tie")
	if pathway {
		v.errf(tp, "a pathway cannot be tied; tie projections within a region")
		return
	}
	var q *Projection
	for i := range v.f.Projection {
		if v.f.Projection[i].Name == pr.Tie {
			q = &v.f.Projection[i]
		}
	}
	switch {
	case q == nil:
		v.errf(tp, "no projection named %q", pr.Tie)
	case q == pr:
		v.errf(tp, "a projection cannot be tied to itself")
	case plasticityOf(q) == nil || !plasticityOf(q).Tie:
		tieable := registry.PlasticitiesWith(func(e *registry.Plasticity) bool { return e.Tie })
		v.errf(tp, "%q has rule %s; a tie follows a %s projection", pr.Tie, q.Plasticity.Rule, strings.Join(tieable, " or "))
	case q.From != pr.To || q.To != pr.From:
		v.errf(tp, "%q goes %s -> %s; the projection tied to it must go %s -> %s", pr.Tie, q.From, q.To, q.To, q.From)
	case q.Tie != "":
		v.errf(tp, "%q is itself tied to %q", pr.Tie, q.Tie)
	case q.Connect.Rule != pr.Connect.Rule || !transposable(pr.Connect.Rule):
		v.errf(pp.key("connect").key("rule"), "a tied projection needs the transpose of %q's synapses: %s (with the pairs reversed); got %s and %s", pr.Tie, transposableText(), q.Connect.Rule, pr.Connect.Rule)
	}
	if e := plasticityOf(pr); e == nil || !e.Static {
		v.errf(pp.key("plasticity").key("rule"), "a tied projection takes its weights from %q; it cannot learn with rule %s", pr.Tie, pr.Plasticity.Rule)
	}
	if k, ok := registry.LookupSynapseKind(pr.Synapse.Kind); ok && !k.Rates {
		v.errf(pp.key("synapse").key("kind"), "a tied projection needs a synapse kind that carries rates (%s), got %s", strings.Join(rateKinds(), ", "), pr.Synapse.Kind)
	}
}

// normalize validates the normalize key of a projection.
func (v *validator) normalize(pp keyPath, pr *Projection) {
	if pr.Normalize == nil {
		return
	}
	np := pp.key("normalize")
	if !v.f.Environment.normalizes() {
		v.errf(np, "the weights are normalised before every presentation of a patterns or images environment; this experiment has none")
	}
	if !(pr.Normalize.Value > 0) || math.IsInf(pr.Normalize.Value, 0) {
		v.errf(np, "must be finite and > 0, got %s", *pr.Normalize)
	}
	if pr.Synapse.Weight != nil {
		v.weightBound(np, *pr.Normalize, &pr.Synapse)
	}
}

// rateKinds lists the synapse kinds that carry the source's activity.
func rateKinds() []string {
	var out []string
	for _, n := range registry.SynapseKindNames() {
		if k, _ := registry.LookupSynapseKind(n); k.Rates {
			out = append(out, n)
		}
	}
	return out
}
