package synapse_test

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/synapse"
)

// TestNearestTripletDelays: the pre code runs when a spike arrives at each
// synapse (emission + that synapse's delay), with the target's post1
// trace of that step; a target's spike potentiates by its post2 trace
// (read before the spike) times each synapse's pre trace since its last
// arrival; Skip ages every trace. One source, two targets, delays of 1
// and 5 steps (dt 0.5 ms), w 0.5, ν_pre 0.1, ν_post 0.2 (× w_max 1).
func TestNearestTripletDelays(t *testing.T) {
	r := &synapse.NearestTriplet{NuPre: 0.1, NuPost: 0.2, TauPre: 20, TauPost1: 20, TauPost2: 40, WMin: 0, WMax: 1}
	p, err := synapse.Build(synapse.Spec{NPre: 1, NPost: 2, Connector: synapse.FromList{Pairs: [][2]int{{0, 0}, {0, 1}}},
		Weight: synapse.ConstDist(0.5), Delays: []float64{0.5, 2.5}, Rule: r}, 0.5, newRand(1))
	if err != nil {
		t.Fatal(err)
	}
	var mod synapse.Modulators
	step := func(s int64, pre, post []uint32) {
		if len(pre) > 0 {
			r.OnPre(p, s, pre)
		}
		if len(post) > 0 {
			r.OnPost(p, s, post)
		}
		r.Step(p, s, &mod)
	}
	for s := range int64(11) {
		var pre, post []uint32
		switch s {
		case 0:
			post = []uint32{0, 1}
		case 2:
			pre = []uint32{0}
		case 9:
			post = []uint32{1}
		}
		step(s, pre, post)
		if s == 5 {
			// Synapse 0 got its arrival at step 3, synapse 1 not yet.
			near(t, "w0 after its arrival", float64(p.Weights[0]), 0.5-0.1*math.Exp(-1.5/20), 1e-6)
			near(t, "w1 before its arrival", float64(p.Weights[1]), 0.5, 0)
		}
	}
	w1 := 0.5 - 0.1*math.Exp(-3.5/20)                 // arrival at step 7
	w1 += 0.2 * math.Exp(-1.0/20) * math.Exp(-4.5/40) // post at step 9
	near(t, "w1", float64(p.Weights[1]), w1, 1e-6)
	// After a skipped rest of 1000 steps (500 ms) the traces are gone: a
	// post spike potentiates nothing.
	r.Skip(1000)
	before := p.Weights[0]
	step(11, nil, []uint32{0})
	if p.Weights[0] != before {
		t.Errorf("w0 moved from %v to %v after the traces decayed over a skipped rest", before, p.Weights[0])
	}
}
