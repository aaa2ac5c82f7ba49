package connectors

import (
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/synapse"
)

// AllToAll are the keys of rule all_to_all: every source unit to every
// target unit.
type AllToAll struct {
	SelfPairs
	Diagonal *bool `toml:"diagonal" doc:"between two populations: false leaves out the pairs i -> i, each unit and its partner (default true)"`
}

// OneToOne is rule one_to_one, without keys: unit i to unit i of a
// population of the same size.
type OneToOne struct{}

func init() {
	registry.RegisterConnector(registry.Connector{
		Name:         "all_to_all",
		Doc:          "every source unit to every target unit",
		Transposable: true,
		Params:       func() any { return &AllToAll{} },
		Check: func(pa any, c *registry.Check) {
			p := pa.(*AllToAll)
			p.fill(c)
			if p.Diagonal != nil && c.Self {
				c.Errf("diagonal", "is for two populations; within one population the pairs i -> i are autapses (use autapses)")
			}
		},
		Build: func(pa any, _ *registry.ConnectBuild) (registry.Connection, error) {
			p := pa.(*AllToAll)
			return registry.Connection{Connector: synapse.AllToAll{Autapses: p.on(), NoDiagonal: p.Diagonal != nil && !*p.Diagonal}}, nil
		},
		Count: func(pa any, n, m int, self bool) float64 {
			p := pa.(*AllToAll)
			if (self && !p.on()) || (p.Diagonal != nil && !*p.Diagonal) {
				return float64(n)*float64(m) - float64(min(n, m))
			}
			return float64(n) * float64(m)
		},
	})
	registry.RegisterConnector(registry.Connector{
		Name:         "one_to_one",
		Doc:          "source unit i to target unit i (equal sizes)",
		Transposable: true,
		Params:       func() any { return &OneToOne{} },
		Check: func(_ any, c *registry.Check) {
			if n, m := size(c.Source), size(c.Target); n >= 0 && m >= 0 && n != m {
				c.Errf("rule", "one_to_one needs equal sizes; %q has %d, %q has %d", c.Source.Name, n, c.Target.Name, m)
			}
		},
		Build: func(any, *registry.ConnectBuild) (registry.Connection, error) {
			return registry.Connection{Connector: synapse.OneToOne{}}, nil
		},
		Count: func(_ any, n, m int, _ bool) float64 { return float64(min(n, m)) },
	})
}
