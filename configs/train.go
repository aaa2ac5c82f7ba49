package configs

import (
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/brainsim/brainsim/registry"
)

// Train mode's [[task]] and [[rule]] sections name a plug-in of the
// registry (data = "mnist", rule = "backprop") and hold its keys. The
// decoder, the overrides and the expressions see such a section as one
// struct: the section's own fields (name, rule; name, data, seeds,
// reference) followed by the fields of the plug-in's parameter struct
// (sectionType), so a key the plug-in does not have is an unknown key
// with the allowed keys listed, and its value is checked against its Go
// type as every other key's is.

var (
	ruleType = reflect.TypeFor[Rule]()
	taskType = reflect.TypeFor[Task]()
)

// section describes the combined struct of one plug-in section.
type section struct {
	typ reflect.Type // own fields, then the params' fields (flattened)
	own int          // the number of own fields
	// paths[i] is the index path in the params struct of field own+i.
	paths [][]int
}

var sections sync.Map // [2]reflect.Type{section type, params type} -> *section

// kindOf returns the plug-in a section's table names and its params
// constructor: the rule of a [[rule]], the data of a [[task]]. ok is
// false for other types; params is nil when the name is not registered
// (or the kind has no keys).
func kindOf(t reflect.Type, m map[string]any) (key, name string, params func() any, ok bool) {
	switch t {
	case ruleType:
		name, _ = m["rule"].(string)
		if r, found := registry.LookupRule(name); found {
			params = r.Params
		}
		return "rule", name, params, true
	case taskType:
		name, _ = m["data"].(string)
		if k, found := registry.LookupTask(name); found {
			params = k.Params
		}
		return "data", name, params, true
	}
	return "", "", nil, false
}

// sectionOf returns the combined struct of section type t whose plug-in
// has the parameter struct type pt (nil: none).
func sectionOf(t, pt reflect.Type) *section {
	k := [2]reflect.Type{t, pt}
	if s, ok := sections.Load(k); ok {
		return s.(*section)
	}
	s := &section{}
	var fields []reflect.StructField
	for _, f := range fieldsOf(t) {
		sf := t.Field(f.index)
		fields = append(fields, reflect.StructField{Name: fmt.Sprintf("F%d", len(fields)), Type: sf.Type, Tag: sf.Tag})
	}
	s.own = len(fields)
	if pt != nil {
		for _, pf := range registry.KeyedFields(pt) {
			sf := pt.FieldByIndex(pf)
			fields = append(fields, reflect.StructField{Name: fmt.Sprintf("F%d", len(fields)), Type: sf.Type, Tag: sf.Tag})
			s.paths = append(s.paths, pf)
		}
	}
	s.typ = reflect.StructOf(fields)
	sections.Store(k, s)
	return s
}

// sectionType returns the struct type the table m of a [[rule]] or
// [[task]] decodes as (t itself for other types, and for a section whose
// plug-in is not registered).
func sectionType(t reflect.Type, m map[string]any) reflect.Type {
	_, _, params, ok := kindOf(t, m)
	if !ok {
		return t
	}
	var pt reflect.Type
	if params != nil {
		pt = reflect.TypeOf(params()).Elem()
	}
	return sectionOf(t, pt).typ
}

