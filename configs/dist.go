package configs

import "github.com/brainsim/brainsim/units"

// Dist is package units' constant-or-distributed value.
type Dist = units.Dist

// Distribution kinds.
const (
	DistConst   = units.DistConst
	DistUniform = units.DistUniform
	DistNormal  = units.DistNormal
)

// Const returns a constant distribution.
func Const(q Quantity) Dist { return units.Const(q) }
