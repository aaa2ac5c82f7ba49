package dataset

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// Set is an in-memory data set of Rows patterns of Cols inputs each.
//
// X holds the inputs row-major: pattern i is X[i*Cols : (i+1)*Cols].
// Y holds one class label in [0, Classes) per pattern, or is nil.
// Targets holds a second row-major matrix of Rows × TargetCols values
// for regression or auto-encoding (the encoder problems), or is nil.
// Shape is the shape of one input pattern, e.g. [28 28] for MNIST; its
// product is Cols.
type Set struct {
	Name       string
	X          []float32 // Rows × Cols, row-major
	Rows, Cols int
	Y          []int     // len Rows, labels in [0, Classes); or nil
	Classes    int       // number of classes; 0 when Y is nil
	Targets    []float32 // Rows × TargetCols, row-major; or nil
	TargetCols int
	Shape      []int
}

// Len returns the number of patterns.
func (s *Set) Len() int { return s.Rows }

// Row returns pattern i. The slice aliases X (its capacity ends at the
// row), so writes to it change the set.
func (s *Set) Row(i int) []float32 {
	return s.X[i*s.Cols : (i+1)*s.Cols : (i+1)*s.Cols]
}

// Target returns the target row of pattern i, aliasing Targets, or nil
// when the set has no targets.
func (s *Set) Target(i int) []float32 {
	if s.Targets == nil {
		return nil
	}
	return s.Targets[i*s.TargetCols : (i+1)*s.TargetCols : (i+1)*s.TargetCols]
}

// Slice returns the patterns [lo, hi) as a set that shares the arrays of
// s (nothing is copied). It panics if the range is out of bounds.
func (s *Set) Slice(lo, hi int) Set {
	if lo < 0 || hi < lo || hi > s.Rows {
		panic(fmt.Sprintf("dataset: slice [%d, %d) of %d rows", lo, hi, s.Rows))
	}
	o := *s
	o.Rows = hi - lo
	o.X = s.X[lo*s.Cols : hi*s.Cols : hi*s.Cols]
	if s.Y != nil {
		o.Y = s.Y[lo:hi:hi]
	}
	if s.Targets != nil {
		o.Targets = s.Targets[lo*s.TargetCols : hi*s.TargetCols : hi*s.TargetCols]
	}
	return o
}

// Subset returns a new set holding copies of the patterns idx, in that
// order (an index may repeat). It panics if an index is out of range.
func (s *Set) Subset(idx []int) Set {
	out := Set{
		Name:       s.Name,
		Rows:       len(idx),
		Cols:       s.Cols,
		Classes:    s.Classes,
		TargetCols: s.TargetCols,
		Shape:      append([]int(nil), s.Shape...),
		X:          make([]float32, 0, len(idx)*s.Cols),
	}
	if s.Y != nil {
		out.Y = make([]int, 0, len(idx))
	}
	if s.Targets != nil {
		out.Targets = make([]float32, 0, len(idx)*s.TargetCols)
	}
	for _, i := range idx {
		if i < 0 || i >= s.Rows {
			panic(fmt.Sprintf("dataset: Subset index %d out of range [0,%d)", i, s.Rows))
		}
		out.X = append(out.X, s.Row(i)...)
		if s.Y != nil {
			out.Y = append(out.Y, s.Y[i])
		}
		if s.Targets != nil {
			out.Targets = append(out.Targets, s.Target(i)...)
		}
	}
	return out
}

// Shuffle reorders the patterns in place by a random permutation drawn
// from rng (rng.Perm, so the same rng state gives the same order) and
// returns it: after the call, pattern i is the former pattern perm[i].
// Use rng.Perm and Subset instead to keep the original order.
func (s *Set) Shuffle(rng *rand.Rand) []int {
	perm := rng.Perm(s.Rows)
	sh := s.Subset(perm)
	s.X, s.Y, s.Targets = sh.X, sh.Y, sh.Targets
	return perm
}

// OneHot returns the labels as a Rows × Classes row-major matrix with a
// 1 in column Y[i] of row i, or nil when the set has no labels.
func (s *Set) OneHot() []float32 {
	if s.Y == nil || s.Classes <= 0 {
		return nil
	}
	out := make([]float32, s.Rows*s.Classes)
	for i, y := range s.Y {
		out[i*s.Classes+y] = 1
	}
	return out
}

// Validate checks that the lengths agree with Rows, Cols, TargetCols and
// Shape and that every label lies in [0, Classes).
func (s *Set) Validate() error {
	if s.Rows < 0 || s.Cols < 0 || s.TargetCols < 0 {
		return fmt.Errorf("dataset: %s: negative size (rows %d, cols %d, target cols %d)", s.Name, s.Rows, s.Cols, s.TargetCols)
	}
	if len(s.X) != s.Rows*s.Cols {
		return fmt.Errorf("dataset: %s: len(X) = %d, want rows × cols = %d × %d", s.Name, len(s.X), s.Rows, s.Cols)
	}
	if s.Shape != nil {
		p := 1
		for _, d := range s.Shape {
			p *= d
		}
		if p != s.Cols {
			return fmt.Errorf("dataset: %s: shape %v has %d elements, want cols = %d", s.Name, s.Shape, p, s.Cols)
		}
	}
	if s.Y != nil {
		if len(s.Y) != s.Rows {
			return fmt.Errorf("dataset: %s: len(Y) = %d, want rows = %d", s.Name, len(s.Y), s.Rows)
		}
		for i, y := range s.Y {
			if y < 0 || y >= s.Classes {
				return fmt.Errorf("dataset: %s: label %d of pattern %d outside [0,%d)", s.Name, y, i, s.Classes)
			}
		}
	}
	if s.Targets != nil && len(s.Targets) != s.Rows*s.TargetCols {
		return fmt.Errorf("dataset: %s: len(Targets) = %d, want rows × target cols = %d × %d", s.Name, len(s.Targets), s.Rows, s.TargetCols)
	}
	return nil
}

// OfClasses returns a new set of copies of the patterns of s whose label is
// one of labels, in order: the first n of them (n <= 0: all).
func (s *Set) OfClasses(labels []int, n int) Set {
	var idx []int
	for i, y := range s.Y {
		if slices.Contains(labels, y) {
			idx = append(idx, i)
			if n > 0 && len(idx) == n {
				break
			}
		}
	}
	return s.Subset(idx)
}

// Concat returns a new set of the patterns of sets one after the other
// (inputs, labels and targets); the sets must have the same columns. The
// name, shape and class count are the first set's.
func Concat(sets ...Set) Set {
	if len(sets) == 0 {
		return Set{}
	}
	out := sets[0]
	out.X, out.Y, out.Targets, out.Rows = nil, nil, nil, 0
	out.Shape = slices.Clone(sets[0].Shape)
	for _, s := range sets {
		if s.Cols != out.Cols || s.TargetCols != out.TargetCols || (s.Y == nil) != (sets[0].Y == nil) {
			panic(fmt.Sprintf("dataset: Concat of %d and %d columns (targets %d, %d)", out.Cols, s.Cols, out.TargetCols, s.TargetCols))
		}
		out.X = append(out.X, s.X[:s.Rows*s.Cols]...)
		if s.Y != nil {
			out.Y = append(out.Y, s.Y[:s.Rows]...)
		}
		if s.Targets != nil {
			out.Targets = append(out.Targets, s.Targets[:s.Rows*s.TargetCols]...)
		}
		out.Rows += s.Rows
	}
	return out
}
