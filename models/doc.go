// Package models registers the unit models of simulate mode (the model key
// of a [[region.population]]) with package registry: leaky
// integrate-and-fire (lif), adaptive exponential integrate-and-fire
// (adex), integrate-and-fire-or-burst (ifb), Izhikevich (izhikevich),
// rate units (rate), stochastic binary
// units (binary), and the sources poisson and spike_times.
//
// Each model is one file: its parameter struct (the population keys, with
// their units, defaults and documentation in struct tags, which `brainsim
// list models` prints), its checks, and how it builds its units from
// package neuron. A new model is a new file here (or in any package
// imported for its side effect) and nothing else: the config loader, the
// builder and the CLI know models only through the registry.
package models
