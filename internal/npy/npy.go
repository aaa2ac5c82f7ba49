// Package npy writes and reads arrays in NumPy's .npy format, version
// 1.0, so that numpy.load reads brainsim's records without pickle.
//
// # Format
//
// A file is the magic string "\x93NUMPY", the version bytes 1 and 0, a
// little-endian uint16 header length, and an ASCII header: a Python dict
// literal such as
//
//	{'descr': '<i8', 'fortran_order': False, 'shape': (3, 2), }
//
// padded with spaces and ended by a newline so that the data starts at a
// multiple of 64 bytes. The data follows in C (row-major) order,
// little-endian. Supported element types: int8, int16, int32, int64,
// uint8, uint16, uint32, uint64, float32, float64 ('<i1' … '<f8') and
// fixed-width Unicode strings ('<U<n>', UTF-32LE code points, zero-padded).
//
// # Use
//
//	err := npy.WriteFile("spikes_step.npy", []int{len(steps)}, steps)
//
// WriteFile writes atomically (internal/atomicfile). Errors are prefixed
// "npy: ".
package npy

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/brainsim/brainsim/internal/atomicfile"
)

// Magic is the first six bytes of every .npy file.
const Magic = "\x93NUMPY"

// Number is an element type Write supports.
type Number interface {
	~int8 | ~int16 | ~int32 | ~int64 | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~float32 | ~float64
}

// Descr returns the NumPy dtype string of T ('<i8' for int64, …).
func Descr[T Number]() string {
	var z T
	switch any(z).(type) {
	case int8:
		return "|i1"
	case uint8:
		return "|u1"
	case int16:
		return "<i2"
	case uint16:
		return "<u2"
	case int32:
		return "<i4"
	case uint32:
		return "<u4"
	case int64:
		return "<i8"
	case uint64:
		return "<u8"
	case float32:
		return "<f4"
	case float64:
		return "<f8"
	}
	// A named type with one of these underlying types.
	size := binary.Size(z)
	switch {
	case isFloat(z):
		return "<f" + strconv.Itoa(size)
	case isSigned(z):
		return "<i" + strconv.Itoa(size)
	}
	return "<u" + strconv.Itoa(size)
}

func isFloat[T Number](z T) bool  { z = 1; z /= 2; return z != 0 }
func isSigned[T Number](z T) bool { z = 0; z--; return z < 0 }

// Header returns the complete header of an array with dtype descr and the
// given shape: magic, version 1.0, length and the padded dict.
func Header(descr string, shape []int) []byte { return header(descr, shape, 0) }

// header writes every dimension in at least width characters (padded
// with spaces, which the format's Python literal allows), so that a
// header written before the length is known has the length of the final
// one (Stream).
func header(descr string, shape []int, width int) []byte {
	dim := func(n int) string {
		s := strconv.Itoa(n)
		if len(s) < width {
			s = strings.Repeat(" ", width-len(s)) + s
		}
		return s
	}
	var dims string
	switch len(shape) {
	case 0:
		dims = "()"
	case 1:
		dims = "(" + dim(shape[0]) + ",)"
	default:
		s := make([]string, len(shape))
		for i, n := range shape {
			s[i] = dim(n)
		}
		dims = "(" + strings.Join(s, ", ") + ")"
	}
	dict := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, dims)
	const pre = len(Magic) + 4 // magic, version, uint16 length
	n := pre + len(dict) + 1   // + newline
	pad := (64 - n%64) % 64
	h := make([]byte, 0, n+pad)
	h = append(h, Magic...)
	h = append(h, 1, 0)
	h = binary.LittleEndian.AppendUint16(h, uint16(len(dict)+pad+1))
	h = append(h, dict...)
	h = append(h, bytes.Repeat([]byte{' '}, pad)...)
	return append(h, '\n')
}

// count is the number of elements of shape; it panics on a negative
// dimension.
func count(shape []int) int {
	n := 1
	for _, d := range shape {
		if d < 0 {
			panic(fmt.Sprintf("npy: negative dimension in shape %v", shape))
		}
		n *= d
	}
	return n
}

