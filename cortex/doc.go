// Package cortex assembles populations into regions and regions into a
// network, and runs it.
//
// # Regions and the scheduler
//
// A Region is the set of populations one goroutine owns. Regions are joined
// by pathways, projections whose delays are at least D_min, the smallest
// pathway delay. So every region can advance W = D_min/dt steps on its own
// without hearing from the others (the conservative scheme NEST uses between
// threads and MPI ranks). At the end of each window the regions meet at a
// barrier, spikes bound for other regions are exchanged, and the global
// neuromodulator levels are reduced and broadcast: the releases the regions
// made during the window are summed in region order, the operations due
// (operation.go) run and may schedule more, and the levels of every step of the next window (decayed
// per step, releases at their steps) are computed once for all regions
// (modulate.go). Windows are aligned to step 0, so splitting a run into
// pieces does not move them.
//
// # Determinism
//
// Every random stream derives from the network seed and a name
// (Network.Rand), never from the global source or from the order in which
// goroutines run. Within a region the order of every floating-point
// operation is fixed (see Region), and incoming pathway spikes are delivered
// in a fixed order (source region, step, unit). The result: bit-identical
// spikes for any GOMAXPROCS, and Run(a); Run(b) equals Run(a+b).
//
// # Monitors
//
// Spike counts and inter-spike-interval statistics are kept for every
// population at the cost of a few additions per spike. Recorders
// (SpikeRecorder, StateRecorder, RateRecorder) are opt-in.
package cortex
