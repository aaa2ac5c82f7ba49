package rl

// TD is a TD(λ) critic over one-hot features (a tapped delay line): V of
// feature k is W[k], of no feature (index < 0) 0.
type TD struct {
	W     []float64 // one weight per feature
	E     []float64 // eligibility trace per feature
	Alpha float64   // learning rate α
	Gamma float64   // discount γ, in [0, 1]
	// Lambda is the trace decay λ in [0, 1]; 0 is TD(0).
	Lambda float64
}

// NewTD returns a critic with n features and zero weights.
func NewTD(n int, alpha, gamma, lambda float64) *TD {
	return &TD{W: make([]float64, n), E: make([]float64, n), Alpha: alpha, Gamma: gamma, Lambda: lambda}
}

// V is the prediction of feature k (0 for k < 0).
func (c *TD) V(k int) float64 {
	if k < 0 {
		return 0
	}
	return c.W[k]
}

// Reset clears the eligibility trace (at the start of a trial).
func (c *TD) Reset() { clear(c.E) }

// Step takes the transition from feature prev to feature cur with reward
// r and returns the prediction error δ = r + γ·V(cur) − V(prev), the
// dopamine level. It then decays the trace by γλ, adds prev to it and
// moves every weight by α·δ·e.
func (c *TD) Step(prev, cur int, r float64) float64 {
	d := r + c.Gamma*c.V(cur) - c.V(prev)
	if c.Lambda == 0 {
		if prev >= 0 {
			c.W[prev] += c.Alpha * d
		}
		return d
	}
	gl := c.Gamma * c.Lambda
	for i := range c.E {
		c.E[i] *= gl
	}
	if prev >= 0 {
		c.E[prev]++
	}
	for i, e := range c.E {
		c.W[i] += c.Alpha * d * e
	}
	return d
}
