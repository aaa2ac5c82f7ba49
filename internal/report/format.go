package report

import (
	"math"
	"strconv"
	"strings"
)

// kind is how a float column is shown to people.
type kind int

const (
	kindSig3 kind = iota // three significant digits
	kindRate             // two decimals
	kindPerS             // three significant digits, e-notation from 1e6
)

func columnKind(key string) kind {
	switch {
	case strings.HasSuffix(key, "_per_s"):
		return kindPerS
	case strings.HasSuffix(key, "_hz"), strings.HasPrefix(key, "rate"):
		return kindRate
	}
	return kindSig3
}

// MeanSD is a mean and a standard deviation: the table and markdown
// formats show it as "mean ± sd" (each as its column's numbers), CSV and
// JSON as the mean alone (give the sd its own column there).
type MeanSD struct{ Mean, SD float64 }

// isNumber reports whether v is a Go number (or a MeanSD or a vector of
// numbers).
func isNumber(v any) bool {
	switch v.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64,
		float32, float64, MeanSD, []float64:
		return true
	}
	return false
}

// asFloat returns v as a float64 when v is a float.
func asFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	}
	return 0, false
}

// asInt returns v as an int64 (or uint64, for large unsigned values) when v
// is an integer.
func asInt(v any) (i int64, u uint64, unsigned, ok bool) {
	switch x := v.(type) {
	case int:
		return int64(x), 0, false, true
	case int8:
		return int64(x), 0, false, true
	case int16:
		return int64(x), 0, false, true
	case int32:
		return int64(x), 0, false, true
	case int64:
		return x, 0, false, true
	case uint:
		return 0, uint64(x), true, true
	case uint8:
		return 0, uint64(x), true, true
	case uint16:
		return 0, uint64(x), true, true
	case uint32:
		return 0, uint64(x), true, true
	case uint64:
		return 0, x, true, true
	}
	return 0, 0, false, false
}

// human formats one cell for the table and markdown renderers.
func human(key string, v any) string {
	if v == nil {
		return ""
	}
	if f, ok := asFloat(v); ok {
		return humanFloat(columnKind(key), f)
	}
	if i, u, unsigned, ok := asInt(v); ok {
		if unsigned {
			return groupDigits(strconv.FormatUint(u, 10))
		}
		return groupDigits(strconv.FormatInt(i, 10))
	}
	switch x := v.(type) {
	case MeanSD:
		k := columnKind(key)
		return humanFloat(k, x.Mean) + " ± " + humanFloat(k, x.SD)
	case []float64:
		s := make([]string, len(x))
		for i, f := range x {
			s[i] = humanFloat(columnKind(key), f)
		}
		return strings.Join(s, " ")
	}
	return plain(v)
}

func humanFloat(k kind, f float64) string {
	switch {
	case math.IsNaN(f):
		return "n/a"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	switch k {
	case kindRate:
		return groupDigits(strconv.FormatFloat(f, 'f', 2, 64))
	case kindPerS:
		return sig3(f, 1e6)
	}
	return sig3(f, 1e9)
}

// sig3 formats f with three significant digits: fixed notation for
// 1e-4 <= |f| < eFrom (integer part kept in full), e-notation otherwise.
func sig3(f, eFrom float64) string {
	a := math.Abs(f)
	if a == 0 {
		return "0"
	}
	if a < 1e-4 || a >= eFrom {
		return shortExp(strconv.FormatFloat(f, 'e', 2, 64))
	}
	// Decimals so that three significant digits show. The magnitude is
	// taken after rounding, so 9.996 becomes "10.0", not "10.00".
	mag := int(math.Floor(math.Log10(a)))
	dec := max(2-mag, 0)
	s := strconv.FormatFloat(f, 'f', dec, 64)
	if r, _ := strconv.ParseFloat(s, 64); math.Abs(r) >= math.Pow(10, float64(mag+1)) && dec > 0 {
		s = strconv.FormatFloat(f, 'f', dec-1, 64)
	}
	return groupDigits(s)
}

// shortExp turns Go's "1.23e+08" into "1.23e8" and "1.23e-05" into "1.23e-5".
func shortExp(s string) string {
	i := strings.IndexByte(s, 'e')
	if i < 0 {
		return s
	}
	mant, exp := s[:i], s[i+1:]
	sign := ""
	if exp[0] == '-' {
		sign = "-"
	}
	exp = strings.TrimLeft(exp[1:], "0")
	if exp == "" {
		exp = "0"
	}
	return mant + "e" + sign + exp
}

// groupDigits inserts thousands separators into the integer part of a
// decimal number string.
func groupDigits(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	if len(intPart) <= 3 {
		return sign + s
	}
	var b strings.Builder
	lead := len(intPart) % 3
	if lead > 0 {
		b.WriteString(intPart[:lead])
	}
	for i := lead; i < len(intPart); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(intPart[i : i+3])
	}
	return sign + b.String() + frac
}

// machine formats one cell for CSV: full precision, no grouping; a
// MeanSD as its mean, a vector as its numbers separated by spaces.
func machine(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case MeanSD:
		return machine(x.Mean)
	case []float64:
		s := make([]string, len(x))
		for i, f := range x {
			s[i] = machine(f)
		}
		return strings.Join(s, " ")
	}
	if f, ok := asFloat(v); ok {
		bits := 64
		if _, is32 := v.(float32); is32 {
			bits = 32
		}
		switch {
		case math.IsNaN(f):
			return "NaN"
		case math.IsInf(f, 1):
			return "+Inf"
		case math.IsInf(f, -1):
			return "-Inf"
		}
		return strconv.FormatFloat(f, 'g', -1, bits)
	}
	if i, u, unsigned, ok := asInt(v); ok {
		if unsigned {
			return strconv.FormatUint(u, 10)
		}
		return strconv.FormatInt(i, 10)
	}
	return plain(v)
}

// plain formats a non-number.
func plain(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case interface{ String() string }:
		return x.String()
	case error:
		return x.Error()
	}
	b, err := MarshalJSON(v)
	if err != nil {
		return "?"
	}
	return string(b)
}

// Format returns v as the table and markdown renderers show it in the
// column named key (see the package doc for the rules).
func Format(key string, v any) string { return human(key, v) }
