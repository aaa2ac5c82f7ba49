// Package plasticity registers the plasticity rules of simulate mode (the
// rule key of a projection's [projection.plasticity] table) with package
// registry:
//
//   - static (static.go): fixed synapses, the rule of a projection without
//     a plasticity table;
//   - the spike-timing rules (timing.go, dastdp.go): stdp, triplet,
//     nearest_triplet and the dopamine-modulated da_stdp;
//   - short-term plasticity (stp.go): tsodyks_markram;
//   - the activity rules (activity.go, td.go), which learn from the
//     activities of a projection's source and target (rate synapses):
//     hebb, oja, bcm, competitive, delta, climbing_fibre (cerebellar.go
//     in package synapse), three_factor, boltzmann and the td critic.
//
// Each rule has its parameter struct (the table's keys, with their
// defaults and documentation in struct tags, which `brainsim list
// plasticity` prints), its checks and its builder, which makes the
// package synapse rule. A new rule is a new file here (or in any package
// imported for its side effect) and nothing else: the config loader, the
// builder and the CLI know plasticity rules only through the registry.
package plasticity
