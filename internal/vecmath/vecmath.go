// Package vecmath holds the float32 elementwise kernels the train mode
// shares (rbm, learn): a fast e^x and the logistic function on rows, with
// an AVX-512 version under GOEXPERIMENT=simd.
package vecmath

import "math"

// Exp32 returns e^x in float32 for x in [-87, 88] (the caller clamps):
// Cephes expf, a degree-5 polynomial on the range-reduced argument,
// accurate to about 2 ulp. It is several times faster than
// float32(math.Exp(float64(x))).
func Exp32(x float32) float32 {
	const (
		log2e = 1.44269504088896341
		c1    = 0.693359375
		c2    = -2.12194440e-4
	)
	// Truncation of a positive value is floor; x*log2e > -126 here.
	n := float32(int32(x*log2e+128.5)) - 128
	r := x - n*c1 - n*c2
	p := float32(1.9875691500e-4)
	p = p*r + 1.3981999507e-3
	p = p*r + 8.3334519073e-3
	p = p*r + 4.1665795894e-2
	p = p*r + 1.6666665459e-1
	p = p*r + 5.0000001201e-1
	e := p*r*r + r + 1
	return e * math.Float32frombits(uint32(int32(n)+127)<<23)
}

// Sigmoid returns 1/(1+e^-x) in float32.
func Sigmoid(x float32) float32 {
	x = min(max(x, -87), 87)
	return 1 / (1 + Exp32(-x))
}

// SigmoidRow sets row[j] = σ(row[j] + bias[j]); the AVX-512 build
// (sigmoid_simd.go) replaces it with a vector kernel.
var SigmoidRow = sigmoidRowGeneric

func sigmoidRowGeneric(row, bias []float32) {
	bias = bias[:len(row)]
	for j, b := range bias {
		row[j] = Sigmoid(row[j] + b)
	}
}
