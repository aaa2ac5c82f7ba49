package synapse

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"unsafe"

	"github.com/brainsim/brainsim/internal/hugemem"
	"github.com/brainsim/brainsim/neuron"
)

// Projection is the set of synapses from one population to one receptor of
// another, stored compressed-sparse-row by source: the synapses of source i
// are k in [Offsets[i], Offsets[i+1]), sorted by target, with target
// Targets[k]. A spike streams one contiguous row.
//
// Weights and delays are stored per synapse only when they differ:
//   - weight: Weights[k], or Weight for every synapse when Weights is nil
//     (a constant weight distribution without per-pair weights);
//   - delay in steps: Delays8[k] when every delay fits a byte, else
//     Delays[k]; Delay for every synapse when both are nil (a constant
//     delay). With per-synapse delays Delay holds the smallest of them.
//
// So a static synapse with a shared weight and delay costs its 4-byte target
// plus its share of Offsets. Use WeightAt and DelayAt to read any synapse
// whatever the storage; a plasticity rule calls MaterializeWeights before it
// first touches Weights.
type Projection struct {
	Name        string
	NPre, NPost int
	Offsets     []int    `snap:"static"`
	Targets     []uint32 `snap:"static"`
	// Weights are in the receptor's unit: nA, µS, mV or dimensionless; nil
	// when all equal Weight. A checkpoint saves them when a rule may change
	// them (SnapDynamic), else only their checksum.
	Weights  []float32 `snap:"static"`
	Weight   float32   // the common weight when Weights is nil
	Delays   []uint16  `snap:"static"` // per-synapse delays in steps when some exceed 255; else nil
	Delays8  []uint8   `snap:"static"` // per-synapse delays in steps when all fit a byte; else nil
	Delay    int       // the common delay in steps when Delays and Delays8 are nil; else the smallest
	Receptor *neuron.Receptor
	// Rule is the plasticity rule; nil means static synapses.
	Rule Rule
	// Rates marks a rate-coded projection from a spiking population: every
	// step it sends weight × the source's activity (its filtered rate in
	// Hz, as a number) through PropagateRates instead of spikes. The
	// projections of rate populations send rates whether or not it is set.
	Rates bool

	touched uint32 // sink of touchRows

	// stp, when set (by TsodyksMarkram.Attach), scales every spike's row
	// by its source's short-term plasticity factor in Propagate.
	stp *TsodyksMarkram

	// A view made by SplitTargets shares Targets, Weights and delays with
	// the whole projection; row i of view k is [rowIdx[i*rowStride+k],
	// rowIdx[i*rowStride+k+1]) and Offsets is nil. 4-byte entries (a
	// projection holds at most 2^32-1 synapses): every spike reads one, at
	// a random place, so the smaller table stays in cache better.
	rowIdx    []uint32 `snap:"static"`
	rowStride int
	rowK      int
}

// row returns the bounds [lo, hi) of row i in Targets.
func (p *Projection) row(i int) (lo, hi int) {
	if p.rowIdx != nil {
		b := i*p.rowStride + p.rowK
		return int(p.rowIdx[b]), int(p.rowIdx[b+1])
	}
	return p.Offsets[i], p.Offsets[i+1]
}

// SnapDynamic says which static fields a checkpoint saves in full: the
// weights of a projection with a plasticity rule (internal/snap).
func (p *Projection) SnapDynamic(field string) bool {
	return field == "Weights" && p.Rule != nil
}

// MaxDelaySteps is the longest delay a synapse holds, in steps (the 16
// bits of Delays).
const MaxDelaySteps = math.MaxUint16

// Spec describes how to build a projection.
type Spec struct {
	Name      string
	NPre      int
	NPost     int
	Same      bool // source and target are one population (autapses matter)
	Connector Connector
	Weight    Dist // per-synapse weight
	Delay     Dist // per-synapse delay in ms; rounded to steps, at least 1 unless ZeroDelay
	// Conduction, when non-nil, adds to every synapse's delay its
	// distance over a conduction velocity (sheets; see Conduction).
	Conduction *Conduction
	// Weights and Delays (ms), when non-nil, give the values of the
	// connector's pairs in order (from_list); they override Weight/Delay.
	Weights, Delays []float64
	Receptor        *neuron.Receptor
	// Rates makes the projection rate-coded (see Projection.Rates).
	Rates bool
	// ZeroDelay lets delays round to 0 steps (a spike then acts from the
	// next step on; zerodelay.go): projections within a region only.
	ZeroDelay bool
	// Rule, when non-nil, becomes the projection's plasticity rule; if it
	// is an Attacher, Build attaches it (Attach(p, dt)) once the synapses
	// are built. One rule value serves one projection.
	Rule Rule
}

