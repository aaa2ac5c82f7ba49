package synapse

import (
	"fmt"
	"math/rand/v2"
)

// DistKind names a distribution of weights or delays.
type DistKind uint8

const (
	Const   DistKind = iota // always A
	Uniform                 // uniform on [A, B)
	Normal                  // mean A, standard deviation B
)

// Dist is a distribution of a per-synapse value.
//
// With Clip set, every drawn value is clamped into [Lo, Hi] (Brian2's
// clip(); the config's clip = [lo, hi]).
type Dist struct {
	Kind   DistKind
	A, B   float64
	Clip   bool
	Lo, Hi float64
}

// ConstDist returns a distribution that always gives v.
func ConstDist(v float64) Dist { return Dist{Kind: Const, A: v} }

// Sample draws one value.
func (d Dist) Sample(rng *rand.Rand) float64 {
	var v float64
	switch d.Kind {
	case Const:
		v = d.A
	case Uniform:
		v = d.A + (d.B-d.A)*rng.Float64()
	case Normal:
		v = d.A + d.B*rng.NormFloat64()
	}
	if d.Clip {
		v = min(max(v, d.Lo), d.Hi)
	}
	return v
}

// Min is the smallest value the distribution can give (-1e308 for an
// unclipped normal; Max gives 1e308).
func (d Dist) Min() float64 {
	var m float64
	switch d.Kind {
	case Const:
		m = d.A
	case Uniform:
		m = min(d.A, d.B)
	default:
		m = -1e308
	}
	if d.Clip {
		m = max(m, d.Lo)
	}
	return m
}

// Max is the largest value the distribution can give.
func (d Dist) Max() float64 {
	var m float64
	switch d.Kind {
	case Const:
		m = d.A
	case Uniform:
		m = max(d.A, d.B)
	default:
		m = 1e308
	}
	if d.Clip {
		m = min(m, d.Hi)
	}
	return m
}

// Scale returns the distribution of k·x.
func (d Dist) Scale(k float64) Dist {
	d.A *= k
	if d.Kind == Normal {
		d.B *= abs(k)
	} else {
		d.B *= k
	}
	d.Lo, d.Hi = d.Lo*k, d.Hi*k
	if k < 0 {
		d.Lo, d.Hi = d.Hi, d.Lo
		if d.Kind == Uniform {
			d.A, d.B = d.B, d.A
		}
	}
	return d
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func (d Dist) String() string {
	s := ""
	switch d.Kind {
	case Const:
		s = fmt.Sprint(d.A)
	case Uniform:
		s = fmt.Sprintf("uniform(%g, %g)", d.A, d.B)
	case Normal:
		s = fmt.Sprintf("normal(%g, %g)", d.A, d.B)
	}
	if d.Clip {
		s += fmt.Sprintf(" clipped to [%g, %g]", d.Lo, d.Hi)
	}
	return s
}
