package report

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
)

// MarshalJSON encodes v like json.Marshal, honouring `json:"name"`,
// `json:"-"` and `omitempty` struct tags, except that NaN and ±Inf floats
// become null instead of failing. Map keys are sorted. Values that implement
// json.Marshaler or encoding.TextMarshaler use their own encoding.
func MarshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := encodeValue(&b, reflect.ValueOf(v), 0); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// MarshalJSONIndent is MarshalJSON followed by json.Indent with the given
// prefix and indent, and a final newline.
func MarshalJSONIndent(v any, prefix, indent string) ([]byte, error) {
	raw, err := MarshalJSON(v)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := json.Indent(&b, raw, prefix, indent); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

const maxDepth = 1000

func encodeValue(b *bytes.Buffer, v reflect.Value, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("report: json: nesting deeper than %d (cycle?)", maxDepth)
	}
	if !v.IsValid() {
		b.WriteString("null")
		return nil
	}
	t := v.Type()
	if t.Implements(jsonMarshaler) || t.Implements(textMarshaler) {
		if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
			b.WriteString("null")
			return nil
		}
		return encodeStd(b, v.Interface())
	}
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			b.WriteString("null")
			return nil
		}
		return encodeStd(b, v.Interface())
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			b.WriteString("null")
			return nil
		}
		return encodeValue(b, v.Elem(), depth+1)
	case reflect.Struct:
		return encodeStruct(b, v, depth)
	case reflect.Slice:
		if v.IsNil() {
			b.WriteString("null")
			return nil
		}
		if t.Elem().Kind() == reflect.Uint8 {
			return encodeStd(b, v.Interface()) // base64, as encoding/json
		}
		fallthrough
	case reflect.Array:
		b.WriteByte('[')
		for i := range v.Len() {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := encodeValue(b, v.Index(i), depth+1); err != nil {
				return err
			}
		}
		b.WriteByte(']')
		return nil
	case reflect.Map:
		if v.IsNil() {
			b.WriteString("null")
			return nil
		}
		return encodeMap(b, v, depth)
	}
	return encodeStd(b, v.Interface())
}

func encodeStd(b *bytes.Buffer, x any) error {
	raw, err := json.Marshal(x)
	if err != nil {
		return err
	}
	b.Write(raw)
	return nil
}

func encodeStruct(b *bytes.Buffer, v reflect.Value, depth int) error {
	b.WriteByte('{')
	first := true
	if err := encodeFields(b, v, depth, &first); err != nil {
		return err
	}
	b.WriteByte('}')
	return nil
}

// encodeFields writes the fields of struct v. Untagged embedded structs are
// inlined, as encoding/json does (without its rules for name conflicts).
func encodeFields(b *bytes.Buffer, v reflect.Value, depth int, first *bool) error {
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		name, opts, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "-" && opts == "" {
			continue
		}
		fv := v.Field(i)
		if sf.Anonymous && name == "" {
			ft := sf.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				if fv.Kind() == reflect.Pointer {
					if fv.IsNil() {
						continue
					}
					fv = fv.Elem()
				}
				if err := encodeFields(b, fv, depth+1, first); err != nil {
					return err
				}
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		if slices.Contains(strings.Split(opts, ","), "omitempty") && isEmpty(fv) {
			continue
		}
		if !*first {
			b.WriteByte(',')
		}
		*first = false
		if err := encodeStd(b, name); err != nil {
			return err
		}
		b.WriteByte(':')
		if err := encodeValue(b, fv, depth+1); err != nil {
			return err
		}
	}
	return nil
}

func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

func encodeMap(b *bytes.Buffer, v reflect.Value, depth int) error {
	type entry struct {
		key string
		val reflect.Value
	}
	entries := make([]entry, 0, v.Len())
	iter := v.MapRange()
	for iter.Next() {
		k := iter.Key()
		var ks string
		switch {
		case k.Kind() == reflect.String:
			ks = k.String()
		case k.Type().Implements(textMarshaler):
			txt, err := k.Interface().(encoding.TextMarshaler).MarshalText()
			if err != nil {
				return err
			}
			ks = string(txt)
		default:
			ks = fmt.Sprint(k.Interface())
		}
		entries = append(entries, entry{ks, iter.Value()})
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.key, b.key) })
	b.WriteByte('{')
	for i, e := range entries {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := encodeStd(b, e.key); err != nil {
			return err
		}
		b.WriteByte(':')
		if err := encodeValue(b, e.val, depth+1); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}
