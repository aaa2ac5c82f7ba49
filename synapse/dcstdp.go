package synapse

import (
	"fmt"
	"math"
)

// NearestTriplet is the STDP of Diehl & Cook (2015) as their Brian 1
// script runs it: the nearest-spike minimal triplet rule of Pfister &
// Gerstner (2006) with additive hard bounds, on synapses each with a delay
// of its own. Each synapse k keeps the step of the last spike that arrived
// at it (emission + its delay), each target j the step of its last spike,
// and the traces are decay functions of those times (nearest-spike: a
// spike sets its trace to 1):
//
//   - at an arrival at k: w_k ← max(w_k − NuPre·WMax·post1_j, WMin), then
//     pre_k = 1 (Brian 1 runs the pre code when the spike arrives);
//   - at a spike of target j: w_k ← min(w_k + NuPost·WMax·pre_k·post2_j,
//     WMax) for every synapse k into j, with post2_j read before the
//     spike; then post1_j = post2_j = 1;
//
// with pre decaying with TauPre, post1 with TauPost1, post2 with
// TauPost2. Arrivals of a step come before the targets' spikes of that
// step (the pre code of a spike arriving with the post spike depresses,
// and the post code then sees pre = 1), as Brian orders them when the
// source is stepped first. Diehl & Cook: ν_pre 0.0001, ν_post 0.01, τ_pre
// 20 ms, τ_post1 20 ms, τ_post2 40 ms, w in [0, 1]. Times in ms.
type NearestTriplet struct {
	NuPre, NuPost              float64
	TauPre, TauPost1, TauPost2 float64
	WMin, WMax                 float32
	// Learn, when not nil, gates the rule: while false nothing changes.
	Learn *bool

	lastArr  []int64 // per synapse
	lastPost []int64 // per target
	pre, p1  []float32
	p2       []float32
	idx      *TargetIndex
	byDelay  []int32 // per row, the synapse indices sorted by delay
	dOff     []int32 // row i, delay d: byDelay[dOff[i*(maxD+2)+d] : dOff[i*(maxD+2)+d+1]]
	maxD     int
	ring     [][]uint32 // spikes emitted at step e are in ring[e mod len]
	ringStep []int64
	flushed  int64
	shift    int64 // steps skipped (Skip): times are t + shift
}

// never is a step so far back that every trace has decayed to 0.
const never = math.MinInt64 / 4

func (r *NearestTriplet) Name() string { return "nearest_triplet" }

// Attach allocates the rule's state for p.
func (r *NearestTriplet) Attach(p *Projection, dt float64) error {
	if p.rowIdx != nil {
		return fmt.Errorf("synapse: nearest_triplet cannot attach to a view")
	}
	if !(r.TauPre > 0 && r.TauPost1 > 0 && r.TauPost2 > 0) {
		return fmt.Errorf("nearest_triplet: time constants must be > 0")
	}
	if r.WMin > r.WMax {
		return fmt.Errorf("nearest_triplet: w_min %g > w_max %g", r.WMin, r.WMax)
	}
	p.MaterializeWeights()
	r.pre, r.p1, r.p2 = decayTable(r.TauPre, dt), decayTable(r.TauPost1, dt), decayTable(r.TauPost2, dt)
	r.lastArr = make([]int64, p.Len())
	for k := range r.lastArr {
		r.lastArr[k] = never
	}
	r.lastPost = make([]int64, p.NPost)
	for j := range r.lastPost {
		r.lastPost[j] = never
	}
	r.idx = NewTargetIndex(p)
	r.maxD = p.MaxDelaySteps()
	// Rows by delay (counting sort, stable: within a delay, by target).
	w := r.maxD + 2
	r.dOff = make([]int32, p.NPre*w)
	r.byDelay = make([]int32, p.Len())
	for i := 0; i < p.NPre; i++ {
		lo, hi := p.row(i)
		off := r.dOff[i*w : (i+1)*w]
		for k := lo; k < hi; k++ {
			off[p.DelayAt(k)+1]++
		}
		off[0] = int32(lo)
		for d := 1; d < w; d++ {
			off[d] += off[d-1]
		}
		next := make([]int32, w)
		copy(next, off)
		for k := lo; k < hi; k++ {
			d := p.DelayAt(k)
			r.byDelay[next[d]] = int32(k)
			next[d]++
		}
	}
	r.ring = make([][]uint32, r.maxD+1)
	r.ringStep = make([]int64, r.maxD+1)
	for e := range r.ringStep {
		r.ring[e] = make([]uint32, 0, p.NPre)
		r.ringStep[e] = never
	}
	r.flushed = -1
	return nil
}

