// Package snap writes the state of an object graph to a stream and reads it
// back into a graph of the same shape: the state of a simulation is saved
// from the network it ran on and restored into a network rebuilt from the
// same description, so only what changes while it runs needs saving, and
// nothing is saved by hand field by field.
//
// The walk follows every field, exported or not, of every struct reachable
// from the roots, in declaration order: numbers, strings, arrays, slices
// (element by element, or as raw bytes when the elements hold no pointers),
// maps (in key order), pointers (each object once; later references by
// number, so shared objects stay shared) and interfaces (with the dynamic
// type's name, checked on reading). Fields are left out or handled apart by
// their tag:
//
//	`snap:"-"`      not saved: wiring, configuration, scratch space, or state
//	                rebuilt before a restore (the field keeps the rebuilt value)
//	`snap:"static"` not saved, but checksummed: what building gives (synapse
//	                rows, delays); reading fails when the rebuilt value differs.
//	                A struct whose pointer implements Dynamic can have some
//	                static fields saved after all (the weights of a plastic
//	                projection).
//
// Functions, channels and unsafe pointers cannot be saved: a field of such
// a type must be tagged (or be nil), else writing fails and names the
// field, so that no state hides from a snapshot unnoticed.
//
// Reading into a rebuilt graph reuses its storage: a slice read with the
// length it already has is filled in place, so slices that alias others'
// storage (views) keep aliasing them. Objects the rebuilt graph lacks are
// made: pointers to new structs, and values in interfaces of the types
// given to Register (the predeclared ones are: the rows of result tables
// hold them). A decoder told the stream's size (SetSize) refuses a damaged
// length before allocating for it.
package snap

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"reflect"
	"slices"
	"strings"
	"unsafe"
)

// Dynamic is implemented by structs with static fields that change in some
// of their values: SnapDynamic says whether the field of that name is saved
// in full (it must answer the same in the saved and the rebuilt graph).
type Dynamic interface {
	SnapDynamic(field string) bool
}

// fields calls fn, in declaration order, with the name and the settable
// value (unexported fields too) of every field of the struct v that is
// saved, and whether it is saved as a checksum; it stops when fn returns
// false. v must be addressable.
func fields(v reflect.Value, fn func(name string, fv reflect.Value, static bool) bool) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Tag.Get("snap") == "-" {
			continue
		}
		fv := v.Field(i)
		if !f.IsExported() {
			fv = reflect.NewAt(f.Type, unsafe.Pointer(fv.UnsafeAddr())).Elem()
		}
		if !fn(f.Name, fv, isStatic(v, f)) {
			return
		}
	}
}

// isStatic says whether field f of struct v is saved as a checksum.
func isStatic(v reflect.Value, f reflect.StructField) bool {
	if f.Tag.Get("snap") != "static" {
		return false
	}
	if d, ok := v.Addr().Interface().(Dynamic); ok && d.SnapDynamic(f.Name) {
		return false
	}
	return true
}

// castagnoli is the checksum of static fields (hardware-accelerated on
// amd64 and arm64).
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Encoder writes object graphs.
type Encoder struct {
	w    *bufio.Writer
	ids  map[ptrKey]uint64
	path []string
	buf  [8]byte
	err  error
}

// ptrKey identifies an object: its address and type (a struct and its
// first field share an address).
type ptrKey struct {
	addr uintptr
	t    reflect.Type
}

// NewEncoder writes to w. Objects reached from several Encode calls are
// written once.
func NewEncoder(w io.Writer) *Encoder {
	return &Encoder{w: bufio.NewWriterSize(w, 1<<16), ids: map[ptrKey]uint64{}}
}

// Encode writes the graph reachable from ptr, a non-nil pointer, under name.
func (e *Encoder) Encode(name string, ptr any) error {
	v := reflect.ValueOf(ptr)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return fmt.Errorf("snap: %s: want a non-nil pointer, have %T", name, ptr)
	}
	e.String(name)
	e.path = append(e.path[:0], name)
	e.value(v)
	return e.err
}

