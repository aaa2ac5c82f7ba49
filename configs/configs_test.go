package configs

import (
	"errors"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/brainsim/brainsim/connectors"
	"github.com/brainsim/brainsim/models"
	"github.com/brainsim/brainsim/plasticity"
	"github.com/brainsim/brainsim/receptors"
	"github.com/brainsim/brainsim/registry"
)

// base is a small valid experiment; broken cases edit it. Its line numbers
// matter: the tests expect errors on them.
const base = `[experiment]
name = "t"
dt = "0.1ms"
duration = "100ms"

[[region]]
name = "c"

  [[region.population]]
  name = "exc"
  size = 10
  model = "lif"

  [[region.population]]
  name = "inh"
  size = 10
  model = "izhikevich"

[[projection]]
name = "ee"
from = "c.exc"
to = "c.exc"
connect = { rule = "probability", p = 0.1 }
synapse = { kind = "exp_current", weight = "1mV" }
`

// secondRegion appends a second region (lines 26-32) to base.
const secondRegion = `
[[region]]
name = "d"

  [[region.population]]
  name = "exc"
  size = 10
  model = "lif"
`

// edit returns base with old replaced by new; old must occur once.
func edit(t *testing.T, src, old, new string) string {
	t.Helper()
	if strings.Count(src, old) != 1 {
		t.Fatalf("edit: %q occurs %d times", old, strings.Count(src, old))
	}
	return strings.Replace(src, old, new, 1)
}

// checkOneLine fails unless every error is one line and err.Error() has one
// line per error.
func checkOneLine(t *testing.T, err error) {
	t.Helper()
	errs := Errors(err)
	for _, e := range errs {
		if strings.ContainsAny(e.Error(), "\r\n") {
			t.Errorf("error is not one line: %q", e.Error())
		}
	}
	if n := strings.Count(err.Error(), "\n") + 1; n != len(errs) {
		t.Errorf("err.Error() has %d lines for %d errors:\n%s", n, len(errs), err)
	}
}

