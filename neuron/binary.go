package neuron

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Binary is a population of stochastic binary units, the units of the
// Boltzmann machine (Ackley, Hinton & Sejnowski 1985): at an update, unit
// i sets s_i = 1 with probability
//
//	p_i = σ(ΔE_i / T),   ΔE_i = Σ_j w_ij s_j + b_i
//
// (σ the logistic function, T the temperature), else 0. Its input ΔE_i is
// the sum of its rate synapses (weight × the sender's state); biases are
// synapses from a unit that is always on. The units update at the steps t
// with (t − Offset) mod Every = 0 and hold their state in between. A
// symmetric network of binary populations is sampled exactly (block Gibbs
// sampling) when the populations joined by weights update on alternate
// steps and no update reads a state older than the sender's last update:
// with 1-step delays, Every = 4 and offsets 0 and 2 on the two sides of a
// bipartite graph (the receiver reads a state 2 steps later).
//
// A clamped population holds its states at the clamp's values; it still
// draws P, the probability of each unit being on given its input.
// Temperature T is set by the protocol (an annealing schedule) while the
// network does not run.
type Binary struct {
	base
	S []float32 // states, 0 or 1 (the output sent through projections)
	P []float32 // probability of s = 1 at the last update
	T float64   // temperature (> 0)
	// Every and Offset pick the update steps; Every 0 means 1.
	Every, Offset int64

	rng   *rand.Rand
	clamp []float32
}

// NewBinary makes n binary units at s = 0 drawing from rng.
func NewBinary(n int, rng *rand.Rand) *Binary {
	return &Binary{base: newBase(n), S: make([]float32, n), P: make([]float32, n), T: 1, rng: rng}
}

func (b *Binary) Model() string      { return "binary" }
func (b *Binary) Output() []float32  { return b.S }
func (b *Binary) Current() []float32 { return nil }

func (b *Binary) Receptor(kind ReceptorKind, tau, erev float64) (*Receptor, error) {
	return b.rec.get(kind, tau, erev, "binary", Instant)
}

func (b *Binary) Var(name string) []float32 {
	switch name {
	case "s":
		return b.S
	case "p":
		return b.P
	}
	return nil
}

// SetClamp holds the states at v (0 or 1, len Len()) from the next step
// on; nil releases them. Call it only while the network does not run.
func (b *Binary) SetClamp(v []float32) error {
	if v != nil && len(v) != b.n {
		return fmt.Errorf("binary: clamp of %d values for %d units", len(v), b.n)
	}
	b.clamp = v
	if v != nil {
		copy(b.S, v)
	}
	return nil
}

// Randomize sets every unclamped state to 0 or 1 with probability 1/2,
// from the population's own stream. Call it only while the network does
// not run.
func (b *Binary) Randomize() {
	if b.clamp != nil {
		return
	}
	for i := range b.S {
		b.S[i] = float32(b.rng.IntN(2))
	}
}

func (b *Binary) Prepare(dt float64, maxDelay int) error {
	if b.Every < 0 || b.Offset < 0 {
		return fmt.Errorf("binary: update every %d steps from %d; want both >= 0", b.Every, b.Offset)
	}
	b.dt = dt
	b.rec.prepare(dt, maxDelay)
	return nil
}

func (b *Binary) Step(t int64, spikes []uint32) ([]uint32, error) {
	every := max(b.Every, 1)
	if t >= b.Offset && (t-b.Offset)%every == 0 {
		if !(b.T > 0) || math.IsInf(b.T, 0) {
			return spikes, fmt.Errorf("binary: temperature %v, want a finite value > 0", b.T)
		}
		s, p := b.S[:b.n], b.P[:b.n]
		for i := range s {
			net := 0.0
			for _, rc := range b.rec.list {
				net += float64(rc.X[i])
			}
			pi := 1 / (1 + math.Exp(-net/b.T))
			p[i] = float32(pi)
			// A draw per unit also when clamped, so that clamping does not
			// shift the stream of the others.
			u := b.rng.Float64()
			if b.clamp != nil {
				s[i] = b.clamp[i]
			} else if u < pi {
				s[i] = 1
			} else {
				s[i] = 0
			}
		}
	}
	b.deliver(t, nil, nil)
	return spikes, nil
}
