package learn

import (
	"fmt"
	"math/rand/v2"

	"github.com/brainsim/brainsim/dataset"
)

// linear is one layer of Out units fully connected to In inputs, shared
// by Perceptron and Delta: net_k = B[k] + sum_i W[k*In+i] x_i.
type linear struct {
	In, Out int
	W       []float32 // Out × In, row-major
	B       []float32 // Out
	// Stop, when set, is asked every 1,024 patterns of Train; when it
	// returns true training stops there (cancellation).
	Stop func() bool
}

func newLinear(who string, in, out int) linear {
	if in < 1 || out < 1 {
		panic(fmt.Sprintf("learn: %s(%d, %d): sizes must be positive", who, in, out))
	}
	return linear{In: in, Out: out, W: make([]float32, in*out), B: make([]float32, out)}
}

// net writes the net inputs for x into dst (len Out).
func (l *linear) net(x, dst []float32) {
	for k := range l.Out {
		w := l.W[k*l.In : (k+1)*l.In]
		s := l.B[k]
		for i, xi := range x {
			s += w[i] * xi
		}
		dst[k] = s
	}
}

// update applies w += lr*err_k*x, b += lr*err_k for every unit k.
func (l *linear) update(x, err []float32, lr float32) {
	for k, e := range err {
		if e == 0 {
			continue
		}
		g := lr * e
		w := l.W[k*l.In : (k+1)*l.In]
		for i, xi := range x {
			w[i] += g * xi
		}
		l.B[k] += g
	}
}

// train runs up to epochs epochs of online learning: each epoch presents
// the patterns in a fresh random order; out maps net inputs to outputs
// in place; the error t - y drives update. When stopWhenRight is set it
// stops after the first epoch in which every pattern was already right
// before its update. It returns the number of epochs run.
func (l *linear) train(who string, set *dataset.Set, epochs int, lr float32, rng *rand.Rand,
	out func([]float32), thr float32, stopWhenRight bool) int {
	checkSet(who, set, l.In, l.Out)
	perm := make([]int, set.Rows)
	y := make([]float32, l.Out)
	e := make([]float32, l.Out)
	buf := make([]float32, l.Out)
	for ep := 1; ep <= epochs; ep++ {
		shuffle(perm, rng)
		allRight := true
		for k, i := range perm {
			if k&1023 == 1023 && l.Stop != nil && l.Stop() {
				return ep
			}
			x := set.Row(i)
			l.net(x, y)
			if !l.right(set, i, y, out, thr, buf) {
				allRight = false
			}
			t := targetRow(set, i, l.Out, buf)
			for k := range y {
				e[k] = t[k] - y[k]
			}
			l.update(x, e, lr)
		}
		if stopWhenRight && allRight {
			return ep
		}
	}
	return epochs
}

// accuracy is the fraction of patterns that correct accepts.
func (l *linear) accuracy(who string, set *dataset.Set, out func([]float32), thr float32) float64 {
	checkSet(who, set, l.In, l.Out)
	if set.Rows == 0 {
		return 0
	}
	y := make([]float32, l.Out)
	buf := make([]float32, l.Out)
	n := 0
	for i := range set.Rows {
		l.net(set.Row(i), y)
		if l.right(set, i, y, out, thr, buf) {
			n++
		}
	}
	return float64(n) / float64(set.Rows)
}

// right applies out to the net inputs y in place and reports whether
// pattern i is right. With several units and labels only (one unit per
// class), the class is the unit with the largest net input, not the
// largest output: threshold units tie at 0 or 1.
func (l *linear) right(set *dataset.Set, i int, y []float32, out func([]float32), thr float32, buf []float32) bool {
	if len(y) > 1 && set.Y != nil && !(set.Targets != nil && set.TargetCols == len(y)) {
		win := Argmax(y)
		out(y)
		return win == set.Y[i]
	}
	out(y)
	return correct(set, i, y, thr, buf)
}
