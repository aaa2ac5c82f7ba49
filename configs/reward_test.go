package configs

import (
	"bytes"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/plasticity"
)

// daBase is plasticBase with a da_stdp projection named "ab"; the test
// appends [[modulator]] and [[reward]] tables.
const daBase = plasticBase + `name = "ab"
synapse = { kind = "pulse", weight = "1nA" }
plasticity = { rule = "da_stdp", w_max = "4nA" }
`

// TestRewardKeys: da_stdp gets daspnet's defaults; [[modulator]] and
// [[reward]] take their keys, get their defaults and report mistakes at
// their line.
func TestRewardKeys(t *testing.T) {
	t.Parallel()
	f, err := LoadBytes("p.toml", []byte(daBase+`
[[modulator]]
name = "dopamine"
tau = "200ms"

[[reward]]
projection = "ab"
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	pl := f.Projection[0].Plasticity.Params.(*plasticity.DASTDP)
	if pl.TauPlus != 20 || pl.TauMinus != 20 || pl.APlus != 0.1 || pl.AMinus != 0.15 || pl.TauC != 1000 ||
		pl.Tonic != 0.002 || pl.Every != 10 || pl.Pairing != "nearest" || pl.WMin.Value != 0 {
		t.Errorf("da_stdp defaults: %+v", pl)
	}
	r := f.Reward[0]
	if r.Kind != "pairing" || r.Modulator != "dopamine" || *r.Pre != 0 || *r.Synapse != 0 || *r.Window != 20 ||
		len(r.Delay) != 2 || r.Delay[0] != 1000 || r.Delay[1] != 3000 || *r.Amount != 0.5 || *r.Sample != 60000 || r.Weight != nil {
		t.Errorf("reward defaults: %+v", r)
	}
	if m := f.Modulator[0]; *m.Tau != 200 || *m.Level != 0 {
		t.Errorf("modulator defaults: %+v", m)
	}
	var buf bytes.Buffer
	if err := Encode(&buf, f); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadBytes("again.toml", buf.Bytes(), nil); err != nil {
		t.Errorf("the encoded file does not load: %v\n%s", err, buf.String())
	}

	for _, c := range []struct{ name, src, err string }{
		{"unknown modulator", "[[modulator]]\nname = \"serotonin\"\n", `p.toml:26: modulator[0].name: unknown modulator "serotonin"`},
		{"modulator tau", "[[modulator]]\nname = \"dopamine\"\ntau = \"-1ms\"\n", "p.toml:27: modulator[0].tau: must be >= 0"},
		{"no projection", "[[reward]]\nprojection = \"ba\"\n", `p.toml:26: reward[0].projection: no projection or pathway named "ba"`},
		{"pre range", "[[reward]]\nprojection = \"ab\"\npre = 10\n", "p.toml:27: reward[0].pre: neuron 10 out of range [0, 10)"},
		{"delay", "[[reward]]\nprojection = \"ab\"\ndelay = [\"3s\", \"1s\"]\n", "p.toml:27: reward[0].delay: want 0 <= min <= max"},
		{"weight dimension", "[[reward]]\nprojection = \"ab\"\nweight = \"1mV\"\n", "p.toml:27: reward[0].weight: want current"},
		{"unknown key", "[[reward]]\nprojection = \"ab\"\namout = 1\n", `p.toml:27: unknown key "amout" in [[reward]]`},
	} {
		_, err := LoadBytes("p.toml", []byte(daBase+"\n"+c.src), nil)
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%s: got error %v, want one containing %q", c.name, err, c.err)
		}
	}
	for _, c := range []struct{ name, pl, err string }{
		{"da_stdp w_max", `{ rule = "da_stdp" }`, "plasticity.w_max: required for rule da_stdp"},
		{"da_stdp tau_c", `{ rule = "da_stdp", w_max = "4nA", tau_c = "0ms" }`, "plasticity.tau_c: must be > 0"},
		{"da_stdp key", `{ rule = "da_stdp", w_max = "4nA", dependence = "additive" }`, `plasticity.dependence: unknown key "dependence" of rule da_stdp`},
	} {
		src := plasticBase + "synapse = { kind = \"pulse\", weight = \"1nA\" }\nplasticity = " + c.pl + "\n"
		_, err := LoadBytes("p.toml", []byte(src), nil)
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%s: got error %v, want one containing %q", c.name, err, c.err)
		}
	}
}
