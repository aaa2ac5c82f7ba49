package configs

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/connectors"
	"github.com/brainsim/brainsim/currents"
	"github.com/brainsim/brainsim/models"
)

func TestEvalExpr(t *testing.T) {
	t.Parallel()
	env := map[string]float64{"neurons": 4000, "in_degree": 80, "x": 2, "t_sim": 1000}
	lookup := func(n string) (float64, error) {
		if v, ok := env[n]; ok {
			return v, nil
		}
		return 0, fmt.Errorf("unknown name %q", n)
	}
	cases := []struct {
		in   string
		want float64
		unit string
	}{
		{"1+2*3", 7, ""},
		{"(1+2)*3", 9, ""},
		{"10-4-3", 3, ""},
		{"10/4", 2.5, ""},
		{"24/4/3", 2, ""},
		{"2^3^2", 512, ""},
		{"-2^2", -4, ""},
		{"2^-1", 0.5, ""},
		{"(-2)^2", 4, ""},
		{"--1", 1, ""},
		{"+1", 1, ""},
		{"1e3", 1000, ""},
		{".5", 0.5, ""},
		{"2.5E-2", 0.025, ""},
		{"3.", 3, ""},
		{"  1 +\t2  ", 3, ""},
		{"0.8*neurons", 3200, ""},
		{"0.2*neurons", 800, ""},
		{"in_degree/neurons", 0.02, ""},
		{"round(2.5)", 3, ""},
		{"round(-2.5)", -3, ""},
		{"floor(-1.5)", -2, ""},
		{"ceil(1.2)", 2, ""},
		{"min(3, 1, 2)", 1, ""},
		{"max(3,x)", 3, ""},
		{"max(x)", 2, ""},
		{"sqrt(16)", 4, ""},
		{"exp(0)", 1, ""},
		{"log(exp(2))", 2, ""},
		{"round(sqrt(neurons)) * 2", 126, ""},
		{"1.62*x mV", 3.24, "mV"},
		{"t_sim ms", 1000, "ms"},
		{"t_sim/2ms", 500, "ms"},
		{"(1+1)nS", 2, "nS"},
		{"1e3us", 1000, "us"},
		{"2 kHz", 2, "kHz"},
		{"-60 mV", -60, "mV"},
		{"1 µS", 1, "µS"},
	}
	for _, c := range cases {
		v, unit, err := evalExpr(c.in, lookup)
		if err != nil || !near(v, c.want) || unit != c.unit {
			t.Errorf("evalExpr(%q) = %v, %q, %v; want %v, %q", c.in, v, unit, err, c.want, c.unit)
		}
	}
	// Exactly the values the literals give: the shipped experiments rely on it.
	if v, _, _ := evalExpr("in_degree/neurons", lookup); v != 0.02 {
		t.Errorf("80/4000 = %v, want exactly 0.02", v)
	}

	bad := []struct{ in, want string }{
		{"", "empty expression"},
		{"   ", "empty expression"},
		{"1/0", "division by zero (1 / 0)"},
		{"x/(x-2)", "division by zero (2 / 0)"},
		{"y*2", `unknown name "y"`},
		{"1+", "the expression ends early"},
		{"(1+2", `want ")"`},
		{"1 ** 2", `syntax error at "* 2" (character 5): want a number, a name or "("`},
		{"1 2", `syntax error at "2"`},
		{"1 + 2)", `syntax error at ")"`},
		{"foo(1)", `unknown function "foo" (functions: round, floor, ceil, min, max, sqrt, exp, log)`},
		{"round(1, 2)", "round takes 1 argument, got 2"},
		{"min()", "min needs at least one argument"},
		{"max(1,", "the expression ends early"},
		{"sqrt(-1)", "sqrt of a negative number (-1)"},
		{"log(0)", "log of a number <= 0 (0)"},
		{"10^400", "10 ^ 400 is not a finite number"},
		{"exp(1000)", "exp(1000) is not a finite number"},
		{"1e400", "number 1e400 is out of range"},
		{"2 msec", `unknown unit "msec" after the expression`},
		{"2 ms ms", `want an operator (+ - * / ^) or a unit`},
		{"x neurons", `unknown unit "neurons"`},
		{"#", `want a number, a name or "("`},
		{strings.Repeat("(", 200) + "1" + strings.Repeat(")", 200), "nested deeper than 100 levels"},
		{strings.Repeat("-", 200) + "1", "nested deeper than 100 levels"},
	}
	for _, c := range bad {
		_, _, err := evalExpr(c.in, lookup)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("evalExpr(%q): got %v, want an error containing %q", c.in, err, c.want)
		}
	}
}

