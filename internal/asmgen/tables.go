package main

// Offsets in the constant tables the kernels read (neuron.cubaTable,
// neuron.cobaTable); tests in package neuron check the layouts.

// Byte offsets in the constant table of the CUBA kernels
// (neuron.cubaTable): float64x4 vectors, then float32x8 vectors.
const (
	tEL  = 32 * iota // E_L
	tP22             // exp(−dt/τm)
	tP20             // the input's propagator
	tIB              // i_bias
	tPA              // receptor a's propagator
	tPB              // receptor b's propagator
	tDA              // float32x8 from here: receptor a's decay
	tDB
	tVth
	tLo
	tVR
)

// Byte offsets in the constant table of the COBA kernel (neuron.cobaTable):
// float64x8 vectors, then float32x8 vectors, then the int32x8 bias.
const (
	cGL   = 64 * iota // g_L
	cGLEL             // g_L·E_L
	cIB               // i_bias
	cEA               // E_rev of receptor a
	cEB               // E_rev of receptor b
	cHC               // dt / C
	c32               // start of the float32 vectors
)

const (
	cDA = c32 + 32*iota
	cDB
	cLog2e
	cHalf
	cLn2hi
	cLn2lo
	cOne
	cSixth
	c24
	c120
	c720
	cLimit
	cVth
	cLo
	cVR
	cZero
	cBias // int32x8 127
)
