package configs

// This file is the TOML schema of a brainsim experiment: the Go types the
// decoder fills. Every key is snake_case with an explicit toml tag. Optional
// keys are pointers (nil means "not given, use the default"); the defaults
// are documented on each field and filled in by File.ApplyDefaults
// (defaults.go), which Load calls after decoding, so the builder, `brainsim
// validate` and the effective config written by Encode all see one value.
//
// Physical quantities are strings with units ("20ms", "-50mV", "5nS") and
// are dimension-checked while decoding: see units.go. Internal units are
// ms, mV, nA, nF, µS, MΩ and Hz.

// File is one experiment file.
type File struct {
	// Params are the named numbers of the [params] table, with the values
	// used (after --set and evaluation). Expressions elsewhere in the file
	// ("=0.8*neurons") have been replaced by their values when the File is
	// loaded; Params records what they were computed from.
	Params     map[string]float64 `toml:"params"`
	Experiment Experiment         `toml:"experiment"`
	Regions    []Region           `toml:"region"`
	Projection []Projection       `toml:"projection"` // within one region
	Pathway    []Projection       `toml:"pathway"`    // between two regions; delay >= dt
	Stimulus   []Stimulus         `toml:"current"`    // injected currents
	Input      []Input            `toml:"input"`      // external spike input into receptors
	Record     []Record           `toml:"record"`
	Modulator  []Modulator        `toml:"modulator"` // simulate mode: decay and start level of global modulators; see reward.go
	Reward     []Reward           `toml:"reward"`    // simulate mode: reward tasks releasing a modulator; see reward.go
	// Environment is the task around the network and Phase its schedule
	// (simulate mode; see environment.go).
	Environment *Environment `toml:"environment"`
	Phase       []Phase      `toml:"phase"`
	Task        []Task       `toml:"task"` // train mode: the data sets
	Rule        []Rule       `toml:"rule"` // train mode: the learning rules
	Report      Report       `toml:"report,omitempty"`
	Variant     []Variant    `toml:"variant"` // runs of the base config with overrides; see variant.go

	src        *source  // where the file came from, for error lines; nil if built in Go
	paramOrder []string // the params in file order, for Encode; nil if built in Go
}

// Experiment holds the run-wide settings.
type Experiment struct {
	Name        string   `toml:"name,omitempty"`        // required
	Description string   `toml:"description,omitempty"` // one line, shown by `brainsim list`
	Mode        string   `toml:"mode,omitempty"`        // "simulate" (default) | "train"
	Seed        *int64   `toml:"seed"`                  // default 1
	Seeds       *int     `toml:"seeds"`                 // runs use seed, seed+1, ..., seed+seeds-1; default 1
	Dt          *Time    `toml:"dt"`                    // default 0.1ms; unused in train mode
	Duration    *Time    `toml:"duration"`              // required for simulate, unused in train mode
	VBound      *Voltage `toml:"v_bound"`               // |V| beyond this stops the run; default 1e4 mV
}

// Region is the set of populations one goroutine owns.
type Region struct {
	Name       string       `toml:"name,omitempty"`
	Population []Population `toml:"population"`
}

