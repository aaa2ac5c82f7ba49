package cortex

import (
	"fmt"
	"math"
	"slices"
)

// stats keeps per-unit spike counts and inter-spike-interval sums, updated
// per spike: enough for rates and CVs without recording every spike.
type stats struct {
	Count  []int32 // spikes per unit
	last   []int64 // step of the last spike, -1 before the first
	isiN   []int32
	isiSum []float64 // sum of ISIs in steps
	isiSq  []float64 // sum of squared ISIs
	total  int64
}

func (p *Population) initStats() {
	n := p.Unit.Len()
	p.Count = make([]int32, n)
	p.last = make([]int64, n)
	for i := range p.last {
		p.last[i] = -1
	}
	p.isiN = make([]int32, n)
	p.isiSum = make([]float64, n)
	p.isiSq = make([]float64, n)
}

func (s *stats) count(t int64, spikes []uint32) {
	s.total += int64(len(spikes))
	s.countUnits(t, spikes)
}

// countUnits updates the per-unit counts and intervals of spikes, not the
// total: shards of a region call it for their own units in parallel (the
// units are disjoint, and each unit's updates stay in time order).
func (s *stats) countUnits(t int64, spikes []uint32) {
	for _, u := range spikes {
		s.Count[u]++
		if l := s.last[u]; l >= 0 {
			d := float64(t - l)
			s.isiN[u]++
			s.isiSum[u] += d
			s.isiSq[u] += d * d
		}
		s.last[u] = t
	}
}

// SpikeCount is the number of spikes the population emitted so far.
func (p *Population) SpikeCount() int64 { return p.total }

// CV is the coefficient of variation of the inter-spike intervals, averaged
// over the units with at least two intervals (three spikes), each unit's CV
// being the standard deviation of its intervals over their mean. It returns
// NaN and 0 when no unit qualifies.
func (p *Population) CV() (cv float64, units int) {
	sum := 0.0
	for i, n := range p.isiN {
		if n < 2 {
			continue
		}
		m := p.isiSum[i] / float64(n)
		v := p.isiSq[i]/float64(n) - m*m
		sum += math.Sqrt(max(v, 0)) / m
		units++
	}
	if units == 0 {
		return math.NaN(), 0
	}
	return sum / float64(units), units
}

// SpikeRecorder records every spike of a population as (step, unit), in
// step order and, within a step, in unit order.
type SpikeRecorder struct {
	Steps []int64
	Units []uint32
}

func (r *SpikeRecorder) add(t int64, spikes []uint32) {
	for _, u := range spikes {
		r.Steps = append(r.Steps, t)
		r.Units = append(r.Units, u)
	}
}

// RecordSpikes attaches a spike recorder.
func (p *Population) RecordSpikes() *SpikeRecorder {
	r := &SpikeRecorder{}
	p.spikeRec = append(p.spikeRec, r)
	return r
}

// StateRecorder samples a state variable of some units every Every steps.
// Values holds one row of len(Units) per sample; Steps[k] is the step count
// after which row k was taken (the state at time Steps[k]·dt).
type StateRecorder struct {
	Var    string
	Units  []int `snap:"static"`
	Every  int64
	Steps  []int64
	Values []float32
	src    []float32 `snap:"-"` // the variable's storage, in the population
}

func (r *StateRecorder) sample(t int64) {
	s := t + 1
	if s%r.Every != 0 {
		return
	}
	r.Steps = append(r.Steps, s)
	for _, u := range r.Units {
		r.Values = append(r.Values, r.src[u])
	}
}

// Row returns the sample k.
func (r *StateRecorder) Row(k int) []float32 {
	n := len(r.Units)
	return r.Values[k*n : (k+1)*n]
}

// RecordState attaches a recorder of the variable (see neuron.Population.Var)
// of the given units, sampled every `every` steps.
func (p *Population) RecordState(variable string, units []int, every int64) (*StateRecorder, error) {
	src := p.Unit.Var(variable)
	if src == nil {
		return nil, fmt.Errorf("population %s (model %s) has no variable %q", p.Name, p.Unit.Model(), variable)
	}
	for _, u := range units {
		if u < 0 || u >= len(src) {
			return nil, fmt.Errorf("population %s has no unit %d (size %d)", p.Name, u, len(src))
		}
	}
	if every < 1 {
		every = 1
	}
	r := &StateRecorder{Var: variable, Units: slices.Clone(units), Every: every, src: src}
	p.stateRec = append(p.stateRec, r)
	return r, nil
}

// RateRecorder records the population rate (Hz) in bins of Every steps;
// Steps[k] is the first step of bin k.
type RateRecorder struct {
	Every int64
	Steps []int64
	Hz    []float32
	count int64
}

func (r *RateRecorder) add(t int64, spikes, n int, dt float64) {
	r.count += int64(spikes)
	if (t+1)%r.Every != 0 {
		return
	}
	r.Steps = append(r.Steps, t+1-r.Every)
	r.Hz = append(r.Hz, float32(float64(r.count)/(float64(n)*float64(r.Every)*dt/1000)))
	r.count = 0
}

// RecordRate attaches a population-rate recorder with bins of `every` steps.
func (p *Population) RecordRate(every int64) *RateRecorder {
	if every < 1 {
		every = 1
	}
	r := &RateRecorder{Every: every}
	p.rateRec = append(p.rateRec, r)
	return r
}

// A Probe watches a population for an analysis, in the population's
// region goroutine: Sample runs after every step t with (t+1) % Every()
// == 0 (none for 0), when every unit is at step t, to read state
// variables. A probe must not change the network.
type Probe interface {
	Every() int64
	Sample(t int64)
}

// AddProbe attaches a probe (before the first Run).
func (p *Population) AddProbe(pr Probe) { p.probes = append(p.probes, pr) }
