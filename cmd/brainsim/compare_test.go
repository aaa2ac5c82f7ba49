package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/experiment"
)

// variantsTOML adds three variants to tinyTOML, in the table, array and
// nested-table forms.
const variantsTOML = `
[[variant]]
name = "weak"
set = { w = 1, "experiment.duration" = "50ms" }

[[variant]]
name = "strong"
set = ["w=3", "region.cortex.population.cells.tau_m=30ms"]

[[variant]]
name = "slow"
set = { projection = { in = { synapse = { delay = "2ms" } } } }
`

func TestCompare(t *testing.T) {
	t.Parallel()
	a := writeTiny(t, "")
	b := filepath.Join(t.TempDir(), "b.toml")
	if err := os.WriteFile(b, []byte(strings.Replace(tinyTOML, "w = 2", "w = 3", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "cmp")
	ra := newRealApp()
	if code := ra.exec("compare", a, b, "--format", "csv", "--out", out, "--quiet", "--seed", "4"); code != 0 {
		t.Fatalf("exit %d: %s", code, ra.errOut.String())
	}
	rows := lines(ra.out.String())
	if len(rows) != 1+4 || !strings.HasPrefix(rows[0], "experiment,population,model,size,spikes,rate_hz,cv_isi,silent,sync,osc_hz,state,seed,") {
		t.Fatalf("csv:\n%s", ra.out.String())
	}
	for i, want := range []string{a + ",cortex.input", a + ",cortex.cells", b + ",cortex.input", b + ",cortex.cells"} {
		if !strings.HasPrefix(rows[1+i], want+",") {
			t.Errorf("row %d = %q, want it to start with %q", i+1, rows[1+i], want)
		}
		if !strings.Contains(rows[1+i], ",4,") {
			t.Errorf("row %d lacks seed 4: %q", i+1, rows[1+i])
		}
	}
	for _, it := range []string{a, b} {
		if _, err := os.Stat(filepath.Join(out, safeName(it), "results.json")); err != nil {
			t.Errorf("records of %s: %v", it, err)
		}
	}

	// The table format: one table, the experiment first, and a summary.
	ra = newRealApp()
	if code := ra.exec("compare", a, b, "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, ra.errOut.String())
	}
	for _, want := range []string{"2 experiments: ", "│ experiment", "syn_events_per_s"} {
		if !strings.Contains(ra.out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, ra.out.String())
		}
	}
}

func TestCompareErrors(t *testing.T) {
	t.Parallel()
	ra := newRealApp()
	if code := ra.exec("compare"); code != exitUsage || !strings.Contains(ra.errOut.String(), "compare needs experiments") {
		t.Errorf("no args: exit %d, %s", code, ra.errOut.String())
	}
	ra = newRealApp()
	if code := ra.exec("compare", "tiny-missing.toml"); code != exitUsage || !strings.Contains(ra.errOut.String(), "tiny-missing.toml: cannot read") {
		t.Errorf("missing file: exit %d, %s", code, ra.errOut.String())
	}

	// Different modes cannot share a table.
	ra = newRealApp()
	ra.resolve = func(arg string, _ []string) (*configs.File, error) {
		f := &configs.File{}
		f.Experiment.Name = arg
		f.Experiment.Mode = arg
		return f, nil
	}
	ra.run = func(context.Context, *configs.File, experiment.Options) (*experiment.Result, error) {
		t.Error("ran an experiment despite mixed modes")
		return nil, errors.New("no")
	}
	code := ra.exec("compare", "simulate", "train")
	if code != exitUsage || !strings.Contains(ra.errOut.String(), "experiment train is in train mode but simulate is in simulate mode") {
		t.Errorf("mixed modes: exit %d, %s", code, ra.errOut.String())
	}
}

func TestCompareInterrupt(t *testing.T) {
	t.Parallel()
	a := writeTiny(t, "")
	out := filepath.Join(t.TempDir(), "cmp")
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
	if code := ra.exec("compare", a, a, "--out", out, "--quiet"); code != exitInterrupted {
		t.Fatalf("exit %d, want %d: %s", code, exitInterrupted, ra.errOut.String())
	}
	if _, err := os.Stat(filepath.Join(out, safeName(a), "results.json")); err != nil {
		t.Errorf("the finished experiment lost its records: %v", err)
	}
}

// TestRunVariants: a file with variants runs once per variant, one table
// with a variant column; with --out one folder per variant, and with
// --plots each variant's figures in it.
func TestRunVariants(t *testing.T) {
	t.Parallel()
	file := writeTiny(t, variantsTOML+"\n[[record]]\npopulation = \"cortex.cells\"\nvariable = \"spikes\"\n")
	f, err := configs.Resolve(file, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "v")
	ra := newRealApp()
	err = ra.runVariants(&runOptions{Target: file, Out: out, Format: "csv", Quiet: true, Plots: "svg"}, f)
	if err != nil {
		t.Fatal(err)
	}
	rows := lines(ra.out.String())
	if len(rows) != 1+3*2 || !strings.HasPrefix(rows[0], "variant,population,") {
		t.Fatalf("csv:\n%s", ra.out.String())
	}
	byName := map[string][]string{}
	for _, r := range rows[1:] {
		name, rest, _ := strings.Cut(r, ",")
		byName[name] = append(byName[name], rest)
	}
	for _, v := range []string{"weak", "strong", "slow"} {
		if len(byName[v]) != 2 {
			t.Errorf("variant %s: %d rows", v, len(byName[v]))
		}
		if _, err := os.Stat(filepath.Join(out, v, "results.json")); err != nil {
			t.Errorf("records of variant %s: %v", v, err)
		}
		// --plots draws each variant's figures into its folder.
		if figs, _ := filepath.Glob(filepath.Join(out, v, "*_"+v+"_*.svg")); len(figs) == 0 {
			t.Errorf("variant %s: no figure drawn by --plots", v)
		}
	}
	// weak runs 50 ms, the others the base 100 ms.
	if !strings.Contains(byName["weak"][0], ",0.05,500,") || !strings.Contains(byName["strong"][0], ",0.1,1000,") {
		t.Errorf("durations: weak %q, strong %q", byName["weak"][0], byName["strong"][0])
	}
	// The effective config of a variant has its overrides and no variants.
	cfg, err := os.ReadFile(filepath.Join(out, "strong", "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(cfg), "w = 3") || strings.Contains(string(cfg), "[[variant]]") {
		t.Errorf("strong/config.toml:\n%s", cfg)
	}
}

func TestRunVariantsErrors(t *testing.T) {
	t.Parallel()
	file := writeTiny(t, `
[[variant]]
name = "bad"
set = { "experiment.durationx" = "50ms" }

[[variant]]
name = "worse"
set = ["region.cortex.population.cells.tau_m=5"]
`)
	f, err := configs.Resolve(file, nil)
	if err != nil {
		t.Fatal(err)
	}
	ra := newRealApp()
	code := ra.exitCode(ra.runVariants(&runOptions{Target: file, Format: "table"}, f))
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	got := lines(ra.errOut.String())
	want := []string{
		"brainsim: " + file + `:36: variant[0].set.experiment.durationx: unknown key "durationx" in [experiment]`,
		"brainsim: " + file + `:40: variant[1].set.region.cortex.population.cells.tau_m: population "cortex.cells" tau_m: missing unit in 5`,
	}
	if len(got) != len(want) {
		t.Fatalf("stderr:\n%s", ra.errOut.String())
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("line %d:\ngot  %s\nwant %s...", i+1, got[i], want[i])
		}
	}
}
