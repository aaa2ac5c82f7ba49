package learn

import (
	"fmt"
	"math/rand/v2"

	"github.com/brainsim/brainsim/dataset"
)

// checkSet panics with a "learn: " message unless set fits a learner
// with in inputs and out outputs: Cols must equal in, and the targets
// must be derivable (see targetRow).
func checkSet(who string, set *dataset.Set, in, out int) {
	if set.Cols != in {
		panic(fmt.Sprintf("learn: %s: set %q has %d inputs, want %d", who, set.Name, set.Cols, in))
	}
	if len(set.X) != set.Rows*set.Cols {
		panic(fmt.Sprintf("learn: %s: set %q: len(X) = %d, want %d", who, set.Name, len(set.X), set.Rows*set.Cols))
	}
	switch {
	case set.Targets != nil && set.TargetCols == out:
	case set.Y != nil && out == 1 && set.Classes <= 2:
	case set.Y != nil && out == set.Classes:
	default:
		panic(fmt.Sprintf("learn: %s: set %q (targets %d, classes %d) does not fit %d outputs", who, set.Name, set.TargetCols, set.Classes, out))
	}
}

// targetRow returns the target vector of pattern i for out outputs: the
// set's Targets row when it has out columns, else the label Y[i] as a
// single 0/1 value (out == 1), else the label one-hot over out classes.
// buf (len out) holds the derived vectors; the result may alias the set.
func targetRow(set *dataset.Set, i, out int, buf []float32) []float32 {
	if set.Targets != nil && set.TargetCols == out {
		return set.Target(i)
	}
	if out == 1 {
		buf[0] = float32(set.Y[i])
		return buf
	}
	clear(buf)
	buf[set.Y[i]] = 1
	return buf
}

// correct reports whether output y (already passed through the unit's
// output function) is right for pattern i. One output: y >= thr matches
// a 0/1 target. Several outputs and labels but no matching Targets:
// Argmax(y) == Y[i]. Otherwise every output thresholded at thr must
// equal its target rounded at 0.5.
func correct(set *dataset.Set, i int, y []float32, thr float32, buf []float32) bool {
	out := len(y)
	if out > 1 && set.Y != nil && !(set.Targets != nil && set.TargetCols == out) {
		return Argmax(y) == set.Y[i]
	}
	t := targetRow(set, i, out, buf)
	for k := range y {
		if (y[k] >= thr) != (t[k] >= 0.5) {
			return false
		}
	}
	return true
}

// Argmax returns the index of the largest element of y (the first on
// ties; 0 for an empty y).
func Argmax(y []float32) int {
	best := 0
	for k := range y {
		if y[k] > y[best] {
			best = k
		}
	}
	return best
}

// shuffle fills perm with a random permutation of 0..len(perm)-1
// (Fisher-Yates with rng.IntN, no allocation).
func shuffle(perm []int, rng *rand.Rand) {
	for i := range perm {
		perm[i] = i
	}
	for i := len(perm) - 1; i > 0; i-- {
		j := rng.IntN(i + 1)
		perm[i], perm[j] = perm[j], perm[i]
	}
}
