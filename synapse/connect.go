package synapse

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/brainsim/brainsim/internal/hugemem"
)

// Connector decides which synapses a projection has. Connect returns the
// (pre, post) pairs of a projection from nPre to nPost units; same says that
// source and target are the same population (for autapses). Pairs may come
// in any order; the projection sorts them.
//
// Build does not call Connect for the connectors of this package: they
// stream their pairs straight into the projection's rows (see streamer),
// which needs no pair arrays. Connect gives the same pairs, from the same
// random draws, and serves any other Connector.
type Connector interface {
	Connect(nPre, nPost int, same bool, rng *rand.Rand) (pre, post []uint32, err error)
}

// streamer is a connector that makes its pairs in ascending source order
// (targets within a source in any order) and hands them to a sink, which
// either collects pairs (Connect) or appends them to CSR rows (Build).
type streamer interface {
	stream(nPre, nPost int, same bool, rng *rand.Rand, s *sink) error
}

// sink receives a connector's pairs. In pair mode (csr false) it appends to
// pre and post. In CSR mode the pairs must come in ascending source order:
// it appends the target to tg and sets off[r] = len(tg) as each row r opens,
// so off ends up the row offsets after close.
type sink struct {
	csr       bool
	pre, post []uint32
	off       []int    // CSR mode: nPre+1 offsets
	tg        []uint32 // CSR mode: targets, row after row
	row       int      // CSR mode: the row being filled
}

// reserve makes room for n more pairs (a hint; append grows beyond it).
func (s *sink) reserve(n int) {
	if n <= 0 {
		return
	}
	if s.csr {
		if cap(s.tg)-len(s.tg) < n {
			tg := make([]uint32, 0, len(s.tg)+n)
			hugemem.Advise(tg[:cap(tg)])
			s.tg = append(tg, s.tg...)
		}
		return
	}
	if cap(s.pre)-len(s.pre) < n {
		s.pre = append(make([]uint32, 0, len(s.pre)+n), s.pre...)
		s.post = append(make([]uint32, 0, len(s.post)+n), s.post...)
	}
}

// add takes the pair (i, j).
func (s *sink) add(i, j uint32) {
	if !s.csr {
		s.pre, s.post = append(s.pre, i), append(s.post, j)
		return
	}
	for s.row < int(i) {
		s.row++
		s.off[s.row] = len(s.tg)
	}
	s.tg = append(s.tg, j)
}

// close ends the last row (CSR mode): rows after the last pair are empty.
func (s *sink) close() {
	for s.row < len(s.off)-1 {
		s.row++
		s.off[s.row] = len(s.tg)
	}
}

// connectVia runs a streamer in pair mode: the Connect of every streamer.
func connectVia(c streamer, nPre, nPost int, same bool, rng *rand.Rand) (pre, post []uint32, err error) {
	s := sink{}
	if err := c.stream(nPre, nPost, same, rng, &s); err != nil {
		return nil, nil, err
	}
	if s.pre == nil {
		s.pre, s.post = []uint32{}, []uint32{}
	}
	return s.pre, s.post, nil
}

// AllToAll connects every source to every target.
//
// NoDiagonal leaves out the pairs i → i also between two populations (of
// one size: each unit and its partner), e.g. the lateral inhibition of
// Diehl & Cook (2015), where inhibitory unit i inhibits every excitatory
// unit but its partner i.
type AllToAll struct{ Autapses, NoDiagonal bool }

func (c AllToAll) Connect(nPre, nPost int, same bool, rng *rand.Rand) (pre, post []uint32, err error) {
	return connectVia(c, nPre, nPost, same, rng)
}

func (c AllToAll) stream(nPre, nPost int, same bool, _ *rand.Rand, s *sink) error {
	m := nPre * nPost
	skip := same && !c.Autapses || c.NoDiagonal
	if skip {
		m -= min(nPre, nPost)
	}
	s.reserve(m)
	for i := 0; i < nPre; i++ {
		for j := 0; j < nPost; j++ {
			if skip && i == j {
				continue
			}
			s.add(uint32(i), uint32(j))
		}
	}
	return nil
}

