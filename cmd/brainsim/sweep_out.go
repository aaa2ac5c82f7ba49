package main

import (
	"fmt"
	"path/filepath"
	"strconv"
	"time"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/internal/atomicfile"
	"github.com/brainsim/brainsim/internal/report"
)

// longTable is every statistic in long form: one row per series and cell,
// the csv and json output and sweep.csv.
func (sw *sweep) longTable() *report.Table {
	cols := []string{"metric"}
	if sw.mode == configs.ModeTrain {
		cols = append(cols, "rule", "task")
	} else {
		cols = append(cols, "population")
	}
	for _, ax := range sw.opts.Grid {
		cols = append(cols, ax.Key)
	}
	cols = append(cols, "n", "mean", "std", "ci95_low", "ci95_high")
	t := &report.Table{Columns: cols}
	for _, s := range sw.seriesList() {
		for ci, c := range sw.cells {
			st := sw.stats(s, ci)
			row := []any{s.Metric}
			if sw.mode == configs.ModeTrain {
				row = append(row, s.Rule, s.Task)
			} else {
				row = append(row, s.Population)
			}
			for _, v := range c.Values {
				row = append(row, v)
			}
			t.Rows = append(t.Rows, append(row, st.N, st.Mean, st.Std, st.CI95Low, st.CI95High))
		}
	}
	return t
}

// printSweep writes the statistics to stdout: csv and json in long form;
// table and markdown one table per series, 2-D for exactly two grid keys.
func (a *app) printSweep(sw *sweep, format string) error {
	if format == "csv" || format == "json" {
		return report.Render(a.stdout, sw.longTable(), format)
	}
	for i, s := range sw.seriesList() {
		if i > 0 {
			fmt.Fprintln(a.stdout)
		}
		of := ""
		switch {
		case s.Population != "":
			of = " of " + s.Population
		case s.Rule != "" || s.Task != "":
			of = fmt.Sprintf(" of %s on %s", s.Rule, s.Task)
		}
		title := fmt.Sprintf("%s: %s%s, mean over seeds %s", sw.name, s.Metric, of, seedSpan(sw.seeds))
		var t *report.Table
		if len(sw.opts.Grid) == 2 {
			t = sw.table2D(s)
			t.Title = title + " ± half-width of the 95% CI (t, n-1), sd in parentheses"
		} else {
			t = sw.table1D(s)
			t.Title = title + "; ci95 from the t-distribution with n-1 degrees of freedom"
		}
		if err := report.Render(a.stdout, t, format); err != nil {
			return err
		}
	}
	return nil
}

// seedSpan is "1..5", or "1..21 step 10" for train-mode runs of 10 seeds.
func seedSpan(seeds []int64) string {
	if len(seeds) == 1 {
		return strconv.FormatInt(seeds[0], 10)
	}
	span := fmt.Sprintf("%d..%d", seeds[0], seeds[len(seeds)-1])
	if step := seeds[1] - seeds[0]; step != 1 {
		span += fmt.Sprintf(" step %d", step)
	}
	return span
}

// table1D has one row per cell: the grid values, n, mean, std, ci95.
func (sw *sweep) table1D(s series) *report.Table {
	var cols []string
	for _, ax := range sw.opts.Grid {
		cols = append(cols, ax.Key)
	}
	cols = append(cols, "n", s.Metric, "std", "ci95_low", "ci95_high")
	t := &report.Table{Columns: cols}
	for ci, c := range sw.cells {
		st := sw.stats(s, ci)
		var row []any
		for _, v := range c.Values {
			row = append(row, v)
		}
		t.Rows = append(t.Rows, append(row, st.N, st.Mean, st.Std, st.CI95Low, st.CI95High))
	}
	return t
}

