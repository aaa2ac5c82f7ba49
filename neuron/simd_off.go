//go:build !(goexperiment.simd && amd64)

package neuron

// useSIMD is false in builds without GOEXPERIMENT=simd on amd64: the
// scalar kernels run alone.
const useSIMD = false

func (l *LIF) cuba2SIMD(int64, int, int, []uint32) (int, []uint32, error) {
	panic("neuron: no SIMD kernels")
}
func (l *LIF) coba2SIMD(int64, int, int, []uint32) (int, []uint32, error) {
	panic("neuron: no SIMD kernels")
}
