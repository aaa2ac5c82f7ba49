package neuron

import "math"

// Fused kernels for the common LIF cases: one or two exponential current
// receptors (CUBA; one when excitation and inhibition share a time
// constant, as in the microcircuit) and two exponential conductance
// receptors (COBA), with no delta or pulse input. They do in one pass over the units what the
// general path does in several (integrate, decay, threshold and reset, take
// the arriving input), with the same floating-point operations in the same
// order, so they give the same bits; TestLIFFastMatchesGeneral checks it.

// Levels of the assembly kernels (lif_amd64.s): none (the Go kernels),
// AVX2, AVX-512. asmLevel is the machine's; a LIF takes it when made
// (LIF.asm), so a test can run one population on a lower level.
const (
	asmNone uint8 = iota
	asmAVX2
	asmAVX512
)

// lifKernel selects the Step implementation.
type lifKernel uint8

const (
	lifGeneral lifKernel = iota
	lifCUBA1
	lifCUBA2
	lifCOBA2
)

func (l *LIF) chooseKernel() {
	l.kernel = lifGeneral
	rs := l.rec.list
	if len(rs) == 1 && rs[0].Kind == ExpCurrent {
		l.kernel = lifCUBA1
	}
	if len(rs) != 2 {
		return
	}
	switch {
	case rs[0].Kind == ExpCurrent && rs[1].Kind == ExpCurrent:
		l.kernel = lifCUBA2
	case rs[0].Kind == ExpConductance && rs[1].Kind == ExpConductance:
		l.kernel = lifCOBA2
	}
}

func (l *LIF) stepCUBA2(t int64, lo, hi int, spikes []uint32) ([]uint32, error) {
	return l.stepCUBA(t, lo, hi, spikes, true)
}

func (l *LIF) stepCUBA1(t int64, lo, hi int, spikes []uint32) ([]uint32, error) {
	return l.stepCUBA(t, lo, hi, spikes, false)
}

// stepCUBA steps the units [lo, hi) with two current receptors (two) or
// one.
func (l *LIF) stepCUBA(t int64, lo, hi int, spikes []uint32, two bool) ([]uint32, error) {
	n := hi
	v, iext, ref := l.V[:n], l.iext[:n], l.Ref[:n]
	useCur := l.curUsed
	vth, vr, rs, vlo := float32(l.P.VThresh), float32(l.P.VReset), l.refSteps, -l.vBound
	a := l.rec.list[0]
	xa, ina, da, pa := a.X[:n], a.Slot(t)[:n], a.decay, l.p21[0]
	var xb, inb []float32
	var db float32
	var pb float64
	if two {
		b := l.rec.list[1]
		xb, inb, db, pb = b.X[:n], b.Slot(t)[:n], b.decay, l.p21[1]
	}
	el, p22, p20, ib := l.P.VRest, l.p22, l.p20, l.P.IBias
	i0 := lo
	if l.asm >= asmAVX2 {
		var err error
		k := lifCUBA1
		if two {
			k = lifCUBA2
		}
		if i0, spikes, err = l.asmBlocks(t, lo, hi, spikes, k); err != nil {
			return spikes, err
		}
	}
	for i := i0; i < n; i++ {
		ea := xa[i]
		// Explicit conversions round every product, so no build fuses them
		// into FMAs: the scalar and vector kernels give the same bits.
		ie := 0.0
		if useCur {
			ie = float64(iext[i])
		}
		dv := float64((float64(v[i])-el)*p22) + float64(p20*(ib+ie))
		dv += float64(pa * float64(ea))
		xa[i] = float32(ea*da) + ina[i]
		ina[i] = 0
		if two {
			eb := xb[i]
			dv += float64(pb * float64(eb))
			xb[i] = float32(eb*db) + inb[i]
			inb[i] = 0
		}
		x := float32(el + dv)
		if r := ref[i]; r > 0 {
			ref[i] = r - 1
			v[i] = vr
			continue
		}
		if x >= vth {
			if x > l.vBound {
				return spikes, l.unstable(t, i, "v", x)
			}
			spikes = append(spikes, uint32(i))
			v[i] = vr
			ref[i] = rs
			continue
		}
		if !(x > vlo) {
			return spikes, l.unstable(t, i, "v", x)
		}
		v[i] = x
	}
	return spikes, nil
}

func (l *LIF) stepCOBA2(t int64, lo, hi int, spikes []uint32) ([]uint32, error) {
	i0 := lo
	if l.asm >= asmAVX2 {
		var err error
		if i0, spikes, err = l.asmBlocks(t, lo, hi, spikes, lifCOBA2); err != nil {
			return spikes, err
		}
	}
	return l.coba2Range(t, i0, hi, spikes)
}