// table2D has the first key's values as rows and the second's as columns;
// each entry is "mean ± ci (sd std)".
func (sw *sweep) table2D(s series) *report.Table {
	rows, cols := sw.opts.Grid[0], sw.opts.Grid[1]
	t := &report.Table{Columns: []string{rows.Key + " \\ " + cols.Key}}
	for _, v := range cols.Values {
		t.Columns = append(t.Columns, cols.Key+"="+v)
	}
	for i, rv := range rows.Values {
		row := []any{rv}
		for j := range cols.Values {
			row = append(row, spread(s.Metric, sw.stats(s, i*len(cols.Values)+j)))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// spread formats a cell of a 2-D table.
func spread(metric string, st cellStats) string {
	switch {
	case st.N == 0:
		return "n/a"
	case st.N == 1:
		return report.Format(metric, st.Mean) + " (n=1)"
	}
	return fmt.Sprintf("%s ± %s (sd %s)", report.Format(metric, st.Mean),
		report.Format(metric, st.CI95High-st.Mean), report.Format(metric, st.Std))
}

// sweepRecord is sweep.json.
type sweepRecord struct {
	Experiment string           `json:"experiment"`
	Target     string           `json:"target"`
	Command    []string         `json:"command"`
	Set        []string         `json:"set"`
	Grid       []gridAxis       `json:"grid"`
	Seeds      []int64          `json:"seeds"`
	Jobs       int              `json:"jobs"`
	Metrics    []string         `json:"metrics"`
	Status     string           `json:"status"` // running | ok | failed | interrupted
	Start      string           `json:"start"`
	End        string           `json:"end,omitempty"`
	WallS      float64          `json:"wall_s"`
	RunsTotal  int              `json:"runs_total"`
	RunsOK     int              `json:"runs_ok"`
	Runs       []sweepRunRecord `json:"runs"`
	Cells      []sweepCellJSON  `json:"cells"`
}

type sweepRunRecord struct {
	Cell    string            `json:"cell"` // the cell's folder
	Values  map[string]string `json:"values"`
	Seed    int64             `json:"seed"`
	Dir     string            `json:"dir"`               // relative to the sweep folder
	Results string            `json:"results,omitempty"` // results.json of a finished run
	Status  string            `json:"status"`            // not_run | ok | failed | interrupted
	Error   string            `json:"error,omitempty"`
	WallS   float64           `json:"wall_s"`
}

type sweepCellJSON struct {
	Cell   string            `json:"cell"`
	Values map[string]string `json:"values"`
	Stats  []sweepStatJSON   `json:"stats"`
}

type sweepStatJSON struct {
	Metric     string    `json:"metric"`
	Population string    `json:"population,omitempty"`
	Rule       string    `json:"rule,omitempty"`
	Task       string    `json:"task,omitempty"`
	N          int       `json:"n"`
	Mean       float64   `json:"mean"`
	Std        float64   `json:"std"`
	CI95Low    float64   `json:"ci95_low"`
	CI95High   float64   `json:"ci95_high"`
	Values     []float64 `json:"values"` // per seed, null for a run that did not finish
}

func (sw *sweep) cellValues(c int) map[string]string {
	m := map[string]string{}
	for k, ax := range sw.opts.Grid {
		m[ax.Key] = sw.cells[c].Values[k]
	}
	return m
}

// writeJSON writes sweep.json atomically.
func (sw *sweep) writeJSON(a *app, status string) error {
	now := time.Now()
	rec := sweepRecord{
		Experiment: sw.name, Target: sw.opts.Target, Command: a.cmdline, Set: sw.opts.Set,
		Grid: sw.opts.Grid, Seeds: sw.seeds, Jobs: sw.opts.Jobs, Metrics: sw.metrics,
		Status: status, Start: sw.start.Format(time.RFC3339Nano), WallS: now.Sub(sw.start).Seconds(),
		RunsTotal: len(sw.runs), Runs: []sweepRunRecord{}, Cells: []sweepCellJSON{},
	}
	if rec.Grid == nil {
		rec.Grid = []gridAxis{}
	}
	if status != "running" {
		rec.End = now.Format(time.RFC3339Nano)
	}
	for _, r := range sw.runs {
		rr := sweepRunRecord{Cell: sw.cells[r.cell].Name, Values: sw.cellValues(r.cell), Seed: r.seed,
			Dir: filepath.ToSlash(r.dir), Status: r.status, Error: r.err, WallS: r.wallS}
		if r.status == "ok" {
			rec.RunsOK++
			rr.Results = filepath.ToSlash(filepath.Join(r.dir, "results.json"))
		}
		rec.Runs = append(rec.Runs, rr)
	}
	if status != "running" {
		list := sw.seriesList()
		for ci, c := range sw.cells {
			cj := sweepCellJSON{Cell: c.Name, Values: sw.cellValues(ci), Stats: []sweepStatJSON{}}
			for _, s := range list {
				st := sw.stats(s, ci)
				cj.Stats = append(cj.Stats, sweepStatJSON{Metric: s.Metric, Population: s.Population, Rule: s.Rule, Task: s.Task,
					N: st.N, Mean: st.Mean, Std: st.Std, CI95Low: st.CI95Low, CI95High: st.CI95High, Values: st.Values})
			}
			rec.Cells = append(rec.Cells, cj)
		}
	}
	data, err := report.MarshalJSONIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(sw.dir, "sweep.json"), append(data, '\n'), atomicfile.DefaultPerm)
}

// writeCSV writes sweep.csv (the long table) atomically.
func (sw *sweep) writeCSV() error {
	file, err := atomicfile.Create(filepath.Join(sw.dir, "sweep.csv"))
	if err != nil {
		return err
	}
	defer file.Abort()
	if err := report.Render(file, sw.longTable(), "csv"); err != nil {
		return err
	}
	return file.Commit()
}
