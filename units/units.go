// Package units parses and prints the physical quantities of brainsim's
// configuration files: numbers with SI units and prefixes ("20ms",
// "-65mV", "0.25nF", "5Hz"), held in brainsim's internal units (ms, mV,
// nA, µS, nF, Hz). The typed quantities (Time, Voltage, Current,
// Conductance, Capacitance, Frequency) decode from and encode to TOML
// strings; Quantity carries its dimension.
package units

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Dim is the physical dimension of a quantity.
type Dim int

// The dimensions a quantity can have. Each has one internal unit, the unit
// every parsed value is converted to.
const (
	Dimensionless  Dim = iota // a plain number
	DimTime                   // ms
	DimVoltage                // mV
	DimCurrent                // nA
	DimConductance            // µS
	DimCapacitance            // nF
	DimFrequency              // Hz
	DimResistance             // MΩ
	DimLength                 // mm
	DimVelocity               // m/s (= mm/ms)
)

var dimNames = [...]string{
	Dimensionless:  "dimensionless",
	DimTime:        "time",
	DimVoltage:     "voltage",
	DimCurrent:     "current",
	DimConductance: "conductance",
	DimCapacitance: "capacitance",
	DimFrequency:   "frequency",
	DimResistance:  "resistance",
	DimLength:      "length",
	DimVelocity:    "velocity",
}

// String returns the dimension's name: "time", "voltage", ...
func (d Dim) String() string {
	if d >= 0 && int(d) < len(dimNames) {
		return dimNames[d]
	}
	return fmt.Sprintf("Dim(%d)", int(d))
}

// unitInfo describes how a dimension is written. exp10 is the power of ten
// that converts the SI base unit to the internal unit (1 s = 1e3 ms).
type unitInfo struct {
	base     string   // SI base unit symbol as written in files
	exp10    int      // SI base unit -> internal unit
	internal string   // the internal unit, for messages
	common   []string // units listed in error messages
}

var unitTable = map[Dim]unitInfo{
	DimTime:        {"s", 3, "ms", []string{"s", "ms", "us"}},
	DimVoltage:     {"V", 3, "mV", []string{"V", "mV", "uV"}},
	DimCurrent:     {"A", 9, "nA", []string{"uA", "nA", "pA"}},
	DimConductance: {"S", 6, "uS", []string{"mS", "uS", "nS"}},
	DimCapacitance: {"F", 9, "nF", []string{"uF", "nF", "pF"}},
	DimFrequency:   {"Hz", 0, "Hz", []string{"Hz", "kHz"}},
	DimResistance:  {"Ohm", -6, "MOhm", []string{"Ohm", "kOhm", "MOhm", "GOhm"}},
	DimLength:      {"m", 3, "mm", []string{"m", "mm", "um"}},
	DimVelocity:    {"m/s", 0, "m/s", []string{"m/s", "mm/s"}},
}

// baseUnits maps every accepted base-unit spelling to its dimension.
var baseUnits = map[string]Dim{
	"s": DimTime, "V": DimVoltage, "A": DimCurrent, "S": DimConductance,
	"F": DimCapacitance, "Hz": DimFrequency,
	"Ohm": DimResistance, "ohm": DimResistance,
	"\u03a9": DimResistance, // Greek capital omega
	"\u2126": DimResistance, // ohm sign
	"m":      DimLength, "m/s": DimVelocity,
}

// prefixes maps an SI prefix to its power of ten.
var prefixes = map[string]int{
	"p": -12, "n": -9, "u": -6, "µ": -6, "μ": -6, "m": -3, "k": 3, "M": 6, "G": 9,
}

// Quantity is a number with a dimension. Value is in the internal unit of
// Dim: ms, mV, nA, µS, nF, Hz, MΩ, mm or m/s.
type Quantity struct {
	Value float64
	Dim   Dim
}

// ParseQuantity parses a number with an optional unit, such as "20ms",
// "-50 mV", "1.5e-3 s", "2 kHz" or "10 MOhm", and converts it to the internal
// unit of its dimension. A bare number is Dimensionless. The conversion is
// done on the decimal text, so "0.1ms" and "100us" give the same float64.
func ParseQuantity(s string) (Quantity, error) {
	mant, exp, unit, err := splitQuantity(s)
	if err != nil {
		return Quantity{}, err
	}
	if unit == "" {
		v, err := parseShifted(s, mant, exp, 0)
		return Quantity{Value: v, Dim: Dimensionless}, err
	}
	dim, shift, ok := ParseUnit(unit)
	if !ok {
		return Quantity{}, fmt.Errorf("unknown unit %q in %q (prefixes p n u m k M G; units s V A S F Ohm Hz m m/s)", unit, s)
	}
	v, err := parseShifted(s, mant, exp, shift)
	return Quantity{Value: v, Dim: dim}, err
}

