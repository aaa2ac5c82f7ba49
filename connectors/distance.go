package connectors

import (
	"fmt"
	"math"

	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/synapse"
)

// Distance are the keys of rule distance: a pair with probability p ·
// exp(−d²/2σ²) at distance d between the units' places on their sheets
// (the populations' sheet keys).
type Distance struct {
	P        *float64 `toml:"p" doc:"the peak probability, at distance 0, in [0, 1] (required)"`
	Sigma    *float64 `toml:"sigma" doc:"Gaussian width, in units of the sheet's side (required)"`
	Periodic bool     `toml:"periodic" doc:"wrap the sheet into a torus"`
	SelfPairs
}

func init() {
	registry.RegisterConnector(registry.Connector{
		Name:   "distance",
		Doc:    "pairs with a probability falling off as a Gaussian of their distance on the populations' sheets",
		Params: func() any { return &Distance{} },
		Check:  checkDistance,
		// A Gaussian of width σ (sides of 1) covers about 2πσ² of a sheet.
		Count: func(pa any, n, m int, _ bool) float64 {
			p := pa.(*Distance)
			return *p.P * min(1, 2*math.Pi**p.Sigma**p.Sigma) * float64(n) * float64(m)
		},
		Build: func(pa any, b *registry.ConnectBuild) (registry.Connection, error) {
			p := pa.(*Distance)
			if b.Pre == nil || b.Post == nil {
				return registry.Connection{}, fmt.Errorf("distance connector needs a sheet on %s and %s", b.From, b.To)
			}
			return registry.Connection{Connector: synapse.DistanceProbability{P: *p.P, Sigma: *p.Sigma,
				Periodic: p.Periodic, Autapses: p.on(), Pre: b.Pre, Post: b.Post}}, nil
		},
	})
}

func checkDistance(pa any, c *registry.Check) {
	p := pa.(*Distance)
	p.fill(c)
	probability(c, "distance", p.P, " (the peak probability)")
	switch {
	case p.Sigma == nil:
		c.Errf("sigma", "required for rule distance")
	case !(*p.Sigma > 0):
		c.Errf("sigma", "must be > 0, got %v", *p.Sigma)
	}
	needSheet(c, c.Source)
	if !c.Self {
		needSheet(c, c.Target)
	}
}

// needSheet reports a population without a sheet.
func needSheet(c *registry.Check, r *registry.PopRef) {
	if r != nil && !r.Sheet {
		c.Errf("rule", "rule distance needs a sheet on %q (sheet = { rows = ..., cols = ... })", r.Name)
	}
}