// coba2Range is the scalar COBA kernel on the units [lo, hi).
func (l *LIF) coba2Range(t int64, lo, hi int, spikes []uint32) ([]uint32, error) {
	n := hi
	v, iext, ref := l.V[:n], l.iext[:n], l.Ref[:n]
	useCur := l.curUsed
	vth, vr, rs, vlo := float32(l.P.VThresh), float32(l.P.VReset), l.refSteps, -l.vBound
	a, b := l.rec.list[0], l.rec.list[1]
	xa, xb := a.X[:n], b.X[:n]
	ina, inb := a.Slot(t)[:n], b.Slot(t)[:n]
	da, db := a.decay, b.decay
	ea, eb := a.ERev, b.ERev
	el, gl, ib := l.P.VRest, l.gL, l.P.IBias
	hc := l.dt / l.P.Cm
	for i := lo; i < n; i++ {
		ga, gb := xa[i], xb[i]
		g := gl
		ie := 0.0
		if useCur {
			ie = float64(iext[i])
		}
		cur := float64(gl*el) + ib + ie
		g += float64(ga)
		cur += float64(float64(ga) * ea)
		g += float64(gb)
		cur += float64(float64(gb) * eb)
		vinf := cur / g
		// expNeg32, inlined (the call costs as much as the arithmetic).
		xe := float32(hc * g)
		var e float32
		if xe < 80 {
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
		x := float32(vinf + float64((float64(v[i])-vinf)*float64(e)))
		xa[i] = float32(ga*da) + ina[i]
		xb[i] = float32(gb*db) + inb[i]
		ina[i], inb[i] = 0, 0
		if r := ref[i]; r > 0 {
			ref[i] = r - 1
			v[i] = vr
			continue
		}
		if x >= vth {
			if x > l.vBound {
				return spikes, l.unstable(t, i, "v", x)
			}
			spikes = append(spikes, uint32(i))
			v[i] = vr
			ref[i] = rs
			continue
		}
		if !(x > vlo) {
			return spikes, l.unstable(t, i, "v", x)
		}
		v[i] = x
	}
	return spikes, nil
}

// expCoef are the Taylor coefficients 1/7! ... 1/0! of exp, for Horner's
// scheme after the leading 1/8!.
var expCoef = [8]float64{1.0 / 5040, 1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 1.0 / 2, 1, 1}

const (
	ln2Hi32 = 0.693145751953125      // ln 2 rounded to 12 significant bits
	ln2Lo32 = 1.4286068202862268e-06 // ln 2 - ln2Hi32
)

// expNeg32 returns exp(-x) for 0 <= x < 80 in float32 arithmetic with a
// relative error below 3e-7: x = k ln2 + r, |r| <= ln2/2, exp(-r) by its
// degree-6 Taylor polynomial, 2^-k from the exponent bits. Beyond 80 (or NaN)
// it falls back to expNeg. It serves the exponential-Euler membrane update,
// where it multiplies V - V∞ (tens of mV): 3e-7 of that is below the float32
// rounding of V itself.
func expNeg32(x float32) float32 {
	if !(x < 80) {
		return expNeg32Beyond(x)
	}
	// k = floor(x log2 e + 1/2), by integer conversion (math.Floor is a
	// call on GOAMD64=v1); the vector kernel rounds the same way.
	y := float32(x*math.Log2E) + 0.5
	ki := int32(y)
	if float32(ki) > y {
		ki--
	}
	k := float32(ki)
	// Cody-Waite: ln2 split so that k*ln2Hi32 is exact for |k| < 2^11.
	r := -(float32(x-float32(k*ln2Hi32)) - float32(k*ln2Lo32))
	// Estrin's scheme (shorter dependency chains than Horner's), every
	// product rounded (no FMA), exactly as the vector kernel computes it:
	// p = (1 + r) + r²(1/2 + r/6) + r⁴((1/24 + r/120) + r²/720).
	r2 := float32(r * r)
	r4 := float32(r2 * r2)
	q0 := 1 + r
	q1 := float32(1.0/2) + float32(r*float32(1.0/6))
	q2 := float32(1.0/24) + float32(r*float32(1.0/120))
	t4 := float32(r4 * (q2 + float32(r2*float32(1.0/720))))
	p := (q0 + float32(r2*q1)) + t4
	return float32(p * math.Float32frombits(uint32(127-int32(k))<<23))
}

//go:noinline
func expNeg32Beyond(x float32) float32 { return float32(expNeg(float64(x))) }

// expNeg returns exp(-x) for x >= 0 with a relative error below 3e-10 (far
// below the float32 rounding of V): x = k ln2 + r with |r| <= ln2/2, exp(-r)
// by its degree-8 Taylor polynomial, 2^-k from the exponent bits. Arguments
// beyond 700 give 0 (exp(-700) is 1e-304).
func expNeg(x float64) float64 {
	if !(x < 700) {
		if x != x {
			return x
		}
		return 0
	}
	k := math.Floor(float64(x*math.Log2E) + 0.5)
	r := -(x - float64(k*math.Ln2))
	// Horner's scheme with every product rounded (no FMA).
	p := 1.0 / 40320
	for _, c := range expCoef {
		p = float64(p*r) + c
	}
	return float64(p * math.Float64frombits(uint64(1023-int64(k))<<52))
}
