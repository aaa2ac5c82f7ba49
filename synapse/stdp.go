package synapse

import (
	"errors"
	"fmt"
	"math"
)

// Spike-timing-dependent plasticity. A rule is a timing rule times a weight
// dependence, as PyNN's STDPMechanism composes them:
//
//   - the timing rule (PairTiming, TripletTiming) says how much a pair or
//     triplet of spikes potentiates or depresses, through traces stored per
//     neuron (one value and one last-update step per neuron and trace, not
//     per synapse), allocated only for the traces a rule needs;
//   - the weight dependence (WeightDependence) turns that amount into a
//     weight change: additive (Δw = A·K·w_max, hard bounds) or
//     multiplicative (Δw+ = A+·K·(w_max − w), Δw− = −A−·K·(w − w_min), soft
//     bounds), clipped to [w_min, w_max] unless the bounds are soft.
//
// Timing convention. The time of a presynaptic spike is its arrival at the
// synapse, emission + delay (Brian2's on_pre with a delay; NEST's dendritic
// delay): Δt = t_post − (t_pre + d). A plastic projection therefore needs
// one delay for all its synapses (per-neuron traces of the source are then
// the same at every synapse of its row). Arrivals are queued when the
// source spikes and processed at their arrival step. Within one step, the
// arrivals of that step are processed before the spikes the target emits in
// it: a pair with Δt = 0 potentiates (by A+) and does not depress.
//
// Traces decay exactly: a trace keeps its value at its last update and is
// read at step t as value·exp(−(t − last)·dt/τ), the factor looked up in a
// table by elapsed steps (computed with math.Exp beyond the table). Spikes
// then cost time in proportion to the synapses they touch, and quiet steps
// cost nothing.

// Pairing says which spike pairs a pair rule counts.
type Pairing uint8

const (
	// PairAllToAll: every pre spike pairs with every post spike (traces add 1
	// per spike).
	PairAllToAll Pairing = iota
	// PairNearest: each spike pairs only with the nearest preceding spike of
	// the other side (traces are reset to 1 per spike; NEST's
	// stdp_nn_symm_synapse, Morrison et al. 2008 Fig. 7B).
	PairNearest
)

// PairTiming is the pair-based timing rule (PyNN SpikePairRule): a pre spike
// arriving Δt = t_post − t_pre > 0 before a post spike potentiates by
// A+·exp(−Δt/τ+), one arriving after it (Δt < 0) depresses by
// A−·exp(Δt/τ−); times in ms, A+ and A− dimensionless (scaled by the
// weight dependence).
type PairTiming struct {
	TauPlus, TauMinus float64 // ms
	APlus, AMinus     float64
	Pairing           Pairing
}

// TripletTiming is the triplet rule of Pfister & Gerstner (2006), all-to-all:
// presynaptic traces r1 (τ+) and r2 (τx), postsynaptic traces o1 (τ−) and
// o2 (τy), each += 1 per spike of its neuron. At a pre arrival
// Δ = −o1·(A2− + A3−·r2), at a post spike Δ = +r1·(A2+ + A3+·o2), where r2
// and o2 are read just before the neuron's own increment. The minimal model
// has A3− = 0 (then r2 is not stored). Times in ms.
//
// With Pairing PairNearest every trace is set to 1 at a spike of its
// neuron instead of adding 1 (traces remember the last spike only). That
// is Diehl & Cook's (2015) rule: their Brian code sets pre = 1 at a pre
// spike and w -= ν_pre·post1, and at a post spike w += ν_post·pre·post2
// (post2 read before it is set to 1): τ+ = τ− = 20 ms, τy = 40 ms, A3+ =
// 0.01, A2− = 0.0001; NearestTriplet runs it with a delay per synapse.
type TripletTiming struct {
	TauPlus, TauMinus, TauX, TauY float64 // ms
	A2Plus, A3Plus                float64
	A2Minus, A3Minus              float64
	Pairing                       Pairing
}

