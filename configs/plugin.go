package configs

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/brainsim/brainsim/registry"
)

// Plug-in sections: a [[region.population]] names a unit model (model =
// "lif"), a [[rule]] a learning rule (rule = "backprop"), a [[task]] a
// task kind (data = "mnist"), a [projection.plasticity] table a
// plasticity rule (rule = "stdp"), a [projection.connect] table a
// connection rule (rule = "probability"), a [projection.synapse] table a
// synapse kind (kind = "exp_current"), an [[input]] the synapse kind it
// feeds (synapse_kind, default exp_current), a [[current]] a kind of
// current (kind = "step"), the [environment] an environment (kind =
// "bandit"), each registered in package registry, and holds its keys. The
// decoder, the overrides and the expressions see such
// a section as one struct: the section's own fields (name, size, model,
// ...) followed by the fields of the plug-in's parameter struct
// (sectionType), so a key the plug-in does not have is an unknown key
// with the allowed keys listed, and its value is checked against its Go
// type as every other key's is. configs knows no plug-in by name.

// plugin describes one section type whose table names a plug-in.
type plugin struct {
	key    string // the key that names the plug-in: model, rule, data
	lookup func(name string) (params func() any, ok bool)
	names  func() []string
	// what names the plug-ins in messages ("plasticity rule"); "": key.
	what string
	// def, when not nil, names the plug-in of a section without the key
	// (the static plasticity rule); nil: the key is required.
	def func() string
}

// pluginSection is implemented by the section types: they store the
// decoded parameter struct and the keys the section set.
type pluginSection interface {
	setPlugin(params any, given []string)
	plugin() any // the parameter struct
}

func (r *Rule) plugin() any        { return r.Params }
func (t *Task) plugin() any        { return t.Params }
func (p *Population) plugin() any  { return p.Params }
func (pl *Plasticity) plugin() any { return pl.Params }

func (r *Rule) setPlugin(params any, given []string)        { r.Params, r.given = params, given }
func (t *Task) setPlugin(params any, given []string)        { t.Params, t.given = params, given }
func (p *Population) setPlugin(params any, given []string)  { p.Params, p.given = params, given }
func (pl *Plasticity) setPlugin(params any, given []string) { pl.Params, pl.given = params, given }

// The sections of simulate mode's connectors, synapse kinds, inputs,
// environments and currents.

func (c *Connect) plugin() any     { return c.Params }
func (s *Synapse) plugin() any     { return s.Params }
func (in *Input) plugin() any      { return in.SynapseParams }
func (e *Environment) plugin() any { return e.Params }
func (s *Stimulus) plugin() any    { return s.Params }

func (c *Connect) setPlugin(params any, given []string)     { c.Params, c.given = params, given }
func (s *Synapse) setPlugin(params any, given []string)     { s.Params, s.given = params, given }
func (in *Input) setPlugin(params any, given []string)      { in.SynapseParams, in.given = params, given }
func (e *Environment) setPlugin(params any, given []string) { e.Params, e.given = params, given }
func (s *Stimulus) setPlugin(params any, given []string)    { s.Params, s.given = params, given }

var (
	connectType = reflect.TypeFor[Connect]()
	synapseType = reflect.TypeFor[Synapse]()
	inputType   = reflect.TypeFor[Input]()
	envType     = reflect.TypeFor[Environment]()
	currentType = reflect.TypeFor[Stimulus]()
	analysisTyp = reflect.TypeFor[Analysis]()
)

var (
	ruleType = reflect.TypeFor[Rule]()
	taskType = reflect.TypeFor[Task]()

	pluginsOnce sync.Once
	plugins     map[reflect.Type]*plugin
)

