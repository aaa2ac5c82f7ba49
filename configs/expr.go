package configs

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Expressions are TOML strings that start with "=": arithmetic over the
// [params] table, evaluated before the strict decoder sees the document.
//
//	size = "=0.8*neurons"
//	p = "=in_degree/neurons"
//	weight = "=1.62*scale mV"      # a unit after the expression: "<value>mV"
//
// Grammar (usual precedence; ^ binds tighter than unary minus and is right
// associative, so -2^2 = -4 and 2^3^2 = 512):
//
//	expr    = term { ("+" | "-") term }
//	term    = unary { ("*" | "/") unary }
//	unary   = ("-" | "+") unary | power
//	power   = primary [ "^" unary ]
//	primary = number | name | name "(" expr { "," expr } ")" | "(" expr ")"
//
// Numbers are decimal with an optional exponent (3, 0.8, .5, 1e3, 2.5E-2).
// A name is a param ([A-Za-z_][A-Za-z0-9_]*). The functions are round (half
// away from zero), floor, ceil, min, max (one or more arguments), sqrt, exp
// and log (natural). Every intermediate result must be a finite number.

// exprFuncs are the functions an expression may call, with their number of
// arguments (-1: one or more).
var exprFuncs = []struct {
	name string
	args int
	f    func(a []float64) float64
}{
	{"round", 1, func(a []float64) float64 { return math.Round(a[0]) }},
	{"floor", 1, func(a []float64) float64 { return math.Floor(a[0]) }},
	{"ceil", 1, func(a []float64) float64 { return math.Ceil(a[0]) }},
	{"min", -1, func(a []float64) float64 {
		m := a[0]
		for _, v := range a[1:] {
			m = math.Min(m, v)
		}
		return m
	}},
	{"max", -1, func(a []float64) float64 {
		m := a[0]
		for _, v := range a[1:] {
			m = math.Max(m, v)
		}
		return m
	}},
	{"sqrt", 1, func(a []float64) float64 { return math.Sqrt(a[0]) }},
	{"exp", 1, func(a []float64) float64 { return math.Exp(a[0]) }},
	{"log", 1, func(a []float64) float64 { return math.Log(a[0]) }},
}

func funcNames() string {
	names := make([]string, len(exprFuncs))
	for i, f := range exprFuncs {
		names[i] = f.name
	}
	return strings.Join(names, ", ")
}

// maxExprDepth bounds the nesting of parentheses and unary operators.
const maxExprDepth = 100

// errSkip is returned by a lookup for a name whose own evaluation failed
// (already reported); the expression fails without a message of its own.
var errSkip = errors.New("skip")

// evalExpr evaluates the expression text (without the leading "="). lookup
// gives the value of a name. A unit after the expression ("1.62*w mV") is
// returned separately and must be a known unit; it is "" when there is none.
func evalExpr(text string, lookup func(name string) (float64, error)) (v float64, unit string, err error) {
	p := &exprParser{s: text, lookup: lookup}
	p.space()
	if p.eof() {
		return 0, "", errors.New("empty expression; write e.g. \"=0.8*neurons\"")
	}
	v, err = p.expr(0)
	if err != nil {
		return 0, "", err
	}
	p.space()
	if rest := strings.TrimSpace(p.s[p.i:]); rest != "" {
		if _, _, ok := parseUnit(rest); ok {
			return v, rest, nil
		}
		if isUnitLike(rest) {
			return 0, "", fmt.Errorf("unknown unit %q after the expression (prefixes p n u m k M G; units s V A S F Ohm Hz)", rest)
		}
		return 0, "", p.syntax("want an operator (+ - * / ^) or a unit")
	}
	return v, "", nil
}

// isUnitLike reports whether s is one word of letters, as a unit is.
func isUnitLike(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == 'µ' || r == '\u03bc' || r == '\u03a9' || r == '\u2126') {
			return false
		}
	}
	return true
}

type exprParser struct {
	s      string
	i      int
	lookup func(string) (float64, error)
}

func (p *exprParser) eof() bool { return p.i >= len(p.s) }

