package configs

import (
	"slices"

	"github.com/brainsim/brainsim/registry"
)

// figures checks [report] figures: every name known, and each figure's
// data produced by the experiment (see [FigureNeeds]).
func (v *validator) figures() {
	f := v.f
	for i, fig := range f.Report.Figures {
		p := keyPath{}.key("report").key("figures").idx(i)
		switch {
		case !contains(ReportFigures(), fig):
			v.errf(p, "%s", oneOf("figure", fig, ReportFigures()))
		case slices.Index(f.Report.Figures, fig) < i:
			v.errf(p, "figure %s named twice", fig)
		case !f.hasFigureData(fig):
			v.errf(p, "figure %s needs %s", fig, FigureNeeds(fig))
		}
	}
}

// The figures of [report] figures.
const (
	FigureRaster = "raster" // spike raster of the recorded populations
	FigureRate   = "rate"   // population rate over time
	FigureTraces = "traces" // sampled state variables (v, u, w, r, …) over time
)

// ReportFigures lists the figures a config may name: those of simulate
// mode's recordings, then those the plug-ins of train mode describe
// (registry.DescribeFigure).
func ReportFigures() []string {
	out := []string{FigureRaster, FigureRate, FigureTraces}
	for _, fi := range registry.Figures() {
		out = append(out, fi.Name)
	}
	return out
}

// FigureNeeds says what an experiment needs to produce the data of
// figure fig; validation errors quote it.
func FigureNeeds(fig string) string {
	switch fig {
	case FigureRaster:
		return `a [[record]] with variable = "spikes"`
	case FigureRate:
		return `a [[record]] with variable = "spikes" or "rate"`
	case FigureTraces:
		return `a [[record]] of a state variable (v, u, w, r, …; not spikes or rate)`
	}
	for _, fi := range registry.Figures() {
		if fi.Name == fig {
			return fi.Needs
		}
	}
	return "nothing brainsim knows"
}

// FiguresFor returns the figures whose data f produces, in the order of
// ReportFigures: what a run may draw when the config names none.
func FiguresFor(f *File) []string {
	var out []string
	for _, fig := range ReportFigures() {
		if f.hasFigureData(fig) {
			out = append(out, fig)
		}
	}
	return out
}

// hasFigureData reports whether f produces the data of figure fig.
func (f *File) hasFigureData(fig string) bool {
	record := func(ok func(variable string) bool) bool {
		return f.Experiment.Mode != ModeTrain && slices.ContainsFunc(f.Record, func(r Record) bool { return ok(r.Variable) })
	}
	switch fig {
	case FigureRaster:
		return record(func(v string) bool { return v == "spikes" })
	case FigureRate:
		return record(func(v string) bool { return v == "spikes" || v == "rate" })
	case FigureTraces:
		return record(func(v string) bool { return v != "spikes" && v != "rate" && v != "" })
	}
	if f.Experiment.Mode != ModeTrain && f.analysisFigure(fig) {
		return true
	}
	if f.Experiment.Mode != ModeTrain && f.Environment != nil {
		if env, ok := registry.LookupEnvironment(f.Environment.Kind); ok && slices.Contains(env.Figures, fig) {
			return true
		}
	}
	return slices.Contains(f.trainFigures(), fig)
}