func TestBrokenConfigs(t *testing.T) {
	t.Parallel()
	type tc struct {
		name  string
		src   srcFn
		line  int      // expected line; 0: the error has no line
		key   string   // the key the error names
		words []string // further words the same error line must contain
	}
	e := func(old, new string) srcFn {
		return func(t *testing.T) string { return edit(t, base, old, new) }
	}
	add := func(text string) srcFn {
		return func(t *testing.T) string { return base + text }
	}
	two := func(text string) srcFn {
		return func(t *testing.T) string { return base + secondRegion + text }
	}
	cases := []tc{
		{"rate synapse through a pathway", two("\n[[pathway]]\nfrom = \"c.exc\"\nto = \"d.exc\"\nconnect = { rule = \"all_to_all\" }\nsynapse = { kind = \"rate\", weight = \"1nA\", delay = \"1ms\" }\n"),
			38, `pathway "c.exc->d.exc" synapse.kind`, []string{"spikes only", "one region"}},
		{"euler decay with tau at dt", func(t *testing.T) string {
			src := edit(t, base, `model = "lif"`, "model = \"lif\"\n  synapse_decay = \"euler\"")
			return edit(t, src, `weight = "1mV" }`, `weight = "1mV", tau = "0.1ms" }`)
		}, 25, `projection "ee" synapse.tau`, []string{"forward Euler", "tau > dt"}},
		{"unknown key", e(`model = "lif"`, "model = \"lif\"\n  tau_mm = \"20ms\""), 13, `"tau_mm"`,
			[]string{"of model lif", "allowed:", "tau_m", `did you mean "tau_m"`}},
		{"unknown key in second population", e(`model = "izhikevich"`, "model = \"izhikevich\"\n  cell = \"RS\""), 18, `"cell"`,
			[]string{"of model izhikevich", "cell_type"}},
		{"time with voltage unit", e(`model = "lif"`, "model = \"lif\"\n  tau_m = \"20mV\""), 13, `population "c.exc" tau_m`,
			[]string{"dimension voltage", "want time", "ms"}},
		{"bare number for a time", e(`dt = "0.1ms"`, `dt = 0.1`), 3, "experiment.dt",
			[]string{"missing unit", `"0.1ms"`}},
		{"unknown unit", e(`dt = "0.1ms"`, `dt = "0.1 msec"`), 3, "experiment.dt",
			[]string{`unknown unit "msec"`, "ms"}},
		{"negative size", e("size = 10\n  model = \"lif\"", "size = -3\n  model = \"lif\""), 11, `population "c.exc" size`,
			[]string{"must be > 0", "-3"}},
		{"size not an integer", e("size = 10\n  model = \"lif\"", "size = \"ten\"\n  model = \"lif\""), 11, `population "c.exc" size`,
			[]string{"want an integer", `string "ten"`}},
		{"unknown population", e(`from = "c.exc"`, `from = "c.exx"`), 21, `projection "ee" from`,
			[]string{`no population "c.exx"`, "c.exc", "c.inh"}},
		{"probability above 1", e("p = 0.1", "p = 1.5"), 23, `projection "ee" connect.p`,
			[]string{"1.5 is outside [0, 1]"}},
		{"duplicate population", e(`name = "inh"`, `name = "exc"`), 15, `population`,
			[]string{`duplicate population name "exc"`}},
		{"duplicate projection", add("\n[[projection]]\nname = \"ee\"\nfrom = \"c.exc\"\nto = \"c.inh\"\nconnect = { rule = \"all_to_all\" }\nsynapse = { kind = \"delta\", weight = \"1mV\" }\n"),
			27, `projection "ee" name`, []string{"duplicate name"}},
		{"empty file", func(*testing.T) string { return "" }, 0, "",
			[]string{"empty experiment", "[experiment]", "[[region]]"}},
		{"comments only", func(*testing.T) string { return "# nothing here\n\n" }, 0, "",
			[]string{"empty experiment"}},
		{"TOML syntax error", e(`name = "t"`, `name = "t`), 2, "",
			[]string{"strings cannot contain newlines"}},
		{"TOML duplicate key", e(`name = "t"`, "name = \"t\"\nname = \"u\""), 3, "",
			[]string{"already been defined"}},
		{"unknown model", e(`model = "lif"`, `model = "lifx"`), 12, `population "c.exc" model`,
			[]string{`unknown model "lifx"`, "izhikevich", "spike_times"}},
		{"key of another model", e(`model = "lif"`, "model = \"lif\"\n  cell_type = \"RS\""), 13, `population "c.exc" cell_type`,
			[]string{`unknown key "cell_type" of model lif`, "tau_m", "v_thresh"}},
		{"unknown cell type", e(`model = "izhikevich"`, "model = \"izhikevich\"\n  cell_type = \"XX\""), 18, `population "c.inh" cell_type`,
			[]string{`unknown cell_type "XX"`, "RS", "LTS"}},
		{"mix does not sum to 1", e(`model = "izhikevich"`, "model = \"izhikevich\"\n  mix = { RS = 0.8, IB = 0.1 }"), 18, `population "c.inh" mix`,
			[]string{"sum to 0.9", "want 1"}},
		{"reset above threshold", e(`model = "lif"`, "model = \"lif\"\n  v_reset = \"-40mV\""), 13, `population "c.exc" v_reset`,
			[]string{"v_reset -40mV must be below v_thresh -50mV"}},
		{"unknown connect rule", e(`rule = "probability", p = 0.1`, `rule = "fixed_prob", p = 0.1`), 23, `projection "ee" connect.rule`,
			[]string{`unknown rule "fixed_prob"`, "probability", "fixed_in_degree"}},
		{"key of another rule", e(`p = 0.1 }`, `p = 0.1, n = 3 }`), 23, `projection "ee" connect.n`,
			[]string{`unknown key "n" of rule probability`, "autapses"}},
		{"in-degree above source size", e(`rule = "probability", p = 0.1`, `rule = "fixed_in_degree", n = 10`), 23, `projection "ee" connect.n`,
			[]string{"10 is more than the 9 source neurons", "without autapses"}},
		{"one_to_one with unequal sizes", e("size = 10\n  model = \"izhikevich\"", "size = 5\n  model = \"izhikevich\"").
			replace(`to = "c.exc"`, `to = "c.inh"`).replace(`rule = "probability", p = 0.1`, `rule = "one_to_one"`), 23, `projection "ee" connect.rule`,
			[]string{"one_to_one needs equal sizes", "10", "5"}},
		{"distance without sheet", e(`rule = "probability", p = 0.1`, `rule = "distance", p = 0.5, sigma = 0.1`), 23, `projection "ee" connect.rule`,
			[]string{"needs a sheet", `"c.exc"`}},
		{"from_list pair out of range", e(`rule = "probability", p = 0.1`, `rule = "from_list", pairs = [[0, 1], [3, 10]]`), 23, `projection "ee" connect.pairs[1]`,
			[]string{"target index 10 is outside [0, 10)"}},
		{"weight of the wrong dimension", e(`kind = "exp_current", weight = "1mV"`, `kind = "exp_conductance", weight = "1mV"`), 24, `projection "ee" synapse.weight`,
			[]string{"dimension voltage", "want conductance"}},
		{"negative conductance", e(`kind = "exp_current", weight = "1mV"`, `kind = "exp_conductance", weight = "-1nS"`), 24, `projection "ee" synapse.weight`,
			[]string{"is negative", "want >= 0"}},
		{"unknown synapse kind", e(`kind = "exp_current"`, `kind = "alpha"`), 24, `projection "ee" synapse.kind`,
			[]string{`unknown kind "alpha"`, "exp_conductance", "delta"}},
		{"key of another synapse kind", e(`weight = "1mV" }`, `weight = "1mV", e_rev = "0mV" }`), 24, `projection "ee" synapse.e_rev`,
			[]string{`unknown key "e_rev" of kind exp_current`, "tau"}},
		{"normal delay without clip", e(`weight = "1mV" }`, `weight = "1mV", delay = { normal = ["2ms", "1ms"] } }`), 24, `projection "ee" synapse.delay`,
			[]string{"a normal delay needs clip = [lo, hi] with lo >= dt"}},
		{"delay below dt", e(`weight = "1mV" }`, `weight = "1mV", delay = "0.05ms" }`), 24, `projection "ee" synapse.delay`,
			[]string{"0.05ms is below dt (0.1ms)"}},
		{"distribution with unknown key", e(`weight = "1mV" }`, `weight = { uniform = ["1mV", "2mV"], mean = "1mV" } }`), 24, `projection "ee" synapse.weight`,
			[]string{`unknown key "mean" in distribution`, "normal", "clip"}},
		{"distribution mixing dimensions", e(`weight = "1mV" }`, `weight = { uniform = ["1mV", "2ms"] } }`), 24, `projection "ee" synapse.weight`,
			[]string{"mixes dimensions voltage and time"}},
		{"pathway delay below dt", two("\n[[pathway]]\nfrom = \"c.exc\"\nto = \"d.exc\"\nconnect = { rule = \"probability\", p = 0.1 }\nsynapse = { kind = \"exp_current\", weight = \"1mV\", delay = \"0.01ms\" }\n"),
			38, `pathway "c.exc->d.exc" synapse.delay`, []string{"0.01ms is below dt (0.1ms)"}},
		{"projection between regions", two("\n[[projection]]\nname = \"cd\"\nfrom = \"c.exc\"\nto = \"d.exc\"\nconnect = { rule = \"all_to_all\" }\nsynapse = { kind = \"delta\", weight = \"1mV\" }\n"),
			37, `projection "cd" to`, []string{"different regions", "[[pathway]]"}},
		{"pathway within a region", add("\n[[pathway]]\nname = \"cc\"\nfrom = \"c.exc\"\nto = \"c.inh\"\nconnect = { rule = \"all_to_all\" }\nsynapse = { kind = \"delta\", weight = \"1mV\", delay = \"2ms\" }\n"),
			29, `pathway "cc" to`, []string{`both in region "c"`, "[[projection]]"}},
		{"poisson target", e(`model = "izhikevich"`, "model = \"poisson\"\n  rate = \"5Hz\"").
			replace(`to = "c.exc"`, `to = "c.inh"`), 23, `projection "ee" to`, []string{`"c.inh" is a poisson population`, "cannot receive"}},
		{"rate source for spiking synapse", e(`model = "izhikevich"`, `model = "rate"`).replace(`from = "c.exc"`, `from = "c.inh"`), 24, `projection "ee" synapse.kind`,
			[]string{"need a spiking source", `kind = "rate"`}},
		{"record variable of another model", add("\n[[record]]\npopulation = \"c.exc\"\nvariable = \"u\"\n"),
			28, `record[0].variable`, []string{`model lif has no variable "u"`, "spikes", "v"}},
		{"unknown report column", add("\n[report]\ncolumns = [\"population\", \"rate\"]\n"),
			27, `report.columns[1]`, []string{`unknown column "rate"`, "rate_hz"}},
		{"step times not increasing", add("\n[[current]]\ntarget = \"c.exc\"\nkind = \"step\"\ntimes = [\"10ms\", \"5ms\"]\namplitudes = [\"1nA\", \"0nA\"]\n"),
			29, `current[0].times[1]`, []string{"times must increase"}},
		{"current key of another kind", add("\n[[current]]\ntarget = \"c.exc\"\nkind = \"constant\"\namplitude = \"1nA\"\nstd = \"1nA\"\n"),
			30, `current[0].std`, []string{`unknown key "std" of kind constant`, "amplitude"}},
		{"unknown top-level table", add("\n[simulation]\nseed = 3\n"),
			26, `"simulation"`, []string{"at the top level", "experiment", "region"}},
		{"unknown experiment key", e(`name = "t"`, "name = \"t\"\nsed = 3"), 3, `"sed"`,
			[]string{"[experiment]", "seed", `did you mean "seed"`}},
		{"region name with a dot", e(`name = "c"`, `name = "c.x"`), 7, `region "c.x" name`,
			[]string{"must not contain a dot"}},
		{"missing experiment name", e(`name = "t"`+"\n", ""), 1, "experiment.name",
			[]string{"required"}},
		{"duration below dt", e(`duration = "100ms"`, `duration = "10us"`), 4, "experiment.duration",
			[]string{"shorter than dt"}},
		{"unknown mode", e(`name = "t"`, "name = \"t\"\nmode = \"learn\""), 3, "experiment.mode",
			[]string{`unknown mode "learn"`, "simulate"}},
		{"unknown transfer", e(`model = "izhikevich"`, "model = \"rate\"\n  transfer = \"step\""), 18, `population "c.inh" transfer`,
			[]string{`unknown transfer "step"`, "sigmoid", "relu"}},
		{"spike_times count differs from size", e(`model = "izhikevich"`, "model = \"spike_times\"\n  spike_times = [[\"1ms\"], []]"), 18, `population "c.inh" spike_times`,
			[]string{"has 2 lists", "size = 10"}},
		{"region as a table", add("\n[region]\nname = \"x\"\n"), 26, "",
			[]string{"already"}}, // the TOML parser rejects it
		{"pathological nesting", func(*testing.T) string {
			return base + "x = " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n"
		}, 25, "", []string{"nested deeper than 32 levels"}},
		{"population outside any region", func(*testing.T) string {
			return "[experiment]\nname = \"t\"\nduration = \"1s\"\n[[region]]\nname = \"r\"\n"
		}, 4, `region "r"`, []string{"needs at least one [[region.population]]"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			const file = "case.toml"
			_, err := LoadBytes(file, []byte(c.src(t)), nil)
			if err == nil {
				t.Fatal("got no error")
			}
			checkOneLine(t, err)
			prefix := file + ":"
			if c.line > 0 {
				prefix += strconv.Itoa(c.line) + ":"
			}
			for _, e := range Errors(err) {
				line := e.Error()
				if !strings.HasPrefix(line, prefix) || !strings.Contains(line, c.key) {
					continue
				}
				missing := false
				for _, w := range c.words {
					if !strings.Contains(line, w) {
						missing = true
					}
				}
				if !missing {
					return
				}
			}
			t.Errorf("no error line starts with %q and names %q and %q; got:\n%v", prefix, c.key, c.words, err)
		})
	}
}