// splitQuantity splits s into the decimal mantissa (sign, digits and point),
// the decimal exponent and the unit text.
func splitQuantity(s string) (mant string, exp int, unit string, err error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return "", 0, "", errors.New("empty value; write a number with a unit, e.g. \"20ms\"")
	}
	i := 0
	if t[0] == '+' || t[0] == '-' {
		i++
	}
	digits := 0
	for i < len(t) && IsDigit(t[i]) {
		i++
		digits++
	}
	if i < len(t) && t[i] == '.' {
		i++
		for i < len(t) && IsDigit(t[i]) {
			i++
			digits++
		}
	}
	if digits == 0 {
		return "", 0, "", fmt.Errorf("%q is not a number with a unit (e.g. \"20ms\", \"-50mV\")", s)
	}
	mant = t[:i]
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		j := i + 1
		if j < len(t) && (t[j] == '+' || t[j] == '-') {
			j++
		}
		k := j
		for k < len(t) && IsDigit(t[k]) {
			k++
		}
		if k > j { // an exponent; otherwise "e" starts the unit (none does)
			e, perr := strconv.Atoi(t[i+1 : k])
			if perr != nil || e > 1000 || e < -1000 {
				return "", 0, "", fmt.Errorf("%q is out of range", s)
			}
			exp = e
			i = k
		}
	}
	unit = strings.TrimSpace(t[i:])
	return mant, exp, unit, nil
}

// ParseUnit splits a unit into an optional SI prefix and a base unit and
// returns its dimension and the power of ten to the internal unit.
func ParseUnit(u string) (Dim, int, bool) {
	if d, ok := baseUnits[u]; ok {
		return d, unitTable[d].exp10, true
	}
	_, n := utf8.DecodeRuneInString(u)
	p, ok := prefixes[u[:n]]
	if !ok {
		return 0, 0, false
	}
	d, ok := baseUnits[u[n:]]
	if !ok {
		return 0, 0, false
	}
	return d, p + unitTable[d].exp10, true
}

// parseShifted parses mant*10^(exp+shift) with one correctly rounded
// conversion.
func parseShifted(orig, mant string, exp, shift int) (float64, error) {
	v, err := strconv.ParseFloat(mant+"e"+strconv.Itoa(exp+shift), 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is out of range", orig)
	}
	return v, nil
}

func IsDigit(c byte) bool { return '0' <= c && c <= '9' }

// formatShifted writes v*10^-shift as a short decimal. The shift is done on
// the text of v's shortest representation, so parseShifted with the same
// shift gives back exactly v.
func formatShifted(v float64, shift int) string {
	s := strconv.FormatFloat(v, 'e', -1, 64) // [-]d[.ddd]e±XX
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	epos := strings.IndexByte(s, 'e')
	exp, _ := strconv.Atoi(s[epos+1:])
	digits := strings.Replace(s[:epos], ".", "", 1)
	dp := exp + 1 - shift // digits before the decimal point
	var out string
	switch {
	case digits == "0":
		out = "0"
	case dp <= 0 && dp > -6:
		out = "0." + strings.Repeat("0", -dp) + digits
	case dp > 0 && dp <= 21:
		if dp >= len(digits) {
			out = digits + strings.Repeat("0", dp-len(digits))
		} else {
			out = digits[:dp] + "." + digits[dp:]
		}
	default:
		out = digits[:1]
		if len(digits) > 1 {
			out += "." + digits[1:]
		}
		out += "e" + strconv.Itoa(dp-1)
	}
	if neg {
		out = "-" + out
	}
	return out
}

// FormatQuantity writes v (in the internal unit of d) with a readable unit.
// The text parses back to exactly v.
func FormatQuantity(v float64, d Dim) (string, error) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "", fmt.Errorf("cannot write %v %s as a quantity", v, d)
	}
	if d == Dimensionless {
		return formatShifted(v, 0), nil
	}
	info, ok := unitTable[d]
	if !ok {
		return "", fmt.Errorf("unknown dimension %s", d)
	}
	prefix := pickPrefix(math.Abs(v), d)
	return formatShifted(v, prefixes[prefix]+info.exp10) + prefix + info.base, nil
}

