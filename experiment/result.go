package experiment

import "github.com/brainsim/brainsim/registry"

// PopulationStats summarizes one population after a run.
type PopulationStats struct {
	Population string  `json:"population"` // "region.population"
	Model      string  `json:"model"`
	Size       int     `json:"size"`
	Spikes     int64   `json:"spikes"`
	RateHz     float64 `json:"rate_hz"` // spikes / (size * simulated seconds)
	// CVISI is the coefficient of variation (std/mean) of each neuron's
	// inter-spike intervals, averaged over the neurons with at least three
	// spikes. NaN when no neuron has three spikes.
	CVISI float64 `json:"cv_isi"`
	// Silent is the fraction of the units that did not spike.
	Silent float64 `json:"silent"`
	// Sync is the coefficient of variation of the population's spike
	// count per bin of a recorded rate ([[record]] variable = "rate",
	// every at most 1 ms) beyond that of independent Poisson units,
	// sqrt(max(var − mean, 0))/mean, after the first tenth of the run: 0
	// for independent units, about 1 or more when they fire together. OscHz is
	// the frequency of the largest peak above 5 Hz of that count's power
	// spectrum. State is "AI", "SI" or "SR" (asynchronous irregular,
	// synchronous irregular or regular; Brunel 2000) from CVISI and Sync.
	// NaN and "" without such a recording.
	Sync  float64 `json:"sync"`
	OscHz float64 `json:"osc_hz"`
	State string  `json:"state"`
}

// Result is what one run of an experiment produced.
type Result struct {
	Experiment string  `json:"experiment"`
	Seed       int64   `json:"seed"`
	DtMS       float64 `json:"dt_ms"`
	DurationS  float64 `json:"duration_s"` // simulated (biological) time
	Steps      int64   `json:"steps"`

	Populations []PopulationStats `json:"populations"`

	BuildS         float64 `json:"build_s"`          // building the network (connectivity)
	LoopS          float64 `json:"loop_s"`           // the simulation loop only (of this process: a resumed run counts from its checkpoint)
	WallS          float64 `json:"wall_s"`           // process start (or Run call) to result
	RealTimeFactor float64 `json:"rtf"`              // loop_s / the simulated time it ran; below 1 is faster than real time
	Synapses       int64   `json:"synapses"`         // number of synapses built
	SynEvents      int64   `json:"syn_events"`       // spikes delivered through a synapse
	SynEventsPerS  float64 `json:"syn_events_per_s"` // the events of loop_s / loop_s

	// Spikes holds the recorded spikes (step, population, neuron) in
	// (step, population order, neuron) order when a [[record]] asks for
	// them; nil otherwise.
	Spikes []SpikeRow `json:"-"`
	// Traces holds sampled state variables and population rates.
	Traces []Trace `json:"-"`

	// Tables holds extra tables of the run: the weights of STDP
	// projections and the spikes of tsodyks_markram sources (see
	// Model.plasticTables), the [[reward]] tasks, the environment and
	// the activity rules fed by a patterns environment; nil when there
	// are none.
	Tables []Table `json:"tables,omitempty"`

	// Train holds one row per rule and task in train mode (rules in file
	// order, tasks within each rule); nil in simulate mode.
	Train []TrainRow `json:"train,omitempty"`
	// Images holds the image grids a run generated (rbm_dream), for the
	// caller to write as PNG files.
	Images []ImageGrid `json:"-"`
	// Heatmaps holds the matrices a run measured for figures: the TD error
	// δ of a td rule on a conditioning task (first seed), trials × steps.
	Heatmaps []Heatmap `json:"-"`
	// Plots holds the figures an environment drew the data of
	// (registry.Plotter), by figure name.
	Plots []registry.Plot `json:"-"`
}

// Heatmap and ImageGrid are the registry's: a matrix a rule measured
// (δ per trial and step) and a grid of images a run generated (a dbn's
// dreams).
type (
	Heatmap   = registry.Heatmap
	ImageGrid = registry.ImageGrid
)

// SpikeRow is one recorded spike.
type SpikeRow struct {
	Step       int64
	Population string
	Neuron     int
}

// Trace is one sampled variable of one population: Values[k][j] is the
// value of neuron Neurons[j] at step Steps[k]. For population rates Neurons
// is nil and Values[k] has one element, in Hz.
type Trace struct {
	Population string
	Variable   string
	Unit       string
	Neurons    []int
	Steps      []int64
	Values     [][]float32
}
