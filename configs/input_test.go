package configs

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/connectors"
	"github.com/brainsim/brainsim/receptors"
)

// wantError loads src and fails unless one error line starts with
// "case.toml:<line>:" (no line when line is 0) and contains key and every
// word.
func wantError(t *testing.T, src string, line int, key string, words ...string) {
	t.Helper()
	const file = "case.toml"
	_, err := LoadBytes(file, []byte(src), nil)
	if err == nil {
		t.Fatal("got no error")
	}
	checkOneLine(t, err)
	prefix := file + ":"
	if line > 0 {
		prefix += strconv.Itoa(line) + ":"
	}
	for _, e := range Errors(err) {
		s := e.Error()
		if !strings.HasPrefix(s, prefix) || !strings.Contains(s, key) {
			continue
		}
		ok := true
		for _, w := range words {
			ok = ok && strings.Contains(s, w)
		}
		if ok {
			return
		}
	}
	t.Errorf("no error line starts with %q and names %q and %q; got:\n%v", prefix, key, words, err)
}

// input is an [[input]] table appended to base: [[input]] on line 26,
// target 27, kind 28, rate 29, weight 30, further keys from line 31.
func input(target, rate, weight string, more ...string) string {
	s := base + "\n[[input]]\ntarget = \"" + target + "\"\nkind = \"poisson\"\n"
	if rate != "" {
		s += "rate = " + rate + "\n"
	}
	if weight != "" {
		s += "weight = " + weight + "\n"
	}
	for _, m := range more {
		s += m + "\n"
	}
	return s
}

func TestInputValid(t *testing.T) {
	t.Parallel()
	src := input("c.exc", `"12.8kHz"`, `"87.8pA"`, `tau = "0.5ms"`, `start = "1.5ms"`) +
		"\n[[input]]\ntarget = \"c.inh\"\nkind = \"poisson\"\nrate = \"1kHz\"\nweight = \"2nS\"\nsynapse_kind = \"exp_conductance\"\nreceptor = \"inh\"\nstop = \"50ms\"\n" +
		"\n[[input]]\ntarget = \"c.exc\"\nkind = \"poisson\"\nrate = \"1kHz\"\nweight = \"-0.5mV\"\nreceptor = \"inh\"\n"
	f, err := LoadBytes("in.toml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Input) != 3 {
		t.Fatalf("%d inputs, want 3", len(f.Input))
	}
	a, b, c := f.Input[0], f.Input[1], f.Input[2]
	if a.Target != "c.exc" || a.Kind != "poisson" || *a.Rate != 12800 || *a.Weight != (Quantity{Value: 0.0878, Dim: DimCurrent}) ||
		a.SynapseKind != "exp_current" || a.Receptor != "exc" || *a.SynapseParams.(*receptors.ExpCurrent).Tau != 0.5 || *a.Start != 1.5 || a.Stop != nil {
		t.Errorf("input 0: %+v", a)
	}
	if bp := b.SynapseParams.(*receptors.ExpConductance); b.SynapseKind != "exp_conductance" || b.Receptor != "inh" || *bp.Tau != 10 || *bp.ERev != -80 || *b.Start != 0 || *b.Stop != 50 ||
		*b.Weight != (Quantity{Value: 0.002, Dim: DimConductance}) {
		t.Errorf("input 1 defaults: %+v", b)
	}
	if *c.SynapseParams.(*receptors.ExpCurrent).Tau != 10 || *c.Weight != (Quantity{Value: -0.5, Dim: DimVoltage}) {
		t.Errorf("input 2 defaults: %+v", c)
	}
	// --set reaches an input by its index.
	g, err := LoadBytes("in.toml", []byte(src), []string{"input.1.rate=3kHz"})
	if err != nil {
		t.Fatal(err)
	}
	if *g.Input[1].Rate != 3000 {
		t.Errorf("--set input.1.rate=3kHz gave %v", *g.Input[1].Rate)
	}
	// The largest rate: rate·dt = 500 events per step.
	if _, err := LoadBytes("in.toml", []byte(input("c.exc", `"5MHz"`, `"1pA"`)), nil); err != nil {
		t.Errorf("rate·dt = 500: %v", err)
	}
}