// Flush writes out what is buffered.
func (e *Encoder) Flush() error {
	if e.err != nil {
		return e.err
	}
	return e.w.Flush()
}

func (e *Encoder) fail(format string, a ...any) {
	if e.err == nil {
		e.err = fmt.Errorf("snap: %s: %s", strings.Join(e.path, ""), fmt.Sprintf(format, a...))
	}
}

// Uint writes x.
func (e *Encoder) Uint(x uint64) {
	binary.LittleEndian.PutUint64(e.buf[:], x)
	e.w.Write(e.buf[:])
}

// String writes s.
func (e *Encoder) String(s string) {
	e.Uint(uint64(len(s)))
	e.w.WriteString(s)
}

func (e *Encoder) value(v reflect.Value) {
	if e.err != nil {
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			e.Uint(1)
		} else {
			e.Uint(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.Uint(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		e.Uint(v.Uint())
	case reflect.Float32, reflect.Float64:
		e.Uint(math.Float64bits(v.Float()))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		e.Uint(math.Float64bits(real(c)))
		e.Uint(math.Float64bits(imag(c)))
	case reflect.String:
		e.String(v.String())
	case reflect.Array:
		if plain(v.Type().Elem()) {
			e.raw(v)
			return
		}
		for i := range v.Len() {
			e.path = append(e.path, fmt.Sprintf("[%d]", i))
			e.value(v.Index(i))
			e.path = e.path[:len(e.path)-1]
		}
	case reflect.Slice:
		if v.IsNil() {
			e.Uint(math.MaxUint64)
			return
		}
		e.Uint(uint64(v.Len()))
		if plain(v.Type().Elem()) {
			e.raw(v)
			return
		}
		for i := range v.Len() {
			e.path = append(e.path, fmt.Sprintf("[%d]", i))
			e.value(v.Index(i))
			e.path = e.path[:len(e.path)-1]
			if e.err != nil {
				return
			}
		}
	case reflect.Map:
		if v.IsNil() {
			e.Uint(math.MaxUint64)
			return
		}
		keys := v.MapKeys()
		if !sortKeys(keys) {
			e.fail("a map with keys of type %s cannot be saved in a fixed order; tag the field snap:\"-\"", v.Type().Key())
			return
		}
		e.Uint(uint64(len(keys)))
		for _, k := range keys {
			kk := reflect.New(k.Type()).Elem()
			kk.Set(k)
			e.value(kk)
			val := reflect.New(v.Type().Elem()).Elem()
			val.Set(v.MapIndex(k))
			e.path = append(e.path, fmt.Sprintf("[%v]", k))
			e.value(val)
			e.path = e.path[:len(e.path)-1]
		}
	case reflect.Pointer:
		if v.IsNil() {
			e.Uint(0)
			return
		}
		key := ptrKey{v.Pointer(), v.Type()}
		if id, ok := e.ids[key]; ok {
			e.Uint(id + 1)
			return
		}
		id := uint64(len(e.ids))
		e.ids[key] = id
		e.Uint(math.MaxUint64) // a new object
		e.String(v.Type().Elem().String())
		e.value(v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			e.String("")
			return
		}
		d := v.Elem()
		e.String(d.Type().String())
		if d.Kind() == reflect.Pointer {
			e.value(d)
			return
		}
		c := reflect.New(d.Type()).Elem()
		c.Set(d)
		e.value(c)
	case reflect.Struct:
		fields(v, func(name string, fv reflect.Value, static bool) bool {
			e.path = append(e.path, "."+name)
			if static {
				if k := fv.Kind(); k != reflect.Slice && k != reflect.Array || !plain(fv.Type().Elem()) {
					e.fail("a static field must be a slice or array of pointer-free elements")
				}
				e.Uint(uint64(checksum(fv)))
			} else {
				e.value(fv)
			}
			e.path = e.path[:len(e.path)-1]
			return e.err == nil
		})
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		if !v.IsNil() {
			e.fail("a %s cannot be saved; tag the field snap:\"-\" if it holds no state", v.Kind())
		}
		e.Uint(0)
	default:
		e.fail("cannot save a %s", v.Kind())
	}
}

// raw writes the bytes of an array or slice of plain elements.
func (e *Encoder) raw(v reflect.Value) {
	b := rawBytes(v)
	for len(b) > 0 {
		n := min(len(b), 1<<20)
		if _, err := e.w.Write(b[:n]); err != nil {
			e.fail("%v", err)
			return
		}
		b = b[n:]
	}
}

// rawBytes views the elements of an array or slice as bytes.
func rawBytes(v reflect.Value) []byte {
	n := v.Len() * int(v.Type().Elem().Size())
	if n == 0 {
		return nil
	}
	var p unsafe.Pointer
	if v.Kind() == reflect.Slice {
		p = v.UnsafePointer()
	} else {
		if !v.CanAddr() {
			c := reflect.New(v.Type()).Elem()
			c.Set(v)
			v = c
		}
		p = unsafe.Pointer(v.UnsafeAddr())
	}
	return unsafe.Slice((*byte)(p), n)
}

func checksum(v reflect.Value) uint32 {
	return crc32.Checksum(rawBytes(v), castagnoli) ^ uint32(v.Len())
}

// plain reports whether values of t hold no pointers, so that their bytes
// are their state: numbers (int and uint too: saved and restored on one
// architecture), and arrays and padding-free structs of them.
func plain(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return true
	case reflect.Array:
		return plain(t.Elem())
	case reflect.Struct:
		var size uintptr
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Tag.Get("snap") != "" || !plain(f.Type) || f.Offset != size {
				return false
			}
			size += f.Type.Size()
		}
		return size == t.Size()
	}
	return false
}

