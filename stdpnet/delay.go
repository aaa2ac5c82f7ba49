package stdpnet

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// delays are the per-synapse input→exc delays of their script
// (delay['ee_input'] = (0 ms, 10 ms): uniform per synapse): synapse
// k = i·n + j takes d_k extra steps, d_k uniform in [0, maxD). The
// targets of input i sorted by delay are perm[i·n : (i+1)·n]; those with
// delay d are perm[i·n+off[i·(maxD+1)+d] : i·n+off[i·(maxD+1)+d+1]].
// Shared read-only between the trained network and its evaluation copies.
type delays struct {
	n, maxD int
	perm    []uint32
	off     []int32
}

// newDelays draws the delays of nIn×n synapses, uniform in [0, maxD)
// steps.
func newDelays(nIn, n, maxD int, rng *rand.Rand) *delays {
	d := make([]int, nIn*n)
	for k := range d {
		d[k] = rng.IntN(maxD)
	}
	return delaysFrom(nIn, n, maxD, d)
}

// delaysFrom indexes the delays d (steps, in [0, maxD)) of nIn×n
// synapses, synapse k = i·n + j.
func delaysFrom(nIn, n, maxD int, d []int) *delays {
	dl := &delays{n: n, maxD: maxD, perm: make([]uint32, nIn*n), off: make([]int32, nIn*(maxD+1))}
	for i := range nIn {
		cnt := dl.off[i*(maxD+1) : (i+1)*(maxD+1)]
		di := d[i*n : (i+1)*n]
		for _, x := range di {
			cnt[x+1]++
		}
		for q := 1; q <= maxD; q++ {
			cnt[q] += cnt[q-1]
		}
		p := dl.perm[i*n : (i+1)*n]
		next := slices.Clone(cnt[:maxD])
		for j, x := range di { // stable: within a delay, targets in index order
			p[next[x]] = uint32(j)
			next[x]++
		}
	}
	return dl
}

// SetInputDelays gives the input synapses the delays steps (synapse
// k = i·NExc + j, in steps of Dt, each below InputDelay/Dt), e.g. those
// of a network trained elsewhere.
func (n *Net) SetInputDelays(steps []int) error {
	s := n.s
	if s.dl == nil {
		return fmt.Errorf("stdpnet: the network has no input delays (InputDelay %v ms)", n.P.InputDelay)
	}
	if len(steps) != NInput*n.P.NExc {
		return fmt.Errorf("stdpnet: %d input delays, want %d", len(steps), NInput*n.P.NExc)
	}
	for k, x := range steps {
		if x < 0 || x >= s.dl.maxD {
			return fmt.Errorf("stdpnet: input delay %d of synapse %d: want 0 to %d steps", x, k, s.dl.maxD-1)
		}
	}
	s.dl = delaysFrom(NInput, n.P.NExc, s.dl.maxD, steps)
	return nil
}

// targets returns the targets of input i whose delay is d steps.
func (dl *delays) targets(i uint32, d int) []uint32 {
	o := dl.off[int(i)*(dl.maxD+1):]
	base := int(i) * dl.n
	if d+1 > dl.maxD {
		return dl.perm[base+int(o[d]) : base+dl.n]
	}
	return dl.perm[base+int(o[d]) : base+int(o[d+1])]
}

// delayRule is their STDP on delayed synapses (Brian 1 runs the pre code
// of a synapse when the spike arrives there): at an arrival,
// pre_k = 1 and w_k -= ν_pre·post1_j; at a spike of j,
// w_k += ν_post·pre_k·post2_j (post2 before the spike), then
// post1_j = post2_j = 1; w clipped to [0, wmax]. With nearest-spike
// traces pre_k is a function of the last arrival at k only, and post1,
// post2 of the last spike of j, so the rule keeps those steps and decay
// tables.
type delayRule struct {
	nuPre, nuPost, wMax float32
	lastArr             []int64 // per synapse
	lastPost            []int64 // per excitatory neuron
	pre, post1, post2   []float32
}

// never is the "no spike yet" step: far enough back that every trace has
// decayed to 0, and no overflow when subtracted from a step.
const never = math.MinInt64 / 4

// decayTable returns exp(-s·dt/tau) for s in [0, L), L = 40·tau/dt, the
// last entry 0 (e^-40 < 5e-18).
func decayTable(tau, dt float64) []float32 {
	l := int(math.Ceil(40*tau/dt)) + 1
	tab := make([]float32, l)
	for s := range l - 1 {
		tab[s] = float32(math.Exp(-float64(s) * dt / tau))
	}
	return tab
}

// at reads a decay table s steps after a spike.
func at(tab []float32, s int64) float32 {
	if s >= int64(len(tab)) {
		return 0
	}
	return tab[s]
}

func newDelayRule(p *Params, nSyn, n int, wMax float64) (*delayRule, error) {
	tm := p.Timing
	if tm.A2Plus != 0 || tm.A3Minus != 0 || tm.A3Plus == 0 || tm.A2Minus == 0 || !(tm.TauPlus > 0 && tm.TauMinus > 0 && tm.TauY > 0) {
		return nil, fmt.Errorf("stdpnet: input delays need Diehl & Cook's timing rule (A3Plus, A2Minus and the three time constants only), got %+v", tm)
	}
	r := &delayRule{nuPre: float32(tm.A2Minus * wMax), nuPost: float32(tm.A3Plus * wMax), wMax: float32(wMax),
		lastArr: make([]int64, nSyn), lastPost: make([]int64, n),
		pre: decayTable(tm.TauPlus, p.Dt), post1: decayTable(tm.TauMinus, p.Dt), post2: decayTable(tm.TauY, p.Dt)}
	for k := range r.lastArr {
		r.lastArr[k] = never
	}
	for j := range r.lastPost {
		r.lastPost[j] = never
	}
	return r, nil
}

// arrive delivers, after the excitatory neurons stepped t, the input
// spikes of presentation steps st-d, d in [0, maxD), to the synapses whose
// delay is d: their conductance jumps (acting from step t+1 on, as
// without delays) and, learning, the rule's pre code runs.
func (s *sim) arrive(st int, t int64) {
	dl, w, ge := s.dl, s.in.Weights, s.excGe.X
	r := s.dr
	for d := range dl.maxD {
		ps := st - d
		if ps < 0 {
			break
		}
		if ps >= s.steps {
			continue
		}
		for _, i := range s.evIn[s.evOff[ps]:s.evOff[ps+1]] {
			base := int(i) * dl.n
			tg := dl.targets(i, d)
			if r == nil {
				for _, j := range tg {
					ge[j] += w[base+int(j)]
				}
				continue
			}
			for _, j := range tg {
				k := base + int(j)
				ge[j] += w[k]
				w[k] = max(w[k]-r.nuPre*at(r.post1, t-r.lastPost[j]), 0)
				r.lastArr[k] = t
			}
		}
	}
}

// post runs the rule's post code for the excitatory spikes of step t.
func (r *delayRule) post(w []float32, n int, t int64, spikes []uint32) {
	for _, j := range spikes {
		c := r.nuPost * at(r.post2, t-r.lastPost[j])
		if c != 0 {
			for k := int(j); k < len(w); k += n {
				if a := at(r.pre, t-r.lastArr[k]); a != 0 {
					w[k] = min(w[k]+c*a, r.wMax)
				}
			}
		}
		r.lastPost[j] = t
	}
}
