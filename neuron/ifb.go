package neuron

import (
	"fmt"
	"math"
)

// IFBParams are the parameters of the integrate-and-fire-or-burst model
// (Smith, Cox, Sherman & Rinzel 2000, J. Neurophysiol. 83:588). Defaults
// are the paper's thalamocortical relay cell on a membrane of 0.01 mm²
// (C 2 µF/cm², g_L 0.035 mS/cm², g_T 0.07 mS/cm²).
type IFBParams struct {
	Cm         float64 // nF
	GL         float64 // leak conductance, µS
	EL         float64 // leak reversal, mV
	GT         float64 // low-threshold Ca²⁺ conductance, µS
	ET         float64 // its reversal, mV
	VH         float64 // the T current's activation (and h's switch), mV
	TauHMinus  float64 // h's inactivation above VH, ms
	TauHPlus   float64 // h's recovery below VH, ms
	VThresh    float64 // mV
	VReset     float64 // mV
	Refractory float64 // ms
	IBias      float64 // nA

	// The slow upregulation of I_h by Ca²⁺ that ends a spindle (Destexhe,
	// Bal, McCormick & Sejnowski 1996; Lüthi & McCormick 1998), reduced to
	// a spike-driven gate u: the current GH·u·(EH − V) depolarises the cell;
	// each spike moves u by UpStep towards 1, and u decays with TauUp.
	// GH = 0 leaves it out.
	GH     float64 // µS
	EH     float64 // mV
	TauUp  float64 // ms
	UpStep float64 // 1
}

// DefaultIFB returns Smith et al.'s relay-cell parameters, without I_h
// (GH 0; E_h −40 mV and the 2.5 s unbinding of Ca²⁺ from the channels,
// k2 = 4·10⁻⁴ /ms, of Destexhe et al. 1996, for when GH is set).
func DefaultIFB() IFBParams {
	return IFBParams{Cm: 0.2, GL: 0.0035, EL: -65, GT: 0.007, ET: 120, VH: -60,
		TauHMinus: 20, TauHPlus: 100, VThresh: -35, VReset: -50,
		EH: -40, TauUp: 2500, UpStep: 0.05}
}

// IFB is a population of integrate-and-fire-or-burst units:
//
//	Cm dV/dt = −gL (V − EL) − gT h H(V − VH) (V − ET) + I
//	dh/dt = −h/τh−  (V ≥ VH),  (1 − h)/τh+  (V < VH)
//	           + GH u (EH − V)
//	if V ≥ VThresh: V ← VReset, u ← u + UpStep (1 − u)
//	du/dt = −u/τup
//
// H is the Heaviside step: the T current flows above VH, with its
// de-inactivation h built up below VH over about τh+ (100 ms): released
// from a long hyperpolarisation, the cell fires a burst while h
// inactivates over τh− (20 ms); held above VH it is an integrate-and-fire
// cell.
//
// Integration: over a step the conductances, the T current's gate and
// h are held at their values at the step's start and V relaxes exactly to
// the equilibrium of the total conductance (exponential Euler, as lif's
// conductance synapses); h moves exactly towards 0 or 1 by the side of VH
// V was on at the step's start.
type IFB struct {
	base
	P    IFBParams
	V, H []float32 // mV, 1
	U    []float32 // the I_h upregulation gate, 1 (0 without GH)
	Ref  []int32

	refSteps        int32
	decMinus, decPl float32 // exp(−dt/τh−), exp(−dt/τh+)
	decUp           float32 // exp(−dt/τup)
}

// NewIFB makes n units at rest (V = EL) with the T current de-inactivated
// as at rest (h = 1 below VH, 0 above).
func NewIFB(n int, p IFBParams) *IFB {
	x := &IFB{base: newBase(n), P: p, V: make([]float32, n), H: make([]float32, n), U: make([]float32, n), Ref: make([]int32, n)}
	h := float32(0)
	if p.EL < p.VH {
		h = 1
	}
	for i := range x.V {
		x.V[i], x.H[i] = float32(p.EL), h
	}
	return x
}