func (p *exprParser) space() {
	for !p.eof() && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

// accept skips blanks and consumes c if it comes next.
func (p *exprParser) accept(c byte) bool {
	p.space()
	if !p.eof() && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

// syntax returns a syntax error at the current position.
func (p *exprParser) syntax(want string) error {
	p.space()
	if p.eof() {
		return fmt.Errorf("syntax error: the expression ends early; %s", want)
	}
	rest := p.s[p.i:]
	if len(rest) > 20 {
		n := 20
		for n > 0 && !utf8.RuneStart(rest[n]) {
			n--
		}
		rest = rest[:n] + "..."
	}
	return fmt.Errorf("syntax error at %q (character %d): %s", rest, utf8.RuneCountInString(p.s[:p.i])+2, want)
}

func (p *exprParser) expr(depth int) (float64, error) {
	v, err := p.term(depth)
	for err == nil {
		switch {
		case p.accept('+'):
			var w float64
			if w, err = p.term(depth); err == nil {
				v, err = finite(v+w, func() string { return num(v) + " + " + num(w) })
			}
		case p.accept('-'):
			var w float64
			if w, err = p.term(depth); err == nil {
				v, err = finite(v-w, func() string { return num(v) + " - " + num(w) })
			}
		default:
			return v, nil
		}
	}
	return 0, err
}

func (p *exprParser) term(depth int) (float64, error) {
	v, err := p.unary(depth)
	for err == nil {
		switch {
		case p.accept('*'):
			var w float64
			if w, err = p.unary(depth); err == nil {
				v, err = finite(v*w, func() string { return num(v) + " * " + num(w) })
			}
		case p.accept('/'):
			var w float64
			if w, err = p.unary(depth); err == nil {
				if w == 0 {
					return 0, fmt.Errorf("division by zero (%s / 0)", num(v))
				}
				v, err = finite(v/w, func() string { return num(v) + " / " + num(w) })
			}
		default:
			return v, nil
		}
	}
	return 0, err
}

func (p *exprParser) unary(depth int) (float64, error) {
	if depth > maxExprDepth {
		return 0, fmt.Errorf("nested deeper than %d levels", maxExprDepth)
	}
	switch {
	case p.accept('-'):
		v, err := p.unary(depth + 1)
		return -v, err
	case p.accept('+'):
		return p.unary(depth + 1)
	}
	return p.power(depth)
}

func (p *exprParser) power(depth int) (float64, error) {
	v, err := p.primary(depth)
	if err != nil || !p.accept('^') {
		return v, err
	}
	w, err := p.unary(depth + 1)
	if err != nil {
		return 0, err
	}
	return finite(math.Pow(v, w), func() string { return num(v) + " ^ " + num(w) })
}

func (p *exprParser) primary(depth int) (float64, error) {
	p.space()
	if p.eof() {
		return 0, p.syntax(`want a number, a name or "("`)
	}
	c := p.s[p.i]
	switch {
	case c == '(':
		p.i++
		v, err := p.expr(depth + 1)
		if err != nil {
			return 0, err
		}
		if !p.accept(')') {
			return 0, p.syntax(`want ")"`)
		}
		return v, nil
	case isDigit(c) || c == '.':
		return p.number()
	case isNameStart(c):
		start := p.i
		for !p.eof() && isNameChar(p.s[p.i]) {
			p.i++
		}
		name := p.s[start:p.i]
		p.space()
		if !p.eof() && p.s[p.i] == '(' {
			p.i++
			return p.call(name, depth)
		}
		return p.lookup(name)
	}
	return 0, p.syntax(`want a number, a name or "("`)
}

// number reads a decimal number with an optional exponent.
func (p *exprParser) number() (float64, error) {
	start, digits := p.i, 0
	for !p.eof() && isDigit(p.s[p.i]) {
		p.i++
		digits++
	}
	if !p.eof() && p.s[p.i] == '.' {
		p.i++
		for !p.eof() && isDigit(p.s[p.i]) {
			p.i++
			digits++
		}
	}
	if digits == 0 {
		p.i = start
		return 0, p.syntax("want a number")
	}
	if !p.eof() && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		j := p.i + 1
		if j < len(p.s) && (p.s[j] == '+' || p.s[j] == '-') {
			j++
		}
		k := j
		for k < len(p.s) && isDigit(p.s[k]) {
			k++
		}
		if k > j { // an exponent; otherwise the e starts a unit or a name
			p.i = k
		}
	}
	text := p.s[start:p.i]
	v, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, fmt.Errorf("number %s is out of range", text)
	}
	return v, nil
}

// call evaluates name(args...); the "(" has been read.
func (p *exprParser) call(name string, depth int) (float64, error) {
	fi := -1
	for i, f := range exprFuncs {
		if f.name == name {
			fi = i
		}
	}
	if fi < 0 {
		return 0, fmt.Errorf("unknown function %q (functions: %s)", name, funcNames())
	}
	var args []float64
	if !p.accept(')') {
		for {
			v, err := p.expr(depth + 1)
			if err != nil {
				return 0, err
			}
			args = append(args, v)
			if p.accept(')') {
				break
			}
			if !p.accept(',') {
				return 0, p.syntax(`want "," or ")"`)
			}
		}
	}
	f := exprFuncs[fi]
	switch {
	case f.args < 0 && len(args) == 0:
		return 0, fmt.Errorf("%s needs at least one argument", name)
	case f.args > 0 && len(args) != f.args:
		return 0, fmt.Errorf("%s takes %d argument, got %d", name, f.args, len(args))
	case name == "sqrt" && args[0] < 0:
		return 0, fmt.Errorf("sqrt of a negative number (%s)", num(args[0]))
	case name == "log" && args[0] <= 0:
		return 0, fmt.Errorf("log of a number <= 0 (%s)", num(args[0]))
	}
	return finite(f.f(args), func() string { return name + "(" + joinNums(args) + ")" })
}

func isNameStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isNameChar(c byte) bool  { return isNameStart(c) || isDigit(c) }

// isName reports whether s can be used as a name in expressions.
func isName(s string) bool {
	if s == "" || !isNameStart(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isNameChar(s[i]) {
			return false
		}
	}
	return true
}

// finite returns v, or an error when v is not a finite number; what
// describes the operation.
func finite(v float64, what func() string) (float64, error) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%s is not a finite number", what())
	}
	return v, nil
}

// num writes v in its shortest form, e.g. 0.02, 3200, 1e+21.
func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func joinNums(vs []float64) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = num(v)
	}
	return strings.Join(s, ", ")
}
