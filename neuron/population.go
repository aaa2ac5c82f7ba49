package neuron

import (
	"fmt"
	"math"
)

// Population is a group of units of one model, stored struct-of-arrays.
//
// A step advances the state from t*dt to (t+1)*dt in a fixed order:
//  1. integrate the state over the step with the receptor states and
//     currents of the step's start (receptor states then decay);
//  2. threshold: units that crossed it spike, are reset and become
//     refractory;
//  3. input that arrives at step t is added to the receptors (Delta input to
//     V, unless the unit is refractory); it acts from the next step on.
//
// This is Brian2's default schedule (state update, thresholds, synapses,
// resets) and NEST's: a spike sent at step t with a delay of d steps changes
// the receptor at step t+d and the membrane from step t+d+1.
type Population interface {
	// Model names the unit model ("lif", "izhikevich", ...).
	Model() string
	// Len is the number of units.
	Len() int
	// Receptor returns the input channel of the given kind, time constant
	// (ms) and reversal potential (mV), creating it before Prepare.
	Receptor(kind ReceptorKind, tau, erev float64) (*Receptor, error)
	// Receptors lists the receptors in creation order.
	Receptors() []*Receptor
	// Prepare precomputes propagators for the step dt (ms) and sizes the
	// input ring buffers for delays up to maxDelay steps. Call it once,
	// after every receptor exists and before the first Step.
	Prepare(dt float64, maxDelay int) error
	// Step advances by one step and appends the indices of the units that
	// spiked to spikes. An unstable integration returns an *UnstableError.
	Step(t int64, spikes []uint32) ([]uint32, error)
	// Current is the external current per unit (nA), held over the step;
	// stimuli write it before Step. nil for units without a membrane. Call
	// it only to write it: populations whose current was never asked for
	// skip reading it in their step.
	Current() []float32
	// Var returns a state variable by name ("v", "u", "w", "r", "s",
	// "p"), or nil.
	Var(name string) []float32
	// Output is what each unit of a rate or binary model sends through
	// projections every step (its rate r, or its state s); nil for
	// spiking models.
	Output() []float32
}

// UnstableError reports a state variable that became NaN, infinite or
// left its bound.
type UnstableError struct {
	Step  int64
	Unit  int
	Var   string
	Value float64
	Bound float64
}

func (e *UnstableError) Error() string {
	return fmt.Sprintf("unstable integration at step %d: %s of unit %d is %g (bound ±%g)", e.Step, e.Var, e.Unit, e.Value, e.Bound)
}

// base holds what every population with a membrane has.
type base struct {
	n       int
	rec     Receptors
	iext    []float32 // external current per unit, nA
	curUsed bool      // Current was called: iext may be non-zero
	dt      float64
	vBound  float32 // |V| beyond this is an unstable integration
}

func newBase(n int) base {
	return base{n: n, rec: Receptors{n: n}, iext: make([]float32, n), vBound: 1e4}
}

func (b *base) Len() int               { return b.n }
func (b *base) Receptors() []*Receptor { return b.rec.list }
func (b *base) Current() []float32     { b.curUsed = true; return b.iext }
func (b *base) Output() []float32      { return nil }

// SetBound sets the voltage bound of the runaway check (mV).
func (b *base) SetBound(v float64) { b.vBound = float32(v) }

// IsSource reports whether u is an input source (Poisson, spike times):
// no membrane, no receptors.
func IsSource(u Population) bool {
	switch u.(type) {
	case *Poisson, *SpikeTimes:
		return true
	}
	return false
}

// Bounded is implemented by populations with a runaway check.
type Bounded interface{ SetBound(mV float64) }

// unstable builds the error for unit i.
func (b *base) unstable(t int64, i int, name string, v float32) error {
	return &UnstableError{Step: t, Unit: i, Var: name, Value: float64(v), Bound: float64(b.vBound)}
}

// refractorySteps converts a refractory period to whole steps.
func refractorySteps(ref, dt float64) int32 {
	return int32(math.Round(ref / dt))
}

// deliver adds the arriving input of step t: exp and instant receptors into
// their state, delta receptors into v (skipping refractory units).
func (b *base) deliver(t int64, v []float32, ref []int32) {
	b.deliverRange(t, 0, b.n, v, ref)
}

// deliverRange is deliver for the units [lo, hi).
func (b *base) deliverRange(t int64, lo, hi int, v []float32, ref []int32) {
	for _, r := range b.rec.list {
		if r.Kind != Delta {
			r.arriveRange(t, lo, hi)
			continue
		}
		in := r.Slot(t)[lo:hi]
		v := v[lo:hi][:len(in)]
		if ref == nil {
			for i, x := range in {
				v[i] += x
			}
		} else {
			ref := ref[lo:hi][:len(in)]
			for i, x := range in {
				if ref[i] == 0 {
					v[i] += x
				}
			}
		}
		clear(in)
	}
}
