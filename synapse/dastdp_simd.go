//go:build goexperiment.simd && amd64

package synapse

import "simd/archsimd"

func init() {
	if archsimd.X86.AVX512() {
		daUpdate = daUpdateAVX512
	}
}

// daUpdateAVX512 is daUpdateGeneric 16 synapses at a time. The product
// g·c and the sum are rounded separately (no fused multiply-add), as in
// the generic loop, so both give the same weights.
func daUpdateAVX512(w, c []float32, g, lo, hi, f float32) {
	w = w[:len(c)]
	var (
		gv  = archsimd.BroadcastFloat32x16(g)
		lov = archsimd.BroadcastFloat32x16(lo)
		hiv = archsimd.BroadcastFloat32x16(hi)
		fv  = archsimd.BroadcastFloat32x16(f)
	)
	k := 0
	for ; k+16 <= len(c); k += 16 {
		x := archsimd.LoadFloat32x16Slice(c[k:])
		y := archsimd.LoadFloat32x16Slice(w[k:]).Add(x.Mul(gv))
		y.Max(lov).Min(hiv).StoreSlice(w[k:])
		x.Mul(fv).StoreSlice(c[k:])
	}
	if k < len(c) {
		daUpdateGeneric(w[k:], c[k:], g, lo, hi, f)
	}
}
