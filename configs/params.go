package configs

import (
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// The [params] table holds named numbers; a string starting with "=" is an
// expression over them (see expr.go):
//
//	[params]
//	neurons = 4000
//	in_degree = 80
//	ne = "=0.8*neurons"          # a param may use the params above it
//
//	[[region.population]]
//	size = "=ne"
//	...
//	connect = { rule = "probability", p = "=in_degree/neurons" }
//
// LoadBytes evaluates them after the --set overrides and before the strict
// decoder: first the params in file order, then every expression in the
// rest of the document. The decoder then sees plain numbers (or "<value>
// <unit>" strings for an expression with a unit), so everything is checked
// as if the value had been written in the file.

// failedExpr replaces a value whose expression failed (the error is already
// recorded); the decoder skips it.
type failedExpr struct{}

// paramsKey is the top-level key of the params table.
const paramsKey = "params"

// paramTolerance is how far from an integer the value of an expression for
// an integer key may be (relative to the value when it exceeds 1).
const paramTolerance = 1e-9

// evaluator evaluates the params and the expressions of one document.
type evaluator struct {
	src    *source
	root   map[string]any
	params map[string]float64 // evaluated so far
	broken map[string]bool    // params whose evaluation failed
	order  []string           // every param, in file order
	errs   []*Error
	failed int // expressions that failed, reported or not
}

// evalExpressions evaluates the [params] table of root and then every
// expression outside it, replacing each by its value in root. It records
// the params' order in src and the expression of every evaluated path.
func evalExpressions(src *source, root map[string]any) []*Error {
	ev := &evaluator{src: src, root: root, params: map[string]float64{}, broken: map[string]bool{}}
	ev.evalParams()
	t := reflect.TypeFor[File]()
	for _, k := range sortedKeys(root) {
		if k == paramsKey {
			continue
		}
		root[k] = ev.walk(keyPath{}.key(k), root[k], fieldType(t, k))
	}
	return ev.errs
}

// paramOrder lists the keys of the params table m: those in known first,
// in that order, then the others sorted.
func paramOrder[V any](known []string, m map[string]V) []string {
	var order []string
	for _, k := range known {
		if _, ok := m[k]; ok && !slices.Contains(order, k) {
			order = append(order, k)
		}
	}
	for _, k := range sortedKeys(m) {
		if !slices.Contains(order, k) {
			order = append(order, k)
		}
	}
	return order
}

func (ev *evaluator) fail(p keyPath, format string, args ...any) {
	ev.errs = append(ev.errs, ev.src.errorAt(p, display(p, func(p keyPath) string { return rawName(ev.root, p) }), fmt.Sprintf(format, args...)))
}

// fileParams lists the params in the order the file writes them.
func (s *source) fileParams() []string {
	if s == nil || s.idx == nil {
		return nil
	}
	return s.idx.params
}

// evalParams evaluates the params in file order; each may use the params
// above it.
func (ev *evaluator) evalParams() {
	raw, ok := ev.root[paramsKey]
	if !ok {
		return
	}
	pp := keyPath{}.key(paramsKey)
	m, ok := raw.(map[string]any)
	if !ok {
		ev.fail(pp, "want a table of named numbers, e.g. [params] neurons = 4000; got %s", tomlType(raw))
		ev.root[paramsKey] = failedExpr{}
		return
	}
	ev.order = paramOrder(ev.src.fileParams(), m)
	for _, name := range ev.order {
		p := pp.key(name)
		if !isName(name) {
			ev.fail(p, "param name %q is not a name: use letters, digits and _, starting with a letter or _", name)
			ev.broken[name] = true
			m[name] = failedExpr{}
			continue
		}
		v, ok := ev.param(p, name, m[name])
		if !ok {
			ev.broken[name] = true
			m[name] = failedExpr{}
			continue
		}
		ev.params[name] = v
		m[name] = v
	}
}

// param evaluates the value of param name.
func (ev *evaluator) param(p keyPath, name string, raw any) (float64, bool) {
	switch v := raw.(type) {
	case int64:
		return float64(v), true
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			ev.fail(p, "want a finite number, got %v", v)
			return 0, false
		}
		return v, true
	case string:
		if strings.HasPrefix(v, "=") {
			val, unit, ok := ev.eval(p, v, func(n string) (float64, error) {
				if val, ok := ev.params[n]; ok {
					return val, nil
				}
				if ev.broken[n] {
					return 0, errSkip
				}
				if slices.Contains(ev.order, n) {
					if n == name {
						return 0, fmt.Errorf("param %q uses itself", n)
					}
					return 0, fmt.Errorf("param %q is defined after %q; a param can use only the params above it", n, name)
				}
				return 0, ev.unknownName(n)
			})
			if ok && unit != "" {
				ev.fail(p, "%q: a param is a plain number; put the unit where the param is used, e.g. \"=%s %s\"", v, name, unit)
				return 0, false
			}
			return val, ok
		}
	}
	ev.fail(p, "want a number or an expression starting with \"=\", got %s", tomlType(raw))
	return 0, false
}

// unknownName is the error for a name that is not a param.
func (ev *evaluator) unknownName(n string) error {
	if len(ev.order) == 0 {
		return fmt.Errorf("unknown name %q (the file has no [params] table)", n)
	}
	msg := fmt.Sprintf("unknown name %q (params: %s)", n, strings.Join(ev.order, ", "))
	if s := Suggest(n, ev.order); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return fmt.Errorf("%s", msg)
}