// MaxDelaySteps is the largest delay in steps of the projection.
func (p *Projection) MaxDelaySteps() int {
	switch {
	case p.Delays8 != nil:
		return int(maxOf(p.Delays8))
	case p.Delays != nil:
		return int(maxOf(p.Delays))
	}
	return p.Delay
}

// maxOf is the largest of x, 0 when x is empty.
func maxOf[D uint8 | uint16](x []D) D {
	var m D
	for _, v := range x {
		m = max(m, v)
	}
	return m
}

// MinDelaySteps is the smallest delay in steps of the projection (0 for a
// projection with per-synapse delays and no synapses).
func (p *Projection) MinDelaySteps() int {
	switch {
	case p.Delays8 != nil:
		if len(p.Delays8) == 0 {
			return 0
		}
		return int(slices.Min(p.Delays8))
	case p.Delays != nil:
		if len(p.Delays) == 0 {
			return 0
		}
		return int(slices.Min(p.Delays))
	}
	return p.Delay
}

// Len is the number of synapses.
func (p *Projection) Len() int { return len(p.Targets) }

// WeightAt is the weight of synapse k.
func (p *Projection) WeightAt(k int) float32 {
	if p.Weights == nil {
		return p.Weight
	}
	return p.Weights[k]
}

// DelayAt is the delay in steps of synapse k.
func (p *Projection) DelayAt(k int) int {
	switch {
	case p.Delays8 != nil:
		return int(p.Delays8[k])
	case p.Delays != nil:
		return int(p.Delays[k])
	}
	return p.Delay
}

// MaterializeWeights gives the projection per-synapse weights: when Weights
// is nil it allocates it with Weight in every synapse. It returns Weights.
// Plasticity rules call it once, when they are attached to the projection
// and before they read or change Weights; Propagate then uses the
// per-synapse weights.
func (p *Projection) MaterializeWeights() []float32 {
	if p.Weights == nil {
		p.Weights = make([]float32, len(p.Targets))
		for k := range p.Weights {
			p.Weights[k] = p.Weight
		}
	}
	return p.Weights
}

// Bytes is the memory the projection holds: its struct and the capacity of
// its slices.
func (p *Projection) Bytes() int64 {
	return int64(unsafe.Sizeof(*p)) + int64(len(p.Name)) +
		int64(cap(p.Offsets))*int64(unsafe.Sizeof(int(0))) + 4*int64(cap(p.Targets)) +
		4*int64(cap(p.Weights)) + 2*int64(cap(p.Delays)) + int64(cap(p.Delays8))
}

