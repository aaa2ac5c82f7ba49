package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/experiment"
	"github.com/brainsim/brainsim/internal/atomicfile"
	"github.com/brainsim/brainsim/internal/report"
)

// sweepOptions are the parsed arguments of "brainsim sweep".
type sweepOptions struct {
	Target  string
	Grid    []gridAxis // --grid, in flag order
	Seeds   int        // --seeds: runs per grid cell
	Seed    *int64     // --seed: the first seed, nil for experiment.seed
	Jobs    int        // --jobs: runs at a time
	Out     string     // --out, "" for a new sweep-<name>-<time> folder
	Set     []string   // --set, applied to every run before the grid values
	Format  string
	Metrics []string // --metric, nil for the default
	Quiet   bool
}

// gridAxis is one --grid key and its values, as written.
type gridAxis struct {
	Key    string   `json:"key"`
	Values []string `json:"values"`
}

func parseSweepArgs(args []string) (*sweepOptions, error) {
	fs := newFlagSet("sweep")
	opts := &sweepOptions{}
	format := formatFlag("table")
	var seed seedFlag
	var sets setFlag
	var grids, metrics stringList
	fs.Var(&grids, "grid", "")
	fs.IntVar(&opts.Seeds, "seeds", 1, "")
	fs.Var(&seed, "seed", "")
	fs.IntVar(&opts.Jobs, "jobs", runtime.NumCPU(), "")
	fs.StringVar(&opts.Out, "out", "", "")
	fs.Var(&sets, "set", "")
	fs.Var(&format, "format", "")
	fs.Var(&metrics, "metric", "")
	fs.BoolVar(&opts.Quiet, "quiet", false, "")
	pos, err := parseArgs(fs, args, sweepUsage)
	if err != nil {
		return nil, err
	}
	switch len(pos) {
	case 0:
		return nil, flagError(sweepUsage, "sweep needs an experiment: a .toml file or a shipped name (see \"brainsim list\")")
	case 1:
	default:
		return nil, flagError(sweepUsage, "sweep takes one experiment, got %d: %s", len(pos), strings.Join(pos, " "))
	}
	if opts.Seeds < 1 {
		return nil, flagError(sweepUsage, "--seeds %d: want at least 1 run per grid cell", opts.Seeds)
	}
	if opts.Jobs < 1 {
		return nil, flagError(sweepUsage, "--jobs %d: want at least 1 run at a time (default: the number of CPUs, %d)", opts.Jobs, runtime.NumCPU())
	}
	for _, g := range grids {
		ax, err := parseGrid(g)
		if err != nil {
			return nil, flagError(sweepUsage, "--grid %s: %v", g, err)
		}
		if slices.ContainsFunc(opts.Grid, func(o gridAxis) bool { return o.Key == ax.Key }) {
			return nil, flagError(sweepUsage, "--grid %s: key %s is already swept; give all its values in one --grid", g, ax.Key)
		}
		opts.Grid = append(opts.Grid, ax)
	}
	for _, m := range metrics {
		for part := range strings.SplitSeq(m, ",") {
			if part = strings.TrimSpace(part); part == "" {
				return nil, flagError(sweepUsage, "--metric %q: empty metric name", m)
			}
			if !slices.Contains(opts.Metrics, part) {
				opts.Metrics = append(opts.Metrics, part)
			}
		}
	}
	opts.Target = pos[0]
	opts.Seed = seed.v
	opts.Set = sets.stringList
	opts.Format = string(format)
	return opts, nil
}

// parseGrid reads "key=v1,v2,...". Commas inside quotes, brackets or
// braces do not split ("w=[1,2],[3,4]" has two values).
func parseGrid(s string) (gridAxis, error) {
	key, list, ok := strings.Cut(s, "=")
	key = strings.TrimSpace(key)
	if !ok || key == "" {
		return gridAxis{}, errors.New("want key=v1,v2,..., e.g. --grid neurons=400,800")
	}
	ax := gridAxis{Key: key}
	vals, err := splitValues(list)
	if err != nil {
		return gridAxis{}, err
	}
	for i, v := range vals {
		v = strings.TrimSpace(v)
		switch {
		case v == "":
			if strings.TrimSpace(list) == "" {
				return gridAxis{}, fmt.Errorf("no values for %s; want key=v1,v2,...", key)
			}
			return gridAxis{}, fmt.Errorf("value %d of %s is empty", i+1, key)
		case slices.Contains(ax.Values, v):
			return gridAxis{}, fmt.Errorf("value %s of %s is listed twice", v, key)
		}
		ax.Values = append(ax.Values, v)
	}
	return ax, nil
}

