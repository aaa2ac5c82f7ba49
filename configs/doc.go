// Package configs reads brainsim experiment files: the TOML schema, strict
// decoding, unit-checked quantities, defaults, validation with file:line
// errors, --set overrides, and the experiments shipped inside the binary.
//
// # Overview
//
// An experiment is one TOML file (see schema.go for every key):
//
//	[experiment]
//	name = "cuba"
//	dt = "0.1ms"
//	duration = "1s"
//
//	[[region]]
//	name = "cortex"
//
//	  [[region.population]]
//	  name = "exc"
//	  size = 3200
//	  model = "lif"
//	  tau_m = "20ms"
//
//	[[projection]]
//	from = "cortex.exc"
//	to = "cortex.exc"
//	connect = { rule = "probability", p = 0.02 }
//	synapse = { kind = "exp_current", weight = "1.62mV" }
//
// [Load] (a path), [LoadBytes] (text) and [Resolve] (a path or the name of a
// shipped experiment, as `brainsim run cuba` takes it) run one pipeline:
//
//  1. parse the TOML (BurntSushi/toml);
//  2. apply the --set overrides, each "path=value" (or "param=value");
//  3. evaluate the [params] table in file order, then every expression
//     ("=0.8*neurons") elsewhere in the document;
//  4. decode strictly into a [File]: a key the schema does not have is an
//     error that names the keys its table allows; a plug-in section
//     (a population's model, a connect rule, a synapse kind, an
//     environment, a kind of current, ...) has the keys of the registry
//     entry it names;
//  5. [File.ApplyDefaults] fills every key the file left out with its
//     documented default;
//  6. [File.Validate] checks names, references and ranges, and runs the
//     checks of every plug-in (which fill the defaults that depend on
//     other keys).
//
// [Encode] writes a File back as TOML; after ApplyDefaults that is the
// effective configuration, and it loads back to an equal File. [Shipped]
// lists the experiments embedded from configs/experiments/*.toml.
//
// # Params and expressions
//
// The top-level [params] table holds named numbers. Anywhere else, a string
// that starts with "=" is an arithmetic expression over them, replaced by
// its value before decoding:
//
//	[params]
//	neurons = 4000
//	in_degree = 80
//	ne = "=0.8*neurons"            # a param may use the params above it
//
//	size = "=ne"                   # integer keys need an integral value
//	p = "=in_degree/neurons"
//	weight = "=1.62*scale mV"      # a unit after it: the string "<value>mV"
//
// Expressions have numbers, param names, + - * / ^, parentheses, unary
// minus and the functions round, floor, ceil, min, max, sqrt, exp and log
// (see expr.go). "--set neurons=64000" (a name without dots) or "--set
// params.neurons=64000" sets a param before the expressions are evaluated.
// [Encode] writes the params with the values used and every other key with
// its final value.
//
// Overrides address arrays of tables by the name of an element or by its
// index (a name without dots is a param); the value is a TOML value when it
// parses as one, else a bare string:
//
//	experiment.seed=3
//	experiment.duration=2s
//	region.cortex.population.exc.size=400
//	projection.ee.synapse.weight=2mV
//	pathway.0.synapse.delay=3ms
//	projection."cortex.exc->cortex.inh".connect.p=0.1
//
// A projection without a name is addressed by its default name "from->to",
// quoted because it contains dots. An override is checked exactly like the
// file; its errors say "--set <path>" instead of a line.
//
// # Units
//
// Physical quantities are strings with a unit: "20ms", "-50 mV", "5nS",
// "250pA", "1.5e-3 s", "2 kHz". A unit is an optional SI prefix (p n u µ m k
// M G) and a base unit (s, V, A, S, F, Hz, Ohm or Ω). Every value is
// converted to the internal unit of its dimension, on the decimal text so
// that "0.1ms" and "100us" give the same float64:
//
//	time ms, voltage mV, current nA, conductance µS, capacitance nF,
//	frequency Hz, resistance MΩ
//
// The typed fields ([Time], [Voltage], [Current], [Conductance],
// [Capacitance], [Frequency]) reject another dimension and a bare number:
//
//	"20mV" has dimension voltage, want time (units: s, ms, us)
//	missing unit in 20; write e.g. "20ms"
//
// [ParseQuantity] accepts any dimension (a bare number is Dimensionless). A
// [Dist] is a constant or a distribution of one dimension:
// "1.62mV", 0.5, { uniform = ["-60mV", "-50mV"] } or
// { normal = ["4nS", "1nS"], clip = ["0nS", "10nS"] }.
// Values are written back with a readable unit ("1s", "4nS") that parses to
// exactly the same float64.
//
// # Errors
//
// Everything a user can get wrong is a returned [*Error], never a panic.
// Its Error method gives exactly one line, "file:line: key: message":
//
//	cuba.toml:14: projection "ee" connect.p: 1.5 is outside [0, 1]
//	cuba.toml:12: unknown key "tau_mm" in [[region.population]] (allowed: name, size, model, tau_m, ...); did you mean "tau_m"?
//	cuba.toml:3: experiment.dt: missing unit in 0.1; write e.g. "0.1ms"
//	--set region.cortex.population.exc.size: population "cortex.exc" size: must be > 0, got -4
//	cuba.toml: empty experiment: needs [experiment] and at least one [[region]]
//
// The line is found even inside the n-th [[region.population]]: the package
// keeps its own index of the line of every key (BurntSushi/toml records only
// the last occurrence of a key inside arrays of tables). A missing required
// key points at its table's header; the line is left out only when there is
// none (an empty file, a File built in Go). Load and Validate report every error they find, joined with
// errors.Join in line order, one line each; [Errors] returns them as a slice.
// Syntax errors come from the TOML parser and stop at the first one.
package configs