// sortKeys sorts map keys of an ordered kind; false for other kinds.
func sortKeys(keys []reflect.Value) bool {
	if len(keys) == 0 {
		return true
	}
	switch keys[0].Kind() {
	case reflect.String:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmpOrdered(a.Int(), b.Int()) })
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmpOrdered(a.Uint(), b.Uint()) })
	default:
		return false
	}
	return true
}

func cmpOrdered[T int64 | uint64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// valueTypes are the types an interface can be read as when the graph it
// is read into holds nothing there: the predeclared types of values
// (tables of results hold them as any), and those given to Register.
var valueTypes = map[string]reflect.Type{}

func init() {
	for _, v := range []any{false, int(0), int8(0), int16(0), int32(0), int64(0), uint(0), uint8(0), uint16(0),
		uint32(0), uint64(0), float32(0), float64(0), "", []any(nil), []float64(nil), []float32(nil), []int(nil), []string(nil)} {
		Register(v)
	}
}

// Register lets interfaces hold values of v's type that the graph read
// into does not have yet. Only types without pointers (and slices of
// them) make sense here: a new object is made from nothing but its name.
func Register(v any) {
	t := reflect.TypeOf(v)
	valueTypes[t.String()] = t
}

// Decoder reads object graphs into graphs of the same shape.
type Decoder struct {
	r    *bufio.Reader
	objs []reflect.Value // by id-1: pointers
	path []string
	buf  [8]byte
	err  error
	// left bounds the bytes still to read, when known (SetSize): a
	// damaged length is refused instead of allocated.
	left int64
}

// NewDecoder reads from r.
func NewDecoder(r io.Reader) *Decoder {
	return &Decoder{r: bufio.NewReaderSize(r, 1<<16), left: math.MaxInt64}
}

// SetSize tells the decoder that the stream holds at most n more bytes.
// Slices and maps longer than the bytes left could hold are refused as
// damaged, before anything is allocated for them.
func (d *Decoder) SetSize(n int64) { d.left = n }

// take accounts for n bytes about to be read; false (and an error) when
// the stream cannot hold them.
func (d *Decoder) take(n uint64) bool {
	if d.err != nil {
		return false
	}
	if n > uint64(d.left) {
		d.fail("the snapshot is truncated or damaged (%d more bytes wanted, %d left)", n, d.left)
		return false
	}
	d.left -= int64(n)
	return true
}

// ErrMismatch is wrapped by the errors of a snapshot that does not fit the
// graph it is read into.
var ErrMismatch = errors.New("the snapshot does not fit the rebuilt network")

func (d *Decoder) fail(format string, a ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("snap: %s: %s: %w", strings.Join(d.path, ""), fmt.Sprintf(format, a...), ErrMismatch)
	}
}

