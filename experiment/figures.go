package experiment

import (
	"fmt"
	"github.com/brainsim/brainsim/registry"
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
	d := newFigureData(f, res)
	switch fig {
	case configs.FigureRaster:
		var pops []report.RasterPopulation
		for _, name := range d.recorded("spikes") {
			pops = append(pops, d.rasterOf(name))
		}
		return report.RasterFigure(pops, d.durMS)
	case configs.FigureRate:
		return report.RateFigure(d.rateSeries())
	case configs.FigureTraces:
		return report.TracesFigure(traceSeries(res, d.dt))
	case tasks.FigureAccuracyPerTask:
		var series []report.ContinualSeries
		for _, row := range continualRows(res) {
			series = append(series, report.ContinualSeries{Name: row.name, PerTask: row.perTask, Seen: row.seen})
		}
		return report.AccuracyPerTaskFigure(series)
	case tasks.FigureLearningCurve:
		var curves []report.Curve
		for _, row := range continualRows(res) {
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
	// Several plots of one figure (analyses of one kind on several
	// populations): curves are drawn together; frame grids are the first
	// plot's.
	var same []registry.Plot
	for _, p := range res.Plots {
		if p.Figure == fig {
			same = append(same, p)
		}
	}
	if len(same) > 0 {
		p := same[0]
		if len(p.Grids) > 0 {
			return gridFigure(p)
		}
		var curves []report.Curve
		for _, q := range same {
			for _, c := range q.Curves {
				name := c.Name
				if len(same) > 1 && q.Series != "" {
					name = q.Series + ": " + name
				}
				curves = append(curves, report.Curve{Name: name, X: c.X, Y: c.Y})
			}
		}
		title := p.Title
		if len(same) > 1 && p.Series != "" {
			title = strings.Replace(title, p.Series, "several populations", 1)
		}
		return report.CurvesFigureLogX(title, p.XLabel, p.YLabel, curves, p.LogX)
	}
	if slices.Contains(configs.ReportFigures(), fig) {
		return nil, fmt.Errorf("the run produced no data for it (%s)", configs.FigureNeeds(fig))
	}
	return nil, fmt.Errorf("unknown (want one of %s)", strings.Join(configs.ReportFigures(), ", "))
}

// figureData is what the spike and rate figures of a run are drawn from:
// the run's config and result, its population sizes and its spikes by
// population.
type figureData struct {
	f         *configs.File
	res       *Result
	dt, durMS float64
	size      map[string]int
	spikes    map[string]*report.RasterPopulation
}

// newFigureData indexes the population sizes and the spikes of res.
func newFigureData(f *configs.File, res *Result) *figureData {
	d := &figureData{f: f, res: res, dt: res.DtMS, durMS: res.DurationS * 1000,
		size: map[string]int{}, spikes: map[string]*report.RasterPopulation{}}
	for _, p := range res.Populations {
		d.size[p.Population] = p.Size
	}
	for _, s := range res.Spikes {
		r := d.spikes[s.Population]
		if r == nil {
			r = &report.RasterPopulation{Name: s.Population, Size: d.size[s.Population]}
			d.spikes[s.Population] = r
		}
		r.TimesMS = append(r.TimesMS, float64(s.Step)*d.dt)
		r.Neurons = append(r.Neurons, s.Neuron)
	}
	return d
}

// recorded lists the populations recorded with variable v, in
// population-table order.
func (d *figureData) recorded(v string) []string {
	var out []string
	for _, p := range d.res.Populations {
		if slices.ContainsFunc(d.f.Record, func(r configs.Record) bool { return r.Population == p.Population && r.Variable == v }) {
			out = append(out, p.Population)
		}
	}
	return out
}

// rasterOf returns the spikes of population name (none when it did not
// spike).
func (d *figureData) rasterOf(name string) report.RasterPopulation {
	if r := d.spikes[name]; r != nil {
		return *r
	}
	return report.RasterPopulation{Name: name, Size: d.size[name]}
}

// rateSeries returns the recorded rate traces, then the binned spike rate
// of every population recorded with spikes but not with rate.
func (d *figureData) rateSeries() []report.RateSeries {
	var series []report.RateSeries
	hasRate := map[string]bool{}
	for _, tr := range d.res.Traces {
		if tr.Variable != "rate" {
			continue
		}
		s := report.RateSeries{Name: tr.Population}
		for k, step := range tr.Steps[:min(len(tr.Steps), len(tr.Values))] {
			if len(tr.Values[k]) > 0 {
				s.TimesMS = append(s.TimesMS, float64(step)*d.dt)
				s.Hz = append(s.Hz, float64(tr.Values[k][0]))
			}
		}
		series = append(series, s)
		hasRate[tr.Population] = true
	}
	bin := max(d.dt, d.durMS/200) // spikes: 200 bins over the run
	for _, name := range d.recorded("spikes") {
		if hasRate[name] {
			continue
		}
		c, hz := report.BinnedRate(d.rasterOf(name).TimesMS, d.size[name], d.durMS, bin)
		series = append(series, report.RateSeries{Name: fmt.Sprintf("%s (%.3g ms bins)", name, bin), TimesMS: c, Hz: hz})
	}
	return series
}

// traceSeries returns one series per recorded trace other than rate, one
// line per recorded unit (NaN where a step lacks the unit).
func traceSeries(res *Result, dt float64) []report.TraceSeries {
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
	return series
}

// continualRow is a continual-learning row: its per-task accuracy and its
// mean over the tasks seen.
type continualRow struct {
	name         string
	seeds        int
	perTask      [][]float64
	seen, seenSD []float64
}

// continualRows returns the continual-learning rows of res.
func continualRows(res *Result) []continualRow {
	var continual []continualRow
	for _, row := range res.Train {
		if m, ok := row.Metric("after_task"); ok && row.PerTask != nil {
			continual = append(continual, continualRow{row.Rule, row.Seeds, row.PerTask, m.Vec, m.VecSD})
		}
	}
	return continual
}

// gridFigure draws a plot's grids as a grid of gray frames (black at each
// grid's Min, white at its Max), four to a row.
func gridFigure(p registry.Plot) (*report.Figure, error) {
	g0 := p.Grids[0]
	images := make([][]float32, len(p.Grids))
	for i, g := range p.Grids {
		if g.Rows != g0.Rows || g.Cols != g0.Cols || len(g.Values) != g.Rows*g.Cols {
			return nil, fmt.Errorf("figure %s: frames of different shapes", p.Figure)
		}
		lo, hi := g.Min, g.Max
		if lo == 0 && hi == 0 {
			lo, hi = slices.Min(g.Values), slices.Max(g.Values)
		}
		img := make([]float32, len(g.Values))
		for k, v := range g.Values {
			if hi > lo {
				img[k] = float32((v - lo) / (hi - lo))
			}
		}
		images[i] = img
	}
	title := p.Title
	if len(p.Grids) > 1 {
		title += fmt.Sprintf(", %s to %s", p.Grids[0].Title, p.Grids[len(p.Grids)-1].Title)
	}
	return report.ImageGridFigure(title, images, g0.Cols, g0.Rows, min(4, len(images)))
}