// Build draws the synapses of spec: connectivity, then weights, then delays,
// all from rng in that order, so the same seed gives the same projection.
// Weights and delays are drawn in the connector's pair order (the order
// Connect returns). dt is the step in ms.
//
// The connectors of this package build without pair arrays: those that make
// pairs by source (all_to_all, one_to_one, probability, distance,
// fixed_out_degree) append straight to the rows; fixed_in_degree keeps only
// the source of each pair (4 bytes a synapse while building) and scatters
// targets, weights and delays into rows by a counting sort;
// fixed_total_number likewise keeps only the sources and replays its
// random stream for the targets (see totalRows); any other
// Connector (from_list among them) goes through its pairs the same way.
// Every step costs time linear in the synapses (plus a sort of the rows
// that come unsorted: fixed_out_degree, fixed_total_number, from_list).
func Build(spec Spec, dt float64, rng *rand.Rand) (*Projection, error) {
	p := &Projection{Name: spec.Name, NPre: spec.NPre, NPost: spec.NPost, Receptor: spec.Receptor, Rates: spec.Rates}
	var pl placer
	switch c := spec.Connector.(type) {
	case streamer:
		s := sink{csr: true, off: make([]int, spec.NPre+1)}
		if err := c.stream(spec.NPre, spec.NPost, spec.Same, rng, &s); err != nil {
			return nil, err
		}
		s.close()
		if cap(s.tg)-len(s.tg) > len(s.tg)/16 {
			// Grown by append (distance): give back the spare capacity.
			s.tg = append(make([]uint32, 0, len(s.tg)), s.tg...)
		}
		p.Offsets, p.Targets = s.off, s.tg
	case FixedTotalNumber:
		var err error
		if pl, err = p.totalRows(c, spec.Same, rng); err != nil {
			return nil, err
		}
	case FixedInDegree:
		pre, err := c.sources(spec.NPre, spec.NPost, spec.Same, rng)
		if err != nil {
			return nil, err
		}
		pl = p.rows(pre)
		// Pair k = j·N + r has target j; rows come out sorted by target.
		tg, next := p.Targets, pl.next
		for j := 0; j < spec.NPost; j++ {
			for _, i := range pre[j*c.N : (j+1)*c.N] {
				tg[next[i]] = uint32(j)
				next[i]++
			}
		}
	default:
		pre, post, err := spec.Connector.Connect(spec.NPre, spec.NPost, spec.Same, rng)
		if err != nil {
			return nil, err
		}
		if len(pre) != len(post) {
			return nil, fmt.Errorf("connector gave %d sources and %d targets", len(pre), len(post))
		}
		for k := range pre {
			if int(pre[k]) >= spec.NPre || int(post[k]) >= spec.NPost {
				return nil, fmt.Errorf("connector pair %d (%d, %d) is out of range [0, %d) x [0, %d)", k, pre[k], post[k], spec.NPre, spec.NPost)
			}
		}
		pl = p.rows(pre)
		tg, next := p.Targets, pl.next
		for k, i := range pre {
			tg[next[i]] = post[k]
			next[i]++
		}
	}
	if err := p.values(spec, dt, rng, &pl); err != nil {
		return nil, err
	}
	p.sortRows()
	p.adviseHuge()
	if spec.Rule != nil {
		if a, ok := spec.Rule.(Attacher); ok {
			if err := a.Attach(p, dt); err != nil {
				return nil, err
			}
		}
		p.Rule = spec.Rule
	}
	return p, nil
}

// adviseHuge asks for huge pages under the large arrays of the projection
// (see hugemem): spikes read its rows at random places. The arrays were
// advised when allocated; this collapses what the heap had already backed
// with small pages.
func (p *Projection) adviseHuge() {
	hugemem.Collapse(p.Offsets)
	hugemem.Collapse(p.Targets)
	hugemem.Collapse(p.Weights)
	hugemem.Collapse(p.Delays8)
	hugemem.Collapse(p.Delays)
}

// placer maps the connector's pair k to its place in the rows: k itself when
// the pairs come by source (pre nil), else the next free place in row
// pre[k] (a counting sort, stable: a row keeps the connector's order).
type placer struct {
	pre  []uint32
	off  []int
	next []int
}

// rows counts the synapses of every source of pre into Offsets, allocates
// Targets and returns a placer for pre, reset.
func (p *Projection) rows(pre []uint32) placer {
	p.Offsets = make([]int, p.NPre+1)
	for _, i := range pre {
		p.Offsets[i+1]++
	}
	for i := 0; i < p.NPre; i++ {
		p.Offsets[i+1] += p.Offsets[i]
	}
	p.Targets = make([]uint32, len(pre))
	hugemem.Advise(p.Targets)
	pl := placer{pre: pre, off: p.Offsets, next: make([]int, p.NPre)}
	pl.reset()
	return pl
}

func (pl *placer) reset() {
	if pl.pre != nil {
		copy(pl.next, pl.off[:len(pl.next)])
	}
}

// at is the place of pair k; the pairs must be asked for in order after a
// reset.
func (pl *placer) at(k int) int {
	if pl.pre == nil {
		return k
	}
	i := pl.pre[k]
	q := pl.next[i]
	pl.next[i]++
	return q
}

