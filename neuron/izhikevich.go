package neuron

import (
	"fmt"
	"math"
	"slices"
)

// IzhikevichType is a named parameter set of the Izhikevich 2003 model.
type IzhikevichType struct {
	Name       string
	A, B, C, D float64
	Doc        string
}

// IzhikevichTypes are the cell types of Izhikevich (2003), "Simple model of
// spiking neurons", IEEE Trans. Neural Netw. 14:1569, Fig. 2.
var IzhikevichTypes = []IzhikevichType{
	{"RS", 0.02, 0.2, -65, 8, "regular spiking (excitatory): tonic spikes with adaptation"},
	{"IB", 0.02, 0.2, -55, 4, "intrinsically bursting (excitatory): an initial burst, then tonic spikes"},
	{"CH", 0.02, 0.2, -50, 2, "chattering (excitatory): repeated bursts"},
	{"FS", 0.1, 0.2, -65, 2, "fast spiking (inhibitory): high rate, no adaptation"},
	{"LTS", 0.02, 0.25, -65, 2, "low-threshold spiking (inhibitory): adaptation, rebound"},
	{"TC", 0.02, 0.25, -65, 0.05, "thalamo-cortical: tonic or rebound bursts"},
	{"RZ", 0.1, 0.26, -65, 2, "resonator: subthreshold oscillations"},
}

// LookupIzhikevich returns the named cell type.
func LookupIzhikevich(name string) (IzhikevichType, error) {
	for _, t := range IzhikevichTypes {
		if t.Name == name {
			return t, nil
		}
	}
	names := make([]string, len(IzhikevichTypes))
	for i, t := range IzhikevichTypes {
		names[i] = t.Name
	}
	return IzhikevichType{}, fmt.Errorf("unknown Izhikevich cell type %q (allowed: %v)", name, names)
}

// Izhikevich is a population of Izhikevich (2003) units:
//
//	dv/dt = 0.04 v² + 5 v + 140 - u + I
//	du/dt = a (b v - u)
//	if v >= VPeak: v ← c, u ← u + d
//
// with v in mV, t in ms. The model is written with unit capacitance;
// brainsim reads its input current I in nA with C = 1 nF, so the paper's
// I = 10 is 10 nA and a synaptic current adds X nA to I.
//
// Integration: forward Euler, the scheme of the paper's own code (net.m):
// v in substeps of at most 0.5 ms, every substep taken even when v has
// passed VPeak, then u once over the whole step with that v (not capped).
// At dt = 1 ms this is exactly Izhikevich's two half steps. A unit whose v
// is at or above VPeak after the step spikes and is reset: net.m finds it
// at the start of the next step and resets it before integrating, the
// same thing.
type Izhikevich struct {
	base
	// Per-unit parameters (they may differ within a population).
	A, B, C, D []float32
	VPeak      float32 // spike cut-off, mV (30 in the paper)
	IBias      float32 // constant current, nA
	Refractory float64 // optional absolute refractory period, ms

	V, U []float32 // membrane potential (mV) and recovery variable
	Ref  []int32

	refSteps int32
	sub      int     // v substeps per step
	hs       float32 // substep, ms
	scratch  []float32
}

// NewIzhikevich makes n units of one cell type, at v = -65 mV, u = b v (see
// SetType).
func NewIzhikevich(n int, t IzhikevichType) *Izhikevich {
	z := &Izhikevich{base: newBase(n), VPeak: 30,
		A: make([]float32, n), B: make([]float32, n), C: make([]float32, n), D: make([]float32, n),
		V: make([]float32, n), U: make([]float32, n), Ref: make([]int32, n)}
	for i := 0; i < n; i++ {
		z.SetType(i, t.A, t.B, t.C, t.D)
	}
	return z
}

// SetType sets the parameters of unit i and puts it in the initial state of
// Izhikevich's network code: v = -65 mV, u = b v.
func (z *Izhikevich) SetType(i int, a, b, c, d float64) {
	z.A[i], z.B[i], z.C[i], z.D[i] = float32(a), float32(b), float32(c), float32(d)
	z.V[i] = -65
	z.U[i] = float32(b) * z.V[i]
}

func (z *Izhikevich) Model() string { return "izhikevich" }

func (z *Izhikevich) Receptor(kind ReceptorKind, tau, erev float64) (*Receptor, error) {
	return z.rec.get(kind, tau, erev, "izhikevich", ExpCurrent, ExpConductance, Delta, Pulse)
}

func (z *Izhikevich) Var(name string) []float32 {
	switch name {
	case "v":
		return z.V
	case "u":
		return z.U
	}
	return nil
}

func (z *Izhikevich) Prepare(dt float64, maxDelay int) error {
	z.dt = dt
	z.rec.prepare(dt, maxDelay)
	z.refSteps = refractorySteps(z.Refractory, dt)
	z.sub = int(math.Ceil(dt/0.5 - 1e-9))
	if z.sub < 1 {
		z.sub = 1
	}
	z.hs = float32(dt / float64(z.sub))
	z.scratch = make([]float32, z.n)
	return nil
}

func (z *Izhikevich) Step(t int64, spikes []uint32) ([]uint32, error) {
	n := z.n
	v, u := z.V[:n], z.U[:n]
	a, b, c, d := z.A[:n], z.B[:n], z.C[:n], z.D[:n]
	// Input current: bias + external + receptor currents; conductances are
	// evaluated with v at the step's start.
	in := z.scratch[:n]
	iext := z.iext[:n]
	for i := range in {
		in[i] = z.IBias + iext[i]
	}
	for _, r := range z.rec.list {
		x := r.X
		switch r.Kind {
		case Pulse:
			for i := range in {
				in[i] += x[i]
			}
			continue
		case ExpCurrent:
			for i := range in {
				in[i] += x[i]
			}
		case ExpConductance:
			e := float32(r.ERev)
			for i := range in {
				in[i] += x[i] * (e - v[i])
			}
		default:
			continue
		}
		r.decayStep()
	}
	h, dt, peak := z.hs, float32(z.dt), z.VPeak
	for i := range v {
		x := v[i]
		for range z.sub {
			x += h * (0.04*x*x + 5*x + 140 - u[i] + in[i])
		}
		v[i] = x
		u[i] += dt * a[i] * (b[i]*x - u[i])
	}
	ref := z.Ref[:n]
	lo := -z.vBound
	for i, x := range v {
		if ref[i] > 0 {
			ref[i]--
			v[i] = c[i]
			continue
		}
		if x >= peak {
			// Forward Euler overshoots the peak, by hundreds of mV at
			// dt = 1 ms after strong inhibition (the quadratic term); that is
			// the paper's scheme and still a spike. Only an infinite v is an
			// error.
			if x > math.MaxFloat32 {
				return spikes, z.unstable(t, i, "v", x)
			}
			spikes = append(spikes, uint32(i))
			v[i] = c[i]
			u[i] += d[i]
			ref[i] = z.refSteps
		} else if !(x > lo) {
			return spikes, z.unstable(t, i, "v", x)
		} else if u[i] != u[i] {
			return spikes, z.unstable(t, i, "u", u[i])
		}
	}
	z.deliver(t, v, ref)
	return spikes, nil
}

// CellTypes returns the names of the cell types in IzhikevichTypes order.
func CellTypes() []string {
	names := make([]string, len(IzhikevichTypes))
	for i, t := range IzhikevichTypes {
		names[i] = t.Name
	}
	return slices.Clip(names)
}
