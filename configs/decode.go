package configs

import (
	"encoding"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
)

// The decoder fills a File from the map the TOML parser produced. It is
// strict where BurntSushi/toml is loose: keys match their tag exactly (no
// case-insensitive fallback), every unknown key is an error naming the keys
// its table allows, integers stay integers, and every error carries the full
// path of the value (with array indexes), so the line index can find its
// line even inside the n-th [[region.population]].
//
// Values whose type implements toml.Unmarshaler (Dist) or
// encoding.TextUnmarshaler (Time, Voltage, ...) decode themselves, as they
// do with toml.Decode.

// source is where a File came from: the file name, the line of every key,
// and which keys --set overrides.
type source struct {
	file string
	idx  *lineIndex
	sets map[string]string // canonical path -> --set path as the user wrote it
	// exprs maps the canonical path of every evaluated expression to its
	// text, so that errors about the value can show where it came from.
	exprs map[string]string
}

// errorAt makes an error at path p, locating it by line or by --set.
func (s *source) errorAt(p keyPath, key, msg string) *Error {
	e := &Error{Key: key, Msg: msg, Path: p.String()}
	if s == nil {
		return e
	}
	if x, ok := s.exprs[e.Path]; ok {
		e.Msg += fmt.Sprintf(" (from %q)", x)
	}
	e.File = s.file
	for n := len(p); n > 0; n-- {
		if set, ok := s.sets[p[:n].String()]; ok {
			e.Set = set
			return e
		}
	}
	e.Line = s.idx.line(p)
	return e
}

type decoder struct {
	src  *source
	root map[string]any
	errs []*Error
}

// decodeFile decodes the parsed document root into a File.
func decodeFile(src *source, root map[string]any) (*File, []*Error) {
	d := &decoder{src: src, root: root}
	f := new(File)
	d.decode(nil, root, reflect.ValueOf(f).Elem())
	return f, d.errs
}

// fail records an error about the value at p.
func (d *decoder) fail(p keyPath, format string, args ...any) {
	d.errs = append(d.errs, d.src.errorAt(p, display(p, d.rawName), fmt.Sprintf(format, args...)))
}

// rawName names array elements from the raw document (see [namer]).
func (d *decoder) rawName(p keyPath) string { return rawName(d.root, p) }

// rawName returns the name of the table at p in a parsed document: its
// name key, or for a projection "from->to" when it has no name.
func rawName(root map[string]any, p keyPath) string {
	var cur any = root
	for _, e := range p {
		switch c := cur.(type) {
		case map[string]any:
			if e.isIdx {
				return ""
			}
			cur = c[e.key]
		case []map[string]any:
			if !e.isIdx || e.index >= len(c) {
				return ""
			}
			cur = c[e.index]
		case []any:
			if !e.isIdx || e.index >= len(c) {
				return ""
			}
			cur = c[e.index]
		default:
			return ""
		}
	}
	t, ok := cur.(map[string]any)
	if !ok || len(p) == 0 {
		return ""
	}
	return elemName(p[:len(p)-1], t)
}

// elemName returns the name of table t, an element of the array at p: its
// name key, or for a projection or pathway "from->to" when it has no name.
func elemName(p keyPath, t map[string]any) string {
	if n, ok := t["name"].(string); ok && n != "" {
		return n
	}
	if len(p) == 1 && (p[0].key == "projection" || p[0].key == "pathway") {
		from, _ := t["from"].(string)
		to, _ := t["to"].(string)
		if from != "" && to != "" {
			return from + "->" + to
		}
	}
	return ""
}

