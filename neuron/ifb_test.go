package neuron_test

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/neuron"
)

// runIFB steps one prepared unit for steps steps with current i(t) (nA)
// and returns its spike steps and its V and h after every step.
func runIFB(t *testing.T, p neuron.IFBParams, dt float64, steps int, i func(step int) float64) (spikes []int, v, h []float64) {
	t.Helper()
	x := neuron.NewIFB(1, p)
	if err := x.Prepare(dt, 1); err != nil {
		t.Fatal(err)
	}
	cur := x.Current()
	var sp []uint32
	for s := range steps {
		cur[0] = float32(i(s))
		var err error
		sp, err = x.Step(int64(s), sp[:0])
		if err != nil {
			t.Fatal(err)
		}
		if len(sp) > 0 {
			spikes = append(spikes, s)
		}
		v, h = append(v, float64(x.V[0])), append(h, float64(x.H[0]))
	}
	return spikes, v, h
}

// With g_T = 0 the model is a leaky integrate-and-fire cell: a constant
// current I fires with period τ ln((V∞ − V_reset)/(V∞ − V_θ)), V∞ = E_L
// + I/g_L, τ = C/g_L (the first spike from rest: τ ln((V∞ − E_L)/(V∞ −
// V_θ))); within one step.
func TestIFBIntegrateAndFire(t *testing.T) {
	p := neuron.DefaultIFB()
	p.GT = 0
	const dt = 0.01
	for _, i := range []float64{0.12, 0.2, 0.4} {
		spikes, _, _ := runIFB(t, p, dt, 200000, func(int) float64 { return i })
		tau := p.Cm / p.GL
		vinf := p.EL + i/p.GL
		first := tau * math.Log((vinf-p.EL)/(vinf-p.VThresh))
		period := tau * math.Log((vinf-p.VReset)/(vinf-p.VThresh))
		if len(spikes) < 3 {
			t.Fatalf("I = %g nA: %d spikes", i, len(spikes))
		}
		if got := float64(spikes[0]+1) * dt; math.Abs(got-first) > 2*dt {
			t.Errorf("I = %g nA: first spike at %.3f ms, want %.3f", i, got, first)
		}
		if got := float64(spikes[2]-spikes[1]) * dt; math.Abs(got-period) > 2*dt {
			t.Errorf("I = %g nA: period %.3f ms, want %.3f", i, got, period)
		}
	}
}

// h follows its two exponentials exactly: held below V_h (at rest, −65
// mV) it recovers towards 1 with τ_h+, above V_h towards 0 with τ_h−.
func TestIFBGate(t *testing.T) {
	p := neuron.DefaultIFB()
	const dt = 0.1
	x := neuron.NewIFB(1, p)
	if err := x.Prepare(dt, 1); err != nil {
		t.Fatal(err)
	}
	x.H[0] = 0.2
	for range 500 { // 50 ms at rest, below V_h
		if _, err := x.Step(0, nil); err != nil {
			t.Fatal(err)
		}
	}
	want := 1 - 0.8*math.Exp(-50/p.TauHPlus)
	if got := float64(x.H[0]); math.Abs(got-want) > 1e-5 {
		t.Errorf("h after 50 ms below v_h: %.6f, want %.6f", got, want)
	}
}