// pluginOf returns the plug-in description of section type t, or nil.
func pluginOf(t reflect.Type) *plugin {
	pluginsOnce.Do(func() {
		plugins = map[reflect.Type]*plugin{
			ruleType: {key: "rule", names: registry.RuleNames, lookup: func(n string) (func() any, bool) {
				r, ok := registry.LookupRule(n)
				if !ok {
					return nil, false
				}
				return r.Params, true
			}},
			taskType: {key: "data", names: registry.TaskNames, lookup: func(n string) (func() any, bool) {
				k, ok := registry.LookupTask(n)
				if !ok {
					return nil, false
				}
				return k.Params, true
			}},
			populationType: {key: "model", names: registry.ModelNames, lookup: func(n string) (func() any, bool) {
				m, ok := registry.LookupModel(n)
				if !ok {
					return nil, false
				}
				return m.Params, true
			}},
			plasticityType: {key: "rule", what: "plasticity rule", def: registry.DefaultPlasticity, names: registry.PlasticityNames, lookup: func(n string) (func() any, bool) {
				p, ok := registry.LookupPlasticity(n)
				if !ok {
					return nil, false
				}
				return p.Params, true
			}},
			connectType: {key: "rule", names: registry.ConnectorNames, lookup: func(n string) (func() any, bool) {
				c, ok := registry.LookupConnector(n)
				if !ok {
					return nil, false
				}
				return c.Params, true
			}},
			synapseType: {key: "kind", names: registry.SynapseKindNames, lookup: func(n string) (func() any, bool) {
				k, ok := registry.LookupSynapseKind(n)
				if !ok {
					return nil, false
				}
				return k.Params, true
			}},
			currentType: {key: "kind", names: registry.CurrentNames, lookup: func(n string) (func() any, bool) {
				k, ok := registry.LookupCurrent(n)
				if !ok {
					return nil, false
				}
				return k.Params, true
			}},
			envType: {key: "kind", names: registry.EnvironmentNames, lookup: func(n string) (func() any, bool) {
				e, ok := registry.LookupEnvironment(n)
				if !ok {
					return nil, false
				}
				return e.Params, true
			}},
			analysisTyp: {key: "kind", what: "analysis kind", names: registry.AnalysisNames, lookup: func(n string) (func() any, bool) {
				a, ok := registry.LookupAnalysis(n)
				if !ok {
					return nil, false
				}
				return a.Params, true
			}},
			inputType: {key: "synapse_kind", def: func() string { return defaultInputSynapse }, names: inputSynapseKinds, lookup: func(n string) (func() any, bool) {
				k, ok := registry.LookupSynapseKind(n)
				if !ok || !k.Input {
					return nil, false
				}
				return k.Params, true
			}},
		}
	})
	return plugins[t]
}

// section describes the combined struct of one plug-in section.
type section struct {
	typ reflect.Type // own fields, then the params' fields (flattened)
	own int          // the number of own fields
	// paths[i] is the index path in the params struct of field own+i.
	paths [][]int
}

var sections sync.Map // [2]reflect.Type{section type, params type} -> *section

// kindOf returns the plug-in a section's table m names (its default
// when m does not name one) and its params constructor. ok is false for
// types that are no plug-in section; params is nil when the name is not
// registered (or the plug-in has no keys).
func kindOf(t reflect.Type, m map[string]any) (key, name string, params func() any, ok bool) {
	pl := pluginOf(t)
	if pl == nil {
		return "", "", nil, false
	}
	name, _ = m[pl.key].(string)
	if _, set := m[pl.key]; !set && pl.def != nil {
		name = pl.def()
	}
	params, _ = pl.lookup(name)
	return pl.key, name, params, true
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

// sectionType returns the struct type the table m of a plug-in section
// decodes as (t itself for other types, and for a section whose plug-in
// is not registered).
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

// decodeSection decodes the table at p into the plug-in section rv.
func (d *decoder) decodeSection(p keyPath, data any, rv reflect.Value) {
	m, ok := data.(map[string]any)
	if !ok {
		d.fail(p, "want a table, got %s", tomlType(data))
		return
	}
	key, name, params, _ := kindOf(rv.Type(), m)
	pl := pluginOf(rv.Type())
	names := pl.names()
	switch _, isStr := m[key].(string); {
	case m[key] == nil && pl.def == nil:
		d.fail(p.key(key), "required (one of %s)", strings.Join(names, ", "))
		return
	case m[key] != nil && !isStr:
		d.fail(p.key(key), "want a string, got %s", tomlType(m[key]))
		return
	case !slices.Contains(names, name):
		what := pl.what
		if what == "" {
			what = key
		}
		msg := oneOf(what, name, names)
		if s := Suggest(name, names); s != "" {
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
		msg, ok := sectionUnknownKey(rv.Type(), m, k, allowed)
		if !ok {
			msg = unknownKey(k, tableName(p), allowed)
		}
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
	var pa any
	if pv.IsValid() {
		pa = pv.Interface()
	}
	rv.Addr().Interface().(pluginSection).setPlugin(pa, given)
}

// sectionUnknownKey is the message for key k that the plug-in section
// table m of type t does not have; ok is false for other types, and for
// a table that leaves its plug-in at the default (the generic message
// for the table serves).
func sectionUnknownKey(t reflect.Type, m map[string]any, k string, allowed []string) (msg string, ok bool) {
	key, name, _, ok := kindOf(t, m)
	if !ok || name == "" {
		return "", false
	}
	if _, set := m[key]; !set {
		name += ", the default"
	}
	msg = fmt.Sprintf("unknown key %q of %s %s (allowed: %s)", k, key, name, strings.Join(allowed, ", "))
	if sg := Suggest(k, allowed); sg != "" {
		msg += fmt.Sprintf("; did you mean %q?", sg)
	}
	return msg, true
}

// defaultInputSynapse is the synapse kind an [[input]] feeds when it
// does not say.
const defaultInputSynapse = "exp_current"

// inputSynapseKinds lists the synapse kinds an [[input]] can feed.
func inputSynapseKinds() []string {
	var out []string
	for _, n := range registry.SynapseKindNames() {
		if k, _ := registry.LookupSynapseKind(n); k.Input {
			out = append(out, n)
		}
	}
	return out
}
