package cortex

import (
	"fmt"
	"math"
)

// Activity. Rate-based plasticity (synapse.ActivityRule) and rate-coded
// projections read a population's activity: the rate r of a rate unit
// (dimensionless), and for a spiking unit its filtered spike train in Hz,
//
//	a(t) = a(t−1)·d + (1 − d)·(1000/dt)·s(t),   d = exp(−dt/τ_a)
//
// with s(t) the number of spikes of the unit at step t (0 or 1) and τ_a
// the population's ActivityTau; the (1 − d)/dt factor makes the mean of a
// equal to the unit's rate exactly, for any dt. The filtered rate is kept
// only for populations whose activity something reads.

// DefaultActivityTau is the time constant of a spiking population's
// filtered rate unless set (ms).
const DefaultActivityTau = 20.0

// Activity returns the activity vector of the population (see above),
// allocating a spiking population's filtered rate on first use. Call it
// before the first Run; the slice stays the same afterwards.
func (p *Population) Activity() []float32 {
	if out := p.Unit.Output(); out != nil {
		return out
	}
	if p.act == nil {
		if p.Region.net.prepared {
			panic(fmt.Sprintf("cortex: Activity of %s asked for after the first Run", p.Name))
		}
		p.act = make([]float32, p.Unit.Len())
	}
	return p.act
}

// prepareActivity precomputes the filter of a spiking population's
// activity.
func (p *Population) prepareActivity(dt float64) error {
	if p.act == nil {
		return nil
	}
	tau := p.ActivityTau
	if tau == 0 {
		tau = DefaultActivityTau
	}
	if !(tau > 0) {
		return fmt.Errorf("population %s: activity_tau must be > 0, got %v ms", p.Name, tau)
	}
	d := math.Exp(-dt / tau)
	p.actDecay = float32(d)
	p.actKick = float32((1 - d) * 1000 / dt)
	return nil
}

// updateActivity filters the spikes of step t into the activity.
func (p *Population) updateActivity(spikes []uint32) {
	a, d, k := p.act, p.actDecay, p.actKick
	for i := range a {
		a[i] *= d
	}
	for _, u := range spikes {
		a[u] += k
	}
}