func TestInputErrors(t *testing.T) {
	t.Parallel()
	poissonInh := func(src string) string { // c.inh becomes a poisson source: one line more
		return strings.Replace(src, `model = "izhikevich"`, "model = \"poisson\"\n  rate = \"5Hz\"", 1)
	}
	cases := []struct {
		name  string
		src   string
		line  int
		key   string
		words []string
	}{
		{"unknown key", input("c.exc", `"1kHz"`, `"1pA"`, `wieght = "1pA"`), 31, `"wieght"`,
			[]string{"of synapse_kind exp_current, the default", "allowed:", "synapse_kind", `did you mean "weight"`}},
		{"unknown target", input("c.exx", `"1kHz"`, `"1pA"`), 27, "input[0].target",
			[]string{`no population "c.exx"`, "c.exc", "c.inh"}},
		{"target without region", input("exc", `"1kHz"`, `"1pA"`), 27, "input[0].target",
			[]string{`want "region.population"`}},
		{"source population as target", poissonInh(input("c.inh", `"1kHz"`, `"1pA"`)), 28, "input[0].target",
			[]string{`"c.inh" is a poisson population`, "cannot receive input"}},
		{"missing kind", strings.Replace(input("c.exc", `"1kHz"`, `"1pA"`), "kind = \"poisson\"\n", "", 1), 26, "input[0].kind",
			[]string{"required", "poisson"}},
		{"unknown kind", strings.Replace(input("c.exc", `"1kHz"`, `"1pA"`), `kind = "poisson"`, `kind = "gamma"`, 1), 28, "input[0].kind",
			[]string{`unknown input kind "gamma"`, "poisson"}},
		{"missing rate", input("c.exc", "", `"1pA"`), 26, "input[0].rate",
			[]string{"required", "total rate per unit"}},
		{"negative rate", input("c.exc", `"-1Hz"`, `"1pA"`), 29, "input[0].rate",
			[]string{"must be >= 0", "-1Hz"}},
		{"rate too high for dt", input("c.exc", `"6MHz"`, `"1pA"`), 29, "input[0].rate",
			[]string{"600 events per unit per step of 0.1ms", "more than 500", "smaller dt"}},
		{"rate without unit", input("c.exc", "1000", `"1pA"`), 29, "input[0].rate",
			[]string{"missing unit", `"1000Hz"`}},
		{"rate of the wrong dimension", input("c.exc", `"1ms"`, `"1pA"`), 29, "input[0].rate",
			[]string{"dimension time", "want frequency"}},
		{"missing weight", input("c.exc", `"1kHz"`, ""), 26, "input[0].weight",
			[]string{"required"}},
		{"weight without unit", input("c.exc", `"1kHz"`, "5"), 30, "input[0].weight",
			[]string{"missing unit in 5", `"5pA"`}},
		{"weight of the wrong dimension", input("c.exc", `"1kHz"`, `"1nS"`), 30, "input[0].weight",
			[]string{"dimension conductance", "want current or voltage"}},
		{"conductance weight for a current synapse", input("c.exc", `"1kHz"`, `"1pA"`, `synapse_kind = "exp_conductance"`), 30, "input[0].weight",
			[]string{"dimension current", "want conductance"}},
		{"negative conductance", input("c.exc", `"1kHz"`, `"-1nS"`, `synapse_kind = "exp_conductance"`), 30, "input[0].weight",
			[]string{"negative", "want >= 0"}},
		{"mV weight without membrane resistance", input("c.inh", `"1kHz"`, `"1mV"`), 30, "input[0].weight",
			[]string{"membrane resistance", `"c.inh" is izhikevich`}},
		{"unknown synapse kind", input("c.exc", `"1kHz"`, `"1pA"`, `synapse_kind = "pulse"`), 31, "input[0].synapse_kind",
			[]string{`unknown synapse_kind "pulse"`, "exp_current", "exp_conductance", "delta"}},
		{"delta input weight not a voltage", input("c.exc", `"1kHz"`, `"1pA"`, `synapse_kind = "delta"`), 30, "input[0].weight",
			[]string{"dimension current", "want voltage"}},
		{"tau of a delta input", input("c.exc", `"1kHz"`, `"0.1mV"`, `synapse_kind = "delta"`, `tau = "5ms"`), 32, "input[0].tau",
			[]string{`unknown key "tau" of synapse_kind delta`}},
		{"e_rev of a current synapse", input("c.exc", `"1kHz"`, `"1pA"`, `e_rev = "0mV"`), 31, "input[0].e_rev",
			[]string{`unknown key "e_rev" of synapse_kind exp_current, the default`, "synapse_kind", "tau"}},
		{"unknown receptor", input("c.exc", `"1kHz"`, `"1pA"`, `receptor = "gaba"`), 31, "input[0].receptor",
			[]string{`unknown receptor "gaba"`, "exc", "inh"}},
		{"zero tau", input("c.exc", `"1kHz"`, `"1pA"`, `tau = "0ms"`), 31, "input[0].tau",
			[]string{"must be > 0"}},
		{"negative start", input("c.exc", `"1kHz"`, `"1pA"`, `start = "-1ms"`), 31, "input[0].start",
			[]string{"must be >= 0"}},
		{"stop before start", input("c.exc", `"1kHz"`, `"1pA"`, `start = "10ms"`, `stop = "5ms"`), 32, "input[0].stop",
			[]string{"stop 5ms is before start 10ms"}},
		{"second input", input("c.exc", `"1kHz"`, `"1pA"`) + "\n[[input]]\ntarget = \"c.exc\"\nkind = \"poisson\"\nrate = \"1kHz\"\nweight = \"1pA\"\ntau = \"-1ms\"\n",
			37, "input[1].tau", []string{"must be > 0"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			wantError(t, c.src, c.line, c.key, c.words...)
		})
	}
}

