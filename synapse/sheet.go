package synapse

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Sheet lays a population out on a rows × cols grid over a square of side
// Side (mm; 0: a unit square without a physical size), unit i at the
// centre of cell (i%cols, i/cols): ((i%cols + 0.5)/cols, (i/cols +
// 0.5)/rows) in units of the side. Periodic makes the square a torus:
// distances and connection offsets wrap around its edges (the usual way
// to keep a small sheet free of edge effects; Davis et al. 2021).
type Sheet struct {
	Rows, Cols int
	Side       float64
	Periodic   bool
}

// Points are the units' places, in units of the side.
func (s *Sheet) Points() []Point { return Grid(s.Rows, s.Cols) }

// delta is the separation of a and b along one axis, in units of the side
// (the shorter way round on a torus).
func delta(a, b float64, periodic bool) float64 {
	d := math.Abs(a - b)
	if periodic {
		d = min(d, 1-d)
	}
	return d
}

// Distance is the distance between places a and b, in units of the side.
func Distance(a, b Point, periodic bool) float64 {
	return math.Hypot(delta(a.X, b.X, periodic), delta(a.Y, b.Y, periodic))
}

// Conduction makes a projection's delays grow with distance: a synapse
// from unit i to unit j gets Spec.Delay plus d(i, j)/Velocity, d the
// distance between their places (mm; on the torus when Periodic), the
// sum rounded to steps once (NETSIM's round((delay + d/v)/dt); Davis et
// al. 2021).
type Conduction struct {
	Pre, Post []Point // places in units of Side
	Side      float64 // mm
	Periodic  bool
	Velocity  float64 // mm/ms (= m/s)
}

// ms is the conduction time from unit i to unit j.
func (c *Conduction) ms(i, j int) float64 {
	return Distance(c.Pre[i], c.Post[j], c.Periodic) * c.Side / c.Velocity
}

// GaussianOutDegree gives every source exactly K distinct targets drawn
// around it on the target's sheet (NEST's fixed_outdegree with a Gaussian
// kernel; NETSIM's gaussian_connect_2D, Davis et al. 2021): each draw
// offsets the source's place by (dx, dy), both normal with standard
// deviation Sigma (units of the side), and takes the target whose grid
// cell holds the offset place; an offset longer than half the square's
// diagonal, a place off a bounded sheet, the source itself (within one
// population, without Autapses) and a target drawn before are drawn
// again. With Rewire r, each target is then, with probability r, replaced
// by one drawn uniformly from the whole target population (Watts &
// Strogatz's rewiring; r = 1 is the random control with the same
// out-degree), again never the source itself without Autapses; a
// rewired target may repeat one the source has (NETSIM's rewiring does
// not check).
type GaussianOutDegree struct {
	K        int
	Sigma    float64
	Rewire   float64
	Autapses bool
	Pre      []Point
	Post     Sheet
}

func (c GaussianOutDegree) Connect(nPre, nPost int, same bool, rng *rand.Rand) (pre, post []uint32, err error) {
	return connectVia(c, nPre, nPost, same, rng)
}

// maxTries bounds the draws for one target: a kernel so narrow, or a
// sheet so small, that K distinct targets are out of reach stops with an
// error instead of looping.
const maxTries = 10000

func (c GaussianOutDegree) stream(nPre, nPost int, same bool, rng *rand.Rand, s *sink) error {
	if len(c.Pre) != nPre || c.Post.Rows*c.Post.Cols != nPost {
		return fmt.Errorf("gaussian out-degree connector needs a place for every unit")
	}
	avail := nPost
	if same && !c.Autapses {
		avail--
	}
	if c.K < 0 || c.K > avail {
		return fmt.Errorf("out-degree %d is outside [0, %d]", c.K, avail)
	}
	if !(c.Sigma > 0) || !(c.Rewire >= 0 && c.Rewire <= 1) {
		return fmt.Errorf("gaussian out-degree connector needs sigma > 0 and rewire in [0, 1]")
	}
	s.reserve(c.K * nPre)
	stamp := make([]uint32, nPost) // stamp[j] == i+1: source i has target j
	row := make([]uint32, 0, c.K)
	rows, cols := float64(c.Post.Rows), float64(c.Post.Cols)
	reach := math.Sqrt2 / 2
	for i := 0; i < nPre; i++ {
		mark := uint32(i + 1)
		row = row[:0]
		p := c.Pre[i]
		for len(row) < c.K {
			j, tries := -1, 0
			for j < 0 {
				if tries++; tries > maxTries {
					return fmt.Errorf("source %d: no new target within %d draws of a Gaussian of sigma %g (sides) on a %dx%d sheet; widen sigma or lower the out-degree", i, maxTries, c.Sigma, c.Post.Rows, c.Post.Cols)
				}
				dx, dy := c.Sigma*rng.NormFloat64(), c.Sigma*rng.NormFloat64()
				if math.Hypot(dx, dy) > reach {
					continue
				}
				x, y := p.X+dx, p.Y+dy
				if c.Post.Periodic {
					x, y = x-math.Floor(x), y-math.Floor(y)
				} else if x < 0 || x >= 1 || y < 0 || y >= 1 {
					continue
				}
				cx, cy := min(int(x*cols), c.Post.Cols-1), min(int(y*rows), c.Post.Rows-1)
				k := cy*c.Post.Cols + cx
				if same && !c.Autapses && k == i || stamp[k] == mark {
					continue
				}
				j = k
			}
			stamp[j] = mark
			row = append(row, uint32(j))
		}
		if c.Rewire > 0 {
			for q := range row {
				if rng.Float64() >= c.Rewire {
					continue
				}
				for {
					j := rng.IntN(nPost)
					if !(same && !c.Autapses && j == i) {
						row[q] = uint32(j)
						break
					}
				}
			}
		}
		for _, j := range row {
			s.add(uint32(i), j)
		}
	}
	return nil
}