// Population is a group of identical units. Which keys apply depends on
// Model; a key that does not belong to the model is an error.
type Population struct {
	Name  string `toml:"name,omitempty"`
	Size  *int   `toml:"size"`            // required unless spike_times gives the size
	Model string `toml:"model,omitempty"` // lif | izhikevich | adex | rate | poisson | spike_times

	// Leaky integrate-and-fire (lif) and AdEx (adex).
	TauM       *Time        `toml:"tau_m"`      // lif: membrane time constant, default 20ms
	Cm         *Capacitance `toml:"c_m"`        // lif default 0.25nF, adex default 0.281nF; izhikevich: fixed 1nF, not a key
	VRest      *Voltage     `toml:"v_rest"`     // resting (leak reversal) potential; lif default -65mV, adex -70.6mV
	VThresh    *Voltage     `toml:"v_thresh"`   // lif spike threshold, default -50mV; adex V_T, default -50.4mV
	VReset     *Voltage     `toml:"v_reset"`    // lif default -65mV, adex -70.6mV, izhikevich: c
	Refractory *Time        `toml:"refractory"` // absolute refractory period, default 0 (izhikevich, adex) or 2ms (lif)
	IBias      *Current     `toml:"i_bias"`     // constant input current, default 0 (lif, adex, izhikevich, rate)

	// lif: the adaptive threshold of Diehl & Cook (2015): a unit spikes at
	// v_thresh + θ, θ grows by theta_plus per spike (given: the threshold
	// adapts) and decays to 0 with tau_theta; θ starts at theta_init.
	ThetaPlus *Voltage `toml:"theta_plus"` // default: none (no adaptive threshold)
	TauTheta  *Time    `toml:"tau_theta"`  // default 1e7ms, as Diehl & Cook
	ThetaInit *Voltage `toml:"theta_init"` // default 0mV
	// RefractoryHold holds V at v_reset for the refractory period (NEST,
	// Brian2's "unless refractory"; the default). false only blocks
	// spikes for that long and lets V integrate on from the reset, as
	// Brian 1.4 does for a reset given as a string (Diehl & Cook's script).
	RefractoryHold *bool `toml:"refractory_hold"`
	// SynapseDecay is how the population's conductance and current
	// receptors decay per step: "exact" (exp(−dt/τ), the default) or
	// "euler" (1 − dt/τ, forward Euler: Brian 1's numerics, which deliver
	// each spike the continuous equations' charge w·τ where the exact decay
	// of a conductance held over the step delivers w·dt/(1 − exp(−dt/τ))).
	SynapseDecay string `toml:"synapse_decay,omitempty"`

	// AdEx (Brette & Gerstner 2005).
	GL     *Conductance `toml:"g_l"`     // default 30nS
	DeltaT *Voltage     `toml:"delta_t"` // slope factor, default 2mV
	TauW   *Time        `toml:"tau_w"`   // adaptation time constant, default 144ms
	AdA    *Conductance `toml:"adapt_a"` // subthreshold adaptation, default 4nS
	AdB    *Current     `toml:"adapt_b"` // spike-triggered adaptation, default 0.0805nA
	VPeak  *Voltage     `toml:"v_peak"`  // spike cut-off; adex default v_thresh+5*delta_t, izhikevich 30mV

	// Izhikevich 2003. cell_type picks a named parameter set (RS, IB, CH,
	// FS, LTS, TC, RZ); a, b, c, d override it.
	CellType string   `toml:"cell_type,omitempty"`
	A        *float64 `toml:"a"`
	B        *float64 `toml:"b"`
	C        *Voltage `toml:"c"`
	D        *float64 `toml:"d"`
	// Mix assigns cell types by fraction, e.g. {RS = 0.8, IB = 0.1, CH = 0.1};
	// neurons get their types in index order. Izhikevich only.
	Mix map[string]float64 `toml:"mix"`
	// Jitter draws per-neuron parameters as in Izhikevich 2003:
	// r ~ U(0,1); excitatory a,b fixed, c += 15 r^2, d -= 6 r^2; inhibitory
	// a += 0.08 r, b -= 0.05 r. One of "", "excitatory", "inhibitory".
	Jitter string `toml:"jitter,omitempty"`

	// Rate units: tau dr/dt = -r + f(gain*(input - threshold)).
	Tau       *Time    `toml:"tau"`                // default 10ms; 0: instantaneous, r = f(...)
	Transfer  string   `toml:"transfer,omitempty"` // sigmoid (default) | tanh | relu | linear
	Gain      *float64 `toml:"gain"`               // default 1
	Threshold *float64 `toml:"threshold"`          // default 0
	RInit     *float64 `toml:"r_init"`             // default 0

	// Stochastic binary units (Boltzmann machines): s = 1 with probability
	// σ(input/temperature), updated at the steps t with (t −
	// update_offset) mod update_every = 0.
	UpdateEvery  *int     `toml:"update_every"`  // default 1
	UpdateOffset *int     `toml:"update_offset"` // default 0
	Temperature  *float64 `toml:"temperature"`   // default 1; an environment's annealing schedule sets it

	// Poisson sources.
	Rate  *Frequency `toml:"rate"`  // required for poisson
	Start *Time      `toml:"start"` // default 0
	Stop  *Time      `toml:"stop"`  // default: end of run

	// Spike-time lists: one list per neuron, e.g. [["10ms", "20ms"], []].
	SpikeTimes [][]Time `toml:"spike_times"`

	// Initial membrane potential: a constant or a distribution. Default v_rest
	// (lif, adex) or c (izhikevich).
	VInit *Dist `toml:"v_init"`
	// Initial state of the receptors fed by projections with receptor = "exc"
	// (ExcInit) or "inh" (InhInit): a conductance for exp_conductance
	// synapses, a current (or mV as R·I) for exp_current. Default 0. Brian's
	// COBA script of Brette et al. 2007 starts ge and gi at random values.
	ExcInit *Dist `toml:"exc_init"`
	InhInit *Dist `toml:"inh_init"`

	// ActivityTau is the time constant of a spiking population's filtered
	// rate (its activity in Hz), read by rate synapses from it and by
	// activity rules; default 20ms.
	ActivityTau *Time `toml:"activity_tau"`

	// Position on a 2-D sheet for distance-dependent connectivity: the
	// population is laid out as rows x cols on the unit square.
	Sheet *Sheet `toml:"sheet"`
}

