package connectors

import (
	"fmt"
	"math"

	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/synapse"
	"github.com/brainsim/brainsim/units"
)

// FromList are the keys of rule from_list: the pairs given, each with
// its own weight and delay if those are given.
type FromList struct {
	Pairs   [][2]int  `toml:"pairs" doc:"[[pre, post], ...]: the source and target unit of every synapse (required)"`
	Weights []float64 `toml:"weights" doc:"the weight of every pair, in the unit of synapse.weight (default: synapse.weight)"`
	Delays  []float64 `toml:"delays" doc:"the delay of every pair in ms (default: synapse.delay)"`
}

// PairDelays implements registry.PairDelays.
func (p *FromList) PairDelays() []float64 { return p.Delays }

func init() {
	registry.RegisterConnector(registry.Connector{
		Name:         "from_list",
		Doc:          "the pairs given, optionally with their weights and delays",
		Transposable: true,
		Params:       func() any { return &FromList{} },
		Check:        checkFromList,
		Count:        func(pa any, _, _ int, _ bool) float64 { return float64(len(pa.(*FromList).Pairs)) },
		Build: func(pa any, b *registry.ConnectBuild) (registry.Connection, error) {
			p := pa.(*FromList)
			out := registry.Connection{Connector: synapse.FromList{Pairs: p.Pairs}, Delays: p.Delays}
			if p.Weights != nil {
				out.Weights = make([]float64, len(p.Weights))
				for i, w := range p.Weights {
					out.Weights[i] = w * b.WeightScale
				}
			}
			return out, nil
		},
	})
}

func checkFromList(pa any, c *registry.Check) {
	p := pa.(*FromList)
	if p.Pairs == nil {
		c.Errf("pairs", "required for rule from_list, e.g. pairs = [[0, 1], [2, 3]]")
	}
	n, m := size(c.Source), size(c.Target)
	for i, pair := range p.Pairs {
		if pair[0] < 0 || (n >= 0 && pair[0] >= n) {
			c.Errf(fmt.Sprintf("pairs[%d]", i), "source index %d is outside [0, %d)", pair[0], n)
		}
		if pair[1] < 0 || (m >= 0 && pair[1] >= m) {
			c.Errf(fmt.Sprintf("pairs[%d]", i), "target index %d is outside [0, %d)", pair[1], m)
		}
	}
	if p.Weights != nil && len(p.Weights) != len(p.Pairs) {
		c.Errf("weights", "has %d values for %d pairs", len(p.Weights), len(p.Pairs))
	}
	if p.Delays != nil && len(p.Delays) != len(p.Pairs) {
		c.Errf("delays", "has %d values for %d pairs", len(p.Delays), len(p.Pairs))
	}
	for i, d := range p.Delays {
		if d < c.Dt && !(d == 0 && c.ZeroDelay) {
			c.Errf(fmt.Sprintf("delays[%d]", i), "delay %vms is below dt (%s); 0 (acts from the next step) is allowed within a region, not into %s synapses nor with spike-timing rules", d, units.Time(c.Dt), stateless())
		}
		if c.Dt > 0 && math.Round(d/c.Dt) > synapse.MaxDelaySteps {
			c.Errf(fmt.Sprintf("delays[%d]", i), "delay %vms is %.0f steps of dt = %s; a delay holds at most %d steps", d, math.Round(d/c.Dt), units.Time(c.Dt), synapse.MaxDelaySteps)
		}
	}
}