// pickPrefix chooses the SI prefix for a value a = |v| in the internal unit.
func pickPrefix(a float64, d Dim) string {
	switch d {
	case DimTime: // ms
		switch {
		case a >= 1000:
			return ""
		case a != 0 && a < 1e-3:
			return "u"
		}
		return "m"
	case DimVoltage: // mV
		if a != 0 && a < 1e-3 {
			return "u"
		}
		return "m"
	case DimCurrent: // nA
		switch {
		case a >= 1000:
			return "u"
		case a != 0 && a < 1e-2:
			return "p"
		}
		return "n"
	case DimConductance: // µS
		if a < 1 {
			return "n"
		}
		return "u"
	case DimCapacitance: // nF
		if a != 0 && a < 1e-2 {
			return "p"
		}
		return "n"
	case DimResistance: // MΩ
		if a != 0 && a < 1 {
			return "k"
		}
		return "M"
	case DimLength: // mm
		switch {
		case a >= 1000:
			return ""
		case a != 0 && a < 0.1:
			return "u"
		}
		return "m"
	}
	return "" // Hz
}

// String returns the quantity with a readable unit, e.g. "20ms".
func (q Quantity) String() string {
	s, err := FormatQuantity(q.Value, q.Dim)
	if err != nil {
		return fmt.Sprintf("%v (%s)", q.Value, q.Dim)
	}
	return s
}

// MarshalText writes the quantity with a readable unit; the text parses back
// to the same value.
func (q Quantity) MarshalText() ([]byte, error) {
	s, err := FormatQuantity(q.Value, q.Dim)
	return []byte(s), err
}

// UnmarshalText parses any quantity; see [ParseQuantity].
func (q *Quantity) UnmarshalText(text []byte) error {
	v, err := ParseQuantity(string(text))
	if err != nil {
		return err
	}
	*q = v
	return nil
}

// unitHint is the list of common units of d, for messages.
func unitHint(d Dim) string {
	if d == Dimensionless {
		return "a plain number"
	}
	return "units: " + strings.Join(unitTable[d].common, ", ")
}

// Example writes a number with the internal unit of d, e.g. "20ms".
func Example(num string, d Dim) string {
	if d == Dimensionless {
		return num
	}
	return num + unitTable[d].internal
}

// parseTyped parses text as a quantity of dimension want.
func parseTyped(text string, want Dim) (float64, error) {
	t := strings.TrimSpace(text)
	mant, exp, unit, err := splitQuantity(t)
	switch {
	case err != nil && t == "":
		return 0, fmt.Errorf("empty value; write e.g. %q", Example("1", want))
	case err != nil:
		return 0, fmt.Errorf("%q is not a %s; write e.g. %q", t, want, Example("1", want))
	case unit == "" && want != Dimensionless:
		return 0, fmt.Errorf("missing unit in %q; write e.g. %q", t, Example(t, want))
	}
	dim, shift := Dimensionless, 0
	if unit != "" {
		var ok bool
		if dim, shift, ok = ParseUnit(unit); !ok {
			return 0, fmt.Errorf("unknown unit %q in %q; want %s (%s)", unit, t, want, unitHint(want))
		}
	}
	if dim != want {
		return 0, fmt.Errorf("%q has dimension %s, want %s (%s)", t, dim, want, unitHint(want))
	}
	return parseShifted(t, mant, exp, shift)
}

// Time is a duration in ms, written with a unit: "20ms", "1s", "250us".
type Time float64

// Voltage is a potential in mV, written with a unit: "-65mV", "0.03V".
type Voltage float64

// Current is a current in nA, written with a unit: "0.5nA", "250pA".
type Current float64

// Conductance is a conductance in µS, written with a unit: "4nS", "0.03uS".
type Conductance float64

// Capacitance is a capacitance in nF, written with a unit: "0.25nF", "281pF".
type Capacitance float64

// Frequency is a rate in Hz, written with a unit: "10Hz", "2kHz".
type Frequency float64

// UnmarshalText parses a time such as "20ms" or "1.5e-3 s" into ms.
func (t *Time) UnmarshalText(b []byte) error { return setTyped(b, DimTime, (*float64)(t)) }

// UnmarshalText parses a voltage such as "-50 mV" into mV.
func (v *Voltage) UnmarshalText(b []byte) error { return setTyped(b, DimVoltage, (*float64)(v)) }

// UnmarshalText parses a current such as "250pA" into nA.
func (c *Current) UnmarshalText(b []byte) error { return setTyped(b, DimCurrent, (*float64)(c)) }

// UnmarshalText parses a conductance such as "5nS" into µS.
func (g *Conductance) UnmarshalText(b []byte) error {
	return setTyped(b, DimConductance, (*float64)(g))
}

