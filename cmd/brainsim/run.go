package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/experiment"
	"github.com/brainsim/brainsim/internal/imgrid"
	"github.com/brainsim/brainsim/internal/report"
)

// runOptions are the parsed arguments of "brainsim run".
type runOptions struct {
	Target string   // file path or shipped experiment name
	Out    string   // --out directory, "" for none
	Force  bool     // --force
	Seed   *int64   // --seed, nil when not given
	Set    []string // --set key=value, in order
	Format string   // table | markdown | csv | json
	Quiet  bool     // --quiet
	Plots  string   // --plots: "" (no figures), "png" or "svg"
	// MaxMemory is --max-memory in bytes, 0 when not given.
	MaxMemory float64
	// Checkpoint is the --checkpoint folder ("" for none) and
	// CheckpointEvery the wall-clock time between checkpoints (0: the
	// default).
	Checkpoint      string
	CheckpointEvery time.Duration
}

// plotsFlag is --plots (PNG) or --plots=png|svg; --plots=false is off.
type plotsFlag string

func (p *plotsFlag) String() string   { return string(*p) }
func (p *plotsFlag) IsBoolFlag() bool { return true }
func (p *plotsFlag) Set(v string) error {
	switch v {
	case "true", report.FormatPNG:
		*p = report.FormatPNG
	case report.FormatSVG:
		*p = report.FormatSVG
	case "false":
		*p = ""
	default:
		return fmt.Errorf("want --plots, --plots=png or --plots=svg, got --plots=%s", v)
	}
	return nil
}

// keepSpikes and keepSamples bound the spikes and samples per trace a run
// keeps in memory for its figures and tables (the first ones): with --out
// every record goes to disk as it comes, so a run of any duration holds
// bounded memory. A raster of a longer run shows its first 200,000 spikes, a
// trace its first 100,000 samples.
const keepSpikes, keepSamples = 200_000, 100_000

// interruptedAt says where an interrupted run stopped: the rule, task and
// seed of train mode, else the step.
func interruptedAt(runErr error, done, total int64) string {
	var ti *experiment.TrainInterrupted
	var bi *experiment.BuildInterrupted
	switch {
	case errors.As(runErr, &ti):
		return ti.Error()
	case errors.As(runErr, &bi):
		return bi.Error()
	case total > 0:
		return fmt.Sprintf("interrupted at step %d of %d", done, total)
	}
	return fmt.Sprintf("interrupted at step %d", done)
}

// runOnce runs f with a progress bar labelled label (unless quiet) and,
// when rec is set, finishes its records. It says whether Ctrl-C ended
// the run and how far it got in steps; writeErr is the records' error.
func (a *app) runOnce(ctx context.Context, f *configs.File, seed *int64, label string, quiet bool, rec *records) (
	res *experiment.Result, runErr, writeErr error, interrupted bool, done, total int64) {
	prog := newProgress(a.stderr, a.stderrTTY && !quiet, label)
	opt := experiment.Options{Seed: seed, Progress: prog.update, Start: a.start, KeepSpikes: keepSpikes, KeepSamples: keepSamples}
	if rec != nil {
		opt.Sink = rec.stream
	}
	ck := a.ckpt
	if ck != nil {
		opt.Checkpoint, opt.Resume = ck.options(), ck.resume
		update := opt.Progress
		opt.Progress = func(done, total int64) {
			ck.total = total
			update(done, total)
		}
	}
	res, runErr = a.run(ctx, f, opt)
	prog.clear()
	interrupted = runErr != nil && ctx.Err() != nil
	if rec != nil && runErr != nil && ck != nil && (ck.saved >= 0 || ck.resume != nil) {
		// A checkpoint points at the record files: the resumed run
		// completes them.
		rec.keepForResume = true
	}
	if runErr == nil && res == nil {
		runErr = errors.New("internal error: the experiment returned no result")
	}
	done, total = prog.steps()
	if total == 0 && done == 0 && res != nil {
		// No progress reported (train mode): the result's steps. A run
		// that reported steps with a total of 0 has no fixed end (an
		// environment ends it) and keeps 0.
		total = res.Steps
	}
	if rec != nil {
		if writeErr = rec.finish(res, runErr, interrupted, done, total); writeErr != nil {
			writeErr = fmt.Errorf("writing records to %s: %w", rec.dir, writeErr)
		}
	}
	return res, runErr, writeErr, interrupted, done, total
}

