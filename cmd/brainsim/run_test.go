package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/experiment"
)

func ptr[T any](v T) *T { return &v }

func TestParseRunArgs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want runOptions
	}{
		{[]string{"cuba"}, runOptions{Target: "cuba", Format: "table"}},
		{[]string{"cuba", "--seed", "3"}, runOptions{Target: "cuba", Seed: ptr[int64](3), Format: "table"}},
		{[]string{"--seed=-3", "cuba"}, runOptions{Target: "cuba", Seed: ptr[int64](-3), Format: "table"}},
		{
			[]string{"--set", "a=1", "net.toml", "--out", "d", "-set=b.c=2", "--force", "--format", "json", "--quiet"},
			runOptions{Target: "net.toml", Out: "d", Force: true, Set: []string{"a=1", "b.c=2"}, Format: "json", Quiet: true},
		},
		{[]string{"--quiet", "--", "-odd.toml"}, runOptions{Target: "-odd.toml", Format: "table", Quiet: true}},
		{[]string{"cuba", "--format", "markdown"}, runOptions{Target: "cuba", Format: "markdown"}},
	}
	for _, tt := range tests {
		got, err := parseRunArgs(tt.args)
		if err != nil {
			t.Errorf("parseRunArgs(%q): %v", tt.args, err)
			continue
		}
		if !reflect.DeepEqual(*got, tt.want) {
			t.Errorf("parseRunArgs(%q):\ngot  %+v\nwant %+v", tt.args, *got, tt.want)
		}
	}
}

func TestParseRunArgsErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string // in the message
	}{
		{nil, "run needs an experiment"},
		{[]string{"a", "b"}, "run takes one experiment, got 2: a b"},
		{[]string{"cuba", "--seed", "x"}, `--seed x: want an integer`},
		{[]string{"cuba", "--seed"}, "--seed needs a value: an integer seed"},
		{[]string{"cuba", "--set", "novalue"}, `want key=value, got "novalue"`},
		{[]string{"cuba", "--format", "xml"}, "want one of table, markdown, csv, json"},
		{[]string{"cuba", "--force"}, "--force only applies with --out"},
		{[]string{"cuba", "--bogus"}, "unknown flag --bogus"},
		{[]string{"cuba", "--sed", "1"}, "unknown flag --sed; did you mean --seed?"},
	}
	for _, tt := range tests {
		_, err := parseRunArgs(tt.args)
		var ee *exitError
		if !errors.As(err, &ee) {
			t.Errorf("parseRunArgs(%q): got %v, want a usage error", tt.args, err)
			continue
		}
		if ee.code != exitUsage || (ee.usage != runUsage && ee.usage != "") {
			t.Errorf("parseRunArgs(%q): code %d, usage %.20q; want 2 and the run usage or none", tt.args, ee.code, ee.usage)
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseRunArgs(%q): error %q does not contain %q", tt.args, err, tt.want)
		}
	}
	_, err := parseRunArgs([]string{"cuba", "-h"})
	if !errors.As(err, new(errHelp)) {
		t.Errorf("-h: got %v, want errHelp", err)
	}
}

// fake is an app with injected config loading and run.
type fake struct {
	app
	out, errOut bytes.Buffer

	resolved  []string   // arguments passed to resolve
	overrides [][]string // overrides passed to resolve
	opts      experiment.Options
	file      *configs.File // what the run got
	result    *experiment.Result
	runErr    error
	runFunc   func(ctx context.Context, f *configs.File, opt experiment.Options) (*experiment.Result, error)
	cancel    context.CancelFunc
}

