//go:build !amd64 || purego

package neuron

// asmLevel is asmNone where there are no assembly kernels: the Go
// kernels run.
const asmLevel = asmNone

func (l *LIF) asmBlocks(int64, int, int, []uint32, lifKernel) (int, []uint32, error) {
	panic("neuron: no assembly kernels")
}
