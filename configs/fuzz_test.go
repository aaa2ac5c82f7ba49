package configs

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

// The fuzz targets of the loader (issue 18). Each runs its corpus
// (testdata/fuzz/<name>: what 10-minute runs found interesting, and the
// f.Add calls) in every `go test`; the runs and their counts of
// executions are in BENCHMARKS.md:
//
//	go test ./configs -run XXX -fuzz FuzzLoad -fuzztime 10m -parallel 1

// FuzzLoad feeds arbitrary bytes to the TOML loader: it returns a File or
// errors, never panics; every error line is one line; a file that loads
// encodes and loads again.
func FuzzLoad(f *testing.F) {
	for _, s := range Shipped() {
		data, _ := ShippedText(s.Name)
		f.Add(data)
	}
	f.Add([]byte(""))
	f.Add([]byte("[experiment]\nname = \"x\"\nduration = \"=1+\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := LoadBytes("fuzz.toml", data, nil)
		if err != nil {
			for _, e := range Errors(err) {
				if strings.ContainsAny(e.Error(), "\n") {
					t.Fatalf("error with a newline: %q", e.Error())
				}
			}
			return
		}
		var buf bytes.Buffer
		if err := Encode(&buf, file); err != nil {
			t.Fatalf("a loaded file does not encode: %v", err)
		}
		if _, err := LoadBytes("again.toml", buf.Bytes(), nil); err != nil {
			t.Fatalf("a loaded file, encoded, does not load again: %v\n%s", err, buf.Bytes())
		}
	})
}

// FuzzOverride applies an arbitrary --set key=value to a valid file: an
// error or a file, never a panic.
func FuzzOverride(f *testing.F) {
	base, ok := ShippedText("quickstart")
	if !ok {
		f.Fatal("no quickstart")
	}
	for _, kv := range []string{"experiment.duration=2s", "experiment.seed=3", "region.cortex.population.exc.size=400",
		"projection.0.connect.p=0.05", `projection."cortex.exc->cortex.exc".synapse.weight=1mV`, "x=1", "region.0.population.9.size=1",
		"experiment.duration==2*3 s", "report.columns=[\"rate_hz\"]", "a.b.c.d.e.f=[[[1]]]"} {
		f.Add(kv)
	}
	f.Fuzz(func(t *testing.T, kv string) {
		if !strings.Contains(kv, "=") {
			return // the flag refuses it before the loader sees it
		}
		if _, err := LoadBytes("quickstart.toml", base, []string{kv}); err != nil {
			for _, e := range Errors(err) {
				if strings.ContainsAny(e.Error(), "\n") {
					t.Fatalf("error with a newline: %q", e.Error())
				}
			}
		}
	})
}

// FuzzExpr evaluates arbitrary expressions (the "=..." values of a
// config) with two names defined: a finite value or an error, never a
// panic.
func FuzzExpr(f *testing.F) {
	for _, s := range []string{"0.8*neurons", "1.62*w mV", "2^10", "-(1+2)*3/4", "sqrt(neurons)", "min(1, 2, w)",
		"exp(1000)", "1/0", "((((((1))))))", "neurons neurons", "1e308*10", "log(-1)", "round(2.5) ms"} {
		f.Add(s)
	}
	lookup := func(name string) (float64, error) {
		switch name {
		case "neurons":
			return 4000, nil
		case "w":
			return 0.5, nil
		}
		return 0, errSkip
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, unit, err := evalExpr(s, lookup)
		if err != nil {
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("%q = %v (%q) without an error", s, v, unit)
		}
		if !utf8.ValidString(unit) && utf8.ValidString(s) {
			t.Fatalf("%q: unit %q is not UTF-8", s, unit)
		}
	})
}