func newFake(t *testing.T) *fake {
	fk := &fake{}
	fk.app = app{
		stdout:  &fk.out,
		stderr:  &fk.errOut,
		start:   time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
		cmdline: []string{"brainsim", "test"},
		resolve: func(arg string, overrides []string) (*configs.File, error) {
			fk.resolved = append(fk.resolved, arg)
			fk.overrides = append(fk.overrides, overrides)
			if arg == "bad" {
				return nil, errors.Join(
					errors.New("bad.toml:3: unknown key \"tau_mm\""),
					errors.New("bad.toml:7: projection \"ee\" connect.p: 1.5 is outside [0, 1]"))
			}
			f := &configs.File{}
			f.Experiment.Name = arg
			// The populations of the fake runs' results, in their order.
			f.Regions = []configs.Region{{Name: "cortex", Population: []configs.Population{{Name: "exc"}, {Name: "inh"}}}}
			f.Projection = make([]configs.Projection, 3)
			if arg == "columns" {
				f.Report.Columns = []string{"population", "model", "bogus"}
			}
			return f, nil
		},
		shipped: func() []configs.ShippedInfo {
			return []configs.ShippedInfo{{Name: "quickstart", Description: "small demo"}, {Name: "cuba", Description: "Brette 2007 CUBA"}}
		},
		encode: func(w io.Writer, f *configs.File) error {
			seed := "default"
			if f.Experiment.Seed != nil {
				seed = fmt.Sprint(*f.Experiment.Seed)
			}
			_, err := fmt.Fprintf(w, "[experiment]\nname = %q\n# seed %s\n", f.Experiment.Name, seed)
			return err
		},
		signalContext: func(parent context.Context) (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(parent)
			fk.cancel = cancel
			return ctx, cancel
		},
	}
	fk.result = sampleResult()
	fk.app.run = func(ctx context.Context, f *configs.File, opt experiment.Options) (*experiment.Result, error) {
		fk.opts, fk.file = opt, f
		if fk.runFunc != nil {
			return fk.runFunc(ctx, f, opt)
		}
		if opt.Progress != nil {
			opt.Progress(fk.result.Steps, fk.result.Steps)
		}
		return fk.result, fk.runErr
	}
	return fk
}

func sampleResult() *experiment.Result {
	return &experiment.Result{
		Experiment: "cuba", Seed: 7, DtMS: 0.1, DurationS: 1, Steps: 10000,
		Populations: []experiment.PopulationStats{
			{Population: "cortex.exc", Model: "lif", Size: 3200, Spikes: 18000, RateHz: 5.6251, CVISI: 0.91},
			{Population: "cortex.inh", Model: "lif", Size: 800, Spikes: 0, RateHz: 0, CVISI: math.NaN()},
		},
		BuildS: 0.25, LoopS: 1.5, WallS: 1.8, RealTimeFactor: 1.5,
		Synapses: 320000, SynEvents: 6400000, SynEventsPerS: 6400000 / 1.5,
		Spikes: []experiment.SpikeRow{{Step: 12, Population: "cortex.exc", Neuron: 5}, {Step: 13, Population: "cortex.inh", Neuron: 0}},
	}
}

func (fk *fake) exec(args ...string) int { return fk.app.main(args) }

func TestNoArgsRunsQuickstart(t *testing.T) {
	t.Parallel()
	fk := newFake(t)
	if code := fk.exec(); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, fk.errOut.String())
	}
	if !reflect.DeepEqual(fk.resolved, []string{"quickstart"}) {
		t.Errorf("resolved %q, want [quickstart]", fk.resolved)
	}
	if !fk.opts.Start.Equal(fk.start) {
		t.Errorf("Options.Start = %v, want the process start %v", fk.opts.Start, fk.start)
	}
	if fk.opts.Seed != nil {
		t.Errorf("Options.Seed = %d, want nil", *fk.opts.Seed)
	}
	out := fk.out.String()
	for _, want := range []string{"cuba, seed 7: 1.00 s simulated in 10,000 steps of 0.100 ms", "cortex.exc", "5.63", "n/a", "wall_s", "syn_events_per_s", "4.27e6"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if fk.errOut.Len() != 0 {
		t.Errorf("stderr not empty: %q", fk.errOut.String())
	}

	// Leading flags go to "run quickstart".
	fk = newFake(t)
	if code := fk.exec("--seed", "4", "--format", "csv"); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, fk.errOut.String())
	}
	if !reflect.DeepEqual(fk.resolved, []string{"quickstart"}) || fk.opts.Seed == nil || *fk.opts.Seed != 4 {
		t.Errorf("resolved %q seed %v, want quickstart and 4", fk.resolved, fk.opts.Seed)
	}
}

