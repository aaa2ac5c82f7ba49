package units

import (
	"math"
	"strings"
	"testing"
)

// TestParseQuantity: values come out in the internal units (ms, mV, nA,
// µS, nF, Hz) with their dimension, and print in the unit of their
// dimension with a prefix (a number without a unit is dimensionless).
func TestParseQuantity(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   string
		v    float64
		d    Dim
		back string
	}{
		{"20ms", 20, DimTime, "20ms"},
		{"1s", 1000, DimTime, "1s"},
		{"-65mV", -65, DimVoltage, "-65mV"},
		{"0.25nF", 0.25, DimCapacitance, "0.25nF"},
		{"5Hz", 5, DimFrequency, "5Hz"},
		{"1nS", 0.001, DimConductance, "1nS"},
		{"10pA", 0.01, DimCurrent, "0.01nA"},
	} {
		q, err := ParseQuantity(c.in)
		if err != nil || q.Dim != c.d || math.Abs(q.Value-c.v) > 1e-12*math.Abs(c.v) {
			t.Errorf("ParseQuantity(%q) = %v %v, %v; want %v %v", c.in, q.Value, q.Dim, err, c.v, c.d)
			continue
		}
		if s := q.String(); s != c.back {
			t.Errorf("%q prints as %q, want %q", c.in, s, c.back)
		}
	}
	for _, bad := range []string{"20 parsecs", "mV", "1e400mV"} {
		if _, err := ParseQuantity(bad); err == nil {
			t.Errorf("ParseQuantity(%q): no error", bad)
		}
	}
}

// TestDistCheck: a distribution's parts must share one dimension and be
// in order.
func TestDistCheck(t *testing.T) {
	t.Parallel()
	mv := func(v float64) Quantity { return Quantity{Value: v, Dim: DimVoltage} }
	for _, c := range []struct {
		d    Dist
		want string
	}{
		{Dist{Kind: DistUniform, A: mv(-50), B: mv(-60)}, "above high"},
		{Dist{Kind: DistNormal, A: mv(0), B: mv(-1)}, "negative"},
		{Dist{Kind: DistNormal, A: mv(0), B: Quantity{Value: 1, Dim: DimTime}}, "mixes dimensions"},
		{Dist{Kind: DistConst, A: mv(1), Clip: &[2]Quantity{mv(0), mv(2)}}, "clip needs uniform or normal"},
	} {
		if err := c.d.Check(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want an error containing %q", c.d, err, c.want)
		}
	}
	if err := (Dist{Kind: DistUniform, A: mv(-60), B: mv(-50)}).Check(); err != nil {
		t.Error(err)
	}
}
