package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/experiment"
	"github.com/brainsim/brainsim/internal/report"
)

// compareOptions are the parsed arguments of "brainsim compare".
type compareOptions struct {
	Targets []string
	// runOptions holds the flags compare shares with run (its Target and
	// Plots are unused).
	runOptions
}

func parseCompareArgs(args []string) (*compareOptions, error) {
	fs := newFlagSet("compare")
	opts := &compareOptions{}
	finish := opts.outputFlags(fs)
	pos, err := parseArgs(fs, args, compareUsage)
	if err != nil {
		return nil, err
	}
	if len(pos) == 0 {
		return nil, flagError(compareUsage, "compare needs experiments: .toml files or shipped names (see \"brainsim list\")")
	}
	if err := finish(compareUsage); err != nil {
		return nil, err
	}
	opts.Targets = pos
	return opts, nil
}

func (a *app) compareCmd(args []string) error {
	opts, err := parseCompareArgs(args)
	if err != nil {
		return err
	}
	a.maxMemory = opts.MaxMemory
	if opts.Out != "" {
		if err := checkOutDir(opts.Out, opts.Force); err != nil {
			return configError(err)
		}
	}
	var items []combinedItem
	var errs []error
	for _, t := range opts.Targets {
		f, err := a.load(t, opts.Set)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if len(f.Variant) == 0 {
			items = append(items, combinedItem{label: t, f: f})
			continue
		}
		// A file with variants compares each of them.
		vs, err := configs.ExpandVariants(f, func(o []string) (*configs.File, error) {
			return a.load(t, append(o, opts.Set...))
		})
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for i, g := range vs {
			items = append(items, combinedItem{label: t + "/" + f.Variant[i].Name, f: g})
		}
	}
	if len(errs) > 0 {
		return configError(errors.Join(errs...))
	}
	return a.runCombined("experiment", items, combinedOptions{Out: opts.Out, Force: opts.Force, Seed: opts.Seed, Format: opts.Format, Quiet: opts.Quiet})
}

// runVariants runs each [[variant]] of f (loaded from opts.Target with
// opts.Set) and prints one table with a variant column; runExperiment
// calls it for a file with variants. With --out each variant's records go
// to <out>/<variant name>/.
func (a *app) runVariants(opts *runOptions, f *configs.File) error {
	files, err := configs.ExpandVariants(f, func(o []string) (*configs.File, error) {
		return a.load(opts.Target, append(o, opts.Set...))
	})
	if err != nil {
		return configError(err)
	}
	items := make([]combinedItem, len(files))
	for i, g := range files {
		items[i] = combinedItem{label: f.Variant[i].Name, f: g}
	}
	return a.runCombined("variant", items, combinedOptions{Out: opts.Out, Force: opts.Force, Seed: opts.Seed, Format: opts.Format,
		Quiet: opts.Quiet, Plots: opts.Plots})
}

// combinedItem is one experiment of a combined table.
type combinedItem struct {
	label string // the identifying column's value
	f     *configs.File
	dir   string // records folder, "" for none
	res   *experiment.Result
}

type combinedOptions struct {
	Out    string
	Force  bool
	Seed   *int64
	Format string
	Quiet  bool
	Plots  string // --plots of a run with variants: each variant's figures
}

