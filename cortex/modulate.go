package cortex

import (
	"fmt"
	"math"

	"github.com/brainsim/brainsim/synapse"
)

// Neuromodulators. The levels of the global modulators (synapse.Modulators:
// dopamine, ...) are one value per step for the whole network, computed
// only at barriers by the goroutine that calls Run, so every region reads
// the same level at the same step whatever GOMAXPROCS is:
//
//	level(t) = b + (level(t−1) − b)·f + R(t)
//
// with b = Network.ModBase[m] (the tonic level), f = exp(−dt/τ) for τ =
// Network.ModTau[m] (τ = 0: f = 1, no decay), f = 0 for a phasic modulator
// (Network.ModPhasic[m]: the level is b plus the releases of the step,
// e.g. a critic's δ of the step before), and R(t) the releases that take
// effect at step t. At the start of each window [b, b+W) the network
// computes the levels of its W steps into a table that the regions read
// (plasticity Step at step t gets level(t), releases of step t included).
// Releases come from two places:
//
//   - Region.Release, called on a region's goroutine during a window (by a
//     rule or a task of that region): it takes effect at the step asked for
//     or at the next barrier, whichever is later. At the barrier the
//     releases of all regions are collected in region order, then in the
//     order each region made them (a level is a sum, so the order only
//     fixes the rounding, and it is fixed). A release during a window is
//     thus visible from the next window on.
//   - Network.Release, called while no region runs (from an operation,
//     or before Run): it takes effect at the step asked for, or at the current
//     step when that is earlier. Rewards scheduled ahead (the distal-reward
//     protocol's 1-3 s delays) land on their exact step.
//
// Network.Mod is the level carried into the next window's first step (the
// last window's level decayed by one step, before the releases of that
// step); an operation may change it.

// release is a pending addition to a modulator level.
type release struct {
	step   int64
	m      synapse.Modulator
	amount float64
}

// modState holds the levels of the current window and the releases still
// to come.
type modState struct {
	win  []synapse.Modulators // win[i]: levels at step base+i
	base int64                // first step of win (when win is not nil)
	// sched holds the releases that take effect at or after base+len(win),
	// sorted by step (stable: same-step releases keep their order).
	sched []release
	f     [synapse.NumModulators]float64 // per-step decay factors
	b     [synapse.NumModulators]float64 // tonic levels
}

// Release adds amount to the level of m from step at on (or from the next
// barrier when that is later). Call it only on the region's own goroutine
// while it runs (from a rule or a stimulus of the region); see the
// neuromodulator notes at the top of modulate.go.
func (r *Region) Release(m synapse.Modulator, amount float64, at int64) {
	r.rel = append(r.rel, release{step: at, m: m, amount: amount})
}

// Release adds amount to the level of m from step at on (from the current
// step when at is earlier). Call it only while no region runs: before Run,
// between runs, or from an operation.
func (n *Network) Release(m synapse.Modulator, amount float64, at int64) {
	if m < 0 || m >= synapse.NumModulators {
		panic(fmt.Sprintf("cortex: unknown modulator %d", m))
	}
	if at < n.step {
		at = n.step
	}
	n.schedule(release{step: at, m: m, amount: amount})
}

// schedule inserts e into sched, after the releases of the same step.
func (n *Network) schedule(e release) {
	s := n.mods.sched
	i := len(s)
	for i > 0 && s[i-1].step > e.step {
		i--
	}
	s = append(s, release{})
	copy(s[i+1:], s[i:])
	s[i] = e
	n.mods.sched = s
}

// ModAt returns the modulator levels at step t of the current window (the
// window holding the last step simulated, or the next one to run at a
// barrier), or Mod when t lies outside it.
func (n *Network) ModAt(t int64) synapse.Modulators {
	if i := t - n.mods.base; n.mods.win != nil && i >= 0 && i < int64(len(n.mods.win)) {
		return n.mods.win[i]
	}
	return n.Mod
}

// modAt is the regions' read of the level at step t of the current window.
func (n *Network) modAt(t int64) *synapse.Modulators {
	return &n.mods.win[t-n.mods.base]
}

// beginWindow computes the levels of the window starting at step b.
func (n *Network) beginWindow(b int64) {
	ms := &n.mods
	if ms.win == nil {
		ms.win = make([]synapse.Modulators, n.window)
		for m := range ms.f {
			ms.f[m] = 1
			if tau := n.ModTau[m]; tau > 0 {
				ms.f[m] = math.Exp(-n.Dt / tau)
			}
			if n.ModPhasic[m] {
				ms.f[m] = 0
			}
			ms.b[m] = n.ModBase[m]
		}
	}
	lvl := n.Mod
	k := 0
	for i := range ms.win {
		s := b + int64(i)
		if i > 0 {
			for m := range lvl {
				lvl[m] = ms.b[m] + (lvl[m]-ms.b[m])*ms.f[m]
			}
		}
		for ; k < len(ms.sched) && ms.sched[k].step <= s; k++ {
			lvl[ms.sched[k].m] += ms.sched[k].amount
		}
		ms.win[i] = lvl
	}
	ms.sched = ms.sched[:copy(ms.sched, ms.sched[k:])]
	ms.base = b
}

// endWindow is called at the barrier at step b that ends the current
// window: Mod becomes the level carried into step b, and the releases the
// regions made during the window are scheduled, region by region.
func (n *Network) endWindow(b int64) {
	ms := &n.mods
	if ms.win != nil {
		lvl := ms.win[len(ms.win)-1]
		for m := range lvl {
			lvl[m] = ms.b[m] + (lvl[m]-ms.b[m])*ms.f[m]
		}
		n.Mod = lvl
	}
	for _, r := range n.Regions {
		for _, e := range r.rel {
			if e.m < 0 || e.m >= synapse.NumModulators {
				continue
			}
			e.step = max(e.step, b)
			n.schedule(e)
		}
		r.rel = r.rel[:0]
	}
}

// SpikeWatch collects the spikes of a few units of a population, (step,
// unit) in step order and, within a step, in unit order. A task reads and
// clears it from an operation, when no region runs.
type SpikeWatch struct {
	Steps []int64
	Units []uint32
	mask  []bool
}

// Watch attaches a spike watch on the given units.
func (p *Population) Watch(units ...int) (*SpikeWatch, error) {
	w := &SpikeWatch{mask: make([]bool, p.Unit.Len())}
	for _, u := range units {
		if u < 0 || u >= len(w.mask) {
			return nil, fmt.Errorf("cortex: %s has no unit %d", p.Name, u)
		}
		w.mask[u] = true
	}
	p.watches = append(p.watches, w)
	return w, nil
}

func (w *SpikeWatch) add(t int64, spikes []uint32) {
	for _, u := range spikes {
		if w.mask[u] {
			w.Steps = append(w.Steps, t)
			w.Units = append(w.Units, u)
		}
	}
}

// Reset forgets the collected spikes.
func (w *SpikeWatch) Reset() { w.Steps, w.Units = w.Steps[:0], w.Units[:0] }

// SetLevel sets the tonic level of modulator m, and its level, to level
// from the current step on (a phase of the protocol that changes the
// state of the network). Call it only while no region runs: before Run,
// or from an operation.
func (n *Network) SetLevel(m synapse.Modulator, level float64) {
	n.ModBase[m] = level
	n.mods.b[m] = level
	n.Mod[m] = level
}
