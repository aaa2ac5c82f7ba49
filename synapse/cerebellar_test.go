package synapse_test

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/synapse"
)

// TestClimbingFibreEquation: one update against Δw = −lr·(e_j − e0)·x_i(t−lag),
// with the error of each target and with one error shared by all; the lag
// pairs the error with the presynaptic activity of lag steps before.
func TestClimbingFibreEquation(t *testing.T) {
	var mod synapse.Modulators
	x, y := []float32{0, 0}, []float32{0, 0}
	e := []float32{0.5, -2}
	r := &synapse.ClimbingFibre{Activity: synapse.Activity{LR: 0.1}, E0: 0.25, Lag: 3}
	p := dense(t, 2, 2, 0.3, r, x, y, e)
	for s := int64(0); s < 6; s++ {
		x[0], x[1] = 0, 0
		if s == 1 {
			x[0], x[1] = 1, 0.5 // the activity the error of step 4 is paired with
		}
		r.Step(p, s, &mod)
		if s < 4 {
			near(t, "w00 before the lagged error", w(p, 0, 0), 0.3, 1e-7)
		}
		if s == 4 {
			near(t, "w00", w(p, 0, 0), 0.3-0.1*(0.5-0.25)*1, 1e-7)
			near(t, "w01", w(p, 0, 1), 0.3-0.1*(-2-0.25)*1, 1e-7)
			near(t, "w11", w(p, 1, 1), 0.3-0.1*(-2-0.25)*0.5, 1e-7)
		}
	}
	near(t, "w00 after", w(p, 0, 0), 0.3-0.1*(0.5-0.25), 1e-7)

	// One error unit for all targets.
	x1 := []float32{2}
	r1 := &synapse.ClimbingFibre{Activity: synapse.Activity{LR: 0.01}}
	p1 := dense(t, 1, 3, 0, r1, x1, make([]float32, 3), []float32{1.5})
	r1.Step(p1, 0, &mod)
	for j := range 3 {
		near(t, "shared error", w(p1, 0, j), -0.01*1.5*2, 1e-7)
	}
}

// TestClimbingFibreLMS: a Purkinje cell reading a tapped delay line of a
// white-noise signal learns, from an error that reports its output's
// mismatch with a target 5 steps late, the weights that cancel the error
// (the unique LMS solution: the target's own tap), and the error falls
// towards 0.
func TestClimbingFibreLMS(t *testing.T) {
	const taps, lag = 8, 5
	x := make([]float32, taps)
	y := []float32{0}
	e := []float32{0}
	r := &synapse.ClimbingFibre{Activity: synapse.Activity{LR: 0.01}, Lag: lag}
	p := dense(t, taps, 1, 0, r, x, y, e)
	var mod synapse.Modulators
	const steps = 40000
	noise := make([]float64, steps)
	rng := newRand(3)
	for i := range noise {
		noise[i] = rng.NormFloat64()
	}
	sig := func(s int64) float64 {
		if s < 0 {
			return 0
		}
		return noise[s]
	}
	// The target is tap 3 of the line (the signal 3 steps ago) times -0.7.
	outs := make([]float64, 0)
	var early, late float64
	for s := int64(0); s < steps; s++ {
		for k := range x {
			x[k] = float32(sig(s - int64(k)))
		}
		out := 0.0
		for k := range x {
			out += w(p, k, 0) * float64(x[k])
		}
		outs = append(outs, out)
		// The error of step s reports the mismatch of step s-lag.
		if s >= lag {
			want := -0.7 * sig(s-lag-3)
			e[0] = float32(outs[s-lag] - want)
		}
		if s >= lag && s < 300 {
			early += float64(e[0] * e[0])
		}
		if s > steps-1000 {
			late += float64(e[0] * e[0])
		}
		r.Step(p, s, &mod)
	}
	if late > 1e-4*early {
		t.Errorf("squared error %g early, %g late: did not fall by 10⁴", early, late)
	}
	near(t, "tap 3", w(p, 3, 0), -0.7, 1e-3)
	near(t, "tap 0", w(p, 0, 0), 0, 1e-3)
}

// TestClimbingFibreDecay: without error the weights relax to their
// initial values with the time constant.
func TestClimbingFibreDecay(t *testing.T) {
	x := []float32{1}
	r := &synapse.ClimbingFibre{Activity: synapse.Activity{LR: 0.1}, Decay: 100}
	e := []float32{-10}
	p := dense(t, 1, 1, 0.2, r, x, []float32{0}, e)
	var mod synapse.Modulators
	r.Step(p, 0, &mod) // w = 0.2 + 0.1·10·1 = 1.2 (from 0.2, decayed by a step first)
	near(t, "after the error", w(p, 0, 0), 0.2+1, 1e-6)
	e[0] = 0
	for s := int64(1); s <= 100; s++ {
		r.Step(p, s, &mod)
	}
	near(t, "after τ", w(p, 0, 0), 0.2+1*math.Exp(-1), 1e-5)
}
