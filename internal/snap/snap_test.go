package snap

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

type node struct {
	Name  string
	v     []float32
	view  []float32 // aliases v
	next  *node
	peer  *node
	rng   *rand.Rand
	shape []int  `snap:"static"`
	wire  func() `snap:"-"`
	m     map[string]*node
	any   any
	arr   [3]int64
	pairs []pair
}

type pair struct {
	a int32
	b float32
}

type stepper interface{ Step() }

type counter struct{ n int }

func (c *counter) Step() { c.n++ }

type holder struct {
	s    []stepper
	val  stepper
	hits int
}

type valueStepper struct{ k int }

func (valueStepper) Step() {}

// build makes the same graph twice over, as a config would.
func build(seed uint64) *node {
	a := &node{Name: "a", v: make([]float32, 4), rng: rand.New(rand.NewPCG(seed, 1)), shape: []int{1, 2, 3}, wire: func() {}}
	a.view = a.v[1:3]
	b := &node{Name: "b", shape: []int{4}}
	a.next, b.next = b, a // a cycle
	a.peer = b
	a.m = map[string]*node{"x": b, "a": a}
	a.any = &holder{s: []stepper{&counter{}, &counter{}}, val: valueStepper{}}
	return a
}

func TestRoundTrip(t *testing.T) {
	a := build(7)
	// Run the first graph a while.
	for i := range a.v {
		a.v[i] = a.rng.Float32()
	}
	a.arr = [3]int64{1, -2, 3}
	a.pairs = []pair{{1, 2}, {3, 4}}
	h := a.any.(*holder)
	h.s[0].Step()
	h.s[1].Step()
	h.s[1].Step()
	h.hits = 9
	h.val = valueStepper{k: 5}
	a.next.v = []float32{42}
	var buf bytes.Buffer
	e := NewEncoder(&buf)
	if err := e.Encode("net", a); err != nil {
		t.Fatal(err)
	}
	if err := e.Flush(); err != nil {
		t.Fatal(err)
	}
	b := build(7)
	view := b.view
	if err := NewDecoder(bytes.NewReader(buf.Bytes())).Decode("net", b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.v, b.v) || &b.view[0] != &view[0] || &b.view[0] != &b.v[1] {
		t.Fatalf("v %v view %v: values or aliasing lost", b.v, b.view)
	}
	if b.next.next != b || b.peer != b.next || b.m["x"] != b.next || b.m["a"] != b {
		t.Fatal("shared objects not shared after reading")
	}
	if got, want := b.rng.Uint64(), a.rng.Uint64(); got != want {
		t.Fatalf("random stream: %d, want %d", got, want)
	}
	hb := b.any.(*holder)
	if hb.s[0].(*counter).n != 1 || hb.s[1].(*counter).n != 2 || hb.hits != 9 || hb.val.(valueStepper).k != 5 {
		t.Fatalf("holder %+v", hb)
	}
	if b.arr != a.arr || !reflect.DeepEqual(b.pairs, a.pairs) || b.next.v[0] != 42 {
		t.Fatal("arrays or slices lost")
	}
}

func TestRefusals(t *testing.T) {
	type fn struct{ f func() }
	var buf bytes.Buffer
	err := NewEncoder(&buf).Encode("x", &fn{f: func() {}})
	if err == nil || !strings.Contains(err.Error(), "x.f") {
		t.Fatalf("a function field: %v", err)
	}
	a := build(1)
	buf.Reset()
	e := NewEncoder(&buf)
	if err := e.Encode("net", a); err != nil {
		t.Fatal(err)
	}
	e.Flush()
	data := buf.Bytes()
	// A static field that differs after rebuilding.
	b := build(1)
	b.shape[1] = 9
	err = NewDecoder(bytes.NewReader(data)).Decode("net", b)
	if !errors.Is(err, ErrMismatch) || !strings.Contains(err.Error(), "net.shape") {
		t.Fatalf("static mismatch: %v", err)
	}
	// A different dynamic type.
	b = build(1)
	b.any = &counter{}
	if err := NewDecoder(bytes.NewReader(data)).Decode("net", b); !errors.Is(err, ErrMismatch) {
		t.Fatalf("type mismatch: %v", err)
	}
	// Truncated.
	for _, n := range []int{0, 10, len(data) / 2, len(data) - 1} {
		if err := NewDecoder(bytes.NewReader(data[:n])).Decode("net", build(1)); err == nil {
			t.Fatalf("truncated at %d: no error", n)
		}
	}
}

// TestNewValues: slices grown while running, whose new elements are
// interfaces holding values (rows of a result table), are read into a
// rebuilt graph that has none of them.
func TestNewValues(t *testing.T) {
	type table struct{ rows [][]any }
	a := &table{rows: [][]any{{1.5, "x", int64(3), nil, []any{true}}}}
	var buf bytes.Buffer
	e := NewEncoder(&buf)
	if err := e.Encode("t", a); err != nil {
		t.Fatal(err)
	}
	e.Flush()
	b := &table{}
	if err := NewDecoder(&buf).Decode("t", b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("read %v, want %v", b.rows, a.rows)
	}
}
