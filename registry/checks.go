package registry

import (
	"slices"
	"strings"
)

// Checks the plug-ins share, reporting through Errs with the key.

// OneOf checks that v, the value of key, is one of allowed; what names
// the values in the message ("": the key). It reports whether v is.
func OneOf(e Errs, key, what, v string, allowed []string) bool {
	if slices.Contains(allowed, v) {
		return true
	}
	if what == "" {
		what = key
	}
	e.Errf(key, "unknown %s %q (allowed: %s)", what, v, strings.Join(allowed, ", "))
	return false
}

// Positive checks that x, the value of key, is > 0 (NaN is not); a
// quantity prints with its unit.
func Positive[T ~float64](e Errs, key string, x T) {
	if !(x > 0) {
		e.Errf(key, "must be > 0, got %v", x)
	}
}

// NonNeg checks that x, the value of key, is >= 0 (NaN is not).
func NonNeg[T ~float64](e Errs, key string, x T) {
	if !(x >= 0) {
		e.Errf(key, "must be >= 0, got %v", x)
	}
}
