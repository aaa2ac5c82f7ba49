package neuron

import (
	"fmt"
	"math"

	"github.com/brainsim/brainsim/internal/hugemem"
)

// ReceptorKind says how a receptor's state acts on its units.
type ReceptorKind uint8

const (
	// ExpCurrent: X is a current (nA) that jumps by the synaptic weight on
	// arrival and decays with Tau; it enters the membrane equation as +X.
	ExpCurrent ReceptorKind = iota
	// ExpConductance: X is a conductance (µS) that jumps by the weight and
	// decays with Tau; it enters as X*(ERev - V).
	ExpConductance
	// Delta: arriving input (mV) is added to V at once; there is no state.
	Delta
	// Instant: for rate units; X is the input (dimensionless) that arrived in
	// this step, held for one step.
	Instant
	// Pulse: X is a current (nA) equal to the input that arrived in the last
	// step, held over one step: Izhikevich (2003)'s coupling, where the
	// weights of the spikes of one step are added to I for the next.
	Pulse
)

var receptorKindNames = [...]string{"exp_current", "exp_conductance", "delta", "rate", "pulse"}

func (k ReceptorKind) String() string {
	if int(k) < len(receptorKindNames) {
		return receptorKindNames[k]
	}
	return fmt.Sprintf("ReceptorKind(%d)", uint8(k))
}

// Receptor is one synaptic input channel of a population: the state X of
// every unit plus a ring buffer of input that is still in flight. Projections
// add weights into the slot of the arrival step; the population consumes the
// slot of the current step in its Step and clears it.
//
// Projections into a population that share kind, Tau and ERev share one
// Receptor.
type Receptor struct {
	Kind ReceptorKind
	Tau  float64 // decay time constant in ms (exp kinds)
	ERev float64 // reversal potential in mV (ExpConductance)

	// X is the state per unit: nA (ExpCurrent), µS (ExpConductance),
	// dimensionless (Instant); nil for Delta.
	X []float32

	n     int
	mask  int64
	buf   []float32 // ring buffer: slots*n, slot s at buf[s*n:(s+1)*n]
	decay float32   // exp(-dt/Tau)
}

// newReceptor makes a receptor for n units.
func newReceptor(kind ReceptorKind, tau, erev float64, n int) *Receptor {
	r := &Receptor{Kind: kind, Tau: tau, ERev: erev, n: n}
	if kind != Delta {
		r.X = make([]float32, n)
	}
	return r
}

// prepare sizes the ring buffer for delays up to maxDelay steps and
// precomputes the decay factor. It is called once, before the first step.
//
// The ring has the smallest power of two >= maxDelay slots, not one more:
// step t consumes slot t before any spike of step t is delivered, and the
// longest delay then writes t+maxDelay, which may reuse that emptied slot.
// (With every delay one step, a receptor needs a single slot; halving the
// ring keeps a shard's working set in its core's L2 cache.)
func (r *Receptor) prepare(dt float64, maxDelay int) {
	slots := 1
	for slots < maxDelay {
		slots <<= 1
	}
	if len(r.buf) != slots*r.n {
		r.buf = make([]float32, slots*r.n)
		hugemem.Advise(r.buf) // spikes add at random places of it
		r.mask = int64(slots - 1)
	}
	switch r.Kind {
	case ExpCurrent, ExpConductance:
		r.decay = float32(math.Exp(-dt / r.Tau))
	}
}

// Len is the number of units the receptor feeds.
func (r *Receptor) Len() int { return r.n }

// MaxDelay is the longest delay in steps the ring buffer holds: the number
// of slots.
func (r *Receptor) MaxDelay() int { return int(r.mask) + 1 }

// Slot returns the input accumulated so far for arrival at step t. Adding to
// it schedules input. While step c is simulated, t may be c itself (before
// the population's Step(c) consumes the slot) or lie in (c, c+MaxDelay]
// once Step(c) has run.
func (r *Receptor) Slot(t int64) []float32 {
	o := int(t&r.mask) * r.n
	return r.buf[o : o+r.n : o+r.n]
}

// Ring returns the whole ring buffer and its slot mask, for projections that
// scatter input with per-synapse delays: input for unit j arriving at step t
// goes to buf[int(t&mask)*Len()+j].
func (r *Receptor) Ring() (buf []float32, mask int64) { return r.buf, r.mask }

// arriveRange adds the input of step t for the units [lo, hi) into X
// (Instant and Pulse: replaces X) and clears the slot. Delta receptors are
// handled by the models.
func (r *Receptor) arriveRange(t int64, lo, hi int) {
	in := r.Slot(t)[lo:hi]
	x := r.X[lo:hi][:len(in)]
	if r.Kind == Instant || r.Kind == Pulse {
		copy(x, in)
	} else {
		for i, v := range in {
			x[i] += v
		}
	}
	clear(in)
}

// decayStep multiplies X by exp(-dt/Tau).
func (r *Receptor) decayStep() { r.decayRange(0, r.n) }

// decayRange is decayStep for the units [lo, hi).
func (r *Receptor) decayRange(lo, hi int) {
	d := r.decay
	x := r.X[lo:hi]
	for i := range x {
		x[i] *= d
	}
}

// Receptors is the set of receptors of one population.
type Receptors struct {
	list []*Receptor
	n    int
}

// get returns the receptor of the given kind, tau and reversal potential,
// creating it on first use. allowed lists the kinds the model accepts.
func (rs *Receptors) get(kind ReceptorKind, tau, erev float64, model string, allowed ...ReceptorKind) (*Receptor, error) {
	ok := false
	for _, a := range allowed {
		ok = ok || a == kind
	}
	if !ok {
		names := make([]string, len(allowed))
		for i, a := range allowed {
			names[i] = a.String()
		}
		return nil, fmt.Errorf("model %s does not take %s synapses (allowed: %v)", model, kind, names)
	}
	switch kind {
	case Delta, Instant, Pulse:
		tau, erev = 0, 0
	case ExpCurrent:
		erev = 0
	}
	for _, r := range rs.list {
		if r.Kind == kind && r.Tau == tau && r.ERev == erev {
			return r, nil
		}
	}
	if (kind == ExpCurrent || kind == ExpConductance) && !(tau > 0) {
		return nil, fmt.Errorf("synaptic time constant must be > 0, got %v ms", tau)
	}
	r := newReceptor(kind, tau, erev, rs.n)
	rs.list = append(rs.list, r)
	return r, nil
}

// List returns the receptors in creation order.
func (rs *Receptors) List() []*Receptor { return rs.list }

func (rs *Receptors) prepare(dt float64, maxDelay int) {
	for _, r := range rs.list {
		r.prepare(dt, maxDelay)
	}
}