// withParams is a valid experiment that uses params and expressions. Its
// line numbers matter: the tests expect errors on them.
const withParams = `[params]
neurons = 100
frac = 0.8
ne = "=frac*neurons"

[experiment]
name = "p"
duration = "=10*10 ms"
seed = "=3"

[[region]]
name = "c"

  [[region.population]]
  name = "exc"
  size = "=ne"
  model = "lif"
  v_init = { uniform = ["=-60 mV", "=-60+10 mV"] }

  [[region.population]]
  name = "inh"
  size = "=neurons - ne"
  model = "rate"
  gain = "=frac/2"

[[projection]]
name = "ee"
from = "c.exc"
to = "c.exc"
connect = { rule = "fixed_in_degree", n = "=round(0.1*ne)" }
synapse = { kind = "exp_current", weight = "=1.62*neurons/100 mV", delay = "=2*0.1 ms" }

[[current]]
target = "c.exc"
kind = "constant"
amplitude = "=neurons/1000 nA"
neurons = ["=0", "=ne-1"]
`

func TestParamsAndExpressions(t *testing.T) {
	t.Parallel()
	f, err := LoadBytes("p.toml", []byte(withParams), nil)
	if err != nil {
		t.Fatal(err)
	}
	exc, inh := f.Regions[0].Population[0], f.Regions[0].Population[1]
	pr := f.Projection[0]
	checks := []struct {
		name      string
		got, want any
	}{
		{"params", f.Params, map[string]float64{"neurons": 100, "frac": 0.8, "ne": 80}},
		{"duration", *f.Experiment.Duration, Time(100)},
		{"seed", *f.Experiment.Seed, int64(3)},
		{"exc size", *exc.Size, 80},
		{"inh size", *inh.Size, 20},
		{"v_init", *exc.Params.(*models.LIF).VInit, Dist{Kind: DistUniform, A: Quantity{Value: -60, Dim: DimVoltage}, B: Quantity{Value: -50, Dim: DimVoltage}}},
		{"gain", inh.Params.(*models.Rate).Gain, 0.4},
		{"n", *pr.Connect.Params.(*connectors.InDegree).N, 8},
		{"weight", *pr.Synapse.Weight, Const(Quantity{Value: 1.62, Dim: DimVoltage})},
		{"delay", *pr.Synapse.Delay, Const(Quantity{Value: 0.2, Dim: DimTime})},
		{"amplitude", *f.Stimulus[0].Params.(*currents.Constant).Amplitude, Current(0.1)},
		{"neurons", f.Stimulus[0].Neurons, []int{0, 79}},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if got := f.paramOrder; !reflect.DeepEqual(got, []string{"neurons", "frac", "ne"}) {
		t.Errorf("param order %v, want file order", got)
	}
	// A params table written inline or with dotted keys is read in the
	// same order.
	inline := strings.Replace(withParams, "[params]\nneurons = 100\nfrac = 0.8\nne = \"=frac*neurons\"\n",
		"params = { neurons = 100, frac = 0.8, ne = \"=frac*neurons\" }\n", 1)
	dotted := strings.Replace(withParams, "[params]\nneurons = 100\nfrac = 0.8\nne = \"=frac*neurons\"\n",
		"params.neurons = 100\nparams.frac = 0.8\nparams.ne = \"=frac*neurons\"\n", 1)
	for _, src := range []string{inline, dotted} {
		g, err := LoadBytes("p.toml", []byte(src), nil)
		if err != nil {
			t.Fatalf("%v\n%s", err, src)
		}
		if !reflect.DeepEqual(g.Params, f.Params) || *g.Regions[0].Population[0].Size != 80 {
			t.Errorf("params %v, size %d\n%s", g.Params, *g.Regions[0].Population[0].Size, src)
		}
	}
}

func TestParamOverrides(t *testing.T) {
	t.Parallel()
	cases := []struct {
		sets            []string
		neurons, ne     float64
		excSize, inhSiz int
	}{
		{nil, 100, 80, 80, 20},
		{[]string{"neurons=200"}, 200, 160, 160, 40},
		{[]string{"params.neurons=200"}, 200, 160, 160, 40},
		{[]string{"neurons = 50.0"}, 50, 40, 40, 10},
		{[]string{"ne=50"}, 100, 50, 50, 50},
		{[]string{"ne==neurons/4"}, 100, 25, 25, 75},
		{[]string{"frac=0.5", "neurons=1000"}, 1000, 500, 500, 500},
		{[]string{"neurons=1000", "neurons=300"}, 300, 240, 240, 60}, // the last one wins
		// A --set of a key still overrides the expression there.
		{[]string{"neurons=200", "region.c.population.exc.size=170"}, 200, 160, 170, 40},
		// A --set value may itself be an expression.
		{[]string{"region.c.population.exc.size==2*ne"}, 100, 80, 160, 20},
	}
	for _, c := range cases {
		f, err := LoadBytes("p.toml", []byte(withParams), c.sets)
		if err != nil {
			t.Errorf("%q: %v", c.sets, err)
			continue
		}
		if f.Params["neurons"] != c.neurons || f.Params["ne"] != c.ne ||
			*f.Regions[0].Population[0].Size != c.excSize || *f.Regions[0].Population[1].Size != c.inhSiz {
			t.Errorf("%q: params %v, sizes %d/%d; want neurons %v, ne %v, sizes %d/%d", c.sets, f.Params,
				*f.Regions[0].Population[0].Size, *f.Regions[0].Population[1].Size, c.neurons, c.ne, c.excSize, c.inhSiz)
		}
	}

	bad := []struct {
		set  string
		want string // the whole error line
	}{
		{"neuron=3", `--set neuron: no param "neuron" (params: neurons, frac, ne); did you mean "neurons"? A name without dots sets a param; set other keys by their path, e.g. experiment.duration=2s or region.cortex.population.exc.size=400`},
		{"seed=3", `--set seed: no param "seed" (params: neurons, frac, ne). A name without dots sets a param; set other keys by their path`},
		{"params.x=3", `--set params.x: no param "x" (params: neurons, frac, ne)`},
		{"params.neurons.x=3", `--set params.neurons.x: params.neurons is a value, not a table`},
		{"neurons=many", `--set neurons: params.neurons: want a number or an expression starting with "=", got string "many"`},
		{"neurons=[1, 2]", `--set neurons: params.neurons: want a number or an expression starting with "=", got array`},
		{"neurons==1/0", `--set neurons: params.neurons: "=1/0": division by zero (1 / 0)`},
		{"neurons==ne*2", `--set neurons: params.neurons: "=ne*2": param "ne" is defined after "neurons"; a param can use only the params above it`},
		{"neurons=101", `p.toml:16: population "c.exc" size: "=ne" gives 80.80000000000001, not an integer; round it, e.g. "=round(ne)"`},
		{"neurons=0", `p.toml:16: population "c.exc" size: must be > 0, got 0 (from "=ne")`},
	}
	for _, c := range bad {
		_, err := LoadBytes("p.toml", []byte(withParams), []string{c.set})
		if err == nil {
			t.Errorf("--set %s: no error", c.set)
			continue
		}
		checkOneLine(t, err)
		if !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("--set %s:\n got %q\nwant %q", c.set, err, c.want)
		}
	}
	_, err := LoadBytes("o.toml", []byte(base), []string{"neurons=3"})
	if err == nil || !strings.Contains(err.Error(), `--set neurons: no param "neurons" (the file has no [params] table)`) {
		t.Errorf("--set of a param in a file without params: %v", err)
	}
}