func TestRunJSON(t *testing.T) {
	t.Parallel()
	fk := newFake(t)
	if code := fk.exec("run", "cuba", "--format", "json", "--seed", "7", "--set", "a.b=1"); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, fk.errOut.String())
	}
	if !reflect.DeepEqual(fk.overrides, [][]string{{"a.b=1"}}) {
		t.Errorf("overrides %q", fk.overrides)
	}
	if fk.opts.Seed == nil || *fk.opts.Seed != 7 || fk.file.Experiment.Seed == nil || *fk.file.Experiment.Seed != 7 {
		t.Errorf("seed not passed on: Options.Seed %v, experiment.seed %v", fk.opts.Seed, fk.file.Experiment.Seed)
	}
	var rows []map[string]any
	if err := json.Unmarshal(fk.out.Bytes(), &rows); err != nil {
		t.Fatalf("stdout is not one JSON array: %v\n%s", err, fk.out.String())
	}
	if len(rows) != 2 {
		t.Fatalf("got %d rows, want 2", len(rows))
	}
	for _, k := range allKeys {
		if _, ok := rows[0][k]; !ok {
			t.Errorf("row lacks key %q", k)
		}
	}
	if len(rows[0]) != len(allKeys) {
		t.Errorf("row has %d keys, want %d", len(rows[0]), len(allKeys))
	}
	if rows[0]["wall_s"] != 1.8 || rows[1]["wall_s"] != 1.8 {
		t.Errorf("wall_s: got %v and %v, want 1.8 on every row", rows[0]["wall_s"], rows[1]["wall_s"])
	}
	if v, ok := rows[1]["cv_isi"]; ok {
		t.Errorf("NaN cv_isi: got %v, want no key (no value, no null)", v)
	}
	if rows[0]["population"] != "cortex.exc" || rows[0]["size"] != 3200.0 || rows[0]["rtf"] != 1.5 {
		t.Errorf("row 0: %v", rows[0])
	}
}

func TestRunCSV(t *testing.T) {
	t.Parallel()
	fk := newFake(t)
	if code := fk.exec("run", "cuba", "--format=csv"); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, fk.errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(fk.out.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines, want header + 2:\n%s", len(lines), fk.out.String())
	}
	if lines[0] != strings.Join(allKeys, ",") {
		t.Errorf("header %q", lines[0])
	}
	if !strings.HasPrefix(lines[2], "cortex.inh,lif,800,0,0,NaN,0,0,0,,cuba,7,1,10000,") {
		t.Errorf("row %q", lines[2])
	}
}

func TestRunMarkdownColumns(t *testing.T) {
	t.Parallel()
	fk := newFake(t)
	if code := fk.exec("run", "cuba", "--format", "markdown"); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, fk.errOut.String())
	}
	want := `cuba, seed 7: 1.00 s simulated in 10,000 steps of 0.100 ms

| population |  size | spikes | rate_hz | cv_isi |
| ---------- | ----: | -----: | ------: | -----: |
| cortex.exc | 3,200 | 18,000 |    5.63 |  0.910 |
| cortex.inh |   800 |      0 |    0.00 |    n/a |

| build_s | loop_s | wall_s |  rtf | synapses | syn_events_per_s |
| ------: | -----: | -----: | ---: | -------: | ---------------: |
|   0.250 |   1.50 |   1.80 | 1.50 |  320,000 |           4.27e6 |
`
	if got := fk.out.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	// report.columns: unknown names are a config error before the run.
	fk = newFake(t)
	if code := fk.exec("run", "columns"); code != exitUsage {
		t.Errorf("unknown report column: exit %d, want 2", code)
	}
	if fk.file != nil {
		t.Error("ran despite a config error")
	}
	if !strings.Contains(fk.errOut.String(), `brainsim: report.columns: unknown column "bogus"`) {
		t.Errorf("stderr %q", fk.errOut.String())
	}
}