// values sets the weights and then the delays of the synapses, drawn (or
// read from spec.Weights and spec.Delays) in pair order.
func (p *Projection) values(spec Spec, dt float64, rng *rand.Rand, pl *placer) error {
	m := len(p.Targets)
	if spec.Weights != nil && len(spec.Weights) != m || spec.Delays != nil && len(spec.Delays) != m {
		return fmt.Errorf("%d pairs but %d weights and %d delays", m, len(spec.Weights), len(spec.Delays))
	}
	if m > math.MaxUint32 {
		return fmt.Errorf("%d synapses is more than one projection holds (%d)", m, uint32(math.MaxUint32))
	}
	if spec.Weights == nil && spec.Weight.Kind == Const {
		// Sample applies the clip; a constant draws no random number.
		p.Weight = float32(spec.Weight.Sample(rng))
	} else {
		p.Weights = make([]float32, m)
		hugemem.Advise(p.Weights)
		pl.reset()
		for k := range m {
			var w float64
			if spec.Weights != nil {
				w = spec.Weights[k]
			} else {
				w = spec.Weight.Sample(rng)
			}
			p.Weights[pl.at(k)] = float32(w)
		}
	}
	toSteps := func(ms float64) (int, error) {
		// A delay is 0 (see zerodelay.go) or at least one step; the
		// relative slack only absorbs rounding in ms (0.3/0.1 =
		// 2.9999999999999996).
		if spec.ZeroDelay && ms >= 0 && ms < dt/2 {
			if spec.Receptor != nil && spec.Receptor.Kind == neuron.Delta {
				return 0, fmt.Errorf("delay %g ms rounds to 0 steps, but a delta synapse needs at least one step (dt = %g ms): it has no state to take a zero-delay spike", ms, dt)
			}
			return 0, nil
		}
		if !(ms >= dt*(1-1e-9)) && !(spec.ZeroDelay && ms >= 0) {
			return 0, fmt.Errorf("delay %g ms is below the step dt = %g ms", ms, dt)
		}
		s := int(math.Round(ms / dt))
		if s > MaxDelaySteps {
			return 0, fmt.Errorf("delay %g ms is more than %d steps", ms, MaxDelaySteps)
		}
		return s, nil
	}
	if spec.Delays == nil && spec.Delay.Kind == Const && spec.Conduction == nil {
		var err error
		p.Delay, err = toSteps(spec.Delay.Sample(rng))
		return err
	}
	cond := spec.Conduction
	if cond != nil && (len(cond.Pre) != p.NPre || len(cond.Post) != p.NPost || !(cond.Velocity > 0) || !(cond.Side > 0)) {
		return fmt.Errorf("conduction delays need a place for every unit, a side > 0 and a velocity > 0")
	}
	src := 0 // the source of the synapse at place q, for conduction (places ascend within a row)
	// Per-synapse delays: bytes until one needs more.
	d8 := make([]uint8, m)
	hugemem.Advise(d8)
	var d16 []uint16
	lo := math.MaxInt
	pl.reset()
	for k := range m {
		var ms float64
		if spec.Delays != nil {
			ms = spec.Delays[k]
		} else {
			ms = spec.Delay.Sample(rng)
		}
		q := pl.at(k)
		if cond != nil {
			i := src
			if pl.pre != nil {
				i = int(pl.pre[k])
			} else {
				for p.Offsets[i+1] <= q {
					i++
				}
				src = i
			}
			ms += cond.ms(i, int(p.Targets[q]))
		}
		s, err := toSteps(ms)
		if err != nil {
			return err
		}
		lo = min(lo, s)
		switch {
		case d16 != nil:
			d16[q] = uint16(s)
		case s <= math.MaxUint8:
			d8[q] = uint8(s)
		default:
			d16 = make([]uint16, m)
			hugemem.Advise(d16)
			for r, v := range d8 {
				d16[r] = uint16(v)
			}
			d8 = nil
			d16[q] = uint16(s)
		}
	}
	p.Delays8, p.Delays = d8, d16
	if m > 0 {
		p.Delay = lo
	}
	return nil
}

// sortRows sorts every row by target, stably (synapses to one target keep
// the connector's order), carrying weights and delays along. Most
// connectors give sorted rows, which cost one pass; unsorted rows
// (fixed_out_degree, fixed_total_number, from_list) are sorted through keys
// target<<32 | place, which are distinct, so an unstable sort of them is
// stable (long rows by radix: sortByTarget).
func (p *Projection) sortRows() {
	var keys, ktmp []uint64
	var ttmp []uint32
	var w []float32
	var d8 []uint8
	var d16 []uint16
	shared := p.Weights == nil && p.Delays == nil && p.Delays8 == nil
	for i := 0; i < p.NPre; i++ {
		lo, hi := p.Offsets[i], p.Offsets[i+1]
		t := p.Targets[lo:hi]
		if slices.IsSorted(t) {
			continue
		}
		if shared {
			ttmp = sortByTarget(t, ttmp, 0, p.NPost) // equal targets are indistinguishable
			continue
		}
		keys = keys[:0]
		for r, j := range t {
			keys = append(keys, uint64(j)<<32|uint64(r))
		}
		ktmp = sortByTarget(keys, ktmp, 32, p.NPost)
		for r, key := range keys {
			t[r] = uint32(key >> 32)
		}
		if p.Weights != nil {
			w = permute(p.Weights[lo:hi], keys, w)
		}
		if p.Delays8 != nil {
			d8 = permute(p.Delays8[lo:hi], keys, d8)
		}
		if p.Delays != nil {
			d16 = permute(p.Delays[lo:hi], keys, d16)
		}
	}
}