// UnmarshalText parses a capacitance such as "0.2nF" into nF.
func (c *Capacitance) UnmarshalText(b []byte) error {
	return setTyped(b, DimCapacitance, (*float64)(c))
}

// UnmarshalText parses a frequency such as "100Hz" or "2 kHz" into Hz.
func (f *Frequency) UnmarshalText(b []byte) error { return setTyped(b, DimFrequency, (*float64)(f)) }

func setTyped(b []byte, d Dim, dst *float64) error {
	v, err := parseTyped(string(b), d)
	if err != nil {
		return err
	}
	*dst = v
	return nil
}

// MarshalText writes the time with a readable unit, e.g. "20ms" or "1s".
func (t Time) MarshalText() ([]byte, error) { return Quantity{float64(t), DimTime}.MarshalText() }

// MarshalText writes the voltage in mV, e.g. "-65mV".
func (v Voltage) MarshalText() ([]byte, error) {
	return Quantity{float64(v), DimVoltage}.MarshalText()
}

// MarshalText writes the current, e.g. "0.5nA" or "5pA".
func (c Current) MarshalText() ([]byte, error) {
	return Quantity{float64(c), DimCurrent}.MarshalText()
}

// MarshalText writes the conductance, e.g. "4nS" or "1.5uS".
func (g Conductance) MarshalText() ([]byte, error) {
	return Quantity{float64(g), DimConductance}.MarshalText()
}

// MarshalText writes the capacitance, e.g. "0.25nF".
func (c Capacitance) MarshalText() ([]byte, error) {
	return Quantity{float64(c), DimCapacitance}.MarshalText()
}

// MarshalText writes the frequency in Hz, e.g. "100Hz".
func (f Frequency) MarshalText() ([]byte, error) {
	return Quantity{float64(f), DimFrequency}.MarshalText()
}

// String returns the time with a readable unit, e.g. "20ms".
func (t Time) String() string { return Quantity{float64(t), DimTime}.String() }

// String returns the voltage with its unit, e.g. "-65mV".
func (v Voltage) String() string { return Quantity{float64(v), DimVoltage}.String() }

// String returns the current with a readable unit, e.g. "0.5nA".
func (c Current) String() string { return Quantity{float64(c), DimCurrent}.String() }

// String returns the conductance with a readable unit, e.g. "4nS".
func (g Conductance) String() string { return Quantity{float64(g), DimConductance}.String() }

// String returns the capacitance with a readable unit, e.g. "0.25nF".
func (c Capacitance) String() string { return Quantity{float64(c), DimCapacitance}.String() }

// String returns the frequency with its unit, e.g. "100Hz".
func (f Frequency) String() string { return Quantity{float64(f), DimFrequency}.String() }

// Quantity types report their dimension (for catalogues such as brainsim
// list models).
func (Time) Dim() Dim        { return DimTime }
func (Voltage) Dim() Dim     { return DimVoltage }
func (Current) Dim() Dim     { return DimCurrent }
func (Conductance) Dim() Dim { return DimConductance }
func (Capacitance) Dim() Dim { return DimCapacitance }
func (Frequency) Dim() Dim   { return DimFrequency }

// Length is a distance in mm, written with a unit: "4mm", "400um", "0.004m".
type Length float64

// Velocity is a speed in m/s (mm/ms), written with a unit: "0.2m/s",
// "200mm/s".
type Velocity float64

// UnmarshalText parses a length such as "400um" into mm.
func (l *Length) UnmarshalText(b []byte) error { return setTyped(b, DimLength, (*float64)(l)) }

// UnmarshalText parses a speed such as "0.2m/s" into m/s.
func (v *Velocity) UnmarshalText(b []byte) error { return setTyped(b, DimVelocity, (*float64)(v)) }

// MarshalText writes the length, e.g. "4mm" or "400um".
func (l Length) MarshalText() ([]byte, error) { return Quantity{float64(l), DimLength}.MarshalText() }

// MarshalText writes the speed in m/s, e.g. "0.2m/s".
func (v Velocity) MarshalText() ([]byte, error) {
	return Quantity{float64(v), DimVelocity}.MarshalText()
}

// String returns the length with a readable unit, e.g. "4mm".
func (l Length) String() string { return Quantity{float64(l), DimLength}.String() }

// String returns the speed, e.g. "0.2m/s".
func (v Velocity) String() string { return Quantity{float64(v), DimVelocity}.String() }

func (Length) Dim() Dim   { return DimLength }
func (Velocity) Dim() Dim { return DimVelocity }
