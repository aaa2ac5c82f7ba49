package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/experiment"
	"github.com/brainsim/brainsim/internal/atomicfile"
	"github.com/brainsim/brainsim/internal/report"
	"github.com/brainsim/brainsim/registry"
)

// Files a run writes into its --out directory (names or filepath.Match
// patterns). --force removes these (and only these, plus the figures the
// config names) before a run so a directory never mixes two runs.
var recordFiles = []string{"config.toml", "run.json", "results.json", "spikes.csv", "traces.csv",
	"spikes_step.npy", "spikes_neuron.npy", "spikes_population.npy", "spikes_population_names.npy", "trace_*.npy"}

// checkOutDir refuses an existing non-empty directory unless force is set.
// It creates nothing.
func checkOutDir(dir string, force bool) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		if st, serr := os.Stat(dir); serr == nil && !st.IsDir() {
			return fmt.Errorf("--out %s: exists and is not a directory", dir)
		}
		return fmt.Errorf("--out %s: %v", dir, err)
	case len(entries) > 0 && !force:
		return fmt.Errorf("output directory %s is not empty; use --force to write into it anyway, or choose another directory", dir)
	}
	return nil
}

// checkWritable checks, before a run, that files can be created in dir
// (by creating and removing one), so that a run does not end by failing
// to write what it made.
func checkWritable(dir string) error {
	f, err := os.CreateTemp(dir, ".brainsim-write-check-*")
	if err != nil {
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// checkOutputs checks, for a run without --out, that the folders it will
// write into take files: the working directory for --plots, and the
// folder of every file a rule writes (rbm_dream's PNG of dreams).
func checkOutputs(f *configs.File, plots bool) error {
	wd, _ := os.Getwd()
	if plots {
		if err := checkWritable("."); err != nil {
			return fmt.Errorf("--plots writes the figures into the working directory %s, where no file can be created (%v); give --out <dir>", wd, err)
		}
	}
	for _, r := range f.Rule {
		spec, ok := registry.LookupRule(r.Rule)
		if !ok || spec.Files == nil || r.Params == nil {
			continue
		}
		for _, file := range spec.Files(r.Params) {
			dir := filepath.Dir(file)
			if err := checkWritable(dir); err != nil {
				return fmt.Errorf("rule %q writes %s into %s, where no file can be created (%v); give --out <dir>", r.Name, filepath.Base(file), filepath.Join(wd, dir), err)
			}
		}
	}
	return nil
}

// runRecord is run.json: where, when and with what a run was made.
type runRecord struct {
	Brainsim   string   `json:"brainsim_version"`
	Go         string   `json:"go_version"`
	Platform   string   `json:"platform"`
	Commit     string   `json:"git_commit,omitempty"`
	Modified   bool     `json:"git_modified,omitempty"`
	Host       string   `json:"host"`
	WorkDir    string   `json:"working_dir"`
	Command    []string `json:"command"`
	Experiment string   `json:"experiment"`
	Seed       *int64   `json:"seed"` // null until known when the config leaves it to the default
	GOMAXPROCS int      `json:"gomaxprocs"`
	NumCPU     int      `json:"num_cpu"`
	Start      string   `json:"start"` // process start, RFC 3339
	End        string   `json:"end,omitempty"`
	WallS      float64  `json:"wall_s"`
	Status     string   `json:"status"` // running | ok | interrupted | failed
	Error      string   `json:"error,omitempty"`
	StepsDone  int64    `json:"steps_done"`
	StepsTotal int64    `json:"steps_total"`
	Files      []string `json:"files"`
	// ResumedFrom is the step of the checkpoint a resumed run started from.
	ResumedFrom int64 `json:"resumed_from_step,omitempty"`
}

// records writes a run's files into its --out directory.
type records struct {
	dir   string
	start time.Time
	run   runRecord
	// stream writes spikes and traces as the run makes them (and those of
	// a runner that did not stream, at the end).
	stream *recordStream
	// keepForResume leaves the record files of an interrupted run that
	// saved a checkpoint for the resumed run to complete.
	keepForResume bool
}

// openRecords creates dir, removes stale record files (after checkOutDir
// let a --force through), and writes config.toml and run.json.
func (a *app) openRecords(dir string, f *configs.File) (*records, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	stale := slices.Clone(recordFiles)
	for _, fig := range configs.ReportFigures() {
		stale = append(stale, f.Experiment.Name+"_"+fig+".png", f.Experiment.Name+"_"+fig+".svg")
	}
	for _, e := range entries {
		if !slices.ContainsFunc(stale, func(p string) bool { ok, _ := filepath.Match(p, e.Name()); return ok }) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	r, err := a.newRecords(dir, f)
	if err != nil {
		return nil, err
	}
	if err := r.writeConfig(a, f); err != nil {
		return r, err
	}
	return r, r.writeRun()
}

// newRecords makes the records of a run into dir, writing nothing yet.
func (a *app) newRecords(dir string, f *configs.File) (*records, error) {
	bi := readBuildInfo()
	host, _ := os.Hostname()
	wd, _ := os.Getwd()
	r := &records{dir: dir, start: a.start, run: runRecord{
		Brainsim:   bi.Version,
		Go:         bi.Go,
		Platform:   bi.Platform,
		Commit:     bi.Commit,
		Modified:   bi.Modified,
		Host:       host,
		WorkDir:    wd,
		Command:    a.cmdline,
		Experiment: f.Experiment.Name,
		Seed:       f.Experiment.Seed,
		GOMAXPROCS: runtime.GOMAXPROCS(0),
		NumCPU:     runtime.NumCPU(),
		Start:      a.start.Format(time.RFC3339Nano),
		Status:     "running",
	}}
	r.stream = newRecordStream(r, f)
	return r, nil
}

// resumeRecords reopens the records of a run resumed from a checkpoint in
// dir: config.toml and run.json are written again, and the spike and trace
// files continue from the checkpoint's state st.
func (a *app) resumeRecords(dir string, f *configs.File, h *checkpointHeader) (*records, error) {
	st := h.Records
	if st == nil {
		// The checkpoint saved no record state: the records started over
		// would miss the steps before it.
		return nil, fmt.Errorf("the checkpoint has no state of the records in %s", dir)
	}
	r, err := a.newRecords(dir, f)
	if err != nil {
		return nil, err
	}
	if err := r.stream.resume(st); err != nil {
		return nil, err
	}
	r.run.ResumedFrom = h.Step
	if err := r.writeConfig(a, f); err != nil {
		return r, err
	}
	return r, r.writeRun()
}

func (r *records) path(name string) string {
	return filepath.Join(r.dir, name)
}

func (r *records) added(name string) {
	for _, f := range r.run.Files {
		if f == name {
			return
		}
	}
	r.run.Files = append(r.run.Files, name)
}

func (r *records) writeConfig(a *app, f *configs.File) error {
	file, err := atomicfile.Create(r.path("config.toml"))
	if err != nil {
		return err
	}
	defer file.Abort()
	fmt.Fprintf(file, "# Effective configuration, written by brainsim %s for:\n#   %s\n\n", version, shellJoin(a.cmdline))
	if err := a.encode(file, f); err != nil {
		return fmt.Errorf("config.toml: %w", err)
	}
	if err := file.Commit(); err != nil {
		return err
	}
	r.added("config.toml")
	return nil
}

func (r *records) writeRun() error {
	r.added("run.json")
	data, err := report.MarshalJSONIndent(r.run, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(r.path("run.json"), data, atomicfile.DefaultPerm)
}

// finish writes what the run produced: spikes.csv and traces.csv (and
// their .npy twins) when recorded (also for a failed or interrupted run),
// results.json when the run completed, and run.json last with the status.
func (r *records) finish(res *experiment.Result, runErr error, interrupted bool, done, total int64) error {
	var errs []error
	if r.keepForResume {
		r.stream.release()
	} else {
		errs = append(errs, r.stream.finish(res))
	}
	if res != nil && runErr == nil {
		data, err := report.MarshalJSONIndent(res, "", "  ")
		if err == nil {
			err = atomicfile.WriteFile(r.path("results.json"), data, atomicfile.DefaultPerm)
		}
		if err == nil {
			r.added("results.json")
		}
		errs = append(errs, err)
	}
	end := time.Now()
	r.run.End = end.Format(time.RFC3339Nano)
	r.run.WallS = end.Sub(r.start).Seconds()
	r.run.StepsDone, r.run.StepsTotal = done, total
	if res != nil {
		seed := res.Seed
		r.run.Seed = &seed
		if runErr == nil {
			r.run.StepsDone, r.run.StepsTotal = res.Steps, res.Steps
		}
	}
	switch {
	case interrupted:
		r.run.Status = "interrupted"
	case runErr != nil:
		r.run.Status = "failed"
		r.run.Error = runErr.Error()
	default:
		r.run.Status = "ok"
	}
	errs = append(errs, r.writeRun())
	return errors.Join(errs...)
}

// csvField quotes s for CSV when it needs it.
func csvField(s string) string {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// appendSpikeRow appends a line of spikes.csv: step,population,neuron
// (the population already quoted for CSV).
func appendSpikeRow(buf []byte, step int64, quotedPop string, neuron int) []byte {
	buf = strconv.AppendInt(buf, step, 10)
	buf = append(buf, ',')
	buf = append(buf, quotedPop...)
	buf = append(buf, ',')
	buf = strconv.AppendInt(buf, int64(neuron), 10)
	return append(buf, '\n')
}

// appendTraceRow appends a line of traces.csv: prefix (population,
// variable, unit and a comma), the neuron of column j (empty without
// neurons), the step and the value.
func appendTraceRow(buf []byte, prefix string, neurons []int, j int, step int64, v float32) []byte {
	buf = append(buf, prefix...)
	if neurons != nil && j < len(neurons) {
		buf = strconv.AppendInt(buf, int64(neurons[j]), 10)
	}
	buf = append(buf, ',')
	buf = strconv.AppendInt(buf, step, 10)
	buf = append(buf, ',')
	buf = strconv.AppendFloat(buf, float64(v), 'g', -1, 32)
	return append(buf, '\n')
}

// shellJoin joins a command line for display, quoting the words a POSIX
// shell would split or expand.
func shellJoin(args []string) string {
	words := make([]string, len(args))
	for i, w := range args {
		if w != "" && !strings.ContainsAny(w, " \t\n'\"\\$`*?[]{}()<>|&;#~!") {
			words[i] = w
			continue
		}
		words[i] = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
	}
	return strings.Join(words, " ")
}