// Pfister & Gerstner (2006), Table 4: minimal all-to-all models.
var (
	// TripletVisualCortex fits the visual cortex data of Sjöström et al.
	// (2001).
	TripletVisualCortex = TripletTiming{TauPlus: 16.8, TauMinus: 33.7, TauX: 101, TauY: 125,
		A2Plus: 5e-10, A3Plus: 6.2e-3, A2Minus: 7e-3, A3Minus: 0}
	// TripletHippocampal fits the hippocampal data of Wang et al. (2005).
	TripletHippocampal = TripletTiming{TauPlus: 16.8, TauMinus: 33.7, TauX: 946, TauY: 40,
		A2Plus: 5.3e-3, A3Plus: 8e-3, A2Minus: 3.5e-3, A3Minus: 0}
)

// Dependence is the kind of weight dependence.
type Dependence uint8

const (
	// Additive: Δw+ = A+·K·w_max, Δw− = −A−·K·w_max (PyNN
	// AdditiveWeightDependence), where K is the trace term of the timing
	// rule.
	Additive Dependence = iota
	// Multiplicative: Δw+ = A+·K·(w_max − w), Δw− = −A−·K·(w − w_min)
	// (PyNN MultiplicativeWeightDependence).
	Multiplicative
)

// WeightDependence turns the trace term of a timing rule into a weight
// change. WMin and WMax are in the weight's unit. Hard bounds clip w into
// [WMin, WMax] after every change; Soft leaves w unclipped, for
// multiplicative dependence whose changes shrink near the bounds.
type WeightDependence struct {
	Kind       Dependence
	WMin, WMax float32
	Soft       bool
}

// potentiate returns w changed by the positive trace term a.
func (d *WeightDependence) potentiate(w float32, a float64) float32 {
	if d.Kind == Additive {
		w += float32(a) * d.WMax
	} else {
		w += float32(a) * (d.WMax - w)
	}
	if !d.Soft && w > d.WMax {
		w = d.WMax
	}
	return w
}

// depress returns w changed by the negative trace term −a (a ≥ 0).
func (d *WeightDependence) depress(w float32, a float64) float32 {
	if d.Kind == Additive {
		w -= float32(a) * d.WMax
	} else {
		w -= float32(a) * (w - d.WMin)
	}
	if !d.Soft && w < d.WMin {
		w = d.WMin
	}
	return w
}

// decay is exp(−d·dt/τ) for d elapsed steps.
type decay struct {
	tab []float64
	k   float64 // dt/τ
}

// maxDecayTable bounds the decay tables (entries).
const maxDecayTable = 1 << 16

func newDecay(tau, dt float64) decay {
	k := dt / tau
	n := min(int(math.Ceil(40/k))+1, maxDecayTable)
	tab := make([]float64, n)
	for d := range tab {
		tab[d] = math.Exp(-float64(d) * k)
	}
	return decay{tab: tab, k: k}
}

func (c *decay) f(d int64) float64 {
	if uint64(d) < uint64(len(c.tab)) {
		return c.tab[d]
	}
	return math.Exp(-float64(d) * c.k)
}

// traces are the traces of one side (the sources or the targets) of a
// projection: per neuron the step of the last update and the value of each
// trace just after it. b is nil when the rule needs one trace only.
type traces struct {
	last   []int64
	a, b   []float64
	da, db decay
}

func newTraces(n int, tauA, tauB, dt float64, needB bool) traces {
	tr := traces{last: make([]int64, n), a: make([]float64, n), da: newDecay(tauA, dt)}
	if needB {
		tr.b = make([]float64, n)
		tr.db = newDecay(tauB, dt)
	}
	return tr
}

// A reads trace a of neuron i at step t.
func (tr *traces) A(i uint32, t int64) float64 {
	v := tr.a[i]
	if v == 0 { // never spiked: skip the lookup (and math.Exp past the table)
		return 0
	}
	return v * tr.da.f(t-tr.last[i])
}

// B reads trace b of neuron i at step t (0 without trace b).
func (tr *traces) B(i uint32, t int64) float64 {
	if tr.b == nil {
		return 0
	}
	return tr.b[i] * tr.db.f(t-tr.last[i])
}

