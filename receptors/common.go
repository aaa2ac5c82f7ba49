package receptors

import (
	"slices"
	"strings"

	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/units"
)

// weightDim checks the weight and that its dimension is one of want.
func weightDim(c *registry.Check, w units.Dist, want ...units.Dim) bool {
	if err := w.Check(); err != nil {
		c.Errf("weight", "%v", err)
		return false
	}
	if !slices.Contains(want, w.Dim()) {
		names := make([]string, len(want))
		for i, d := range want {
			names[i] = d.String()
		}
		c.Errf("weight", "weight %s has dimension %s, want %s", w, w.Dim(), strings.Join(names, " or "))
		return false
	}
	return true
}

// modelsWith lists the registered models for which ok holds.
func modelsWith(ok func(*registry.Model) bool) []string {
	var out []string
	for _, n := range registry.ModelNames() {
		if m, _ := registry.LookupModel(n); ok(m) {
			out = append(out, n)
		}
	}
	return out
}

// targetModel is the model of the target, nil when not known.
func targetModel(c *registry.Check) *registry.Model {
	if c.Target == nil {
		return nil
	}
	return c.Target.Model
}
