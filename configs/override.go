package configs

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Overrides ("--set path=value") are applied to the parsed document before
// it is decoded, so an overridden value is checked exactly like one written
// in the file. A path is dotted; arrays of tables are addressed by the name
// of an element or by its index:
//
//	experiment.seed=3
//	region.cortex.population.exc.size=400
//	projection.ee.synapse.weight=2mV
//	pathway.0.synapse.delay=3ms
//	projection."cortex.exc->cortex.inh".connect.p=0.1
//
// A projection without a name is addressed by its default name "from->to"
// (quote it: it contains dots). The value is a TOML value when it parses as
// one (number, boolean, quoted string, array, inline table) and a bare string
// otherwise, so "2mV", "lif" and "RS" need no quotes.
//
// A path without dots names a param: "neurons=64000" is the same as
// "params.neurons=64000". Only params the file has can be set; the value is
// a number or an expression ("neurons==2*4000").

// applyOverrides applies every override to root and records in src which
// canonical paths they set. It returns one error per bad override.
func applyOverrides(src *source, root map[string]any, overrides []string) []*Error {
	var errs []*Error
	for _, o := range overrides {
		pathText, value, ok := strings.Cut(o, "=")
		pathText = strings.TrimSpace(pathText)
		if !ok || pathText == "" {
			errs = append(errs, &Error{File: src.file, Set: o, Msg: "want path=value, e.g. experiment.seed=3"})
			continue
		}
		var p keyPath
		var err error
		if parts, perr := splitPath(pathText); perr == nil {
			if name, ok := paramOverride(parts); ok {
				p, err = setParam(src, root, name, strings.TrimSpace(value))
			} else {
				p, err = setPath(root, pathText, strings.TrimSpace(value))
			}
		} else {
			err = perr
		}
		if err != nil {
			errs = append(errs, &Error{File: src.file, Set: pathText, Msg: err.Error()})
			continue
		}
		if src.sets == nil {
			src.sets = map[string]string{}
		}
		src.sets[p.String()] = pathText
	}
	return errs
}

// parseValue reads an override value: a TOML value if it is one, else the
// text itself.
func parseValue(s string) any {
	var m map[string]any
	if _, err := toml.Decode("v = "+s, &m); err == nil && len(m) == 1 {
		if v, ok := m["v"]; ok {
			return v
		}
	}
	return s
}

// splitPath splits a dotted override path; a part may be "double quoted".
func splitPath(s string) ([]string, error) {
	var parts []string
	for {
		var part string
		if strings.HasPrefix(s, `"`) {
			end := 1
			for end < len(s) && s[end] != '"' {
				if s[end] == '\\' {
					end++
				}
				end++
			}
			if end >= len(s) {
				return nil, fmt.Errorf("unterminated quote in %q", s)
			}
			var err error
			if part, err = strconv.Unquote(s[:end+1]); err != nil {
				return nil, fmt.Errorf("bad quoted part %s", s[:end+1])
			}
			s = s[end+1:]
			if s == "" {
				return append(parts, part), nil
			}
			if s[0] != '.' {
				return nil, fmt.Errorf("want a dot after %q", part)
			}
			s = s[1:]
		} else {
			var found bool
			part, s, found = strings.Cut(s, ".")
			if part = strings.TrimSpace(part); part == "" {
				return nil, fmt.Errorf("empty part in path")
			}
			if !found {
				return append(parts, part), nil
			}
		}
		if s == "" {
			return nil, fmt.Errorf("path ends with a dot")
		}
		parts = append(parts, part)
	}
}