// outputFlags registers on fs the flags run and compare share (--out,
// --force, --seed, --set, --format, --quiet, --max-memory); after parsing, the returned
// function stores their values in o, or says that --force needs --out.
func (o *runOptions) outputFlags(fs *flag.FlagSet) func(usage string) error {
	format := formatFlag("table")
	var seed seedFlag
	var sets setFlag
	fs.StringVar(&o.Out, "out", "", "a directory for the run's files")
	fs.BoolVar(&o.Force, "force", false, "")
	fs.Var(&seed, "seed", "an integer seed")
	fs.Var(&sets, "set", "key=value, e.g. --set experiment.duration=2s")
	fs.Var(&format, "format", "table, markdown, csv or json")
	fs.BoolVar(&o.Quiet, "quiet", false, "")
	fs.Var((*memFlag)(&o.MaxMemory), "max-memory", "a size such as 8GB or 512MB")
	return func(usage string) error {
		if o.Force && o.Out == "" {
			return flagError(usage, "--force only applies with --out <dir>")
		}
		o.Seed, o.Set, o.Format = seed.v, sets.stringList, string(format)
		return nil
	}
}

func parseRunArgs(args []string) (*runOptions, error) {
	fs := newFlagSet("run")
	opts := &runOptions{}
	finish := opts.outputFlags(fs)
	var plots plotsFlag
	fs.Var(&plots, "plots", "")
	fs.StringVar(&opts.Checkpoint, "checkpoint", "", "")
	fs.DurationVar(&opts.CheckpointEvery, "checkpoint-every", 0, "")
	pos, err := parseArgs(fs, args, runUsage)
	if err != nil {
		return nil, err
	}
	switch len(pos) {
	case 0:
		return nil, flagError(runUsage, "run needs an experiment: a .toml file or a shipped name (see \"brainsim list\")")
	case 1:
	default:
		return nil, flagError(runUsage, "run takes one experiment, got %d: %s", len(pos), strings.Join(pos, " "))
	}
	if err := finish(runUsage); err != nil {
		return nil, err
	}
	if opts.CheckpointEvery < 0 || opts.CheckpointEvery > 0 && opts.Checkpoint == "" {
		return nil, flagError(runUsage, "--checkpoint-every takes a positive time, e.g. 10m, with --checkpoint <dir>")
	}
	opts.Target = pos[0]
	opts.Plots = string(plots)
	return opts, nil
}

func (a *app) runCmd(args []string) error {
	opts, err := parseRunArgs(args)
	if err != nil {
		return err
	}
	a.maxMemory = opts.MaxMemory
	return a.runExperiment(opts)
}

// runExperiment resolves, runs and reports one experiment.
func (a *app) runExperiment(opts *runOptions) error { return a.runExperimentFrom(opts, nil) }