func TestFixedTotalNumber(t *testing.T) {
	t.Parallel()
	rule := func(connect string) string {
		return edit(t, base, `connect = { rule = "probability", p = 0.1 }`, "connect = "+connect)
	}
	// More synapses than pairs: multapses are allowed.
	f, err := LoadBytes("ftn.toml", []byte(rule(`{ rule = "fixed_total_number", n = 1000 }`)), nil)
	if err != nil {
		t.Fatal(err)
	}
	c := f.Projection[0].Connect.Params.(*connectors.TotalNumber)
	if *c.N != 1000 || c.Autapses == nil || *c.Autapses {
		t.Errorf("connect %+v: want n 1000, autapses false by default (from == to)", c)
	}
	// Between two populations autapses stays unset; n may be 0.
	g, err := LoadBytes("ftn.toml", []byte(edit(t, edit(t, rule(`{ rule = "fixed_total_number", n = 0 }`), `to = "c.exc"`, `to = "c.inh"`), `weight = "1mV"`, `weight = "1nA"`)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if a := g.Projection[0].Connect.Params.(*connectors.TotalNumber).Autapses; a != nil {
		t.Errorf("autapses %v between two populations, want unset", *a)
	}
	// n from an expression: the PD14 formula.
	h, err := LoadBytes("ftn.toml", []byte(`[params]
n_pre = 20683
`+rule(`{ rule = "fixed_total_number", n = "=round(log(1-0.1009)/log(1-1/(n_pre*n_pre)))" }`)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := *h.Projection[0].Connect.Params.(*connectors.TotalNumber).N; n != 45499805 {
		t.Errorf("PD14 L2/3e->L2/3e: n = %d, want 45499805", n)
	}

	cases := []struct {
		name  string
		src   string
		key   string
		words []string
	}{
		{"missing n", rule(`{ rule = "fixed_total_number" }`), `projection "ee" connect.n`,
			[]string{"required for rule fixed_total_number", "total number of synapses"}},
		{"negative n", rule(`{ rule = "fixed_total_number", n = -1 }`), `projection "ee" connect.n`,
			[]string{"must be >= 0, got -1"}},
		{"n not an integer", rule(`{ rule = "fixed_total_number", n = 2.5 }`), `projection "ee" connect.n`,
			[]string{"want an integer", "float 2.5"}},
		{"expression not an integer", rule(`{ rule = "fixed_total_number", n = "=10/4" }`), `projection "ee" connect.n`,
			[]string{"not an integer", "round("}},
		{"p with fixed_total_number", rule(`{ rule = "fixed_total_number", n = 3, p = 0.1 }`), `projection "ee" connect.p`,
			[]string{`unknown key "p" of rule fixed_total_number`, "rule, n, autapses"}},
		{"no pair without autapses", edit(t, rule(`{ rule = "fixed_total_number", n = 3 }`), "size = 10\n  model = \"lif\"", "size = 1\n  model = \"lif\""),
			`projection "ee" connect.n`, []string{"no pair of distinct neurons", "autapses = true"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			wantError(t, c.src, 23, c.key, c.words...)
		})
	}
	// A single neuron with autapses has one pair.
	one := edit(t, rule(`{ rule = "fixed_total_number", n = 3, autapses = true }`), "size = 10\n  model = \"lif\"", "size = 1\n  model = \"lif\"")
	if _, err := LoadBytes("ftn.toml", []byte(one), nil); err != nil {
		t.Errorf("one neuron with autapses: %v", err)
	}
}

// TestMicrocircuitNumbers: the shipped microcircuit has the reference's
// sizes, synapse numbers (K of INM-6's helpers, 298,880,968 in all), PSC and
// background; scale shrinks sizes and synapse numbers alike.
func TestMicrocircuitNumbers(t *testing.T) {
	t.Parallel()
	f, err := Resolve("microcircuit", nil)
	if err != nil {
		t.Fatal(err)
	}
	neurons := 0
	for _, p := range f.Regions[0].Population {
		neurons += *p.Size
	}
	total := 0
	for _, pr := range f.Projection {
		c, ok := pr.Connect.Params.(*connectors.TotalNumber)
		if !ok || (pr.From == pr.To) != (c.Autapses != nil && *c.Autapses) {
			t.Errorf("%s: connect %+v", pr.Name, pr.Connect)
			continue
		}
		total += *c.N
	}
	if neurons != 77169 || len(f.Projection) != 55 || total != 298880968 {
		t.Errorf("%d neurons, %d projections, %d synapses; want 77169, 55, 298880968", neurons, len(f.Projection), total)
	}
	if n := *f.Projection[0].Connect.Params.(*connectors.TotalNumber).N; f.Projection[0].Name != "L23e->L23e" || n != 45499805 {
		t.Errorf("%s: n = %d, want L23e->L23e with 45499805", f.Projection[0].Name, n)
	}
	if len(f.Input) != 8 {
		t.Fatalf("%d inputs, want 8", len(f.Input))
	}
	in := f.Input[6]
	if in.Target != "column.L6e" || *in.Rate != 23200 || math.Abs(in.Weight.Value-0.0878085) > 1e-7 || *in.SynapseParams.(*receptors.ExpCurrent).Tau != 0.5 || *in.Start != 1.5 {
		t.Errorf("L6e background: %+v (rate %v, weight %v)", in, *in.Rate, *in.Weight)
	}
	small, err := Resolve("microcircuit", []string{"scale=0.01"})
	if err != nil {
		t.Fatal(err)
	}
	if n, k := *small.Regions[0].Population[0].Size, *small.Projection[0].Connect.Params.(*connectors.TotalNumber).N; n != 207 || k != 454998 {
		t.Errorf("scale 0.01: L23e size %d, L23e->L23e n %d; want 207 and 454998", n, k)
	}
}
