package main

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"math"
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
	"github.com/brainsim/brainsim/internal/npy"
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
}

// records writes a run's files into its --out directory.
type records struct {
	dir   string
	start time.Time
	run   runRecord
	// stream writes spikes and traces as the run makes them.
	stream *recordStream
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
	switch {
	case r.stream != nil:
		errs = append(errs, r.stream.finish(res))
	default:
		if res != nil && res.Spikes != nil {
			errs = append(errs, r.writeSpikes(res.Spikes), r.writeSpikesNPY(res))
		}
		if res != nil && len(res.Traces) > 0 {
			errs = append(errs, r.writeTraces(res.Traces), r.writeTracesNPY(res.Traces))
		}
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

func (r *records) writeSpikes(spikes []experiment.SpikeRow) error {
	file, err := atomicfile.Create(r.path("spikes.csv"))
	if err != nil {
		return err
	}
	defer file.Abort()
	w := bufio.NewWriterSize(file, 1<<16)
	w.WriteString("step,population,neuron\n")
	var (
		buf      []byte
		lastName string
		quoted   string
	)
	for _, s := range spikes {
		if s.Population != lastName || quoted == "" {
			lastName, quoted = s.Population, csvField(s.Population)
		}
		w.Write(appendSpikeRow(buf[:0], s.Step, quoted, s.Neuron))
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("spikes.csv: %w", err)
	}
	if err := file.Commit(); err != nil {
		return err
	}
	r.added("spikes.csv")
	return nil
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

// writeTraces writes sampled variables in long form, one value per line:
// population,variable,unit,neuron,step,value (neuron empty for population
// rates).
func (r *records) writeTraces(traces []experiment.Trace) error {
	file, err := atomicfile.Create(r.path("traces.csv"))
	if err != nil {
		return err
	}
	defer file.Abort()
	w := bufio.NewWriterSize(file, 1<<16)
	w.WriteString("population,variable,unit,neuron,step,value\n")
	var buf []byte
	for _, tr := range traces {
		prefix := csvField(tr.Population) + "," + csvField(tr.Variable) + "," + csvField(tr.Unit) + ","
		for k, step := range tr.Steps {
			if k >= len(tr.Values) {
				break
			}
			for j, v := range tr.Values[k] {
				w.Write(appendTraceRow(buf[:0], prefix, tr.Neurons, j, step, v))
			}
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("traces.csv: %w", err)
	}
	if err := file.Commit(); err != nil {
		return err
	}
	r.added("traces.csv")
	return nil
}

// writeSpikesNPY writes the spikes as NumPy arrays, one per column of
// spikes.csv: spikes_step.npy (int64), spikes_neuron.npy (int32) and
// spikes_population.npy (int32), an index into spikes_population_names.npy
// (the names of results.json's populations, in that order).
func (r *records) writeSpikesNPY(res *experiment.Result) error {
	names := make([]string, 0, len(res.Populations))
	index := map[string]int32{}
	for _, p := range res.Populations {
		index[p.Population] = int32(len(names))
		names = append(names, p.Population)
	}
	steps := make([]int64, len(res.Spikes))
	neurons := make([]int32, len(res.Spikes))
	pops := make([]int32, len(res.Spikes))
	for k, s := range res.Spikes {
		steps[k], neurons[k] = s.Step, int32(s.Neuron)
		i, ok := index[s.Population]
		if !ok { // not in the population table: name it at the end
			i = int32(len(names))
			index[s.Population] = i
			names = append(names, s.Population)
		}
		pops[k] = i
	}
	for _, w := range []struct {
		name  string
		write func(string) error
	}{
		{"spikes_step.npy", func(p string) error { return npy.WriteFile(p, nil, steps) }},
		{"spikes_neuron.npy", func(p string) error { return npy.WriteFile(p, nil, neurons) }},
		{"spikes_population.npy", func(p string) error { return npy.WriteFile(p, nil, pops) }},
		{"spikes_population_names.npy", func(p string) error { return npy.WriteStringsFile(p, names) }},
	} {
		if err := w.write(r.path(w.name)); err != nil {
			return err
		}
		r.added(w.name)
	}
	return nil
}

// writeTracesNPY writes each trace of traces.csv as NumPy arrays named
// trace_<population>_<variable>: the values as float32 of shape (samples,
// units) (units 1 for a population rate), _step.npy the samples' steps
// (int64) and, except for rates, _neuron.npy the units' indices (int32).
// A second trace of the same population and variable gets the suffix _2
// (then _3, …).
func (r *records) writeTracesNPY(traces []experiment.Trace) error {
	used := map[string]bool{}
	for _, tr := range traces {
		base := "trace_" + tr.Population + "_" + tr.Variable
		for k := 2; used[base]; k++ {
			base = fmt.Sprintf("trace_%s_%s_%d", tr.Population, tr.Variable, k)
		}
		used[base] = true
		n := min(len(tr.Steps), len(tr.Values))
		width := 0
		for _, row := range tr.Values[:n] {
			width = max(width, len(row))
		}
		if tr.Neurons != nil {
			width = max(width, len(tr.Neurons))
		}
		vals := make([]float32, n*width)
		for k, row := range tr.Values[:n] {
			for j := range width {
				if j < len(row) {
					vals[k*width+j] = row[j]
				} else {
					vals[k*width+j] = float32(math.NaN())
				}
			}
		}
		if err := npy.WriteFile(r.path(base+".npy"), []int{n, width}, vals); err != nil {
			return err
		}
		r.added(base + ".npy")
		if err := npy.WriteFile(r.path(base+"_step.npy"), nil, tr.Steps[:n]); err != nil {
			return err
		}
		r.added(base + "_step.npy")
		if tr.Neurons != nil {
			ids := make([]int32, len(tr.Neurons))
			for j, id := range tr.Neurons {
				ids[j] = int32(id)
			}
			if err := npy.WriteFile(r.path(base+"_neuron.npy"), nil, ids); err != nil {
				return err
			}
			r.added(base + "_neuron.npy")
		}
	}
	return nil
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