func (x *IFB) Model() string { return "ifb" }

func (x *IFB) Receptor(kind ReceptorKind, tau, erev float64) (*Receptor, error) {
	return x.rec.get(kind, tau, erev, "ifb", ExpCurrent, ExpConductance, Delta, Pulse)
}

func (x *IFB) Var(name string) []float32 {
	switch name {
	case "v":
		return x.V
	case "h":
		return x.H
	case "u":
		return x.U
	}
	return nil
}

func (x *IFB) Prepare(dt float64, maxDelay int) error {
	p := x.P
	if !(p.Cm > 0) || !(p.GL > 0) || !(p.GT >= 0) || !(p.TauHMinus > 0) || !(p.TauHPlus > 0) {
		return fmt.Errorf("ifb: c_m, g_l, tau_h_minus and tau_h_plus must be > 0 and g_t >= 0")
	}
	if p.GH < 0 || (p.GH > 0 && (!(p.TauUp > 0) || !(p.UpStep >= 0 && p.UpStep <= 1))) {
		return fmt.Errorf("ifb: g_h must be >= 0; with g_h, tau_up > 0 and up_step in [0, 1]")
	}
	x.dt = dt
	x.rec.prepare(dt, maxDelay)
	x.refSteps = refractorySteps(p.Refractory, dt)
	x.decMinus = float32(math.Exp(-dt / p.TauHMinus))
	x.decPl = float32(math.Exp(-dt / p.TauHPlus))
	if p.GH > 0 {
		x.decUp = float32(math.Exp(-dt / p.TauUp))
	}
	return nil
}

func (x *IFB) Step(t int64, spikes []uint32) ([]uint32, error) {
	n := x.n
	p := x.P
	v, hh, ref := x.V[:n], x.H[:n], x.Ref[:n]
	iext := x.iext[:n]
	hc := x.dt / p.Cm
	vh := float32(p.VH)
	for i := range v {
		vi, hi := v[i], hh[i]
		g := p.GL
		cur := p.GL*p.EL + p.IBias + float64(iext[i])
		for _, r := range x.rec.list {
			switch r.Kind {
			case ExpConductance:
				g += float64(r.X[i])
				cur += float64(r.X[i]) * r.ERev
			case ExpCurrent, Pulse:
				cur += float64(r.X[i])
			}
		}
		if p.GH > 0 {
			gu := p.GH * float64(x.U[i])
			g += gu
			cur += gu * p.EH
			x.U[i] *= x.decUp
		}
		above := vi >= vh
		if above && p.GT > 0 {
			gt := p.GT * float64(hi)
			g += gt
			cur += gt * p.ET
		}
		if ref[i] == 0 {
			vinf := cur / g
			v[i] = float32(vinf + (float64(vi)-vinf)*math.Exp(-hc*g))
		}
		if above {
			hh[i] = hi * x.decMinus
		} else {
			hh[i] = 1 - (1-hi)*x.decPl
		}
	}
	for _, r := range x.rec.list {
		if r.Kind == ExpCurrent || r.Kind == ExpConductance {
			r.decayStep()
		}
	}
	vt, vr := float32(p.VThresh), float32(p.VReset)
	lo, hi := -x.vBound, x.vBound
	for i, vi := range v {
		if ref[i] > 0 {
			ref[i]--
			v[i] = vr
			continue
		}
		if vi >= vt {
			if vi > hi {
				return spikes, x.unstable(t, i, "v", vi)
			}
			spikes = append(spikes, uint32(i))
			v[i] = vr
			ref[i] = x.refSteps
			if p.GH > 0 {
				x.U[i] += float32(p.UpStep) * (1 - x.U[i])
			}
		} else if !(vi > lo) {
			return spikes, x.unstable(t, i, "v", vi)
		}
	}
	x.deliver(t, v, ref)
	return spikes, nil
}