// permute reorders x so that x[r] becomes the old x[uint32(keys[r])], with
// tmp as scratch (returned for reuse).
func permute[T any](x []T, keys []uint64, tmp []T) []T {
	tmp = append(tmp[:0], x...)
	for r, key := range keys {
		x[r] = tmp[uint32(key)]
	}
	return tmp
}

// Propagate delivers the spikes that the source emitted at step t into the
// receptor's ring buffer and returns the number of synaptic events. Each
// storage variant has its own loop; the shared weight and delay one (static
// synapses) adds one constant into one slot.
func (p *Projection) Propagate(t int64, spikes []uint32) int64 {
	return p.propagate(t, spikes, true)
}

// PropagatePrefetched is Propagate for a caller that has called Prefetch
// with these spikes just before: it does not touch the rows again.
func (p *Projection) PropagatePrefetched(t int64, spikes []uint32) int64 {
	return p.propagate(t, spikes, false)
}

func (p *Projection) propagate(t int64, spikes []uint32, touch bool) int64 {
	if p.stp != nil {
		return p.propagateSTP(t, spikes)
	}
	switch {
	case p.Delays8 != nil:
		if p.Weights == nil {
			return propagateDelays(p, p.Delays8, t, spikes)
		}
		return propagateWeightsDelays(p, p.Delays8, t, spikes)
	case p.Delays != nil:
		if p.Weights == nil {
			return propagateDelays(p, p.Delays, t, spikes)
		}
		return propagateWeightsDelays(p, p.Delays, t, spikes)
	}
	var ev int
	tg := p.Targets
	slot := p.slotAt(t)
	if p.Weights == nil {
		w := p.Weight
		if touch && len(spikes) > 1 && len(tg) >= prefetchMin {
			p.touched += touchRows(p, spikes)
		}
		for _, s := range spikes {
			lo, hi := p.row(int(s))
			addShared(slot, tg[lo:hi], w)
			ev += hi - lo
		}
		return int64(ev)
	}
	return propagateWeighted(p, slot, spikes)
}

// propagateWeighted: per-synapse weights, shared delay. A function of its
// own, so that its loop's place in the code does not move with the rest of
// Propagate (the loop runs at about 1.5 cycles a synapse, where the layout
// of the code shows).
//
//go:noinline
func propagateWeighted(p *Projection, slot []float32, spikes []uint32) int64 {
	var ev int
	tg, ws := p.Targets, p.Weights
	for _, s := range spikes {
		lo, hi := p.row(int(s))
		rw := ws[lo:hi]
		for k, j := range tg[lo:hi] {
			slot[j] += rw[k]
		}
		ev += hi - lo
	}
	return int64(ev)
}

// propagateDelays: shared weight, per-synapse delays.
func propagateDelays[D uint8 | uint16](p *Projection, ds []D, t int64, spikes []uint32) int64 {
	var ev int
	tg, w := p.Targets, p.Weight
	buf, mask := p.Receptor.Ring()
	n := int64(p.NPost)
	for _, s := range spikes {
		lo, hi := p.row(int(s))
		addDelayedRow(p, buf, tg[lo:hi], ds[lo:hi], w, t, mask, n)
		ev += hi - lo
	}
	return int64(ev)
}

// propagateWeightsDelays: per-synapse weights and delays.
func propagateWeightsDelays[D uint8 | uint16](p *Projection, ds []D, t int64, spikes []uint32) int64 {
	var ev int
	tg, ws := p.Targets, p.Weights
	buf, mask := p.Receptor.Ring()
	n := int64(p.NPost)
	// Each row's bounds are looked up once, as the next row while the
	// row before is added (the kernel prefetches into it).
	var lo, hi int
	if len(spikes) > 0 {
		lo, hi = p.row(int(spikes[0]))
	}
	for k := range spikes {
		var nlo, nhi int
		if k+1 < len(spikes) {
			nlo, nhi = p.row(int(spikes[k+1]))
		}
		addWeightedDelayedRow(p, buf, tg[lo:hi], ws[lo:hi], ds[lo:hi], tg[nlo:nhi], ds[nlo:nhi], 1, t, mask, n)
		ev += hi - lo
		lo, hi = nlo, nhi
	}
	return int64(ev)
}

