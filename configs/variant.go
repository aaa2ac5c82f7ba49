package configs

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/BurntSushi/toml"
)

// Variants: one experiment file can describe several runs of the same
// network that differ in a few keys. Each [[variant]] has a name and the
// overrides of that run, in the syntax of --set:
//
//	[[variant]]
//	name = "slow"
//	set = { "experiment.duration" = "2s", "params.w_exc" = 0.5 }
//
//	[[variant]]
//	name = "big"
//	set = ["neurons=8000", "region.cortex.population.exc.tau_m=30ms"]
//
// set is either an inline table or an array of "path=value" strings. In the
// table form a key is an override path (quote it when it has dots) and the
// value is a TOML value; a nested table ({ experiment = { duration = "2s" } })
// is the same as its dotted keys. The array form is exactly --set: the value
// is read as TOML when it parses as TOML, else as a bare string, and
// "neurons==2*4000" sets a param to an expression evaluated with the
// variant's own params (in the table form a string "=..." is evaluated with
// the params of the base file, before the variant applies).
//
// [ExpandVariants] loads the base file once per variant with the variant's
// overrides applied before the command line's --set. A variant cannot set
// experiment.mode (all variants print in one table) nor [[variant]] itself.

// Variant is one [[variant]] section.
type Variant struct {
	Name string     `toml:"name,omitempty"` // required; unique; letters, digits, '.', '_', '-'
	Set  VariantSet `toml:"set"`            // required: the overrides, at least one
}

// VariantSet is the overrides of a variant as "path=value" strings, the
// syntax of --set, in the order they apply. It decodes from an inline table
// (keys sorted) or an array of strings, and encodes as the array.
type VariantSet []string

// UnmarshalTOML implements toml.Unmarshaler.
func (s *VariantSet) UnmarshalTOML(data any) error {
	var out []string
	switch v := data.(type) {
	case map[string]any:
		if err := flattenSet("", v, &out); err != nil {
			return err
		}
	case []any:
		for i, e := range v {
			str, ok := e.(string)
			if !ok {
				return fmt.Errorf("element %d: want a \"path=value\" string as for --set, got %s", i, tomlType(e))
			}
			out = append(out, str)
		}
	default:
		return fmt.Errorf(`want an inline table of overrides, e.g. { "experiment.duration" = "2s" }, or an array of "path=value" strings, got %s`, tomlType(data))
	}
	*s = out
	return nil
}

// flattenSet turns the table form of a variant's set into "path=value"
// overrides: a top-level key is a path as written (quoted keys may hold
// dots), keys of nested tables are appended as path parts.
func flattenSet(prefix string, m map[string]any, out *[]string) error {
	for _, k := range sortedKeys(m) {
		path := k
		if prefix != "" {
			path = prefix + "." + quotePart(k)
		}
		if sub, ok := m[k].(map[string]any); ok {
			if err := flattenSet(path, sub, out); err != nil {
				return err
			}
			continue
		}
		text, err := valueText(m[k])
		if err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
		*out = append(*out, path+"="+text)
	}
	return nil
}

// quotePart quotes an override path part that would not survive splitPath.
func quotePart(k string) string {
	if k != "" && !strings.ContainsAny(k, `."`) && strings.TrimSpace(k) == k {
		return k
	}
	return strconv.Quote(k)
}

// valueText writes a TOML value as override text that parseValue reads
// back to the same value.
func valueText(v any) (string, error) {
	switch v.(type) {
	case []map[string]any:
		return "", fmt.Errorf("an array of tables cannot be an override")
	case failedExpr:
		return "", fmt.Errorf("the expression failed") // reported where it was evaluated
	}
	var b bytes.Buffer
	if err := toml.NewEncoder(&b).Encode(map[string]any{"v": v}); err != nil {
		return "", err
	}
	text, ok := strings.CutPrefix(strings.TrimSpace(b.String()), "v = ")
	if !ok || strings.Contains(text, "\n") {
		return "", fmt.Errorf("cannot write %s as an override value", tomlType(v))
	}
	return text, nil
}

