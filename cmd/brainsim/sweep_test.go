package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/experiment"
)

// tinyTOML is a network small enough that a run takes milliseconds: 20
// Poisson inputs into 40 LIF cells for 100 ms. Its params w (mV) and rate
// (Hz) are what the tests sweep; with w = 3 the cells fire.
const tinyTOML = `[params]
w = 2
rate = 20

[experiment]
name = "tiny"
seed = 1
dt = "0.1ms"
duration = "100ms"

[[region]]
name = "cortex"

  [[region.population]]
  name = "input"
  size = 20
  model = "poisson"
  rate = "=rate Hz"

  [[region.population]]
  name = "cells"
  size = 40
  model = "lif"
  tau_m = "20ms"
  v_thresh = "-60mV"

[[projection]]
name = "in"
from = "cortex.input"
to = "cortex.cells"
connect = { rule = "fixed_in_degree", n = 20 }
synapse = { kind = "exp_current", tau = "5ms", weight = "=w mV", delay = "1ms" }
`

// writeTiny writes tinyTOML (plus extra) to a temporary file.
func writeTiny(t *testing.T, extra string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tiny.toml")
	if err := os.WriteFile(path, []byte(tinyTOML+extra), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// realApp is an app that loads and runs experiments for real, with its
// output in buffers.
type realApp struct {
	app
	out, errOut bytes.Buffer
	mu          sync.Mutex
	cancel      context.CancelFunc
}

func newRealApp() *realApp {
	ra := &realApp{}
	ra.app = app{
		stdout:  &ra.out,
		stderr:  &ra.errOut,
		start:   time.Now(),
		cmdline: []string{"brainsim", "test"},
		resolve: configs.Resolve,
		shipped: configs.Shipped,
		encode:  configs.Encode,
		run:     experiment.Run,
		signalContext: func(parent context.Context) (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(parent)
			ra.mu.Lock()
			ra.cancel = cancel
			ra.mu.Unlock()
			return ctx, cancel
		},
	}
	return ra
}

func (ra *realApp) exec(args ...string) int { return ra.app.main(args) }

func TestParseGrid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want gridAxis
	}{
		{"w=1,2,3", gridAxis{"w", []string{"1", "2", "3"}}},
		{" w = 1mV , 2mV ", gridAxis{"w", []string{"1mV", "2mV"}}},
		{"projection.ee.synapse.weight=1mV", gridAxis{"projection.ee.synapse.weight", []string{"1mV"}}},
		{"x.v_init={ uniform = [1, 2] },3", gridAxis{"x.v_init", []string{"{ uniform = [1, 2] }", "3"}}},
		{`name="a,b",c`, gridAxis{"name", []string{`"a,b"`, "c"}}},
	}
	for _, tt := range tests {
		got, err := parseGrid(tt.in)
		if err != nil {
			t.Errorf("parseGrid(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseGrid(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestParseSweepArgsErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string // in the message
	}{
		{nil, "sweep needs an experiment"},
		{[]string{"a", "b"}, "sweep takes one experiment, got 2"},
		{[]string{"cuba", "--jobs", "0"}, "--jobs 0: want at least 1"},
		{[]string{"cuba", "--seeds", "0"}, "--seeds 0: want at least 1"},
		{[]string{"cuba", "--seeds", "-2"}, "--seeds -2: want at least 1"},
		{[]string{"cuba", "--grid", "neurons="}, "--grid neurons=: no values for neurons"},
		{[]string{"cuba", "--grid", "neurons"}, "--grid neurons: want key=v1,v2"},
		{[]string{"cuba", "--grid", "=1,2"}, "--grid =1,2: want key=v1,v2"},
		{[]string{"cuba", "--grid", "w=1,,2"}, "value 2 of w is empty"},
		{[]string{"cuba", "--grid", "w=1,2,1"}, "value 1 of w is listed twice"},
		{[]string{"cuba", "--grid", "w=[1,2"}, "unbalanced"},
		{[]string{"cuba", "--grid", "w=1", "--grid", "w=2"}, "key w is already swept"},
		{[]string{"cuba", "--format", "xml"}, "want one of table, markdown, csv, json"},
		{[]string{"cuba", "--metric", ""}, "empty metric name"},
	}
	for _, tt := range tests {
		_, err := parseSweepArgs(tt.args)
		var ee *exitError
		if !errors.As(err, &ee) || ee.code != exitUsage || (ee.usage != sweepUsage && ee.usage != "") {
			t.Errorf("parseSweepArgs(%q): got %v, want a usage error (with the sweep usage or none)", tt.args, err)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseSweepArgs(%q): error %q does not contain %q", tt.args, err, tt.want)
		}
	}
}

func TestMeanCI(t *testing.T) {
	t.Parallel()
	// t(0.975, 4) = 2.7764451051977987 (scipy.stats.t.ppf(0.975, 4)); the
	// sample sd of 1..5 is sqrt(2.5).
	n, mean, std, lo, hi := meanCI([]float64{1, 2, math.NaN(), 3, 4, 5})
	half := 2.7764451051977987 * math.Sqrt(2.5) / math.Sqrt(5)
	if n != 5 || mean != 3 || math.Abs(std-math.Sqrt(2.5)) > 1e-12 || math.Abs(lo-(3-half)) > 1e-9 || math.Abs(hi-(3+half)) > 1e-9 {
		t.Errorf("meanCI = %d, %v, %v, [%v, %v]; want 5, 3, %v, [%v, %v]", n, mean, std, lo, hi, math.Sqrt(2.5), 3-half, 3+half)
	}
	if n, mean, std, _, _ := meanCI([]float64{7}); n != 1 || mean != 7 || !math.IsNaN(std) {
		t.Errorf("one value: got n %d mean %v std %v, want 1, 7, NaN", n, mean, std)
	}
	if n, mean, _, _, _ := meanCI([]float64{math.NaN()}); n != 0 || !math.IsNaN(mean) {
		t.Errorf("no value: got n %d mean %v, want 0, NaN", n, mean)
	}
}

func TestSweep2D(t *testing.T) {
	t.Parallel()
	file := writeTiny(t, "")
	out := filepath.Join(t.TempDir(), "sw")
	ra := newRealApp()
	code := ra.exec("sweep", file, "--grid", "w=1,3", "--grid", "rate=10,20,40", "--seeds", "3", "--jobs", "2", "--out", out, "--quiet")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, ra.errOut.String())
	}
	stdout := ra.out.String()
	// One 2x3 table per population: w values as rows, rate values as columns.
	if n := strings.Count(stdout, "w \\ rate"); n != 2 {
		t.Errorf("want 2 tables with header \"w \\ rate\", got %d:\n%s", n, stdout)
	}
	for _, want := range []string{"rate_hz of cortex.input", "rate_hz of cortex.cells", "rate=10", "rate=20", "rate=40", "seeds 1..3", " ± "} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if ra.errOut.Len() != 0 {
		t.Errorf("--quiet, but stderr: %s", ra.errOut.String())
	}

	// The records: <cell>/seed-<s>/ with the files of brainsim run --out.
	for _, cell := range []string{"w=1,rate=10", "w=1,rate=20", "w=1,rate=40", "w=3,rate=10", "w=3,rate=20", "w=3,rate=40"} {
		for _, seed := range []string{"seed-1", "seed-2", "seed-3"} {
			for _, f := range []string{"config.toml", "run.json", "results.json"} {
				if _, err := os.Stat(filepath.Join(out, cell, seed, f)); err != nil {
					t.Errorf("missing record: %v", err)
				}
			}
		}
	}
	var sj sweepRecord
	data, err := os.ReadFile(filepath.Join(out, "sweep.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &sj); err != nil {
		t.Fatalf("sweep.json: %v", err)
	}
	if sj.Status != "ok" || sj.RunsTotal != 18 || sj.RunsOK != 18 || len(sj.Runs) != 18 || len(sj.Cells) != 6 || !reflect.DeepEqual(sj.Seeds, []int64{1, 2, 3}) {
		t.Errorf("sweep.json: status %q, runs %d/%d (%d listed), %d cells, seeds %v; want ok, 18/18, 6, [1 2 3]", sj.Status, sj.RunsOK, sj.RunsTotal, len(sj.Runs), len(sj.Cells), sj.Seeds)
	}
	for _, r := range sj.Runs {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(r.Results))); err != nil {
			t.Errorf("sweep.json run %s seed %d: results %q: %v", r.Cell, r.Seed, r.Results, err)
		}
	}
	if c := sj.Cells[0]; c.Cell != "w=1,rate=10" || len(c.Stats) != 2 || c.Stats[0].N != 3 || len(c.Stats[0].Values) != 3 {
		t.Errorf("sweep.json first cell: %+v", c)
	}
	rows := readCSV(t, filepath.Join(out, "sweep.csv"))
	if len(rows) != 1+2*6 || !reflect.DeepEqual(rows[0], []string{"metric", "population", "w", "rate", "n", "mean", "std", "ci95_low", "ci95_high"}) {
		t.Errorf("sweep.csv: %d rows, header %q", len(rows), rows[0])
	}
	// The input population fires at the swept rate.
	for _, r := range rows[1:] {
		if r[1] == "cortex.input" && r[3] == "40" {
			if m := parseF(t, r[5]); m < 30 || m > 50 {
				t.Errorf("input rate for rate=40: mean %v", m)
			}
		}
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

func parseF(t *testing.T, s string) float64 {
	t.Helper()
	var f float64
	if err := json.Unmarshal([]byte(s), &f); err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return f
}

// TestSweepJobsDeterministic: the statistics do not depend on --jobs.
func TestSweepJobsDeterministic(t *testing.T) {
	t.Parallel()
	file := writeTiny(t, "")
	var outs []string
	for _, jobs := range []string{"1", "3"} {
		ra := newRealApp()
		code := ra.exec("sweep", file, "--grid", "w=1,2,3", "--seeds", "4", "--jobs", jobs, "--metric", "rate_hz,spikes,cv_isi,synapses",
			"--format", "csv", "--out", filepath.Join(t.TempDir(), "sw"), "--quiet")
		if code != 0 {
			t.Fatalf("--jobs %s: exit %d, stderr:\n%s", jobs, code, ra.errOut.String())
		}
		outs = append(outs, ra.out.String())
	}
	if outs[0] != outs[1] {
		t.Errorf("--jobs 1 and --jobs 3 differ:\n%s\n---\n%s", outs[0], outs[1])
	}
	// 4 metrics: 3 per population (2) and synapses once, 3 cells each.
	if n := len(lines(outs[0])); n != 1+(3*2+1)*3 {
		t.Errorf("csv has %d lines, want %d:\n%s", n, 1+(3*2+1)*3, outs[0])
	}
}

func TestSweep1DAndNoGrid(t *testing.T) {
	t.Parallel()
	file := writeTiny(t, "")
	ra := newRealApp()
	if code := ra.exec("sweep", file, "--grid", "w=1,2", "--seeds", "2", "--seed", "5", "--metric", "rate_hz", "--format", "markdown", "--out", filepath.Join(t.TempDir(), "a"), "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, ra.errOut.String())
	}
	for _, want := range []string{"| w ", " n |", " rate_hz |", "ci95_low", "seeds 5..6"} {
		if !strings.Contains(ra.out.String(), want) {
			t.Errorf("1-D output lacks %q:\n%s", want, ra.out.String())
		}
	}
	ra = newRealApp()
	if code := ra.exec("sweep", file, "--seeds", "2", "--out", filepath.Join(t.TempDir(), "b"), "--format", "json", "--quiet"); code != 0 {
		t.Fatalf("no grid: exit %d: %s", code, ra.errOut.String())
	}
	var rows []map[string]any
	if err := json.Unmarshal(ra.out.Bytes(), &rows); err != nil || len(rows) != 2 || rows[0]["n"] != 2.0 {
		t.Errorf("no grid json: %v %v", rows, err)
	}
}

func TestSweepBadInput(t *testing.T) {
	t.Parallel()
	file := writeTiny(t, "")
	nonEmpty := t.TempDir()
	os.WriteFile(filepath.Join(nonEmpty, "x"), nil, 0o644)
	tests := []struct {
		args []string
		want []string // in stderr
	}{
		{[]string{"--grid", "nosuch=1,2"}, []string{"--grid nosuch=1", `no param "nosuch"`}},
		{[]string{"--grid", "experiment.durationx=1s"}, []string{"--grid experiment.durationx=1s", `unknown key "durationx"`}},
		{[]string{"--grid", "experiment.duration=1s,abc"}, []string{"--grid experiment.duration=abc"}},
		{[]string{"--metric", "bogus"}, []string{"--metric bogus: unknown for a simulate-mode experiment (want one of size, spikes, rate_hz"}},
		{[]string{"--set", "nosuch=1"}, []string{"--set nosuch"}},
		{[]string{"--grid", "w=1", "--out", nonEmpty}, []string{"is not empty"}},
	}
	for _, tt := range tests {
		ra := newRealApp()
		out := filepath.Join(t.TempDir(), "never")
		args := append([]string{"sweep", file, "--quiet"}, tt.args...)
		if !strings.Contains(strings.Join(tt.args, " "), "--out") {
			args = append(args, "--out", out)
		}
		code := ra.exec(args...)
		if code != exitUsage {
			t.Errorf("%q: exit %d, want %d; stderr:\n%s", tt.args, code, exitUsage, ra.errOut.String())
		}
		for _, w := range tt.want {
			if !strings.Contains(ra.errOut.String(), w) {
				t.Errorf("%q: stderr lacks %q:\n%s", tt.args, w, ra.errOut.String())
			}
		}
		if strings.Contains(ra.errOut.String(), "internal error") {
			t.Errorf("%q: %s", tt.args, ra.errOut.String())
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%q: created %s for a bad sweep", tt.args, out)
		}
	}
}

// TestSweepInterrupt cancels the sweep when the first run has finished:
// the finished run keeps its records, sweep.json says what ran, exit 130.
func TestSweepInterrupt(t *testing.T) {
	t.Parallel()
	file := writeTiny(t, "")
	out := filepath.Join(t.TempDir(), "sw")
	ra := newRealApp()
	var once sync.Once
	ra.app.run = func(ctx context.Context, f *configs.File, opt experiment.Options) (*experiment.Result, error) {
		res, err := experiment.Run(ctx, f, opt)
		once.Do(func() {
			ra.mu.Lock()
			ra.cancel()
			ra.mu.Unlock()
		})
		return res, err
	}
	code := ra.exec("sweep", file, "--grid", "w=1,2,3", "--seeds", "3", "--jobs", "1", "--out", out)
	if code != exitInterrupted {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitInterrupted, ra.errOut.String())
	}
	if !strings.Contains(ra.errOut.String(), "interrupted: 1 of 9 runs finished; records in "+out) {
		t.Errorf("stderr:\n%s", ra.errOut.String())
	}
	if ra.out.Len() != 0 {
		t.Errorf("stdout after an interruption: %s", ra.out.String())
	}
	for _, f := range []string{"config.toml", "run.json", "results.json"} {
		if _, err := os.Stat(filepath.Join(out, "w=1", "seed-1", f)); err != nil {
			t.Errorf("finished run lost a record: %v", err)
		}
	}
	var sj sweepRecord
	data, _ := os.ReadFile(filepath.Join(out, "sweep.json"))
	if err := json.Unmarshal(data, &sj); err != nil {
		t.Fatalf("sweep.json: %v", err)
	}
	if sj.Status != "interrupted" || sj.RunsOK != 1 || sj.Runs[0].Status != "ok" || sj.Runs[8].Status != "not_run" {
		t.Errorf("sweep.json: status %q, %d ok, first %q, last %q", sj.Status, sj.RunsOK, sj.Runs[0].Status, sj.Runs[8].Status)
	}
	if st := sj.Cells[0].Stats; len(st) != 2 || st[0].N != 1 {
		t.Errorf("sweep.json stats of the finished cell: %+v", st)
	}
}