func TestRunConfigError(t *testing.T) {
	t.Parallel()
	fk := newFake(t)
	if code := fk.exec("run", "bad"); code != exitUsage {
		t.Errorf("exit %d, want 2", code)
	}
	want := "brainsim: bad.toml:3: unknown key \"tau_mm\"\nbrainsim: bad.toml:7: projection \"ee\" connect.p: 1.5 is outside [0, 1]\n"
	if got := fk.errOut.String(); got != want {
		t.Errorf("stderr\n%s\nwant\n%s", got, want)
	}
	if fk.file != nil {
		t.Error("ran despite a config error")
	}
}

func TestRunRuntimeError(t *testing.T) {
	t.Parallel()
	fk := newFake(t)
	dir := filepath.Join(t.TempDir(), "out")
	fk.runErr = errors.New("experiment: unstable integration: |V| > 1e4 mV in cortex.exc at step 17")
	fk.result.Spikes = fk.result.Spikes[:1]
	if code := fk.exec("run", "cuba", "--out", dir); code != exitRuntime {
		t.Errorf("exit %d, want 1", code)
	}
	wantErr := "brainsim: experiment: unstable integration: |V| > 1e4 mV in cortex.exc at step 17\nbrainsim: records of the failed run in " + dir + "\n"
	if got := fk.errOut.String(); got != wantErr {
		t.Errorf("stderr\n%s\nwant\n%s", got, wantErr)
	}
	if fk.out.Len() != 0 {
		t.Errorf("stdout not empty: %q", fk.out.String())
	}
	run := readRunJSON(t, dir)
	if run["status"] != "failed" || !strings.Contains(fmt.Sprint(run["error"]), "unstable") {
		t.Errorf("run.json status %v error %v", run["status"], run["error"])
	}
	if _, err := os.Stat(filepath.Join(dir, "results.json")); err == nil {
		t.Error("results.json written for a failed run")
	}
	if got := readFile(t, dir, "spikes.csv"); got != "step,population,neuron\n12,cortex.exc,5\n" {
		t.Errorf("spikes.csv %q", got)
	}
}

func TestRunPanic(t *testing.T) {
	t.Parallel()
	fk := newFake(t)
	fk.runFunc = func(context.Context, *configs.File, experiment.Options) (*experiment.Result, error) {
		panic("index out of range [3] with length 3")
	}
	if code := fk.exec("run", "cuba"); code != exitRuntime {
		t.Errorf("exit %d, want 1", code)
	}
	if got := fk.errOut.String(); got != "brainsim: internal error: index out of range [3] with length 3\n" {
		t.Errorf("stderr %q", got)
	}
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func readRunJSON(t *testing.T, dir string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(readFile(t, dir, "run.json")), &m); err != nil {
		t.Fatalf("run.json: %v", err)
	}
	return m
}

