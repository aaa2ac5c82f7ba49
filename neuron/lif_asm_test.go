//go:build amd64 && !purego

package neuron

import (
	"testing"

	"golang.org/x/sys/cpu"
)

// TestAsmKernelsRun: on a CPU with AVX-512, the assembly kernels are the
// ones TestLIFFastMatchesGeneral compares with the general code (the
// purego build, run by CI, tests the scalar fused kernels the same way).
func TestAsmKernelsRun(t *testing.T) {
	if cpu.X86.HasAVX512F && cpu.X86.HasAVX2 && !useAsm {
		t.Fatal("the CPU has AVX-512 but the assembly kernels are off")
	}
	if !useAsm {
		t.Skip("no AVX-512: the assembly kernels do not run here")
	}
}