// Write writes data with the given shape (nil: one dimension of
// len(data)) as a .npy file to w. It returns an error if the shape does
// not match len(data).
func Write[T Number](w io.Writer, shape []int, data []T) error {
	if shape == nil {
		shape = []int{len(data)}
	}
	if n := count(shape); n != len(data) {
		return fmt.Errorf("npy: shape %v holds %d elements, got %d", shape, n, len(data))
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.Write(Header(Descr[T](), shape))
	if err := binary.Write(bw, binary.LittleEndian, data); err != nil {
		return fmt.Errorf("npy: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("npy: %w", err)
	}
	return nil
}

// WriteStrings writes s as a one-dimensional array of fixed-width
// Unicode strings ('<U<n>', n the longest string in code points, at
// least 1), which numpy.load returns as str values.
func WriteStrings(w io.Writer, s []string) error {
	width := 1
	for _, x := range s {
		width = max(width, utf8.RuneCountInString(x))
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.Write(Header("<U"+strconv.Itoa(width), []int{len(s)}))
	var buf [4]byte
	for _, x := range s {
		n := 0
		for _, r := range x {
			binary.LittleEndian.PutUint32(buf[:], uint32(r))
			bw.Write(buf[:])
			n++
		}
		for ; n < width; n++ {
			bw.Write([]byte{0, 0, 0, 0})
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("npy: %w", err)
	}
	return nil
}

// WriteFile writes data with shape (nil: one dimension) to path
// atomically.
func WriteFile[T Number](path string, shape []int, data []T) error {
	return writeFile(path, func(w io.Writer) error { return Write(w, shape, data) })
}

// WriteStringsFile writes s to path atomically, as [WriteStrings].
func WriteStringsFile(path string, s []string) error {
	return writeFile(path, func(w io.Writer) error { return WriteStrings(w, s) })
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := atomicfile.Create(path)
	if err != nil {
		return fmt.Errorf("npy: %w", err)
	}
	defer f.Abort()
	if err := write(f); err != nil {
		return fmt.Errorf("%w (%s)", err, path)
	}
	if err := f.Commit(); err != nil {
		return fmt.Errorf("npy: %w", err)
	}
	return nil
}

// Array is a decoded .npy file: its dtype string, shape and raw
// little-endian data in C order.
type Array struct {
	Descr string
	Shape []int
	Data  []byte
}

var headerRE = regexp.MustCompile(`^\{'descr': '([<|>][a-zA-Z][0-9]+)', 'fortran_order': (False|True), 'shape': \(([0-9, ]*)\), \} *\n$`)

// Read decodes a version 1.0 .npy file written in the layout Write uses
// (other writers order the header keys the same way; Fortran order and
// big-endian data are rejected).
func Read(r io.Reader) (*Array, error) {
	var pre [10]byte
	if _, err := io.ReadFull(r, pre[:]); err != nil {
		return nil, fmt.Errorf("npy: header: %w", err)
	}
	if string(pre[:6]) != Magic {
		return nil, errors.New("npy: not a .npy file (bad magic)")
	}
	if pre[6] != 1 || pre[7] != 0 {
		return nil, fmt.Errorf("npy: version %d.%d, want 1.0", pre[6], pre[7])
	}
	hl := binary.LittleEndian.Uint16(pre[8:])
	h := make([]byte, hl)
	if _, err := io.ReadFull(r, h); err != nil {
		return nil, fmt.Errorf("npy: header: %w", err)
	}
	m := headerRE.FindSubmatch(h)
	if m == nil {
		return nil, fmt.Errorf("npy: cannot parse header %q", h)
	}
	if string(m[2]) != "False" {
		return nil, errors.New("npy: Fortran order is not supported")
	}
	a := &Array{Descr: string(m[1]), Shape: []int{}}
	if a.Descr[0] == '>' {
		return nil, fmt.Errorf("npy: big-endian dtype %s is not supported", a.Descr)
	}
	for _, f := range strings.Split(string(m[3]), ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		d, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Errorf("npy: shape: %w", err)
		}
		a.Shape = append(a.Shape, d)
	}
	size, err := strconv.Atoi(a.Descr[2:])
	if err != nil {
		return nil, fmt.Errorf("npy: dtype %s: %w", a.Descr, err)
	}
	if a.Descr[1] == 'U' {
		size *= 4
	}
	n := count(a.Shape) * size
	a.Data = make([]byte, n)
	if _, err := io.ReadFull(r, a.Data); err != nil {
		return nil, fmt.Errorf("npy: data: %w", err)
	}
	return a, nil
}

// Values decodes a's data as T; it returns an error if a's dtype is not
// T's.
func Values[T Number](a *Array) ([]T, error) {
	if want := Descr[T](); a.Descr[1:] != want[1:] {
		return nil, fmt.Errorf("npy: dtype %s, want %s", a.Descr, want)
	}
	out := make([]T, count(a.Shape))
	if err := binary.Read(bytes.NewReader(a.Data), binary.LittleEndian, out); err != nil {
		return nil, fmt.Errorf("npy: %w", err)
	}
	return out, nil
}

// Strings decodes a one-dimensional '<U<n>' array.
func Strings(a *Array) ([]string, error) {
	if a.Descr[:2] != "<U" || len(a.Shape) != 1 {
		return nil, fmt.Errorf("npy: dtype %s shape %v, want a 1-d <U array", a.Descr, a.Shape)
	}
	width, _ := strconv.Atoi(a.Descr[2:])
	out := make([]string, a.Shape[0])
	for i := range out {
		var sb strings.Builder
		for k := range width {
			r := binary.LittleEndian.Uint32(a.Data[(i*width+k)*4:])
			if r == 0 {
				break
			}
			sb.WriteRune(rune(r))
		}
		out[i] = sb.String()
	}
	return out, nil
}

// Stream writes a .npy file whose first dimension grows as rows are
// appended, atomically: the header is rewritten with the row count on
// Commit. Every row has the shape rowShape (nil: scalars).
type Stream[T Number] struct {
	f        *atomicfile.File
	rowShape []int
	rows     int
	buf      []byte
}

// streamWidth is the characters reserved for the row count (up to 10²⁰).
const streamWidth = 20

// NewStream starts an atomic write of path.
func NewStream[T Number](path string, rowShape []int) (*Stream[T], error) {
	f, err := atomicfile.Create(path)
	if err != nil {
		return nil, fmt.Errorf("npy: %w", err)
	}
	s := &Stream[T]{f: f, rowShape: rowShape}
	if _, err := f.Write(header(Descr[T](), s.shape(), streamWidth)); err != nil {
		f.Abort()
		return nil, fmt.Errorf("npy: %w", err)
	}
	return s, nil
}

func (s *Stream[T]) shape() []int { return append([]int{s.rows}, s.rowShape...) }

// Append writes rows (len(data) / the size of a row of them).
func (s *Stream[T]) Append(data []T) error {
	per := count(s.rowShape)
	if per == 0 || len(data)%per != 0 {
		return fmt.Errorf("npy: %d values are not whole rows of %v", len(data), s.rowShape)
	}
	var err error
	if s.buf, err = binary.Append(s.buf[:0], binary.LittleEndian, data); err != nil {
		return fmt.Errorf("npy: %w", err)
	}
	if _, err := s.f.Write(s.buf); err != nil {
		return fmt.Errorf("npy: %w", err)
	}
	s.rows += len(data) / per
	return nil
}

// Rows is the number of rows appended.
func (s *Stream[T]) Rows() int { return s.rows }

// Commit writes the final header and moves the file into place.
func (s *Stream[T]) Commit() error {
	if _, err := s.f.WriteAt(header(Descr[T](), s.shape(), streamWidth), 0); err != nil {
		s.f.Abort()
		return fmt.Errorf("npy: %w", err)
	}
	return s.f.Commit()
}

// Abort discards the file; a no-op after Commit, or on a nil Stream.
func (s *Stream[T]) Abort() {
	if s != nil && s.f != nil {
		s.f.Abort()
	}
}

// StreamState is where a Stream stands, to continue it in another
// process (ResumeStream).
type StreamState struct {
	Tmp  string `json:"tmp"`
	Path string `json:"path"`
	Size int64  `json:"size"`
	Rows int    `json:"rows"`
}

// Keep syncs what was appended to disk and returns the stream's state.
func (s *Stream[T]) Keep() (StreamState, error) {
	tmp, size, err := s.f.Keep()
	return StreamState{Tmp: tmp, Path: s.f.Name(), Size: size, Rows: s.rows}, err
}

// Release closes the stream's file and leaves it for ResumeStream; a no-op
// on a nil Stream.
func (s *Stream[T]) Release() {
	if s != nil && s.f != nil {
		s.f.Release()
	}
}

// ResumeStream continues a stream from its state st (Keep) in the file an
// earlier process left.
func ResumeStream[T Number](st StreamState, rowShape []int) (*Stream[T], error) {
	f, err := atomicfile.Reopen(st.Tmp, st.Path, st.Size)
	if err != nil {
		return nil, fmt.Errorf("npy: %w", err)
	}
	return &Stream[T]{f: f, rowShape: rowShape, rows: st.Rows}, nil
}

// Retarget changes the destination (see atomicfile.File.Retarget).
func (s *Stream[T]) Retarget(path string) error { return s.f.Retarget(path) }