// Sheet lays a population out on a grid over the unit square; neuron i sits at
// ((i%cols + 0.5)/cols, (i/cols + 0.5)/rows). rows*cols must equal size.
type Sheet struct {
	Rows int `toml:"rows"`
	Cols int `toml:"cols"`
}

// Projection connects two populations, "region.population" each.
type Projection struct {
	Name       string     `toml:"name,omitempty"`     // default "from->to"
	From       string     `toml:"from,omitempty"`     // "region.population"
	To         string     `toml:"to,omitempty"`       // "region.population"
	Receptor   string     `toml:"receptor,omitempty"` // exc (default) | inh: sets the reversal potential default
	Connect    Connect    `toml:"connect"`            // required
	Synapse    Synapse    `toml:"synapse"`            // required
	Plasticity Plasticity `toml:"plasticity"`         // [projection.plasticity]: rule static (default) | stdp | triplet | tsodyks_markram | da_stdp | activity rules; see plasticity.go and activity.go
	// Normalize, when given, is the sum the weights into every target are
	// scaled to before every presentation of a patterns or images
	// environment (Diehl & Cook's normalisation), in the unit of
	// synapse.weight.
	Normalize *Quantity `toml:"normalize"`
	// Tie names a boltzmann projection from this one's target to its
	// source: this projection then holds the transpose of its weights
	// (the symmetric weights of a Boltzmann machine).
	Tie string `toml:"tie,omitempty"`
}

// Connect is a connector. Rule is one of all_to_all, one_to_one, probability,
// fixed_in_degree, fixed_out_degree, fixed_total_number, distance,
// from_list.
type Connect struct {
	Rule     string    `toml:"rule,omitempty"`
	P        *float64  `toml:"p"`        // probability: connection probability in [0,1]; distance: peak probability
	N        *int      `toml:"n"`        // fixed_in_degree / fixed_out_degree: degree; fixed_total_number: synapses
	Autapses *bool     `toml:"autapses"` // allow i->i when from == to; default false
	Diagonal *bool     `toml:"diagonal"` // all_to_all between two populations: false leaves out the pairs i -> i (each unit and its partner); default true
	Sigma    *float64  `toml:"sigma"`    // distance: Gaussian width, in units of the sheet side
	Periodic *bool     `toml:"periodic"` // distance: wrap the sheet into a torus; default false
	Pairs    [][2]int  `toml:"pairs"`    // from_list: [[pre, post], ...]
	Weights  []float64 `toml:"weights"`  // from_list: optional per-pair weights, in the unit of synapse.weight
	Delays   []float64 `toml:"delays"`   // from_list: optional per-pair delays in ms
}

