package connectors

import (
	"fmt"
	"strconv"

	"github.com/brainsim/brainsim/units"
)

// Span is a distance on a sheet: a plain number, in units of the sheet's
// side (sigma = 0.1), or a length (sigma = "0.4mm") on sheets with a side.
type Span struct {
	V      float64 // sides, or mm when Length
	Length bool
}

// UnmarshalTOML takes a number or a length.
func (s *Span) UnmarshalTOML(data any) error {
	switch v := data.(type) {
	case int64:
		*s = Span{V: float64(v)}
	case float64:
		*s = Span{V: v}
	case string:
		q, err := units.ParseQuantity(v)
		if err != nil {
			return err
		}
		switch q.Dim {
		case units.Dimensionless:
			*s = Span{V: q.Value}
		case units.DimLength:
			*s = Span{V: q.Value, Length: true}
		default:
			return fmt.Errorf("%q has dimension %s; want a length (\"0.4mm\") or a number of sheet sides", v, q.Dim)
		}
	default:
		return fmt.Errorf("want a length (\"0.4mm\") or a number of sheet sides, got %T", data)
	}
	return nil
}

// MarshalTOML writes the span back as it was given.
func (s Span) MarshalTOML() ([]byte, error) {
	if s.Length {
		return []byte(strconv.Quote(units.Length(s.V).String())), nil
	}
	return []byte(strconv.FormatFloat(s.V, 'g', -1, 64)), nil
}

// String is the span as written.
func (s Span) String() string {
	if s.Length {
		return units.Length(s.V).String()
	}
	return strconv.FormatFloat(s.V, 'g', -1, 64) + " sides"
}

// sides is the span in units of a sheet's side (side in mm).
func (s Span) sides(side float64) float64 {
	if s.Length {
		return s.V / side
	}
	return s.V
}
