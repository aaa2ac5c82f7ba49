package synapse

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"github.com/brainsim/brainsim/neuron"
)

// Projection is the set of synapses from one population to one receptor of
// another, stored compressed-sparse-row by source: the synapses of source i
// are k in [Offsets[i], Offsets[i+1]), sorted by target, with target
// Targets[k], weight Weights[k] and delay Delays[k] steps (or Delay for all
// when Delays is nil). A spike streams one contiguous row.
type Projection struct {
	Name        string
	NPre, NPost int
	Offsets     []int
	Targets     []uint32
	Weights     []float32 // in the receptor's unit: nA, µS, mV or dimensionless
	Delays      []uint16  // per-synapse delay in steps; nil when all equal Delay
	Delay       int       // the common delay in steps when Delays is nil
	Receptor    *neuron.Receptor
	// Rule is the plasticity rule; nil means static synapses.
	Rule Rule
}

// Spec describes how to build a projection.
type Spec struct {
	Name      string
	NPre      int
	NPost     int
	Same      bool // source and target are one population (autapses matter)
	Connector Connector
	Weight    Dist // per-synapse weight
	Delay     Dist // per-synapse delay in ms; rounded to steps, at least 1
	// Weights and Delays (ms), when non-nil, give the values of the
	// connector's pairs in order (from_list); they override Weight/Delay.
	Weights, Delays []float64
	Receptor        *neuron.Receptor
}

// MaxDelaySteps is the largest delay in steps of the projection.
func (p *Projection) MaxDelaySteps() int {
	if p.Delays == nil {
		return p.Delay
	}
	m := 0
	for _, d := range p.Delays {
		m = max(m, int(d))
	}
	return m
}

// Len is the number of synapses.
func (p *Projection) Len() int { return len(p.Targets) }

// Build draws the synapses of spec: connectivity, then weights, then delays,
// all from rng in that order, so the same seed gives the same projection.
// dt is the step in ms.
func Build(spec Spec, dt float64, rng *rand.Rand) (*Projection, error) {
	pre, post, err := spec.Connector.Connect(spec.NPre, spec.NPost, spec.Same, rng)
	if err != nil {
		return nil, err
	}
	m := len(pre)
	if spec.Weights != nil && len(spec.Weights) != m || spec.Delays != nil && len(spec.Delays) != m {
		return nil, fmt.Errorf("%d pairs but %d weights and %d delays", m, len(spec.Weights), len(spec.Delays))
	}
	if m > math.MaxUint32 {
		return nil, fmt.Errorf("%d synapses is more than one projection holds (%d)", m, uint32(math.MaxUint32))
	}
	w := make([]float32, m)
	for k := range w {
		if spec.Weights != nil {
			w[k] = float32(spec.Weights[k])
		} else {
			w[k] = float32(spec.Weight.Sample(rng))
		}
	}
	toSteps := func(ms float64) (int, error) {
		// A delay must be at least one step; the relative slack only
		// absorbs rounding in ms (0.3/0.1 = 2.9999999999999996).
		if !(ms >= dt*(1-1e-9)) {
			return 0, fmt.Errorf("delay %g ms is below the step dt = %g ms", ms, dt)
		}
		s := int(math.Round(ms / dt))
		if s > math.MaxUint16 {
			return 0, fmt.Errorf("delay %g ms is more than %d steps", ms, math.MaxUint16)
		}
		return s, nil
	}
	p := &Projection{Name: spec.Name, NPre: spec.NPre, NPost: spec.NPost, Receptor: spec.Receptor}
	var d []uint16
	if spec.Delays == nil && spec.Delay.Kind == Const {
		// Sample applies the clip; a constant draws no random number.
		if p.Delay, err = toSteps(spec.Delay.Sample(rng)); err != nil {
			return nil, err
		}
	} else {
		d = make([]uint16, m)
		for k := range d {
			ms := 0.0
			if spec.Delays != nil {
				ms = spec.Delays[k]
			} else {
				ms = spec.Delay.Sample(rng)
			}
			s, err := toSteps(ms)
			if err != nil {
				return nil, err
			}
			d[k] = uint16(s)
		}
	}
	// Counting sort by source, stable, so rows keep the connector's order;
	// then sort each row by target for locality.
	p.Offsets = make([]int, spec.NPre+1)
	for _, i := range pre {
		p.Offsets[i+1]++
	}
	for i := 0; i < spec.NPre; i++ {
		p.Offsets[i+1] += p.Offsets[i]
	}
	next := make([]int, spec.NPre)
	copy(next, p.Offsets[:spec.NPre])
	p.Targets = make([]uint32, m)
	p.Weights = make([]float32, m)
	if d != nil {
		p.Delays = make([]uint16, m)
	}
	for k, i := range pre {
		q := next[i]
		next[i]++
		p.Targets[q] = post[k]
		p.Weights[q] = w[k]
		if d != nil {
			p.Delays[q] = d[k]
		}
	}
	for i := 0; i < spec.NPre; i++ {
		p.sortRow(p.Offsets[i], p.Offsets[i+1])
	}
	return p, nil
}