func TestRunOut(t *testing.T) {
	t.Parallel()
	fk := newFake(t)
	dir := filepath.Join(t.TempDir(), "runs", "a")
	fk.runFunc = func(ctx context.Context, f *configs.File, opt experiment.Options) (*experiment.Result, error) {
		// The effective config and run.json exist before the run starts.
		if got := readFile(t, dir, "config.toml"); !strings.Contains(got, "# seed 9") {
			t.Errorf("config.toml during the run: %q", got)
		}
		if run := readRunJSON(t, dir); run["status"] != "running" {
			t.Errorf("run.json status during the run: %v", run["status"])
		}
		return fk.result, nil
	}
	if code := fk.exec("run", "cuba", "--out", dir, "--seed", "9", "--format", "json"); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, fk.errOut.String())
	}
	wantNote := "records in " + dir + ": config.toml, run.json, spikes.csv, spikes_step.npy, spikes_neuron.npy, spikes_population.npy, spikes_population_names.npy, results.json\n"
	if fk.errOut.String() != wantNote {
		t.Errorf("stderr %q, want %q", fk.errOut.String(), wantNote)
	}
	cfg := readFile(t, dir, "config.toml")
	if !strings.HasPrefix(cfg, "# Effective configuration, written by brainsim "+version) || !strings.Contains(cfg, "name = \"cuba\"") {
		t.Errorf("config.toml:\n%s", cfg)
	}
	if got := readFile(t, dir, "spikes.csv"); got != "step,population,neuron\n12,cortex.exc,5\n13,cortex.inh,0\n" {
		t.Errorf("spikes.csv %q", got)
	}
	var res map[string]any
	if err := json.Unmarshal([]byte(readFile(t, dir, "results.json")), &res); err != nil {
		t.Fatalf("results.json: %v", err)
	}
	pops, _ := res["populations"].([]any)
	if len(pops) != 2 || res["experiment"] != "cuba" || res["rtf"] != 1.5 {
		t.Errorf("results.json: %v", res)
	} else if p1 := pops[1].(map[string]any); p1["cv_isi"] != nil {
		t.Errorf("results.json cv_isi: got %v, want null", p1["cv_isi"])
	}
	run := readRunJSON(t, dir)
	if run["status"] != "ok" || run["brainsim_version"] != version || run["seed"] != 7.0 || run["steps_done"] != 10000.0 {
		t.Errorf("run.json: %v", run)
	}
	for _, k := range []string{"go_version", "host", "command", "start", "wall_s"} {
		if _, ok := run[k]; !ok {
			t.Errorf("run.json lacks %q", k)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "traces.csv")); err == nil {
		t.Error("traces.csv written without traces")
	}

	// The directory is no longer empty: a second run is refused, before
	// resolving, and leaves the files alone.
	fk2 := newFake(t)
	if code := fk2.exec("run", "cuba", "--out", dir); code != exitUsage {
		t.Errorf("second run: exit %d, want 2", code)
	}
	wantErr := "brainsim: output directory " + dir + " is not empty; use --force to write into it anyway, or choose another directory\n"
	if fk2.errOut.String() != wantErr {
		t.Errorf("stderr %q, want %q", fk2.errOut.String(), wantErr)
	}
	if len(fk2.resolved) != 0 {
		t.Error("resolved the config before refusing the directory")
	}

	// --force replaces the record files and keeps other files.
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	fk3 := newFake(t)
	fk3.result.Spikes = nil
	if code := fk3.exec("run", "cuba", "--out", dir, "--force", "--quiet"); code != 0 {
		t.Fatalf("--force: exit %d, stderr %s", code, fk3.errOut.String())
	}
	if fk3.errOut.Len() != 0 {
		t.Errorf("--quiet: stderr %q", fk3.errOut.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "spikes.csv")); err == nil {
		t.Error("stale spikes.csv kept after --force")
	}
	if readFile(t, dir, "notes.txt") != "mine" {
		t.Error("--force touched a file brainsim does not own")
	}
}

func TestRunInterrupted(t *testing.T) {
	t.Parallel()
	fk := newFake(t)
	dir := filepath.Join(t.TempDir(), "out")
	fk.runFunc = func(ctx context.Context, f *configs.File, opt experiment.Options) (*experiment.Result, error) {
		opt.Progress(400, 10000)
		fk.cancel() // as SIGINT would
		<-ctx.Done()
		partial := sampleResult()
		partial.Spikes = partial.Spikes[:1]
		return partial, ctx.Err()
	}
	if code := fk.exec("run", "cuba", "--out", dir); code != exitInterrupted {
		t.Errorf("exit %d, want 130", code)
	}
	want := "brainsim: interrupted at step 400 of 10000; records in " + dir + "\n"
	if got := fk.errOut.String(); got != want {
		t.Errorf("stderr %q, want %q", got, want)
	}
	run := readRunJSON(t, dir)
	if run["status"] != "interrupted" || run["steps_done"] != 400.0 || run["steps_total"] != 10000.0 {
		t.Errorf("run.json: %v", run)
	}
	if _, err := os.Stat(filepath.Join(dir, "results.json")); err == nil {
		t.Error("results.json written for an interrupted run")
	}
	if got := readFile(t, dir, "spikes.csv"); got != "step,population,neuron\n12,cortex.exc,5\n" {
		t.Errorf("spikes.csv %q", got)
	}
}