// runExperimentFrom is runExperiment, continued from a checkpoint when
// from is not nil.
func (a *app) runExperimentFrom(opts *runOptions, from *resumeFrom) error {
	if opts.Out != "" && from == nil {
		if err := checkOutDir(opts.Out, opts.Force); err != nil {
			return configError(err)
		}
	}
	f, err := a.load(opts.Target, opts.Set)
	if err != nil {
		return configError(err)
	}
	if opts.Out == "" {
		if err := checkOutputs(f, opts.Plots != ""); err != nil {
			return err
		}
	}
	if opts.Seed != nil {
		seed := *opts.Seed
		f.Experiment.Seed = &seed
	}
	if from != nil {
		if err := a.checkResumable(f, from); err != nil {
			return configError(err)
		}
	}
	if len(f.Variant) > 0 {
		if opts.Checkpoint != "" {
			return configError(fmt.Errorf("%s: --checkpoint runs one experiment, and this file has %d [[variant]]s; run one at a time with --set", f.Source(), len(f.Variant)))
		}
		return a.runVariants(opts, f)
	}
	popCols, err := populationColumns(f.Report.Columns)
	if err != nil {
		return configError(err)
	}

	var rec *records
	if opts.Out != "" {
		if from != nil {
			rec, err = a.resumeRecords(opts.Out, f, from.head)
		} else {
			rec, err = a.openRecords(opts.Out, f)
		}
		if err != nil {
			return fmt.Errorf("writing records to %s: %w", opts.Out, err)
		}
	}
	if opts.Checkpoint != "" {
		var state io.Reader
		if from != nil {
			state = from.state
		}
		if a.ckpt, err = a.newCheckpointer(opts, f, rec, state); err != nil {
			if rec != nil {
				rec.stream.abort()
			}
			return configError(err)
		}
		defer func() { a.ckpt = nil }()
	}

	ctx, stop := a.signalContext(context.Background())
	defer stop()
	res, runErr, writeErr, interrupted, done, total := a.runOnce(ctx, f, opts.Seed, f.Experiment.Name, opts.Quiet, rec)
	stop() // a second Ctrl-C now ends the process at once

	var ce *experiment.CheckpointError
	switch {
	case from != nil && errors.Is(runErr, experiment.ErrCheckpoint):
		return configError(fmt.Errorf("%s: %w", from.path, runErr))
	case errors.As(runErr, &ce) && ce.Unsupported:
		return configError(fmt.Errorf("%s: --checkpoint: %w", f.Source(), ce.Err))
	case interrupted:
		msg := interruptedAt(runErr, done, total)
		switch {
		case a.ckpt != nil && a.ckpt.saved >= 0 && ce == nil:
			msg += a.ckpt.note(rec)
		case rec != nil:
			msg += "; records in " + rec.dir
		}
		fmt.Fprintf(a.stderr, "brainsim: %s\n", msg)
		if writeErr != nil {
			a.printError(writeErr)
		}
		return &exitError{code: exitInterrupted}
	case runErr != nil:
		if writeErr != nil {
			a.printError(writeErr)
		}
		switch {
		case rec != nil && rec.keepForResume:
			return errors.Join(runErr, fmt.Errorf("the records in %s stay as the checkpoint in %s left them", rec.dir, a.ckpt.dir))
		case rec != nil:
			return errors.Join(runErr, fmt.Errorf("records of the failed run in %s", rec.dir))
		}
		return runErr
	}

	if err := a.printResult(res, opts.Format, popCols); err != nil {
		return errors.Join(err, writeErr)
	}
	if err := a.writeImages(res, rec, opts.Quiet); err != nil {
		return errors.Join(err, writeErr)
	}
	if err := a.writeFigures(f, opts.Plots, "", res, rec, opts.Quiet); err != nil {
		return errors.Join(err, writeErr)
	}
	if writeErr != nil {
		return writeErr
	}
	if a.ckpt != nil {
		a.ckpt.done()
	}
	if rec != nil && !opts.Quiet {
		fmt.Fprintf(a.stderr, "records in %s: %s\n", rec.dir, strings.Join(rec.run.Files, ", "))
	}
	return nil
}

// Result columns. Every key can be named in a config's report.columns; csv
// and json output carry them all, in this order.
var (
	populationKeys = []string{"population", "model", "size", "spikes", "rate_hz", "cv_isi", "silent", "sync", "osc_hz", "state"}
	runKeys        = []string{"experiment", "seed", "duration_s", "steps", "build_s", "loop_s", "wall_s", "rtf", "synapses", "syn_events", "syn_events_per_s"}
	allKeys        = slices.Concat(populationKeys, runKeys)

	// defaultColumns is the population table of the table and markdown
	// formats; summaryColumns the run table below it.
	defaultColumns = []string{"population", "size", "spikes", "rate_hz", "cv_isi"}
	summaryColumns = []string{"build_s", "loop_s", "wall_s", "rtf", "synapses", "syn_events_per_s"}
)

// populationColumns returns the columns of the human-readable population
// table: the config's report.columns, or the default.
func populationColumns(cols []string) ([]string, error) {
	if len(cols) == 0 {
		return defaultColumns, nil
	}
	var errs []error
	for _, c := range cols {
		if !slices.Contains(allKeys, c) {
			errs = append(errs, fmt.Errorf("report.columns: unknown column %q (want some of %s)", c, strings.Join(allKeys, ", ")))
		}
	}
	return cols, errors.Join(errs...)
}

// value returns the value of column key for population p of res.
func value(res *experiment.Result, p *experiment.PopulationStats, key string) any {
	switch key {
	case "population":
		return p.Population
	case "model":
		return p.Model
	case "size":
		return p.Size
	case "spikes":
		return p.Spikes
	case "rate_hz":
		return p.RateHz
	case "cv_isi":
		return p.CVISI
	case "silent":
		return p.Silent
	case "sync":
		return p.Sync
	case "osc_hz":
		return p.OscHz
	case "state":
		return p.State
	}
	return runValue(res, key)
}