func TestIntegralCheck(t *testing.T) {
	t.Parallel()
	cases := []struct {
		expr string
		want int
	}{
		{"=0.8*4000", 3200},
		{"=0.2*4000", 800},
		{"=0.1*30", 3},               // 3.0000000000000004
		{"=(0.1+0.2)*10", 3},         // 3.0000000000000004
		{"=1e9*(0.1+0.2)", 3e8},      // 300000000.00000006, within 1e-9 relative
		{"=round(0.3*7)", 2},         // 2.1 rounded
		{"=ceil(0.3*7)", 3},          // 2.1 rounded up
		{"=sqrt(100)^2", 100},        // 100 exactly
		{"=exp(log(5000))", 5000},    // 4999.999999999999
		{"=5000*(1+1e-13)", 5000},    // within tolerance
		{"=-(-10)", 10},              // unary minus
		{"=max(3, 0.5*10) + 0", 5},   // functions
		{"=min(1000, 2^10)", 1000},   // power
		{"=2e3/2", 1000},             // exponent notation
		{"=floor(10/3) * 3 + 1", 10}, // floor
	}
	for _, c := range cases {
		src := edit(t, base, "size = 10\n  model = \"lif\"", fmt.Sprintf("size = %q\n  model = \"lif\"", c.expr))
		f, err := LoadBytes("i.toml", []byte(src), nil)
		if err != nil {
			t.Errorf("size = %q: %v", c.expr, err)
			continue
		}
		if got := *f.Regions[0].Population[0].Size; got != c.want {
			t.Errorf("size = %q gave %d, want %d", c.expr, got, c.want)
		}
	}
	for _, expr := range []string{"=0.3*7", "=10/3", "=5000*(1+1e-8)", "=0.5"} {
		src := edit(t, base, "size = 10\n  model = \"lif\"", fmt.Sprintf("size = %q\n  model = \"lif\"", expr))
		_, err := LoadBytes("i.toml", []byte(src), nil)
		v, _, _ := evalExpr(expr[1:], nil)
		want := fmt.Sprintf(`i.toml:11: population "c.exc" size: %q gives %s, not an integer; round it, e.g. "=round(%s)"`, expr, strconv.FormatFloat(v, 'g', -1, 64), expr[1:])
		if err == nil || err.Error() != want {
			t.Errorf("size = %q:\n got %v\nwant %s", expr, err, want)
		}
	}
	// Every integer key is checked: seed, n, sheet, neurons, pairs.
	src := edit(t, base, `name = "t"`, "name = \"t\"\nseed = \"=1.5\"")
	if _, err := LoadBytes("i.toml", []byte(src), nil); err == nil || !strings.HasPrefix(err.Error(), `i.toml:3: experiment.seed: "=1.5" gives 1.5, not an integer`) {
		t.Errorf("seed: %v", err)
	}
	src = edit(t, base, `rule = "probability", p = 0.1`, `rule = "from_list", pairs = [[0, "=1"], ["=2.5", 3]]`)
	if _, err := LoadBytes("i.toml", []byte(src), nil); err == nil || !strings.HasPrefix(err.Error(), `i.toml:23: projection "ee" connect.pairs[1][0]: "=2.5" gives 2.5, not an integer`) {
		t.Errorf("pairs: %v", err)
	}
	src = edit(t, base, `name = "t"`, "name = \"t\"\nseed = \"=2^70\"")
	if _, err := LoadBytes("i.toml", []byte(src), nil); err == nil || !strings.Contains(err.Error(), "too large for an integer") {
		t.Errorf("seed 2^70: %v", err)
	}
	// A float key takes the value as it is.
	src = edit(t, base, "p = 0.1", `p = "=1/3"`)
	f, err := LoadBytes("i.toml", []byte(src), nil)
	if err != nil || *f.Projection[0].Connect.Params.(*connectors.Probability).P != 1.0/3 {
		t.Errorf("p = \"=1/3\": %v", err)
	}
}

