package configs

import (
	"bytes"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// near reports whether got is within a relative 1e-12 of want.
func near(got, want float64) bool {
	if want == 0 {
		return got == 0
	}
	return math.Abs(got-want) <= 1e-12*math.Abs(want)
}

func TestParseQuantity(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want float64
		dim  Dim
	}{
		{"20ms", 20, DimTime},
		{"-50 mV", -50, DimVoltage},
		{"5nS", 0.005, DimConductance},
		{"1.62mV", 1.62, DimVoltage},
		{"0.2nF", 0.2, DimCapacitance},
		{"100Hz", 100, DimFrequency},
		{"1s", 1000, DimTime},
		{"250pA", 0.25, DimCurrent},
		{"1.5e-3 s", 1.5, DimTime},
		{"2 kHz", 2000, DimFrequency},
		{"10 MOhm", 10, DimResistance},
		{"3kΩ", 0.003, DimResistance},
		{"1GOhm", 1000, DimResistance},
		{"4mm", 4, DimLength},
		{"400um", 0.4, DimLength},
		{"0.004m", 4, DimLength},
		{"0.2m/s", 0.2, DimVelocity},
		{"200mm/s", 0.2, DimVelocity},
		{"4µS", 4, DimConductance},
		{"4μS", 4, DimConductance}, // Greek mu
		{"4uS", 4, DimConductance},
		{"100us", 0.1, DimTime},
		{"1e3us", 1, DimTime},
		{"0.03V", 30, DimVoltage},
		{"2mA", 2e6, DimCurrent},
		{"7pF", 0.007, DimCapacitance},
		{"1uF", 1000, DimCapacitance},
		{"+3mV", 3, DimVoltage},
		{".5ms", 0.5, DimTime},
		{"  42  ", 42, Dimensionless},
		{"-1.5E2", -150, Dimensionless},
		{"1mS", 1000, DimConductance},
		{"1Ms", 1e9, DimTime},
	}
	for _, c := range cases {
		q, err := ParseQuantity(c.in)
		if err != nil {
			t.Errorf("ParseQuantity(%q): %v", c.in, err)
			continue
		}
		if !near(q.Value, c.want) || q.Dim != c.dim {
			t.Errorf("ParseQuantity(%q) = %v %s, want %v %s", c.in, q.Value, q.Dim, c.want, c.dim)
		}
	}
	// The conversion is exact on the decimal text.
	if a, b := mustQ(t, "0.1ms"), mustQ(t, "100us"); a.Value != b.Value || a.Value != 0.1 {
		t.Errorf("0.1ms = %v, 100us = %v, want both 0.1", a.Value, b.Value)
	}
	for _, bad := range []string{"", "ms", "abc", "20 q", "20 m/h", "20mv", "inf ms", "NaN", "1e99999ms", "1e400ms", "--5ms", "0x10ms", "20 ms extra", "5 sec"} {
		if q, err := ParseQuantity(bad); err == nil {
			t.Errorf("ParseQuantity(%q) = %v, want an error", bad, q)
		}
	}
}