// variants checks the [[variant]] sections: names and the shape of the
// overrides. Whether the keys exist and the values fit is checked when the
// variants are expanded (ExpandVariants), because the overrides apply to the
// file as written.
func (v *validator) variants() {
	seen := map[string]int{}
	for i, vr := range v.f.Variant {
		p := keyPath{}.key("variant").idx(i)
		switch {
		case vr.Name == "":
			v.errf(p.key("name"), "missing: every [[variant]] needs a name")
		case !goodVariantName(vr.Name):
			v.errf(p.key("name"), "name %q: want letters, digits, '.', '_' and '-', not starting with '.' or '-' (it names the variant's records folder)", vr.Name)
		default:
			if j, dup := seen[vr.Name]; dup {
				v.errf(p.key("name"), "name %q is used twice (also variant[%d])", vr.Name, j)
			} else {
				seen[vr.Name] = i
			}
		}
		if len(vr.Set) == 0 {
			v.errf(p.key("set"), `missing or empty: want at least one override, e.g. set = { "experiment.duration" = "2s" }`)
		}
		for k, o := range vr.Set {
			path, _, ok := strings.Cut(o, "=")
			path = strings.TrimSpace(path)
			at := p.key("set").idx(k)
			if !ok || path == "" {
				v.errf(at, "%q: want path=value as for --set, e.g. experiment.duration=2s", o)
				continue
			}
			parts, err := splitPath(path)
			if err != nil {
				v.errf(at, "%s: %v", path, err)
				continue
			}
			switch {
			case parts[0] == "variant":
				v.errf(at, "%s: a variant cannot set [[variant]]", path)
			case len(parts) == 2 && parts[0] == "experiment" && parts[1] == "mode":
				v.errf(at, "%s: a variant cannot change the mode (the variants share one result table); write a second file", path)
			}
		}
	}
}

// goodVariantName reports whether name is safe as a folder name.
func goodVariantName(name string) bool {
	if name == "" || name[0] == '.' || name[0] == '-' {
		return false
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != '_' && r != '-' {
			return false
		}
	}
	return true
}

// ExpandVariants returns one File per [[variant]] of f, in file order, each
// with no variants of its own; nil when f has none. load must load the
// base experiment of f with the given overrides first and the command
// line's --set after them, e.g.
//
//	configs.ExpandVariants(f, func(o []string) (*configs.File, error) {
//		return configs.Resolve(target, append(o, sets...))
//	})
//
// Errors in a variant's overrides are reported at the variant: file, line,
// the key variant[i].set.<path> and what is wrong; other errors the
// overrides cause name the variant. All errors of all variants are
// returned, joined.
func ExpandVariants(f *File, load func(overrides []string) (*File, error)) ([]*File, error) {
	if len(f.Variant) == 0 {
		return nil, nil
	}
	var out []*File
	var errs []*Error
	for i, vr := range f.Variant {
		g, err := load(slices.Clone([]string(vr.Set)))
		if err != nil {
			errs = append(errs, f.variantErrors(i, err)...)
			continue
		}
		if g == nil {
			errs = append(errs, &Error{File: f.srcFile(), Key: fmt.Sprintf("variant[%d]", i), Msg: "internal error: the loader returned no file"})
			continue
		}
		g.Variant = nil
		out = append(out, g)
	}
	if len(errs) > 0 {
		return nil, joinErrors(errs)
	}
	return out, nil
}

// variantErrors places the errors of loading variant i at the variant.
func (f *File) variantErrors(i int, err error) []*Error {
	vr := f.Variant[i]
	var out []*Error
	for _, e := range Errors(err) {
		ne := *e
		k := slices.IndexFunc(vr.Set, func(o string) bool {
			path, _, _ := strings.Cut(o, "=")
			return e.Set != "" && strings.TrimSpace(path) == e.Set
		})
		if k < 0 {
			ne.Msg = strings.TrimSpace(ne.Msg + fmt.Sprintf(" (in variant %q)", vr.Name))
			out = append(out, &ne)
			continue
		}
		msg := e.Msg
		if e.Key != "" {
			msg = e.Key + ": " + msg
		}
		ne = Error{
			File: f.srcFile(),
			Line: f.variantLine(i, k, e.Set),
			Key:  fmt.Sprintf("variant[%d].set.%s", i, e.Set),
			Msg:  msg,
			Path: keyPath{}.key("variant").idx(i).key("set").String() + "." + e.Set,
		}
		out = append(out, &ne)
	}
	return out
}

// variantLine returns the line of override k (path) of variant i: the key
// of the table form, the element of the array form, or the set key.
func (f *File) variantLine(i, k int, path string) int {
	if f.src == nil || f.src.idx == nil {
		return 0
	}
	set := keyPath{}.key("variant").idx(i).key("set")
	cands := []keyPath{set.key(path), set.idx(k)}
	if parts, err := splitPath(path); err == nil {
		p := set
		for _, part := range parts {
			p = p.key(part)
		}
		cands = append(cands, p)
	}
	for _, c := range cands {
		if l, ok := f.src.idx.lines[c.String()]; ok {
			return l
		}
	}
	return f.src.idx.line(set)
}