func TestExpressionErrors(t *testing.T) {
	t.Parallel()
	e := func(old, new string) srcFn {
		return func(t *testing.T) string { return edit(t, withParams, old, new) }
	}
	cases := []struct {
		name string
		src  srcFn
		want string // the whole error line, or its start when it ends with "..."
	}{
		{"unknown name", e(`size = "=ne"`, `size = "=nn"`),
			`p.toml:16: population "c.exc" size: "=nn": unknown name "nn" (params: neurons, frac, ne); did you mean "ne"?`},
		{"division by zero", e(`size = "=neurons - ne"`, `size = "=neurons/(ne-80)"`),
			`p.toml:22: population "c.inh" size: "=neurons/(ne-80)": division by zero (100 / 0)`},
		{"syntax error", e(`n = "=round(0.1*ne)"`, `n = "=round(0.1*ne"`),
			`p.toml:30: projection "ee" connect.n: "=round(0.1*ne": syntax error: the expression ends early; want "," or ")"`},
		{"syntax error in the middle", e(`duration = "=10*10 ms"`, `duration = "=10*/10 ms"`),
			`p.toml:8: experiment.duration: "=10*/10 ms": syntax error at "/10 ms" (character 5): want a number, a name or "("`},
		{"unknown unit", e(`weight = "=1.62*neurons/100 mV"`, `weight = "=1.62*neurons/100 mvolt"`),
			`p.toml:31: projection "ee" synapse.weight: "=1.62*neurons/100 mvolt": unknown unit "mvolt" after the expression (prefixes p n u m k M G; units s V A S F Ohm Hz)`},
		{"unit of the wrong dimension", e(`weight = "=1.62*neurons/100 mV"`, `weight = "=1.62*neurons/100 nS"`),
			`p.toml:31: projection "ee" synapse.weight: weight "1.62nS" has dimension conductance, want current or voltage (from "=1.62*neurons/100 nS")`},
		{"missing unit", e(`duration = "=10*10 ms"`, `duration = "=10*10"`),
			`p.toml:8: experiment.duration: missing unit in 100; write e.g. "100ms" (from "=10*10")`},
		{"unit on an integer", e(`size = "=ne"`, `size = "=ne ms"`),
			`p.toml:16: population "c.exc" size: want an integer, got string "80ms" (from "=ne ms")`},
		{"later param", e(`ne = "=frac*neurons"`, `ne = "=frac*neurons*later"`+"\nlater = 1"),
			`p.toml:4: params.ne: "=frac*neurons*later": param "later" is defined after "ne"; a param can use only the params above it`},
		{"param uses itself", e(`ne = "=frac*neurons"`, `ne = "=ne+1"`),
			`p.toml:4: params.ne: "=ne+1": param "ne" uses itself`},
		{"unknown name in params", e(`ne = "=frac*neurons"`, `ne = "=fract*neurons"`),
			`p.toml:4: params.ne: "=fract*neurons": unknown name "fract" (params: neurons, frac, ne); did you mean "frac"?`},
		{"param with a unit", e(`frac = 0.8`, `frac = "=0.8 mV"`),
			`p.toml:3: params.frac: "=0.8 mV": a param is a plain number; put the unit where the param is used, e.g. "=frac mV"`},
		{"param not a number", e(`frac = 0.8`, `frac = "0.8"`),
			`p.toml:3: params.frac: want a number or an expression starting with "=", got string "0.8"`},
		{"param infinite", e(`frac = 0.8`, `frac = inf`),
			`p.toml:3: params.frac: want a finite number, got +Inf`},
		{"param name", e(`frac = 0.8`, `"fr-ac" = 0.8`),
			`p.toml:3: params.fr-ac: param name "fr-ac" is not a name: use letters, digits and _, starting with a letter or _`},
		{"params not a table", e("[params]\nneurons = 100\nfrac = 0.8\nne = \"=frac*neurons\"\n", "params = 3\n"),
			`p.toml:1: params: want a table of named numbers, e.g. [params] neurons = 4000; got integer 3`},
		{"expression in a distribution", e(`"=-60+10 mV"`, `"=-60+nope mV"`),
			`p.toml:18: population "c.exc" v_init.uniform[1]: "=-60+nope mV": unknown name "nope" (params: neurons, frac, ne)`},
		{"value from an expression fails validation", e(`n = "=round(0.1*ne)"`, `n = "=ne*2"`),
			`p.toml:30: projection "ee" connect.n: 160 is more than the 79 source neurons available without autapses (from "=ne*2")`},
		{"no params table", func(t *testing.T) string {
			return edit(t, base, "size = 10\n  model = \"lif\"", "size = \"=n\"\n  model = \"lif\"")
		},
			`p.toml:11: population "c.exc" size: "=n": unknown name "n" (the file has no [params] table)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := LoadBytes("p.toml", []byte(c.src(t)), nil)
			if err == nil {
				t.Fatal("no error")
			}
			checkOneLine(t, err)
			want, prefix := strings.CutSuffix(c.want, "...")
			for _, e := range Errors(err) {
				if e.Error() == want || prefix && strings.HasPrefix(e.Error(), want) {
					return
				}
			}
			t.Errorf("got:\n%v\nwant a line:\n%s", err, c.want)
		})
	}

	// A param that fails is reported once, not again where it is used, and
	// the other errors of the file are still reported.
	src := edit(t, withParams, `ne = "=frac*neurons"`, `ne = "=frac/0"`)
	src = edit(t, src, `model = "rate"`, "model = \"rate\"\n  tau_mm = \"1ms\"")
	_, err := LoadBytes("p.toml", []byte(src), nil)
	errs := Errors(err)
	if len(errs) != 2 || !strings.HasPrefix(errs[0].Error(), `p.toml:4: params.ne: "=frac/0": division by zero`) ||
		!strings.HasPrefix(errs[1].Error(), `p.toml:24: population "c.inh" tau_mm: unknown key "tau_mm"`) {
		t.Errorf("want the division by zero and the unknown key, got:\n%v", err)
	}
}

func TestEncodeParamsRoundTrip(t *testing.T) {
	t.Parallel()
	for _, sets := range [][]string{nil, {"neurons=1000"}, {"ne==neurons/4", "frac=0.125"}} {
		f, err := LoadBytes("p.toml", []byte(withParams), sets)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := Encode(&buf, f); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		neurons, _ := formatNumber(f.Params["neurons"])
		frac, _ := formatNumber(f.Params["frac"])
		ne, _ := formatNumber(f.Params["ne"])
		head := fmt.Sprintf("[params]\nneurons = %s\nfrac = %s\nne = %s\n\n[experiment]\n", neurons, frac, ne)
		if !strings.HasPrefix(out, head) {
			t.Errorf("%q: the effective config does not start with\n%s\ngot:\n%s", sets, head, out)
		}
		if strings.Contains(out, `"=`) {
			t.Errorf("%q: the effective config has expressions left:\n%s", sets, out)
		}
		if !strings.Contains(out, fmt.Sprintf("size = %d\n", *f.Regions[0].Population[0].Size)) {
			t.Errorf("%q: no evaluated size in:\n%s", sets, out)
		}
		g, err := LoadBytes("effective.toml", buf.Bytes(), nil)
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		f.src, g.src = nil, nil
		forgetGiven(f)
		forgetGiven(g)
		if !reflect.DeepEqual(f, g) {
			t.Errorf("%q: Encode -> Load changed the config:\n%s", sets, out)
		}
		var again bytes.Buffer
		if err := Encode(&again, g); err != nil {
			t.Fatal(err)
		}
		if again.String() != out {
			t.Errorf("%q: second encoding differs:\n%s\n---\n%s", sets, out, again.String())
		}
	}

	// Numbers are written so that they read back exactly.
	for _, v := range []float64{0, 1, -3, 4000, 0.02, 0.1 + 0.2, 1.0 / 3, 1e300, -2.5e-300, 1 << 53, 1<<53 + 2, 1e22} {
		s, err := formatNumber(v)
		if err != nil {
			t.Errorf("formatNumber(%v): %v", v, err)
			continue
		}
		f, err := LoadBytes("n.toml", []byte("[params]\nx = "+s+"\n"+base), nil)
		if err != nil || f.Params["x"] != v {
			t.Errorf("formatNumber(%v) = %q, reads back as %v, %v", v, s, f.Params["x"], err)
		}
	}
	if s, _ := formatNumber(4000); s != "4000" {
		t.Errorf("formatNumber(4000) = %q, want 4000", s)
	}
	if _, err := formatNumber(math.NaN()); err == nil {
		t.Error("formatNumber(NaN): no error")
	}
	// A File built in Go writes its params sorted.
	g := &File{Params: map[string]float64{"b": 2, "a": 0.5}}
	var buf bytes.Buffer
	if err := Encode(&buf, g); err != nil || !strings.HasPrefix(buf.String(), "[params]\na = 0.5\nb = 2\n\n") {
		t.Errorf("Encode(File from Go) = %q, %v", buf.String(), err)
	}
	g, err := LoadBytes("o.toml", []byte(base), nil)
	if err != nil {
		t.Fatal(err)
	}
	g.Params = map[string]float64{"bad name": 1, "x": math.Inf(1)}
	if err := g.Validate(); err == nil || !strings.Contains(err.Error(), "params.x: want a finite number, got +Inf") {
		t.Errorf("Validate(infinite param) = %v", err)
	}
	if err := g.Validate(); err == nil || !strings.Contains(err.Error(), `params."bad name": param name "bad name" is not a name`) {
		t.Errorf("Validate(bad params) = %v", err)
	}
}

