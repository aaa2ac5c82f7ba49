package models

import (
	"math"

	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/registry"
)

// Binary are the keys of model binary, the stochastic binary units of a
// Boltzmann machine: s = 1 with probability σ(input/temperature), updated
// at the steps t with (t − update_offset) mod update_every = 0.
type Binary struct {
	UpdateEvery  int     `toml:"update_every" doc:"steps between updates"`
	UpdateOffset int     `toml:"update_offset" doc:"the first step of an update, in [0, update_every)"`
	Temperature  float64 `toml:"temperature" doc:"temperature T (an environment's annealing schedule may set it)"`
}

// UpdatePeriod implements registry.Period.
func (p *Binary) UpdatePeriod() int64 { return int64(p.UpdateEvery) }

func init() {
	registry.RegisterModel(registry.Model{
		Name:     "binary",
		Doc:      "stochastic binary units (Boltzmann machines): s = 1 with probability σ(input/T)",
		Receives: []string{"rate"},
		Vars:     []string{"s", "p"},
		Params:   func() any { return &Binary{UpdateEvery: 1, Temperature: 1} },
		Check: func(pa any, c *registry.Check) {
			p := pa.(*Binary)
			if p.UpdateEvery < 1 {
				c.Errf("update_every", "must be >= 1, got %d", p.UpdateEvery)
			}
			if p.UpdateOffset < 0 || p.UpdateEvery >= 1 && p.UpdateOffset >= p.UpdateEvery {
				c.Errf("update_offset", "must be in [0, update_every), got %d", p.UpdateOffset)
			}
			if !(p.Temperature > 0 && !math.IsInf(p.Temperature, 0)) {
				c.Errf("temperature", "must be finite and > 0, got %v", p.Temperature)
			}
		},
		Build: func(pa any, b *registry.Build) (neuron.Population, error) {
			p := pa.(*Binary)
			u := neuron.NewBinary(b.Size, b.Rand("binary"))
			u.Every, u.Offset, u.T = int64(p.UpdateEvery), int64(p.UpdateOffset), p.Temperature
			return u, nil
		},
	})
}