var (
	unmarshalerType     = reflect.TypeFor[toml.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	populationType      = reflect.TypeFor[Population]()
	quantityType        = reflect.TypeFor[Quantity]()
)

// unitDims gives the dimension of each quantity type.
var unitDims = map[reflect.Type]Dim{
	reflect.TypeFor[Time]():        DimTime,
	reflect.TypeFor[Voltage]():     DimVoltage,
	reflect.TypeFor[Current]():     DimCurrent,
	reflect.TypeFor[Conductance](): DimConductance,
	reflect.TypeFor[Capacitance](): DimCapacitance,
	reflect.TypeFor[Frequency]():   DimFrequency,
	reflect.TypeFor[Length]():      DimLength,
	reflect.TypeFor[Velocity]():    DimVelocity,
}

// decode stores data, the parsed value at p, into the settable rv.
func (d *decoder) decode(p keyPath, data any, rv reflect.Value) {
	if _, failed := data.(failedExpr); failed {
		return // an expression that failed; its error is reported
	}
	t := rv.Type()
	if t.Kind() == reflect.Pointer {
		nv := reflect.New(t.Elem())
		d.decode(p, data, nv.Elem())
		rv.Set(nv)
		return
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		if err := rv.Addr().Interface().(toml.Unmarshaler).UnmarshalTOML(data); err != nil {
			d.fail(p, "%v", err)
		}
		return
	}
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		d.decodeText(p, data, rv)
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		if pluginOf(t) != nil {
			d.decodeSection(p, data, rv)
			return
		}
		d.table(p, data, rv)
	case reflect.Slice, reflect.Array:
		d.decodeList(p, data, rv)
	case reflect.Map:
		d.decodeMap(p, data, rv)
	case reflect.String:
		s, ok := data.(string)
		if !ok {
			d.fail(p, "want %s, got %s", want(t), tomlType(data))
			return
		}
		rv.SetString(s)
	case reflect.Bool:
		b, ok := data.(bool)
		if !ok {
			d.fail(p, "want %s, got %s", want(t), tomlType(data))
			return
		}
		rv.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := data.(int64)
		if !ok {
			d.fail(p, "want %s, got %s", want(t), tomlType(data))
			return
		}
		if rv.OverflowInt(n) {
			d.fail(p, "%d is out of range", n)
			return
		}
		rv.SetInt(n)
	case reflect.Float32, reflect.Float64:
		var f float64
		switch n := data.(type) {
		case int64:
			f = float64(n)
		case float64:
			f = n
		default:
			d.fail(p, "want %s, got %s", want(t), tomlType(data))
			return
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			d.fail(p, "want a finite number, got %v", f)
			return
		}
		rv.SetFloat(f)
	default:
		d.fail(p, "configs: cannot decode into %s", t) // a schema bug, not user input
	}
}

// decodeText stores data into rv, a type that decodes itself from text
// (a quantity such as Time or Voltage): a string with its unit, or a
// number where the key is a plain weight bound.
func (d *decoder) decodeText(p keyPath, data any, rv reflect.Value) {
	t := rv.Type()
	s, ok := data.(string)
	if !ok {
		dim, isUnit := unitDims[t]
		switch n := data.(type) {
		case int64, float64:
			if isUnit {
				num := fmt.Sprint(n)
				d.fail(p, "missing unit in %s; write e.g. %q", num, example(num, dim))
				return
			}
			if t == quantityType && len(p) > 0 && (p[len(p)-1].key == "w_min" || p[len(p)-1].key == "w_max" || p[len(p)-1].key == "normalize") {
				// Weight bounds of rate synapses are plain numbers, as
				// their weights are; validation checks the dimension
				// against synapse.weight.
				x := float64(0)
				switch n := n.(type) {
				case int64:
					x = float64(n)
				case float64:
					x = n
				}
				rv.Set(reflect.ValueOf(Quantity{Value: x, Dim: Dimensionless}))
				return
			}
			if t == quantityType {
				num := fmt.Sprint(n)
				d.fail(p, "missing unit in %s; write the value with its unit, e.g. %q or %q", num, num+"pA", num+"nS")
				return
			}
		}
		d.fail(p, "want %s, got %s", want(t), tomlType(data))
		return
	}
	if err := rv.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
		d.fail(p, "%v", err)
	}
	return
}

