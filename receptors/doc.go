// Package receptors registers the synapse kinds of simulate mode (the
// kind key of a [projection.synapse] table and the synapse_kind key of an
// [[input]]) with package registry: exp_current and exp_conductance
// (exp.go), delta, pulse and rate (instant.go).
//
// Each kind has its parameter struct (its keys besides kind, weight and
// delay, with their defaults and documentation in struct tags, which
// `brainsim list synapses` prints), its checks (of those keys and of the
// weight's dimension and sign), and the receptor of package neuron it
// feeds on the target. A new kind is a new file here (or in any package
// imported for its side effect) and nothing else.
package receptors