// Synapse is the synapse type of a projection.
type Synapse struct {
	Kind   string   `toml:"kind,omitempty"` // exp_current | exp_conductance | delta | pulse | rate
	Tau    *Time    `toml:"tau"`            // exp_*: decay time constant, default 5ms (exc) / 10ms (inh)
	ERev   *Voltage `toml:"e_rev"`          // exp_conductance: reversal potential, default 0mV (exc) / -80mV (inh)
	Weight *Dist    `toml:"weight"`         // required; dimension by kind: current (nA) or voltage (mV) for exp_current, conductance for exp_conductance, voltage for delta, current for pulse, number for rate
	Delay  *Dist    `toml:"delay"`          // default dt; must be >= dt
}

// Stimulus is an injected current ([[current]] in the file).
type Stimulus struct {
	Target     string    `toml:"target,omitempty"` // "region.population"
	Kind       string    `toml:"kind,omitempty"`   // constant | step | noise | uniform_noise
	Amplitude  *Current  `toml:"amplitude"`        // constant
	Times      []Time    `toml:"times"`            // step: times at which the amplitude changes
	Amplitudes []Current `toml:"amplitudes"`       // step: the amplitude from each time on
	Mean       *Current  `toml:"mean"`             // noise: Gaussian current redrawn every step
	Std        *Current  `toml:"std"`
	Low        *Current  `toml:"low"`     // uniform_noise: current uniform in [low, high) redrawn every step
	High       *Current  `toml:"high"`    // uniform_noise
	Start      *Time     `toml:"start"`   // default 0
	Stop       *Time     `toml:"stop"`    // default: end of run
	Neurons    []int     `toml:"neurons"` // default: all
}

// Input is external spike input delivered straight into a receptor of every
// unit of a population ([[input]] in the file), without source units or
// synapses. Kind poisson: each unit receives an independent Poisson train of
// Rate events per second, each of weight Weight: K independent sources of
// rate ν with one synapse each onto every unit are one train of rate K·ν.
type Input struct {
	Target      string     `toml:"target,omitempty"`       // "region.population"
	Kind        string     `toml:"kind,omitempty"`         // poisson
	Rate        *Frequency `toml:"rate"`                   // total event rate per unit (K·ν); rate·dt <= MaxInputLambda
	Weight      *Quantity  `toml:"weight"`                 // per event; exp_current: current, or voltage meaning R·I (lif, adex); exp_conductance: conductance >= 0
	SynapseKind string     `toml:"synapse_kind,omitempty"` // exp_current (default) | exp_conductance | delta
	Receptor    string     `toml:"receptor,omitempty"`     // exc (default) | inh: sets the defaults of tau and e_rev, and which receptors exc_init / inh_init set
	Tau         *Time      `toml:"tau"`                    // decay time constant, default 5ms (exc) / 10ms (inh)
	ERev        *Voltage   `toml:"e_rev"`                  // exp_conductance: reversal potential, default 0mV (exc) / -80mV (inh)
	Start       *Time      `toml:"start"`                  // default 0
	Stop        *Time      `toml:"stop"`                   // default: end of run
}

// Record asks for a monitor.
type Record struct {
	Modulator  string `toml:"modulator,omitempty"`  // a modulator level (dopamine, ...) instead of a population; with every
	Population string `toml:"population,omitempty"` // "region.population"
	Variable   string `toml:"variable,omitempty"`   // spikes | rate | v | u | w | r | <receptor state>
	Neurons    []int  `toml:"neurons"`              // state variables: which neurons; default the first 10
	Every      *Time  `toml:"every"`                // state and rate sampling interval; default dt
}

