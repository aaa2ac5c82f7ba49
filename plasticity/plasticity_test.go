package plasticity

import (
	"reflect"
	"strings"
	"testing"

	_ "github.com/brainsim/brainsim/models"

	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/units"
)

// TestRegistered: every rule of the package is registered with a
// description, keys that say what they are, and a builder; static is
// the one default rule.
func TestRegistered(t *testing.T) {
	want := []string{"bcm", "boltzmann", "climbing_fibre", "competitive", "da_stdp", "delta", "hebb", "nearest_triplet", "oja",
		"static", "stdp", "td", "three_factor", "triplet", "tsodyks_markram"}
	if got := registry.PlasticityNames(); !reflect.DeepEqual(got, want) {
		t.Fatalf("registered %v, want %v", got, want)
	}
	if d := registry.DefaultPlasticity(); d != "static" {
		t.Errorf("default rule %q, want static", d)
	}
	for _, n := range want {
		p, _ := registry.LookupPlasticity(n)
		if p.Doc == "" || strings.Contains(p.Doc, "\n") {
			t.Errorf("%s: want a one-line Doc, got %q", n, p.Doc)
		}
		if p.Static != (p.Build == nil) {
			t.Errorf("%s: a rule builds unless it is static", n)
		}
		if p.Params == nil {
			continue
		}
		for _, k := range registry.ParamsOf(p.Params()) {
			if k.Doc == "" {
				t.Errorf("%s: key %s has no doc tag", n, k.Key)
			}
		}
	}
}

// errs collects the errors of a check by key.
type errs map[string]string

func (e errs) Errf(key, format string, _ ...any) { e[key] = format }

// TestDefaultsCheck: each rule's defaults pass its check on the synapses
// it acts on, once the required keys are given, and the check fills the
// defaults that depend on the projection.
func TestDefaultsCheck(t *testing.T) {
	m, _ := registry.LookupModel("rate")
	rate := &registry.PopRef{Name: "r.y", Region: "r", Size: 3, Model: m}
	for _, n := range registry.PlasticityNames() {
		p, _ := registry.LookupPlasticity(n)
		if p.Check == nil {
			continue
		}
		e, proj := errs{}, errs{}
		c := &registry.PlasticityCheck{Errs: e, Projection: proj, Given: func(string) bool { return false }, Dt: 0.1,
			SynapseKind: "rate", Target: rate, Source: rate,
			Population:   func(string, string) (*registry.PopRef, bool) { return rate, true },
			Modulators:   []string{"dopamine"},
			HasModulator: func(string) bool { return false }}
		params := p.Params()
		c.WeightDim, c.WeightDims = units.Dimensionless, []units.Dim{units.Dimensionless}
		if _, activity := params.(interface{ activity() *Activity }); !activity && n != "boltzmann" {
			c.SynapseKind = "exp_current"
			c.WeightDim, c.WeightDims = units.DimCurrent, []units.Dim{units.DimCurrent, units.DimVoltage}
		}
		setRequired(params, c.WeightDim)
		p.Check(params, c)
		if len(e) > 0 || len(proj) > 0 {
			t.Errorf("%s: defaults rejected: %v %v", n, e, proj)
		}
	}
	td := &TD{Reward: "r.t", Release: dopamine, Activity: Activity{LR: DefaultLR}}
	checkTD(td, &registry.PlasticityCheck{Errs: errs{}, Projection: errs{}, Dt: 0.1, SynapseKind: "rate",
		Population: func(string, string) (*registry.PopRef, bool) { return rate, true }, HasModulator: func(string) bool { return false }})
	if td.Gamma == nil || *td.Gamma != 1 || td.Every == nil || *td.Every != 0.1 {
		t.Errorf("td defaults: gamma %v, every %v; want 1 and dt", td.Gamma, td.Every)
	}
}

// setRequired gives the keys a rule requires (w_max in dimension d,
// teacher, reward, error).
func setRequired(params any, d units.Dim) {
	v := reflect.ValueOf(params).Elem()
	for _, path := range registry.KeyedFields(v.Type()) {
		f := v.FieldByIndex(path)
		switch v.Type().FieldByIndex(path).Tag.Get("toml") {
		case "teacher", "reward", "error":
			f.SetString("r.t")
		case "w_max":
			if f.IsNil() {
				f.Set(reflect.ValueOf(&units.Quantity{Value: 1, Dim: d}))
			}
		}
	}
}
