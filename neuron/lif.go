package neuron

import (
	"fmt"
	"math"
)

// LIFParams are the parameters of a leaky integrate-and-fire population.
type LIFParams struct {
	TauM       float64 // membrane time constant, ms
	Cm         float64 // membrane capacitance, nF (so R = TauM/Cm in MΩ)
	VRest      float64 // resting potential (leak reversal), mV
	VThresh    float64 // spike threshold, mV
	VReset     float64 // reset potential, mV
	Refractory float64 // absolute refractory period, ms
	IBias      float64 // constant input current, nA
}

// DefaultLIF returns brainsim's documented defaults (those of the config
// reference): tau_m 20 ms, c_m 0.25 nF, v_rest = v_reset = -65 mV,
// v_thresh -50 mV, refractory 2 ms.
func DefaultLIF() LIFParams {
	return LIFParams{TauM: 20, Cm: 0.25, VRest: -65, VThresh: -50, VReset: -65, Refractory: 2}
}

// LIF is a leaky integrate-and-fire population:
//
//	Cm dV/dt = -(Cm/TauM)(V - VRest) + IBias + Iext + Σ I_exc/inh + Σ g (E - V)
//
// with exponential current receptors (I jumps by w, decays with tau: the
// CUBA model) and exponential conductance receptors (g jumps by w, decays
// with tau: the COBA model). After a spike V is held at VReset for the
// refractory period.
//
// Integration: with current receptors only the subthreshold dynamics are
// linear and are integrated exactly over each step with precomputed
// propagators (Rotter & Diesmann 1999; NEST's iaf_psc_exp); the external
// current is held constant over the step. With conductance receptors the
// membrane is integrated by exponential Euler: over a step the total
// conductance G and current are frozen at their values at the step's start and
// V relaxes exactly towards their fixed point with time constant Cm/G
// (Brian2's "exponential_euler").
type LIF struct {
	base
	P LIFParams
	// V is the membrane potential, mV.
	V []float32
	// Ref counts the refractory steps left per unit.
	Ref []int32

	refSteps int32
	p22      float64   // exp(-dt/TauM)
	p20      float64   // R (1 - p22): mV per nA of constant current
	p21      []float64 // per receptor: mV in V per nA in an ExpCurrent receptor
	exact    bool      // no conductance receptors
	gL       float64   // Cm/TauM, µS

	// Per-unit float64 accumulators. V is stored in float32, but the update
	// of a step is summed in float64 and rounded once: in float32 every
	// partial sum rounds at the magnitude of V (half ulp 3.8e-6 mV near
	// -65 mV), and those roundings drift systematically, by up to 3e-4 mV
	// over 100 ms of a step response at dt = 0.1 ms.
	scratchG, scratchI []float64 // exponential Euler: total conductance and current
	scratchV           []float64 // exact: V - VRest after the step
	kernel             lifKernel // fused fast path, if one applies
	asm                uint8     // the level of assembly kernels it runs (asmLevel)

	// Theta is the adaptive threshold per unit, mV (Diehl & Cook 2015),
	// nil unless EnableTheta was called: a unit spikes when
	// V >= VThresh + Theta, every spike adds ThetaPlus, and Theta decays
	// to 0 with TauTheta. It is float64 because the decay per step,
	// exp(-dt/TauTheta) = 1 - 5e-8 at dt 0.5 ms and 1e7 ms, rounds to 1
	// in float32.
	Theta      []float64
	ThetaPlus  float64 // mV per spike
	TauTheta   float64 // ms; +Inf: no decay
	thetaDecay float64 // exp(-dt/TauTheta)
	// ThetaFrozen holds Theta as it is: no growth, no decay (a network
	// tested with what it learnt). Set it only while the network does not
	// run.
	ThetaFrozen bool
	// SpikeLock (ms, with Theta only) keeps a unit from spiking again for
	// that long after a spike, while V integrates once the refractory
	// period is over: Diehl & Cook's timer (their threshold requires
	// timer > 5 ms of a timer running at 0.1 ms/ms, i.e. 50 ms). 0: none.
	SpikeLock float64
	// Lock counts the steps of spike lock left per unit (nil without
	// SpikeLock).
	Lock      []int32
	lockSteps int32
}

