package neuron

import (
	"fmt"
	"math"
)

// Transfer is the transfer function of a rate unit.
type Transfer uint8

const (
	Sigmoid Transfer = iota // 1/(1+exp(-x))
	Tanh                    // tanh(x)
	ReLU                    // max(0, x)
	Linear                  // x
	// Softmax is population-wide: r_i = exp(x_i) / Σ_j exp(x_j), a
	// normalised population (a policy, or the class probabilities of a
	// classifier's output layer).
	Softmax
)

var transferNames = [...]string{"sigmoid", "tanh", "relu", "linear", "softmax"}

// TransferNames lists the transfer functions by name.
func TransferNames() []string { return transferNames[:] }

func (f Transfer) String() string {
	if int(f) < len(transferNames) {
		return transferNames[f]
	}
	return fmt.Sprintf("Transfer(%d)", uint8(f))
}

// ParseTransfer parses a transfer function name.
func ParseTransfer(s string) (Transfer, error) {
	for i, n := range transferNames {
		if n == s {
			return Transfer(i), nil
		}
	}
	return 0, fmt.Errorf("unknown transfer function %q (allowed: %v)", s, transferNames[:])
}

// Apply evaluates the transfer function of one unit (Softmax: exp(x),
// which Step then normalises over the population).
func (f Transfer) Apply(x float64) float64 {
	switch f {
	case Sigmoid:
		return 1 / (1 + math.Exp(-x))
	case Tanh:
		return math.Tanh(x)
	case ReLU:
		return max(0, x)
	case Softmax:
		return math.Exp(x)
	}
	return x
}

// RateParams are the parameters of a rate population.
type RateParams struct {
	Tau       float64 // ms
	Transfer  Transfer
	Gain      float64
	Threshold float64
	Bias      float64 // constant input
}

// Rate is a population of rate units with a time constant:
//
//	Tau dr/dt = -r + f(Gain (I - Threshold)),  I = Bias + Iext + Σ receptors
//
// Integration: exponential Euler (exact for input held over the step):
// r ← f + (r - f) exp(-dt/Tau); Tau = 0 makes the units instantaneous,
// r = f. Rate units send r every step through their projections (weight ×
// r arrives at the target after the delay).
//
// A clamped population (SetClamp) holds r at the clamp's values whatever
// its input: an environment presents a pattern this way, or the visible
// units of a network in a clamped phase. It still integrates what it
// would do unclamped, Free: an environment reads an actor's preferences
// there while the actor shows (clamped) the action taken, so that its
// projections learn from the action alone.
type Rate struct {
	base
	P RateParams
	R []float32 // rate (dimensionless)

	decay float64   // exp(-dt/Tau)
	soft  []float64 // softmax scratch
	clamp []float32
	// Free is the activity the units would have unclamped (the same as R
	// while they are not clamped).
	Free []float32
}

// SetClamp holds r at v (len Len()) from the next step on; nil releases the
// units. The population reads v at every step, so changing v's values
// changes the clamp. Call it only while the network does not run.
func (r *Rate) SetClamp(v []float32) error {
	if v != nil && len(v) != r.n {
		return fmt.Errorf("rate: clamp of %d values for %d units", len(v), r.n)
	}
	r.clamp = v
	return nil
}

// NewRate makes n rate units at r = r0.
func NewRate(n int, p RateParams, r0 float64) *Rate {
	r := &Rate{base: newBase(n), P: p, R: make([]float32, n), Free: make([]float32, n)}
	for i := range r.R {
		r.R[i] = float32(r0)
		r.Free[i] = float32(r0)
	}
	return r
}

func (r *Rate) Model() string     { return "rate" }
func (r *Rate) Output() []float32 { return r.R }

func (r *Rate) Receptor(kind ReceptorKind, tau, erev float64) (*Receptor, error) {
	return r.rec.get(kind, tau, erev, "rate", Instant, ExpCurrent)
}

func (r *Rate) Var(name string) []float32 {
	if name == "r" {
		return r.R
	}
	return nil
}

func (r *Rate) Prepare(dt float64, maxDelay int) error {
	if !(r.P.Tau >= 0) {
		return fmt.Errorf("rate: tau must be >= 0, got %v ms", r.P.Tau)
	}
	r.dt = dt
	r.rec.prepare(dt, maxDelay)
	r.decay = 0
	if r.P.Tau > 0 {
		r.decay = math.Exp(-dt / r.P.Tau)
	}
	return nil
}

func (r *Rate) Step(t int64, spikes []uint32) ([]uint32, error) {
	n := r.n
	x := r.R[:n]
	d := r.decay
	g, th, bias := r.P.Gain, r.P.Threshold, r.P.Bias
	f := r.P.Transfer
	free := r.Free[:n]
	if f == Softmax {
		r.softmax(g, th, bias)
	} else {
		for i := range free {
			// In float64, rounded once: float32 partial sums drift (see LIF).
			fi := f.Apply(g * (r.input(i, bias) - th))
			free[i] = float32(fi + (float64(free[i])-fi)*d)
		}
	}
	if r.clamp != nil {
		copy(x, r.clamp)
	} else {
		copy(x, free)
	}
	for _, rc := range r.rec.list {
		if rc.Kind == ExpCurrent {
			rc.decayStep()
		}
	}
	for i, xi := range free {
		if !(xi > -r.vBound && xi < r.vBound) {
			return spikes, r.unstable(t, i, "r", xi)
		}
	}
	if r.clamp != nil { // else x is free, checked above
		for i, xi := range x {
			if !(xi > -r.vBound && xi < r.vBound) {
				return spikes, r.unstable(t, i, "r", xi)
			}
		}
	}
	r.deliver(t, nil, nil)
	return spikes, nil
}

// input is unit i's summed input.
func (r *Rate) input(i int, bias float64) float64 {
	in := bias + float64(r.iext[i])
	for _, rc := range r.rec.list {
		in += float64(rc.X[i])
	}
	return in
}

// softmax moves Free towards the population's softmax of its inputs.
func (r *Rate) softmax(g, th, bias float64) {
	n, d := r.n, r.decay
	if cap(r.soft) < n {
		r.soft = make([]float64, n)
	}
	x := r.soft[:n]
	top := math.Inf(-1)
	for i := range x {
		x[i] = g * (r.input(i, bias) - th)
		top = max(top, x[i])
	}
	sum := 0.0
	for i, xi := range x {
		x[i] = math.Exp(xi - top) // shifted: no overflow
		sum += x[i]
	}
	for i, xi := range x {
		fi := xi / sum
		r.Free[i] = float32(fi + (float64(r.Free[i])-fi)*d)
	}
}
