//go:build !amd64 || purego

package neuron

// asmLevel is asmNone where there are no assembly kernels: the Go
// kernels run.
const asmLevel = asmNone

func (l *LIF) cuba2Asm(int64, int, int, []uint32) (int, []uint32, error) {
	panic("neuron: no assembly kernels")
}

func (l *LIF) coba2Asm(int64, int, int, []uint32) (int, []uint32, error) {
	panic("neuron: no assembly kernels")
}