// srcFn produces the text of a test case.
type srcFn func(t *testing.T) string

// replace returns a srcFn that also replaces old (once) with new.
func (f srcFn) replace(old, new string) srcFn {
	return func(t *testing.T) string { return edit(t, f(t), old, new) }
}

func TestLoadValidFixture(t *testing.T) {
	t.Parallel()
	f, err := Load("testdata/valid.toml", nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range f.Regions {
		for _, p := range r.Population {
			seen[p.Model] = true
		}
	}
	for _, m := range []string{"lif", "adex", "izhikevich", "rate", "poisson", "spike_times"} {
		if !seen[m] {
			t.Errorf("fixture has no %s population", m)
		}
	}
	ruleSeen := map[string]bool{}
	for _, pr := range append(append([]Projection{}, f.Projection...), f.Pathway...) {
		ruleSeen[pr.Connect.Rule] = true
	}
	for _, r := range registry.ConnectorNames() {
		if !ruleSeen[r] {
			t.Errorf("fixture has no %s connector", r)
		}
	}
	if len(f.Regions) != 2 || len(f.Pathway) == 0 {
		t.Errorf("fixture has %d regions and %d pathways, want 2 and some", len(f.Regions), len(f.Pathway))
	}
	cue := f.Regions[0].Population[5]
	if st := cue.Params.(*models.SpikeTimes); cue.Size == nil || *cue.Size != 3 || st.SpikeTimes[2][0] != 15 {
		t.Errorf("spike_times population: size %v, times %v", cue.Size, st.SpikeTimes)
	}
}

func TestShippedAndResolve(t *testing.T) {
	t.Parallel()
	for _, s := range Shipped() {
		if s.Name == "" || strings.HasSuffix(s.Name, ".toml") {
			t.Errorf("bad shipped name %q", s.Name)
		}
		if _, err := Resolve(s.Name, nil); err != nil {
			t.Errorf("shipped experiment %s: %v", s.Name, err)
		}
	}
	if _, err := Resolve("testdata/valid.toml", nil); err != nil {
		t.Errorf("Resolve(file): %v", err)
	}
	_, err := Resolve("no-such-experiment", nil)
	if err == nil || !strings.Contains(err.Error(), "shipped:") {
		t.Errorf("Resolve(unknown) = %v, want an error listing the shipped experiments", err)
	}
	_, err = Resolve("missing.toml", nil)
	if err == nil || !strings.HasPrefix(err.Error(), "missing.toml: cannot read") {
		t.Errorf("Resolve(missing.toml) = %v", err)
	}
}

func TestErrorFormat(t *testing.T) {
	t.Parallel()
	cases := []struct {
		e    Error
		want string
	}{
		{Error{File: "cuba.toml", Line: 14, Key: `projection "ee" connect.p`, Msg: "1.5 is outside [0, 1]"},
			`cuba.toml:14: projection "ee" connect.p: 1.5 is outside [0, 1]`},
		{Error{File: "cuba.toml", Key: "experiment.duration", Msg: "required"}, "cuba.toml: experiment.duration: required"},
		{Error{File: "cuba.toml", Line: 3, Msg: "bad\nthing"}, `cuba.toml:3: bad\nthing`},
		{Error{File: "cuba.toml", Set: "experiment.seed", Msg: "want an integer"}, "--set experiment.seed: want an integer"},
		{Error{Key: "experiment.name", Msg: "required"}, "experiment.name: required"},
	}
	for _, c := range cases {
		if got := c.e.Error(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
	joined := errors.Join(&cases[0].e, errors.New("plain"))
	if errs := Errors(joined); len(errs) != 2 || errs[0] != &cases[0].e || errs[1].Msg != "plain" {
		t.Errorf("Errors(joined) = %v", errs)
	}
}

func TestOverrides(t *testing.T) {
	t.Parallel()
	src := []byte(base + secondRegion + `
[[pathway]]
from = "c.exc"
to = "d.exc"
connect = { rule = "probability", p = 0.1 }
synapse = { kind = "exp_current", weight = "1mV", delay = "2ms" }
`)
	f, err := LoadBytes("o.toml", src, []string{
		"experiment.seed=3",
		"experiment.duration=2s",
		"experiment.name=my run",
		"region.c.population.exc.size=400",
		"region.c.population.1.cell_type=FS",
		"region.c.population.exc.v_init={ uniform = [\"-60mV\", \"-50mV\"] }",
		"projection.ee.synapse.weight=2mV",
		"projection.ee.connect.p = 0.05",
		"pathway.0.synapse.delay=3ms",
		`pathway."c.exc->d.exc".connect.p=0.2`,
		"report.columns=[\"population\", \"rate_hz\"]",
	})
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"seed", *f.Experiment.Seed, int64(3)},
		{"duration", *f.Experiment.Duration, Time(2000)},
		{"name", f.Experiment.Name, "my run"},
		{"size", *f.Regions[0].Population[0].Size, 400},
		{"cell_type", f.Regions[0].Population[1].Params.(*models.Izhikevich).CellType, "FS"},
		{"v_init", f.Regions[0].Population[0].Params.(*models.LIF).VInit.Kind, DistUniform},
		{"weight", *f.Projection[0].Synapse.Weight, Const(Quantity{Value: 2, Dim: DimVoltage})},
		{"p", *f.Projection[0].Connect.Params.(*connectors.Probability).P, 0.05},
		{"delay", *f.Pathway[0].Synapse.Delay, Const(Quantity{Value: 3, Dim: DimTime})},
		{"pathway p", *f.Pathway[0].Connect.Params.(*connectors.Probability).P, 0.2},
		{"columns", f.Report.Columns, []string{"population", "rate_hz"}},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}

	bad := []struct {
		set  string
		want string // the whole error line starts with "--set " and contains this
	}{
		{"experiment.seed", "--set experiment.seed: want path=value"},
		{"experiment.sed=3", `--set experiment.sed: unknown key "sed" in [experiment] (allowed: name, description, mode, seed`},
		{"region.cortex.population.exc.size=4", `--set region.cortex.population.exc.size: no region "cortex" (have: "c", "d")`},
		{"region.c.population.pyr.size=4", `no population "pyr" (have: "exc", "inh")`},
		{"pathway.5.synapse.delay=3ms", `no pathway "5" (have: "c.exc->d.exc")`},
		{"projection.ee.synapse.weight.normal=1", "projection[0].synapse.weight is a value, not a table"},
		{"region.c=1", "region[0] is a table; name a key inside it"},
		{"region.c.population.exc.size=-4", `--set region.c.population.exc.size: population "c.exc" size: must be > 0, got -4`},
		{"projection.ee.connect.p=1.5", `--set projection.ee.connect.p: projection "ee" connect.p: 1.5 is outside [0, 1]`},
		{"projection.ee.synapse.weight=2ms", `--set projection.ee.synapse.weight: projection "ee" synapse.weight: weight "2ms" has dimension time`},
		{"experiment.dt=0.1", `--set experiment.dt: experiment.dt: missing unit in 0.1`},
		{"region.c.population.exc.tau_mm=3ms", `unknown key "tau_mm" of model lif (allowed: name, size, model, `},
		{"experiment..seed=1", "empty part"},
	}
	for _, c := range bad {
		_, err := LoadBytes("o.toml", src, []string{c.set})
		if err == nil {
			t.Errorf("--set %s: no error", c.set)
			continue
		}
		checkOneLine(t, err)
		if !strings.HasPrefix(err.Error(), "--set ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("--set %s: got %q, want it to contain %q", c.set, err, c.want)
		}
	}
}

func TestDefaults(t *testing.T) {
	t.Parallel()
	src := edit(t, base, `model = "izhikevich"`, `model = "izhikevich"`) + `
  [[region.population]]
  name = "ad"
  size = 3
  model = "adex"
  delta_t = "3mV"

  [[region.population]]
  name = "iz_a"
  size = 3
  model = "izhikevich"
  a = 0.1

  [[region.population]]
  name = "r"
  size = 3
  model = "rate"

  [[region.population]]
  name = "src"
  size = 3
  model = "poisson"
  rate = "1Hz"

[[projection]]
from = "c.inh"
to = "c.exc"
receptor = "inh"
connect = { rule = "all_to_all" }
synapse = { kind = "exp_conductance", weight = "1nS" }

[[projection]]
from = "c.exc"
to = "c.inh"
connect = { rule = "one_to_one" }
synapse = { kind = "delta", weight = "1mV" }

[[record]]
population = "c.exc"
variable = "v"

[[record]]
population = "c.exc"
variable = "spikes"
`
	// The extra populations sit after [[projection]] in the text but belong
	// to region c: move them up by loading in two steps is not needed, TOML
	// attaches [[region.population]] to the last [[region]].
	f, err := LoadBytes("d.toml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	e := f.Experiment
	if e.Mode != "simulate" || *e.Seed != 1 || *e.Dt != 0.1 || *e.VBound != 1e4 {
		t.Errorf("experiment defaults: %+v", e)
	}
	pops := map[string]Population{}
	for _, p := range f.Regions[0].Population {
		pops[p.Name] = p
	}
	lif := pops["exc"].Params.(*models.LIF)
	if lif.TauM != 20 || lif.Cm != 0.25 || lif.VRest != -65 || lif.VThresh != -50 || lif.VReset != -65 ||
		lif.Refractory != 2 || lif.IBias != 0 || *lif.VInit != Const(Quantity{Value: -65, Dim: DimVoltage}) {
		t.Errorf("lif defaults: %+v", lif)
	}
	if lif.ThetaPlus != nil || lif.TauTheta != nil {
		t.Errorf("lif without theta_plus got adaptive-threshold keys: %+v", lif)
	}
	ad := pops["ad"].Params.(*models.AdEx)
	if ad.Cm != 0.281 || !near(float64(ad.GL), 0.03) || ad.VRest != -70.6 || ad.VThresh != -50.4 || ad.DeltaT != 3 ||
		ad.TauW != 144 || !near(float64(ad.AdA), 0.004) || ad.AdB != 0.0805 || ad.VReset != -70.6 ||
		!near(float64(*ad.VPeak), -50.4+5*3) || ad.Refractory != 0 {
		t.Errorf("adex defaults: %+v", ad)
	}
	iz := pops["inh"].Params.(*models.Izhikevich)
	if iz.CellType != "RS" || iz.VPeak != 30 || iz.Refractory != 0 || iz.A != nil || iz.C != nil {
		t.Errorf("izhikevich defaults: %+v", iz)
	}
	if ct := pops["iz_a"].Params.(*models.Izhikevich).CellType; ct != "" {
		t.Errorf("izhikevich with a: cell_type %q, want none", ct)
	}
	r := pops["r"].Params.(*models.Rate)
	if r.Tau != 10 || r.Transfer != "sigmoid" || r.Gain != 1 || r.Threshold != 0 || r.RInit != 0 {
		t.Errorf("rate defaults: %+v", r)
	}
	if p := pops["src"].Params.(*models.Poisson); p.Start != 0 || p.Stop != nil {
		t.Errorf("poisson defaults: %+v", p)
	}
	ee, ie, ei := f.Projection[0], f.Projection[1], f.Projection[2]
	if ee.Receptor != "exc" || ee.Plasticity.Rule != "static" || *ee.Connect.Params.(*connectors.Probability).Autapses ||
		*ee.Synapse.Params.(*receptors.ExpCurrent).Tau != 5 || *ee.Synapse.Delay != Const(Quantity{Value: 0.1, Dim: DimTime}) {
		t.Errorf("exc projection defaults: %+v", ee)
	}
	if k, ok := ie.Synapse.Params.(*receptors.ExpConductance); !ok || *k.Tau != 10 || *k.ERev != -80 {
		t.Errorf("inh synapse defaults: %+v", ie.Synapse)
	}
	if ie.Name != "c.inh->c.exc" || ie.Connect.Params.(*connectors.AllToAll).Autapses != nil {
		t.Errorf("inh projection defaults: %+v", ie)
	}
	if ei.Synapse.Params != nil {
		t.Errorf("delta synapse got keys: %+v", ei.Synapse)
	}
	if *f.Record[0].Every != 0.1 || f.Record[1].Every != nil {
		t.Errorf("record.every defaults: %v, %v", f.Record[0].Every, f.Record[1].Every)
	}
	// Idempotent.
	before := *f
	f.ApplyDefaults()
	if !reflect.DeepEqual(before, *f) {
		t.Error("ApplyDefaults is not idempotent")
	}
}

func TestValidateWithoutSource(t *testing.T) {
	t.Parallel()
	size := 0
	f := &File{Regions: []Region{{Name: "r", Population: []Population{{Name: "p", Model: "lif", Size: &size}}}}}
	f.ApplyDefaults()
	err := f.Validate()
	if err == nil {
		t.Fatal("no error")
	}
	checkOneLine(t, err)
	for _, want := range []string{"experiment.name: required", `population "r.p" size: must be > 0, got 0`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in:\n%v", want, err)
		}
	}
	if err := (&File{}).Validate(); err == nil || !strings.Contains(err.Error(), "empty experiment") {
		t.Errorf("empty File: %v", err)
	}
}

func TestLineIndex(t *testing.T) {
	t.Parallel()
	src := `# comment [not.a.table]
top = "a # not a comment"
[t]
x = 1 # trailing
arr = [
  "one", # the first
  'two]',
  { k = "v",
    m = 2 },
]
inl = { a = 1, b.c = 2, "quoted.key" = 3 }
ml = """
[fake]
"""
dotted.key = 4
[[list]]
name = "first"
[list.sub]
y = 1
[[list]]
name = "second"
  [[list.inner]]
  z = 1
  [[list.inner]]
  z = 2
`
	var m map[string]any
	if _, err := toml.Decode(src, &m); err != nil {
		t.Fatal(err)
	}
	ix := indexLines(src)
	want := map[string]int{
		"top": 2, "t": 3, "t.x": 4, "t.arr": 5, "t.arr[0]": 6, "t.arr[1]": 7, "t.arr[2]": 8,
		"t.arr[2].k": 8, "t.arr[2].m": 9, "t.inl.a": 11, "t.inl.b.c": 11, `t.inl."quoted.key"`: 11,
		"t.ml": 12, "t.dotted.key": 15, "list[0]": 16, "list[0].name": 17, "list[0].sub": 18,
		"list[0].sub.y": 19, "list[1]": 20, "list[1].name": 21, "list[1].inner[0].z": 23,
		"list[1].inner[1]": 24, "list[1].inner[1].z": 25,
	}
	for k, l := range want {
		if got := ix.lines[k]; got != l {
			t.Errorf("line of %s = %d, want %d", k, got, l)
		}
	}
	if _, ok := ix.lines["fake"]; ok {
		t.Error("indexed a table inside a multi-line string")
	}
	if got := ix.line(keyPath{}.key("list").idx(1).key("inner").idx(0).key("missing")); got != 22 {
		t.Errorf("fallback to the parent: line %d, want 22", got)
	}
}

func TestLoadFileErrors(t *testing.T) {
	t.Parallel()
	_, err := Load("testdata/does-not-exist.toml", nil)
	if err == nil || err.Error() != "testdata/does-not-exist.toml: cannot read: no such file or directory" {
		t.Errorf("got %v", err)
	}
	data, err := os.ReadFile("testdata/valid.toml")
	if err != nil {
		t.Fatal(err)
	}
	// Several errors come back at once, in line order.
	src := strings.Replace(string(data), `size = 25`, `size = -1`, 1)
	src = strings.Replace(src, `p = 0.02`, `p = 2.0`, 1)
	_, err = LoadBytes("multi.toml", []byte(src), nil)
	errs := Errors(err)
	if len(errs) < 2 || errs[0].Line > errs[1].Line {
		t.Errorf("want several errors in line order, got:\n%v", err)
	}
	checkOneLine(t, err)
}

func TestOverrideValues(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want any
	}{
		{"3", int64(3)}, {"0.05", 0.05}, {"true", true}, {`"quoted"`, "quoted"}, {"2mV", "2mV"},
		{"lif", "lif"}, {"my run", "my run"}, {`["a", "b"]`, []any{"a", "b"}},
		{`{ uniform = [1, 2] }`, map[string]any{"uniform": []any{int64(1), int64(2)}}},
		{"1\nx = 2", "1\nx = 2"},
	}
	for _, c := range cases {
		if got := parseValue(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("parseValue(%q) = %#v, want %#v", c.in, got, c.want)
		}
	}
	f, err := LoadBytes("o.toml", []byte(base), []string{"experiment.name=1", "region.c.population.exc.model=lif"})
	if err != nil {
		t.Fatal(err)
	}
	if f.Experiment.Name != "1" {
		t.Errorf("experiment.name=1 gave %q, want \"1\"", f.Experiment.Name)
	}
	for _, bad := range []string{`x."unterminated=1`, `x."a"b=1`, "x.=1", ".x=1", "x.=1"} {
		if _, err := splitPath(strings.SplitN(bad, "=", 2)[0]); err == nil {
			t.Errorf("splitPath(%q): no error", bad)
		}
	}
	if parts, err := splitPath(`projection."a.b->c.d".connect.p`); err != nil ||
		!reflect.DeepEqual(parts, []string{"projection", "a.b->c.d", "connect", "p"}) {
		t.Errorf("splitPath(quoted) = %q, %v", parts, err)
	}
}

// TestOverrideDottedName: a projection's default name "from->to" holds
// dots; --set reaches it in quotes, and the error for the unquoted path
// shows the quoted one.
func TestOverrideDottedName(t *testing.T) {
	t.Parallel()
	f, err := Resolve("oja_pca", []string{`projection."net.input->net.out".plasticity.lr=0.25`})
	if err != nil {
		t.Fatal(err)
	}
	if lr := f.Projection[0].Plasticity.Params.(*plasticity.Oja).LR; lr != 0.25 {
		t.Errorf("lr %v, want 0.25", lr)
	}
	_, err = Resolve("oja_pca", []string{"projection.net.input->net.out.plasticity.lr=0.25"})
	if want := `a name with dots is one part in quotes: projection."net.input->net.out".plasticity.lr`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want an error containing %q", err, want)
	}
}