// decayTable returns exp(−s·dt/τ) for s in [0, L), L = 40·τ/dt, the last
// entry 0 (e^−40 < 5e−18).
func decayTable(tau, dt float64) []float32 {
	l := int(math.Ceil(40*tau/dt)) + 1
	tab := make([]float32, l)
	for s := range l - 1 {
		tab[s] = float32(math.Exp(-float64(s) * dt / tau))
	}
	return tab
}

func at(tab []float32, s int64) float32 {
	if s >= int64(len(tab)) || s < 0 {
		return 0
	}
	return tab[s]
}

func (r *NearestTriplet) on() bool { return r.Learn == nil || *r.Learn }

// OnPre keeps the spikes the sources emitted at step t until they arrive.
func (r *NearestTriplet) OnPre(p *Projection, t int64, spikes []uint32) {
	if !r.on() {
		return
	}
	e := int(t % int64(len(r.ring)))
	if r.ringStep[e] != t {
		r.ring[e], r.ringStep[e] = r.ring[e][:0], t
	}
	r.ring[e] = append(r.ring[e], spikes...)
	if t <= r.flushed {
		// Delay-0 arrivals of a source stepped after the target: they
		// come after the target's spikes of the step.
		r.arrive(p, t, 0, spikes)
	}
}

// flush processes the arrivals of the steps after the last flushed one up
// to t.
func (r *NearestTriplet) flush(p *Projection, t int64) {
	for ; r.flushed < t; r.flushed++ {
		s := r.flushed + 1
		for d := 0; d <= r.maxD; d++ {
			e := s - int64(d)
			slot := int(((e % int64(len(r.ring))) + int64(len(r.ring))) % int64(len(r.ring)))
			if r.ringStep[slot] != e {
				continue
			}
			r.arrive(p, s, d, r.ring[slot])
		}
	}
}

// arrive runs the pre code at step s for the synapses of delay d of the
// sources in spikes.
func (r *NearestTriplet) arrive(p *Projection, s int64, d int, spikes []uint32) {
	w := p.Weights
	nu := float32(r.NuPre) * r.WMax
	ts := s + r.shift
	wd := r.maxD + 2
	for _, i := range spikes {
		lo, hi := r.dOff[int(i)*wd+d], r.dOff[int(i)*wd+d+1]
		for _, k := range r.byDelay[lo:hi] {
			j := p.Targets[k]
			w[k] = max(w[k]-nu*at(r.p1, ts-r.lastPost[j]), r.WMin)
			r.lastArr[k] = ts
		}
	}
}

// OnPost processes the arrivals up to t, then potentiates the synapses
// into every target that spiked at t.
func (r *NearestTriplet) OnPost(p *Projection, t int64, spikes []uint32) {
	if !r.on() {
		return
	}
	r.flush(p, t)
	w, x := p.Weights, r.idx
	nu := float32(r.NuPost) * r.WMax
	ts := t + r.shift
	for _, j := range spikes {
		c := nu * at(r.p2, ts-r.lastPost[j])
		if c != 0 {
			for _, k := range x.K[x.Off[j]:x.Off[j+1]] {
				if a := at(r.pre, ts-r.lastArr[k]); a != 0 {
					w[k] = min(w[k]+c*a, r.WMax)
				}
			}
		}
		r.lastPost[j] = ts
	}
}

// Step processes the arrivals up to t.
func (r *NearestTriplet) Step(p *Projection, t int64, _ *Modulators) {
	if r.on() {
		r.flush(p, t)
	}
}

// Skip ages the traces by steps that were not simulated (a rest a protocol
// resets through instead of stepping: the traces decay over it). Spikes in
// flight are dropped, as the protocol clears them. Call it only while the
// network does not run.
func (r *NearestTriplet) Skip(steps int64) {
	r.shift += steps
	for e := range r.ringStep {
		r.ring[e], r.ringStep[e] = r.ring[e][:0], never
	}
}

// Index is the target index (for weight normalisation).
func (r *NearestTriplet) Index() *TargetIndex { return r.idx }