// EnableTheta gives the population an adaptive threshold (see Theta),
// starting at 0 for every unit: plus mV per spike, decaying with tau ms
// (math.Inf(1): never; plus 0 and tau +Inf freeze it, as for testing a
// trained network). Without it the population has none and costs nothing
// for it. Call it before Prepare.
func (l *LIF) EnableTheta(plus, tau float64) {
	if l.Theta == nil {
		l.Theta = make([]float64, l.n)
	}
	l.ThetaPlus, l.TauTheta = plus, tau
	l.kernel = lifGeneral
}

// NewLIF makes n units at VRest.
func NewLIF(n int, p LIFParams) *LIF {
	l := &LIF{base: newBase(n), P: p, V: make([]float32, n), Ref: make([]int32, n), asm: asmLevel}
	for i := range l.V {
		l.V[i] = float32(p.VRest)
	}
	return l
}

func (l *LIF) Model() string { return "lif" }

func (l *LIF) Receptor(kind ReceptorKind, tau, erev float64) (*Receptor, error) {
	return l.rec.get(kind, tau, erev, "lif", ExpCurrent, ExpConductance, Delta, Pulse)
}

func (l *LIF) Var(name string) []float32 {
	if name == "v" {
		return l.V
	}
	return nil
}

// PSCPropagator is the change of V (mV) over one step dt per nA of an
// exponentially decaying current with time constant tauS present at the
// step's start, for a membrane with time constant tauM and capacitance cm:
//
//	(1/cm) ∫0^dt exp(-(dt-s)/tauM) exp(-s/tauS) ds
//	  = (1/cm) exp(-dt/tauM) expm1(dt Δ)/Δ,  Δ = 1/tauM - 1/tauS,
//
// which tends to (dt/cm) exp(-dt/tauM) as tauS → tauM.
func PSCPropagator(dt, tauM, tauS, cm float64) float64 {
	d := 1/tauM - 1/tauS
	f := dt
	if math.Abs(dt*d) > 1e-14 {
		f = math.Expm1(dt*d) / d
	}
	return math.Exp(-dt/tauM) * f / cm
}

func (l *LIF) Prepare(dt float64, maxDelay int) error {
	p := l.P
	if !(p.TauM > 0) || !(p.Cm > 0) {
		return fmt.Errorf("lif: tau_m and c_m must be > 0 (got %v ms, %v nF)", p.TauM, p.Cm)
	}
	l.dt = dt
	l.rec.prepare(dt, maxDelay)
	l.refSteps = refractorySteps(p.Refractory, dt)
	l.p22 = math.Exp(-dt / p.TauM)
	l.p20 = p.TauM / p.Cm * -math.Expm1(-dt/p.TauM)
	l.gL = p.Cm / p.TauM
	l.p21 = make([]float64, len(l.rec.list))
	l.exact = true
	for k, r := range l.rec.list {
		switch r.Kind {
		case ExpCurrent:
			l.p21[k] = PSCPropagator(dt, p.TauM, r.Tau, p.Cm)
		case ExpConductance:
			l.exact = false
		}
	}
	l.chooseKernel()
	if l.Theta != nil {
		if !(l.TauTheta > 0) {
			return fmt.Errorf("lif: tau_theta must be > 0 (got %v ms)", l.TauTheta)
		}
		l.thetaDecay = math.Exp(-dt / l.TauTheta)
		l.kernel = lifGeneral
		l.lockSteps = refractorySteps(l.SpikeLock, dt)
		if l.lockSteps > 0 && len(l.Lock) != l.n {
			l.Lock = make([]int32, l.n)
		}
	}
	if l.exact {
		l.scratchV = make([]float64, l.n)
	} else {
		l.scratchG = make([]float64, l.n)
		l.scratchI = make([]float64, l.n)
	}
	return nil
}

func (l *LIF) Step(t int64, spikes []uint32) ([]uint32, error) {
	return l.StepRange(t, 0, l.n, spikes)
}