// Task is a data set a train-mode experiment learns ([[task]] in the file).
type Task struct {
	Name string `toml:"name,omitempty"` // required, unique
	Data string `toml:"data,omitempty"` // and | or | xor | parity | encoder | mnist | conditioning | bandit | gridworld | split_mnist
	Bits *int   `toml:"bits"`           // parity: number of inputs (1-24); encoder: n of the n-k-n encoder
	// MNIST: the first TrainRows training and TestRows test images
	// (default all: 60000 and 10000), and the folder of the IDX files
	// (default: $BRAINSIM_MNIST, else the GoMNIST module's data folder).
	TrainRows *int   `toml:"train_rows"`
	TestRows  *int   `toml:"test_rows"`
	Dir       string `toml:"dir,omitempty"`
	// Validation (mnist) holds out the last Validation of the training
	// images: the rules train on the others and the rows report
	// val_accuracy on the held-out ones instead of test_accuracy, so
	// hyperparameters can be chosen without touching the test set.
	Validation *int `toml:"validation"`
	// Hidden is k of an n-k-n encoder: the hidden units a boltzmann rule
	// with connectivity "encoder" gets on this task (default ⌈log2 n⌉).
	Hidden *int `toml:"hidden"`
	// Seeds overrides experiment.seeds for this task (runs use seeds
	// seed .. seed+Seeds-1).
	Seeds *int `toml:"seeds"`
	// Reference is the published figure to print next to the task's rows
	// (the "reference" column), e.g. "250/250 runs, median 110 cycles".
	Reference string `toml:"reference,omitempty"`

	// Reinforcement-learning tasks (data conditioning, bandit, gridworld;
	// rules td, actor_critic, q_learning — package rl).
	//
	// Conditioning (defaults: Montague, Dayan & Sejnowski 1996 as
	// PsyNeuLink recreates it): Steps time steps per trial (60), the cue
	// on from step Cue (41; steps count from 0) to the end of the trial,
	// a reward of 1 at step RewardStep (54). Every OmitEvery-th trial (15:
	// trials 15, 30, …; 0: none) withholds the reward. The rule's epochs
	// are the acquisition trials; Extinction trials (80) with the cue and
	// no reward follow.
	Steps      *int `toml:"steps"`
	Cue        *int `toml:"cue"`
	RewardStep *int `toml:"reward_step"`
	OmitEvery  *int `toml:"omit_every"`
	Extinction *int `toml:"extinction"`
	// Bandit (Sutton & Barto's testbed, one run per seed; the rule's
	// epochs are the pulls): Arms arms (10) with means ~ N(0,1), rewards ~
	// N(mean,1). Drift > 0 makes it non-stationary: every mean takes a
	// N(0, drift²) step after every pull (default 0). Window is the number
	// of final pulls scored (default 0: a tenth of the pulls).
	Arms   *int     `toml:"arms"`
	Drift  *float64 `toml:"drift"`
	Window *int     `toml:"window"`
	// Grid is a grid world (the rule's epochs are the episodes): rows of
	// '.' (free), '#' (wall), one 'S' (start) and one 'G' (goal; reward
	// 1, end of the episode). Default DefaultGrid, the maze of Sutton &
	// Barto's Fig. 8.2 (shortest path 14 steps).
	Grid []string `toml:"grid"`
}

