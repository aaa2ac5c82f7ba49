package npy

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestHeader checks the header against the bytes numpy 1.26 writes for
// np.save(f, np.zeros(3, dtype='<i8')): the dict, then spaces up to a
// newline at byte 127 (data at offset 128 — numpy aligns to 64).
func TestHeader(t *testing.T) {
	h := Header("<i8", []int{3})
	want := "\x93NUMPY\x01\x00\x76\x00{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }"
	if !bytes.HasPrefix(h, []byte(want)) {
		t.Fatalf("header %q, want prefix %q", h, want)
	}
	if len(h) != 128 || h[len(h)-1] != '\n' {
		t.Errorf("header length %d (last byte %q), want 128 ending in a newline", len(h), h[len(h)-1])
	}
	for _, shape := range [][]int{nil, {}, {0}, {7}, {2, 3}, {100000, 12, 3}} {
		if h := Header("<f4", shape); len(h)%64 != 0 {
			t.Errorf("shape %v: header length %d, want a multiple of 64", shape, len(h))
		}
	}
	if got := string(Header("<f8", []int{2, 3})[10:]); !bytes.Contains([]byte(got), []byte("'shape': (2, 3), }")) {
		t.Errorf("2-d header %q", got)
	}
	if got := string(Header("<f8", []int{})[10:]); !bytes.Contains([]byte(got), []byte("'shape': (), }")) {
		t.Errorf("0-d header %q", got)
	}
}

func TestDescr(t *testing.T) {
	type myInt int32
	for _, c := range []struct{ got, want string }{
		{Descr[int8](), "|i1"}, {Descr[uint8](), "|u1"}, {Descr[int16](), "<i2"}, {Descr[uint16](), "<u2"},
		{Descr[int32](), "<i4"}, {Descr[uint32](), "<u4"}, {Descr[int64](), "<i8"}, {Descr[uint64](), "<u8"},
		{Descr[float32](), "<f4"}, {Descr[float64](), "<f8"}, {Descr[myInt](), "<i4"},
	} {
		if c.got != c.want {
			t.Errorf("got %s, want %s", c.got, c.want)
		}
	}
}

func roundTrip[T Number](t *testing.T, shape []int, data []T) {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, shape, data); err != nil {
		t.Fatal(err)
	}
	a, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if shape == nil {
		shape = []int{len(data)}
	}
	if a.Descr != Descr[T]() || !slices.Equal(a.Shape, shape) {
		t.Errorf("read dtype %s shape %v, want %s %v", a.Descr, a.Shape, Descr[T](), shape)
	}
	got, err := Values[T](a)
	if err != nil {
		t.Fatal(err)
	}
	for i := range data {
		if g, w := got[i], data[i]; g != w && !(g != g && w != w) { // NaN == NaN here
			t.Errorf("element %d: got %v, want %v", i, g, w)
		}
	}
	if buf.Len() != 0 {
		t.Errorf("%d bytes left after the data", buf.Len())
	}
}

// TestRoundTrip writes arrays of every type and reads them back.
func TestRoundTrip(t *testing.T) {
	roundTrip(t, nil, []int64{0, 1, -1, math.MaxInt64, math.MinInt64})
	roundTrip(t, nil, []int32{7, -7, math.MaxInt32})
	roundTrip(t, nil, []int8{-128, 127})
	roundTrip(t, nil, []uint16{0, 65535})
	roundTrip(t, []int{2, 3}, []float32{1, 2.5, -3, float32(math.NaN()), float32(math.Inf(1)), 1e-30})
	roundTrip(t, []int{2, 2, 1}, []float64{math.Pi, -0, math.SmallestNonzeroFloat64, math.MaxFloat64})
	roundTrip(t, nil, []float64{})
	var buf bytes.Buffer
	if err := Write(&buf, []int{2, 2}, []int32{1, 2, 3}); err == nil {
		t.Error("shape (2, 2) with 3 elements: no error")
	}
}

// TestBytes pins the data layout: little-endian, C order.
func TestBytes(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, []int{2, 2}, []int16{1, 2, 3, 0x0102}); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if got, want := b[len(b)-8:], []byte{1, 0, 2, 0, 3, 0, 2, 1}; !bytes.Equal(got, want) {
		t.Errorf("data bytes %v, want %v", got, want)
	}
}

func TestStrings(t *testing.T) {
	in := []string{"cortex.exc", "", "v1.inh", "µ-λ"}
	var buf bytes.Buffer
	if err := WriteStrings(&buf, in); err != nil {
		t.Fatal(err)
	}
	a, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if a.Descr != "<U10" || !slices.Equal(a.Shape, []int{4}) {
		t.Errorf("dtype %s shape %v, want <U10 (4)", a.Descr, a.Shape)
	}
	got, err := Strings(a)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, in) {
		t.Errorf("got %q, want %q", got, in)
	}
	if _, err := Values[int32](a); err == nil {
		t.Error("Values[int32] of a <U array: no error")
	}
}

func TestWriteFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.npy")
	if err := WriteFile(path, nil, []int64{3, 1, 4}); err != nil {
		t.Fatal(err)
	}
	a := readPath(t, path)
	if v, _ := Values[int64](a); !slices.Equal(v, []int64{3, 1, 4}) {
		t.Errorf("got %v", v)
	}
	if err := WriteStringsFile(filepath.Join(t.TempDir(), "s.npy"), []string{"a"}); err != nil {
		t.Fatal(err)
	}
}

func TestReadErrors(t *testing.T) {
	for _, b := range []string{"", "\x93NUMPX\x01\x00", "\x93NUMPY\x02\x00\x00\x00", "\x93NUMPY\x01\x00\x04\x00{}\n\n"} {
		if _, err := Read(bytes.NewReader([]byte(b))); err == nil {
			t.Errorf("%q: no error", b)
		}
	}
}

// TestStream: rows appended in chunks read back as one array of their
// count, the header rewritten in place with the same length.
func TestStream(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.npy")
	s, err := NewStream[float32](path, []int{3})
	if err != nil {
		t.Fatal(err)
	}
	var want []float32
	for k := range 5 {
		chunk := []float32{float32(k), float32(k) + 0.5, -float32(k), 1, 2, 3}[:3*(1+k%2)]
		want = append(want, chunk...)
		if err := s.Append(chunk); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Append([]float32{1}); err == nil {
		t.Error("a partial row was accepted")
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	a := readPath(t, path)
	got, err := Values[float32](a)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Shape, []int{len(want) / 3, 3}) || !slices.Equal(got, want) {
		t.Errorf("shape %v values %v, want %v %v", a.Shape, got, []int{len(want) / 3, 3}, want)
	}
}

// readPath reads the .npy file at path.
func readPath(t *testing.T, path string) *Array {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := Read(f)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
