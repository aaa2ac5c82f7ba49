package connectors

import (
	"strings"

	"github.com/brainsim/brainsim/registry"
)

// SelfPairs is the autapses key of the rules that may connect a unit to
// itself.
type SelfPairs struct {
	Autapses *bool `toml:"autapses" doc:"allow i -> i when from = to (default false there)"`
}

// fill sets autapses to its default, false, within one population.
func (a *SelfPairs) fill(c *registry.Check) {
	if c.Self && a.Autapses == nil {
		a.Autapses = new(false)
	}
}

// on reports whether autapses are allowed.
func (a *SelfPairs) on() bool { return a.Autapses != nil && *a.Autapses }

// size is the size of population r, -1 when not known.
func size(r *registry.PopRef) int {
	if r == nil {
		return -1
	}
	return r.Size
}

// name is the name of population r, "" when not resolved.
func name(r *registry.PopRef) string {
	if r == nil {
		return ""
	}
	return r.Name
}

// probability checks a probability key: required (why says what it is)
// and in [0, 1].
func probability(c *registry.Check, rule string, p *float64, why string) {
	switch {
	case p == nil:
		c.Errf("p", "required for rule %s%s", rule, why)
	case *p < 0 || *p > 1:
		c.Errf("p", "%v is outside [0, 1]", *p)
	}
}

// stateless lists the synapse kinds without a state, as "delta" or
// "delta or pulse".
func stateless() string {
	var out []string
	for _, n := range registry.SynapseKindNames() {
		if k, _ := registry.LookupSynapseKind(n); k.Stateless {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return "stateless"
	}
	return strings.Join(out, " or ")
}