// StepRange is Step restricted to the units [lo, hi): the units of a
// population are independent within a step, so shards of it can step in
// parallel, each appending the spikes of its own range in unit order.
// Stepping [0, k) and [k, n) gives exactly what Step does.
func (l *LIF) StepRange(t int64, lo, hi int, spikes []uint32) ([]uint32, error) {
	switch l.kernel {
	case lifCUBA1:
		return l.stepCUBA1(t, lo, hi, spikes)
	case lifCUBA2:
		return l.stepCUBA2(t, lo, hi, spikes)
	case lifCOBA2:
		return l.stepCOBA2(t, lo, hi, spikes)
	}
	if l.exact {
		l.integrateExact(lo, hi)
	} else {
		l.integrateExpEuler(lo, hi)
	}
	if l.Theta != nil {
		return l.thresholdTheta(t, lo, hi, spikes)
	}
	v, ref := l.V[lo:hi], l.Ref[lo:hi]
	ref = ref[:len(v)]
	vth, vr, rs := float32(l.P.VThresh), float32(l.P.VReset), l.refSteps
	vlo, vhi := -l.vBound, l.vBound
	for i, x := range v {
		if ref[i] > 0 {
			ref[i]--
			v[i] = vr
			continue
		}
		if x >= vth {
			if x > vhi {
				return spikes, l.unstable(t, lo+i, "v", x)
			}
			spikes = append(spikes, uint32(lo+i))
			v[i] = vr
			ref[i] = rs
		} else if !(x > vlo) {
			return spikes, l.unstable(t, lo+i, "v", x)
		}
	}
	l.deliverRange(t, lo, hi, l.V, l.Ref)
	return spikes, nil
}

// thresholdTheta is the threshold and reset of StepRange with the
// adaptive threshold: Theta decays by one step, a unit out of its
// refractory period spikes when V >= VThresh + Theta, and each spike adds
// ThetaPlus to its Theta.
func (l *LIF) thresholdTheta(t int64, lo, hi int, spikes []uint32) ([]uint32, error) {
	v, ref := l.V[lo:hi], l.Ref[lo:hi]
	ref = ref[:len(v)]
	th := l.Theta[lo:hi][:len(v)]
	vth, vr, rs := l.P.VThresh, float32(l.P.VReset), l.refSteps
	d, plus := l.thetaDecay, l.ThetaPlus
	if l.ThetaFrozen {
		d, plus = 1, 0
	}
	vlo, vhi := -l.vBound, l.vBound
	var lock []int32
	if l.Lock != nil {
		lock = l.Lock[lo:hi][:len(v)]
	}
	for i, x := range v {
		th[i] *= d
		if lock != nil && lock[i] > 0 {
			lock[i]--
			if ref[i] > 0 {
				ref[i]--
				v[i] = vr
			} else if !(x > vlo) || x > vhi {
				return spikes, l.unstable(t, lo+i, "v", x)
			}
			continue
		}
		if ref[i] > 0 {
			ref[i]--
			v[i] = vr
			continue
		}
		if float64(x) >= vth+th[i] {
			if x > vhi {
				return spikes, l.unstable(t, lo+i, "v", x)
			}
			spikes = append(spikes, uint32(lo+i))
			v[i] = vr
			ref[i] = rs
			th[i] += plus
			if lock != nil {
				lock[i] = l.lockSteps
			}
		} else if !(x > vlo) {
			return spikes, l.unstable(t, lo+i, "v", x)
		}
	}
	l.deliverRange(t, lo, hi, l.V, l.Ref)
	return spikes, nil
}

// integrateExact advances V and the current receptors by one step with the
// exact propagators, summing the change of V in float64.
func (l *LIF) integrateExact(lo, hi int) {
	v := l.V[lo:hi]
	n := len(v)
	iext := l.iext[lo:hi][:n]
	dv := l.scratchV[lo:hi][:n]
	el, p22, p20, ib := l.P.VRest, l.p22, l.p20, l.P.IBias
	for i, x := range v {
		dv[i] = float64((float64(x)-el)*p22) + float64(p20*(ib+float64(iext[i])))
	}
	for k, r := range l.rec.list {
		if r.Kind == Pulse {
			for i, xi := range r.X[lo:hi][:n] {
				dv[i] += float64(p20 * float64(xi))
			}
			continue
		}
		if r.Kind != ExpCurrent {
			continue
		}
		p, d := l.p21[k], r.decay
		x := r.X[lo:hi][:n]
		for i, xi := range x {
			dv[i] += float64(p * float64(xi))
			x[i] = xi * d
		}
	}
	for i, d := range dv {
		v[i] = float32(el + d)
	}
}

