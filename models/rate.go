package models

import (
	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/units"
)

// Rate are the keys of model rate: tau dr/dt = −r + f(gain·(input −
// threshold)), input = i_bias + Σ receptors.
type Rate struct {
	Tau       units.Time    `toml:"tau" doc:"time constant (0: instantaneous, r = f(...))"`
	Transfer  string        `toml:"transfer" doc:"f: sigmoid, tanh, relu, linear or softmax (over the population)"`
	Gain      float64       `toml:"gain" doc:"gain on the input"`
	Threshold float64       `toml:"threshold" doc:"subtracted from the input"`
	RInit     float64       `toml:"r_init" doc:"r at the start"`
	IBias     units.Current `toml:"i_bias" doc:"constant input"`
}

// TransferName implements registry.Transfer.
func (p *Rate) TransferName() string { return p.Transfer }

func init() {
	registry.RegisterModel(registry.Model{
		Name:     "rate",
		Doc:      "rate units with a time constant and a transfer function",
		Receives: []string{"rate", "exp_current"},
		Vars:     []string{"r"},
		Params:   func() any { return &Rate{Tau: 10, Transfer: "sigmoid", Gain: 1} },
		Check: func(pa any, c *registry.Check) {
			p := pa.(*Rate)
			registry.NonNeg(c, "tau", p.Tau)
			registry.OneOf(c, "transfer", "", p.Transfer, neuron.TransferNames())
		},
		Build: func(pa any, b *registry.Build) (neuron.Population, error) {
			p := pa.(*Rate)
			tr, err := neuron.ParseTransfer(p.Transfer)
			if err != nil {
				return nil, err
			}
			np := neuron.RateParams{Tau: float64(p.Tau), Transfer: tr, Gain: p.Gain, Threshold: p.Threshold, Bias: float64(p.IBias)}
			return neuron.NewRate(b.Size, np, p.RInit), nil
		},
	})
}
