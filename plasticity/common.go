package plasticity

import (
	"math"
	"slices"
	"strings"

	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/units"
)

// Modulators the rules read (see [[modulator]]).
const (
	dopamine   = "dopamine"
	punishment = "punishment"
	surprise   = "surprise"
	discount   = "discount"
)

// finite checks that the number at key is finite.
func finite(c registry.Errs, key string, x float64) bool {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		c.Errf(key, "must be finite, got %v", x)
		return false
	}
	return true
}

// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// weightBound checks that a weight bound has a dimension of
// synapse.weight.
func weightBound(c *registry.PlasticityCheck, key string, q units.Quantity) {
	if slices.Contains(c.WeightDims, q.Dim) {
		return
	}
	names := make([]string, len(c.WeightDims))
	for i, d := range c.WeightDims {
		names[i] = d.String()
	}
	c.Errf(key, "want %s (the dimension of synapse.weight), got %s", strings.Join(names, " or "), q.Dim)
}

// bounds checks the optional weight bounds w_min and w_max against
// synapse.weight and each other.
func bounds(c *registry.PlasticityCheck, wMin, wMax *units.Quantity) {
	if c.WeightDims == nil {
		return
	}
	if wMax != nil {
		weightBound(c, "w_max", *wMax)
	}
	if wMin != nil {
		weightBound(c, "w_min", *wMin)
	}
	if wMin != nil && wMax != nil && wMin.Dim == wMax.Dim && wMin.Value > wMax.Value {
		c.Errf("w_min", "%s is above w_max %s", *wMin, *wMax)
		return
	}
	startInBounds(c, wMin, wMax)
}

// startInBounds checks that synapse.weight starts within the bounds the
// rule keeps the weights in: a start outside them would be clipped at the
// first update without a word. Bounds in another dimension than the
// weight (a current bound on a weight in mV) are not compared.
func startInBounds(c *registry.PlasticityCheck, wMin, wMax *units.Quantity) {
	w := c.Weight
	if w == nil {
		return
	}
	if wMax != nil && wMax.Dim == w.Dim() {
		hi, ok := w.Max()
		switch {
		case !ok:
			c.Projection.Errf("synapse.weight", "%s has no upper bound, but the rule keeps weights at most w_max = %s: give clip = [lo, hi] within [w_min, w_max]", w, *wMax)
		case hi > wMax.Value:
			c.Projection.Errf("synapse.weight", "%s can start at %s, above w_max = %s (the rule keeps weights within [w_min, w_max]): lower the weight or raise w_max", w, units.Quantity{Value: hi, Dim: w.Dim()}, *wMax)
		}
	}
	if wMin != nil && wMin.Dim == w.Dim() {
		lo, ok := w.Min()
		switch {
		case !ok:
			c.Projection.Errf("synapse.weight", "%s has no lower bound, but the rule keeps weights at least w_min = %s: give clip = [lo, hi] within [w_min, w_max]", w, *wMin)
		case lo < wMin.Value:
			c.Projection.Errf("synapse.weight", "%s can start at %s, below w_min = %s (the rule keeps weights within [w_min, w_max]): raise the weight or lower w_min", w, units.Quantity{Value: lo, Dim: w.Dim()}, *wMin)
		}
	}
}

// requiredBounds checks the weight bounds of rule, which needs w_max, and
// defaults w_min to 0 in the dimension of w_max (else of synapse.weight)
// when the synapse has a weight.
func requiredBounds(c *registry.PlasticityCheck, rule string, wMin **units.Quantity, wMax *units.Quantity) {
	if *wMin == nil && c.WeightDims != nil {
		d := c.WeightDim
		if wMax != nil {
			d = wMax.Dim
		}
		*wMin = &units.Quantity{Value: 0, Dim: d}
	}
	if wMax == nil {
		c.Errf("w_max", "required for rule %s (the largest weight, in the unit of synapse.weight)", rule)
		return
	}
	bounds(c, *wMin, wMax)
}

// constDelay checks that the synapses of rule, which times spikes by
// their arrival, have one delay.
func constDelay(c *registry.PlasticityCheck, rule string) {
	if c.Delay != nil && c.Delay.Kind != units.DistConst {
		c.Projection.Errf("synapse.delay", "rule %s needs one delay for all synapses (spike times are arrivals at the synapse); got %s", rule, c.Delay)
	}
	if c.ListDelays {
		c.Projection.Errf("connect.delays", "rule %s needs one delay for all synapses; give synapse.delay instead", rule)
	}
	if c.Conduction {
		c.Projection.Errf("synapse.velocity", "rule %s needs one delay for all synapses; conduction delays differ with distance", rule)
	}
}

// onSpikes checks that the synapses of rule, which acts on spikes,
// carry spikes.
func onSpikes(c *registry.PlasticityCheck, rule string) {
	if c.SynapseKind == "rate" {
		c.Errf("rule", "rule %s acts on spikes; synapse kind rate has none", rule)
	}
}

// weightBounds converts the weight bounds into the unit of the
// weights as built.
func weightBounds(b *registry.PlasticityBuild, wMin, wMax *units.Quantity) (lo, hi float32, err error) {
	if hi, err = b.Weight(*wMax); err != nil {
		return 0, 0, err
	}
	if lo, err = b.Weight(*wMin); err != nil {
		return 0, 0, err
	}
	return lo, hi, nil
}

// WeightRange are the bounds of the spike-timing rules' weights, w_max
// required (their weight dependence and updates scale with it).
type WeightRange struct {
	WMin *units.Quantity `toml:"w_min" doc:"smallest weight, in the unit of synapse.weight (default 0)"`
	WMax *units.Quantity `toml:"w_max" doc:"largest weight, in the unit of synapse.weight (required)"`
}