func TestShippedScale(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"cuba", "coba"} {
		for _, n := range []int{4000, 16000, 64000, 256000} {
			f, err := Resolve(name, []string{"neurons=" + strconv.Itoa(n)})
			if err != nil {
				t.Errorf("%s at neurons=%d: %v", name, n, err)
				continue
			}
			exc, inh := *f.Regions[0].Population[0].Size, *f.Regions[0].Population[1].Size
			if exc != n*4/5 || inh != n/5 {
				t.Errorf("%s at neurons=%d: sizes %d/%d, want %d/%d", name, n, exc, inh, n*4/5, n/5)
			}
			want := 80 / float64(n)
			if n == 4000 {
				want = 0.02 // the literal the file had before it had params
			}
			if n == 64000 {
				want = 0.00125
			}
			for _, pr := range f.Projection {
				if *pr.Connect.Params.(*connectors.Probability).P != want {
					t.Errorf("%s at neurons=%d: %s p = %v, want %v", name, n, pr.Name, *pr.Connect.Params.(*connectors.Probability).P, want)
				}
			}
			// The mean in-degree stays 80: p*(exc+inh).
			if d := *f.Projection[0].Connect.Params.(*connectors.Probability).P * float64(exc+inh); math.Abs(d-80) > 1e-9 {
				t.Errorf("%s at neurons=%d: in-degree %v, want 80", name, n, d)
			}
		}
		f, err := Resolve(name, []string{"neurons=64000"})
		if err != nil {
			t.Fatal(err)
		}
		if exc, inh, p := *f.Regions[0].Population[0].Size, *f.Regions[0].Population[1].Size, *f.Projection[0].Connect.Params.(*connectors.Probability).P; exc != 51200 || inh != 12800 || p != 0.00125 {
			t.Errorf("%s at neurons=64000: %d/%d, p = %v; want 51200/12800, p = 0.00125", name, exc, inh, p)
		}
	}
}

func FuzzEvalExpr(f *testing.F) {
	for _, s := range []string{"0.8*neurons", "in_degree/neurons", "round(2.5)^2", "1.62*x mV", "-(1e3)/max(1, 2) ms", "((1)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, unit, err := evalExpr(s, func(n string) (float64, error) {
			if n == "neurons" || n == "x" {
				return 4000, nil
			}
			return 0, fmt.Errorf("unknown name %q", n)
		})
		if err != nil {
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("%q gave %v", s, v)
		}
		if unit != "" {
			if _, _, ok := parseUnit(unit); !ok {
				t.Fatalf("%q gave the unknown unit %q", s, unit)
			}
			if _, err := ParseQuantity(num(v) + unit); err != nil && !strings.Contains(err.Error(), "out of range") {
				t.Fatalf("%q: %v", s, err)
			}
		}
	})
}