// Rule is a learning rule a train-mode experiment runs on every task
// ([[rule]] in the file). Which keys apply depends on Rule; a key that
// does not belong to the rule is an error.
type Rule struct {
	Name       string   `toml:"name,omitempty"`       // unique; default the rule
	Rule       string   `toml:"rule,omitempty"`       // perceptron | delta | backprop | boltzmann | rbm | dbn | competitive | td | actor_critic | q_learning | sequential | joint | ewc | replay | src
	Epochs     *int     `toml:"epochs"`               // required: epochs (learning cycles for boltzmann), > 0
	LR         *float64 `toml:"lr"`                   // perceptron, delta, backprop: learning rate > 0; default 0.1 (perceptron, delta), 0.5 (backprop)
	Momentum   *float64 `toml:"momentum"`             // backprop: default 0.9
	Batch      *int     `toml:"batch"`                // backprop: patterns per minibatch; default 0 = full batch
	Hidden     []int    `toml:"hidden"`               // backprop: hidden layer sizes, default [4]; boltzmann: [number of hidden units], default [2]
	Activation string   `toml:"activation,omitempty"` // backprop hidden units: sigmoid (default) | tanh | relu
	Output     string   `toml:"output,omitempty"`     // backprop: sigmoid_mse (default) | softmax | linear_mse; continual rules: relu_mse (default; pytorch protocol: softmax) | softmax
	// Connectivity is the boltzmann wiring: "full" (default, all-to-all)
	// or "encoder" (the AHS encoder wiring with within-group links,
	// trained with boltzmann.AHSEncoderOptions; encoder tasks only).
	Connectivity string `toml:"connectivity,omitempty"`
	// LRDecay multiplies the learning rate after every epoch (backprop,
	// rbm, dbn; default 1, constant).
	LRDecay *float64 `toml:"lr_decay"`
	// WeightDecay is the L2 penalty of rbm and dbn (default 0.0001).
	WeightDecay *float64 `toml:"weight_decay"`
	// CDK is the number of Gibbs steps of contrastive divergence (rbm,
	// dbn; default 1); Persistent selects persistent CD (default false).
	CDK        *int  `toml:"cd_k"`
	Persistent *bool `toml:"persistent"`
	// ReadoutEpochs and ReadoutLR train the softmax readout on the
	// learned features (rbm, competitive; defaults 10 and 0.1), and the
	// fine-tuning of a dbn (defaults 10 and 0.1 — 0 epochs: no fine-tuning).
	ReadoutEpochs *int     `toml:"readout_epochs"`
	ReadoutLR     *float64 `toml:"readout_lr"`
	// Dream > 0 makes a dbn generate Dream images per class after
	// pre-training, each by Gibbs sweeps in the top RBM with the class's
	// label unit clamped (default 1000), written as a PNG grid, a row per
	// class, to PNG (default "<rule name>.png"; into --out when given).
	// TopPCDEpochs > 0 trains a dbn's top RBM (features and labels) that
	// many more epochs with persistent CD at learning rate TopPCDLR
	// (default 0.01) after the greedy CD pre-training: label-clamped
	// chains of a CD-1 top RBM drift to other classes.
	TopPCDEpochs *int     `toml:"top_pcd_epochs"`
	TopPCDLR     *float64 `toml:"top_pcd_lr"`
	Dream        *int     `toml:"dream"`
	Gibbs        *int     `toml:"gibbs"`
	PNG          string   `toml:"png,omitempty"`
	// Reinforcement learning (rules td, actor_critic, q_learning): epochs
	// are the acquisition trials (conditioning), the pulls (bandit) or
	// the episodes (gridworld). lr is td's α (default 0.3), the
	// actor's learning rate (actor_critic, default 0.1) or q_learning's
	// step size (default: none, sample averages 1/n). Gamma is the
	// discount γ (td: default 1; actor_critic and q_learning: 0.95,
	// unused on a bandit); Lambda td's trace decay λ (default 0, TD(0));
	// CriticLR the critic's learning rate (actor_critic, default 0.1);
	// Actor "softmax" (default) or "go_nogo" (Go/NoGo striatal channels);
	// Beta the softmax inverse temperature (default 1); Epsilon
	// q_learning's exploration rate (default 0.1) and QInit its initial
	// action values (default 0; 1 on a grid world is optimistic). A td
	// rule with png writes a heatmap of δ (rows: trials, columns: steps;
	// gray 0.5 is δ = 0, white +1, black −1).
	Gamma    *float64 `toml:"gamma"`
	Lambda   *float64 `toml:"lambda"`
	CriticLR *float64 `toml:"critic_lr"`
	Actor    string   `toml:"actor,omitempty"`
	Beta     *float64 `toml:"beta"`
	// BetaTau > 0 lets an actor_critic's inverse temperature grow with
	// confidence: β·√(1 + t/beta_tau) after t learning steps (pulls or
	// grid moves; default 0, constant β).
	BetaTau *float64 `toml:"beta_tau"`
	Epsilon *float64 `toml:"epsilon"`
	QInit   *float64 `toml:"q_init"`
	// Continual learning on split_mnist (rules sequential, joint, ewc,
	// replay, src; package sleep): epochs per task (2 in the SRC
	// protocol), lr (0.1), momentum (0.5), batch (100), hidden ([1200,
	// 1200], ReLU, no biases, ReLU output under squared error). PerTask
	// is the training images per task (5000), Dropout the hidden-unit
	// dropout (0.25), EWCLambda EWC's penalty λ (1000), ReplayPerClass
	// the stored images per class of replay (100), SleepSteps the 1 ms
	// steps of src's sleep after the first task (15000; a third more per
	// earlier task).
	PerTask        *int     `toml:"per_task"`
	Dropout        *float64 `toml:"dropout"`
	EWCLambda      *float64 `toml:"ewc_lambda"`
	ReplayPerClass *int     `toml:"replay_per_class"`
	SleepSteps     *int     `toml:"sleep_steps"`
	// SleepInc and SleepDec are src's Hebbian increase and decrease
	// (defaults 0.032064 and 0.003344, Tadros et al.'s MNIST constants).
	SleepInc *float64 `toml:"sleep_inc"`
	SleepDec *float64 `toml:"sleep_dec"`
	// Protocol picks the training and SRC constants of the continual
	// rules: "tadros" (default; Tadros et al.'s MATLAB code) or "pytorch"
	// (the PyTorch reproduction that measured SRC at 68-71%: softmax
	// cross-entropy, lr 0.01, 4000-unit layers, weights ±1/√fan_in,
	// inverted dropout; SRC with fixed α, the σ(w) factor, inc 0.001,
	// dec 0.0001, 300 steps after the first task and 150 more per earlier
	// task, driven by the last task's mean image).
	Protocol string `toml:"protocol,omitempty"`
	// AllData makes joint train on every training image of the tasks
	// seen rather than per_task of each (default false).
	AllData *bool `toml:"all_data"`
	// SleepPhases are rule sleep's offline phases after every task, in
	// order: src, replay (the buffer of replay_per_class images per
	// class, in spindles), dream (samples of the generative memory, in
	// spindles), downscale.
	SleepPhases []string `toml:"sleep_phases"`
	// Spindles bursts of SpindleSize episodes, one gradient step each,
	// make a replay or dream phase (1000 and 20).
	Spindles    *int `toml:"spindles"`
	SpindleSize *int `toml:"spindle_size"`
	// GenPerClass is the samples the generative memory (one RBM per class)
	// draws per class: per earlier class in every later task of rule
	// generative, per class seen in a dream (2500).
	GenPerClass *int `toml:"gen_per_class"`
}

// Report chooses what the result table shows.
type Report struct {
	Columns []string `toml:"columns"`
	// Figures names the figures "brainsim run --plots" draws, as
	// <experiment name>_<figure>.png (or .svg with --plots=svg), into
	// --out when given, else the working directory; without --plots none
	// are drawn. Each is valid only when the experiment produces its data
	// (FigureNeeds): "raster" (spike raster; a [[record]] of spikes),
	// "rate" (population rate over time; a [[record]] of spikes or
	// rate), "traces" (sampled state variables; a [[record]] of v, u, w,
	// r, …), "accuracy_per_task" (continual rules on split_mnist: one
	// panel per rule, the accuracy on every task's digits and over all
	// digits seen, after each task, mean over the seeds),
	// "learning_curve" (split_mnist: the accuracy over the digits seen
	// after each task, a line per rule, ± sd over the seeds), "td_error"
	// (a td rule with png on conditioning: δ over trials and steps as a
	// heat map), "images" (a dbn with dream > 0: the dreamed digits).
	Figures []string `toml:"figures"`
}