// splitValues splits s at the commas outside "...", '...', [...] and {...}.
func splitValues(s string) ([]string, error) {
	var out []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
		case c == ',' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	if quote != 0 || depth != 0 {
		return nil, fmt.Errorf("unbalanced quotes or brackets in %q", s)
	}
	return append(out, s[start:]), nil
}

// sweepCell is one point of the grid.
type sweepCell struct {
	Values []string // one per grid axis
	Name   string   // folder name, unique
}

// sweepRun is one run: a cell and a seed.
type sweepRun struct {
	cell   int
	seed   int64
	dir    string // relative to the sweep folder
	f      *configs.File
	status string // not_run | ok | failed | interrupted
	err    string
	wallS  float64
	res    *experiment.Result // without spikes and traces
}

// sweep is one sweep in progress.
type sweep struct {
	opts    *sweepOptions
	name    string // experiment name
	mode    string
	dir     string
	cells   []sweepCell
	seeds   []int64
	runs    []*sweepRun
	start   time.Time
	metrics []string
}

func (a *app) sweepCmd(args []string) error {
	opts, err := parseSweepArgs(args)
	if err != nil {
		return err
	}
	return a.runSweep(opts)
}

// runSweep checks every cell of the grid, runs all cells times all seeds
// opts.Jobs at a time, and prints and writes the statistics.
func (a *app) runSweep(opts *sweepOptions) error {
	sw, err := a.planSweep(opts)
	if err != nil {
		return err
	}
	if err := sw.makeDir(opts.Out); err != nil {
		return err
	}
	if err := sw.writeJSON(a, "running"); err != nil {
		return fmt.Errorf("writing %s: %w", filepath.Join(sw.dir, "sweep.json"), err)
	}
	if !opts.Quiet {
		fmt.Fprintf(a.stderr, "sweep %s: %d runs (%d cells × %d seeds), %d at a time; records in %s\n",
			sw.name, len(sw.runs), len(sw.cells), len(sw.seeds), min(opts.Jobs, len(sw.runs)), sw.dir)
	}

	ctx, stop := a.signalContext(context.Background())
	defer stop()
	a.execSweep(ctx, sw)
	interrupted := ctx.Err() != nil
	stop()

	status, failed := "ok", 0
	for _, r := range sw.runs {
		if r.status == "failed" {
			failed++
		}
	}
	switch {
	case interrupted:
		status = "interrupted"
	case failed > 0:
		status = "failed"
	}
	var metricErr error
	sw.metrics, metricErr = sw.pickMetrics()
	jsonErr := sw.writeJSON(a, status)
	if jsonErr == nil {
		jsonErr = sw.writeCSV()
	}
	if jsonErr != nil {
		jsonErr = fmt.Errorf("writing the sweep records to %s: %w", sw.dir, jsonErr)
	}

	if interrupted {
		done := 0
		for _, r := range sw.runs {
			if r.status == "ok" {
				done++
			}
		}
		fmt.Fprintf(a.stderr, "brainsim: interrupted: %d of %d runs finished; records in %s (sweep.json lists them)\n", done, len(sw.runs), sw.dir)
		if jsonErr != nil {
			a.printError(jsonErr)
		}
		return &exitError{code: exitInterrupted}
	}
	if metricErr != nil {
		return errors.Join(metricErr, jsonErr)
	}
	if err := a.printSweep(sw, opts.Format); err != nil {
		return errors.Join(err, jsonErr)
	}
	if jsonErr != nil {
		return jsonErr
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d runs failed (left out of the statistics); records in %s", failed, len(sw.runs), sw.dir)
	}
	if !opts.Quiet {
		fmt.Fprintf(a.stderr, "records in %s: sweep.json, sweep.csv and <cell>/seed-<n>/ per run\n", sw.dir)
	}
	return nil
}

