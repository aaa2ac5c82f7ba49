package models

import (
	"math/rand/v2"
	"strings"

	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/synapse"
	"github.com/brainsim/brainsim/units"
)

// Synapse kinds a population can receive.
var (
	spikingReceives = []string{"exp_current", "exp_conductance", "delta", "pulse", "rate"}
	spikeVars       = []string{"spikes", "rate"}
)

func joinNames(s []string) string { return strings.Join(s, ", ") }

// dist checks a distribution and its dimension.
func dist(c *registry.Check, key string, d *units.Dist, want units.Dim) bool {
	if d == nil {
		return true
	}
	if err := d.Check(); err != nil {
		c.Errf(key, "%v", err)
		return false
	}
	if d.Dim() != want {
		c.Errf(key, "%s %s has dimension %s, want %s", key, d, d.Dim(), want)
		return false
	}
	return true
}

// voltage is the constant distribution v.
func voltage(v units.Voltage) *units.Dist {
	d := units.Const(units.Quantity{Value: float64(v), Dim: units.DimVoltage})
	return &d
}

// setV draws the initial membrane potentials v from d.
func setV(v []float32, d *units.Dist, rng *rand.Rand) {
	if d == nil {
		return
	}
	s := synapse.FromUnits(*d, 1)
	for i := range v {
		v[i] = float32(s.Sample(rng))
	}
}