func runValue(res *experiment.Result, key string) any {
	switch key {
	case "experiment":
		return res.Experiment
	case "seed":
		return res.Seed
	case "duration_s":
		return res.DurationS
	case "steps":
		return res.Steps
	case "build_s":
		return res.BuildS
	case "loop_s":
		return res.LoopS
	case "wall_s":
		return res.WallS
	case "rtf":
		return res.RealTimeFactor
	case "synapses":
		return res.Synapses
	case "syn_events":
		return res.SynEvents
	case "syn_events_per_s":
		return res.SynEventsPerS
	}
	panic("brainsim: unknown result column " + key) // populationColumns checked the names
}

// populationTable has one row per population with the given columns.
func populationTable(res *experiment.Result, cols []string) *report.Table {
	t := &report.Table{Columns: cols}
	for i := range res.Populations {
		row := make([]any, len(cols))
		for j, c := range cols {
			row[j] = value(res, &res.Populations[i], c)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// printResult writes the result to stdout: for csv and json one row per
// population with every key; for table and markdown the population table
// under a title line, then the run summary.
func (a *app) printResult(res *experiment.Result, format string, popCols []string) error {
	if res.Train != nil {
		return a.printTrain(res, format)
	}
	if format == "csv" || format == "json" {
		return report.Render(a.stdout, populationTable(res, allKeys), format)
	}
	pops := populationTable(res, popCols)
	pops.Title = fmt.Sprintf("%s, seed %d: %s s simulated in %s steps of %s ms",
		res.Experiment, res.Seed, report.Format("duration_s", res.DurationS),
		report.Format("steps", res.Steps), report.Format("dt_ms", res.DtMS))
	if err := report.Render(a.stdout, pops, format); err != nil {
		return err
	}
	summary := &report.Table{Columns: summaryColumns, Rows: [][]any{make([]any, len(summaryColumns))}}
	for j, c := range summaryColumns {
		summary.Rows[0][j] = runValue(res, c)
	}
	fmt.Fprintln(a.stdout)
	if err := report.Render(a.stdout, summary, format); err != nil {
		return err
	}
	// Extra tables of the run (plasticity), each under its title.
	for _, tb := range res.Tables {
		t := &report.Table{Title: tb.Title, Columns: tb.Columns, Rows: tb.Rows}
		fmt.Fprintln(a.stdout)
		if err := report.Render(a.stdout, t, format); err != nil {
			return err
		}
	}
	return nil
}

// trainRunKeys are the run keys csv and json add to every train row.
var trainRunKeys = []string{"experiment", "wall_s"}

// trainColumns are the columns of a train table of rows: the keys the
// rows have (experiment.TrainRow.Keys), in the order they first appear.
// machine (csv, json) keeps kind and the <metric>_std columns and adds
// trainRunKeys; the table and markdown formats show a metric's sd in its
// own cell (mean ± sd) instead.
func trainColumns(rows []experiment.TrainRow, machine bool) []string {
	var cols, tail []string
	for i := range rows {
		for _, k := range rows[i].Keys() {
			switch {
			case k == "reference" || k == "time_s":
				if !slices.Contains(tail, k) {
					tail = append(tail, k)
				}
			case !slices.Contains(cols, k):
				cols = append(cols, k)
			}
		}
	}
	slices.SortStableFunc(tail, func(a, b string) int { return strings.Compare(a, b) }) // reference, time_s
	cols = append(cols, tail...)
	if machine {
		return append(cols, trainRunKeys...)
	}
	return slices.DeleteFunc(cols, func(c string) bool {
		if c == "kind" {
			return true
		}
		base, std := strings.CutSuffix(c, "_std")
		return std && slices.Contains(cols, base)
	})
}

// trainValue returns the value of column key for row r of res: nil when
// the row has no such key; for the table and markdown formats (!machine)
// a metric with a nonzero sd as report.MeanSD.
func trainValue(res *experiment.Result, r *experiment.TrainRow, key string, machine bool) any {
	if slices.Contains(trainRunKeys, key) {
		return runValue(res, key)
	}
	if m, ok := r.Metric(key); ok && !machine && m.Vec == nil && m.HasSD() && m.SD > 0 {
		return report.MeanSD{Mean: m.Value, SD: m.SD}
	}
	if v, ok := r.Get(key); ok {
		return v
	}
	return nil
}

// printTrain writes the train-mode result: one row per rule and task.
func (a *app) printTrain(res *experiment.Result, format string) error {
	machine := format == "csv" || format == "json"
	cols := trainColumns(res.Train, machine)
	t := &report.Table{Columns: cols}
	for i := range res.Train {
		row := make([]any, len(cols))
		for j, c := range cols {
			row[j] = trainValue(res, &res.Train[i], c, machine)
		}
		t.Rows = append(t.Rows, row)
	}
	if format != "csv" && format != "json" {
		seeds, same := 0, true
		rules, tasks := map[string]bool{}, map[string]bool{}
		for i, r := range res.Train {
			same = same && (i == 0 || r.Seeds == seeds)
			seeds = r.Seeds
			rules[r.Rule], tasks[r.Task] = true, true
		}
		span := fmt.Sprintf("seeds %d..%d", res.Seed, res.Seed+int64(seeds)-1)
		if !same {
			span = fmt.Sprintf("seeds from %d (how many: the seeds column)", res.Seed)
		}
		t.Title = fmt.Sprintf("%s: %d rules on %d tasks, %s, trained in %s s",
			res.Experiment, len(rules), len(tasks), span, report.Format("loop_s", res.LoopS))
	}
	return report.Render(a.stdout, t, format)
}

// writeFigures draws figures when --plots asks for them (format png or
// svg; "" draws none): the figures the config's [report] figures names,
// or, when it names none, every figure its data allows
// (configs.FiguresFor). Each goes to <name>_<figure>.<format>
// (<name>_<label>_<figure>.<format> for a variant: label is its name, ""
// for a plain run): into the --out directory when there is one, else into
// the working directory.
func (a *app) writeFigures(f *configs.File, format, label string, res *experiment.Result, rec *records, quiet bool) error {
	figures := f.Report.Figures
	if format == "" {
		return nil
	}
	if len(figures) == 0 {
		if figures = configs.FiguresFor(f); len(figures) == 0 && !quiet {
			fmt.Fprintf(a.stderr, "--plots: %s records nothing to draw (figures need: %s)\n", f.Experiment.Name, figureNeeds())
		}
	}
	for _, fig := range figures {
		file := f.Experiment.Name + "_" + fig + "." + format
		if label != "" {
			file = f.Experiment.Name + "_" + safeName(label) + "_" + fig + "." + format
		}
		path := file
		if rec != nil {
			path = rec.path(file)
		}
		plot, err := experiment.Figure(f, fig, res)
		if err == nil {
			err = plot.WriteFile(path)
		}
		if err != nil {
			return fmt.Errorf("figure %s: %w", fig, err)
		}
		if rec != nil {
			rec.added(file)
			if err := rec.writeRun(); err != nil {
				return fmt.Errorf("writing records to %s: %w", rec.dir, err)
			}
		}
		if !quiet {
			fmt.Fprintf(a.stderr, "wrote %s\n", path)
		}
	}
	return nil
}

// figureNeeds lists what each figure needs, for a note.
func figureNeeds() string {
	var s []string
	for _, fig := range configs.ReportFigures() {
		s = append(s, fig+": "+configs.FigureNeeds(fig))
	}
	return strings.Join(s, "; ")
}

// writeImages writes the image grids of res as PNG files: into the --out
// directory (under the file's base name) when there is one, else at the
// path the config gives, relative to the working directory.
func (a *app) writeImages(res *experiment.Result, rec *records, quiet bool) error {
	for _, g := range res.Images {
		path := g.File
		if rec != nil {
			path = rec.path(filepath.Base(g.File))
		}
		if err := imgrid.WritePNG(path, g.Images, imgrid.Layout{W: g.W, H: g.H, Cols: g.Cols, Scale: 2}); err != nil {
			return fmt.Errorf("rule %q: %w", g.Rule, err)
		}
		if rec != nil {
			rec.added(filepath.Base(g.File))
			if err := rec.writeRun(); err != nil {
				return fmt.Errorf("writing records to %s: %w", rec.dir, err)
			}
		}
		if !quiet {
			fmt.Fprintf(a.stderr, "wrote %s (%d images)\n", path, len(g.Images))
		}
	}
	return nil
}