// planSweep resolves the base experiment and every run's config, so that a
// bad key or value stops the sweep before anything runs.
func (a *app) planSweep(opts *sweepOptions) (*sweep, error) {
	base, err := a.resolve(opts.Target, opts.Set)
	if err != nil {
		return nil, configError(err)
	}
	if len(base.Variant) > 0 {
		return nil, configError(fmt.Errorf("%s has [[variant]] sections; sweep runs one config: sweep the variants' keys with --grid instead", opts.Target))
	}
	sw := &sweep{opts: opts, name: base.Experiment.Name, mode: base.Experiment.Mode, start: time.Now()}
	first := int64(1)
	if base.Experiment.Seed != nil {
		first = *base.Experiment.Seed
	}
	if opts.Seed != nil {
		first = *opts.Seed
	}
	// A train-mode run with experiment.seeds = m uses seeds s..s+m-1 (and
	// reports their mean); the sweep's runs take every m-th seed so that no
	// two runs share one.
	stride := int64(1)
	if base.Experiment.Mode == configs.ModeTrain && base.Experiment.Seeds != nil && *base.Experiment.Seeds > 1 {
		stride = int64(*base.Experiment.Seeds)
	}
	for s := range opts.Seeds {
		sw.seeds = append(sw.seeds, first+int64(s)*stride)
	}
	if err := checkMetrics(opts.Metrics, sw.mode); err != nil {
		return nil, err
	}

	// Each value alone first, so an error names the --grid value.
	var errs []error
	for _, ax := range opts.Grid {
		for _, v := range ax.Values {
			if _, err := a.resolve(opts.Target, append(slices.Clone(opts.Set), ax.Key+"="+v)); err != nil {
				errs = append(errs, gridError(ax.Key, v, err))
			}
		}
	}
	if len(errs) > 0 {
		return nil, configError(errors.Join(errs...))
	}

	sw.cells = gridCells(opts.Grid)
	for ci, c := range sw.cells {
		sets := slices.Clone(opts.Set)
		for k, ax := range opts.Grid {
			sets = append(sets, ax.Key+"="+c.Values[k])
		}
		for _, seed := range sw.seeds {
			f, err := a.resolve(opts.Target, sets)
			if err != nil {
				return nil, configError(fmt.Errorf("grid cell %s: %w", c.label(opts.Grid), err))
			}
			if mode := f.Experiment.Mode; mode != sw.mode {
				return nil, configError(fmt.Errorf("grid cell %s: mode %q differs from the base config's %q; a sweep keeps one mode", c.label(opts.Grid), mode, sw.mode))
			}
			s := seed
			f.Experiment.Seed = &s
			sw.runs = append(sw.runs, &sweepRun{cell: ci, seed: seed, f: f, status: "not_run",
				dir: filepath.Join(c.Name, "seed-"+strconv.FormatInt(seed, 10))})
		}
	}
	return sw, nil
}

// gridError names the --grid value in the errors of resolving it.
func gridError(key, value string, err error) error {
	var out []error
	for _, e := range configs.Errors(err) {
		ne := *e
		if ne.Set != "" {
			ne.Set = ""
			ne.File = "--grid " + key + "=" + value
		} else {
			ne.Msg += fmt.Sprintf(" (with --grid %s=%s)", key, value)
		}
		out = append(out, &ne)
	}
	return errors.Join(out...)
}

// gridCells returns the Cartesian product of the grid, the last axis
// fastest, with unique folder names.
func gridCells(grid []gridAxis) []sweepCell {
	cells := []sweepCell{{}}
	for _, ax := range grid {
		var next []sweepCell
		for _, c := range cells {
			for _, v := range ax.Values {
				next = append(next, sweepCell{Values: append(slices.Clone(c.Values), v)})
			}
		}
		cells = next
	}
	used := map[string]bool{}
	for i := range cells {
		parts := make([]string, len(grid))
		for k, ax := range grid {
			parts[k] = ax.Key + "=" + cells[i].Values[k]
		}
		name := safeName(strings.Join(parts, ","))
		if name == "" {
			name = "base"
		}
		if len(name) > 120 {
			name = name[:120]
		}
		if used[name] {
			name = fmt.Sprintf("%s-%d", name, i)
		}
		used[name] = true
		cells[i].Name = name
	}
	return cells
}

// label is "key=value, key=value" for messages.
func (c sweepCell) label(grid []gridAxis) string {
	if len(grid) == 0 {
		return "(no grid)"
	}
	parts := make([]string, len(grid))
	for k, ax := range grid {
		parts[k] = ax.Key + "=" + c.Values[k]
	}
	return strings.Join(parts, ", ")
}

// safeName keeps letters, digits and ._=,+- and replaces the rest by '_'.
func safeName(s string) string {
	b := []byte(s)
	for i, c := range b {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("._=,+-", c) >= 0
		if !ok {
			b[i] = '_'
		}
	}
	return strings.TrimLeft(string(b), ".-")
}