// The relay cell held at −55 mV by a bias current (above V_h: the T
// current inactivated, h near 0, no spikes) and released from a
// hyperpolarisation towards −82 mV fires a rebound burst when the
// hyperpolarisation lasted long enough for h to recover (300 ms, 3 τ_h+:
// h 0.94): several spikes at intervals of a few ms as V climbs back past
// V_h, then silence as h inactivates (Smith et al. 2000, Fig. 2); after
// 10 ms (h near 0) it does not. (The cell starts at rest, h = 1, and the
// bias sets off one burst at the start: the test counts from 500 ms.)
func TestIFBRebound(t *testing.T) {
	p := neuron.DefaultIFB()
	const dt = 0.05
	ms := func(m float64) int { return int(m / dt) }
	bias := p.GL * 10 // rest at E_L + 10 mV = −55 mV
	pulse := func(on float64) func(int) float64 {
		return func(s int) float64 {
			if s >= ms(500) && s < ms(500+on) {
				return bias - p.GL*27 // towards −82 mV
			}
			return bias
		}
	}
	after := func(sp []int) []int {
		var out []int
		for _, s := range sp {
			if s >= ms(500) {
				out = append(out, s)
			}
		}
		return out
	}
	spikes, v, h := runIFB(t, p, dt, ms(1500), pulse(300))
	spikes = after(spikes)
	if got := h[ms(500)-1]; got > 0.01 || math.Abs(v[ms(500)-1]+55) > 0.1 {
		t.Fatalf("before the pulse: V %.2f mV, h %.4f; want −55 mV and h near 0", v[ms(500)-1], got)
	}
	if len(spikes) < 3 {
		t.Fatalf("after 300 ms towards −82 mV (h %.3f at release): %d spikes, want a burst", h[ms(800)-1], len(spikes))
	}
	for _, s := range spikes {
		if s < ms(800) || s > ms(950) {
			t.Errorf("spike at %.2f ms: want all within 150 ms of the release at 800 ms", float64(s)*dt)
		}
	}
	if isi := float64(spikes[1]-spikes[0]) * dt; isi > 10 {
		t.Errorf("first interval of the burst %.2f ms, want < 10 ms", isi)
	}
	short, _, _ := runIFB(t, p, dt, ms(1500), pulse(10))
	if short = after(short); len(short) != 0 {
		t.Errorf("after 10 ms of hyperpolarisation: %d spikes, want none", len(short))
	}
}

// I_h's upregulation: each spike moves u by up_step towards 1 and u
// decays with tau_up between spikes, so at the k-th spike u follows
// u_k = 1 − (1 − step)(1 − u_{k−1} e^{−Δt/τ}) exactly; held (τ_up huge,
// no spikes) at u, V settles at (g_L E_L + I + g_h u E_h)/(g_L + g_h u).
func TestIFBUpregulation(t *testing.T) {
	p := neuron.DefaultIFB()
	p.GT, p.GH, p.TauUp, p.UpStep = 0, 0.002, 500, 0.1
	const dt = 0.01
	x := neuron.NewIFB(1, p)
	if err := x.Prepare(dt, 1); err != nil {
		t.Fatal(err)
	}
	cur := x.Current()
	var sp []uint32
	u, last := 0.0, -1
	for s := range 300000 {
		cur[0] = 0.12
		var err error
		if sp, err = x.Step(int64(s), sp[:0]); err != nil {
			t.Fatal(err)
		}
		if len(sp) == 0 {
			continue
		}
		if last >= 0 {
			u *= math.Exp(-float64(s-last) * dt / p.TauUp)
		}
		u += p.UpStep * (1 - u)
		last = s
		if math.Abs(float64(x.U[0])-u) > 1e-3 { // u is float32, decayed step by step
			t.Fatalf("step %d: u = %.6f, want %.6f", s, x.U[0], u)
		}
	}
	if u < 0.2 {
		t.Fatalf("u reached only %.3f", u)
	}
	// Held at u = 0.5: the equilibrium (at dt = 0.1 ms: with float32 V,
	// exponential Euler stops within |V − V∞| (1 − e^{−dt/τ}) of half an
	// ulp, 0.0085 mV at dt = 0.01 ms, 0.0009 mV at 0.1 ms).
	p.TauUp, p.VThresh = 1e12, 100
	y := neuron.NewIFB(1, p)
	if err := y.Prepare(0.1, 1); err != nil {
		t.Fatal(err)
	}
	y.U[0] = 0.5
	for s := range 20000 {
		if _, err := y.Step(int64(s), nil); err != nil {
			t.Fatal(err)
		}
	}
	gu := p.GH * 0.5
	want := (p.GL*p.EL + gu*p.EH) / (p.GL + gu)
	if math.Abs(float64(y.V[0])-want) > 2e-3 {
		t.Errorf("V = %.4f mV with u = %v, want %.4f", y.V[0], y.U[0], want)
	}
	// Without g_h u stays 0 however the cell fires.
	p.GH, p.TauUp, p.VThresh = 0, 500, -35
	z := neuron.NewIFB(1, p)
	if err := z.Prepare(dt, 1); err != nil {
		t.Fatal(err)
	}
	n := 0
	for s := range 100000 {
		z.Current()[0] = 0.12
		sp, err := z.Step(int64(s), nil)
		if err != nil {
			t.Fatal(err)
		}
		n += len(sp)
	}
	if n == 0 || z.U[0] != 0 {
		t.Errorf("without g_h: %d spikes, u = %v; want spikes and u = 0", n, z.U[0])
	}
}
