package registry

// Net is the layered network a train-mode file describes with [[region]]
// populations and [[projection]]s, for the rules that train one: a chain
// of populations from the input (the population no projection enters; it
// holds the task's inputs) to the output (the population no projection
// leaves; one unit per class or target), each joined to the next by one
// projection. A file without populations gives a nil Net, and the rules
// fall back to their own layer keys (hidden, activation, ...).
type Net struct {
	Layers []Layer // input first, output last
	// Proj[i] joins Layers[i] to Layers[i+1].
	Proj []Proj
}

// Layer is one population of a Net.
type Layer struct {
	Name string // "region.population"
	Size int
	// Transfer is the units' transfer function (a rate population's
	// transfer key): sigmoid, tanh, relu, linear or softmax.
	Transfer string
}

// Proj is one projection of a Net.
type Proj struct {
	Name    string // the projection's name ("from->to" by default)
	Connect string // its connect rule: all_to_all or one_to_one
	// Init is its synapse.weight, the weights the training starts from
	// (and keeps, on a projection the rule does not train); nil: not
	// given, the rule's own initialisation.
	Init *Init
}

// Init is a weight distribution: a constant (Kind "const", A), uniform
// in [A, B) or normal (mean A, sd B).
type Init struct {
	Kind string // const | uniform | normal
	A, B float64
}

// Hidden returns the sizes of the layers between input and output.
func (n *Net) Hidden() []int {
	if n == nil || len(n.Layers) < 2 {
		return nil
	}
	out := make([]int, 0, len(n.Layers)-2)
	for _, l := range n.Layers[1 : len(n.Layers)-1] {
		out = append(out, l.Size)
	}
	return out
}
