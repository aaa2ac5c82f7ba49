package configs

import (
	"bytes"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// variantBase is a small simulate-mode experiment with two params.
const variantBase = `[params]
w = 2
n = 10

[experiment]
name = "v"
duration = "100ms"

[[region]]
name = "cortex"

  [[region.population]]
  name = "input"
  size = 20
  model = "poisson"
  rate = "20Hz"

  [[region.population]]
  name = "cells"
  size = 40
  model = "lif"

[[projection]]
from = "cortex.input"
to = "cortex.cells"
connect = { rule = "fixed_in_degree", n = "=n" }
synapse = { kind = "exp_current", tau = "5ms", weight = "=w mV", delay = "1ms" }
`

func TestVariantSetForms(t *testing.T) {
	t.Parallel()
	src := variantBase + `
[[variant]]
name = "table"
set = { w = 1.5, "experiment.duration" = "50ms", "region.cortex.population.cells.size" = 30 }

[[variant]]
name = "list"
set = ["w=1.5", "experiment.duration=50ms", "n==2*5"]

[[variant]]
name = "nested"
set = { projection = { "cortex.input->cortex.cells" = { synapse = { delay = "2ms" } } }, experiment = { seed = 3 } }
`
	f, err := LoadBytes("v.toml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{`experiment.duration="50ms"`, "region.cortex.population.cells.size=30", "w=1.5"},
		{"w=1.5", "experiment.duration=50ms", "n==2*5"},
		{"experiment.seed=3", `projection."cortex.input->cortex.cells".synapse.delay="2ms"`},
	}
	for i, v := range f.Variant {
		if !reflect.DeepEqual([]string(v.Set), want[i]) {
			t.Errorf("variant %s: set = %q, want %q", v.Name, v.Set, want[i])
		}
	}

	files, err := ExpandVariants(f, func(o []string) (*File, error) {
		return LoadBytes("v.toml", []byte(src), append(o, "experiment.name=cli"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 {
		t.Fatalf("%d files, want 3", len(files))
	}
	for i, g := range files {
		if g.Variant != nil {
			t.Errorf("file %d keeps its variants", i)
		}
		if g.Experiment.Name != "cli" {
			t.Errorf("file %d: name %q; the command line's --set applies after the variant", i, g.Experiment.Name)
		}
	}
	if got := files[0].Params["w"]; got != 1.5 {
		t.Errorf("table: w = %v, want 1.5", got)
	}
	if got := *files[0].Regions[0].Population[1].Size; got != 30 {
		t.Errorf("table: cells size %d, want 30", got)
	}
	if got := float64(*files[1].Experiment.Duration); got != 50 {
		t.Errorf("list: duration %v ms, want 50", got)
	}
	if got := files[1].Params["n"]; got != 10 {
		t.Errorf("list: n = %v, want 10", got)
	}
	if got := files[2].Projection[0].Synapse.Delay.A.Value; got != 2 {
		t.Errorf("nested: delay %v ms, want 2", got)
	}
	if got := *files[2].Experiment.Seed; got != 3 {
		t.Errorf("nested: seed %d, want 3", got)
	}
	if got := float64(*files[2].Experiment.Duration); got != 100 {
		t.Errorf("nested: duration %v ms, want the base 100", got)
	}

	// No variants: nothing to expand.
	if fs, err := ExpandVariants(files[0], nil); fs != nil || err != nil {
		t.Errorf("no variants: %v, %v", fs, err)
	}

	// Encode writes the array form, which loads back the same.
	var b bytes.Buffer
	if err := Encode(&b, f); err != nil {
		t.Fatal(err)
	}
	g, err := LoadBytes("enc.toml", b.Bytes(), nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if !reflect.DeepEqual(g.Variant, f.Variant) {
		t.Errorf("round trip: %q, want %q", g.Variant, f.Variant)
	}
}

// lineOf returns the 1-based line of the n-th (from 1) line of src that
// contains sub.
func lineOf(src, sub string, n int) int {
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, sub) {
			if n--; n == 0 {
				return i + 1
			}
		}
	}
	return 0
}

// errorLines returns the one-line errors in err.
func errorLines(err error) []string {
	var lines []string
	for _, e := range Errors(err) {
		lines = append(lines, e.Error())
	}
	return lines
}

// hasPrefixed reports whether a line starts with want.
func hasPrefixed(lines []string, want string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, want) {
			return true
		}
	}
	return false
}

func TestVariantValidation(t *testing.T) {
	t.Parallel()
	src := variantBase + `
[[variant]]
set = { w = 1 }

[[variant]]
name = "a"
set = ["experiment.mode=train", "nokey", "variant.0.name=x"]

[[variant]]
name = "a"
set = {}

[[variant]]
name = "b/c"
set = { w = 1 }
`
	_, err := LoadBytes("v.toml", []byte(src), nil)
	lines := errorLines(err)
	at := func(sub string, n int) string { return "v.toml:" + strconv.Itoa(lineOf(src, sub, n)) + ": " }
	want := []string{
		at("[[variant]]", 1) + `variant[0].name: missing: every [[variant]] needs a name`,
		at("experiment.mode=train", 1) + `variant[1].set[0]: experiment.mode: a variant cannot change the mode`,
		at("experiment.mode=train", 1) + `variant[1].set[1]: "nokey": want path=value as for --set`,
		at("experiment.mode=train", 1) + `variant[1].set[2]: variant.0.name: a variant cannot set [[variant]]`,
		at(`name = "a"`, 2) + `variant[2].name: name "a" is used twice (also variant[1])`,
		at("set = {}", 1) + `variant[2].set: missing or empty: want at least one override`,
		at(`name = "b/c"`, 1) + `variant[3].name: name "b/c": want letters, digits, '.', '_' and '-'`,
	}
	for _, w := range want {
		if !hasPrefixed(lines, w) {
			t.Errorf("missing error %q; got:\n%s", w, strings.Join(lines, "\n"))
		}
	}
	if len(lines) != len(want) {
		t.Errorf("got %d errors, want %d:\n%s", len(lines), len(want), strings.Join(lines, "\n"))
	}

	// A set that is neither a table nor an array is a decoding error.
	src = variantBase + "\n[[variant]]\nname = \"x\"\nset = 3\n"
	_, err = LoadBytes("v.toml", []byte(src), nil)
	if w := "v.toml:" + strconv.Itoa(lineOf(src, "set = 3", 1)) + `: variant[0].set: want an inline table of overrides`; err == nil || !strings.HasPrefix(err.Error(), w) {
		t.Errorf("set = 3: got %v, want %s...", err, w)
	}
}

func TestExpandVariantsErrors(t *testing.T) {
	t.Parallel()
	src := variantBase + `
[[variant]]
name = "typo"
set = { "experiment.durationx" = "50ms" }

[[variant]]
name = "unit"
set = ["region.cortex.population.cells.tau_m=5"]

[[variant]]
name = "big"
set = { n = 100 }
`
	f, err := LoadBytes("v.toml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ExpandVariants(f, func(o []string) (*File, error) { return LoadBytes("v.toml", []byte(src), o) })
	lines := errorLines(err)
	at := func(sub string) string { return "v.toml:" + strconv.Itoa(lineOf(src, sub, 1)) + ": " }
	want := []string{
		at("durationx") + `variant[0].set.experiment.durationx: unknown key "durationx" in [experiment]`,
		at("tau_m=5") + `variant[1].set.region.cortex.population.cells.tau_m: population "cortex.cells" tau_m: missing unit in 5`,
		// connect.n = 100 > 20 sources: reported at the projection, naming the variant.
		at(`connect = { rule = "fixed_in_degree"`) + `projection "cortex.input->cortex.cells" connect.n: 100 is more than the 20 source neurons available (from "=n") (in variant "big")`,
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%s", len(lines), len(want), strings.Join(lines, "\n"))
	}
	for _, w := range want {
		if !hasPrefixed(lines, w) {
			t.Errorf("missing error %q; got:\n%s", w, strings.Join(lines, "\n"))
		}
	}
}