// TestSweepDefaultOut: without --out each sweep gets a new folder.
func TestSweepDefaultOut(t *testing.T) {
	t.Parallel()
	file := writeTiny(t, "")
	dir := t.TempDir()
	for range 2 {
		cmd := exec.Command(binary, "sweep", file, "--grid", "w=1,2", "--seeds", "2", "--quiet")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "sweep-tiny-*", "sweep.json"))
	if len(matches) != 2 {
		t.Errorf("want 2 sweep folders, got %v", matches)
	}
}

// TestSweepTrain sweeps a shipped train-mode experiment: one statistic per
// rule and task, accuracy by default (the tasks have no test set), and
// runs of m seeds each take every m-th seed.
func TestSweepTrain(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "sw")
	ra := newRealApp()
	code := ra.exec("sweep", "minsky_papert", "--set", "experiment.seeds=2", "--grid", "rule.backprop.epochs=50,500",
		"--seeds", "3", "--format", "csv", "--out", out, "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, ra.errOut.String())
	}
	rows := lines(ra.out.String())
	if rows[0] != "metric,rule,task,rule.backprop.epochs,n,mean,std,ci95_low,ci95_high" {
		t.Errorf("header %q", rows[0])
	}
	if len(rows) != 1+9*2 || !strings.HasPrefix(rows[1], "accuracy,perceptron,and,50,3,") {
		t.Errorf("csv:\n%s", ra.out.String())
	}
	var sj sweepRecord
	data, _ := os.ReadFile(filepath.Join(out, "sweep.json"))
	if err := json.Unmarshal(data, &sj); err != nil || !reflect.DeepEqual(sj.Seeds, []int64{1, 3, 5}) {
		t.Errorf("sweep.json seeds %v (%v), want [1 3 5]", sj.Seeds, err)
	}
	ra = newRealApp()
	if code := ra.exec("sweep", "minsky_papert", "--metric", "rate_hz", "--out", filepath.Join(t.TempDir(), "x")); code != exitUsage ||
		!strings.Contains(ra.errOut.String(), "--metric rate_hz: unknown for a train-mode experiment (want one of accuracy, test_accuracy") {
		t.Errorf("train metric: exit %d, %s", code, ra.errOut.String())
	}
}

