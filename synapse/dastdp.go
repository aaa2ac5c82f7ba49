package synapse

import (
	"errors"
	"fmt"
	"math"
)

// DASTDP is dopamine-modulated STDP, the three-factor rule of Izhikevich
// (2007, "Solving the distal reward problem through linkage of STDP and
// dopamine signaling", Cereb. Cortex 17:2443), as his daspnet.m code runs
// it. STDP does not change the weight w of a synapse; it changes its
// eligibility trace c (in the unit of the weight):
//
//   - a presynaptic spike arriving at the synapse at step t_pre (emission +
//     delay, as in STDP) and a postsynaptic spike at t_post ≥ t_pre give
//     c += APlus·exp(−(t_post − t_pre)/TauPlus);
//   - a post spike at t_post < t_pre gives c −= AMinus·exp(−(t_pre −
//     t_post)/TauMinus).
//
// Pairs are counted through one trace per neuron (not per synapse): with
// Nearest each spike sets its neuron's trace to 1 (daspnet's STDP(fired) =
// 0.1 with A+ = 0.1), otherwise it adds 1. Within a step, arrivals are
// processed before the target's spikes (Δt = 0 potentiates).
//
// Every Every steps (daspnet: 10 ms) the eligibility becomes a weight change
// gated by the modulator level d (synapse.Dopamine unless Mod is set; for
// dopamine, d is the dopamine level minus the punishment level, the
// aversive channel of the opposite sign), and then decays:
//
//	w ← clip(w + (Tonic + d(t))·c, WMin, WMax),  c ← c·exp(−Every·dt/TauC)
//
// which is dw/dt = c·(d + Tonic)/Every, dc/dt = −c/TauC + STDP. daspnet:
// Every 10 ms, TauC 1 s (its sd ← 0.99·sd), Tonic 0.002, APlus 0.1,
// AMinus 0.15, TauPlus = TauMinus = 20 ms (its 0.95 per ms), WMin 0, WMax
// 4; its dopamine decays with τ 200 ms (0.995 per ms), which is the
// network's business (cortex.Network.ModTau), not the rule's.
//
// Times in ms. One DASTDP value serves one projection with one delay for
// all its synapses. Allocation-free once attached.
type DASTDP struct {
	TauPlus, TauMinus float64 // ms
	APlus, AMinus     float64 // eligibility increments, in the unit of the weight
	TauC              float64 // eligibility time constant, ms
	Every             float64 // weight update period, ms (rounded to steps, at least 1)
	Tonic             float64 // tonic modulator level added to d
	WMin, WMax        float32 // hard bounds, in the unit of the weight
	Nearest           bool    // traces are set to 1 at a spike instead of += 1
	Mod               Modulator

	// C is the eligibility trace of every synapse (parallel to the
	// projection's Weights), allocated at Attach.
	C []float32

	pre, post  daTraces
	idx        *TargetIndex
	arrivals   arrivalQueue
	every      int64
	cDecay     float32
	lastUpdate int64 // step of the last weight update, -1: none
}

// NewDASTDP returns the rule with the parameters of Izhikevich's daspnet.m
// (see DASTDP), dopamine as the modulator.
func NewDASTDP() *DASTDP {
	return &DASTDP{TauPlus: 20, TauMinus: 20, APlus: 0.1, AMinus: 0.15, TauC: 1000, Every: 10,
		Tonic: 0.002, WMin: 0, WMax: 4, Nearest: true, Mod: Dopamine}
}

func (r *DASTDP) Name() string { return "da_stdp" }

// Index returns the target index built at Attach (nil before).
func (r *DASTDP) Index() *TargetIndex { return r.idx }

// LastUpdate is the step of the last weight update (-1: none yet).
func (r *DASTDP) LastUpdate() int64 { return r.lastUpdate }

// daTraces are per-neuron exponential traces, stored as the value just
// after the last update and the step of that update (read lazily, as
// STDP's traces).
type daTraces struct {
	last []int64
	v    []float64
	tab  []float64 // tab[d] = exp(−d·dt/τ)
	k    float64
}

func newDATraces(n int, tau, dt float64) daTraces {
	tr := daTraces{last: make([]int64, n), v: make([]float64, n), k: dt / tau}
	m := min(int(math.Ceil(40/tr.k))+1, 1<<16)
	tr.tab = make([]float64, m)
	for d := range tr.tab {
		tr.tab[d] = math.Exp(-float64(d) * tr.k)
	}
	return tr
}

func (tr *daTraces) at(i uint32, t int64) float64 {
	v := tr.v[i]
	if v == 0 {
		return 0
	}
	d := t - tr.last[i]
	if uint64(d) < uint64(len(tr.tab)) {
		return v * tr.tab[d]
	}
	return v * math.Exp(-float64(d)*tr.k)
}

