package receptors

import (
	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/units"
)

func init() {
	registry.RegisterSynapseKind(registry.SynapseKind{
		Name:      "delta",
		Doc:       "a spike moves the membrane potential by the weight (a voltage); no state, so delays of at least dt",
		Stateless: true,
		Input:     true,
		Weight:    func(w units.Dist, c *registry.Check) { weightDim(c, w, units.DimVoltage) },
		Build:     func(any, *registry.SynapseBuild) registry.Receptor { return registry.Receptor{Kind: neuron.Delta} },
	})
	registry.RegisterSynapseKind(registry.SynapseKind{
		Name:   "pulse",
		Doc:    "a spike injects the weight (a current) for one step",
		Weight: func(w units.Dist, c *registry.Check) { weightDim(c, w, units.DimCurrent) },
		Build:  func(any, *registry.SynapseBuild) registry.Receptor { return registry.Receptor{Kind: neuron.Pulse} },
	})
	registry.RegisterSynapseKind(registry.SynapseKind{
		Name:  "rate",
		Doc:   "sends weight × the source's activity (a rate unit's r, a spiking unit's filtered rate in Hz) every step: a number into rate units, a current (nA) into spiking ones",
		Rates: true,
		Weight: func(w units.Dist, c *registry.Check) {
			// An input of a rate unit is a number; weight × activity
			// onto a spiking unit is a current.
			if m := targetModel(c); m != nil && m.Spiking {
				weightDim(c, w, units.DimCurrent)
				return
			}
			weightDim(c, w, units.Dimensionless)
		},
		Build: func(_ any, b *registry.SynapseBuild) registry.Receptor {
			if b.TargetSpikes {
				return registry.Receptor{Kind: neuron.Pulse} // held over one step
			}
			return registry.Receptor{Kind: neuron.Instant}
		},
	})
}