// OneToOne connects source i to target i.
type OneToOne struct{}

func (c OneToOne) Connect(nPre, nPost int, same bool, rng *rand.Rand) (pre, post []uint32, err error) {
	return connectVia(c, nPre, nPost, same, rng)
}

func (OneToOne) stream(nPre, nPost int, _ bool, _ *rand.Rand, s *sink) error {
	if nPre != nPost {
		return fmt.Errorf("one_to_one needs equal sizes, got %d and %d", nPre, nPost)
	}
	s.reserve(nPre)
	for i := 0; i < nPre; i++ {
		s.add(uint32(i), uint32(i))
	}
	return nil
}

// FixedProbability makes each possible synapse with probability P,
// independently (Erdős–Rényi). The candidates are visited by geometric
// skipping, so the cost is proportional to the synapses made.
type FixedProbability struct {
	P        float64
	Autapses bool
}

func (c FixedProbability) Connect(nPre, nPost int, same bool, rng *rand.Rand) (pre, post []uint32, err error) {
	return connectVia(c, nPre, nPost, same, rng)
}

// stream visits the candidates k = i·nPost + j in ascending order, so the
// pairs come sorted by (source, target). The sink reserves the expected
// count plus 6 standard deviations (a binomial count exceeds that with
// probability about 1e-9), so the rows are rarely copied to grow.
func (c FixedProbability) stream(nPre, nPost int, same bool, rng *rand.Rand, s *sink) error {
	if !(c.P >= 0 && c.P <= 1) {
		return fmt.Errorf("probability %g is outside [0, 1]", c.P)
	}
	total := int64(nPre) * int64(nPost)
	trials := float64(total)
	if same && !c.Autapses {
		trials -= float64(min(nPre, nPost))
	}
	mean := trials * c.P
	s.reserve(int(min(mean+6*math.Sqrt(mean*(1-c.P))+16, float64(total))))
	if c.P == 0 {
		return nil
	}
	lq := math.Log1p(-c.P)
	k := int64(-1)
	n := int64(nPost)
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
		i, j := k/n, k%n
		if same && i == j && !c.Autapses {
			continue
		}
		s.add(uint32(i), uint32(j))
	}
	return nil
}

// FixedInDegree gives every target exactly N distinct sources, drawn
// uniformly without replacement.
type FixedInDegree struct {
	N        int
	Autapses bool
}

func (c FixedInDegree) Connect(nPre, nPost int, same bool, rng *rand.Rand) (pre, post []uint32, err error) {
	pre, err = c.sources(nPre, nPost, same, rng)
	if err != nil {
		return nil, nil, err
	}
	post = make([]uint32, len(pre))
	for k := range post {
		post[k] = uint32(k / c.N)
	}
	return pre, post, nil
}

// sources returns the sources of the pairs in the connector's order: target
// j's N sources are pre[j·N : (j+1)·N] (the targets are implied).
func (c FixedInDegree) sources(nPre, nPost int, same bool, rng *rand.Rand) ([]uint32, error) {
	avail := nPre
	if same && !c.Autapses {
		avail--
	}
	if c.N < 0 || c.N > avail {
		return nil, fmt.Errorf("in-degree %d is outside [0, %d]", c.N, avail)
	}
	pre := make([]uint32, 0, c.N*nPost)
	var s sampler
	for j := 0; j < nPost; j++ {
		excl := -1
		if same && !c.Autapses {
			excl = j
		}
		pre = append(pre, s.distinct(rng, nPre, c.N, excl)...)
	}
	return pre, nil
}

// FixedOutDegree gives every source exactly N distinct targets.
type FixedOutDegree struct {
	N        int
	Autapses bool
}

func (c FixedOutDegree) Connect(nPre, nPost int, same bool, rng *rand.Rand) (pre, post []uint32, err error) {
	return connectVia(c, nPre, nPost, same, rng)
}

