package synapse

import (
	"errors"
	"math"
)

// TD is a temporal-difference critic (Sutton 1988; as a model of midbrain
// dopamine, Montague, Dayan & Sejnowski 1996 and Schultz, Dayan & Montague
// 1997) on the projection from a state representation x (e.g. a tapped
// delay line of a cue) to a value population whose summed activity is the
// prediction V = Σ_j y_j. Its binding's Extra[0] is the reward population
// (the reward is its summed activity).
//
// The value reads the state with a lag of L = delay + 1 steps (the
// projection's delay, then one step for the target to integrate its
// input), so the rule pairs the value at step t with the state and the
// reward of environment time τ = t − L:
//
//	δ(t) = r(t−L) + γ·V(t) − V(t−1)
//	e_i ← γλ·e_i + x_i(t−L−1)
//	w_ij ← w_ij + lr·δ(t)·e_i
//
// which is tabular TD(λ) (rl.TD) when x is one-hot. γ is Gamma, or the
// level of the discount modulator (serotonin, after Doya 2002: it sets the
// time scale of reward prediction) when UseDiscount is set. δ is computed
// every step, also while learning is gated off, and released into the
// modulator Mod (dopamine) at step t when Emit is set: a modulator fed by
// a critic then holds level₀ + δ from the next step on (see cortex). The
// rule needs one delay for all synapses and Every = 1.
type TD struct {
	Activity
	Gamma       float64
	Lambda      float64
	UseDiscount bool
	Emit        bool
	Mod         Modulator

	// Delta is the last δ and Value the last V.
	Delta, Value float64

	lag   int
	xs    [][]float32 // ring of the last lag+2 state vectors
	rs    []float64   // ring of the last lag+2 rewards
	elig  []float64   // per source
	vPrev float64
}

func (r *TD) Name() string { return "td" }

// Bind checks the delay and allocates the history.
func (r *TD) Bind(p *Projection, b Binding) error {
	if err := r.bind(p, b, -1); err != nil {
		return err
	}
	if p.Delays8 != nil || p.Delays != nil {
		return errors.New("td: the rule needs one delay for all synapses")
	}
	if r.Every != 1 {
		return errors.New("td: the critic updates every step (every = dt)")
	}
	r.lag = p.Delay + 1
	n := r.lag + 2
	r.xs = make([][]float32, n)
	for k := range r.xs {
		r.xs[k] = make([]float32, p.NPre)
	}
	r.rs = make([]float64, n)
	r.elig = make([]float64, p.NPre)
	return nil
}

func (r *TD) Step(p *Projection, t int64, mod *Modulators) {
	n := int64(len(r.xs))
	slot := int(t % n)
	copy(r.xs[slot], r.pre)
	var rew, v float64
	for _, x := range r.extra[0] {
		rew += float64(x)
	}
	for _, y := range r.post {
		v += float64(y)
	}
	r.rs[slot] = rew
	gamma := r.Gamma
	if r.UseDiscount {
		gamma = mod[Discount]
	}
	// Ring slots of environment times t−L and t−L−1 (zero before step 0).
	at := func(back int64) int { return int(((t-back)%n + n) % n) }
	d := r.rs[at(int64(r.lag))] + gamma*v - r.vPrev
	r.Delta, r.Value, r.vPrev = d, v, v
	if r.Emit && r.release != nil && d != 0 {
		r.release(r.Mod, d, t)
	}
	x := r.xs[at(int64(r.lag)+1)]
	if t < int64(r.lag)+1 {
		x = nil // no state before step 0
	}
	gl := gamma * r.Lambda
	for i := range r.elig {
		e := gl * r.elig[i]
		if x != nil {
			e += float64(x[i])
		}
		r.elig[i] = e
	}
	if !r.due(t) || d == 0 {
		return
	}
	step := r.rate(mod) * d
	w := p.Weights
	for i, e := range r.elig {
		if e == 0 {
			continue
		}
		lo, hi := p.row(i)
		for k := lo; k < hi; k++ {
			w[k] = r.clip(float64(w[k]) + step*e)
		}
	}
}

// ThreeFactor is a three-factor rule for an actor (a neo-Hebbian rule
// gated by a neuromodulator; Frémaux & Gerstner 2016): every step each
// synapse's eligibility decays and takes the Hebbian product,
//
//	e_ij ← e_ij·exp(−dt/TauE) + x_i·y_j
//
// and every Every steps the weight moves by the modulator signal M times
// the eligibility,
//
//	w_ij ← w_ij + lr·M·e_ij,   M = dopamine − punishment
//
// dopamine is the reward-prediction error of a critic and punishment an
// aversive channel of the opposite sign (after Daw, Kakade & Dayan 2002),
// so a punishment level depresses the synapses that were eligible.
type ThreeFactor struct {
	Activity
	TauE float64 // eligibility time constant, ms
	// E is the eligibility of every synapse (parallel to the weights).
	E []float32

	f float32
}

func (r *ThreeFactor) Name() string { return "three_factor" }

func (r *ThreeFactor) Bind(p *Projection, b Binding) error {
	if err := r.bind(p, b); err != nil {
		return err
	}
	if !(r.TauE > 0) {
		return errors.New("three_factor: tau_e must be > 0")
	}
	r.E = make([]float32, p.Len())
	r.f = float32(math.Exp(-b.Dt / r.TauE))
	return nil
}

func (r *ThreeFactor) Step(p *Projection, t int64, mod *Modulators) {
	e, f := r.E, r.f
	for i := 0; i < p.NPre; i++ {
		xi := r.pre[i]
		lo, hi := p.row(i)
		if xi == 0 {
			for k := lo; k < hi; k++ {
				e[k] *= f
			}
			continue
		}
		for k := lo; k < hi; k++ {
			e[k] = e[k]*f + xi*r.post[p.Targets[k]]
		}
	}
	m := mod[Dopamine] - mod[Punishment]
	if !r.due(t) || m == 0 {
		return
	}
	step := r.rate(mod) * m
	w := p.Weights
	for k, ek := range e {
		if ek != 0 {
			w[k] = r.clip(float64(w[k]) + step*float64(ek))
		}
	}
}
