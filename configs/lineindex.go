package configs

import (
	"sort"
	"strconv"
	"strings"
)

// lineIndex maps canonical key paths ("region[0].population[1].tau_m",
// "projection[2].connect.p", "population.spike_times[1][0]") to the line they
// are written on. BurntSushi/toml records one position per key name, so for
// keys inside arrays of tables it only knows the last occurrence; this index
// tracks every element.
//
// It is built by a small scanner that follows [table] and [[array]] headers
// (with a running index per array), dotted keys, inline tables and arrays,
// and skips strings and comments. It runs only on text the TOML parser has
// accepted, and it never fails: on text it does not understand it records
// less.
type lineIndex struct {
	lines map[string]int
	// deep is the line of the first key, array or inline table nested
	// deeper than maxNesting, 0 if none. Such values are skipped.
	deep int
	// params lists the keys of the top-level [params] table in the order
	// they are written.
	params []string
}

// maxNesting bounds the nesting of arrays and inline tables and the parts
// of a dotted key. The schema needs 3 levels; the bound keeps indexing (and
// the TOML parser, which is quadratic in the depth of inline tables) fast on
// pathological input.
const maxNesting = 32

// line returns the line of p, or of its closest ancestor that is written in
// the file; 0 when none is.
func (ix *lineIndex) line(p keyPath) int {
	if ix == nil {
		return 0
	}
	for n := len(p); n > 0; n-- {
		if l, ok := ix.lines[p[:n].String()]; ok {
			return l
		}
	}
	return 0
}

// indexLines builds the line index of src.
func indexLines(src string) *lineIndex {
	s := &scanner{src: src, ix: &lineIndex{lines: map[string]int{}}, arrays: map[string]int{}}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			s.nl = append(s.nl, i)
		}
	}
	s.document()
	return s.ix
}

type scanner struct {
	src    string
	i      int
	nl     []int // offsets of '\n'
	ix     *lineIndex
	arrays map[string]int // array of tables (canonical path) -> elements so far
	table  keyPath        // the table the current key/value pairs belong to
	depth  int            // arrays and inline tables open around s.i
}

// lineAt returns the 1-based line of byte offset off.
func (s *scanner) lineAt(off int) int {
	return sort.SearchInts(s.nl, off) + 1
}

func (s *scanner) record(p keyPath, off int) {
	k := p.String()
	if _, ok := s.ix.lines[k]; !ok {
		s.ix.lines[k] = s.lineAt(off)
		if len(p) == 2 && !p[0].isIdx && p[0].key == paramsKey && !p[1].isIdx {
			s.ix.params = append(s.ix.params, p[1].key)
		}
	}
}

func (s *scanner) eof() bool { return s.i >= len(s.src) }

func (s *scanner) peek() byte {
	if s.eof() {
		return 0
	}
	return s.src[s.i]
}

// skipSpace skips blanks and, when nl is set, newlines and comments too.
func (s *scanner) skipSpace(nl bool) {
	for !s.eof() {
		switch c := s.src[s.i]; {
		case c == ' ' || c == '\t':
			s.i++
		case nl && (c == '\n' || c == '\r'):
			s.i++
		case nl && c == '#':
			s.skipLine()
		default:
			return
		}
	}
}

// skipLine moves past the end of the current line.
func (s *scanner) skipLine() {
	for !s.eof() && s.src[s.i] != '\n' {
		s.i++
	}
	if !s.eof() {
		s.i++
	}
}

func (s *scanner) document() {
	for {
		s.skipSpace(true)
		if s.eof() {
			return
		}
		start := s.i
		if s.peek() == '[' {
			s.header()
		} else {
			s.keyValue(s.table)
		}
		s.skipSpace(false)
		if s.peek() == '#' || s.peek() == '\n' || s.peek() == '\r' || s.i == start {
			s.skipLine()
		}
	}
}

// header reads [a.b] or [[a.b]] and makes it the current table.
func (s *scanner) header() {
	start := s.i
	s.i++ // '['
	array := s.peek() == '['
	if array {
		s.i++
	}
	s.skipSpace(false)
	keys := s.keys()
	s.skipSpace(false)
	if len(keys) == 0 || s.tooDeep(len(keys), start) {
		s.skipLine()
		return
	}
	var p keyPath
	for n, k := range keys {
		p = p.key(k)
		last := n == len(keys)-1
		c, isArr := s.arrays[p.String()]
		switch {
		case last && array:
			s.record(p, start)
			s.arrays[p.String()] = c + 1
			p = p.idx(c)
		case isArr && c > 0:
			p = p.idx(c - 1)
		}
	}
	s.record(p, start)
	s.table = p
	for !s.eof() && s.src[s.i] == ']' {
		s.i++
	}
}

