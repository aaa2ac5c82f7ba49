package configs

import (
	"reflect"
	"sync"
)

// The TOML encoder writes structs field by field; a plug-in section keeps
// its plug-in's keys in Params (toml:"-"). encodeView turns a File into a
// value of the same shape in which every plug-in section is its combined
// struct (sectionOf: own keys, then the plug-in's), so Encode writes every
// key of a section in one table, in declaration order.

var viewTypes sync.Map // reflect.Type -> reflect.Type (the view's type)

// viewType is the type encodeView gives values of type t: t itself when
// they hold no plug-in section; a plug-in section is any (its combined
// struct, which depends on the plug-in), a slice of values holding them
// []any, a pointer to one any (nil for a nil pointer), a struct holding
// them a struct of the views of its keyed fields.
func viewType(t reflect.Type) reflect.Type {
	if vt, ok := viewTypes.Load(t); ok {
		return vt.(reflect.Type)
	}
	vt := t
	switch {
	case pluginOf(t) != nil:
		vt = reflect.TypeFor[any]()
	case t.Kind() == reflect.Slice && viewType(t.Elem()) != t.Elem():
		vt = reflect.TypeFor[[]any]()
	case t.Kind() == reflect.Pointer && viewType(t.Elem()) != t.Elem():
		vt = reflect.TypeFor[any]()
	case t.Kind() == reflect.Struct:
		var fields []reflect.StructField
		changed := false
		for _, f := range fieldsOf(t) {
			sf := t.Field(f.index)
			ft := viewType(sf.Type)
			changed = changed || ft != sf.Type
			fields = append(fields, reflect.StructField{Name: sf.Name, Type: ft, Tag: sf.Tag})
		}
		if changed {
			vt = reflect.StructOf(fields)
		}
	}
	viewTypes.Store(t, vt)
	return vt
}

// encodeView returns v as a value of type viewType(v.Type()).
func encodeView(v reflect.Value) reflect.Value {
	t := v.Type()
	vt := viewType(t)
	if vt == t {
		return v
	}
	switch {
	case pluginOf(t) != nil:
		return sectionView(v)
	case t.Kind() == reflect.Pointer:
		if v.IsNil() {
			return reflect.Zero(vt)
		}
		return encodeView(v.Elem())
	case t.Kind() == reflect.Slice:
		if v.IsNil() {
			return reflect.Zero(vt)
		}
		out := reflect.MakeSlice(vt, v.Len(), v.Len())
		for i := range v.Len() {
			out.Index(i).Set(encodeView(v.Index(i)))
		}
		return out
	}
	out := reflect.New(vt).Elem()
	for i, f := range fieldsOf(t) {
		out.Field(i).Set(encodeView(v.Field(f.index)))
	}
	return out
}

// sectionView is the combined struct of the plug-in section v, as an
// interface value.
func sectionView(v reflect.Value) reflect.Value {
	params := v.Addr().Interface().(pluginSection).plugin()
	var pt reflect.Type
	if params != nil {
		pt = reflect.TypeOf(params).Elem()
	}
	s := sectionOf(v.Type(), pt)
	out := reflect.New(s.typ).Elem()
	for i, f := range fieldsOf(v.Type()) {
		out.Field(i).Set(v.Field(f.index))
	}
	for i, path := range s.paths {
		out.Field(s.own + i).Set(reflect.ValueOf(params).Elem().FieldByIndex(path))
	}
	holder := reflect.New(reflect.TypeFor[any]()).Elem()
	holder.Set(out)
	return holder
}
