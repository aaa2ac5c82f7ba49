package configs

import (
	"github.com/brainsim/brainsim/units"

	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Error is one problem in an experiment file. Its Error method gives exactly
// one line:
//
//	cuba.toml:14: projection "ee" connect.p: 1.5 is outside [0, 1]
//	cuba.toml:12: unknown key "tau_mm" in [[region.population]] (allowed: name, size, ...)
//	--set projection.ee.connect.p: projection "ee" connect.p: 1.5 is outside [0, 1]
//
// Load, LoadBytes, Resolve and Validate return every error they find joined
// with errors.Join, one *Error per line; use [Errors] to get them back.
type Error struct {
	File string // file name as given to Load or LoadBytes; may be empty
	Line int    // 1-based line in File; 0 when unknown
	Key  string // the key in readable form, e.g. `population "cortex.exc" tau_m`; may be empty
	Msg  string // what is wrong
	// Path is the key in canonical form, e.g. "region[0].population[1].tau_m".
	Path string
	// Set is the --set path as the user wrote it when the value comes from
	// an override; it replaces File:Line in the message.
	Set string
}

// Error returns the error as one line: "file:line: key: message".
func (e *Error) Error() string {
	var b strings.Builder
	switch {
	case e.Set != "":
		b.WriteString("--set " + e.Set)
	case e.File != "" && e.Line > 0:
		fmt.Fprintf(&b, "%s:%d", e.File, e.Line)
	default:
		b.WriteString(e.File)
	}
	for _, s := range []string{e.Key, e.Msg} {
		if s == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(": ")
		}
		b.WriteString(s)
	}
	return oneLine(b.String())
}

// oneLine replaces line breaks so an error message stays on one line.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(s)
}

// Errors returns the *Error values in err: err itself, or the errors joined
// by errors.Join. It returns nil for a nil err and wraps any other error in
// an *Error with only Msg set.
func Errors(err error) []*Error {
	if err == nil {
		return nil
	}
	var out []*Error
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var ce *Error
		if errors.As(err, &ce) {
			out = append(out, ce)
			return
		}
		out = append(out, &Error{Msg: err.Error()})
	}
	walk(err)
	return out
}

// joinErrors sorts errs by line (unknown lines last, in the order found)
// and joins them. It returns nil for no errors.
func joinErrors(errs []*Error) error {
	if len(errs) == 0 {
		return nil
	}
	slices.SortStableFunc(errs, func(a, b *Error) int {
		switch {
		case a.Line == b.Line:
			return 0
		case a.Line == 0:
			return 1
		case b.Line == 0:
			return -1
		}
		return a.Line - b.Line
	})
	list := make([]error, len(errs))
	for i, e := range errs {
		list[i] = e
	}
	return errors.Join(list...)
}

// keyPath is the location of a value in the document: keys and array
// indexes, e.g. region[0].population[1].tau_m.
type keyPath []pathElem

type pathElem struct {
	key   string
	index int // used when key == "" (an array element)
	isIdx bool
}

// key returns p with one more key; p itself is not modified.
func (p keyPath) key(k string) keyPath {
	return append(p[:len(p):len(p)], pathElem{key: k})
}

// idx returns p with one more array index; p itself is not modified.
func (p keyPath) idx(i int) keyPath {
	return append(p[:len(p):len(p)], pathElem{index: i, isIdx: true})
}

// String returns the canonical form, e.g. `region[0].population[1].tau_m`.
func (p keyPath) String() string {
	var b strings.Builder
	for i, e := range p {
		if e.isIdx {
			b.WriteString("[" + strconv.Itoa(e.index) + "]")
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(quoteKey(e.key))
	}
	return b.String()
}

// quoteKey quotes a key unless it is a TOML bare key.
func quoteKey(k string) string {
	if k == "" {
		return `""`
	}
	for _, r := range k {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return strconv.Quote(k)
		}
	}
	return k
}

const topLevel = "the top level"

// tableName is the header of the table p points into, for messages:
// "[[region.population]]", "[projection.connect]", "[experiment]" or
// "the top level".
func tableName(p keyPath) string {
	var keys []string
	for _, e := range p {
		if !e.isIdx {
			keys = append(keys, quoteKey(e.key))
		}
	}
	if len(keys) == 0 {
		return topLevel
	}
	if p[len(p)-1].isIdx {
		return "[[" + strings.Join(keys, ".") + "]]"
	}
	return "[" + strings.Join(keys, ".") + "]"
}

// namer gives the name of the array element at p (a region, a population
// or a projection), or "" when it has none.
type namer func(p keyPath) string

// display returns the readable form of p used in messages, e.g.
// `population "cortex.exc" tau_m` or `projection "ee" connect.p`.
func display(p keyPath, name namer) string {
	if len(p) < 2 || p[0].isIdx || !p[1].isIdx {
		return p.String()
	}
	var label string
	rest := p[2:]
	switch p[0].key {
	case "region":
		r := name(p[:2])
		if len(p) >= 4 && !p[2].isIdx && p[2].key == "population" && p[3].isIdx {
			pop := name(p[:4])
			if r == "" || pop == "" {
				return p.String()
			}
			label = fmt.Sprintf("population %q", r+"."+pop)
			rest = p[4:]
		} else if r != "" {
			label = fmt.Sprintf("region %q", r)
		}
	case "projection", "pathway":
		if n := name(p[:2]); n != "" {
			label = fmt.Sprintf("%s %q", p[0].key, n)
		}
	}
	if label == "" {
		return p.String()
	}
	if len(rest) > 0 {
		return label + " " + rest.String()
	}
	return label
}

// tomlType names the TOML type of a decoded value, for messages.
func tomlType(v any) string { return units.TOMLType(v) }

// TaskError returns an [Error] at key of the i-th [[task]] (file, line
// and key filled in as validation does), for problems found when the
// task's data is loaded. key "" points at the task itself.
func (f *File) TaskError(i int, key, msg string) error {
	p := keyPath{}.key("task").idx(i)
	if key != "" {
		p = p.key(key)
	}
	var src *source
	if f != nil {
		src = f.src
	}
	return src.errorAt(p, display(p, f.name), msg)
}
