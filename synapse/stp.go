package synapse

import (
	"errors"
	"fmt"
	"math"
)

// TsodyksMarkram is short-term plasticity after Tsodyks & Markram (1997)
// and Tsodyks, Pawelzik & Markram (1998), in the formulation of NEST's
// tsodyks2_synapse and Brian2's usual model: a utilization u and a fraction
// of available resources x per source neuron (all synapses of a source
// share its spike train, and U, TauRec, TauFac are per projection, so
// per-source state suffices). Between spikes u relaxes to 0 with TauFac and
// x to 1 with TauRec; at a spike, in this order,
//
//	u ← u + U·(1 − u)     (facilitation: u is updated before it is used)
//	amplitude = w·u·x     (what Propagate delivers on every synapse of the row)
//	x ← x − u·x           (depression: the resources used are gone)
//
// so a source's first spike has amplitude w·U. With TauFac = 0, u = U at
// every spike (a purely depressing synapse). For a regular train of
// interval T this is the recursion u₁ = U, x₁ = 1,
// u_{n+1} = U + u_n(1−U)·exp(−T/TauFac),
// x_{n+1} = 1 + (x_n − u_n·x_n − 1)·exp(−T/TauRec) (Tsodyks, Pawelzik &
// Markram 1998, eqs. 2-3; NEST tsodyks2_synapse). Times in ms; U in (0, 1].
//
// The factor u·x scales what Propagate delivers, computed once per spike of
// a source (not per synapse); the rule's OnPre, OnPost and Step do nothing.
type TsodyksMarkram struct {
	U, TauRec, TauFac float64

	u, x []float64 // per source, just after its last spike
	last []int64   // step of the last spike; noSpike when none
	dt   float64

	// Log, when given a capacity before Attach, records the first cap(Log)
	// spikes of source LogSource (allocation-free).
	Log       []STPEvent
	LogSource int
}

// STPEvent is one recorded spike of a Tsodyks–Markram synapse: the step,
// u and x used, and the factor u·x that scaled the weight.
type STPEvent struct {
	Step       int64
	U, X, Gain float64
}

const noSpike = math.MinInt64

func (r *TsodyksMarkram) Name() string                         { return "tsodyks_markram" }
func (r *TsodyksMarkram) OnPre(*Projection, int64, []uint32)   {}
func (r *TsodyksMarkram) OnPost(*Projection, int64, []uint32)  {}
func (r *TsodyksMarkram) Step(*Projection, int64, *Modulators) {}

// Attach allocates the per-source state and makes Propagate scale by it.
func (r *TsodyksMarkram) Attach(p *Projection, dt float64) error {
	if p.rowIdx != nil {
		return errors.New("synapse: tsodyks_markram cannot attach to a view")
	}
	if !(r.U > 0 && r.U <= 1) || !(r.TauRec > 0) || !(r.TauFac >= 0) {
		return fmt.Errorf("tsodyks_markram: want 0 < U <= 1, tau_rec > 0, tau_fac >= 0; got U = %g, tau_rec = %g ms, tau_fac = %g ms", r.U, r.TauRec, r.TauFac)
	}
	r.dt = dt
	r.u = make([]float64, p.NPre)
	r.x = make([]float64, p.NPre)
	r.last = make([]int64, p.NPre)
	for i := range r.last {
		r.last[i] = noSpike
	}
	p.stp = r
	return nil
}

// fire updates the state of source i for its spike at step t and returns
// the factor u·x its synapses deliver.
func (r *TsodyksMarkram) fire(i uint32, t int64) float32 {
	u, x := 0.0, 1.0
	if l := r.last[i]; l != noSpike {
		h := float64(t-l) * r.dt
		x = 1 + (r.x[i]-1)*math.Exp(-h/r.TauRec)
		if r.TauFac > 0 {
			u = r.u[i] * math.Exp(-h/r.TauFac)
		}
	}
	u += r.U * (1 - u)
	g := u * x
	r.u[i], r.x[i], r.last[i] = u, x-g, t
	if int(i) == r.LogSource && len(r.Log) < cap(r.Log) {
		r.Log = append(r.Log, STPEvent{Step: t, U: u, X: x, Gain: g})
	}
	return float32(g)
}

// propagateSTP is Propagate for a projection with short-term plasticity:
// every row is scaled by its source's factor u·x.
func (p *Projection) propagateSTP(t int64, spikes []uint32) int64 {
	var ev int
	tg := p.Targets
	for _, s := range spikes {
		g := p.stp.fire(s, t)
		lo, hi := p.row(int(s))
		switch {
		case p.Delays8 != nil || p.Delays != nil:
			buf, mask := p.Receptor.Ring()
			n := int64(p.NPost)
			switch {
			case p.Delays8 != nil && p.Weights == nil:
				addDelayedRow(p, buf, tg[lo:hi], p.Delays8[lo:hi], p.Weight*g, t, mask, n)
			case p.Delays8 != nil:
				addWeightedDelayedRow(p, buf, tg[lo:hi], p.Weights[lo:hi], p.Delays8[lo:hi], nil, nil, g, t, mask, n)
			case p.Weights == nil:
				addDelayedRow(p, buf, tg[lo:hi], p.Delays[lo:hi], p.Weight*g, t, mask, n)
			default:
				addWeightedDelayedRow(p, buf, tg[lo:hi], p.Weights[lo:hi], p.Delays[lo:hi], nil, nil, g, t, mask, n)
			}
		default:
			slot := p.slotAt(t)
			if p.Weights == nil {
				addShared(slot, tg[lo:hi], p.Weight*g)
			} else {
				addWeighted(slot, tg[lo:hi], p.Weights[lo:hi], g)
			}
		}
		ev += hi - lo
	}
	return int64(ev)
}
