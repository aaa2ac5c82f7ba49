package models

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/units"
)

// Izhikevich are the keys of model izhikevich (Izhikevich 2003):
// dv/dt = 0.04v² + 5v + 140 − u + I, du/dt = a(bv − u); at v ≥ v_peak:
// v ← c, u += d. The capacitance is fixed at 1 nF.
type Izhikevich struct {
	CellType string `toml:"cell_type,omitempty" doc:"a named parameter set: RS, IB, CH, FS, LTS, TC or RZ (default RS unless a, b, c, d or mix are given)"`
	// Mix assigns cell types by fraction, e.g. {RS = 0.8, IB = 0.1, CH =
	// 0.1}; neurons get their types in index order.
	Mix map[string]float64 `toml:"mix" doc:"cell types by fraction, in index order, e.g. {RS = 0.8, IB = 0.2}"`
	A   *float64           `toml:"a" doc:"recovery rate a (overrides the cell type's)"`
	B   *float64           `toml:"b" doc:"recovery sensitivity b"`
	C   *units.Voltage     `toml:"c" doc:"reset potential c"`
	D   *float64           `toml:"d" doc:"recovery increment d"`
	// Jitter draws per-neuron parameters as Izhikevich 2003 does:
	// r ~ U(0,1); excitatory: c += 15 r², d −= 6 r²; inhibitory:
	// a += 0.08 r, b −= 0.05 r.
	Jitter     string        `toml:"jitter,omitempty" doc:"per-neuron parameters as in Izhikevich 2003: excitatory or inhibitory"`
	VPeak      units.Voltage `toml:"v_peak" doc:"spike cut-off"`
	Refractory units.Time    `toml:"refractory" doc:"absolute refractory period"`
	IBias      units.Current `toml:"i_bias" doc:"constant input current"`
	VInit      *units.Dist   `toml:"v_init" doc:"initial v, a constant or a distribution (default c; u starts at b·v)"`
}

func init() {
	registry.RegisterModel(registry.Model{
		Name:         "izhikevich",
		Doc:          "Izhikevich's (2003) simple model: regular, bursting, chattering, fast-spiking, ... cells",
		Spiking:      true,
		Receives:     spikingReceives,
		ReceptorInit: true,
		Vars:         []string{"spikes", "rate", "v", "u"},
		Params:       func() any { return &Izhikevich{VPeak: 30} },
		Check:        checkIzhikevich,
		Build:        buildIzhikevich,
	})
}

func cellTypes() []string {
	var out []string
	for _, t := range neuron.IzhikevichTypes {
		out = append(out, t.Name)
	}
	return out
}

func checkIzhikevich(pa any, c *registry.Check) {
	p := pa.(*Izhikevich)
	if p.CellType == "" && p.A == nil && p.B == nil && p.C == nil && p.D == nil && p.Mix == nil {
		p.CellType = "RS"
	}
	types := cellTypes()
	registry.NonNeg(c, "refractory", p.Refractory)
	if p.CellType != "" && !slices.Contains(types, p.CellType) {
		registry.OneOf(c, "cell_type", "", p.CellType, types)
	}
	if p.CellType != "" && p.Mix != nil {
		c.Errf("mix", "cell_type and mix are exclusive; give one")
	}
	if p.Jitter != "" {
		registry.OneOf(c, "jitter", "", p.Jitter, []string{"excitatory", "inhibitory"})
	}
	if p.Mix != nil {
		sum := 0.0
		keys := make([]string, 0, len(p.Mix))
		for k := range p.Mix {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			x := p.Mix[k]
			switch {
			case !slices.Contains(types, k):
				c.Errf("mix."+k, "unknown cell type %q (allowed: %s)", k, joinNames(types))
			case x < 0 || x > 1:
				c.Errf("mix."+k, "fraction %v is outside [0, 1]", x)
			}
			sum += x
		}
		if math.Abs(sum-1) > 1e-9 {
			c.Errf("mix", "fractions sum to %v, want 1", sum)
		}
	}
	if p.C != nil && *p.C >= p.VPeak {
		c.Errf("c", "reset c %s must be below v_peak %s", *p.C, p.VPeak)
	}
	dist(c, "v_init", p.VInit, units.DimVoltage)
}

// buildIzhikevich resolves cell types: a mix by fraction in index order,
// or one cell_type, then explicit a, b, c, d, then Izhikevich 2003's
// random jitter.
func buildIzhikevich(pa any, b *registry.Build) (neuron.Population, error) {
	p := pa.(*Izhikevich)
	typ := "RS"
	if p.CellType != "" {
		typ = p.CellType
	}
	base, err := neuron.LookupIzhikevich(typ)
	if err != nil {
		return nil, err
	}
	size, rng := b.Size, b.Rand("init")
	u := neuron.NewIzhikevich(size, base)
	types := make([]neuron.IzhikevichType, size)
	for i := range types {
		types[i] = base
	}
	if len(p.Mix) > 0 {
		// Cell types in the package's canonical order; counts by
		// cumulative rounding so they add up to size.
		cum, start := 0.0, 0
		for _, t := range neuron.IzhikevichTypes {
			frac, ok := p.Mix[t.Name]
			if !ok {
				continue
			}
			cum += frac
			end := min(int(math.Round(cum*float64(size))), size)
			for i := start; i < end; i++ {
				types[i] = t
			}
			start = end
		}
	}
	for i, t := range types {
		t = p.override(t, rng)
		u.SetType(i, t.A, t.B, t.C, t.D)
	}
	u.VPeak = float32(p.VPeak)
	u.IBias = float32(p.IBias)
	u.Refractory = float64(p.Refractory)
	if p.VInit != nil {
		setV(u.V, p.VInit, rng)
		for i := range u.V {
			u.U[i] = u.B[i] * u.V[i]
		}
	}
	return u, nil
}

// override applies the explicit a, b, c, d and the jitter to type t.
func (p *Izhikevich) override(t neuron.IzhikevichType, rng *rand.Rand) neuron.IzhikevichType {
	if p.A != nil {
		t.A = *p.A
	}
	if p.B != nil {
		t.B = *p.B
	}
	if p.C != nil {
		t.C = float64(*p.C)
	}
	if p.D != nil {
		t.D = *p.D
	}
	switch p.Jitter {
	case "excitatory":
		r := rng.Float64()
		t.C += 15 * r * r
		t.D -= 6 * r * r
	case "inhibitory":
		r := rng.Float64()
		t.A += 0.08 * r
		t.B -= 0.05 * r
	}
	return t
}