// stream gives the pairs by source; each source's targets come in the
// sampler's (random) order.
func (c FixedOutDegree) stream(nPre, nPost int, same bool, rng *rand.Rand, s *sink) error {
	avail := nPost
	if same && !c.Autapses {
		avail--
	}
	if c.N < 0 || c.N > avail {
		return fmt.Errorf("out-degree %d is outside [0, %d]", c.N, avail)
	}
	s.reserve(c.N * nPre)
	var sm sampler
	for i := 0; i < nPre; i++ {
		excl := -1
		if same && !c.Autapses {
			excl = i
		}
		for _, j := range sm.distinct(rng, nPost, c.N, excl) {
			s.add(uint32(i), j)
		}
	}
	return nil
}

// stampMax is the largest range for which the sampler marks drawn values in
// an array of n stamps (4n bytes); larger ranges use a set.
const stampMax = 1 << 22

// sampler draws k distinct integers from [0, n) without excl, reusing its
// buffers between calls.
type sampler struct {
	out   []uint32
	stamp []uint32 // stamp[r] == gen: r was drawn in this call
	gen   uint32
	seen  map[uint32]struct{}
	perm  []uint32
}

func (s *sampler) distinct(rng *rand.Rand, n, k int, excl int) []uint32 {
	s.out = s.out[:0]
	if k == 0 {
		return s.out
	}
	if 2*k > n {
		// Dense: partial Fisher-Yates over the whole range.
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
	// Sparse: rejection; a value drawn before in this call is drawn again.
	if n <= stampMax {
		if len(s.stamp) != n {
			s.stamp, s.gen = make([]uint32, n), 0
		}
		s.gen++
		if s.gen == 0 { // wrapped: forget every old stamp
			clear(s.stamp)
			s.gen = 1
		}
		st, g := s.stamp, s.gen
		for len(s.out) < k {
			r := uint32(rng.IntN(n))
			if int(r) == excl || st[r] == g {
				continue
			}
			st[r] = g
			s.out = append(s.out, r)
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

// Point is a position on the unit square.
type Point struct{ X, Y float64 }

// Grid lays n = rows*cols units out on the unit square, unit i at
// ((i%cols + 0.5)/cols, (i/cols + 0.5)/rows).
func Grid(rows, cols int) []Point {
	p := make([]Point, rows*cols)
	for i := range p {
		p[i] = Point{(float64(i%cols) + 0.5) / float64(cols), (float64(i/cols) + 0.5) / float64(rows)}
	}
	return p
}

// DistanceProbability connects source i to target j with probability
// P·exp(-d²/(2 Sigma²)), d the distance between their positions on the unit
// square (a torus when Periodic).
type DistanceProbability struct {
	P, Sigma  float64
	Periodic  bool
	Autapses  bool
	Pre, Post []Point
}

func (c DistanceProbability) Connect(nPre, nPost int, same bool, rng *rand.Rand) (pre, post []uint32, err error) {
	return connectVia(c, nPre, nPost, same, rng)
}

// stream visits every candidate in (source, target) order. The count is not
// known ahead; the rows grow by append.
func (c DistanceProbability) stream(nPre, nPost int, same bool, rng *rand.Rand, s *sink) error {
	if len(c.Pre) != nPre || len(c.Post) != nPost {
		return fmt.Errorf("distance connector needs a position for every unit")
	}
	if !(c.P >= 0 && c.P <= 1) || !(c.Sigma > 0) {
		return fmt.Errorf("distance connector needs p in [0, 1] and sigma > 0")
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
				s.add(uint32(i), uint32(j))
			}
		}
	}
	return nil
}

// FromList connects the listed pairs.
type FromList struct{ Pairs [][2]int }

func (c FromList) Connect(nPre, nPost int, _ bool, _ *rand.Rand) (pre, post []uint32, err error) {
	pre, post = make([]uint32, len(c.Pairs)), make([]uint32, len(c.Pairs))
	for k, p := range c.Pairs {
		if p[0] < 0 || p[0] >= nPre || p[1] < 0 || p[1] >= nPost {
			return nil, nil, fmt.Errorf("pair %d (%d, %d) is out of range [0, %d) x [0, %d)", k, p[0], p[1], nPre, nPost)
		}
		pre[k], post[k] = uint32(p[0]), uint32(p[1])
	}
	return pre, post, nil
}
