package synapse_test

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/synapse"
)

// daPair builds one synapse (0 -> 0, weight w0, delay 1 ms at dt 1 ms)
// with a daspnet DASTDP rule.
func daPair(t *testing.T, w0 float64, tonic float64) (*synapse.Projection, *synapse.DASTDP) {
	t.Helper()
	r := synapse.NewDASTDP()
	r.Tonic = tonic
	p, err := synapse.Build(synapse.Spec{NPre: 1, NPost: 1, Connector: synapse.OneToOne{},
		Weight: synapse.ConstDist(w0), Delay: synapse.ConstDist(1), Rule: r}, 1, newRand(1))
	if err != nil {
		t.Fatal(err)
	}
	return p, r
}

// daDrive runs steps [0, steps) with the dopamine level da(t).
func daDrive(p *synapse.Projection, steps int64, pre, post map[int64]bool, da func(int64) float64) {
	sp := []uint32{0}
	var mod synapse.Modulators
	for t := range steps {
		if pre[t] {
			p.Rule.OnPre(p, t, sp)
		}
		if post[t] {
			p.Rule.OnPost(p, t, sp)
		}
		mod[synapse.Dopamine] = da(t)
		p.Rule.Step(p, t, &mod)
	}
}

// TestDASTDPEligibility: a pre spike emitted at step 0 arrives at step 1; a
// post spike at step 6 (Δt = 5 ms) sets c = A+·exp(−5/20). Without
// dopamine and tonic level the weight does not move; the update at the
// end of the first 10 ms period decays c by exp(−10/1000). A post spike
// 5 ms before the arrival gives c = −A−·exp(−5/20).
func TestDASTDPEligibility(t *testing.T) {
	p, r := daPair(t, 1, 0)
	daDrive(p, 10, map[int64]bool{0: true}, map[int64]bool{6: true}, func(int64) float64 { return 0 })
	want := 0.1 * math.Exp(-5.0/20) * math.Exp(-10.0/1000)
	if got := float64(r.C[0]); math.Abs(got-want) > 1e-6 {
		t.Errorf("c after potentiation: got %v, want %v", got, want)
	}
	if p.Weights[0] != 1 {
		t.Errorf("w without dopamine: got %v, want 1", p.Weights[0])
	}

	p, r = daPair(t, 1, 0)
	daDrive(p, 10, map[int64]bool{5: true}, map[int64]bool{1: true}, func(int64) float64 { return 0 })
	want = -0.15 * math.Exp(-5.0/20) * math.Exp(-10.0/1000)
	if got := float64(r.C[0]); math.Abs(got-want) > 1e-6 {
		t.Errorf("c after depression: got %v, want %v", got, want)
	}
}

// TestDASTDPDopamineGates: the same pairing followed by a dopamine level d
// from step 500 on changes w by Σ (tonic + d)·c_k over the updates, c_k
// decaying by exp(−10/1000) per update; a later reward acts on a smaller
// eligibility (the distal reward problem: c bridges the delay).
func TestDASTDPDopamineGates(t *testing.T) {
	const tonic, d = 0.002, 0.5
	for _, start := range []int64{500, 2000} {
		p, _ := daPair(t, 1, tonic)
		steps := int64(3000)
		daDrive(p, steps, map[int64]bool{0: true}, map[int64]bool{6: true}, func(s int64) float64 {
			if s >= start {
				return d
			}
			return 0
		})
		c := 0.1 * math.Exp(-5.0/20)
		w := 1.0
		for u := int64(9); u < steps; u += 10 {
			g := tonic
			if u >= start {
				g += d
			}
			w += g * c
			c *= math.Exp(-10.0 / 1000)
		}
		if got := float64(p.Weights[0]); math.Abs(got-w) > 1e-5 {
			t.Errorf("reward from step %d: w got %v, want %v", start, got, w)
		}
	}
}

// TestDASTDPBounds: a large dopamine level clips w at WMax; a negative
// eligibility at WMin.
func TestDASTDPBounds(t *testing.T) {
	p, _ := daPair(t, 3.9, 0)
	daDrive(p, 1000, map[int64]bool{0: true}, map[int64]bool{6: true}, func(int64) float64 { return 100 })
	if p.Weights[0] != 4 {
		t.Errorf("w: got %v, want w_max 4", p.Weights[0])
	}
	p, _ = daPair(t, 0.1, 0)
	daDrive(p, 1000, map[int64]bool{5: true}, map[int64]bool{1: true}, func(int64) float64 { return 100 })
	if p.Weights[0] != 0 {
		t.Errorf("w: got %v, want w_min 0", p.Weights[0])
	}
}

// TestDASTDPAllocs: the rule's calls allocate nothing once attached.
func TestDASTDPAllocs(t *testing.T) {
	r := synapse.NewDASTDP()
	p, err := synapse.Build(synapse.Spec{NPre: 100, NPost: 100, Connector: synapse.FixedOutDegree{N: 10},
		Weight: synapse.ConstDist(1), Delay: synapse.ConstDist(1), Rule: r}, 1, newRand(1))
	if err != nil {
		t.Fatal(err)
	}
	sp := []uint32{1, 5, 7, 30, 99}
	var mod synapse.Modulators
	mod[synapse.Dopamine] = 0.3
	var tt int64
	allocs := testing.AllocsPerRun(100, func() {
		for range 20 {
			r.OnPre(p, tt, sp)
			r.OnPost(p, tt, sp)
			r.Step(p, tt, &mod)
			tt++
		}
	})
	if allocs != 0 {
		t.Errorf("allocs per run: got %v, want 0", allocs)
	}
}

// TestDASTDPPunishment: the punishment level enters with the opposite sign
// of dopamine: after a potentiating pairing, punishment 0.5 depresses the
// synapse by the same amount as dopamine 0.5 would potentiate it, and
// equal levels of both cancel.
func TestDASTDPPunishment(t *testing.T) {
	run := func(da, pun float64) float64 {
		p, _ := daPair(t, 2, 0)
		sp := []uint32{0}
		var mod synapse.Modulators
		for s := range int64(200) {
			if s == 0 {
				p.Rule.OnPre(p, s, sp)
			}
			if s == 6 {
				p.Rule.OnPost(p, s, sp)
			}
			mod[synapse.Dopamine], mod[synapse.Punishment] = da, pun
			p.Rule.Step(p, s, &mod)
		}
		return float64(p.Weights[0])
	}
	up, down, both := run(0.5, 0), run(0, 0.5), run(0.5, 0.5)
	t.Logf("dopamine 0.5: w = %.5f; punishment 0.5: %.5f; both: %.5f", up, down, both)
	if !(up > 2) || math.Abs((up-2)+(down-2)) > 1e-6 || both != 2 {
		t.Errorf("w = %v (dopamine), %v (punishment), %v (both) from 2; want a mirror image and no change", up, down, both)
	}
}
