package configs

import (
	"slices"

	"github.com/brainsim/brainsim/registry"
)

// Analyses (simulate mode). An [[analysis]] measures the run: it watches
// populations while the run goes and prints a result table (and draws
// figures) at the end, without acting on the network, so an experiment
// may have several beside its [environment].
//
//	[[analysis]]
//	kind = "waves"              # brainsim list analyses
//	population = "cortex.exc"
//
// The kinds are the analyses of the registry (package analyses; `brainsim
// list analyses` prints them with their keys).

// Analysis is an [[analysis]] table. Kind names an analysis of the
// registry; the table's other keys decode into Params, the kind's own
// parameter struct, strictly.
type Analysis struct {
	Kind string `toml:"kind,omitempty" doc:"the analysis (required)"`
	// Params is the kind's parameter struct (registry.Analysis.Params),
	// holding its defaults and the table's keys.
	Params any `toml:"-"`

	given []string // the keys the table sets
}

func (a *Analysis) plugin() any                          { return a.Params }
func (a *Analysis) setPlugin(params any, given []string) { a.Params, a.given = params, given }

// analyses checks the [[analysis]] tables: their kinds and the kinds'
// own checks.
func (v *validator) analyses() {
	f := v.f
	for i := range f.Analysis {
		a := &f.Analysis[i]
		ap := keyPath{}.key("analysis").idx(i)
		if f.Experiment.Mode == ModeTrain {
			v.errf(ap, "[[analysis]] is for simulate mode; train mode reports its [[rule]]s' metrics")
			return
		}
		k, ok := registry.LookupAnalysis(a.Kind)
		if !ok {
			v.errf(ap.key("kind"), "%s", oneOf("analysis kind", a.Kind, registry.AnalysisNames()))
			continue
		}
		if k.Check == nil || a.Params == nil {
			continue
		}
		k.Check(a.Params, &registry.Check{Errs: sectionErrs{v, ap}, Section: a.Kind, Given: givenFunc(a.given), Dt: v.dt,
			Pop: v.popResolver(ap), Pops: v.popRefs(), Feeds: f.feeds})
	}
}

// popRefs are the file's populations as plug-in checks see them, in file
// order.
func (v *validator) popRefs() []*registry.PopRef {
	pops := make([]*registry.PopRef, len(v.popNames))
	for i, name := range v.popNames {
		pops[i] = pluginRef(v.pops[name], true)
	}
	return pops
}

// popResolver resolves a population reference of a plug-in section at p,
// reporting one that does not resolve (then nil).
func (v *validator) popResolver(p keyPath) func(key, ref string) *registry.PopRef {
	return func(key, ref string) *registry.PopRef {
		r, ok := v.lookupPop(p.key(key), ref)
		return pluginRef(r, ok)
	}
}

// analysisFigure reports whether one of the file's analyses draws fig.
func (f *File) analysisFigure(fig string) bool {
	for _, a := range f.Analysis {
		if k, ok := registry.LookupAnalysis(a.Kind); ok && slices.Contains(k.Figures, fig) {
			return true
		}
	}
	return false
}

// feeds lists the synapse kinds of the projections, pathways and inputs
// with receptor = label (default exc) into population pop.
func (f *File) feeds(pop, label string) []string {
	var out []string
	lab := func(r string) string {
		if r == "" {
			return "exc"
		}
		return r
	}
	for _, pr := range append(append([]Projection{}, f.Projection...), f.Pathway...) {
		if pr.To == pop && lab(pr.Receptor) == label {
			out = append(out, pr.Synapse.Kind)
		}
	}
	for _, in := range f.Input {
		if in.Target == pop && lab(in.Receptor) == label {
			k := in.SynapseKind
			if k == "" {
				k = defaultInputSynapse
			}
			out = append(out, k)
		}
	}
	return out
}
