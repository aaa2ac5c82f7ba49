// Package environments registers the environments of simulate mode (the
// kind key of the [environment] table) with package registry: patterns
// (patterns.go), conditioning (conditioning.go), bandit (bandit.go),
// gridworld (gridworld.go), images (images.go, Diehl & Cook's 2015 MNIST
// protocol) and boltzmann (boltzmann.go, the learning cycle of Ackley,
// Hinton & Sejnowski 1985).
//
// An environment is the task around a network. It acts only through
// cortex operations, at fixed steps while no region runs: it clamps rate
// or binary populations, sets Poisson rates, reads readout populations and
// writes rewards into reward populations, so runs stay bit-identical for
// any GOMAXPROCS. The protocols are state machines whose place is in the
// environment's fields (a checkpoint saves it); those of images and
// boltzmann run as a `machine` that acts when the steps it asked for have
// passed. Its random numbers come from the stream "environment".
//
// Each kind is one file: its parameter struct (the table's keys, with
// their defaults and documentation in struct tags, which `brainsim list
// environments` prints), its checks, and how it acts on the network
// (registry.EnvHost) and what result tables it gives. A new kind is a new
// file here (or in any package imported for its side effect) and nothing
// else.
package environments
