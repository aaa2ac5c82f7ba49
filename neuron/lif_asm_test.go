//go:build amd64 && !purego

package neuron

import (
	"fmt"
	"testing"
	"unsafe"

	"golang.org/x/sys/cpu"
)

// TestAsmKernelsRun: on a CPU with AVX-512, the assembly kernels are the
// ones TestLIFFastMatchesGeneral compares with the general code (the
// purego build, run by CI, tests the scalar fused kernels the same way).
func TestAsmKernelsRun(t *testing.T) {
	if cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ && cpu.X86.HasAVX2 && asmLevel != asmAVX512 {
		t.Fatal("the CPU has AVX-512 but the AVX-512 kernels are off")
	}
	if asmLevel == asmNone {
		t.Skip("no AVX2: the assembly kernels do not run here")
	}
}

// TestCOBAAsmTable: the constant table has the layout the assembly
// kernel reads (internal/asmgen/coba.go).
func TestCOBAAsmTable(t *testing.T) {
	var tab cobaTable
	if a, b := unsafe.Offsetof(tab.f32), unsafe.Offsetof(tab.bias); a != 384 || b != 896 {
		t.Fatalf("cobaTable: float32 vectors at %d, bias at %d; the kernel reads them at 384 and 896", a, b)
	}
}

// TestCOBAAsmLargeConductance: blocks where a conductance makes the
// exponent argument dt·g/C reach 80 leave the vector kernel for the scalar
// code, with the same bits as the general path.
func TestCOBAAsmLargeConductance(t *testing.T) {
	const n = 64
	p := LIFParams{TauM: 20, Cm: 0.2, VRest: -65, VThresh: -50, VReset: -60, Refractory: 2}
	mk := func() (*LIF, *Receptor) {
		l := NewLIF(n, p)
		a, _ := l.Receptor(ExpConductance, 5, 0)
		l.Receptor(ExpConductance, 10, -80)
		if err := l.Prepare(0.1, 4); err != nil {
			t.Fatal(err)
		}
		for i := range l.V {
			l.V[i] = float32(-65 + 0.2*float64(i))
		}
		return l, a
	}
	for level := asmAVX2; level <= asmLevel; level++ {
		cobaLargeConductance(t, mk, level)
	}
}

// cobaLargeConductance runs TestCOBAAsmLargeConductance's populations
// with the kernels of level.
func cobaLargeConductance(t *testing.T, mk func() (*LIF, *Receptor), level uint8) {
	fast, fa := mk()
	fast.asm = level
	gen, ga := mk()
	gen.kernel = lifGeneral
	for _, i := range []int{3, 20, 41} { // dt·g/C of 1e3: beyond 80
		fa.X[i], ga.X[i] = 2000, 2000
	}
	var sf, sg []uint32
	for step := int64(0); step < 20; step++ {
		var err error
		if sf, err = fast.Step(step, sf[:0]); err != nil {
			t.Fatal(err)
		}
		if sg, err = gen.Step(step, sg[:0]); err != nil {
			t.Fatal(err)
		}
		for i := range fast.V {
			if fast.V[i] != gen.V[i] || fa.X[i] != ga.X[i] || len(sf) != len(sg) {
				t.Fatalf("level %d step %d unit %d: V %v/%v X %v/%v spikes %d/%d", level, step, i, fast.V[i], gen.V[i], fa.X[i], ga.X[i], len(sf), len(sg))
			}
		}
	}
}

// TestCUBAAsmTable: the AVX2 kernel's constant table has the layout it
// reads (internal/asmgen/avx2.go).
func TestCUBAAsmTable(t *testing.T) {
	var tab cubaTable
	if a := unsafe.Offsetof(tab.f32); a != 192 {
		t.Fatalf("cubaTable: float32 vectors at %d; the kernel reads them at 192", a)
	}
}

// BenchmarkLIFAsmLevels times the CUBA and COBA steps of 4000 units at
// each kernel level the machine has (go: the Go kernels).
func BenchmarkLIFAsmLevels(b *testing.B) {
	names := []string{"go", "avx2", "avx512"}
	for _, kind := range []ReceptorKind{ExpCurrent, ExpConductance} {
		for level := asmNone; level <= asmLevel; level++ {
			b.Run(fmt.Sprintf("%v/%s", kind, names[level]), func(b *testing.B) {
				p := DefaultLIF()
				p.IBias = 0.2
				l := NewLIF(4000, p)
				l.asm = level
				ra, _ := l.Receptor(kind, 5, 0)
				rb, _ := l.Receptor(kind, 10, -80)
				if err := l.Prepare(0.1, 16); err != nil {
					b.Fatal(err)
				}
				for i := range l.V {
					l.V[i] = float32(-65 + 15*float64(i%97)/97)
				}
				spikes := make([]uint32, 0, 4000)
				var err error
				t := int64(0)
				for b.Loop() {
					ra.Slot(t)[int(t)%4000] += 0.01
					rb.Slot(t)[int(t)%4000] += 0.01
					if spikes, err = l.Step(t, spikes[:0]); err != nil {
						b.Fatal(err)
					}
					t++
				}
				b.ReportMetric(4000*float64(b.N)/b.Elapsed().Seconds(), "neuron-steps/s")
			})
		}
	}
}