// Decode reads the graph written under name into the graph reachable from
// ptr.
func (d *Decoder) Decode(name string, ptr any) error {
	v := reflect.ValueOf(ptr)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return fmt.Errorf("snap: %s: want a non-nil pointer, have %T", name, ptr)
	}
	d.path = append(d.path[:0], name)
	if got := d.String(); d.err == nil && got != name {
		d.fail("the snapshot holds %q here", got)
	}
	d.pointer(v)
	return d.err
}

// Uint reads what Encoder.Uint wrote.
func (d *Decoder) Uint() uint64 {
	if !d.take(8) {
		return 0
	}
	if _, err := io.ReadFull(d.r, d.buf[:]); err != nil {
		d.readErr(err)
		return 0
	}
	return binary.LittleEndian.Uint64(d.buf[:])
}

func (d *Decoder) readErr(err error) {
	if d.err == nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			err = errors.New("the snapshot is truncated")
		}
		d.err = fmt.Errorf("snap: %s: %w", strings.Join(d.path, ""), err)
	}
}

// maxString bounds the strings a snapshot holds (type names, keys).
const maxString = 1 << 20

// String reads what Encoder.String wrote.
func (d *Decoder) String() string {
	n := d.Uint()
	if d.err != nil {
		return ""
	}
	if n > maxString {
		d.fail("a string of %d bytes", n)
		return ""
	}
	if !d.take(n) {
		return ""
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.readErr(err)
		return ""
	}
	return string(b)
}

// pointer reads an object into *v (a pointer value, not settable), which
// must hold the object's place.
func (d *Decoder) pointer(v reflect.Value) {
	c := reflect.New(v.Type()).Elem()
	c.Set(v)
	d.value(c)
	if d.err == nil && c.Pointer() != v.Pointer() {
		d.fail("the root object was replaced")
	}
}

