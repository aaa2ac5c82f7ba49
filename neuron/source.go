package neuron

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// source is the part of Population that input sources share: no receptors,
// no membrane.
type source struct{ n int }

func (s *source) Len() int               { return s.n }
func (s *source) Receptors() []*Receptor { return nil }
func (s *source) Current() []float32     { return nil }
func (s *source) Var(string) []float32   { return nil }
func (s *source) Output() []float32      { return nil }

func (s *source) receptor(model string) (*Receptor, error) {
	return nil, fmt.Errorf("%s is an input source and cannot receive synapses", model)
}

// Poisson is a population of independent Poisson spike sources of one rate,
// active in steps [Start, Stop). In each step each source spikes with
// probability p = Rate·dt; the spiking sources are found by geometric
// skipping (gaps between successes of Bernoulli(p) trials are geometric), so
// a step costs O(1 + n p) random numbers instead of n.
//
// SetRates gives every source a rate of its own (an environment presenting
// an image as Poisson rates, Diehl & Cook 2015): each source then spikes
// with its own probability, one uniform number per source and step.
type Poisson struct {
	source
	Rate        float64 // Hz
	Start, Stop int64   // active steps; Stop < 0 means forever
	rng         *rand.Rand
	p, lq       float64   // spike probability per step, log(1-p)
	rates       []float64 // per-source rates (Hz) when set
	lqs         []float64 // their log(1 − p)
	gap         []int64   // steps to each source's next spike
	active      []uint32  // the sources with a rate above 0, in order
	dt          float64
}

// SetRates sets a rate (Hz) per source from the next step on; nil returns
// to the common Rate. Call it after Prepare and only while the network does
// not run. A rate outside [0, 1000/dt] is an error. Each source then counts
// down the steps to its next spike, drawn as a geometric gap (Bernoulli
// trials of probability rate·dt per step, memoryless, so redrawing at a
// change of rate is exact): a random number per spike, not per step.
func (s *Poisson) SetRates(hz []float64) error {
	if hz == nil {
		s.rates = nil
		return nil
	}
	if len(hz) != s.n {
		return fmt.Errorf("poisson: %d rates for %d sources", len(hz), s.n)
	}
	if s.lqs == nil {
		s.lqs = make([]float64, s.n)
		s.gap = make([]int64, s.n)
	}
	for i, r := range hz {
		p := r * s.dt / 1000
		if !(p >= 0 && p <= 1) {
			return fmt.Errorf("poisson: rate %g Hz of source %d gives a spike probability %g per step of %g ms; it must be in [0, 1]", r, i, p, s.dt)
		}
		lq := 0.0
		if p != 0 {
			lq = math.Log1p(-p)
		}
		s.lqs[i] = lq
	}
	s.active = s.active[:0]
	for i := range s.gap {
		if s.lqs[i] != 0 {
			s.active = append(s.active, uint32(i))
			s.gap[i] = s.draw(s.lqs[i])
		}
	}
	s.rates = hz
	return nil
}

// draw is the number of failures before the next success of Bernoulli
// trials with log(1 − p) = lq: floor(ln U / lq), 0 for p = 1, "never" (a
// large count) for p = 0.
func (s *Poisson) draw(lq float64) int64 {
	if math.IsInf(lq, -1) {
		return 0
	}
	if lq == 0 {
		return math.MaxInt64 / 2
	}
	g := math.Floor(math.Log(1-s.rng.Float64()) / lq)
	if g > math.MaxInt64/4 {
		return math.MaxInt64 / 2
	}
	return int64(g)
}

// NewPoisson makes n sources drawing from rng.
func NewPoisson(n int, rate float64, rng *rand.Rand) *Poisson {
	return &Poisson{source: source{n}, Rate: rate, Stop: -1, rng: rng}
}

func (s *Poisson) Model() string { return "poisson" }

func (s *Poisson) Receptor(ReceptorKind, float64, float64) (*Receptor, error) {
	return s.receptor("poisson")
}

func (s *Poisson) Prepare(dt float64, _ int) error {
	s.dt = dt
	s.p = s.Rate * dt / 1000
	if !(s.p >= 0) || s.p > 1 {
		return fmt.Errorf("poisson: rate %g Hz gives a spike probability %g per step of %g ms; it must be in [0, 1]", s.Rate, s.p, dt)
	}
	s.lq = math.Log1p(-s.p)
	return nil
}

func (s *Poisson) Step(t int64, spikes []uint32) ([]uint32, error) {
	if t < s.Start || (s.Stop >= 0 && t >= s.Stop) {
		return spikes, nil
	}
	if s.rates != nil {
		gap := s.gap
		for _, i := range s.active {
			if g := gap[i]; g > 0 {
				gap[i] = g - 1
				continue
			}
			spikes = append(spikes, i)
			gap[i] = s.draw(s.lqs[i])
		}
		return spikes, nil
	}
	if s.p == 0 {
		return spikes, nil
	}
	if s.p == 1 {
		for i := 0; i < s.n; i++ {
			spikes = append(spikes, uint32(i))
		}
		return spikes, nil
	}
	i := -1
	for {
		// Number of failures before the next success: floor(ln U / ln(1-p)).
		g := math.Floor(math.Log(1-s.rng.Float64()) / s.lq)
		if g >= float64(s.n-i-1) {
			return spikes, nil
		}
		i += int(g) + 1
		spikes = append(spikes, uint32(i))
	}
}

// SpikeTimes is a population of sources that spike at given steps.
type SpikeTimes struct {
	source
	steps  []int64  // sorted
	units  []uint32 // unit of each entry of steps
	cursor int
	times  [][]float64
}

// NewSpikeTimes makes one source per list of spike times (ms).
func NewSpikeTimes(times [][]float64) *SpikeTimes {
	return &SpikeTimes{source: source{len(times)}, times: times}
}

func (s *SpikeTimes) Model() string { return "spike_times" }

func (s *SpikeTimes) Receptor(ReceptorKind, float64, float64) (*Receptor, error) {
	return s.receptor("spike_times")
}

// Prepare rounds the times to steps: a spike at time τ is emitted in step
// round(τ/dt). As in Brian2, a spike emitted in step s has the time s·dt
// (the start of the step in which the threshold was crossed).
func (s *SpikeTimes) Prepare(dt float64, _ int) error {
	type ev struct {
		step int64
		unit uint32
	}
	var evs []ev
	for u, ts := range s.times {
		for _, t := range ts {
			if !(t >= 0) {
				return fmt.Errorf("spike_times: unit %d has a negative or invalid time %g ms", u, t)
			}
			st := int64(math.Round(t / dt))
			evs = append(evs, ev{st, uint32(u)})
		}
	}
	sort.SliceStable(evs, func(a, b int) bool {
		if evs[a].step != evs[b].step {
			return evs[a].step < evs[b].step
		}
		return evs[a].unit < evs[b].unit
	})
	s.steps, s.units = s.steps[:0], s.units[:0]
	for i, e := range evs {
		// One spike per unit and step.
		if i > 0 && e == evs[i-1] {
			continue
		}
		s.steps = append(s.steps, e.step)
		s.units = append(s.units, e.unit)
	}
	s.cursor = 0
	return nil
}

func (s *SpikeTimes) Step(t int64, spikes []uint32) ([]uint32, error) {
	for s.cursor < len(s.steps) && s.steps[s.cursor] < t {
		s.cursor++
	}
	for s.cursor < len(s.steps) && s.steps[s.cursor] == t {
		spikes = append(spikes, s.units[s.cursor])
		s.cursor++
	}
	return spikes, nil
}