// integrateExpEuler advances V by exponential Euler with all receptors
// frozen over the step, then decays the receptors.
func (l *LIF) integrateExpEuler(lo, hi int) {
	v := l.V[lo:hi]
	n := len(v)
	iext := l.iext[lo:hi][:n]
	el, gl, ib := l.P.VRest, l.gL, l.P.IBias
	hc := l.dt / l.P.Cm
	// Total conductance and current per unit, accumulated receptor by
	// receptor so every pass is a plain loop over slices.
	g, cur := l.scratchG[lo:hi][:n], l.scratchI[lo:hi][:n]
	for i := range g {
		g[i] = gl
		cur[i] = float64(gl*el) + ib + float64(iext[i])
	}
	rl := l.rec.list
	for _, r := range rl {
		x := r.X[lo:hi][:n]
		switch r.Kind {
		case ExpConductance:
			e := r.ERev
			for i, xi := range x {
				g[i] += float64(xi)
				cur[i] += float64(float64(xi) * e)
			}
		case ExpCurrent, Pulse:
			for i, xi := range x {
				cur[i] += float64(xi)
			}
		}
	}
	// A unit with no conductance input relaxes with the leak alone: the
	// factor is the same for all of them (the same operations, the same
	// bits), computed once.
	xl := float32(hc * gl)
	el32 := expNeg32(xl)
	for i, x := range v {
		vinf := cur[i] / g[i]
		// expNeg32, inlined as in stepCOBA2 (the call costs as much as the
		// arithmetic); the same operations, so the same bits.
		xe := float32(hc * g[i])
		var e float32
		if xe == xl {
			e = el32
		} else if xe < 80 {
			y := float32(xe*math.Log2E) + 0.5
			ki := int32(y)
			if float32(ki) > y {
				ki--
			}
			k := float32(ki)
			r := -(float32(xe-float32(k*ln2Hi32)) - float32(k*ln2Lo32))
			r2 := float32(r * r)
			r4 := float32(r2 * r2)
			q0 := 1 + r
			q1 := float32(1.0/2) + float32(r*float32(1.0/6))
			q2 := float32(1.0/24) + float32(r*float32(1.0/120))
			t4 := float32(r4 * (q2 + float32(r2*float32(1.0/720))))
			p := (q0 + float32(r2*q1)) + t4
			e = float32(p * math.Float32frombits(uint32(127-ki)<<23))
		} else {
			e = expNeg32(xe)
		}
		v[i] = float32(vinf + float64((float64(x)-vinf)*float64(e)))
	}
	for _, r := range rl {
		if r.Kind == ExpCurrent || r.Kind == ExpConductance {
			r.decayRange(lo, hi)
		}
	}
}

// Rest puts the population in the state it reaches after elapsed ms
// without input, for a protocol that does not step through a rest (Diehl &
// Cook's 150 ms between images, reset as BindsNET does): V at VRest, the
// receptors and the input in flight cleared, no unit refractory or locked;
// the adaptive threshold, the one slow variable, decays over the elapsed
// time exactly (unless frozen). The fast variables are taken to have
// settled: over 150 ms conductances of τ 1-2 ms have, a membrane of τ 100
// ms is still 22% of its way from rest. Call it only while the network
// does not run.
func (l *LIF) Rest(elapsed float64) {
	v := float32(l.P.VRest)
	for i := range l.V {
		l.V[i] = v
	}
	clear(l.Ref)
	clear(l.Lock)
	for _, r := range l.rec.list {
		clear(r.X)
		buf, _ := r.Ring()
		clear(buf)
	}
	if l.Theta != nil && !l.ThetaFrozen && elapsed > 0 {
		d := math.Exp(-elapsed / l.TauTheta)
		for i := range l.Theta {
			l.Theta[i] *= d
		}
	}
}