// value reads into v, which is settable.
func (d *Decoder) value(v reflect.Value) {
	if d.err != nil {
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(d.Uint() != 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(d.Uint()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		v.SetUint(d.Uint())
	case reflect.Float32, reflect.Float64:
		v.SetFloat(math.Float64frombits(d.Uint()))
	case reflect.Complex64, reflect.Complex128:
		re := math.Float64frombits(d.Uint())
		im := math.Float64frombits(d.Uint())
		v.SetComplex(complex(re, im))
	case reflect.String:
		v.SetString(d.String())
	case reflect.Array:
		if plain(v.Type().Elem()) {
			d.raw(v)
			return
		}
		for i := range v.Len() {
			d.path = append(d.path, fmt.Sprintf("[%d]", i))
			d.value(v.Index(i))
			d.path = d.path[:len(d.path)-1]
		}
	case reflect.Slice:
		n := d.Uint()
		if d.err != nil {
			return
		}
		if n == math.MaxUint64 {
			v.SetZero()
			return
		}
		// Every element takes at least a byte of the stream (plain ones
		// their size, others at least one 8-byte word).
		es := uint64(8)
		if plain(v.Type().Elem()) {
			es = uint64(v.Type().Elem().Size())
		}
		if es > 0 && n > uint64(d.left)/es {
			d.fail("the snapshot is truncated or damaged (a slice of %d elements, %d bytes left)", n, d.left)
			return
		}
		if v.IsNil() || v.Len() != int(n) {
			if !v.IsNil() && v.Cap() >= int(n) {
				v.SetLen(int(n)) // keep the storage (and its aliases)
			} else {
				s := reflect.MakeSlice(v.Type(), int(n), int(n))
				// Elements that point keep their rebuilt objects.
				reflect.Copy(s, v)
				v.Set(s)
			}
		}
		if plain(v.Type().Elem()) {
			d.raw(v)
			return
		}
		for i := range v.Len() {
			d.path = append(d.path, fmt.Sprintf("[%d]", i))
			d.value(v.Index(i))
			d.path = d.path[:len(d.path)-1]
			if d.err != nil {
				return
			}
		}
	case reflect.Map:
		n := d.Uint()
		if d.err != nil {
			return
		}
		if n == math.MaxUint64 {
			v.SetZero()
			return
		}
		if n > uint64(d.left)/8 {
			d.fail("the snapshot is truncated or damaged (a map of %d entries, %d bytes left)", n, d.left)
			return
		}
		if v.IsNil() {
			v.Set(reflect.MakeMap(v.Type()))
		}
		seen := map[any]bool{}
		for range n {
			k := reflect.New(v.Type().Key()).Elem()
			d.value(k)
			if d.err != nil {
				return
			}
			val := reflect.New(v.Type().Elem()).Elem()
			if old := v.MapIndex(k); old.IsValid() {
				val.Set(old)
			}
			d.path = append(d.path, fmt.Sprintf("[%v]", k))
			d.value(val)
			d.path = d.path[:len(d.path)-1]
			if d.err != nil {
				return
			}
			v.SetMapIndex(k, val)
			seen[k.Interface()] = true
		}
		for _, k := range v.MapKeys() {
			if !seen[k.Interface()] {
				v.SetMapIndex(k, reflect.Value{})
			}
		}
	case reflect.Pointer:
		tag := d.Uint()
		switch {
		case d.err != nil:
		case tag == 0:
			v.SetZero()
		case tag != math.MaxUint64:
			if tag-1 >= uint64(len(d.objs)) {
				d.fail("a reference to object %d of %d", tag-1, len(d.objs))
				return
			}
			o := d.objs[tag-1]
			if o.Type() != v.Type() {
				d.fail("a reference to a %s where a %s is", o.Type(), v.Type())
				return
			}
			v.Set(o)
		default:
			name := d.String()
			if d.err == nil && name != v.Type().Elem().String() {
				d.fail("the snapshot holds a %s where the network has a %s", name, v.Type().Elem())
				return
			}
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			d.objs = append(d.objs, v)
			d.value(v.Elem())
		}
	case reflect.Interface:
		name := d.String()
		if d.err != nil {
			return
		}
		if name == "" {
			v.SetZero()
			return
		}
		if t, ok := valueTypes[name]; ok && (v.IsNil() || v.Elem().Type() != t) && t.AssignableTo(v.Type()) {
			// A value the rebuilt graph does not have yet (a row of a
			// table made while running): made from its type's name.
			c := reflect.New(t).Elem()
			d.value(c)
			v.Set(c)
			return
		}
		if v.IsNil() || v.Elem().Type().String() != name {
			have := "nothing"
			if !v.IsNil() {
				have = "a " + v.Elem().Type().String()
			}
			d.fail("the snapshot holds a %s where the network has %s", name, have)
			return
		}
		el := v.Elem()
		if el.Kind() == reflect.Pointer {
			c := reflect.New(el.Type()).Elem()
			c.Set(el)
			d.value(c)
			v.Set(c)
			return
		}
		c := reflect.New(el.Type()).Elem()
		c.Set(el)
		d.value(c)
		v.Set(c)
	case reflect.Struct:
		fields(v, func(name string, fv reflect.Value, static bool) bool {
			d.path = append(d.path, "."+name)
			if static {
				if c := d.Uint(); d.err == nil && uint32(c) != checksum(fv) {
					d.fail("the rebuilt value differs from the saved one")
				}
			} else {
				d.value(fv)
			}
			d.path = d.path[:len(d.path)-1]
			return d.err == nil
		})
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		d.Uint()
	default:
		d.fail("cannot read a %s", v.Kind())
	}
}

// raw reads the bytes of an array or slice of plain elements.
func (d *Decoder) raw(v reflect.Value) {
	b := rawBytes(v)
	if !d.take(uint64(len(b))) {
		return
	}
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.readErr(err)
	}
}
