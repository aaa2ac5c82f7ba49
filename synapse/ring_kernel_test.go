package synapse

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestRingAddKernels: addWeightedDelayed (the assembly kernel in the
// default amd64 build, else the Go loop) and addWeightedDelayedGo give the
// same ring bit for bit: rows shorter and longer than the prefetch
// distance, 8- and 16-bit delays, repeated targets (multapses), r = 1 and
// other scales, weights of every magnitude.
func TestRingAddKernels(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 997
	for _, wide := range []bool{false, true} {
		mask := int64(63)
		if wide {
			mask = 1023
		}
		a := make([]float32, (mask+1)*n)
		b := make([]float32, (mask+1)*n)
		var prev []uint32
		var prev8 []uint8
		var prev16 []uint16
		for step, length := range []int{0, 1, 7, 63, 64, 65, 127, 128, 129, 500, 2000} {
			row := make([]uint32, length)
			rw := make([]float32, length)
			d8 := make([]uint8, length)
			d16 := make([]uint16, length)
			for k := range row {
				row[k] = uint32(rng.IntN(n))
				if k > 0 && rng.IntN(10) == 0 {
					row[k] = row[k-1]
				}
				rw[k] = float32(rng.NormFloat64() * math.Pow(10, float64(rng.IntN(12)-6)))
				d8[k] = uint8(1 + rng.IntN(63))
				d16[k] = uint16(1 + rng.IntN(1023))
			}
			for _, r := range []float32{1, 0.37, -2.5} {
				tt := int64(step*13 + 5)
				if wide {
					addWeightedDelayed(a, row, rw, d16, prev, prev16, r, tt, mask, n)
					addWeightedDelayedGo(b, row, rw, d16, r, tt, mask, n)
				} else {
					addWeightedDelayed(a, row, rw, d8, prev, prev8, r, tt, mask, n)
					addWeightedDelayedGo(b, row, rw, d8, r, tt, mask, n)
				}
			}
			// The row before is this one's "next": prefetching it changes nothing.
			prev, prev8, prev16 = row, d8, d16
		}
		for i := range a {
			if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
				t.Fatalf("16-bit delays %v: ring[%d] = %v by the kernel, %v by the Go loop", wide, i, a[i], b[i])
			}
		}
	}
	// A ring of the wrong size goes to the Go loop (and its bounds checks).
	if ringAdd(make([]float32, 10), []uint32{1}, []float32{1}, []uint8{1}, nil, nil, 1, 0, 63, n) {
		t.Error("ringAdd took a ring smaller than (mask+1)·n")
	}
}
