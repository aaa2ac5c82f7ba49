//go:build goexperiment.simd && amd64

package neuron

import (
	"math"

	"simd/archsimd"
)

// useSIMD says whether the AVX-512 kernels run: GOEXPERIMENT=simd builds on
// CPUs with AVX-512. They process 8 units at a time with the same
// floating-point operations, in the same order, as the scalar kernels, so
// both give the same bits (TestLIFFastMatchesGeneral runs in both builds).
var useSIMD = archsimd.X86.AVX512()

// cuba2SIMD runs the CUBA kernel on whole blocks of 8 units from lo and
// returns where the scalar loop must continue.
func (l *LIF) cuba2SIMD(t int64, lo, hi int, spikes []uint32) (int, []uint32, error) {
	n := lo + (hi-lo)&^7
	v, iext, ref := l.V[:n], l.iext[:n], l.Ref[:n]
	a, b := l.rec.list[0], l.rec.list[1]
	xa, xb := a.X[:n], b.X[:n]
	ina, inb := a.Slot(t)[:n], b.Slot(t)[:n]
	da, db := archsimd.BroadcastFloat32x8(a.decay), archsimd.BroadcastFloat32x8(b.decay)
	pa, pb := archsimd.BroadcastFloat64x8(l.p21[0]), archsimd.BroadcastFloat64x8(l.p21[1])
	el := archsimd.BroadcastFloat64x8(l.P.VRest)
	p22 := archsimd.BroadcastFloat64x8(l.p22)
	p20 := archsimd.BroadcastFloat64x8(l.p20)
	ib := archsimd.BroadcastFloat64x8(l.P.IBias)
	zero := archsimd.BroadcastFloat32x8(0)
	zero64 := archsimd.BroadcastFloat64x8(0)
	useCur := l.curUsed
	f := l.finishConsts()
	for i := lo; i < n; i += 8 {
		ea := archsimd.LoadFloat32x8Slice(xa[i : i+8])
		eb := archsimd.LoadFloat32x8Slice(xb[i : i+8])
		vv := archsimd.LoadFloat32x8Slice(v[i : i+8]).ConvertToFloat64()
		ie := zero64
		if useCur {
			ie = archsimd.LoadFloat32x8Slice(iext[i : i+8]).ConvertToFloat64()
		}
		dv := vv.Sub(el).Mul(p22).Add(ib.Add(ie).Mul(p20))
		dv = dv.Add(ea.ConvertToFloat64().Mul(pa))
		dv = dv.Add(eb.ConvertToFloat64().Mul(pb))
		x := dv.Add(el).ConvertToFloat32()
		ea.Mul(da).Add(archsimd.LoadFloat32x8Slice(ina[i : i+8])).StoreSlice(xa[i : i+8])
		eb.Mul(db).Add(archsimd.LoadFloat32x8Slice(inb[i : i+8])).StoreSlice(xb[i : i+8])
		zero.StoreSlice(ina[i : i+8])
		zero.StoreSlice(inb[i : i+8])
		var err error
		if spikes, err = l.finish8(t, i, x, ref, v, f, spikes); err != nil {
			return n, spikes, err
		}
	}
	return n, spikes, nil
}

// coba2SIMD runs the COBA kernel on whole blocks of 8 units from lo.
func (l *LIF) coba2SIMD(t int64, lo, hi int, spikes []uint32) (int, []uint32, error) {
	n := lo + (hi-lo)&^7
	v, iext, ref := l.V[:n], l.iext[:n], l.Ref[:n]
	a, b := l.rec.list[0], l.rec.list[1]
	xa, xb := a.X[:n], b.X[:n]
	ina, inb := a.Slot(t)[:n], b.Slot(t)[:n]
	da, db := archsimd.BroadcastFloat32x8(a.decay), archsimd.BroadcastFloat32x8(b.decay)
	ea, eb := archsimd.BroadcastFloat64x8(a.ERev), archsimd.BroadcastFloat64x8(b.ERev)
	gl := archsimd.BroadcastFloat64x8(l.gL)
	glel := archsimd.BroadcastFloat64x8(l.gL * l.P.VRest)
	ib := archsimd.BroadcastFloat64x8(l.P.IBias)
	hc := archsimd.BroadcastFloat64x8(l.dt / l.P.Cm)
	c := *expC32
	zero := archsimd.BroadcastFloat32x8(0)
	zero64 := archsimd.BroadcastFloat64x8(0)
	useCur := l.curUsed
	f := l.finishConsts()
	for i := lo; i < n; i += 8 {
		ga := archsimd.LoadFloat32x8Slice(xa[i : i+8])
		gb := archsimd.LoadFloat32x8Slice(xb[i : i+8])
		ga64, gb64 := ga.ConvertToFloat64(), gb.ConvertToFloat64()
		ie := zero64
		if useCur {
			ie = archsimd.LoadFloat32x8Slice(iext[i : i+8]).ConvertToFloat64()
		}
		g := gl.Add(ga64).Add(gb64)
		cur := glel.Add(ib).Add(ie).Add(ga64.Mul(ea)).Add(gb64.Mul(eb))
		vinf := cur.Div(g)
		vv := archsimd.LoadFloat32x8Slice(v[i : i+8]).ConvertToFloat64()
		// expNeg32x8, inlined with its constants in registers.
		xe := hc.Mul(g).ConvertToFloat32()
		k := xe.Mul(c.log2e).Add(c.half).FloorScaled(0)
		r := c.zero.Sub(xe.Sub(k.Mul(c.ln2hi)).Sub(k.Mul(c.ln2lo)))
		r2 := r.Mul(r)
		r4 := r2.Mul(r2)
		q0 := c.one.Add(r)
		q1 := c.half.Add(r.Mul(c.sixth))
		q2 := c.c24.Add(r.Mul(c.c120))
		t4 := r4.Mul(q2.Add(r2.Mul(c.c720)))
		p := q0.Add(r2.Mul(q1)).Add(t4)
		e := p.Mul(c.bias.Sub(k.ConvertToInt32()).ShiftAllLeft(23).AsFloat32x8())
		if xe.Less(c.limit).ToBits() != 0xff {
			e = expNeg32x8(xe)
		}
		x := vinf.Add(vv.Sub(vinf).Mul(e.ConvertToFloat64())).ConvertToFloat32()
		ga.Mul(da).Add(archsimd.LoadFloat32x8Slice(ina[i : i+8])).StoreSlice(xa[i : i+8])
		gb.Mul(db).Add(archsimd.LoadFloat32x8Slice(inb[i : i+8])).StoreSlice(xb[i : i+8])
		zero.StoreSlice(ina[i : i+8])
		zero.StoreSlice(inb[i : i+8])
		var err error
		if spikes, err = l.finish8(t, i, x, ref, v, f, spikes); err != nil {
			return n, spikes, err
		}
	}
	return n, spikes, nil
}