// decodeList stores the TOML array data into the slice or array rv.
func (d *decoder) decodeList(p keyPath, data any, rv reflect.Value) {
	t := rv.Type()
	if t.Kind() == reflect.Array {
		elems, ok := data.([]any)
		if !ok || len(elems) != t.Len() {
			got := tomlType(data)
			if ok {
				got = fmt.Sprintf("%d values", len(elems))
			}
			d.fail(p, "want %s, got %s", want(t), got)
			return
		}
		for i, e := range elems {
			d.decode(p.idx(i), e, rv.Index(i))
		}
		return
	}
	var elems []any
	switch v := data.(type) {
	case []any:
		elems = v
	case []map[string]any:
		elems = make([]any, len(v))
		for i, e := range v {
			elems[i] = e
		}
	default:
		d.fail(p, "want %s, got %s", want(t), tomlType(data))
		return
	}
	s := reflect.MakeSlice(t, len(elems), len(elems))
	for i, e := range elems {
		d.decode(p.idx(i), e, s.Index(i))
	}
	rv.Set(s)
}

// decodeMap stores the TOML table data into the map rv.
func (d *decoder) decodeMap(p keyPath, data any, rv reflect.Value) {
	t := rv.Type()
	m, ok := data.(map[string]any)
	if !ok || t.Key().Kind() != reflect.String {
		d.fail(p, "want %s, got %s", want(t), tomlType(data))
		return
	}
	out := reflect.MakeMapWithSize(t, len(m))
	for _, k := range sortedKeys(m) {
		v := reflect.New(t.Elem()).Elem()
		d.decode(p.key(k), m[k], v)
		out.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), v)
	}
	rv.Set(out)
}

// table decodes a TOML table into a struct.
func (d *decoder) table(p keyPath, data any, rv reflect.Value) {
	m, ok := data.(map[string]any)
	if !ok {
		d.fail(p, "want a table, got %s", tomlType(data))
		return
	}
	fields := fieldsOf(rv.Type())
	for _, k := range sortedKeys(m) {
		i := slices.IndexFunc(fields, func(f field) bool { return f.name == k })
		if i < 0 {
			allowed := fieldNames(fields)
			d.errs = append(d.errs, d.src.errorAt(p.key(k), "", unknownKey(k, tableName(p), allowed)))
			continue
		}
		d.decode(p.key(k), m[k], rv.Field(fields[i].index))
	}
}

// unknownKey is the message for key k that table does not have.
func unknownKey(k, table string, allowed []string) string {
	in := "in " + table
	if table == topLevel {
		in = "at " + table
	}
	msg := fmt.Sprintf("unknown key %q %s (allowed: %s)", k, in, strings.Join(allowed, ", "))
	if s := Suggest(k, allowed); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return msg
}

// Suggest returns the allowed name closest to k when it is close enough to
// be a typo, else "" (the "did you mean" of keys, names and flags).
func Suggest(k string, allowed []string) string {
	best, bestD := "", math.MaxInt
	for _, a := range allowed {
		if d := editDistance(k, a); d < bestD {
			best, bestD = a, d
		}
	}
	if bestD == 0 || bestD > max(1, len(best)/3) {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b (bytes).
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 64
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// want describes what a value of type t looks like, for messages.
func want(t reflect.Type) string {
	if dim, ok := unitDims[t]; ok {
		return fmt.Sprintf("a %s such as %q", dim, example("1", dim))
	}
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return "a string"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return want(t.Elem())
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Struct:
		return "a table"
	case reflect.Map:
		return "a table"
	case reflect.Array:
		return fmt.Sprintf("an array of %d values", t.Len())
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct {
			return "an array of tables"
		}
		return "an array"
	}
	return t.String()
}

// field is one decodable struct field.
type field struct {
	name  string // the toml key
	index int
}

var fieldCache sync.Map // reflect.Type -> []field

// fieldsOf lists the toml keys of struct type t in declaration order.
func fieldsOf(t reflect.Type) []field {
	if f, ok := fieldCache.Load(t); ok {
		return f.([]field)
	}
	var fields []field
	for i := range t.NumField() {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("toml"), ",")
		if !sf.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		fields = append(fields, field{name: name, index: i})
	}
	fieldCache.Store(t, fields)
	return fields
}

func fieldNames(fields []field) []string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	return names
}

// sortedKeys returns the keys of m in sorted order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
