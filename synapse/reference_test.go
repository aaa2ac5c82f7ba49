package synapse_test

// The algorithms Build used before it streamed connectors into rows and
// stored shared weights and byte delays: buildReference and its connectors
// (refConnect) are the old code, copied, so that the new Build can be held
// to give identical projections (the same seed keeps its spikes).

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"github.com/brainsim/brainsim/synapse"
)

// refProjection is a projection in the old layout: every synapse has a
// weight; Delays (uint16) is nil when all equal Delay.
type refProjection struct {
	NPre, NPost int
	Offsets     []int
	Targets     []uint32
	Weights     []float32
	Delays      []uint16
	Delay       int
}

// buildReference is the old Build.
func buildReference(spec synapse.Spec, dt float64, rng *rand.Rand) (*refProjection, error) {
	pre, post, err := refConnect(spec.Connector, spec.NPre, spec.NPost, spec.Same, rng)
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
		if !(ms >= dt*(1-1e-9)) {
			return 0, fmt.Errorf("delay %g ms is below the step dt = %g ms", ms, dt)
		}
		s := int(math.Round(ms / dt))
		if s > math.MaxUint16 {
			return 0, fmt.Errorf("delay %g ms is more than %d steps", ms, math.MaxUint16)
		}
		return s, nil
	}
	p := &refProjection{NPre: spec.NPre, NPost: spec.NPost}
	var d []uint16
	if spec.Delays == nil && spec.Delay.Kind == synapse.Const {
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

func (p *refProjection) sortRow(lo, hi int) {
	t, w, d := p.Targets, p.Weights, p.Delays
	if slices.IsSorted(t[lo:hi]) {
		return
	}
	if hi-lo > 32 {
		sort.Stable(refRowSorter{t[lo:hi], w[lo:hi], refRowDelays(d, lo, hi)})
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

func refRowDelays(d []uint16, lo, hi int) []uint16 {
	if d == nil {
		return nil
	}
	return d[lo:hi]
}

type refRowSorter struct {
	t []uint32
	w []float32
	d []uint16
}

func (r refRowSorter) Len() int           { return len(r.t) }
func (r refRowSorter) Less(i, j int) bool { return r.t[i] < r.t[j] }
func (r refRowSorter) Swap(i, j int) {
	r.t[i], r.t[j] = r.t[j], r.t[i]
	r.w[i], r.w[j] = r.w[j], r.w[i]
	if r.d != nil {
		r.d[i], r.d[j] = r.d[j], r.d[i]
	}
}

// refPropagate is the old Propagate on the old layout, into a ring buffer
// of slots of nPost values.
func (p *refProjection) propagate(buf []float32, mask, t int64, spikes []uint32) int64 {
	var ev int
	n := int64(p.NPost)
	for _, s := range spikes {
		lo, hi := p.Offsets[s], p.Offsets[s+1]
		for k := lo; k < hi; k++ {
			d := int64(p.Delay)
			if p.Delays != nil {
				d = int64(p.Delays[k])
			}
			buf[((t+d)&mask)*n+int64(p.Targets[k])] += p.Weights[k]
		}
		ev += hi - lo
	}
	return int64(ev)
}

// refPropagateRates is the old PropagateRates on the old layout.
func (p *refProjection) propagateRates(buf []float32, mask, t int64, r []float32) int64 {
	var ev int
	n := int64(p.NPost)
	for i, ri := range r[:p.NPre] {
		if ri == 0 {
			continue
		}
		lo, hi := p.Offsets[i], p.Offsets[i+1]
		for k := lo; k < hi; k++ {
			d := int64(p.Delay)
			if p.Delays != nil {
				d = int64(p.Delays[k])
			}
			buf[((t+d)&mask)*n+int64(p.Targets[k])] += p.Weights[k] * ri
		}
		ev += hi - lo
	}
	return int64(ev)
}

// refConnect runs the old connector algorithms on the connectors of the
// package, and Connect on any other.
func refConnect(c synapse.Connector, nPre, nPost int, same bool, rng *rand.Rand) (pre, post []uint32, err error) {
	switch c := c.(type) {
	case synapse.AllToAll:
		m := nPre * nPost
		pre, post = make([]uint32, 0, m), make([]uint32, 0, m)
		for i := 0; i < nPre; i++ {
			for j := 0; j < nPost; j++ {
				if same && i == j && !c.Autapses {
					continue
				}
				pre, post = append(pre, uint32(i)), append(post, uint32(j))
			}
		}
		return pre, post, nil
	case synapse.OneToOne:
		if nPre != nPost {
			return nil, nil, fmt.Errorf("one_to_one needs equal sizes, got %d and %d", nPre, nPost)
		}
		pre, post = make([]uint32, nPre), make([]uint32, nPre)
		for i := range pre {
			pre[i], post[i] = uint32(i), uint32(i)
		}
		return pre, post, nil
	case synapse.FixedProbability:
		if !(c.P >= 0 && c.P <= 1) {
			return nil, nil, fmt.Errorf("probability %g is outside [0, 1]", c.P)
		}
		total := int64(nPre) * int64(nPost)
		want := int(float64(total)*c.P*1.05) + 16
		pre, post = make([]uint32, 0, want), make([]uint32, 0, want)
		if c.P == 0 {
			return pre, post, nil
		}
		lq := math.Log1p(-c.P)
		k := int64(-1)
		for {
			if c.P < 1 {
				g := math.Floor(math.Log(1-rng.Float64()) / lq)
				if g >= float64(total-k-1) {
					break
				}
				k += int64(g) + 1
			} else {
				k++
				if k >= total {
					break
				}
			}
			i, j := int(k/int64(nPost)), int(k%int64(nPost))
			if same && i == j && !c.Autapses {
				continue
			}
			pre, post = append(pre, uint32(i)), append(post, uint32(j))
		}
		return pre, post, nil
	case synapse.FixedInDegree:
		avail := nPre
		if same && !c.Autapses {
			avail--
		}
		if c.N < 0 || c.N > avail {
			return nil, nil, fmt.Errorf("in-degree %d is outside [0, %d]", c.N, avail)
		}
		pre, post = make([]uint32, 0, c.N*nPost), make([]uint32, 0, c.N*nPost)
		var s refSampler
		for j := 0; j < nPost; j++ {
			excl := -1
			if same && !c.Autapses {
				excl = j
			}
			for _, i := range s.distinct(rng, nPre, c.N, excl) {
				pre, post = append(pre, i), append(post, uint32(j))
			}
		}
		return pre, post, nil
	case synapse.FixedOutDegree:
		avail := nPost
		if same && !c.Autapses {
			avail--
		}
		if c.N < 0 || c.N > avail {
			return nil, nil, fmt.Errorf("out-degree %d is outside [0, %d]", c.N, avail)
		}
		pre, post = make([]uint32, 0, c.N*nPre), make([]uint32, 0, c.N*nPre)
		var s refSampler
		for i := 0; i < nPre; i++ {
			excl := -1
			if same && !c.Autapses {
				excl = i
			}
			for _, j := range s.distinct(rng, nPost, c.N, excl) {
				pre, post = append(pre, uint32(i)), append(post, j)
			}
		}
		return pre, post, nil
	case synapse.DistanceProbability:
		if len(c.Pre) != nPre || len(c.Post) != nPost {
			return nil, nil, fmt.Errorf("distance connector needs a position for every unit")
		}
		if !(c.P >= 0 && c.P <= 1) || !(c.Sigma > 0) {
			return nil, nil, fmt.Errorf("distance connector needs p in [0, 1] and sigma > 0")
		}
		inv := 1 / (2 * c.Sigma * c.Sigma)
		for i, a := range c.Pre {
			for j, b := range c.Post {
				if same && i == j && !c.Autapses {
					continue
				}
				dx, dy := math.Abs(a.X-b.X), math.Abs(a.Y-b.Y)
				if c.Periodic {
					dx, dy = min(dx, 1-dx), min(dy, 1-dy)
				}
				if rng.Float64() < c.P*math.Exp(-(dx*dx+dy*dy)*inv) {
					pre, post = append(pre, uint32(i)), append(post, uint32(j))
				}
			}
		}
		return pre, post, nil
	case synapse.FromList:
		pre, post = make([]uint32, len(c.Pairs)), make([]uint32, len(c.Pairs))
		for k, p := range c.Pairs {
			if p[0] < 0 || p[0] >= nPre || p[1] < 0 || p[1] >= nPost {
				return nil, nil, fmt.Errorf("pair %d (%d, %d) is out of range [0, %d) x [0, %d)", k, p[0], p[1], nPre, nPost)
			}
			pre[k], post[k] = uint32(p[0]), uint32(p[1])
		}
		return pre, post, nil
	}
	return c.Connect(nPre, nPost, same, rng)
}

// refSampler is the old sampler (a map for the sparse path).
type refSampler struct {
	out  []uint32
	seen map[uint32]struct{}
	perm []uint32
}

func (s *refSampler) distinct(rng *rand.Rand, n, k int, excl int) []uint32 {
	s.out = s.out[:0]
	if k == 0 {
		return s.out
	}
	if 2*k > n {
		if len(s.perm) != n {
			s.perm = make([]uint32, n)
		}
		for i := range s.perm {
			s.perm[i] = uint32(i)
		}
		m := n
		if excl >= 0 {
			s.perm[excl], s.perm[n-1] = s.perm[n-1], s.perm[excl]
			m--
		}
		for i := 0; i < k; i++ {
			r := i + rng.IntN(m-i)
			s.perm[i], s.perm[r] = s.perm[r], s.perm[i]
			s.out = append(s.out, s.perm[i])
		}
		return s.out
	}
	if s.seen == nil {
		s.seen = make(map[uint32]struct{}, 2*k)
	}
	clear(s.seen)
	for len(s.out) < k {
		r := uint32(rng.IntN(n))
		if int(r) == excl {
			continue
		}
		if _, dup := s.seen[r]; dup {
			continue
		}
		s.seen[r] = struct{}{}
		s.out = append(s.out, r)
	}
	return s.out
}