// finishConsts are the broadcast constants of finish8.
type finishConsts struct {
	vth, lo, vr archsimd.Float32x8
	zero32      archsimd.Int32x8
}

func (l *LIF) finishConsts() finishConsts {
	return finishConsts{
		vth:    archsimd.BroadcastFloat32x8(float32(l.P.VThresh)),
		lo:     archsimd.BroadcastFloat32x8(-l.vBound),
		vr:     archsimd.BroadcastFloat32x8(float32(l.P.VReset)),
		zero32: archsimd.BroadcastInt32x8(0),
	}
}

// finish8 is finish on the 8 units from i: refractory units are held at
// VReset and count down in the vector; only the rare units that cross the
// threshold or their bound go through the scalar finish.
func (l *LIF) finish8(t int64, i int, x archsimd.Float32x8, ref []int32, v []float32, f finishConsts, spikes []uint32) ([]uint32, error) {
	r := archsimd.LoadInt32x8Slice(ref[i : i+8])
	inRef := r.Greater(f.zero32)
	refBits := inRef.ToBits()
	special := ^refBits & (x.GreaterEqual(f.vth).ToBits() | ^x.Greater(f.lo).ToBits())
	if refBits == 0 {
		// The common case: no unit of the block is refractory.
		x.StoreSlice(v[i : i+8])
	} else {
		r.Add(inRef.ToInt32x8()).StoreSlice(ref[i : i+8])
		f.vr.Merge(x, inRef).StoreSlice(v[i : i+8])
	}
	if special == 0 {
		return spikes, nil
	}
	var lane [8]float32
	x.StoreSlice(lane[:])
	for k := range lane {
		if special&(1<<k) == 0 {
			continue
		}
		var err error
		if spikes, err = l.finish(t, i+k, lane[k], spikes); err != nil {
			return spikes, err
		}
	}
	return spikes, nil
}

// expConsts32 are the broadcast constants of expNeg32x8.
type expConsts32 struct {
	log2e, half, ln2hi, ln2lo, zero, limit archsimd.Float32x8
	one, sixth, c24, c120, c720            archsimd.Float32x8
	bias                                   archsimd.Int32x8
}

var expC32 = &expConsts32{
	log2e: archsimd.BroadcastFloat32x8(math.Log2E),
	half:  archsimd.BroadcastFloat32x8(0.5),
	ln2hi: archsimd.BroadcastFloat32x8(ln2Hi32),
	ln2lo: archsimd.BroadcastFloat32x8(ln2Lo32),
	zero:  archsimd.BroadcastFloat32x8(0),
	limit: archsimd.BroadcastFloat32x8(80),
	one:   archsimd.BroadcastFloat32x8(1),
	sixth: archsimd.BroadcastFloat32x8(1.0 / 6),
	c24:   archsimd.BroadcastFloat32x8(1.0 / 24),
	c120:  archsimd.BroadcastFloat32x8(1.0 / 120),
	c720:  archsimd.BroadcastFloat32x8(1.0 / 720),
	bias:  archsimd.BroadcastInt32x8(127),
}

// expNeg32x8 is expNeg32 on 8 lanes, with the same operations. Lanes beyond
// the fast range (x >= 80 or NaN) are recomputed by the scalar function.
func expNeg32x8(x archsimd.Float32x8) archsimd.Float32x8 {
	c := expC32
	k := x.Mul(c.log2e).Add(c.half).FloorScaled(0)
	r := c.zero.Sub(x.Sub(k.Mul(c.ln2hi)).Sub(k.Mul(c.ln2lo)))
	r2 := r.Mul(r)
	r4 := r2.Mul(r2)
	q0 := c.one.Add(r)
	q1 := c.half.Add(r.Mul(c.sixth))
	q2 := c.c24.Add(r.Mul(c.c120))
	t4 := r4.Mul(q2.Add(r2.Mul(c.c720)))
	p := q0.Add(r2.Mul(q1)).Add(t4)
	out := p.Mul(c.bias.Sub(k.ConvertToInt32()).ShiftAllLeft(23).AsFloat32x8())
	if x.Less(c.limit).ToBits() != 0xff {
		var xs, os [8]float32
		x.StoreSlice(xs[:])
		out.StoreSlice(os[:])
		for i := range xs {
			if !(xs[i] < 80) {
				os[i] = expNeg32(xs[i])
			}
		}
		out = archsimd.LoadFloat32x8Slice(os[:])
	}
	return out
}
