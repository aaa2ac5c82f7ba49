package experiment

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/internal/report"
	"github.com/brainsim/brainsim/rules"
	"github.com/brainsim/brainsim/tasks"
)

// Figure turns the data of res, a run of f, into figure fig (one of the
// figures of the file's report table): it hands internal/report plain
// slices.
func Figure(f *configs.File, fig string, res *Result) (*report.Figure, error) {
	dt := res.DtMS
	durMS := res.DurationS * 1000
	size := map[string]int{}
	for _, p := range res.Populations {
		size[p.Population] = p.Size
	}
	// recorded lists the populations recorded with variable v, in
	// population-table order.
	recorded := func(v string) []string {
		var out []string
		for _, p := range res.Populations {
			if slices.ContainsFunc(f.Record, func(r configs.Record) bool { return r.Population == p.Population && r.Variable == v }) {
				out = append(out, p.Population)
			}
		}
		return out
	}
	spikes := map[string]*report.RasterPopulation{}
	for _, s := range res.Spikes {
		r := spikes[s.Population]
		if r == nil {
			r = &report.RasterPopulation{Name: s.Population, Size: size[s.Population]}
			spikes[s.Population] = r
		}
		r.TimesMS = append(r.TimesMS, float64(s.Step)*dt)
		r.Neurons = append(r.Neurons, s.Neuron)
	}
	rasterOf := func(name string) report.RasterPopulation {
		if r := spikes[name]; r != nil {
			return *r
		}
		return report.RasterPopulation{Name: name, Size: size[name]}
	}
	// continual are the continual-learning rows: their per-task accuracy
	// and its mean over the tasks seen.
	type continualRow struct {
		name         string
		seeds        int
		perTask      [][]float64
		seen, seenSD []float64
	}
	var continual []continualRow
	for _, row := range res.Train {
		if m, ok := row.Metric("after_task"); ok && row.PerTask != nil {
			continual = append(continual, continualRow{row.Rule, row.Seeds, row.PerTask, m.Vec, m.VecSD})
		}
	}

	switch fig {
	case configs.FigureRaster:
		var pops []report.RasterPopulation
		for _, name := range recorded("spikes") {
			pops = append(pops, rasterOf(name))
		}
		return report.RasterFigure(pops, durMS)
	case configs.FigureRate:
		var series []report.RateSeries
		hasRate := map[string]bool{}
		for _, tr := range res.Traces {
			if tr.Variable != "rate" {
				continue
			}
			s := report.RateSeries{Name: tr.Population}
			for k, step := range tr.Steps[:min(len(tr.Steps), len(tr.Values))] {
				if len(tr.Values[k]) > 0 {
					s.TimesMS = append(s.TimesMS, float64(step)*dt)
					s.Hz = append(s.Hz, float64(tr.Values[k][0]))
				}
			}
			series = append(series, s)
			hasRate[tr.Population] = true
		}
		bin := max(dt, durMS/200) // spikes: 200 bins over the run
		for _, name := range recorded("spikes") {
			if hasRate[name] {
				continue
			}
			c, hz := report.BinnedRate(rasterOf(name).TimesMS, size[name], durMS, bin)
			series = append(series, report.RateSeries{Name: fmt.Sprintf("%s (%.3g ms bins)", name, bin), TimesMS: c, Hz: hz})
		}
		return report.RateFigure(series)
	case configs.FigureTraces:
		var series []report.TraceSeries
		for _, tr := range res.Traces {
			if tr.Variable == "rate" {
				continue
			}
			n := min(len(tr.Steps), len(tr.Values))
			s := report.TraceSeries{Title: tr.Population + " " + tr.Variable, YLabel: tr.Variable, Unit: tr.Unit, TimesMS: make([]float64, n)}
			for k := range n {
				s.TimesMS[k] = float64(tr.Steps[k]) * dt
			}
			units := 0
			for _, row := range tr.Values[:n] {
				units = max(units, len(row))
			}
			for j := range units {
				y := make([]float64, n)
				for k, row := range tr.Values[:n] {
					y[k] = math.NaN()
					if j < len(row) {
						y[k] = float64(row[j])
					}
				}
				s.Lines = append(s.Lines, y)
				label := fmt.Sprintf("unit %d", j)
				if j < len(tr.Neurons) {
					label = fmt.Sprintf("neuron %d", tr.Neurons[j])
				}
				s.Labels = append(s.Labels, label)
			}
			series = append(series, s)
		}
		return report.TracesFigure(series)
	case tasks.FigureAccuracyPerTask:
		var series []report.ContinualSeries
		for _, row := range continual {
			series = append(series, report.ContinualSeries{Name: row.name, PerTask: row.perTask, Seen: row.seen})
		}
		return report.AccuracyPerTaskFigure(series)
	case tasks.FigureLearningCurve:
		var curves []report.Curve
		for _, row := range continual {
			x := make([]float64, len(row.seen))
			for i := range x {
				x[i] = float64(i + 1)
			}
			curve := report.Curve{Name: row.name, X: x, Y: row.seen}
			if row.seeds > 1 && len(row.seenSD) == len(row.seen) {
				curve.Err = row.seenSD
			}
			curves = append(curves, curve)
		}
		return report.CurvesFigure(res.Experiment+": accuracy over the classes seen", "tasks learned", "test accuracy", curves)
	case rules.FigureTDError:
		for _, h := range res.Heatmaps {
			if h.Name != "td_error" || len(h.Z) == 0 {
				continue
			}
			return report.HeatmapFigure(report.Heatmap{Title: fmt.Sprintf("%s: TD error δ (rule %s, first seed)", res.Experiment, h.Rule),
				XLabel: "step in trial", YLabel: "trial", Z: h.Z, Y0: 1, Diverging: true})
		}
		return nil, fmt.Errorf("the run produced no TD-error data (%s)", configs.FigureNeeds(fig))
	case rules.FigureImages:
		for _, g := range res.Images {
			if g.Figure == fig {
				return report.ImageGridFigure(fmt.Sprintf("%s: images of rule %s", res.Experiment, g.Rule), g.Images, g.W, g.H, g.Cols)
			}
		}
		return nil, fmt.Errorf("the run produced no images (%s)", configs.FigureNeeds(fig))
	}
	return nil, fmt.Errorf("unknown (want one of %s)", strings.Join(configs.ReportFigures(), ", "))
}