// TestSweepFailedRun: a failed run is reported, keeps its records, is left
// out of the statistics and makes the exit status 1.
func TestSweepFailedRun(t *testing.T) {
	t.Parallel()
	file := writeTiny(t, "")
	out := filepath.Join(t.TempDir(), "sw")
	ra := newRealApp()
	ra.app.run = func(ctx context.Context, f *configs.File, opt experiment.Options) (*experiment.Result, error) {
		if *opt.Seed == 2 && f.Params["w"] == 3 {
			return nil, errors.New("population cortex.cells: unstable integration at step 7")
		}
		return experiment.Run(ctx, f, opt)
	}
	code := ra.exec("sweep", file, "--grid", "w=1,3", "--seeds", "3", "--format", "csv", "--out", out, "--quiet")
	if code != exitRuntime {
		t.Fatalf("exit %d, want %d: %s", code, exitRuntime, ra.errOut.String())
	}
	for _, want := range []string{"run w=3 seed 2 failed: population cortex.cells: unstable integration at step 7", "1 of 6 runs failed"} {
		if !strings.Contains(ra.errOut.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, ra.errOut.String())
		}
	}
	if !strings.Contains(ra.out.String(), "rate_hz,cortex.cells,3,2,") {
		t.Errorf("the statistics of w=3 should count 2 runs:\n%s", ra.out.String())
	}
	data, err := os.ReadFile(filepath.Join(out, "w=3", "seed-2", "run.json"))
	if err != nil || !strings.Contains(string(data), `"status": "failed"`) {
		t.Errorf("run.json of the failed run: %v\n%s", err, data)
	}
}
