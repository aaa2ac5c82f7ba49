// Package neuron holds brainsim's unit models: populations of spiking
// neurons, rate units and stochastic binary units, the synaptic receptors
// through which projections reach them, input sources, and the external
// currents (stimuli) injected into them.
//
// # Populations and the step
//
// A [Population] is a group of units of one model, stored as one slice
// per state variable (V, U, W, R, S, ...), not as a struct per unit. Time
// is an integer step t of a fixed dt; Step(t) advances every unit from
// t·dt to (t+1)·dt in a fixed order: integrate with the receptor states
// and currents of the step's start, then threshold, reset and
// refractoriness, then take in the input arriving at step t, which acts
// from the next step on. A spike sent at step t with a delay of d steps
// thus reaches the receptor at step t+d and the membrane from step t+d+1
// (Brian2's and NEST's schedule). Prepare(dt, maxDelay) precomputes the
// propagators once every receptor exists. A state that becomes NaN or
// runs away (beyond a bound of 1e4 by default; see [Bounded]) ends the
// step with an [*UnstableError].
//
// Units are fixed: ms, mV, nA, µS, nF, MΩ and Hz, so that nA·MΩ = mV and
// µS·mV = nA. Randomness is injected: every model or input that draws
// takes a *rand.Rand.
//
// # Models
//
//   - [LIF]: leaky integrate-and-fire with current-based (CUBA) and
//     conductance-based (COBA) exponential receptors ([LIFParams],
//     [DefaultLIF]). With current receptors only, the subthreshold
//     dynamics are integrated exactly by precomputed propagators (Rotter &
//     Diesmann 1999; NEST's iaf_psc_exp; see [PSCPropagator]); with
//     conductance receptors, by exponential Euler (Brian2's
//     exponential_euler: conductances frozen over the step, V relaxing
//     exactly towards their fixed point). A unit spikes when V >= VThresh
//     and is then held at VReset for round(Refractory/dt) steps. An
//     optional adaptive threshold Theta (EnableTheta, Diehl & Cook 2015)
//     raises VThresh per unit, with an optional SpikeLock; Rest resets the
//     population as if it had rested without input. Fused kernels serve
//     the two-receptor CUBA and COBA cases (assembly versions for CPUs with
//     AVX-512 or AVX2, lif_amd64.s) and give the same bits as the general
//     path;
//     StepRange steps a range of units, for shards.
//   - [AdEx]: adaptive exponential integrate-and-fire (Brette & Gerstner
//     2005; [AdExParams], [DefaultAdEx]), V in mV and adaptation w in nA,
//     integrated by forward Euler in substeps of at most 0.1 ms; a unit
//     that reaches VPeak spikes, V ← VReset, w ← w + b.
//   - [IFB]: integrate-and-fire-or-burst (Smith, Cox, Sherman & Rinzel
//     2000; [IFBParams], [DefaultIFB]): a leaky membrane with a
//     low-threshold Ca²⁺ current above V_h whose de-inactivation h
//     recovers below V_h (rebound bursts of thalamic cells), integrated by
//     exponential Euler with the gate and h held over a step.
//   - [Izhikevich]: the model of Izhikevich (2003) with per-unit a, b, c,
//     d and the named cell types of [IzhikevichTypes] (RS, IB, CH, FS,
//     LTS, TC, RZ). It is integrated as the paper's net.m does: forward
//     Euler for v in substeps of at most 0.5 ms (at dt = 1 ms, net.m's two
//     half steps), then u once over the whole step. Input is read in nA
//     with C = 1 nF; the spike cut-off VPeak is 30 mV.
//   - [Rate]: rate units, Tau dr/dt = −r + f(Gain·(I − Threshold)), with
//     a [Transfer] function (sigmoid, tanh, relu, linear), integrated by
//     exponential Euler (Tau = 0: instantaneous). Their Output r is sent
//     through projections every step; SetClamp holds r while Free keeps
//     what the units would do unclamped.
//   - [Binary]: stochastic binary units of the Boltzmann machine (Ackley,
//     Hinton & Sejnowski 1985), s = 1 with probability σ(ΔE/T), updated
//     every Every steps from Offset, with a clamp and a temperature T.
//   - [Poisson] and [SpikeTimes]: input sources without membrane or
//     receptors ([IsSource]). Poisson sources spike with probability
//     Rate·dt per step (found by geometric skipping), or at a rate of
//     their own after SetRates; SpikeTimes emits given times (ms) at step
//     round(t/dt).
//
// # Receptors
//
// A [Receptor] is one input channel of a population: a state X per unit
// and a ring buffer of input in flight, with a power-of-two number of
// slots of at least the longest delay. Projections add into the slot of
// the arrival step ([Receptor.Slot], [Receptor.Ring]). The [ReceptorKind]
// says how X acts: [ExpCurrent] (nA, decays with Tau, enters as +X),
// [ExpConductance] (µS, decays with Tau, enters as X·(ERev − V)), [Delta]
// (mV added to V on arrival, skipped while refractory), [Instant] (rate
// input held one step; configured as "rate") and [Pulse] (nA held one
// step, Izhikevich's coupling). Exponential decay is exact,
// exp(−dt/Tau) per step. LIF, AdEx, IFB and Izhikevich take ExpCurrent,
// ExpConductance, Delta and Pulse; Rate takes Instant and ExpCurrent;
// Binary takes Instant. Projections that share kind, Tau and ERev share
// one receptor.
//
// # External input
//
// A [Stimulus] adds a current to a population's Current slice before its
// step: [StepCurrent] (piecewise constant), [NoiseCurrent] (Gaussian white
// noise) and [UniformNoise]. [PoissonInput] instead adds Poisson counts of
// events into a receptor, the equivalent of K independent Poisson sources
// of rate ν (Rate = K·ν), drawn by inversion with a guide table (Chen &
// Asau 1974) from one PCG stream per block of [PoissonInputBlock] units,
// so that any split of the blocks among goroutines gives the same input.
package neuron
