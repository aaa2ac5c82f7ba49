package synapse

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Connector decides which synapses a projection has. Connect returns the
// (pre, post) pairs of a projection from nPre to nPost units; same says that
// source and target are the same population (for autapses). Pairs may come
// in any order; the projection sorts them.
type Connector interface {
	Connect(nPre, nPost int, same bool, rng *rand.Rand) (pre, post []uint32, err error)
}

// AllToAll connects every source to every target.
type AllToAll struct{ Autapses bool }

func (c AllToAll) Connect(nPre, nPost int, same bool, _ *rand.Rand) (pre, post []uint32, err error) {
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
}

// OneToOne connects source i to target i.
type OneToOne struct{}

func (OneToOne) Connect(nPre, nPost int, _ bool, _ *rand.Rand) (pre, post []uint32, err error) {
	if nPre != nPost {
		return nil, nil, fmt.Errorf("one_to_one needs equal sizes, got %d and %d", nPre, nPost)
	}
	pre, post = make([]uint32, nPre), make([]uint32, nPre)
	for i := range pre {
		pre[i], post[i] = uint32(i), uint32(i)
	}
	return pre, post, nil
}

// FixedProbability makes each possible synapse with probability P,
// independently (Erdős–Rényi). The candidates are visited by geometric
// skipping, so the cost is proportional to the synapses made.
type FixedProbability struct {
	P        float64
	Autapses bool
}

func (c FixedProbability) Connect(nPre, nPost int, same bool, rng *rand.Rand) (pre, post []uint32, err error) {
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
}

// FixedInDegree gives every target exactly N distinct sources, drawn
// uniformly without replacement.
type FixedInDegree struct {
	N        int
	Autapses bool
}

func (c FixedInDegree) Connect(nPre, nPost int, same bool, rng *rand.Rand) (pre, post []uint32, err error) {
	avail := nPre
	if same && !c.Autapses {
		avail--
	}
	if c.N < 0 || c.N > avail {
		return nil, nil, fmt.Errorf("in-degree %d is outside [0, %d]", c.N, avail)
	}
	pre, post = make([]uint32, 0, c.N*nPost), make([]uint32, 0, c.N*nPost)
	var s sampler
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
}

// FixedOutDegree gives every source exactly N distinct targets.
type FixedOutDegree struct {
	N        int
	Autapses bool
}

func (c FixedOutDegree) Connect(nPre, nPost int, same bool, rng *rand.Rand) (pre, post []uint32, err error) {
	avail := nPost
	if same && !c.Autapses {
		avail--
	}
	if c.N < 0 || c.N > avail {
		return nil, nil, fmt.Errorf("out-degree %d is outside [0, %d]", c.N, avail)
	}
	pre, post = make([]uint32, 0, c.N*nPre), make([]uint32, 0, c.N*nPre)
	var s sampler
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
}

// sampler draws k distinct integers from [0, n) without excl, reusing its
// buffers between calls.
type sampler struct {
	out  []uint32
	seen map[uint32]struct{}
	perm []uint32
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
	// Sparse: rejection with a set.
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
