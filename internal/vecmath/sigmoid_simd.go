//go:build goexperiment.simd && amd64

package vecmath

import "simd/archsimd"

func init() {
	if archsimd.X86.AVX512() {
		SigmoidRow = sigmoidRowAVX512
	}
}

// sigmoidRowAVX512 is sigmoidRowGeneric 16 lanes at a time, with the
// same clamp and Cephes polynomial as Exp32; the rounding of n (to
// nearest even instead of half up) and the scaling (VSCALEFPS) differ,
// so results may differ from the generic kernel in the last bits.
func sigmoidRowAVX512(row, bias []float32) {
	bias = bias[:len(row)]
	var (
		lo    = archsimd.BroadcastFloat32x16(-87)
		hi    = archsimd.BroadcastFloat32x16(87)
		log2e = archsimd.BroadcastFloat32x16(1.44269504088896341)
		c1    = archsimd.BroadcastFloat32x16(0.693359375)
		c2    = archsimd.BroadcastFloat32x16(-2.12194440e-4)
		p0    = archsimd.BroadcastFloat32x16(1.9875691500e-4)
		p1    = archsimd.BroadcastFloat32x16(1.3981999507e-3)
		p2    = archsimd.BroadcastFloat32x16(8.3334519073e-3)
		p3    = archsimd.BroadcastFloat32x16(4.1665795894e-2)
		p4    = archsimd.BroadcastFloat32x16(1.6666665459e-1)
		p5    = archsimd.BroadcastFloat32x16(5.0000001201e-1)
		one   = archsimd.BroadcastFloat32x16(1)
		zero  = archsimd.BroadcastFloat32x16(0)
	)
	f := func(x archsimd.Float32x16) archsimd.Float32x16 {
		t := zero.Sub(x.Max(lo).Min(hi)) // -x, clamped
		n := t.Mul(log2e).RoundToEvenScaled(0)
		r := t.Sub(n.Mul(c1)).Sub(n.Mul(c2))
		p := p0.MulAdd(r, p1)
		p = p.MulAdd(r, p2)
		p = p.MulAdd(r, p3)
		p = p.MulAdd(r, p4)
		p = p.MulAdd(r, p5)
		e := p.Mul(r.Mul(r)).Add(r).Add(one).Scale(n)
		return one.Div(one.Add(e))
	}
	j := 0
	for ; j+16 <= len(row); j += 16 {
		x := archsimd.LoadFloat32x16Slice(row[j:]).Add(archsimd.LoadFloat32x16Slice(bias[j:]))
		f(x).StoreSlice(row[j:])
	}
	if j < len(row) {
		x := archsimd.LoadFloat32x16SlicePart(row[j:]).Add(archsimd.LoadFloat32x16SlicePart(bias[j:]))
		f(x).StoreSlicePart(row[j:])
	}
}
