package units

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
)

// Dist is a value that is either a constant or drawn per neuron or per
// synapse from a distribution. In a file it is written as
//
//	weight = "1.62mV"                                            # const
//	weight = 0.5                                                 # const, dimensionless
//	v_init = { uniform = ["-60mV", "-50mV"] }                    # low, high
//	weight = { normal = ["4nS", "1nS"], clip = ["0nS", "10nS"] } # mean, std
//
// clip (with uniform or normal) clamps every drawn value into [lo, hi]. All
// parts share one dimension.
type Dist struct {
	Kind string       // "const", "uniform" or "normal"
	A, B Quantity     // const: value A; uniform: low A, high B; normal: mean A, std B
	Clip *[2]Quantity // optional bounds every drawn value is clamped to
}

// Distribution kinds.
const (
	DistConst   = "const"
	DistUniform = "uniform"
	DistNormal  = "normal"
)

// distKeys are the keys a distribution table may hold.
var distKeys = []string{"uniform", "normal", "clip"}

// Const returns a constant distribution.
func Const(q Quantity) Dist { return Dist{Kind: DistConst, A: q} }

// Dim returns the dimension shared by all parts of the distribution.
func (d Dist) Dim() Dim { return d.A.Dim }

// Min returns the smallest value the distribution can produce; ok is false
// when it is unbounded below (a normal without clip).
func (d Dist) Min() (v float64, ok bool) {
	switch d.Kind {
	case DistConst:
		return d.A.Value, true
	case DistUniform:
		v, ok = d.A.Value, true
	default:
		v, ok = math.Inf(-1), false
	}
	if d.Clip != nil && d.Kind != DistConst {
		return math.Max(v, d.Clip[0].Value), true
	}
	return v, ok
}

// Max returns the largest value the distribution can produce; ok is false
// when it is unbounded above (a normal without clip).
func (d Dist) Max() (v float64, ok bool) {
	switch d.Kind {
	case DistConst:
		return d.A.Value, true
	case DistUniform:
		v, ok = d.B.Value, true
	default:
		v, ok = math.Inf(1), false
	}
	if d.Clip != nil && d.Kind != DistConst {
		return math.Min(v, d.Clip[1].Value), true
	}
	return v, ok
}

// UnmarshalTOML implements toml.Unmarshaler: v is a string quantity, a
// number or an inline table (see [Dist]).
func (d *Dist) UnmarshalTOML(v any) error {
	var out Dist
	switch v := v.(type) {
	case string:
		q, err := ParseQuantity(v)
		if err != nil {
			return err
		}
		out = Const(q)
	case int64:
		out = Const(Quantity{Value: float64(v)})
	case float64:
		out = Const(Quantity{Value: v})
	case map[string]any:
		keys := slices.Sorted(maps.Keys(v))
		for _, k := range keys {
			if !slices.Contains(distKeys, k) {
				return fmt.Errorf("unknown key %q in distribution (allowed: %s)", k, strings.Join(distKeys, ", "))
			}
		}
		_, u := v["uniform"]
		_, n := v["normal"]
		switch {
		case u && n:
			return errors.New("uniform and normal are exclusive; give one")
		case u:
			out.Kind = DistUniform
		case n:
			out.Kind = DistNormal
		default:
			return errors.New("a distribution needs uniform = [low, high] or normal = [mean, std]")
		}
		var err error
		if out.A, out.B, err = quantityPair(out.Kind, v[out.Kind]); err != nil {
			return err
		}
		if c, ok := v["clip"]; ok {
			lo, hi, err := quantityPair("clip", c)
			if err != nil {
				return err
			}
			out.Clip = &[2]Quantity{lo, hi}
		}
	default:
		return fmt.Errorf("want a quantity such as \"1mV\", a number, or a table such as { uniform = [low, high] }; got %s", TOMLType(v))
	}
	if err := out.Check(); err != nil {
		return err
	}
	*d = out
	return nil
}