// eval evaluates the expression text (with its "=") at p. On failure it
// records the error and returns ok == false.
func (ev *evaluator) eval(p keyPath, text string, lookup func(string) (float64, error)) (v float64, unit string, ok bool) {
	v, unit, err := evalExpr(text[1:], lookup)
	if err == errSkip {
		return 0, "", false
	}
	if err != nil {
		ev.fail(p, "%q: %v", text, err)
		return 0, "", false
	}
	return v, unit, true
}

// walk evaluates the expressions in the value v at p, whose schema type is
// t (nil when the schema has no such key), and returns the new value.
func (ev *evaluator) walk(p keyPath, v any, t reflect.Type) any {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	before := ev.failed
	switch x := v.(type) {
	case string:
		if strings.HasPrefix(x, "=") {
			return ev.value(p, x, t)
		}
	case map[string]any:
		if t != nil && t.Kind() == reflect.Struct {
			t = sectionType(t, x)
		}
		for _, k := range sortedKeys(x) {
			x[k] = ev.walk(p.key(k), x[k], fieldType(t, k))
		}
	case []map[string]any:
		for i, e := range x {
			ev.walk(p.idx(i), e, elemType(t))
		}
	case []any:
		for i, e := range x {
			x[i] = ev.walk(p.idx(i), e, elemType(t))
		}
	}
	if t != nil && ev.failed > before && reflect.PointerTo(t).Implements(unmarshalerType) {
		return failedExpr{} // a distribution with a failed part: skip it whole
	}
	return v
}

// value evaluates the expression text at p for a key of type t: an
// integer for integer keys, "<value><unit>" when a unit follows the
// expression, else a float.
func (ev *evaluator) value(p keyPath, text string, t reflect.Type) any {
	v, unit, ok := ev.eval(p, text, func(n string) (float64, error) {
		if val, ok := ev.params[n]; ok {
			return val, nil
		}
		if ev.broken[n] {
			return 0, errSkip
		}
		return 0, ev.unknownName(n)
	})
	if !ok {
		ev.failed++
		return failedExpr{}
	}
	if unit != "" {
		return ev.evaluated(p, text, num(v)+unit)
	}
	if t != nil {
		switch t.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			r := math.Round(v)
			if math.Abs(v-r) > paramTolerance*math.Max(1, math.Abs(v)) {
				ev.fail(p, "%q gives %s, not an integer; round it, e.g. \"=round(%s)\"", text, num(v), strings.TrimSpace(text[1:]))
				ev.failed++
				return failedExpr{}
			}
			if r < math.MinInt64 || r >= math.MaxInt64 {
				ev.fail(p, "%q gives %s, too large for an integer", text, num(v))
				ev.failed++
				return failedExpr{}
			}
			return ev.evaluated(p, text, int64(r))
		}
	}
	return ev.evaluated(p, text, v)
}

// evaluated records that the value at p came from the expression text and
// returns the value.
func (ev *evaluator) evaluated(p keyPath, text string, v any) any {
	if ev.src != nil {
		if ev.src.exprs == nil {
			ev.src.exprs = map[string]string{}
		}
		ev.src.exprs[p.String()] = text
	}
	return v
}

// fieldType is the type of key k in a value of schema type t, nil if
// unknown.
func fieldType(t reflect.Type, k string) reflect.Type {
	if t == nil {
		return nil
	}
	switch {
	case reflect.PointerTo(t).Implements(unmarshalerType):
		return nil // a distribution: its parts are quantities or numbers
	case t.Kind() == reflect.Map:
		return t.Elem()
	case t.Kind() == reflect.Struct:
		for _, f := range fieldsOf(t) {
			if f.name == k {
				return t.Field(f.index).Type
			}
		}
	}
	return nil
}

// elemType is the element type of schema type t, nil if t is no list.
func elemType(t reflect.Type) reflect.Type {
	if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
		return t.Elem()
	}
	return nil
}

// paramOverride reports whether the --set path parts address a param:
// "name" (no dots) or "params.name".
func paramOverride(parts []string) (string, bool) {
	switch {
	case len(parts) == 1:
		return parts[0], true
	case len(parts) == 2 && parts[0] == paramsKey:
		return parts[1], true
	}
	return "", false
}

// setParam stores the --set value text for the param name in root.
func setParam(src *source, root map[string]any, name, text string) (keyPath, error) {
	m, _ := root[paramsKey].(map[string]any)
	if _, ok := m[name]; !ok {
		order := paramOrder(src.fileParams(), m)
		have := "the file has no [params] table"
		if len(order) > 0 {
			have = "params: " + strings.Join(order, ", ")
		}
		msg := fmt.Sprintf("no param %q (%s)", name, have)
		if s := Suggest(name, order); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		} else {
			msg += "."
		}
		return nil, fmt.Errorf("%s A name without dots sets a param; set other keys by their path, e.g. experiment.duration=2s or region.cortex.population.exc.size=400", msg)
	}
	m[name] = parseValue(text)
	return keyPath{}.key(paramsKey).key(name), nil
}

// formatNumber writes a param value as TOML that reads back to exactly v:
// an integer when v is one (and exact), else the shortest float.
func formatNumber(v float64) (string, error) {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "", fmt.Errorf("cannot write %v as a param", v)
	case v == math.Trunc(v) && math.Abs(v) <= 1<<53:
		return strconv.FormatInt(int64(v), 10), nil
	}
	s := num(v)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s, nil
}

// encodeParams writes the [params] table of f, in file order when known.
func encodeParams(w io.Writer, f *File) error {
	if len(f.Params) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("[params]\n")
	for _, k := range paramOrder(f.paramOrder, f.Params) {
		s, err := formatNumber(f.Params[k])
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s = %s\n", quoteKey(k), s)
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}
