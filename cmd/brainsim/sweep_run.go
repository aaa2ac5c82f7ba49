package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/experiment"
)

// planSweep resolves the base experiment and every run's config, so that a
// bad key or value stops the sweep before anything runs.
func (a *app) planSweep(opts *sweepOptions) (*sweep, error) {
	base, err := a.load(opts.Target, opts.Set)
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
			if _, err := a.load(opts.Target, append(slices.Clone(opts.Set), ax.Key+"="+v)); err != nil {
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
			f, err := a.load(opts.Target, sets)
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
