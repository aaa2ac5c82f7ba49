//go:build !amd64 || purego

package gemm

import "unsafe"

// Without assembly kernels only the Go kernel runs; these are never
// selected (levelMax stays levelGeneric).
func microAVX512(int, unsafe.Pointer, uintptr, unsafe.Pointer, uintptr, unsafe.Pointer, uintptr, float32, float32) {
	panic("gemm: no assembly kernels")
}

func microAVX2(int, unsafe.Pointer, uintptr, unsafe.Pointer, uintptr, unsafe.Pointer, uintptr, float32, float32) {
	panic("gemm: no assembly kernels")
}
