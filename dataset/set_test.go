package dataset

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestSetRowSubsetOneHot(t *testing.T) {
	t.Parallel()
	s := Encoder(4, "4-2-4")
	if got := s.Row(2); !slices.Equal(got, []float32{0, 0, 1, 0}) {
		t.Errorf("Row(2) = %v, want [0 0 1 0]", got)
	}
	if cap(s.Row(0)) != 4 {
		t.Errorf("cap(Row(0)) = %d, want 4 (no access to the next row)", cap(s.Row(0)))
	}
	sub := s.Subset([]int{3, 1, 3})
	if err := sub.Validate(); err != nil {
		t.Fatal(err)
	}
	if sub.Len() != 3 || !slices.Equal(sub.Y, []int{3, 1, 3}) {
		t.Errorf("Subset: len %d labels %v, want 3 [3 1 3]", sub.Len(), sub.Y)
	}
	if !slices.Equal(sub.Row(1), s.Row(1)) || !slices.Equal(sub.Target(0), s.Target(3)) {
		t.Errorf("Subset rows or targets do not match the source")
	}
	sub.Row(0)[0] = 7
	if s.Row(3)[0] != 0 {
		t.Errorf("Subset aliases the source")
	}
	x := XOR()
	oh := x.OneHot()
	if want := []float32{1, 0, 0, 1, 0, 1, 1, 0}; !slices.Equal(oh, want) {
		t.Errorf("XOR OneHot = %v, want %v", oh, want)
	}
	g := Set{Rows: 1, Cols: 1, X: []float32{1}}
	if g.OneHot() != nil {
		t.Errorf("OneHot of an unlabelled set is not nil")
	}
}

func TestSubsetPanicsOutOfRange(t *testing.T) {
	t.Parallel()
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "out of range") {
			t.Errorf("recover() = %v, want an out of range panic", r)
		}
	}()
	s := XOR()
	s.Subset([]int{4})
}

func TestShuffleDeterministic(t *testing.T) {
	t.Parallel()
	a, b := Parity(6), Parity(6)
	orig := Parity(6)
	pa := a.Shuffle(rand.New(rand.NewPCG(1, 2)))
	pb := b.Shuffle(rand.New(rand.NewPCG(1, 2)))
	if !slices.Equal(pa, pb) || !slices.Equal(a.X, b.X) || !slices.Equal(a.Y, b.Y) {
		t.Fatalf("same seed gave different shuffles")
	}
	if slices.Equal(a.Y, orig.Y) {
		t.Errorf("Shuffle left the order unchanged")
	}
	for i, p := range pa {
		if !slices.Equal(a.Row(i), orig.Row(p)) || a.Y[i] != orig.Y[p] {
			t.Fatalf("pattern %d is not the former pattern perm[%d] = %d", i, i, p)
		}
	}
	if err := a.Validate(); err != nil {
		t.Error(err)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		edit func(*Set)
		want string
	}{
		{"short X", func(s *Set) { s.X = s.X[:3] }, "len(X)"},
		{"short Y", func(s *Set) { s.Y = s.Y[:1] }, "len(Y)"},
		{"label range", func(s *Set) { s.Y[2] = 2 }, "label 2 of pattern 2"},
		{"shape", func(s *Set) { s.Shape = []int{3} }, "shape"},
		{"targets", func(s *Set) { s.Targets, s.TargetCols = []float32{1}, 1 }, "len(Targets)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := XOR()
			tt.edit(&s)
			err := s.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate() = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestSlice: Slice shares the rows [lo, hi) with their labels and
// targets, cannot reach past hi, and refuses a range out of bounds.
func TestSlice(t *testing.T) {
	t.Parallel()
	s := Encoder(4, "4-2-4")
	sl := s.Slice(1, 3)
	if err := sl.Validate(); err != nil {
		t.Fatal(err)
	}
	if sl.Len() != 2 || !slices.Equal(sl.Y, []int{1, 2}) || !slices.Equal(sl.Row(1), s.Row(2)) ||
		!slices.Equal(sl.Target(0), s.Target(1)) {
		t.Errorf("Slice(1, 3): rows %d, labels %v, row 1 %v, target 0 %v", sl.Len(), sl.Y, sl.Row(1), sl.Target(0))
	}
	if cap(sl.X) != 2*s.Cols || cap(sl.Y) != 2 {
		t.Errorf("Slice reaches past its rows: cap X %d, cap Y %d", cap(sl.X), cap(sl.Y))
	}
	sl.Row(0)[0] = 7
	if s.Row(1)[0] != 7 {
		t.Errorf("Slice does not share the source's rows")
	}
	for _, r := range [][2]int{{-1, 2}, {3, 2}, {0, 5}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Slice(%d, %d) of 4 rows did not panic", r[0], r[1])
				}
			}()
			s.Slice(r[0], r[1])
		}()
	}
}

// TestConcatOfClasses: Concat keeps inputs, labels and targets in order;
// OfClasses picks the first n patterns of the given labels.
func TestConcatOfClasses(t *testing.T) {
	t.Parallel()
	a := Set{Rows: 2, Cols: 1, X: []float32{1, 2}, Y: []int{0, 1}, Classes: 2, TargetCols: 1, Targets: []float32{10, 20}}
	b := Set{Rows: 1, Cols: 1, X: []float32{3}, Y: []int{1}, Classes: 2, TargetCols: 1, Targets: []float32{30}}
	c := Concat(a, b)
	if c.Rows != 3 || !slices.Equal(c.X, []float32{1, 2, 3}) || !slices.Equal(c.Y, []int{0, 1, 1}) || !slices.Equal(c.Targets, []float32{10, 20, 30}) {
		t.Errorf("Concat: %+v", c)
	}
	if o := c.OfClasses([]int{1}, 1); o.Rows != 1 || o.X[0] != 2 || o.Targets[0] != 20 {
		t.Errorf("OfClasses(1, 1): %+v", o)
	}
	if o := c.OfClasses([]int{1}, 0); o.Rows != 2 || !slices.Equal(o.X, []float32{2, 3}) {
		t.Errorf("OfClasses(1, all): %+v", o)
	}
}