// quantityPair decodes a two-element array of quantities.
func quantityPair(key string, v any) (Quantity, Quantity, error) {
	arr, ok := v.([]any)
	if !ok {
		return Quantity{}, Quantity{}, fmt.Errorf("%s wants two values [a, b], got %s", key, TOMLType(v))
	}
	if len(arr) != 2 {
		return Quantity{}, Quantity{}, fmt.Errorf("%s wants two values [a, b], got %d", key, len(arr))
	}
	var q [2]Quantity
	for i, e := range arr {
		switch e := e.(type) {
		case string:
			var err error
			if q[i], err = ParseQuantity(e); err != nil {
				return Quantity{}, Quantity{}, fmt.Errorf("%s: %w", key, err)
			}
		case int64:
			q[i] = Quantity{Value: float64(e)}
		case float64:
			q[i] = Quantity{Value: e}
		default:
			return Quantity{}, Quantity{}, fmt.Errorf("%s wants quantities such as \"1mV\", got %s", key, TOMLType(e))
		}
	}
	return q[0], q[1], nil
}

// Check reports an inconsistent distribution.
func (d Dist) Check() error {
	parts := []Quantity{d.A}
	switch d.Kind {
	case DistConst:
		if d.Clip != nil {
			return errors.New("clip needs uniform or normal")
		}
	case DistUniform, DistNormal:
		parts = append(parts, d.B)
	default:
		return fmt.Errorf("unknown distribution kind %q (allowed: const, uniform, normal)", d.Kind)
	}
	if d.Clip != nil {
		parts = append(parts, d.Clip[0], d.Clip[1])
	}
	for _, p := range parts {
		if math.IsNaN(p.Value) || math.IsInf(p.Value, 0) {
			return errors.New("values must be finite")
		}
		if p.Dim != d.A.Dim {
			return fmt.Errorf("mixes dimensions %s and %s; all parts must have the same dimension", d.A.Dim, p.Dim)
		}
	}
	switch {
	case d.Kind == DistUniform && d.A.Value > d.B.Value:
		return fmt.Errorf("uniform low %s is above high %s", d.A, d.B)
	case d.Kind == DistNormal && d.B.Value < 0:
		return fmt.Errorf("normal std %s is negative", d.B)
	case d.Clip != nil && d.Clip[0].Value > d.Clip[1].Value:
		return fmt.Errorf("clip low %s is above high %s", d.Clip[0], d.Clip[1])
	}
	return nil
}

// MarshalTOML implements toml.Marshaler: a quoted quantity, a number or an
// inline table, the same forms UnmarshalTOML reads.
func (d Dist) MarshalTOML() ([]byte, error) {
	if err := d.Check(); err != nil {
		return nil, err
	}
	if d.Kind == DistConst {
		s, err := tomlQuantity(d.A)
		return []byte(s), err
	}
	a, err := tomlQuantity(d.A)
	if err != nil {
		return nil, err
	}
	b, err := tomlQuantity(d.B)
	if err != nil {
		return nil, err
	}
	s := fmt.Sprintf("{%s = [%s, %s]", d.Kind, a, b)
	if d.Clip != nil {
		lo, err := tomlQuantity(d.Clip[0])
		if err != nil {
			return nil, err
		}
		hi, err := tomlQuantity(d.Clip[1])
		if err != nil {
			return nil, err
		}
		s += fmt.Sprintf(", clip = [%s, %s]", lo, hi)
	}
	return []byte(s + "}"), nil
}

// String returns the distribution as written in a file.
func (d Dist) String() string {
	b, err := d.MarshalTOML()
	if err != nil {
		return fmt.Sprintf("invalid distribution (%v)", err)
	}
	return string(b)
}

// tomlQuantity writes q as a TOML value: a float for a dimensionless
// quantity, a quoted string otherwise.
func tomlQuantity(q Quantity) (string, error) {
	s, err := FormatQuantity(q.Value, q.Dim)
	if err != nil {
		return "", err
	}
	if q.Dim == Dimensionless {
		if !strings.ContainsAny(s, ".e") {
			s += ".0"
		}
		return s, nil
	}
	return `"` + s + `"`, nil
}

// TOMLType names the type of a parsed TOML value for messages ("string
// \"x\"", "integer 3", "table").
func TOMLType(v any) string {
	switch v := v.(type) {
	case nil:
		return "nothing"
	case string:
		return fmt.Sprintf("string %q", v)
	case int64:
		return fmt.Sprintf("integer %d", v)
	case float64:
		return fmt.Sprintf("float %v", v)
	case bool:
		return fmt.Sprintf("boolean %v", v)
	case time.Time:
		return "datetime"
	case []any:
		return "array"
	case []map[string]any:
		return "array of tables"
	case map[string]any:
		return "table"
	}
	return fmt.Sprintf("%T", v)
}
