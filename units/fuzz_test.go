package units

import (
	"math"
	"testing"
)

// FuzzParseQuantity parses arbitrary text as a quantity (issue 18): a
// value or an error, never a panic; a finite value writes back
// (FormatQuantity) to text that parses to the same value and dimension.
//
//	go test ./units -run XXX -fuzz FuzzParseQuantity -fuzztime 10m -parallel 1
func FuzzParseQuantity(f *testing.F) {
	for _, s := range []string{"20ms", "-50 mV", "1.5e-3 s", "2 kHz", "10 MOhm", "0.1ms", "100us", "1", "-0", "1e400 s",
		"3 nS", "0.2nA", "5 pF", "1e-320 mV", ".5ms", "5.ms", "1_000 Hz", "nan", "inf mV", "1 ms ms", "µs", "1 uS"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuantity(s)
		if err != nil || math.IsNaN(q.Value) || math.IsInf(q.Value, 0) {
			return
		}
		text, err := FormatQuantity(q.Value, q.Dim)
		if err != nil {
			t.Fatalf("%q parsed to %v %v, which does not write: %v", s, q.Value, q.Dim, err)
		}
		back, err := ParseQuantity(text)
		if err != nil || back.Value != q.Value || back.Dim != q.Dim {
			t.Fatalf("%q -> %v %v -> %q -> %v %v (%v)", s, q.Value, q.Dim, text, back.Value, back.Dim, err)
		}
	})
}