// setPath stores the value written as text at the dotted path in the
// document root, guided by the schema, and returns the canonical path it
// set. A string key takes text as it is, so experiment.name=1 needs no
// quotes; everything else gets parseValue(text).
func setPath(root map[string]any, pathText, text string) (keyPath, error) {
	value := parseValue(text)
	parts, err := splitPath(pathText)
	if err != nil {
		return nil, err
	}
	cur := root
	t := reflect.TypeFor[File]()
	var p keyPath
	for i := 0; i < len(parts); i++ {
		part, last := parts[i], i == len(parts)-1
		if t.Kind() == reflect.Map { // e.g. mix.RS
			if !last {
				return nil, fmt.Errorf("%s is a value, not a table", p.key(part))
			}
			cur[part] = value
			return p.key(part), nil
		}
		sec := t
		t = sectionType(t, cur)
		fields := fieldsOf(t)
		fi := -1
		for j, f := range fields {
			if f.name == part {
				fi = j
			}
		}
		if fi < 0 {
			allowed := fieldNames(fields)
			if msg, ok := sectionUnknownKey(sec, cur, part, allowed); ok {
				return nil, errors.New(msg)
			}
			return nil, fmt.Errorf("%s", unknownKey(part, tableName(p), allowed))
		}
		ft := t.Field(fields[fi].index).Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		p = p.key(part)
		if last {
			if _, isStr := value.(string); ft.Kind() == reflect.String && !isStr {
				value = text
			}
			cur[part] = value
			return p, nil
		}
		switch {
		case isLeafType(ft):
			return nil, fmt.Errorf("%s is a value, not a table; set it as a whole", p)
		case ft.Kind() == reflect.Slice: // an array of tables
			i++
			elems := tableElems(cur[part])
			k := findElem(elems, parts[i], p)
			if k < 0 {
				msg := fmt.Sprintf("no %s %q (have: %s)", part, parts[i], elemNames(elems, p))
				return nil, errors.New(msg + quoteHint(part, parts[i:], elems, p))
			}
			p = p.idx(k)
			if i == len(parts)-1 {
				return nil, fmt.Errorf("%s is a table; name a key inside it", p)
			}
			cur, t = elems[k], ft.Elem()
		default: // a table (struct) or a map
			sub, ok := cur[part].(map[string]any)
			if !ok {
				if _, exists := cur[part]; exists {
					return nil, fmt.Errorf("%s is not a table", p)
				}
				sub = map[string]any{}
				cur[part] = sub
			}
			cur, t = sub, ft
		}
	}
	return p, nil // not reached: the loop returns at the last part
}

// isLeafType reports whether values of t are set as a whole (quantities,
// distributions, numbers, strings, arrays of values).
func isLeafType(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	if pt.Implements(unmarshalerType) || pt.Implements(textUnmarshalerType) {
		return true
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return false
	case reflect.Slice:
		return !(t.Elem().Kind() == reflect.Struct && !isLeafType(t.Elem()))
	}
	return true
}

// tableElems returns the tables of an array of tables.
func tableElems(v any) []map[string]any {
	switch v := v.(type) {
	case []map[string]any:
		return v
	case []any:
		out := make([]map[string]any, 0, len(v))
		for _, e := range v {
			if m, ok := e.(map[string]any); ok {
				out = append(out, m)
			}
		}
		if len(out) == len(v) {
			return out
		}
	}
	return nil
}

// findElem finds an element of the array at p by name (a projection also
// by its default name "from->to") or by index; -1 if none matches.
func findElem(elems []map[string]any, sel string, p keyPath) int {
	for k, m := range elems {
		if elemName(p, m) == sel {
			return k
		}
	}
	if k, err := strconv.Atoi(sel); err == nil && k >= 0 && k < len(elems) && strconv.Itoa(k) == sel {
		return k
	}
	return -1
}

// elemNames lists how the elements of the array at p can be addressed.
// quoteHint suggests quoting when the path's parts, joined again, start
// with the name of an element that holds dots ("net.input->net.out", a
// projection's default name): such a name is one part only in quotes.
func quoteHint(table string, parts []string, elems []map[string]any, p keyPath) string {
	joined := strings.Join(parts, ".")
	for _, m := range elems {
		n := elemName(p, m)
		if strings.Contains(n, ".") && strings.HasPrefix(joined, n+".") {
			path := fmt.Sprintf("%s.%q.%s", table, n, joined[len(n)+1:])
			return fmt.Sprintf("; a name with dots is one part in quotes: %s (in a shell: --set '%s=...')", path, path)
		}
	}
	return ""
}

func elemNames(elems []map[string]any, p keyPath) string {
	if len(elems) == 0 {
		return "none"
	}
	names := make([]string, len(elems))
	for k, m := range elems {
		names[k] = strconv.Itoa(k)
		if n := elemName(p, m); n != "" {
			names[k] = strconv.Quote(n)
		}
	}
	return strings.Join(names, ", ")
}