func TestTraces(t *testing.T) {
	t.Parallel()
	fk := newFake(t)
	dir := t.TempDir()
	fk.result.Traces = []experiment.Trace{
		{Population: "cortex.exc", Variable: "v", Unit: "mV", Neurons: []int{0, 3}, Steps: []int64{0, 10}, Values: [][]float32{{-65, -64.5}, {-60.25, -70}}},
		{Population: "cortex.exc", Variable: "rate", Unit: "Hz", Steps: []int64{10}, Values: [][]float32{{12.5}}},
	}
	if code := fk.exec("run", "cuba", "--out", dir, "--force"); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, fk.errOut.String())
	}
	want := `population,variable,unit,neuron,step,value
cortex.exc,v,mV,0,0,-65
cortex.exc,v,mV,3,0,-64.5
cortex.exc,v,mV,0,10,-60.25
cortex.exc,v,mV,3,10,-70
cortex.exc,rate,Hz,,10,12.5
`
	if got := readFile(t, dir, "traces.csv"); got != want {
		t.Errorf("traces.csv\n%s\nwant\n%s", got, want)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	fk := newFake(t)
	if code := fk.exec("validate", "a.toml", "bad", "--set", "x=1"); code != exitUsage {
		t.Errorf("exit %d, want 2", code)
	}
	if got := fk.out.String(); got != "a.toml: ok (2 populations, 3 projections)\n" {
		t.Errorf("stdout %q", got)
	}
	wantErr := "brainsim: bad.toml:3: unknown key \"tau_mm\"\nbrainsim: bad.toml:7: projection \"ee\" connect.p: 1.5 is outside [0, 1]\n"
	if got := fk.errOut.String(); got != wantErr {
		t.Errorf("stderr\n%s\nwant\n%s", got, wantErr)
	}
	if !reflect.DeepEqual(fk.overrides, [][]string{{"x=1"}, {"x=1"}}) {
		t.Errorf("overrides %q", fk.overrides)
	}

	fk = newFake(t)
	if code := fk.exec("validate"); code != exitUsage || fk.errOut.String() != "brainsim: validate needs at least one file\nbrainsim: see \"brainsim validate --help\"\n" {
		t.Errorf("no files: exit %d, stderr %q", code, fk.errOut.String())
	}
}

func TestListVersionHelp(t *testing.T) {
	t.Parallel()
	fk := newFake(t)
	if code := fk.exec("list", "--format", "csv"); code != 0 {
		t.Fatalf("list: exit %d", code)
	}
	if got := fk.out.String(); got != "name,description\nquickstart,small demo\ncuba,Brette 2007 CUBA\n" {
		t.Errorf("list: %q", got)
	}

	fk = newFake(t)
	if code := fk.exec("version"); code != 0 || !strings.HasPrefix(fk.out.String(), "brainsim version "+version+"\ngo version go") {
		t.Errorf("version: exit %d, %q", code, fk.out.String())
	}

	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}, {"help", "run"}, {"run", "--help"}, {"validate", "-h"}} {
		fk = newFake(t)
		if code := fk.exec(args...); code != 0 || !strings.Contains(fk.out.String(), "USAGE") || fk.errOut.Len() != 0 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, fk.out.String(), fk.errOut.String())
		}
	}

	fk = newFake(t)
	if code := fk.exec("cuba"); code != exitUsage {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
	if got := fk.errOut.String(); got != "brainsim: unknown command \"cuba\"; to run it: brainsim run cuba\nbrainsim: see \"brainsim --help\"\n" {
		t.Errorf("unknown command: stderr %q", got)
	}
}