// sortRow sorts synapses [lo, hi) by target, stably (synapses to one target
// keep the connector's order). Most connectors give sorted rows, which cost
// one pass; FixedOutDegree and FromList give rows in random order, which
// insertion sort would take quadratic time on (a row of 1000 targets:
// 250,000 swaps), so longer unsorted rows go to sort.Stable.
func (p *Projection) sortRow(lo, hi int) {
	t, w, d := p.Targets, p.Weights, p.Delays
	if slices.IsSorted(t[lo:hi]) {
		return
	}
	if hi-lo > 32 {
		sort.Stable(rowSorter{t[lo:hi], w[lo:hi], rowDelays(d, lo, hi)})
		return
	}
	for k := lo + 1; k < hi; k++ {
		for q := k; q > lo && t[q] < t[q-1]; q-- {
			t[q], t[q-1] = t[q-1], t[q]
			w[q], w[q-1] = w[q-1], w[q]
			if d != nil {
				d[q], d[q-1] = d[q-1], d[q]
			}
		}
	}
}

func rowDelays(d []uint16, lo, hi int) []uint16 {
	if d == nil {
		return nil
	}
	return d[lo:hi]
}

// rowSorter sorts one row's targets, weights and delays together.
type rowSorter struct {
	t []uint32
	w []float32
	d []uint16
}

func (r rowSorter) Len() int           { return len(r.t) }
func (r rowSorter) Less(i, j int) bool { return r.t[i] < r.t[j] }
func (r rowSorter) Swap(i, j int) {
	r.t[i], r.t[j] = r.t[j], r.t[i]
	r.w[i], r.w[j] = r.w[j], r.w[i]
	if r.d != nil {
		r.d[i], r.d[j] = r.d[j], r.d[i]
	}
}

// Propagate delivers the spikes that the source emitted at step t into the
// receptor's ring buffer and returns the number of synaptic events.
func (p *Projection) Propagate(t int64, spikes []uint32) int64 {
	var ev int
	off, tg, w := p.Offsets, p.Targets, p.Weights
	if p.Delays == nil {
		slot := p.Receptor.Slot(t + int64(p.Delay))
		for _, s := range spikes {
			lo, hi := off[s], off[s+1]
			ws := w[lo:hi]
			for k, j := range tg[lo:hi] {
				slot[j] += ws[k]
			}
			ev += hi - lo
		}
		return int64(ev)
	}
	buf, mask := p.Receptor.Ring()
	n := int64(p.NPost)
	for _, s := range spikes {
		lo, hi := off[s], off[s+1]
		ws, ds := w[lo:hi], p.Delays[lo:hi]
		for k, j := range tg[lo:hi] {
			buf[((t+int64(ds[k]))&mask)*n+int64(j)] += ws[k]
		}
		ev += hi - lo
	}
	return int64(ev)
}

// PropagateRates delivers weight × rate of every source with a non-zero
// rate (rate populations send every step) and returns the events.
func (p *Projection) PropagateRates(t int64, r []float32) int64 {
	var ev int
	off, tg, w := p.Offsets, p.Targets, p.Weights
	buf, mask := p.Receptor.Ring()
	n := int64(p.NPost)
	for i, ri := range r[:p.NPre] {
		if ri == 0 {
			continue
		}
		lo, hi := off[i], off[i+1]
		ws := w[lo:hi]
		if p.Delays == nil {
			slot := p.Receptor.Slot(t + int64(p.Delay))
			for k, j := range tg[lo:hi] {
				slot[j] += ws[k] * ri
			}
		} else {
			ds := p.Delays[lo:hi]
			for k, j := range tg[lo:hi] {
				buf[((t+int64(ds[k]))&mask)*n+int64(j)] += ws[k] * ri
			}
		}
		ev += hi - lo
	}
	return int64(ev)
}
