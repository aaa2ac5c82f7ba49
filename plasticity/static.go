package plasticity

import "github.com/brainsim/brainsim/registry"

func init() {
	registry.RegisterPlasticity(registry.Plasticity{
		Name:   "static",
		Doc:    "fixed synapses: the weights stay as built (the rule of a projection without a plasticity table)",
		Static: true,
	})
}
