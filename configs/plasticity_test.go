package configs

import (
	"bytes"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/plasticity"
)

// plasticBase is a small network with one plastic projection; %s is the
// projection's plasticity and synapse lines.
const plasticBase = `[experiment]
name = "p"
duration = "10ms"

[[region]]
name = "r"
  [[region.population]]
  name = "a"
  size = 10
  model = "poisson"
  rate = "10Hz"
  [[region.population]]
  name = "b"
  size = 10
  model = "lif"

[[projection]]
from = "r.a"
to = "r.b"
connect = { rule = "all_to_all" }
`

// TestPlasticityKeys: each rule takes its keys, gets its defaults, and
// every mistake is reported at its line.
func TestPlasticityKeys(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, src string
		err       string // "" for a valid file; else a substring, with the line
	}{
		{"stdp", `synapse = { kind = "exp_current", weight = "0.1nA" }
plasticity = { rule = "stdp", w_max = "0.2nA" }`, ""},
		{"stdp table", `synapse = { kind = "delta", weight = "0.5mV" }
  [projection.plasticity]
  rule = "stdp"
  pairing = "nearest"
  dependence = "multiplicative"
  w_max = "1mV"`, ""},
		{"triplet", `synapse = { kind = "exp_current", weight = "0.5mV" }
plasticity = { rule = "triplet", w_max = "1mV", a3_minus = 2.3e-4 }`, ""},
		{"tm", `synapse = { kind = "exp_current", weight = "0.1nA", delay = { uniform = ["1ms", "2ms"] } }
plasticity = { rule = "tsodyks_markram", u = 0.03, tau_rec = "130ms", tau_fac = "530ms" }`, ""},
		{"unknown rule", `synapse = { kind = "exp_current", weight = "0.1nA" }
plasticity = { rule = "hebbian" }`, `p.toml:22: projection "r.a->r.b" plasticity.rule: unknown plasticity rule "hebbian"`},
		{"w_max missing", `synapse = { kind = "exp_current", weight = "0.1nA" }
plasticity = { rule = "stdp" }`, "p.toml:22: " + `projection "r.a->r.b" plasticity.w_max: required`},
		{"w_max dimension", `synapse = { kind = "exp_conductance", weight = "1nS" }
plasticity = { rule = "stdp", w_max = "1nA" }`, "p.toml:22: " + `projection "r.a->r.b" plasticity.w_max: want conductance`},
		{"tau unit", `synapse = { kind = "exp_current", weight = "0.1nA" }
plasticity = { rule = "stdp", w_max = "1nA", tau_plus = "20mV" }`, "p.toml:22:"},
		{"key of another rule", `synapse = { kind = "exp_current", weight = "0.1nA" }
  [projection.plasticity]
  rule = "stdp"
  w_max = "1nA"
  tau_rec = "100ms"`, "p.toml:25: " + `projection "r.a->r.b" plasticity.tau_rec: unknown key "tau_rec" of rule stdp`},
		{"soft additive", `synapse = { kind = "exp_current", weight = "0.1nA" }
plasticity = { rule = "stdp", w_max = "1nA", bounds = "soft" }`, "plasticity.bounds: additive dependence has hard bounds"},
		{"delay distribution", `synapse = { kind = "exp_current", weight = "0.1nA", delay = { uniform = ["1ms", "2ms"] } }
plasticity = { rule = "stdp", w_max = "1nA" }`, "p.toml:21: " + `projection "r.a->r.b" synapse.delay: rule stdp needs one delay`},
		{"U range", `synapse = { kind = "exp_current", weight = "0.1nA" }
plasticity = { rule = "tsodyks_markram", u = 1.5 }`, "plasticity.u: 1.5 is outside (0, 1]"},
		{"negative amplitude", `synapse = { kind = "exp_current", weight = "0.1nA" }
plasticity = { rule = "triplet", w_max = "1nA", a3_plus = -1 }`, "plasticity.a3_plus: must be >= 0"},
		{"no rule", `synapse = { kind = "exp_current", weight = "0.1nA" }
  [projection.plasticity]`, ""},
		{"key without a rule", `synapse = { kind = "exp_current", weight = "0.1nA" }
  [projection.plasticity]
  w_max = "1nA"`, "p.toml:23: " + `projection "r.a->r.b" plasticity.w_max: unknown key "w_max" of rule static, the default (allowed: rule)`},
	} {
		f, err := LoadBytes("p.toml", []byte(plasticBase+c.src+"\n"), nil)
		if c.err == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
				continue
			}
			// Round trip through Encode.
			var buf bytes.Buffer
			if err := Encode(&buf, f); err != nil {
				t.Fatalf("%s: Encode: %v", c.name, err)
			}
			if _, err := LoadBytes("again.toml", buf.Bytes(), nil); err != nil {
				t.Errorf("%s: the encoded file does not load: %v\n%s", c.name, err, buf.String())
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%s: got error %v, want one containing %q", c.name, err, c.err)
		}
	}
}

// TestPlasticityDefaults: the defaults of each rule.
func TestPlasticityDefaults(t *testing.T) {
	t.Parallel()
	f, err := LoadBytes("p.toml", []byte(plasticBase+`synapse = { kind = "exp_current", weight = "0.1nA" }
plasticity = { rule = "triplet", w_max = "1nA" }
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	pl := f.Projection[0].Plasticity.Params.(*plasticity.Triplet)
	if pl.TauPlus != 16.8 || pl.TauMinus != 33.7 || pl.A3Plus != 6.2e-3 || pl.A2Minus != 7e-3 || pl.A3Minus != 0 ||
		pl.Dependence.Dependence != "additive" || pl.Bounds != "hard" || pl.WMin.Value != 0 || pl.WMin.Dim != DimCurrent {
		t.Errorf("triplet defaults: %+v", pl)
	}
	f, err = LoadBytes("p.toml", []byte(plasticBase+`synapse = { kind = "exp_current", weight = "0.1nA" }
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if r := f.Projection[0].Plasticity.Rule; r != "static" {
		t.Errorf("default rule %q, want static", r)
	}
}
