package receptors

import (
	"strings"

	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/units"
)

// ExpCurrent are the keys of kind exp_current: each spike adds the
// weight to a current that decays exponentially.
type ExpCurrent struct {
	Tau *units.Time `toml:"tau" doc:"decay time constant (default 5ms with receptor exc, 10ms with inh)"`
}

// ExpConductance are the keys of kind exp_conductance: each spike adds
// the weight to a conductance that decays exponentially and drives the
// membrane towards e_rev.
type ExpConductance struct {
	Tau  *units.Time    `toml:"tau" doc:"decay time constant (default 5ms with receptor exc, 10ms with inh)"`
	ERev *units.Voltage `toml:"e_rev" doc:"reversal potential (default 0mV with receptor exc, -80mV with inh)"`
}

func init() {
	registry.RegisterSynapseKind(registry.SynapseKind{
		Name:   "exp_current",
		Doc:    "a current that jumps by the weight at a spike and decays with tau (weight: a current, or mV meaning R·I)",
		Input:  true,
		RI:     true,
		Params: func() any { return &ExpCurrent{} },
		Check: func(pa any, c *registry.Check) {
			checkTau(c, &pa.(*ExpCurrent).Tau)
		},
		Weight: func(w units.Dist, c *registry.Check) {
			if !weightDim(c, w, units.DimCurrent, units.DimVoltage) || w.Dim() != units.DimVoltage {
				return
			}
			if m := targetModel(c); m != nil && !m.Resistance {
				c.Errf("weight", "an exp_current weight in mV needs a target with a membrane resistance (%s); %q is %s: give the weight as a current (nA, pA)",
					strings.Join(modelsWith(func(m *registry.Model) bool { return m.Resistance }), ", "), c.Target.Name, m.Name)
			}
		},
		Build: func(pa any, _ *registry.SynapseBuild) registry.Receptor {
			return registry.Receptor{Kind: neuron.ExpCurrent, Tau: float64(*pa.(*ExpCurrent).Tau), Decays: true, Resistance: true}
		},
	})
	registry.RegisterSynapseKind(registry.SynapseKind{
		Name:   "exp_conductance",
		Doc:    "a conductance that jumps by the weight at a spike and decays with tau, driving the membrane towards e_rev",
		Input:  true,
		Params: func() any { return &ExpConductance{} },
		Check: func(pa any, c *registry.Check) {
			p := pa.(*ExpConductance)
			checkTau(c, &p.Tau)
			if p.ERev == nil {
				p.ERev = new(units.Voltage(pick(c.Receptor == "inh", -80, 0)))
			}
		},
		Weight: func(w units.Dist, c *registry.Check) {
			if !weightDim(c, w, units.DimConductance) {
				return
			}
			switch lo, ok := w.Min(); {
			case !ok:
				c.Errf("weight", "a normal conductance weight needs clip = [lo, hi] with lo >= 0")
			case lo < 0 && w.Kind == units.DistConst:
				c.Errf("weight", "conductance weight %s is negative; want >= 0", w)
			case lo < 0:
				c.Errf("weight", "conductance weight %s can be negative; want >= 0", w)
			}
		},
		Build: func(pa any, _ *registry.SynapseBuild) registry.Receptor {
			p := pa.(*ExpConductance)
			return registry.Receptor{Kind: neuron.ExpConductance, Tau: float64(*p.Tau), ERev: float64(*p.ERev), Decays: true}
		},
	})
}

// checkTau fills tau's default for the receptor label and checks it: > 0,
// and > dt on a target that decays its receptors by forward Euler.
func checkTau(c *registry.Check, tau **units.Time) {
	if *tau == nil {
		*tau = new(units.Time(pick(c.Receptor == "inh", 10, 5)))
	}
	switch t := **tau; {
	case !(t > 0):
		c.Errf("tau", "must be > 0, got %s", t)
	case c.Target != nil && c.Target.EulerDecay() && !(float64(t) > c.Dt):
		c.Errf("tau", "%s decays its synapses by forward Euler (synapse_decay = \"euler\"), which needs tau > dt (%s), got %s", c.Target.Name, units.Time(c.Dt), t)
	}
}

// pick returns a if cond, else b.
func pick(cond bool, a, b float64) float64 {
	if cond {
		return a
	}
	return b
}
