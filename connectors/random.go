package connectors

import (
	"math"

	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/synapse"
)

// Probability are the keys of rule probability: every pair independently.
type Probability struct {
	P *float64 `toml:"p" doc:"connection probability in [0, 1] (required)"`
	SelfPairs
}

// InDegree are the keys of rule fixed_in_degree.
type InDegree struct {
	N *int `toml:"n" doc:"sources per target unit, drawn without repetition (required)"`
	SelfPairs
}

// OutDegree are the keys of rule fixed_out_degree.
type OutDegree struct {
	N *int `toml:"n" doc:"targets per source unit, drawn without repetition (required)"`
	SelfPairs
}

// TotalNumber are the keys of rule fixed_total_number.
type TotalNumber struct {
	N *int `toml:"n" doc:"the total number of synapses, pairs drawn with repetition (required)"`
	SelfPairs
}

func init() {
	registry.RegisterConnector(registry.Connector{
		Name:   "probability",
		Doc:    "every pair with probability p",
		Params: func() any { return &Probability{} },
		Check: func(pa any, c *registry.Check) {
			p := pa.(*Probability)
			p.fill(c)
			probability(c, "probability", p.P, "")
		},
		Build: func(pa any, _ *registry.ConnectBuild) (registry.Connection, error) {
			p := pa.(*Probability)
			return registry.Connection{Connector: synapse.FixedProbability{P: *p.P, Autapses: p.on()}}, nil
		},
		Count: func(pa any, n, m int, _ bool) float64 { return *pa.(*Probability).P * float64(n) * float64(m) },
	})
	registry.RegisterConnector(registry.Connector{
		Name:   "fixed_in_degree",
		Doc:    "n source units for every target unit",
		Params: func() any { return &InDegree{} },
		Check: func(pa any, c *registry.Check) {
			p := pa.(*InDegree)
			p.fill(c)
			degree(c, "fixed_in_degree", p.N, &p.SelfPairs, c.Source, "source")
		},
		Build: func(pa any, _ *registry.ConnectBuild) (registry.Connection, error) {
			p := pa.(*InDegree)
			return registry.Connection{Connector: synapse.FixedInDegree{N: *p.N, Autapses: p.on()}}, nil
		},
		Count: func(pa any, _, m int, _ bool) float64 { return float64(*pa.(*InDegree).N) * float64(m) },
	})
	registry.RegisterConnector(registry.Connector{
		Name:   "fixed_out_degree",
		Doc:    "n target units for every source unit",
		Params: func() any { return &OutDegree{} },
		Check: func(pa any, c *registry.Check) {
			p := pa.(*OutDegree)
			p.fill(c)
			degree(c, "fixed_out_degree", p.N, &p.SelfPairs, c.Target, "target")
		},
		Build: func(pa any, _ *registry.ConnectBuild) (registry.Connection, error) {
			p := pa.(*OutDegree)
			return registry.Connection{Connector: synapse.FixedOutDegree{N: *p.N, Autapses: p.on()}}, nil
		},
		Count: func(pa any, n, _ int, _ bool) float64 { return float64(*pa.(*OutDegree).N) * float64(n) },
	})
	registry.RegisterConnector(registry.Connector{
		Name:   "fixed_total_number",
		Doc:    "n synapses between pairs drawn at random (with repetition)",
		Params: func() any { return &TotalNumber{} },
		Check:  checkTotal,
		Build: func(pa any, _ *registry.ConnectBuild) (registry.Connection, error) {
			p := pa.(*TotalNumber)
			return registry.Connection{Connector: synapse.FixedTotalNumber{N: *p.N, Autapses: p.on()}}, nil
		},
		Count: func(pa any, _, _ int, _ bool) float64 { return float64(*pa.(*TotalNumber).N) },
	})
}

// degree checks the n of a fixed degree against the units of the other
// side, pop.
func degree(c *registry.Check, rule string, n *int, a *SelfPairs, pop *registry.PopRef, side string) {
	bound := size(pop)
	if bound >= 0 && c.Self && !a.on() {
		bound--
	}
	switch {
	case n == nil:
		c.Errf("n", "required for rule %s", rule)
	case *n < 0:
		c.Errf("n", "must be >= 0, got %d", *n)
	case bound >= 0 && *n > bound:
		why := ""
		if c.Self && !a.on() {
			why = " without autapses"
		}
		c.Errf("n", "%d is more than the %d %s neurons available%s", *n, bound, side, why)
	}
}

func checkTotal(pa any, c *registry.Check) {
	p := pa.(*TotalNumber)
	p.fill(c)
	pairs := -1
	if n, m := size(c.Source), size(c.Target); n >= 0 && m >= 0 {
		pairs = n * m
		if c.Self && !p.on() {
			pairs -= n
		}
	}
	switch {
	case p.N == nil:
		c.Errf("n", "required for rule fixed_total_number (the total number of synapses)")
	case *p.N < 0:
		c.Errf("n", "must be >= 0, got %d", *p.N)
	case *p.N > math.MaxUint32:
		c.Errf("n", "%d is more than one projection holds (%d); split it", *p.N, uint32(math.MaxUint32))
	case *p.N > 0 && pairs == 0:
		c.Errf("n", "%d synapses, but %q has no pair of distinct neurons; set autapses = true", *p.N, name(c.Source))
	}
}
