package synapse

import (
	"fmt"
	"math"
)

// ClimbingFibre is the learning rule of the cerebellum's adaptive filter
// (Fujita 1982, Biol Cybern 45:195; Dean, Porrill, Ekerot & Jörntell
// 2010, Nat Rev Neurosci 11:30): parallel-fibre synapses onto a Purkinje
// cell learn by the decorrelation (LMS) rule with the cell's climbing-fibre
// error e, carried by its binding's Extra[0] (one unit per target, or one
// unit shared by all):
//
//	Δw_ij = −lr·(e_j(t) − E0)·x_i(t − Lag)
//
// every Every steps while learning is on: long-term depression where a
// parallel fibre was active Lag steps before the climbing fibre signalled
// an error (Ito's LTD), potentiation where it was active before a pause.
// Lag matches the delay with which the error reports the consequence of
// the cell's output (the eligibility of a parallel-fibre synapse peaks that
// long after its activity). The same rule with the Purkinje cells as the
// "error" is the second site of learning in the vestibular nuclei (Miles &
// Lisberger 1981; Porrill & Dean 2007): mossy-fibre synapses onto nucleus
// neurons learn from the Purkinje signal, so what the cortex learnt moves
// to the nuclei. With Decay > 0 every weight relaxes towards its initial
// value with that time constant (ms) while learning is on, as a memory not
// refreshed by the error fades from the cortex.
type ClimbingFibre struct {
	Activity
	E0    float64 // the error's resting level
	Lag   int     // steps between a parallel fibre's activity and its error
	Decay float64 // ms; 0: none

	xs   [][]float32 // ring of the last Lag+1 presynaptic vectors
	w0   []float32   // the initial weights (Decay's rest)
	keep float32     // the share of a weight's distance to w0 an update keeps (1: no decay)
}

func (r *ClimbingFibre) Name() string { return "climbing_fibre" }

// Bind checks the error population (as many units as targets, or one)
// and allocates the history.
func (r *ClimbingFibre) Bind(p *Projection, b Binding) error {
	if err := r.bind(p, b, -1); err != nil {
		return err
	}
	if n := len(r.extra[0]); n != p.NPost && n != 1 {
		return fmt.Errorf("climbing_fibre: the error population has %d units; want one per target (%d) or one for all", n, p.NPost)
	}
	if r.Lag < 0 || !(r.Decay >= 0) {
		return fmt.Errorf("climbing_fibre: lag %d steps and decay %g ms, want both >= 0", r.Lag, r.Decay)
	}
	r.xs = make([][]float32, r.Lag+1)
	for i := range r.xs {
		r.xs[i] = make([]float32, p.NPre)
	}
	r.w0 = append([]float32(nil), p.Weights...)
	r.keep = 1
	if r.Decay > 0 {
		r.keep = float32(math.Exp(-float64(r.Every) * r.dt / r.Decay))
	}
	return nil
}

// Step keeps the presynaptic history every step and learns when due.
func (r *ClimbingFibre) Step(p *Projection, t int64, mod *Modulators) {
	n := int64(len(r.xs))
	copy(r.xs[t%n], r.pre)
	if !r.due(t) || t < int64(r.Lag) {
		return
	}
	lr := r.rate(mod)
	x := r.xs[(t-int64(r.Lag))%n]
	e := r.extra[0]
	w, f := p.Weights, r.keep
	for i := 0; i < p.NPre; i++ {
		xi := float64(x[i])
		lo, hi := p.row(i)
		for k := lo; k < hi; k++ {
			j := p.Targets[k]
			ej := e[0]
			if len(e) > 1 {
				ej = e[j]
			}
			wk := w[k]
			if f != 1 {
				wk = r.w0[k] + (wk-r.w0[k])*f
			}
			w[k] = r.clip(float64(wk) - lr*(float64(ej)-r.E0)*xi)
		}
	}
}
