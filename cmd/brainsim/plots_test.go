package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/experiment"
	"github.com/brainsim/brainsim/internal/npy"
)

// plotsFake is a fake whose config records spikes of both populations
// and v of cortex.exc, and names figures.
func plotsFake(t *testing.T, figures ...string) *fake {
	fk := newFake(t)
	resolve := fk.app.resolve
	fk.app.resolve = func(arg string, overrides []string) (*configs.File, error) {
		f, err := resolve(arg, overrides)
		if err != nil {
			return nil, err
		}
		f.Record = []configs.Record{{Population: "cortex.exc", Variable: "spikes"}, {Population: "cortex.inh", Variable: "spikes"}, {Population: "cortex.exc", Variable: "v"}}
		f.Report.Figures = figures
		return f, nil
	}
	fk.result.Traces = []experiment.Trace{
		{Population: "cortex.exc", Variable: "v", Unit: "mV", Neurons: []int{0, 3}, Steps: []int64{0, 10, 20}, Values: [][]float32{{-65, -64.5}, {-60.25, -70}, {-55, -50}}},
		{Population: "cortex.exc", Variable: "rate", Unit: "Hz", Steps: []int64{10, 20}, Values: [][]float32{{12.5}, {3}}},
	}
	return fk
}

func TestPlotsFlag(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args []string
		want string
	}{{nil, ""}, {[]string{"--plots"}, "png"}, {[]string{"--plots=svg"}, "svg"}, {[]string{"--plots=png"}, "png"}, {[]string{"--plots=false"}, ""}} {
		opts, err := parseRunArgs(append([]string{"cuba"}, c.args...))
		if err != nil || opts.Plots != c.want {
			t.Errorf("%q: got %q, %v, want %q", c.args, opts.Plots, err, c.want)
		}
	}
	if _, err := parseRunArgs([]string{"cuba", "--plots=gif"}); err == nil {
		t.Error("--plots=gif: no error")
	}
}

// TestPlots draws the figures a config names with --plots, as PNG and
// SVG, into --out, and lists them in run.json.
func TestPlots(t *testing.T) {
	t.Parallel()
	figs := []string{configs.FigureRaster, configs.FigureRate, configs.FigureTraces}
	for _, format := range []string{"png", "svg"} {
		fk := plotsFake(t, figs...)
		dir := t.TempDir()
		if code := fk.exec("run", "x", "--out", dir, "--force", "--plots="+format); code != 0 {
			t.Fatalf("exit %d, stderr %s", code, fk.errOut.String())
		}
		files, _ := readRunJSON(t, dir)["files"].([]any)
		for _, fig := range figs {
			name := "x_" + fig + "." + format
			b := []byte(readFile(t, dir, name))
			if format == "png" {
				if _, err := png.Decode(bytes.NewReader(b)); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			} else if !bytes.Contains(b, []byte("<svg")) {
				t.Errorf("%s is not an SVG", name)
			}
			if !slices.Contains(files, any(name)) {
				t.Errorf("run.json files %v lack %s", files, name)
			}
			if !strings.Contains(fk.errOut.String(), "wrote "+filepath.Join(dir, name)) {
				t.Errorf("stderr %q lacks the note for %s", fk.errOut.String(), name)
			}
		}
	}
}

// TestPlotsOff: without --plots no figure is drawn.
func TestPlotsOff(t *testing.T) {
	t.Parallel()
	fk := plotsFake(t, configs.FigureRaster)
	dir := t.TempDir()
	if code := fk.exec("run", "x", "--out", dir, "--force"); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, fk.errOut.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "x_raster.png")); err == nil {
		t.Error("x_raster.png drawn without --plots")
	}
	// No figures named: --plots draws every figure the data allows.
	fk = plotsFake(t)
	if code := fk.exec("run", "x", "--out", dir, "--force", "--plots", "--quiet"); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, fk.errOut.String())
	}
	for _, fig := range configs.FiguresFor(&configs.File{Record: []configs.Record{{Variable: "spikes"}, {Variable: "v"}}}) {
		if _, err := os.Stat(filepath.Join(dir, "x_"+fig+".png")); err != nil {
			t.Errorf("--plots without [report] figures: %v", err)
		}
	}
}

// TestNPY reads the .npy records back and compares them with the CSV
// columns of the same run.
func TestNPY(t *testing.T) {
	t.Parallel()
	fk := plotsFake(t)
	dir := t.TempDir()
	if code := fk.exec("run", "x", "--out", dir, "--force", "--quiet"); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, fk.errOut.String())
	}
	read := func(name string) *npy.Array {
		t.Helper()
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		a, err := npy.Read(f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return a
	}
	steps, _ := npy.Values[int64](read("spikes_step.npy"))
	neurons, _ := npy.Values[int32](read("spikes_neuron.npy"))
	pops, _ := npy.Values[int32](read("spikes_population.npy"))
	names, _ := npy.Strings(read("spikes_population_names.npy"))
	// spikes.csv: 12,cortex.exc,5 and 13,cortex.inh,0
	if !slices.Equal(steps, []int64{12, 13}) || !slices.Equal(neurons, []int32{5, 0}) || !slices.Equal(pops, []int32{0, 1}) ||
		!slices.Equal(names, []string{"cortex.exc", "cortex.inh"}) {
		t.Errorf("spikes: steps %v neurons %v populations %v names %q", steps, neurons, pops, names)
	}
	v := read("trace_cortex.exc_v.npy")
	vals, err := npy.Values[float32](v)
	if err != nil || !slices.Equal(v.Shape, []int{3, 2}) || !slices.Equal(vals, []float32{-65, -64.5, -60.25, -70, -55, -50}) {
		t.Errorf("trace v: shape %v values %v (%v)", v.Shape, vals, err)
	}
	vs, _ := npy.Values[int64](read("trace_cortex.exc_v_step.npy"))
	vn, _ := npy.Values[int32](read("trace_cortex.exc_v_neuron.npy"))
	if !slices.Equal(vs, []int64{0, 10, 20}) || !slices.Equal(vn, []int32{0, 3}) {
		t.Errorf("trace v: steps %v neurons %v", vs, vn)
	}
	r := read("trace_cortex.exc_rate.npy")
	if rv, _ := npy.Values[float32](r); !slices.Equal(r.Shape, []int{2, 1}) || !slices.Equal(rv, []float32{12.5, 3}) {
		t.Errorf("trace rate: shape %v values %v", r.Shape, rv)
	}
	if _, err := os.Stat(filepath.Join(dir, "trace_cortex.exc_rate_neuron.npy")); err == nil {
		t.Error("a rate has a _neuron.npy")
	}
	// --force removes the .npy files of the previous run.
	fk = newFake(t)
	fk.result.Spikes = nil
	if code := fk.exec("run", "x", "--out", dir, "--force", "--quiet"); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, fk.errOut.String())
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*.npy"))
	if len(left) != 0 {
		t.Errorf("--force left %v", left)
	}
}
