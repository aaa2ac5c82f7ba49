// Package synapse holds projections, the synapses from one population to
// one receptor of another: how they are built (connectors, weight and
// delay distributions), how spikes and rates travel through them, and the
// plasticity rules that change them.
//
// # Projections
//
// A [Projection] stores its synapses compressed-sparse-row by source, each
// row sorted by target, so a spike streams one contiguous row. Weights
// (in the receptor's unit: nA, µS, mV or dimensionless) and delays (in
// steps) are stored per synapse only when they differ; [Projection.WeightAt]
// and [Projection.DelayAt] read either storage, and a plastic rule calls
// [Projection.MaterializeWeights] before it touches Weights.
// [Projection.Propagate] adds the weights of the spiking sources' rows into
// the target receptor's ring buffer at step t + delay;
// [Projection.PropagateRates] sends weight × activity every step for
// rate-coded projections. A delay d ≥ 1 step changes the membrane from step
// t+d+1; within a region a delay may also be 0 steps (Spec.ZeroDelay),
// which adds straight into the receptor's state and acts from step t+1.
// [Projection.SplitTargets] makes views over target ranges for shards
// that sum their inputs bit-identically, and [TargetIndex] lists the
// synapses into each target (compressed sparse column) for the rules that
// need it, and for weight normalisation ([TargetIndex.Normalize]).
//
// # Building
//
// [Build] turns a [Spec] into a projection, drawing the connectivity, then
// the weights, then the delays from one *rand.Rand, so the same seed gives
// the same projection. A [Connector] chooses the pairs: [AllToAll] (with
// Autapses or NoDiagonal), [OneToOne], [FixedProbability] (independent
// pairs visited by geometric skipping), [FixedInDegree], [FixedOutDegree],
// [FixedTotalNumber] (NEST's fixed_total_number, multapses allowed),
// [DistanceProbability] (probability P·exp(−d²/(2σ²)) on the unit square,
// optionally a torus; see [Grid]) and [FromList]. The connectors of this
// package write rows without pair arrays. Weights and delays follow a
// [Dist] (constant, uniform or normal, optionally clipped); delays in ms
// are rounded to whole steps and must be at least one step unless
// ZeroDelay allows 0.
//
// # Plasticity
//
// A [Rule] is called every step after the populations have spiked:
// OnPre with the source's spikes, OnPost with the target's, and Step with
// the global [Modulators] ([Dopamine], [Punishment], [Surprise],
// [Confidence], [Discount]) of the last barrier. A nil rule (or [Static])
// is a fixed synapse. A rule that is an [Attacher] prepares its state when
// [Build] attaches it. The rules driven by spikes:
//
//   - [STDP]: a timing rule times a weight dependence, as PyNN's
//     STDPMechanism composes them. [NewPairSTDP] takes a [PairTiming]
//     (all-to-all or nearest-spike pairing); [NewTripletSTDP] the triplet
//     rule of Pfister & Gerstner (2006), [TripletTiming], with its fitted
//     sets [TripletVisualCortex] and [TripletHippocampal]. The
//     [WeightDependence] is additive or multiplicative, with hard or soft
//     bounds. A presynaptic spike counts at its arrival (emission +
//     delay), traces are kept per neuron and decay exactly, and the
//     projection needs one delay for all its synapses.
//   - [NearestTriplet]: Diehl & Cook's (2015) nearest-spike triplet rule
//     with a delay per synapse.
//   - [DASTDP]: dopamine-modulated STDP, the three-factor rule of
//     Izhikevich (2007): STDP changes an eligibility trace per synapse, and
//     every Every ms w ← clip(w + (Tonic + d)·c) with d the modulator
//     level (dopamine minus punishment by default).
//   - [SRC]: the Hebbian rule of Sleep Replay Consolidation (Tadros et al.
//     2022): at a target spike, each synapse into it grows if its source's
//     spike reached the target in that step and shrinks otherwise.
//   - [TsodyksMarkram]: short-term plasticity (Tsodyks & Markram 1997;
//     NEST's tsodyks2_synapse): per-source utilization u and resources x
//     scale what Propagate delivers.
//
// Activity rules ([ActivityRule]) learn from the activities of source and
// target (a rate, or a spiking unit's filtered rate in Hz), given to them
// by Bind in a [Binding]. They share [Activity]: a learning rate scaled by
// (1 + surprise), an update period Every and optional weight clipping.
// They are [Hebb] (covariance), [Oja], [BCM] (sliding threshold),
// [Competitive] (Rumelhart & Zipser 1985), [Delta] (LMS with a teacher
// population), [TD] (a temporal-difference critic whose δ can be released
// as dopamine), [ThreeFactor] (an actor: Hebbian eligibility gated by
// dopamine minus punishment) and [Boltzmann] (the Boltzmann machine rule
// of Ackley, Hinton & Sejnowski 1985, clamped minus free co-occurrences,
// with symmetric weights through [Boltzmann.Tie]).
//
// A rule value serves one projection and keeps its own state (traces,
// eligibility); the [Rule] contract is that its per-step calls do not
// allocate.
package synapse
