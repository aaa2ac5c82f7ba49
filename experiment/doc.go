// Package experiment runs experiment files: it builds the network a
// validated configs.File describes, simulates it, and summarizes the run
// as a [Result]; in train mode it runs registered learning rules on
// registered tasks instead. It is the engine behind the brainsim command.
//
// # From file to network
//
// [Build] turns a file into a [Model] (a cortex.Network, its populations
// in file order and the number of steps, duration/dt) in a fixed order:
// the regions and their populations (lif, adex, izhikevich, rate, binary,
// poisson, spike_times, mapped to the neuron package's models); the
// projections, then the pathways between regions, each built by
// synapse.Build with its connector, weight and delay distributions,
// receptor and plasticity rule (activity rules are bound to the
// activities of their populations, the others attached by Build); the tied
// boltzmann projections; the [[input]] Poisson inputs; the initial
// receptor states exc_init and inh_init; the [[current]] stimuli; the
// [[record]] recorders; the [[modulator]] levels and the [[reward]]
// pairing tasks (Izhikevich 2007's distal reward); and last the
// environment and its [[phase]] schedule. Units are converted on the way:
// a weight in mV on an exp_current synapse is the jump of R·I and is
// divided by the target's membrane resistance. Every random stream is
// named (cortex.Network.Rand: "init", "input", "environment", ...), so a
// seed fixes the whole run.
//
// # Running
//
// [Run] reads the seed (experiment.seed, or Options.Seed), builds the
// model and runs the network for its steps, or, without a duration, until
// the environment stops it. Options.Progress reports progress after every
// scheduler window; cancelling the context stops the run at the next
// window with a partial result.
//
// An environment is the task around the network: patterns, conditioning,
// bandit, gridworld, boltzmann or images (Diehl & Cook's 2015 MNIST
// protocol). It acts only through cortex operations, at fixed steps while
// no region runs: it clamps rate or binary populations, sets Poisson
// rates, reads readout populations and writes rewards into reward
// populations, so runs stay bit-identical for any GOMAXPROCS. The
// protocols are state machines whose place is in the environment's
// fields, so that a checkpoint saves it. The [[phase]] tables split
// the run into phases, each with its reward scale, whether the rules
// learn, and modulator levels.
//
// # Train mode
//
// With experiment.mode = "train", Run trains every [[rule]] on every
// [[task]], for experiment.seeds seeds (seed, seed+1, ...; a task may set
// its own count). The rules and tasks are those of the registry package,
// registered by packages rules and tasks (imported here for their side
// effects): each seed is one registry.Run with its own PCG stream, whose
// Samples are aggregated over the seeds into one [TrainRow] per rule and
// task. A row's [Metric] values are a mean and sample standard deviation
// ([AggMean]), a median ([AggMedian]) or a share of the seeds
// ([AggShare]); [TrainMetricNames] lists the metrics the registered rules
// describe.
//
// # Results
//
// A [Result] holds the run's header (seed, dt, duration, steps), its
// timing (build, loop and wall seconds, real-time factor, synaptic events
// per second) and one [PopulationStats] per population: spikes, mean rate,
// mean CV of the inter-spike intervals, the silent fraction, and, when
// the population rate is recorded in bins of at most [SyncBinMS], its
// synchrony, oscillation frequency and network state (AI, SI or SR after
// Brunel 2000; see [SyncThreshold] and [RegularCV]). It also carries
// recorded spikes ([SpikeRow]) and traces ([Trace]), extra tables
// ([Table]: weights of STDP projections, Tsodyks–Markram spikes,
// reward tasks, environment scores, activity-rule summaries), the train
// rows, and the images and heatmaps a train run produced. A TrainRow is
// written as one flat JSON object of its [TrainRow.Keys] and read back by
// its UnmarshalJSON.
//
// [Figure] turns a result into one of the figures a file's report asks
// for: raster, rate, traces, accuracy_per_task, learning_curve, td_error
// or images, handing plain slices to internal/report.
//
// The brainsim command calls [Run] with [Options] (seed override,
// progress, start time), prints the Result's populations or train rows
// as a table, Markdown, CSV or JSON, and draws its figures with [Figure].
package experiment
