package rbm

import (
	"math"
	"math/rand/v2"

	"github.com/brainsim/brainsim/internal/vecmath"
)

// exp32 and sigmoid are internal/vecmath's.
func exp32(x float32) float32   { return vecmath.Exp32(x) }
func sigmoid(x float32) float32 { return vecmath.Sigmoid(x) }

// sigmoidBias replaces each row r of the rows×cols matrix x (row
// stride stride) by σ(x[r] + bias), columns [0, cols) (cols <=
// len(bias)).
func sigmoidBias(x []float32, rows, cols, stride int, bias []float32) {
	bias = bias[:cols]
	for r := range rows {
		vecmath.SigmoidRow(x[r*stride:r*stride+cols], bias)
	}
}

// softmaxBias replaces each row's columns [lo, lo+len(bias)) of the
// matrix x (row stride stride) by the softmax of x + bias over those
// columns.
func softmaxBias(x []float32, rows, stride, lo int, bias []float32) {
	for r := range rows {
		g := x[r*stride+lo : r*stride+lo+len(bias)]
		mx := float32(math.Inf(-1))
		for k, b := range bias {
			g[k] += b
			mx = max(mx, g[k])
		}
		var s float32
		for k := range g {
			g[k] = exp32(max(g[k]-mx, -87))
			s += g[k]
		}
		inv := 1 / s
		for k := range g {
			g[k] *= inv
		}
	}
}

// softplus returns ln(1+e^x) in float64, stable for large |x|.
func softplus(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

// softplus32 returns ln(1+e^x) in float32 to about 1e-7 absolute
// error: max(x,0) + ln(1+e^-|x|), the correction dropped once it is
// below 1e-7.
func softplus32(x float32) float32 {
	e := exp32(max(-abs32(x), -87))
	if e < 1e-7 {
		return max(x, 0) + e
	}
	return max(x, 0) + float32(math.Log1p(float64(e)))
}

func abs32(x float32) float32 { return math.Float32frombits(math.Float32bits(x) &^ (1 << 31)) }

// bernoulli sets dst[i] = 1 with probability p[i], else 0, with 24-bit
// uniforms, two per PCG draw.
func bernoulli(dst, p []float32, src *rand.PCG) {
	const inv24 = 1.0 / (1 << 24)
	p = p[:len(dst)]
	i := 0
	for ; i+1 < len(dst); i += 2 {
		u := src.Uint64()
		u0 := float32(u>>40) * inv24
		u1 := float32((u>>8)&(1<<24-1)) * inv24
		dst[i] = b2f(u0 < p[i])
		dst[i+1] = b2f(u1 < p[i+1])
	}
	if i < len(dst) {
		dst[i] = b2f(float32(src.Uint64()>>40)*inv24 < p[i])
	}
}

func b2f(b bool) float32 {
	if b {
		return 1
	}
	return 0
}

// categorical replaces the probabilities g (summing to 1) by a one-hot
// sample drawn from them.
func categorical(g []float32, src *rand.PCG) {
	u := float32(src.Uint64()>>40) * (1.0 / (1 << 24))
	k := len(g) - 1
	var c float32
	for i, p := range g {
		c += p
		if u < c {
			k = i
			break
		}
	}
	clear(g)
	g[k] = 1
}
