package synapse

import (
	"fmt"
	"math"

	"github.com/brainsim/brainsim/internal/vecmath"
)

// SRC is the unsupervised Hebbian rule of Sleep Replay Consolidation
// (Tadros, Krishnan, Ramyaa & Bazhenov 2022, Nat Commun 13:7742; their
// MATLAB sleepnn_old.m): when a target spikes at step t, every synapse
// into it grows if its source's spike reached the target in that step and
// shrinks otherwise,
//
//	w ← w + Inc·f(w)  if the source spiked at t − 1 − d,
//	w ← w − Dec·f(w)  otherwise,
//
// with d the synapse's delay in steps (a spike of step e acts on the
// target's membrane at step e + d + 1: see zerodelay.go). f is the weight
// dependence: FactorTadros, 2(1 − σ(w/0.001)) (≈ 2 for negative weights,
// 1 at 0, vanishing above a few thousandths: their MATLAB), or
// FactorSigmoid, σ(w) (the PyTorch reproduction,
// agbld/sleep-replay-consolidation-python). There are no bounds.
//
// The rule reads the spikes that caused the target's input, whatever the
// order in which the region steps its populations: it stamps every source
// spike with its step in a ring of maxDelay + 2 steps.
type SRC struct {
	Inc, Dec float64
	Factor   SRCFactor
	// Learn, when not nil, gates the rule: while false nothing changes.
	Learn *bool

	idx   *TargetIndex
	stamp [][]int64 // stamp[e mod len][i] == e: source i spiked at step e
}

// SRCFactor is the weight dependence of the SRC rule.
type SRCFactor uint8

const (
	FactorTadros  SRCFactor = iota // 2(1 − σ(w/0.001)) = 2/(1 + e^(1000 w))
	FactorSigmoid                  // σ(w) = 1/(1 + e^(−w))
)

func (r *SRC) Name() string { return "src" }

// Attach allocates the rule's state for p.
func (r *SRC) Attach(p *Projection, _ float64) error {
	if p.rowIdx != nil {
		return fmt.Errorf("synapse: src cannot attach to a view")
	}
	if !(r.Inc >= 0) || !(r.Dec >= 0) {
		return fmt.Errorf("src: inc and dec must be >= 0 (got %g, %g)", r.Inc, r.Dec)
	}
	if r.Factor > FactorSigmoid {
		return fmt.Errorf("src: unknown weight dependence %d", r.Factor)
	}
	p.MaterializeWeights()
	r.idx = NewTargetIndex(p)
	r.stamp = make([][]int64, p.MaxDelaySteps()+2)
	for e := range r.stamp {
		r.stamp[e] = make([]int64, p.NPre)
		for i := range r.stamp[e] {
			r.stamp[e][i] = never
		}
	}
	return nil
}

func (r *SRC) on() bool { return r.Learn == nil || *r.Learn }

// OnPre stamps the sources that spiked at step t.
func (r *SRC) OnPre(_ *Projection, t int64, spikes []uint32) {
	s := r.stamp[t%int64(len(r.stamp))]
	for _, i := range spikes {
		s[i] = t
	}
}

// OnPost updates every synapse into each target that spiked at t.
func (r *SRC) OnPost(p *Projection, t int64, spikes []uint32) {
	if !r.on() {
		return
	}
	w, x := p.Weights, r.idx
	inc, dec := float32(r.Inc), float32(r.Dec)
	n := int64(len(r.stamp))
	common := p.Delays8 == nil && p.Delays == nil
	var cs []int64 // the stamps of step t − 1 − d for the common delay d
	e0 := t - 1 - int64(p.Delay)
	if common {
		cs = r.stamp[((e0%n)+n)%n]
	}
	for _, j := range spikes {
		lo, hi := x.Off[j], x.Off[j+1]
		ks, src := x.K[lo:hi], x.Src[lo:hi]
		src = src[:len(ks)]
		for q, k := range ks {
			v := w[k]
			var g float32
			if r.Factor == FactorTadros {
				g = tadrosGate(v)
				if g == 0 {
					continue
				}
			} else {
				g = vecmath.Sigmoid(v)
			}
			var fired bool
			if common {
				fired = cs[src[q]] == e0
			} else {
				e := t - 1 - int64(p.DelayAt(int(k)))
				fired = r.stamp[((e%n)+n)%n][src[q]] == e
			}
			if fired {
				w[k] = v + inc*g
			} else {
				w[k] = v - dec*g
			}
		}
	}
}

func (r *SRC) Step(*Projection, int64, *Modulators) {}

// tadrosGate is 2(1 − 1/(1+e^(−w/0.001))) = 2/(1+e^(1000 w)).
func tadrosGate(w float32) float32 {
	switch {
	case w > 0.05: // < 4e-22: below any float32 step of w
		return 0
	case w < -0.05:
		return 2
	}
	return float32(2 / (1 + math.Exp(1000*float64(w))))
}