// spike records a spike of neuron i at step t: traces += 1 (all-to-all) or
// = 1 (nearest).
func (tr *traces) spike(i uint32, t int64, nearest bool) {
	d := t - tr.last[i]
	a := tr.a[i] * tr.da.f(d)
	if nearest {
		a = 0
	}
	tr.a[i] = a + 1
	if tr.b != nil {
		if nearest {
			tr.b[i] = 1
		} else {
			tr.b[i] = tr.b[i]*tr.db.f(d) + 1
		}
	}
	tr.last[i] = t
}

// TargetIndex lists the synapses into every target of a projection
// (compressed sparse column): the synapses into target j are K[q] for q in
// [Off[j], Off[j+1]), in increasing k, from the sources Src[q].
type TargetIndex struct {
	Off []int
	K   []uint32
	Src []uint32
}

// NewTargetIndex builds the target index of p (a whole projection, not a
// view).
func NewTargetIndex(p *Projection) *TargetIndex {
	x := &TargetIndex{Off: make([]int, p.NPost+1), K: make([]uint32, p.Len()), Src: make([]uint32, p.Len())}
	for _, j := range p.Targets {
		x.Off[j+1]++
	}
	for j := 0; j < p.NPost; j++ {
		x.Off[j+1] += x.Off[j]
	}
	next := make([]int, p.NPost)
	copy(next, x.Off)
	for i := 0; i < p.NPre; i++ {
		lo, hi := p.row(i)
		for k := lo; k < hi; k++ {
			j := p.Targets[k]
			q := next[j]
			next[j]++
			x.K[q], x.Src[q] = uint32(k), uint32(i)
		}
	}
	return x
}

// Normalize scales the weights w into every target that has any so that
// they sum to total (Diehl & Cook's weight normalisation); targets whose
// weights sum to zero are left alone.
func (x *TargetIndex) Normalize(w []float32, total float32) {
	for j := 0; j+1 < len(x.Off); j++ {
		ks := x.K[x.Off[j]:x.Off[j+1]]
		var s float64
		for _, k := range ks {
			s += float64(w[k])
		}
		if s == 0 {
			continue
		}
		f := float32(float64(total) / s)
		for _, k := range ks {
			w[k] *= f
		}
	}
}

// Attacher is a rule that prepares itself for a projection when it is
// attached (Build calls Attach with the step dt in ms): it checks that it
// can work on p, allocates its state and materializes weights.
type Attacher interface {
	Attach(p *Projection, dt float64) error
}

// STDP is a spike-timing-dependent plasticity rule: a pair or triplet
// timing rule times a weight dependence (see the top of this file for the
// equations and the timing convention). Make it with NewPairSTDP or
// NewTripletSTDP; one STDP value serves one projection.
type STDP struct {
	Dep WeightDependence

	name                          string
	tauPlus, tauMinus, tauX, tauY float64
	a2p, a3p, a2m, a3m            float64
	nearest                       bool

	pre, post traces
	idx       *TargetIndex
	arrivals  arrivalQueue
}

// NewPairSTDP makes a pair-based STDP rule.
func NewPairSTDP(t PairTiming, d WeightDependence) *STDP {
	return &STDP{Dep: d, name: "stdp", tauPlus: t.TauPlus, tauMinus: t.TauMinus,
		a2p: t.APlus, a2m: t.AMinus, nearest: t.Pairing == PairNearest}
}

// NewTripletSTDP makes a triplet STDP rule (all-to-all, or nearest-spike
// with t.Pairing = PairNearest).
func NewTripletSTDP(t TripletTiming, d WeightDependence) *STDP {
	return &STDP{Dep: d, name: "triplet", tauPlus: t.TauPlus, tauMinus: t.TauMinus, tauX: t.TauX, tauY: t.TauY,
		a2p: t.A2Plus, a3p: t.A3Plus, a2m: t.A2Minus, a3m: t.A3Minus, nearest: t.Pairing == PairNearest}
}

func (r *STDP) Name() string { return r.name }

// Index returns the target index built at Attach (nil before).
func (r *STDP) Index() *TargetIndex { return r.idx }