func mustQ(t *testing.T, s string) Quantity {
	t.Helper()
	q, err := ParseQuantity(s)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestTypedUnits(t *testing.T) {
	t.Parallel()
	var tm Time
	err := tm.UnmarshalText([]byte("20mV"))
	if err == nil || err.Error() != `"20mV" has dimension voltage, want time (units: s, ms, us)` {
		t.Errorf("Time(20mV): %v", err)
	}
	err = tm.UnmarshalText([]byte("20"))
	if err == nil || err.Error() != `missing unit in "20"; write e.g. "20ms"` {
		t.Errorf("Time(20): %v", err)
	}
	var v Voltage
	if err := v.UnmarshalText([]byte("20 mv")); err == nil || !strings.Contains(err.Error(), "units: V, mV, uV") {
		t.Errorf("Voltage(20 mv): %v", err)
	}
	var g Conductance
	if err := g.UnmarshalText([]byte("5nS")); err != nil || !near(float64(g), 0.005) {
		t.Errorf("Conductance(5nS) = %v, %v", g, err)
	}
	var f Frequency
	if err := f.UnmarshalText([]byte("2 kHz")); err != nil || f != 2000 {
		t.Errorf("Frequency(2 kHz) = %v, %v", f, err)
	}
	var c Current
	if err := c.UnmarshalText([]byte("250pA")); err != nil || !near(float64(c), 0.25) {
		t.Errorf("Current(250pA) = %v, %v", c, err)
	}
	var cm Capacitance
	if err := cm.UnmarshalText([]byte("0.2nF")); err != nil || cm != 0.2 {
		t.Errorf("Capacitance(0.2nF) = %v, %v", cm, err)
	}

	// Readable output.
	for _, c := range []struct {
		m    interface{ MarshalText() ([]byte, error) }
		want string
	}{
		{Time(20), "20ms"}, {Time(1000), "1s"}, {Time(1500), "1.5s"}, {Time(0.1), "0.1ms"},
		{Time(0.0005), "0.5us"}, {Time(0), "0ms"}, {Voltage(-70.6), "-70.6mV"},
		{Current(0.0805), "0.0805nA"}, {Current(0.005), "5pA"}, {Conductance(0.004), "4nS"},
		{Conductance(1.5), "1.5uS"}, {Capacitance(0.281), "0.281nF"}, {Frequency(100), "100Hz"},
		{Quantity{Value: 10, Dim: DimResistance}, "10MOhm"}, {Quantity{Value: 0.5, Dim: Dimensionless}, "0.5"},
	} {
		b, err := c.m.MarshalText()
		if err != nil || string(b) != c.want {
			t.Errorf("MarshalText(%v) = %q, %v; want %q", c.m, b, err, c.want)
		}
	}
	if _, err := Time(math.NaN()).MarshalText(); err == nil {
		t.Error("MarshalText(NaN) gave no error")
	}

	// Round trips are exact for any value and dimension.
	rng := rand.New(rand.NewPCG(1, 1))
	for i := 0; i < 20000; i++ {
		x := (rng.Float64() - 0.5) * math.Pow(10, float64(rng.IntN(30)-15))
		if i%7 == 0 {
			x = math.Round(x*1000) / 1000
		}
		d := Dim(rng.IntN(int(DimVelocity) + 1))
		b, err := Quantity{Value: x, Dim: d}.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		q, err := ParseQuantity(string(b))
		if err != nil || q.Value != x || q.Dim != d {
			t.Fatalf("%v %s -> %q -> %v %s (%v)", x, d, b, q.Value, q.Dim, err)
		}
	}
}

func TestDist(t *testing.T) {
	t.Parallel()
	type doc struct {
		W *Dist `toml:"w"`
	}
	good := []struct {
		in   string
		want Dist
	}{
		{`w = "1.62mV"`, Dist{Kind: DistConst, A: Quantity{Value: 1.62, Dim: DimVoltage}}},
		{`w = 0.5`, Dist{Kind: DistConst, A: Quantity{Value: 0.5, Dim: Dimensionless}}},
		{`w = 2`, Dist{Kind: DistConst, A: Quantity{Value: 2, Dim: Dimensionless}}},
		{`w = { uniform = ["-60mV", "-50mV"] }`, Dist{Kind: DistUniform, A: Quantity{Value: -60, Dim: DimVoltage}, B: Quantity{Value: -50, Dim: DimVoltage}}},
		{`w = { normal = ["1mV", "0.1mV"] }`, Dist{Kind: DistNormal, A: Quantity{Value: 1, Dim: DimVoltage}, B: Quantity{Value: 0.1, Dim: DimVoltage}}},
		{`w = { normal = ["4nS", "1nS"], clip = ["0nS", "10nS"] }`, Dist{Kind: DistNormal, A: Quantity{Value: 0.004, Dim: DimConductance},
			B: Quantity{Value: 0.001, Dim: DimConductance}, Clip: &[2]Quantity{{Value: 0, Dim: DimConductance}, {Value: 0.01, Dim: DimConductance}}}},
		{`w = { uniform = [0.1, 1] }`, Dist{Kind: DistUniform, A: Quantity{Value: 0.1, Dim: Dimensionless}, B: Quantity{Value: 1, Dim: Dimensionless}}},
	}
	for _, c := range good {
		var d doc
		if _, err := toml.Decode(c.in, &d); err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if !reflect.DeepEqual(*d.W, c.want) {
			t.Errorf("%s: got %+v, want %+v", c.in, *d.W, c.want)
		}
		// MarshalTOML writes what UnmarshalTOML reads.
		var buf bytes.Buffer
		if err := toml.NewEncoder(&buf).Encode(d); err != nil {
			t.Errorf("%s: encode: %v", c.in, err)
			continue
		}
		var back doc
		if _, err := toml.Decode(buf.String(), &back); err != nil || !reflect.DeepEqual(back, d) {
			t.Errorf("%s: round trip via %q gave %+v, %v", c.in, buf.String(), back.W, err)
		}
	}
	bad := []struct{ in, want string }{
		{`w = { uniform = ["1mV", "2mV"], foo = 1 }`, `unknown key "foo" in distribution (allowed: uniform, normal, clip)`},
		{`w = { uniform = ["1mV", "2mV"], normal = ["1mV", "2mV"] }`, "exclusive"},
		{`w = { clip = ["1mV", "2mV"] }`, "needs uniform = [low, high] or normal = [mean, std]"},
		{`w = { uniform = ["1mV"] }`, "uniform wants two values"},
		{`w = { uniform = ["1mV", "2ms"] }`, "mixes dimensions voltage and time"},
		{`w = { uniform = ["2mV", "1mV"] }`, "uniform low 2mV is above high 1mV"},
		{`w = { normal = ["2mV", "-1mV"] }`, "std -1mV is negative"},
		{`w = { normal = ["2mV", "1mV"], clip = ["3mV", "1mV"] }`, "clip low 3mV is above high 1mV"},
		{`w = { normal = ["2mV", "1mV"], clip = ["0nS", "1nS"] }`, "mixes dimensions"},
		{`w = ["1mV"]`, "want a quantity"},
		{`w = "1 parsec"`, `unknown unit "parsec"`},
		{`w = nan`, "finite"},
	}
	for _, c := range bad {
		var d doc
		_, err := toml.Decode(c.in, &d)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.in, err, c.want)
		}
	}
	d := Dist{Kind: DistUniform, A: Quantity{Value: 1, Dim: DimTime}, B: Quantity{Value: 3, Dim: DimTime}, Clip: &[2]Quantity{{Value: 2, Dim: DimTime}, {Value: 2.5, Dim: DimTime}}}
	if lo, ok := d.Min(); !ok || lo != 2 {
		t.Errorf("Min = %v, %v; want 2", lo, ok)
	}
	if hi, ok := d.Max(); !ok || hi != 2.5 {
		t.Errorf("Max = %v, %v; want 2.5", hi, ok)
	}
	if _, ok := (Dist{Kind: DistNormal, A: Quantity{Value: 1, Dim: DimTime}, B: Quantity{Value: 1, Dim: DimTime}}).Min(); ok {
		t.Error("a normal without clip has a minimum")
	}
}

func FuzzParseQuantity(f *testing.F) {
	for _, s := range []string{"20ms", "-50 mV", "1.5e-3 s", "2 kHz", "10 MOhm", "4µS", "3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuantity(s)
		if err != nil {
			return
		}
		b, err := q.MarshalText()
		if err != nil {
			t.Fatalf("MarshalText(%v): %v", q, err)
		}
		back, err := ParseQuantity(string(b))
		if err != nil || back != q {
			t.Fatalf("%q -> %v -> %q -> %v, %v", s, q, b, back, err)
		}
	})
}