// decodeSection decodes the table at p into the [[rule]] or [[task]] rv.
func (d *decoder) decodeSection(p keyPath, data any, rv reflect.Value) {
	m, ok := data.(map[string]any)
	if !ok {
		d.fail(p, "want a table, got %s", tomlType(data))
		return
	}
	key, name, params, _ := kindOf(rv.Type(), m)
	var names []string
	if rv.Type() == ruleType {
		names = registry.RuleNames()
	} else {
		names = registry.TaskNames()
	}
	switch _, isStr := m[key].(string); {
	case m[key] == nil:
		d.fail(p.key(key), "required (one of %s)", strings.Join(names, ", "))
		return
	case !isStr:
		d.fail(p.key(key), "want a string, got %s", tomlType(m[key]))
		return
	case !slices.Contains(names, name):
		msg := oneOf(key, name, names)
		if s := suggest(name, names); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		d.fail(p.key(key), "%s", msg)
		return
	}
	var pv reflect.Value
	var pt reflect.Type
	if params != nil {
		pv = reflect.ValueOf(params())
		pt = pv.Type().Elem()
	}
	s := sectionOf(rv.Type(), pt)
	allowed := fieldNames(fieldsOf(s.typ))
	known := make(map[string]any, len(m))
	for _, k := range sortedKeys(m) {
		if slices.Contains(allowed, k) {
			known[k] = m[k]
			continue
		}
		msg, _ := sectionUnknownKey(rv.Type(), m, k, allowed)
		d.fail(p.key(k), "%s", msg)
	}
	m = known
	tmp := reflect.New(s.typ).Elem()
	if pv.IsValid() { // start from the plug-in's defaults
		for i, path := range s.paths {
			tmp.Field(s.own + i).Set(pv.Elem().FieldByIndex(path))
		}
	}
	d.table(p, m, tmp)
	own := fieldsOf(rv.Type())
	for i := range s.own {
		rv.Field(own[i].index).Set(tmp.Field(i))
	}
	for i, path := range s.paths {
		pv.Elem().FieldByIndex(path).Set(tmp.Field(s.own + i))
	}
	var given []string
	for k := range m {
		given = append(given, k)
	}
	slices.Sort(given)
	switch r := rv.Addr().Interface().(type) {
	case *Rule:
		if pv.IsValid() {
			r.Params = pv.Interface()
		}
		r.given = given
	case *Task:
		if pv.IsValid() {
			r.Params = pv.Interface()
		}
		r.given = given
	}
}

// sectionUnknownKey is the message for key k that the [[rule]] or
// [[task]] table m of type t does not have; ok is false for other types.
func sectionUnknownKey(t reflect.Type, m map[string]any, k string, allowed []string) (msg string, ok bool) {
	key, name, _, ok := kindOf(t, m)
	if !ok {
		return "", false
	}
	msg = fmt.Sprintf("unknown key %q of %s %s (allowed: %s)", k, key, name, strings.Join(allowed, ", "))
	if sg := suggest(k, allowed); sg != "" {
		msg += fmt.Sprintf("; did you mean %q?", sg)
	}
	return msg, true
}

// trainDefaults names unnamed rules after their rule and gives rules and
// tasks built in Go without Params their plug-in's defaults.
func (f *File) trainDefaults() {
	for i := range f.Rule {
		r := &f.Rule[i]
		if r.Name == "" && r.Rule != "" {
			r.Name = r.Rule
		}
		if spec, ok := registry.LookupRule(r.Rule); ok && r.Params == nil {
			r.Params = spec.Params()
		}
	}
	for i := range f.Task {
		t := &f.Task[i]
		if k, ok := registry.LookupTask(t.Data); ok && t.Params == nil && k.Params != nil {
			t.Params = k.Params()
		}
	}
}

// sectionErrs reports a plug-in's errors about its keys at their paths.
type sectionErrs struct {
	v *validator
	p keyPath
}

// Errf places key ("hidden", "hidden[1]" or "" for the section) under the
// section's path.
func (e sectionErrs) Errf(key, format string, args ...any) {
	p := e.p
	for key != "" {
		name, rest, _ := strings.Cut(key, "[")
		if name != "" {
			p = p.key(name)
		}
		if rest == "" {
			break
		}
		n, tail, _ := strings.Cut(rest, "]")
		i, err := strconv.Atoi(n)
		if err != nil {
			break
		}
		p = p.idx(i)
		key = tail
	}
	e.v.errf(p, format, args...)
}

func givenFunc(given []string) func(string) bool {
	return func(k string) bool { return slices.Contains(given, k) }
}

