package neuron

import (
	"fmt"
	"math"
)

// AdExParams are the parameters of the adaptive exponential
// integrate-and-fire model (Brette & Gerstner 2005). Defaults are those of
// the paper (and NEST's aeif_cond_exp).
type AdExParams struct {
	Cm         float64 // nF
	GL         float64 // leak conductance, µS
	EL         float64 // leak reversal, mV
	VT         float64 // threshold slope point, mV
	DeltaT     float64 // slope factor, mV
	TauW       float64 // adaptation time constant, ms
	A          float64 // subthreshold adaptation, µS
	B          float64 // spike-triggered adaptation, nA
	VReset     float64 // mV
	VPeak      float64 // spike cut-off, mV
	Refractory float64 // ms
	IBias      float64 // nA
}

// DefaultAdEx returns the parameters of Brette & Gerstner (2005).
func DefaultAdEx() AdExParams {
	return AdExParams{Cm: 0.281, GL: 0.030, EL: -70.6, VT: -50.4, DeltaT: 2, TauW: 144,
		A: 0.004, B: 0.0805, VReset: -70.6, VPeak: -40.4}
}

// AdEx is a population of adaptive exponential integrate-and-fire units:
//
//	Cm dV/dt = -gL (V - EL) + gL ΔT exp((V - VT)/ΔT) - w + I
//	TauW dw/dt = a (V - EL) - w
//	if V >= VPeak: V ← VReset, w ← w + b
//
// Integration: forward Euler ("euler" in Brian2) in substeps of at most
// 0.1 ms; V and w are advanced together from the substep's start. A unit that
// passes VPeak in a substep stops integrating for the rest of the step.
type AdEx struct {
	base
	P    AdExParams
	V, W []float32 // mV, nA
	Ref  []int32

	refSteps int32
	sub      int
	hs       float32
	scratch  []float32
	cond     []*Receptor // the conductance receptors
}

// NewAdEx makes n units at rest (V = EL, w = 0).
func NewAdEx(n int, p AdExParams) *AdEx {
	x := &AdEx{base: newBase(n), P: p, V: make([]float32, n), W: make([]float32, n), Ref: make([]int32, n)}
	for i := range x.V {
		x.V[i] = float32(p.EL)
	}
	return x
}

func (x *AdEx) Model() string { return "adex" }

func (x *AdEx) Receptor(kind ReceptorKind, tau, erev float64) (*Receptor, error) {
	return x.rec.get(kind, tau, erev, "adex", ExpCurrent, ExpConductance, Delta, Pulse)
}

func (x *AdEx) Var(name string) []float32 {
	switch name {
	case "v":
		return x.V
	case "w":
		return x.W
	}
	return nil
}

func (x *AdEx) Prepare(dt float64, maxDelay int) error {
	p := x.P
	if !(p.Cm > 0) || !(p.GL > 0) || !(p.DeltaT > 0) || !(p.TauW > 0) {
		return fmt.Errorf("adex: c_m, g_l, delta_t and tau_w must be > 0")
	}
	x.dt = dt
	x.rec.prepare(dt, maxDelay)
	x.refSteps = refractorySteps(p.Refractory, dt)
	x.sub = int(math.Ceil(dt/0.1 - 1e-9))
	if x.sub < 1 {
		x.sub = 1
	}
	x.hs = float32(dt / float64(x.sub))
	x.scratch = make([]float32, x.n)
	x.cond = x.cond[:0]
	for _, r := range x.rec.list {
		if r.Kind == ExpConductance {
			x.cond = append(x.cond, r)
		}
	}
	return nil
}

func (x *AdEx) Step(t int64, spikes []uint32) ([]uint32, error) {
	n := x.n
	p := x.P
	v, w := x.V[:n], x.W[:n]
	// Synaptic conductances enter as g (E - V) evaluated per substep; collect
	// the current receptors and the external current once.
	in := x.scratch[:n]
	iext := x.iext[:n]
	for i := range in {
		in[i] = float32(p.IBias) + iext[i]
	}
	for _, r := range x.rec.list {
		if r.Kind == ExpCurrent || r.Kind == Pulse {
			for i, xi := range r.X[:n] {
				in[i] += xi
			}
		}
	}
	cond := x.cond
	h := x.hs
	cm, gl, el, vt, dT := float32(p.Cm), float32(p.GL), float32(p.EL), float32(p.VT), float32(p.DeltaT)
	tw, a, peak := float32(p.TauW), float32(p.A), float32(p.VPeak)
	for i := range v {
		vi, wi := v[i], w[i]
		for k := 0; k < x.sub && vi < peak; k++ {
			isyn := in[i]
			for _, r := range cond {
				isyn += r.X[i] * (float32(r.ERev) - vi)
			}
			ex := gl * dT * float32(math.Exp(float64((vi-vt)/dT)))
			dv := (-gl*(vi-el) + ex - wi + isyn) / cm
			dw := (a*(vi-el) - wi) / tw
			vi += h * dv
			wi += h * dw
		}
		v[i], w[i] = vi, wi
	}
	for _, r := range x.rec.list {
		if r.Kind == ExpCurrent || r.Kind == ExpConductance {
			r.decayStep()
		}
	}
	ref := x.Ref[:n]
	vr, b := float32(p.VReset), float32(p.B)
	lo, hi := -x.vBound, x.vBound
	for i, vi := range v {
		if ref[i] > 0 {
			ref[i]--
			v[i] = vr
			continue
		}
		if vi >= peak {
			if vi > hi {
				return spikes, x.unstable(t, i, "v", vi)
			}
			spikes = append(spikes, uint32(i))
			v[i] = vr
			w[i] += b
			ref[i] = x.refSteps
		} else if !(vi > lo) {
			return spikes, x.unstable(t, i, "v", vi)
		} else if w[i] != w[i] {
			return spikes, x.unstable(t, i, "w", w[i])
		}
	}
	x.deliver(t, v, ref)
	return spikes, nil
}
