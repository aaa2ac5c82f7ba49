package main

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/experiment"
	"github.com/brainsim/brainsim/internal/atomicfile"
	"github.com/brainsim/brainsim/internal/report"
)

// Files a run writes into its --out directory. --force removes these (and
// only these) before a run so a directory never mixes two runs.
var recordFiles = []string{"config.toml", "run.json", "results.json", "spikes.csv", "traces.csv"}

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
}

// openRecords creates dir, removes stale record files (after checkOutDir
// let a --force through), and writes config.toml and run.json.
func (a *app) openRecords(dir string, f *configs.File) (*records, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	for _, name := range recordFiles {
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
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

// finish writes what the run produced: spikes.csv and traces.csv when
// recorded (also for a failed or interrupted run), results.json when the run
// completed, and run.json last with the status.
func (r *records) finish(res *experiment.Result, runErr error, interrupted bool, done, total int64) error {
	var errs []error
	if res != nil && res.Spikes != nil {
		errs = append(errs, r.writeSpikes(res.Spikes))
	}
	if res != nil && len(res.Traces) > 0 {
		errs = append(errs, r.writeTraces(res.Traces))
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
		buf = strconv.AppendInt(buf[:0], s.Step, 10)
		buf = append(buf, ',')
		buf = append(buf, quoted...)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(s.Neuron), 10)
		buf = append(buf, '\n')
		w.Write(buf)
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
				buf = append(buf[:0], prefix...)
				if tr.Neurons != nil && j < len(tr.Neurons) {
					buf = strconv.AppendInt(buf, int64(tr.Neurons[j]), 10)
				}
				buf = append(buf, ',')
				buf = strconv.AppendInt(buf, step, 10)
				buf = append(buf, ',')
				buf = strconv.AppendFloat(buf, float64(v), 'g', -1, 32)
				buf = append(buf, '\n')
				w.Write(buf)
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
