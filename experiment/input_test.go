package experiment

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/connectors"
	"github.com/brainsim/brainsim/neuron"
)

// inputNet is a LIF population with no input but [[input]] tables.
const inputNet = `[experiment]
name = "input"
dt = "0.1ms"
duration = "100ms"

[[region]]
name = "c"

  [[region.population]]
  name = "cells"
  size = 1000
  model = "lif"
  tau_m = "10ms"
  c_m = "250pF"
`

func loadText(t *testing.T, text string, overrides ...string) *configs.File {
	t.Helper()
	f, err := configs.LoadBytes("test.toml", []byte(text), overrides)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestPoissonInputEvents counts the events a poisson [[input]] delivers. The
// receptor does not decay (tau 1e12 ms: exp(-dt/tau) is 1 in float32) and
// the weight is 2^-20 nA, so its state is exactly 2^-20 times the number of
// events each unit received. Over the active interval [10 ms, 60 ms) at
// 10 kHz each unit expects 500 events, Poisson: the total over 1000 units
// must be within 5 standard deviations of 5e5 and the variance across units
// near the mean (a Poisson count, not a constant or a Bernoulli one).
func TestPoissonInputEvents(t *testing.T) {
	f := loadText(t, inputNet+`
[[input]]
target = "c.cells"
kind = "poisson"
rate = "10kHz"
weight = "9.5367431640625e-7nA"   # 2^-20 nA
tau = "1e9s"
start = "10ms"
stop = "60ms"
`)
	m, err := Build(f, 1)
	if err != nil {
		t.Fatal(err)
	}
	p := m.Net.Population("c.cells")
	if len(p.Stimuli) != 1 {
		t.Fatalf("%d stimuli, want the one input", len(p.Stimuli))
	}
	in := p.Stimuli[0].(*neuron.PoissonInput)
	if in.Start != 100 || in.Stop != 600 || in.Rate != 10000 || in.Weight != 1.0/(1<<20) {
		t.Errorf("input start %d stop %d rate %v weight %v, want 100, 600, 10000, 2^-20", in.Start, in.Stop, in.Rate, in.Weight)
	}
	if err := m.Net.Run(context.Background(), m.Steps); err != nil {
		t.Fatal(err)
	}
	recs := p.Unit.Receptors()
	if len(recs) != 1 {
		t.Fatalf("%d receptors, want 1", len(recs))
	}
	var sum, sum2 float64
	for i, x := range recs[0].X {
		c := float64(x) * (1 << 20)
		if c != math.Trunc(c) {
			t.Fatalf("unit %d: state %v is not a whole number of events", i, x)
		}
		sum += c
		sum2 += c * c
	}
	n := float64(len(recs[0].X))
	const perUnit = 10000 * 0.050 // rate × active time
	want := perUnit * n
	if d := math.Abs(sum - want); d > 5*math.Sqrt(want) {
		t.Errorf("%v events, want %v ± %.0f (5 sd)", sum, want, 5*math.Sqrt(want))
	}
	mean := sum / n
	variance := (sum2 - n*mean*mean) / (n - 1)
	// The sample variance of n Poisson counts has a relative sd of about
	// sqrt(2/n) = 4.5%.
	if r := variance / mean; math.Abs(r-1) > 5*math.Sqrt(2/n) {
		t.Errorf("variance/mean of the counts %.3f, want 1 ± %.3f", r, 5*math.Sqrt(2/n))
	}
	t.Logf("%v events (want %v), variance/mean %.3f", sum, want, variance/mean)
	if p.SpikeCount() != 0 {
		t.Errorf("%d spikes from input far below threshold", p.SpikeCount())
	}
}

// TestInputReceptors: an input with the tau of a projection shares its
// receptor, one with another tau or kind makes its own; a weight in mV is
// divided by R like a projection weight; inh sets the defaults of tau.
func TestInputReceptors(t *testing.T) {
	text := inputNet + `
[[projection]]
from = "c.cells"
to = "c.cells"
connect = { rule = "fixed_total_number", n = 5000 }
synapse = { kind = "exp_current", tau = "0.5ms", weight = "0.1mV" }

[[input]]
target = "c.cells"
kind = "poisson"
rate = "1kHz"
weight = "0.15mV"
tau = "0.5ms"

[[input]]
target = "c.cells"
kind = "poisson"
rate = "500Hz"
weight = "-0.3nA"
receptor = "inh"

[[input]]
target = "c.cells"
kind = "poisson"
rate = "100Hz"
weight = "1nS"
synapse_kind = "exp_conductance"
`
	m, err := Build(loadText(t, text), 1)
	if err != nil {
		t.Fatal(err)
	}
	if m.Net.Synapses() != 5000 {
		t.Errorf("%d synapses, want 5000 (fixed_total_number)", m.Net.Synapses())
	}
	p := m.Net.Population("c.cells")
	recs := p.Unit.Receptors()
	if len(recs) != 3 {
		t.Fatalf("%d receptors, want 3 (0.5 ms current shared, 10 ms current, conductance)", len(recs))
	}
	if len(p.Stimuli) != 3 {
		t.Fatalf("%d stimuli, want 3", len(p.Stimuli))
	}
	a, b, c := p.Stimuli[0].(*neuron.PoissonInput), p.Stimuli[1].(*neuron.PoissonInput), p.Stimuli[2].(*neuron.PoissonInput)
	const r = 10 / 0.25 // MΩ
	if a.Receptor != recs[0] || math.Abs(float64(a.Weight)-0.15/r) > 1e-9 || a.Start != 0 || a.Stop != -1 {
		t.Errorf("input 1: receptor %p (projection's %p), weight %v nA (want %v), start %d stop %d", a.Receptor, recs[0], a.Weight, 0.15/r, a.Start, a.Stop)
	}
	if b.Receptor.Kind != neuron.ExpCurrent || b.Receptor.Tau != 10 || b.Weight != -0.3 {
		t.Errorf("input 2: %v receptor, tau %v, weight %v; want exp_current, 10 ms, -0.3 nA", b.Receptor.Kind, b.Receptor.Tau, b.Weight)
	}
	if c.Receptor.Kind != neuron.ExpConductance || c.Receptor.Tau != 5 || c.Receptor.ERev != 0 || math.Abs(float64(c.Weight)-0.001) > 1e-9 {
		t.Errorf("input 3: %v receptor, tau %v, e_rev %v, weight %v; want exp_conductance, 5 ms, 0 mV, 0.001 µS", c.Receptor.Kind, c.Receptor.Tau, c.Receptor.ERev, c.Weight)
	}
	if a.Rng == nil || b.Rng == nil || a.Rng.Uint64() == b.Rng.Uint64() {
		t.Error("two inputs share a random stream")
	}
}

// TestInputFeedsInit: an input labelled exc (inh) counts as feeding its
// receptor for exc_init (inh_init), also with no projection at all.
func TestInputFeedsInit(t *testing.T) {
	withInit := strings.Replace(inputNet, `c_m = "250pF"`, "c_m = \"250pF\"\n  exc_init = \"2mV\"", 1)
	m, err := Build(loadText(t, withInit+"\n[[input]]\ntarget = \"c.cells\"\nkind = \"poisson\"\nrate = \"1kHz\"\nweight = \"1pA\"\n"), 1)
	if err != nil {
		t.Fatal(err)
	}
	const r = 10 / 0.25 // MΩ
	for i, x := range m.Net.Population("c.cells").Unit.Receptors()[0].X {
		if math.Abs(float64(x)-2/r) > 1e-6 {
			t.Fatalf("unit %d: exc receptor starts at %v nA, want %v", i, x, 2/r)
		}
	}
	// Only an inh input: exc_init has nothing to set.
	onlyInh := withInit + "\n[[input]]\ntarget = \"c.cells\"\nkind = \"poisson\"\nrate = \"1kHz\"\nweight = \"-1pA\"\nreceptor = \"inh\"\n"
	if _, err := configs.LoadBytes("test.toml", []byte(onlyInh), nil); err == nil || !strings.Contains(err.Error(), "no projection or input") {
		t.Errorf("exc_init with only an inh input: %v", err)
	}
}

// TestInputBuildErrors: exc_init in mV cannot set a conductance receptor
// that an exc input feeds.
func TestInputBuildErrors(t *testing.T) {
	text := strings.Replace(inputNet, `c_m = "250pF"`, "c_m = \"250pF\"\n  exc_init = \"2mV\"", 1) +
		"\n[[input]]\ntarget = \"c.cells\"\nkind = \"poisson\"\nrate = \"1kHz\"\nweight = \"1nS\"\nsynapse_kind = \"exp_conductance\"\n"
	_, err := Build(loadText(t, text), 1)
	if err == nil || !strings.Contains(err.Error(), "exc_init has dimension voltage") {
		t.Errorf("exc_init in mV on a conductance input: %v", err)
	}
}

// TestInputLambdaBound: the validator's bound on rate·dt is the one
// neuron.PoissonInput enforces.
func TestInputLambdaBound(t *testing.T) {
	if configs.MaxInputLambda != neuron.MaxPoissonLambda {
		t.Errorf("configs.MaxInputLambda = %d, neuron.MaxPoissonLambda = %d", configs.MaxInputLambda, neuron.MaxPoissonLambda)
	}
}

// TestInputDeterminism: the same seed gives the same spikes; another seed
// or another input index gives other ones.
func TestInputDeterminism(t *testing.T) {
	text := inputNet + `
[[record]]
population = "c.cells"
variable = "spikes"

[[input]]
target = "c.cells"
kind = "poisson"
rate = "20kHz"
weight = "87.8pA"
tau = "0.5ms"
`
	f := loadText(t, text, "experiment.duration=50ms")
	a, b := run(t, f), run(t, f)
	if len(a.Spikes) == 0 {
		t.Fatal("no spikes: the input does not drive the cells")
	}
	if spikeDigest(a) != spikeDigest(b) {
		t.Error("two runs with seed 1 differ")
	}
	if c := run(t, loadText(t, text, "experiment.duration=50ms", "experiment.seed=2")); spikeDigest(c) == spikeDigest(a) {
		t.Error("seed 2 gave the same spikes as seed 1")
	}
}

// TestMicrocircuitSmall builds the shipped microcircuit at scale 0.002 (154
// neurons, 0.6 M synapses: the in-degrees of the full model) and runs it
// for 50 ms: the synapse numbers are the file's, every population has its
// background input, and the network fires at a plausible rate. The full model is not run in
// tests.
func TestMicrocircuitSmall(t *testing.T) {
	f := load(t, "microcircuit", "scale=0.002", "experiment.duration=50ms")
	want := 0
	for _, pr := range f.Projection {
		want += *pr.Connect.Params.(*connectors.TotalNumber).N
	}
	r := run(t, f)
	if r.Synapses != int64(want) {
		t.Errorf("%d synapses, want %d", r.Synapses, want)
	}
	if len(r.Populations) != 8 {
		t.Errorf("%d populations, want 8", len(r.Populations))
	}
}

// TestMicrocircuitLayers runs the shipped microcircuit at scale 0.3
// (23,151 neurons with the full model's in-degrees; at this scale every
// population's rate is within 7% of the full model's) for 1 s and checks
// the layer structure of its activity that Potjans & Diesmann (2014, Fig.
// 6) report and the full model reproduces (0.88, 4.41, 7.67, 1.13 Hz for
// L2/3e, L4e, L5e, L6e; BENCHMARKS.md): among the excitatory populations
// L2/3e fires least and L5e most, L6e below L4e; and in every layer the
// inhibitory population fires faster than the excitatory one.
func TestMicrocircuitLayers(t *testing.T) {
	if testing.Short() {
		t.Skip("23,000 neurons, 90 M synapses")
	}
	r := run(t, load(t, "microcircuit", "scale=0.3", "experiment.duration=1s"))
	rate := map[string]float64{}
	for _, p := range r.Populations {
		rate[strings.TrimPrefix(p.Population, "column.")] = p.RateHz
	}
	t.Logf("rates %v", rate)
	if !(rate["L23e"] < rate["L6e"] && rate["L6e"] < rate["L4e"] && rate["L4e"] < rate["L5e"]) {
		t.Errorf("excitatory rates L2/3e %.2f, L6e %.2f, L4e %.2f, L5e %.2f Hz: want them increasing in that order",
			rate["L23e"], rate["L6e"], rate["L4e"], rate["L5e"])
	}
	for _, l := range []string{"L23", "L4", "L5", "L6"} {
		if !(rate[l+"i"] > rate[l+"e"]) {
			t.Errorf("%s: inhibitory %.2f Hz, excitatory %.2f Hz: want the inhibitory population faster", l, rate[l+"i"], rate[l+"e"])
		}
	}
}
