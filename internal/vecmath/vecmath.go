// Package vecmath holds the float32 elementwise kernels the train mode
// shares (rbm, learn): a fast e^x and the logistic function on rows, with
// an AVX2 assembly kernel on amd64 that gives the same bits.
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
	n := float32(int32(float32(x*log2e)+128.5)) - 128
	r := x - float32(n*c1) - float32(n*c2)
	// Every product is rounded before the sum (explicit conversions: no
	// fused multiply-add in any build), as the assembly kernel does.
	p := float32(1.9875691500e-4)
	p = float32(p*r) + 1.3981999507e-3
	p = float32(p*r) + 8.3334519073e-3
	p = float32(p*r) + 4.1665795894e-2
	p = float32(p*r) + 1.6666665459e-1
	p = float32(p*r) + 5.0000001201e-1
	e := float32(float32(p*r)*r) + r + 1
	return e * math.Float32frombits(uint32(int32(n)+127)<<23)
}

// Sigmoid returns 1/(1+e^-x) in float32.
func Sigmoid(x float32) float32 {
	x = min(max(x, -87), 87)
	return 1 / (1 + Exp32(-x))
}

// SigmoidRow sets row[j] = σ(row[j] + bias[j]); on amd64 with AVX2 it is
// the assembly kernel (sigmoid_amd64.go).
var SigmoidRow = sigmoidRowGeneric

func sigmoidRowGeneric(row, bias []float32) {
	bias = bias[:len(row)]
	for j, b := range bias {
		row[j] = Sigmoid(row[j] + b)
	}
}