func (tr *daTraces) spike(i uint32, t int64, nearest bool) {
	if nearest {
		tr.v[i] = 1
	} else {
		tr.v[i] = tr.at(i, t) + 1
	}
	tr.last[i] = t
}

// Attach checks p, materializes its weights and allocates the eligibility,
// the traces, the target index and the arrival queue.
func (r *DASTDP) Attach(p *Projection, dt float64) error {
	if p.rowIdx != nil {
		return errors.New("synapse: da_stdp cannot attach to a view")
	}
	if p.Delays8 != nil || p.Delays != nil {
		return errors.New("da_stdp needs one delay for all synapses of the projection (per-neuron traces); it has per-synapse delays")
	}
	if !(r.TauPlus > 0 && r.TauMinus > 0 && r.TauC > 0 && r.Every > 0) {
		return errors.New("da_stdp: tau_plus, tau_minus, tau_c and every must be > 0")
	}
	if r.WMin > r.WMax {
		return fmt.Errorf("da_stdp: w_min %g > w_max %g", r.WMin, r.WMax)
	}
	if r.Mod < 0 || r.Mod >= NumModulators {
		return fmt.Errorf("da_stdp: unknown modulator %d", r.Mod)
	}
	p.MaterializeWeights()
	r.C = make([]float32, p.Len())
	r.pre = newDATraces(p.NPre, r.TauPlus, dt)
	r.post = newDATraces(p.NPost, r.TauMinus, dt)
	r.idx = NewTargetIndex(p)
	r.arrivals = newArrivalQueue(p)
	r.every = max(int64(math.Round(r.Every/dt)), 1)
	r.cDecay = float32(math.Exp(-float64(r.every) * dt / r.TauC))
	r.lastUpdate = -1
	return nil
}

// OnPre queues the spikes the sources emitted at step t for their arrival
// at t + delay.
func (r *DASTDP) OnPre(p *Projection, t int64, spikes []uint32) {
	r.arrivals.push(t, spikes)
}

// OnPost processes the arrivals up to step t, then raises the eligibility
// of the synapses into every target that spiked at t by the sources'
// traces.
func (r *DASTDP) OnPost(p *Projection, t int64, spikes []uint32) {
	r.flush(p, t)
	idx, c, a := r.idx, r.C, r.APlus
	for _, j := range spikes {
		ks, src := idx.K[idx.Off[j]:idx.Off[j+1]], idx.Src[idx.Off[j]:idx.Off[j+1]]
		src = src[:len(ks)]
		if a != 0 {
			for q, k := range ks {
				if x := r.pre.at(src[q], t); x != 0 {
					c[k] += float32(a * x)
				}
			}
		}
		r.post.spike(j, t, r.Nearest)
	}
}

// Step processes the arrivals up to step t and, at the end of every update
// period, turns the eligibility into weight changes with the level of the
// modulator at t.
func (r *DASTDP) Step(p *Projection, t int64, mod *Modulators) {
	r.flush(p, t)
	if (t+1)%r.every != 0 {
		return
	}
	g := r.Tonic + mod[r.Mod]
	if r.Mod == Dopamine {
		g -= mod[Punishment]
	}
	daUpdate(p.Weights, r.C, float32(g), r.WMin, r.WMax, r.cDecay)
	r.lastUpdate = t
}

// daUpdate sets w[k] = clip(w[k] + g·c[k], lo, hi) and c[k] *= f for every
// synapse; on amd64 with AVX it is the assembly kernel (dastdp_amd64.go),
// which gives the same values (the product and the sum are rounded
// separately in both).
var daUpdate = daUpdateGeneric

func daUpdateGeneric(w, c []float32, g, lo, hi, f float32) {
	w = w[:len(c)]
	for k, x := range c {
		w[k] = min(max(w[k]+float32(g*x), lo), hi)
		c[k] = x * f
	}
}

func (r *DASTDP) flush(p *Projection, t int64) {
	r.arrivals.flush(t, func(i uint32, s int64) { r.arrive(p, i, s) })
}

// arrive lowers the eligibility of the synapses of source i by the
// targets' traces at the arrival step t, then updates i's trace.
func (r *DASTDP) arrive(p *Projection, i uint32, t int64) {
	if r.AMinus != 0 {
		lo, hi := p.row(int(i))
		tg, c := p.Targets[lo:hi], r.C[lo:hi]
		c = c[:len(tg)]
		for k, j := range tg {
			if x := r.post.at(j, t); x != 0 {
				c[k] -= float32(r.AMinus * x)
			}
		}
	}
	r.pre.spike(i, t, r.Nearest)
}