// makeDir creates the sweep folder: out when given (it must be missing or
// empty), else a new sweep-<name>-<time> that no earlier sweep has.
func (sw *sweep) makeDir(out string) error {
	if out != "" {
		if err := checkOutDir(out, false); err != nil {
			return configError(err)
		}
		if err := os.MkdirAll(out, 0o755); err != nil {
			return fmt.Errorf("--out %s: %w", out, err)
		}
		sw.dir = out
		return nil
	}
	base := "sweep-" + safeName(sw.name) + "-" + sw.start.Format("20060102-150405")
	for i := 1; ; i++ {
		dir := base
		if i > 1 {
			dir = fmt.Sprintf("%s-%d", base, i)
		}
		err := os.Mkdir(dir, 0o755)
		if err == nil {
			sw.dir = dir
			return nil
		}
		if !os.IsExist(err) || i > 1000 {
			return fmt.Errorf("creating the sweep folder %s: %w", dir, err)
		}
	}
}

// execSweep runs the runs jobs at a time. Runs start in order; after ctx is
// cancelled no new run starts and the running ones stop.
func (a *app) execSweep(ctx context.Context, sw *sweep) {
	var bar *progressbar.ProgressBar
	var mu sync.Mutex // guards bar
	if a.stderrTTY && !sw.opts.Quiet {
		bar = progressbar.NewOptions(len(sw.runs),
			progressbar.OptionSetWriter(a.stderr),
			progressbar.OptionSetDescription("sweep "+sw.name),
			progressbar.OptionSetItsString("runs"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionUseANSICodes(true),
		)
		bar.RenderBlank()
	}
	next := make(chan *sweepRun)
	var wg sync.WaitGroup
	for range min(sw.opts.Jobs, len(sw.runs)) {
		wg.Go(func() {
			for r := range next {
				a.sweepOne(ctx, sw, r)
				if r.status == "failed" {
					mu.Lock()
					if bar != nil {
						bar.Clear()
					}
					fmt.Fprintf(a.stderr, "brainsim: run %s seed %d failed: %s\n", sw.cells[r.cell].label(sw.opts.Grid), r.seed, r.err)
					mu.Unlock()
				}
				if bar != nil {
					mu.Lock()
					bar.Add(1)
					mu.Unlock()
				}
			}
		})
	}
	for _, r := range sw.runs {
		if ctx.Err() != nil {
			break
		}
		select {
		case next <- r:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	if bar != nil {
		bar.Exit()
		bar.Clear()
	}
}

// sweepOne runs r and writes its records into its folder.
func (a *app) sweepOne(ctx context.Context, sw *sweep, r *sweepRun) {
	if ctx.Err() != nil {
		return // not_run
	}
	ra := *a // the run's records count its wall time from its own start
	ra.start = time.Now()
	dir := filepath.Join(sw.dir, r.dir)
	rec, err := ra.openRecords(dir, r.f)
	if err != nil {
		r.status, r.err = "failed", fmt.Sprintf("writing records to %s: %v", dir, err)
		return
	}
	prog := newProgress(nil, false, "")
	seed := r.seed
	res, runErr := a.run(ctx, r.f, experiment.Options{Seed: &seed, Progress: prog.update, Start: ra.start})
	interrupted := runErr != nil && ctx.Err() != nil
	if runErr == nil && res == nil {
		runErr = errors.New("internal error: the experiment returned no result")
	}
	done, total := prog.steps()
	if total == 0 && res != nil {
		total = res.Steps
	}
	writeErr := rec.finish(res, runErr, interrupted, done, total)
	r.wallS = time.Since(ra.start).Seconds()
	r.f = nil // free the config
	switch {
	case interrupted:
		r.status = "interrupted"
	case runErr != nil:
		r.status, r.err = "failed", runErr.Error()
	case writeErr != nil:
		r.status, r.err = "failed", fmt.Sprintf("writing records to %s: %v", dir, writeErr)
	default:
		r.status = "ok"
		res.Spikes, res.Traces, res.Images = nil, nil, nil
		r.res = res
	}
}

// Metrics a sweep can aggregate.
var (
	simPopMetrics = []string{"size", "spikes", "rate_hz", "cv_isi", "silent", "sync", "osc_hz"}
	simRunMetrics = []string{"duration_s", "steps", "build_s", "loop_s", "wall_s", "rtf", "synapses", "syn_events", "syn_events_per_s"}
)

// checkMetrics checks --metric names against the mode's metrics.
func checkMetrics(metrics []string, mode string) error {
	allowed := slices.Concat(simPopMetrics, simRunMetrics)
	if mode == configs.ModeTrain {
		allowed = experiment.TrainMetricNames()
	}
	for _, m := range metrics {
		if !slices.Contains(allowed, m) {
			return flagError(sweepUsage, "--metric %s: unknown for a %s-mode experiment (want one of %s)", m, modeName(mode), strings.Join(allowed, ", "))
		}
	}
	return nil
}

func modeName(mode string) string {
	if mode == "" {
		return configs.ModeSimulate
	}
	return mode
}

// pickMetrics returns --metric, or the default: rate_hz in simulate mode,
// test_accuracy in train mode when the first finished run has it, else
// val_accuracy (a task with validation), else accuracy.
func (sw *sweep) pickMetrics() ([]string, error) {
	if len(sw.opts.Metrics) > 0 {
		return sw.opts.Metrics, nil
	}
	if sw.mode != configs.ModeTrain {
		return []string{"rate_hz"}, nil
	}
	for _, r := range sw.runs {
		if r.res == nil {
			continue
		}
		for _, m := range []string{"test_accuracy", "val_accuracy"} {
			if slices.ContainsFunc(r.res.Train, func(row experiment.TrainRow) bool { _, ok := row.Metric(m); return ok }) {
				return []string{m}, nil
			}
		}
		if len(r.res.Train) > 0 && len(r.res.Train[0].Metrics) > 0 {
			return []string{r.res.Train[0].Metrics[0].Name}, nil
		}
		break
	}
	return []string{"accuracy"}, nil
}

// series is one aggregated quantity: a metric of one population (simulate
// mode; "" for a run metric) or of one rule and task (train mode).
type series struct {
	Metric     string
	Population string
	Rule, Task string
}

// cellStats is the statistics of one series in one cell over the seeds.
type cellStats struct {
	N                 int
	Mean, Std         float64
	CI95Low, CI95High float64
	Values            []float64 // per seed, NaN when missing
}

// seriesList lists the series of the finished runs, in the order of the
// first finished run (populations or rule/task rows) per metric.
func (sw *sweep) seriesList() []series {
	var first *experiment.Result
	for _, r := range sw.runs {
		if r.res != nil {
			first = r.res
			break
		}
	}
	var out []series
	for _, m := range sw.metrics {
		switch {
		case sw.mode == configs.ModeTrain:
			if first == nil {
				continue
			}
			for _, row := range first.Train {
				out = append(out, series{Metric: m, Rule: row.Rule, Task: row.Task})
			}
		case slices.Contains(simRunMetrics, m):
			out = append(out, series{Metric: m})
		default:
			if first == nil {
				continue
			}
			for _, p := range first.Populations {
				out = append(out, series{Metric: m, Population: p.Population})
			}
		}
	}
	return out
}

// valueOf returns the value of s in res, NaN when res lacks it.
func (s series) valueOf(res *experiment.Result) float64 {
	if res == nil {
		return math.NaN()
	}
	switch {
	case s.Rule != "" || s.Task != "":
		for i := range res.Train {
			if r := &res.Train[i]; r.Rule == s.Rule && r.Task == s.Task {
				return toFloat(trainValue(res, r, s.Metric, true))
			}
		}
		return math.NaN()
	case s.Population == "":
		return toFloat(runValue(res, s.Metric))
	}
	for i := range res.Populations {
		if p := &res.Populations[i]; p.Population == s.Population {
			return toFloat(value(res, p, s.Metric))
		}
	}
	return math.NaN()
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case float32:
		return float64(x)
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case int32:
		return float64(x)
	case *float64:
		if x != nil {
			return *x
		}
	}
	return math.NaN()
}

// stats returns the statistics of s in cell c over the seeds, in seed
// order (so the numbers do not depend on the order the runs finished in).
func (sw *sweep) stats(s series, c int) cellStats {
	var st cellStats
	for _, r := range sw.runs {
		if r.cell != c {
			continue
		}
		x := math.NaN()
		if r.status == "ok" {
			x = s.valueOf(r.res)
		}
		st.Values = append(st.Values, x)
	}
	st.N, st.Mean, st.Std, st.CI95Low, st.CI95High = meanCI(st.Values)
	return st
}

// meanCI returns the number of values that are not NaN, their mean, sample
// standard deviation (n-1) and the 95% confidence interval of the mean from
// the t-distribution with n-1 degrees of freedom. With one value std and
// the interval are NaN; with none the mean is too.
func meanCI(xs []float64) (n int, mean, std, lo, hi float64) {
	var sum float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			n++
			sum += x
		}
	}
	if n == 0 {
		return 0, math.NaN(), math.NaN(), math.NaN(), math.NaN()
	}
	mean = sum / float64(n)
	if n == 1 {
		return 1, mean, math.NaN(), math.NaN(), math.NaN()
	}
	var ss float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			ss += (x - mean) * (x - mean)
		}
	}
	std = math.Sqrt(ss / float64(n-1))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975)
	half := t * std / math.Sqrt(float64(n))
	return n, mean, std, mean - half, mean + half
}

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