// keys reads a dotted key: bare or quoted parts separated by dots.
func (s *scanner) keys() []string {
	var keys []string
	for !s.eof() {
		s.skipSpace(false)
		k, ok := s.key()
		if !ok {
			break
		}
		keys = append(keys, k)
		s.skipSpace(false)
		if s.peek() != '.' {
			break
		}
		s.i++
	}
	return keys
}

// key reads one bare or quoted key.
func (s *scanner) key() (string, bool) {
	switch s.peek() {
	case '"':
		start := s.i
		s.skipString()
		raw := s.src[start:s.i]
		if k, err := strconv.Unquote(raw); err == nil {
			return k, true
		}
		return strings.Trim(raw, `"`), true
	case '\'':
		start := s.i
		s.skipString()
		return strings.Trim(s.src[start:s.i], "'"), true
	}
	start := s.i
	for !s.eof() && !strings.ContainsRune(" \t\r\n.=[]{},#\"'", rune(s.src[s.i])) {
		s.i++
	}
	return s.src[start:s.i], s.i > start
}

// keyValue reads `a.b = value` in table t.
func (s *scanner) keyValue(t keyPath) {
	start := s.i
	keys := s.keys()
	s.skipSpace(false)
	if len(keys) == 0 || s.peek() != '=' || s.tooDeep(len(keys), start) {
		if s.i == start {
			s.i++
		}
		return
	}
	s.i++ // '='
	p := t
	for _, k := range keys {
		p = p.key(k)
		s.record(p, start)
	}
	s.skipSpace(false)
	s.value(p)
}

// tooDeep records a dotted key of more than maxNesting parts at offset off.
func (s *scanner) tooDeep(parts, off int) bool {
	if parts <= maxNesting {
		return false
	}
	if s.ix.deep == 0 {
		s.ix.deep = s.lineAt(off)
	}
	return true
}

// value reads one value at path p.
func (s *scanner) value(p keyPath) {
	switch c := s.peek(); {
	case (c == '{' || c == '[') && s.depth >= maxNesting:
		if s.ix.deep == 0 {
			s.ix.deep = s.lineAt(s.i)
		}
		s.skipNested()
	case c == '{':
		s.depth++
		defer func() { s.depth-- }()
		s.i++
		for {
			s.skipSpace(true)
			switch s.peek() {
			case 0:
				return
			case '}':
				s.i++
				return
			case ',':
				s.i++
				continue
			}
			before := s.i
			s.keyValue(p)
			if s.i == before {
				s.i++
			}
		}
	case c == '[':
		s.depth++
		defer func() { s.depth-- }()
		s.i++
		for n := 0; ; {
			s.skipSpace(true)
			switch s.peek() {
			case 0:
				return
			case ']':
				s.i++
				return
			case ',':
				s.i++
				continue
			}
			before := s.i
			s.record(p.idx(n), s.i)
			s.value(p.idx(n))
			n++
			if s.i == before {
				s.i++
			}
		}
	case c == '"' || c == '\'':
		s.skipString()
	default:
		for !s.eof() && !strings.ContainsRune(",]}#\r\n", rune(s.src[s.i])) {
			s.i++
		}
	}
}

// skipNested moves past a (deeply) nested array or inline table without
// recursion.
func (s *scanner) skipNested() {
	open := 0
	for !s.eof() {
		switch s.src[s.i] {
		case '"', '\'':
			s.skipString()
			continue
		case '#':
			s.skipLine()
			continue
		case '[', '{':
			open++
		case ']', '}':
			open--
		}
		s.i++
		if open <= 0 {
			return
		}
	}
}

// skipString moves past a basic, literal or multi-line string.
func (s *scanner) skipString() {
	q := s.src[s.i]
	if strings.HasPrefix(s.src[s.i:], strings.Repeat(string(q), 3)) {
		s.i += 3
		for !s.eof() {
			if q == '"' && s.src[s.i] == '\\' {
				s.i += 2
				continue
			}
			if strings.HasPrefix(s.src[s.i:], strings.Repeat(string(q), 3)) {
				s.i += 3
				for n := 0; n < 2 && s.peek() == q; n++ { // up to two quotes end the content
					s.i++
				}
				return
			}
			s.i++
		}
		s.i = min(s.i, len(s.src))
		return
	}
	s.i++
	for !s.eof() {
		c := s.src[s.i]
		switch {
		case q == '"' && c == '\\':
			s.i += 2
			continue
		case c == q:
			s.i++
			return
		case c == '\n':
			return
		}
		s.i++
	}
	s.i = min(s.i, len(s.src))
}
