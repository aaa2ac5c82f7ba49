package registry

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/brainsim/brainsim/units"
)

// Param describes one key of a parameter struct, for brainsim list.
type Param struct {
	Key     string // the TOML key
	Type    string // integer, number, string, boolean, array of integers, ...
	Default string // the default's TOML text; "" when it depends on other keys
	Unit    string // the `unit` tag, if any
	Doc     string // the `doc` tag
}

// ParamsOf describes the keys of a parameter struct p (a pointer to a
// struct holding defaults), in declaration order.
func ParamsOf(p any) []Param {
	if p == nil {
		return nil
	}
	v := reflect.ValueOf(p)
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	return paramsOf(v)
}

// paramsOf describes the keyed fields of struct v.
func paramsOf(v reflect.Value) []Param {
	var out []Param
	for _, path := range KeyedFields(v.Type()) {
		f := v.Type().FieldByIndex(path)
		key, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		out = append(out, Param{Key: key, Type: typeName(f.Type), Default: defaultText(v.FieldByIndex(path)), Unit: f.Tag.Get("unit"), Doc: f.Tag.Get("doc")})
	}
	return out
}

// KeyedFields lists the index paths of the fields of struct type t that
// have a TOML key (an exported field tagged `toml:"key"`), flattening
// embedded structs, in declaration order: the keys of a parameter struct.
func KeyedFields(t reflect.Type) [][]int {
	return keyedFields(t, nil)
}

func keyedFields(t reflect.Type, prefix []int) [][]int {
	var out [][]int
	for i := range t.NumField() {
		f := t.Field(i)
		path := append(slices.Clone(prefix), i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			out = append(out, keyedFields(f.Type, path)...)
			continue
		}
		key, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if f.IsExported() && key != "" && key != "-" {
			out = append(out, path)
		}
	}
	return out
}

var dimType = reflect.TypeFor[interface{ Dim() units.Dim }]()

func typeName(t reflect.Type) string {
	switch {
	case t == reflect.TypeFor[units.Dist]():
		return "value or distribution"
	case t == reflect.TypeFor[units.Quantity]():
		return "quantity"
	case t.Kind() != reflect.Pointer && t.Kind() != reflect.Struct && t.Implements(dimType):
		return reflect.Zero(t).Interface().(interface{ Dim() units.Dim }).Dim().String()
	}
	switch t.Kind() {
	case reflect.Pointer:
		return typeName(t.Elem())
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "integer"
	case reflect.Float64, reflect.Float32:
		return "number"
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice:
		return "array of " + plural(typeName(t.Elem()))
	case reflect.Map:
		return "table of " + plural(typeName(t.Elem()))
	case reflect.Struct:
		return "table"
	}
	return t.String()
}

func defaultText(v reflect.Value) string {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		if v.String() == "" {
			return "" // filled from other keys
		}
		return fmt.Sprintf("%q", v.String())
	case reflect.Map:
		if v.Len() == 0 {
			return ""
		}
	case reflect.Slice:
		if v.IsNil() {
			return ""
		}
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = defaultText(v.Index(i))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v.Interface())
}

// plural is the plural of a type name: "integers", "arrays of times".
func plural(s string) string {
	for _, p := range []string{"array of ", "table of "} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			return strings.TrimSuffix(p, " of ") + "s of " + rest
		}
	}
	if stem, ok := strings.CutSuffix(s, "y"); ok { // frequency
		return stem + "ies"
	}
	return s + "s"
}
