package configs

import "github.com/brainsim/brainsim/units"

// The physical quantities of the schema are package units'.
type (
	Dim         = units.Dim
	Quantity    = units.Quantity
	Time        = units.Time
	Voltage     = units.Voltage
	Current     = units.Current
	Conductance = units.Conductance
	Capacitance = units.Capacitance
	Frequency   = units.Frequency
	Length      = units.Length
	Velocity    = units.Velocity
)

// The dimensions.
const (
	Dimensionless  = units.Dimensionless
	DimTime        = units.DimTime
	DimVoltage     = units.DimVoltage
	DimCurrent     = units.DimCurrent
	DimConductance = units.DimConductance
	DimCapacitance = units.DimCapacitance
	DimFrequency   = units.DimFrequency
	DimResistance  = units.DimResistance
	DimLength      = units.DimLength
	DimVelocity    = units.DimVelocity
)

// ParseQuantity parses a number with a unit ("20ms"); see units.ParseQuantity.
func ParseQuantity(s string) (Quantity, error) { return units.ParseQuantity(s) }

func parseUnit(u string) (Dim, int, bool) { return units.ParseUnit(u) }
func example(num string, d Dim) string    { return units.Example(num, d) }
func isDigit(c byte) bool                 { return units.IsDigit(c) }
