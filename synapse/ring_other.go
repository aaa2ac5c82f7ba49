//go:build !amd64 || purego

package synapse

// ringAsm: no assembly ring kernel in this build (see ring_amd64.go).
const ringAsm = false

func ringAdd[D uint8 | uint16](buf []float32, row []uint32, rw []float32, rd []D, next []uint32, nextD []D, r float32, t, mask, n int64) bool {
	return false
}
