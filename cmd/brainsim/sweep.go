package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/experiment"
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
	// MaxMemory is --max-memory in bytes, 0 when not given.
	MaxMemory float64
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
	fs.Var(&grids, "grid", "key=v1,v2,..., e.g. --grid neurons=400,800")
	fs.IntVar(&opts.Seeds, "seeds", 1, "the number of seeds per grid cell")
	fs.Var(&seed, "seed", "the first seed, an integer")
	fs.IntVar(&opts.Jobs, "jobs", runtime.NumCPU(), "the number of runs at a time")
	fs.StringVar(&opts.Out, "out", "", "a directory for the sweep's files")
	fs.Var(&sets, "set", "key=value, e.g. --set experiment.duration=2s")
	fs.Var(&format, "format", "table, markdown, csv or json")
	fs.Var(&metrics, "metric", "a metric of the result rows, e.g. rate_hz")
	fs.BoolVar(&opts.Quiet, "quiet", false, "")
	fs.Var((*memFlag)(&opts.MaxMemory), "max-memory", "a size such as 8GB or 512MB")
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
	a.maxMemory, a.memRuns = opts.MaxMemory, opts.Jobs
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