// runCombined runs the items one after the other (each run uses every
// core for its regions) and prints one table whose first column, idCol,
// names the item. All items must have the same mode.
func (a *app) runCombined(idCol string, items []combinedItem, o combinedOptions) error {
	if len(items) == 0 {
		return configError(errors.New("nothing to run"))
	}
	mode := modeName(items[0].f.Experiment.Mode)
	for _, it := range items[1:] {
		if m := modeName(it.f.Experiment.Mode); m != mode {
			return configError(fmt.Errorf("%s %s is in %s mode but %s is in %s mode; a combined table needs one mode",
				idCol, it.label, m, items[0].label, mode))
		}
	}
	popCols, err := populationColumns(items[0].f.Report.Columns)
	if err != nil {
		return configError(err)
	}
	if o.Out != "" {
		if err := checkOutDir(o.Out, o.Force); err != nil {
			return configError(err)
		}
		used := map[string]bool{}
		for i := range items {
			name := safeName(items[i].label)
			if name == "" || used[name] {
				name = fmt.Sprintf("%s-%d", name, i+1)
			}
			used[name] = true
			items[i].dir = filepath.Join(o.Out, name)
		}
	}

	ctx, stop := a.signalContext(context.Background())
	defer stop()
	for i := range items {
		it := &items[i]
		if o.Seed != nil {
			s := *o.Seed
			it.f.Experiment.Seed = &s
		}
		ra := *a
		ra.start = time.Now()
		var rec *records
		if it.dir != "" {
			if rec, err = ra.openRecords(it.dir, it.f); err != nil {
				return fmt.Errorf("writing records to %s: %w", it.dir, err)
			}
		}
		res, runErr, writeErr, interrupted, done, total := ra.runOnce(ctx, it.f, o.Seed, it.label, o.Quiet, rec)
		switch {
		case interrupted:
			msg := fmt.Sprintf("%s: %s (%d of %d finished)", it.label, interruptedAt(runErr, done, total), i, len(items))
			if o.Out != "" {
				msg += "; records in " + o.Out
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
			err := fmt.Errorf("%s %s: %w", idCol, it.label, runErr)
			if rec != nil {
				return errors.Join(err, fmt.Errorf("records of the failed run in %s", rec.dir))
			}
			return err
		case writeErr != nil:
			return writeErr
		}
		it.res = res
		if err := ra.writeFigures(it.f, o.Plots, it.label, res, rec, o.Quiet); err != nil {
			return fmt.Errorf("%s %s: %w", idCol, it.label, err)
		}
		// The network of this run is garbage now: collect it and give its
		// memory back before the next one is built, so that the peak is
		// one network's, not two (travelling_waves: 9 GB, not 15).
		debug.FreeOSMemory()
		if rec != nil && !o.Quiet {
			fmt.Fprintf(a.stderr, "records of %s in %s: %s\n", it.label, rec.dir, strings.Join(rec.run.Files, ", "))
		}
	}
	stop()
	return a.printCombined(idCol, items, o.Format, popCols)
}

// printCombined prints the results of items as one table with idCol first:
// one row per population (simulate mode) or per rule and task (train mode)
// of every item. table and markdown add a run summary per item in simulate
// mode; csv and json carry every key.
func (a *app) printCombined(idCol string, items []combinedItem, format string, popCols []string) error {
	machine := format == "csv" || format == "json"
	if items[0].res.Train != nil || items[0].f.Experiment.Mode == configs.ModeTrain {
		var all []experiment.TrainRow
		for _, it := range items {
			all = append(all, it.res.Train...)
		}
		cols := withoutCol(trainColumns(all, machine), idCol)
		t := &report.Table{Columns: append([]string{idCol}, cols...)}
		for _, it := range items {
			for i := range it.res.Train {
				row := []any{it.label}
				for _, c := range cols {
					row = append(row, trainValue(it.res, &it.res.Train[i], c, machine))
				}
				t.Rows = append(t.Rows, row)
			}
		}
		if !machine {
			t.Title = fmt.Sprintf("%d %ss compared", len(items), idCol)
		}
		return report.Render(a.stdout, t, format)
	}

	cols := popCols
	if machine {
		cols = allKeys
	}
	cols = withoutCol(cols, idCol)
	t := &report.Table{Columns: append([]string{idCol}, cols...)}
	for _, it := range items {
		for i := range it.res.Populations {
			row := []any{it.label}
			for _, c := range cols {
				row = append(row, value(it.res, &it.res.Populations[i], c))
			}
			t.Rows = append(t.Rows, row)
		}
	}
	if machine {
		return report.Render(a.stdout, t, format)
	}
	var parts []string
	for _, it := range items {
		parts = append(parts, fmt.Sprintf("%s (seed %d, %s s)", it.label, it.res.Seed, report.Format("duration_s", it.res.DurationS)))
	}
	t.Title = fmt.Sprintf("%d %ss: %s", len(items), idCol, strings.Join(parts, ", "))
	if err := report.Render(a.stdout, t, format); err != nil {
		return err
	}
	summary := &report.Table{Columns: append([]string{idCol}, summaryColumns...)}
	for _, it := range items {
		row := []any{it.label}
		for _, c := range summaryColumns {
			row = append(row, runValue(it.res, c))
		}
		summary.Rows = append(summary.Rows, row)
	}
	fmt.Fprintln(a.stdout)
	if err := report.Render(a.stdout, summary, format); err != nil {
		return err
	}
	// Each run's extra tables (plasticity, the environment's), under its
	// label and the table's title.
	for _, it := range items {
		for _, tb := range it.res.Tables {
			t := &report.Table{Title: it.label + ": " + tb.Title, Columns: tb.Columns, Rows: tb.Rows}
			fmt.Fprintln(a.stdout)
			if err := report.Render(a.stdout, t, format); err != nil {
				return err
			}
		}
	}
	return nil
}

func withoutCol(cols []string, c string) []string {
	return slices.DeleteFunc(slices.Clone(cols), func(x string) bool { return x == c })
}
