package synapse

import "github.com/brainsim/brainsim/units"

// FromUnits converts a config distribution (a constant, uniform or normal,
// optionally clipped) to a sampling one, multiplying every value by k (a
// unit conversion).
func FromUnits(d units.Dist, k float64) Dist {
	var out Dist
	switch d.Kind {
	case units.DistUniform:
		out = Dist{Kind: Uniform, A: d.A.Value, B: d.B.Value}
	case units.DistNormal:
		out = Dist{Kind: Normal, A: d.A.Value, B: d.B.Value}
	default:
		out = Dist{Kind: Const, A: d.A.Value}
	}
	if d.Clip != nil && d.Kind != units.DistConst {
		out.Clip, out.Lo, out.Hi = true, d.Clip[0].Value, d.Clip[1].Value
	}
	return out.Scale(k)
}