// train checks the [[task]] and [[rule]] sections: each names a
// registered plug-in and passes its checks, and every rule runs on every
// task, so each task provides what each rule needs.
func (v *validator) train() {
	f := v.f
	if f.Experiment.Mode != ModeTrain {
		if len(f.Task) > 0 {
			v.errf(keyPath{}.key("task").idx(0), "[[task]] needs train mode: set mode = \"train\" in [experiment]")
		}
		if len(f.Rule) > 0 {
			v.errf(keyPath{}.key("rule").idx(0), "[[rule]] needs train mode: set mode = \"train\" in [experiment]")
		}
		return
	}
	if len(f.Task) == 0 {
		v.errf(keyPath{}.key("task"), "train mode needs at least one [[task]]")
	}
	if len(f.Rule) == 0 {
		v.errf(keyPath{}.key("rule"), "train mode needs at least one [[rule]]")
	}
	seen := map[string]bool{}
	var refs []registry.TaskRef
	for i := range f.Task {
		t := &f.Task[i]
		tp := keyPath{}.key("task").idx(i)
		v.checkName(tp.key("name"), "task", t.Name, seen)
		k, ok := registry.LookupTask(t.Data)
		if !ok {
			v.errf(tp.key("data"), "%s", oneOf("data", t.Data, registry.TaskNames()))
			continue
		}
		if t.Seeds != nil && *t.Seeds < 1 {
			v.errf(tp.key("seeds"), "must be >= 1, got %d", *t.Seeds)
		}
		if k.Check != nil && t.Params != nil {
			k.Check(t.Params, &registry.Check{Errs: sectionErrs{v, tp}, Section: t.Name, Given: givenFunc(t.given)})
		}
		refs = append(refs, registry.TaskRef{Name: t.Name, Data: t.Data, Params: t.Params})
	}
	seen = map[string]bool{}
	for i := range f.Rule {
		r := &f.Rule[i]
		rp := keyPath{}.key("rule").idx(i)
		spec, ok := registry.LookupRule(r.Rule)
		if !ok {
			v.errf(rp.key("rule"), "%s", oneOf("rule", r.Rule, registry.RuleNames()))
			continue
		}
		v.checkName(rp.key("name"), "rule", r.Name, seen)
		for _, t := range refs {
			if !registry.Provides(t.Data, spec.Needs) {
				v.errf(rp.key("rule"), "rule %s runs on %s only, but every rule runs on every task and task %q has data %q", r.Rule, registry.NeedsText(spec), t.Name, t.Data)
				break
			}
		}
		if spec.Check != nil {
			spec.Check(r.Params, &registry.Check{Errs: sectionErrs{v, rp}, Section: r.Name, Given: givenFunc(r.given), Tasks: refs})
		}
	}
}

// trainFigures lists the figures the rules and tasks of f draw data for.
func (f *File) trainFigures() []string {
	if f.Experiment.Mode != ModeTrain {
		return nil
	}
	var out []string
	for _, r := range f.Rule {
		if spec, ok := registry.LookupRule(r.Rule); ok && spec.Figures != nil && r.Params != nil {
			out = append(out, spec.Figures(r.Params)...)
		}
	}
	for _, t := range f.Task {
		if k, ok := registry.LookupTask(t.Data); ok {
			out = append(out, k.Figures...)
		}
	}
	return out
}

// encodeSections writes the [[task]] and [[rule]] sections of f: each
// section's own keys, then its plug-in's keys with their values (nil
// pointers, the keys left to depend on others, are left out).
func encodeSections(w io.Writer, f *File) error {
	var b strings.Builder
	write := func(header string, own any, params any) error {
		fmt.Fprintf(&b, "\n[[%s]]\n", header)
		if err := encodeKeys(&b, reflect.ValueOf(own)); err != nil {
			return err
		}
		if params != nil {
			return encodeKeys(&b, reflect.ValueOf(params).Elem())
		}
		return nil
	}
	for _, t := range f.Task {
		own := t
		own.Params = nil
		if err := write("task", own, t.Params); err != nil {
			return err
		}
	}
	for _, r := range f.Rule {
		own := r
		own.Params = nil
		if err := write("rule", own, r.Params); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// encodeKeys writes "key = value" for the keyed fields of struct v
// (embedded structs flattened; nil pointers, nil slices and empty strings
// with omitempty left out).
func encodeKeys(b *strings.Builder, v reflect.Value) error {
	for _, path := range registry.KeyedFields(v.Type()) {
		sf := v.Type().FieldByIndex(path)
		fv := v.FieldByIndex(path)
		name, opts, _ := strings.Cut(sf.Tag.Get("toml"), ",")
		if (fv.Kind() == reflect.Pointer || fv.Kind() == reflect.Slice) && fv.IsNil() {
			continue
		}
		if strings.Contains(opts, "omitempty") && fv.IsZero() {
			continue
		}
		for fv.Kind() == reflect.Pointer {
			fv = fv.Elem()
		}
		var line strings.Builder
		if err := toml.NewEncoder(&line).Encode(map[string]any{name: fv.Interface()}); err != nil {
			return err
		}
		b.WriteString(line.String())
	}
	return nil
}