// LastPre and LastPost are the steps of the last spike arrival from source
// i and of the last spike of target j (-1: none yet).
func (r *STDP) LastPre(i int) int64 {
	if r.pre.a[i] == 0 {
		return -1
	}
	return r.pre.last[i]
}

func (r *STDP) LastPost(j int) int64 {
	if r.post.a[j] == 0 {
		return -1
	}
	return r.post.last[j]
}

// Attach checks p, gives it per-synapse weights and allocates the traces,
// the target index and the arrival queue.
func (r *STDP) Attach(p *Projection, dt float64) error {
	if p.rowIdx != nil {
		return errors.New("synapse: STDP cannot attach to a view")
	}
	if p.Delays8 != nil || p.Delays != nil {
		return fmt.Errorf("%s needs one delay for all synapses of the projection (per-neuron traces); it has per-synapse delays", r.name)
	}
	if !(r.tauPlus > 0 && r.tauMinus > 0) || (r.a3m != 0 && !(r.tauX > 0)) || (r.a3p != 0 && !(r.tauY > 0)) {
		return fmt.Errorf("%s: time constants must be > 0", r.name)
	}
	if r.Dep.WMin > r.Dep.WMax {
		return fmt.Errorf("%s: w_min %g > w_max %g", r.name, r.Dep.WMin, r.Dep.WMax)
	}
	p.MaterializeWeights()
	r.pre = newTraces(p.NPre, r.tauPlus, r.tauX, dt, r.a3m != 0)
	r.post = newTraces(p.NPost, r.tauMinus, r.tauY, dt, r.a3p != 0)
	r.idx = NewTargetIndex(p)
	r.arrivals = newArrivalQueue(p)
	return nil
}

// OnPre queues the spikes the sources emitted at step t for their arrival
// at t + delay.
func (r *STDP) OnPre(p *Projection, t int64, spikes []uint32) {
	r.arrivals.push(t, spikes)
}

// OnPost processes the arrivals up to step t, then potentiates the synapses
// into every target that spiked at t and updates its traces.
func (r *STDP) OnPost(p *Projection, t int64, spikes []uint32) {
	r.flush(p, t)
	w, idx := p.Weights, r.idx
	for _, j := range spikes {
		c := r.a2p + r.a3p*r.post.B(j, t)
		ks, src := idx.K[idx.Off[j]:idx.Off[j+1]], idx.Src[idx.Off[j]:idx.Off[j+1]]
		src = src[:len(ks)]
		if c != 0 {
			if r.Dep.Kind == Additive && !r.Dep.Soft {
				for q, k := range ks {
					a := r.pre.A(src[q], t) * c
					w[k] = min(w[k]+float32(a)*r.Dep.WMax, r.Dep.WMax)
				}
			} else {
				for q, k := range ks {
					w[k] = r.Dep.potentiate(w[k], r.pre.A(src[q], t)*c)
				}
			}
		}
		r.post.spike(j, t, r.nearest)
	}
}

// Step processes the arrivals up to step t.
func (r *STDP) Step(p *Projection, t int64, _ *Modulators) { r.flush(p, t) }

// flush processes the arrivals of the steps after the last flushed one up
// to t: each depresses the synapses of its row by the targets' traces,
// then updates its source's traces.
func (r *STDP) flush(p *Projection, t int64) {
	r.arrivals.flush(t, func(i uint32, s int64) { r.arrive(p, i, s) })
}

func (r *STDP) arrive(p *Projection, i uint32, t int64) {
	c := r.a2m + r.a3m*r.pre.B(i, t)
	if c != 0 {
		lo, hi := p.row(int(i))
		tg, w := p.Targets[lo:hi], p.Weights[lo:hi]
		w = w[:len(tg)]
		if r.Dep.Kind == Additive && !r.Dep.Soft {
			for k, j := range tg {
				a := r.post.A(j, t) * c
				w[k] = max(w[k]-float32(a)*r.Dep.WMax, r.Dep.WMin)
			}
		} else {
			for k, j := range tg {
				w[k] = r.Dep.depress(w[k], r.post.A(j, t)*c)
			}
		}
	}
	r.pre.spike(i, t, r.nearest)
}