// The row kernels add one row of synapses: into the slot of one step
// (slot[j] += w), or into the ring buffer buf of slots of n values (the
// synapse to j with delay d adds into buf[((t+d)&mask)*n+j]). The
// noinline ones are kept out of their callers so that the loop keeps its
// few variables in registers (inlined, they spilled to the stack).

// addShared is the hot loop of static synapses.
//
//go:noinline
func addShared(slot []float32, row []uint32, w float32) {
	for len(row) >= 4 {
		j0, j1, j2, j3 := row[0], row[1], row[2], row[3]
		slot[j0] += w
		slot[j1] += w
		slot[j2] += w
		slot[j3] += w
		row = row[4:]
	}
	for _, j := range row {
		slot[j] += w
	}
}

//go:noinline
func addWeighted(slot []float32, row []uint32, rw []float32, r float32) {
	rw = rw[:len(row)]
	if r == 1 {
		for k, j := range row {
			slot[j] += rw[k]
		}
		return
	}
	for k, j := range row {
		slot[j] += rw[k] * r
	}
}

//go:noinline
func addDelayed[D uint8 | uint16](buf []float32, row []uint32, rd []D, w float32, t, mask, n int64) {
	rd = rd[:len(row)]
	for k, j := range row {
		buf[((t+int64(rd[k]))&mask)*n+int64(j)] += w
	}
}

// addWeightedDelayed adds a row of weighted synapses with per-synapse
// delays into the ring buf (mask+1 slots of n units): with the assembly
// kernel where there is one (ring_amd64.go), else addWeightedDelayedGo.
// next and nextD are the row to be added next, if known (the kernel
// prefetches its first synapses' ring lines), else nil.
func addWeightedDelayed[D uint8 | uint16](buf []float32, row []uint32, rw []float32, rd []D, next []uint32, nextD []D, r float32, t, mask, n int64) {
	if ringAsm && ringAdd(buf, row, rw, rd, next, nextD, r, t, mask, n) {
		return
	}
	addWeightedDelayedGo(buf, row, rw, rd, r, t, mask, n)
}

//go:noinline
func addWeightedDelayedGo[D uint8 | uint16](buf []float32, row []uint32, rw []float32, rd []D, r float32, t, mask, n int64) {
	rw, rd = rw[:len(row)], rd[:len(row)]
	if r == 1 {
		for k, j := range row {
			buf[((t+int64(rd[k]))&mask)*n+int64(j)] += rw[k]
		}
		return
	}
	for k, j := range row {
		buf[((t+int64(rd[k]))&mask)*n+int64(j)] += float32(rw[k] * r)
	}
}

// PropagateRates delivers weight × rate of every source with a non-zero
// rate (rate populations send every step) and returns the events.
func (p *Projection) PropagateRates(t int64, r []float32) int64 {
	switch {
	case p.Delays8 != nil:
		return propagateRatesDelays(p, p.Delays8, t, r)
	case p.Delays != nil:
		return propagateRatesDelays(p, p.Delays, t, r)
	}
	var ev int
	tg := p.Targets
	slot := p.slotAt(t)
	for i, ri := range r[:p.NPre] {
		if ri == 0 {
			continue
		}
		lo, hi := p.row(i)
		if p.Weights == nil {
			addShared(slot, tg[lo:hi], p.Weight*ri)
		} else {
			addWeighted(slot, tg[lo:hi], p.Weights[lo:hi], ri)
		}
		ev += hi - lo
	}
	return int64(ev)
}

// propagateRatesDelays: PropagateRates with per-synapse delays.
func propagateRatesDelays[D uint8 | uint16](p *Projection, ds []D, t int64, r []float32) int64 {
	var ev int
	tg := p.Targets
	buf, mask := p.Receptor.Ring()
	n := int64(p.NPost)
	for i, ri := range r[:p.NPre] {
		if ri == 0 {
			continue
		}
		lo, hi := p.row(i)
		if p.Weights == nil {
			addDelayedRow(p, buf, tg[lo:hi], ds[lo:hi], p.Weight*ri, t, mask, n)
		} else {
			addWeightedDelayedRow(p, buf, tg[lo:hi], p.Weights[lo:hi], ds[lo:hi], nil, nil, ri, t, mask, n)
		}
		ev += hi - lo
	}
	return int64(ev)
}
