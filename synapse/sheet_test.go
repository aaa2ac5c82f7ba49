package synapse

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The Gaussian out-degree connector gives every source K distinct targets
// other than itself, at offsets whose mean square is the kernel's 2σ²
// (plus the grid's quantisation, a cell's side²/6), and rewiring them
// all spreads them over the torus (mean distance 0.3826 sides for
// uniform places).
func TestGaussianOutDegree(t *testing.T) {
	sh := Sheet{Rows: 60, Cols: 60, Periodic: true}
	pts := sh.Points()
	n := len(pts)
	for _, tc := range []struct {
		rewire          float64
		msd, mean       float64 // want: mean squared distance, mean distance
		tolMSD, tolMean float64
	}{
		{0, 2*0.1*0.1 + 1.0/(6*60*60), math.NaN(), 0.03, 0},
		{1, math.NaN(), 0.3826, 0, 0.01},
	} {
		c := GaussianOutDegree{K: 10, Sigma: 0.1, Rewire: tc.rewire, Pre: pts, Post: sh}
		pre, post, err := c.Connect(n, n, true, rand.New(rand.NewPCG(1, 2)))
		if err != nil {
			t.Fatal(err)
		}
		if len(pre) != 10*n {
			t.Fatalf("rewire %g: %d pairs, want %d", tc.rewire, len(pre), 10*n)
		}
		seen := map[[2]uint32]bool{}
		var sd, s2 float64
		for k := range pre {
			if pre[k] == post[k] {
				t.Fatalf("rewire %g: autapse at %d", tc.rewire, pre[k])
			}
			if tc.rewire == 0 && seen[[2]uint32{pre[k], post[k]}] {
				t.Fatalf("duplicate pair %d -> %d", pre[k], post[k])
			}
			seen[[2]uint32{pre[k], post[k]}] = true
			d := Distance(pts[pre[k]], pts[post[k]], true)
			sd += d
			s2 += d * d
		}
		m := float64(len(pre))
		if !math.IsNaN(tc.msd) && math.Abs(s2/m-tc.msd) > tc.tolMSD*tc.msd {
			t.Errorf("rewire %g: mean squared distance %.6g, want %.6g", tc.rewire, s2/m, tc.msd)
		}
		if !math.IsNaN(tc.mean) && math.Abs(sd/m-tc.mean) > tc.tolMean {
			t.Errorf("rewire %g: mean distance %.4g, want %.4g", tc.rewire, sd/m, tc.mean)
		}
	}
	// A kernel too narrow for K distinct targets stops with an error.
	c := GaussianOutDegree{K: 50, Sigma: 1e-4, Pre: pts, Post: sh}
	if _, _, err := c.Connect(n, n, true, rand.New(rand.NewPCG(1, 2))); err == nil {
		t.Error("sigma 1e-4 sides found 50 distinct targets")
	}
}

// Conduction delays are round((delay + d/v)/dt) for every synapse, d the
// torus distance in mm, whatever order the connector gives its pairs in.
func TestConductionDelays(t *testing.T) {
	const dt = 0.1
	sh := Sheet{Rows: 20, Cols: 20, Side: 4, Periodic: true}
	inh := Sheet{Rows: 10, Cols: 10, Side: 4, Periodic: true}
	for _, conn := range []Connector{
		GaussianOutDegree{K: 10, Sigma: 0.1, Pre: sh.Points(), Post: inh},
		FixedInDegree{N: 10},
		FixedOutDegree{N: 10},
	} {
		c := &Conduction{Pre: sh.Points(), Post: inh.Points(), Side: 4, Periodic: true, Velocity: 0.2}
		p, err := Build(Spec{NPre: 400, NPost: 100, Connector: conn, Weight: ConstDist(1), Delay: ConstDist(0.3), Conduction: c}, dt, rand.New(rand.NewPCG(3, 4)))
		if err != nil {
			t.Fatal(err)
		}
		lo := math.MaxInt
		for i := 0; i < p.NPre; i++ {
			for q := p.Offsets[i]; q < p.Offsets[i+1]; q++ {
				j := int(p.Targets[q])
				want := int(math.Round((0.3 + Distance(c.Pre[i], c.Post[j], true)*4/0.2) / dt))
				if got := p.DelayAt(q); got != want {
					t.Fatalf("%T: synapse %d -> %d: delay %d steps, want %d", conn, i, j, got, want)
				}
				lo = min(lo, want)
			}
		}
		if p.MinDelaySteps() != lo {
			t.Errorf("%T: min delay %d, want %d", conn, p.MinDelaySteps(), lo)
		}
	}
}
