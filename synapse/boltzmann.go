package synapse

import (
	"fmt"
	"sort"
)

// Boltzmann is the learning rule of the Boltzmann machine (Ackley, Hinton
// & Sejnowski 1985) on a projection between populations of binary units
// (neuron.Binary; a bias is a projection from a unit that is always on).
// The protocol around the network (an environment) sets Phase: while it is
// +1 (the clamped, wake phase) every step adds x_i·y_j of every synapse to
// the clamped co-occurrence, while it is −1 (the free-running, sleep
// phase) to the free one. Apply then moves every weight by the difference
// of the averages,
//
//	Δw_ij = lr·(1 + surprise)·(⟨x_i y_j⟩⁺ − ⟨x_i y_j⟩⁻)
//
// (AHS's proportional rule; their ε is lr), at the rule's next step, and
// clears the statistics. The weights of a Boltzmann machine are symmetric:
// the reverse projection (Tie) holds the transpose and follows every
// change. Every, the update period of the other activity rules, is unused.
type Boltzmann struct {
	Activity
	// Phase selects the statistics the steps collect: +1 clamped, −1 free,
	// 0 none. Set it only while no region runs.
	Phase int

	plus, minus   []float64
	nPlus, nMinus int64
	pending       bool
	tie           *Projection
	tieIdx        []int // tieIdx[k]: the index in tie of synapse k's reverse
}

func (r *Boltzmann) Name() string { return "boltzmann" }

// Bind allocates the statistics.
func (r *Boltzmann) Bind(p *Projection, b Binding) error {
	if err := r.bind(p, b); err != nil {
		return err
	}
	r.plus = make([]float64, p.Len())
	r.minus = make([]float64, p.Len())
	return nil
}

// Tie makes q, a projection from p's target to p's source, hold the
// transpose of p's weights: every synapse i → j of p needs a synapse j → i
// in q. Call it after Bind.
func (r *Boltzmann) Tie(p, q *Projection) error {
	if q.NPre != p.NPost || q.NPost != p.NPre {
		return fmt.Errorf("tie: %s is %d x %d, the reverse of %d x %d", q.Name, q.NPre, q.NPost, p.NPre, p.NPost)
	}
	if q.Len() != p.Len() {
		return fmt.Errorf("tie: %s has %d synapses, %s %d; a tied pair has the same synapses both ways", q.Name, q.Len(), p.Name, p.Len())
	}
	r.tieIdx = make([]int, p.Len())
	for i := 0; i < p.NPre; i++ {
		lo, hi := p.row(i)
		for k := lo; k < hi; k++ {
			j := int(p.Targets[k])
			qlo, qhi := q.row(j)
			row := q.Targets[qlo:qhi]
			m := sort.Search(len(row), func(m int) bool { return row[m] >= uint32(i) })
			if m == len(row) || row[m] != uint32(i) {
				return fmt.Errorf("tie: %s has a synapse %d -> %d but %s none %d -> %d", p.Name, i, j, q.Name, j, i)
			}
			r.tieIdx[k] = qlo + m
		}
	}
	q.MaterializeWeights()
	r.tie = q
	r.mirror(p)
	return nil
}

// mirror copies the weights into the tied projection.
func (r *Boltzmann) mirror(p *Projection) {
	if r.tie == nil {
		return
	}
	for k, q := range r.tieIdx {
		r.tie.Weights[q] = p.Weights[k]
	}
}

// Apply asks for the weight update at the rule's next step (call it only
// while no region runs).
func (r *Boltzmann) Apply() { r.pending = true }

// Reset sets every weight to w (and the tied ones), clears the statistics
// and drops a pending update: a restart. Call it only while no region runs.
func (r *Boltzmann) Reset(p *Projection, w float32) {
	for k := range p.Weights {
		p.Weights[k] = w
	}
	r.mirror(p)
	clear(r.plus)
	clear(r.minus)
	r.nPlus, r.nMinus, r.pending = 0, 0, false
}

func (r *Boltzmann) Step(p *Projection, t int64, mod *Modulators) {
	if r.pending {
		r.pending = false
		if r.nPlus > 0 && r.nMinus > 0 && (r.learn == nil || *r.learn) {
			lr := r.rate(mod)
			fp, fm := 1/float64(r.nPlus), 1/float64(r.nMinus)
			w := p.Weights
			for k := range w {
				w[k] = r.clip(float64(w[k]) + lr*(r.plus[k]*fp-r.minus[k]*fm))
			}
			r.mirror(p)
		}
		clear(r.plus)
		clear(r.minus)
		r.nPlus, r.nMinus = 0, 0
	}
	var acc []float64
	switch r.Phase {
	case 1:
		acc = r.plus
		r.nPlus++
	case -1:
		acc = r.minus
		r.nMinus++
	default:
		return
	}
	for i := 0; i < p.NPre; i++ {
		xi := float64(r.pre[i])
		if xi == 0 {
			continue
		}
		lo, hi := p.row(i)
		for k := lo; k < hi; k++ {
			acc[k] += xi * float64(r.post[p.Targets[k]])
		}
	}
}
