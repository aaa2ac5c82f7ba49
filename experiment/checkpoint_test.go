package experiment

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/registry"

	"github.com/brainsim/brainsim/internal/snap"
)

// finalState encodes the network and model of m (not the records, which
// a resumed run hands over in other chunks).
func finalState(t *testing.T, m *Model) []byte {
	t.Helper()
	var buf bytes.Buffer
	e := snap.NewEncoder(&buf)
	if err := e.Encode("network", m.Net); err != nil {
		t.Fatal(err)
	}
	if err := e.Encode("model", m); err != nil {
		t.Fatal(err)
	}
	if err := e.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// checkResume runs the experiment whole, and again stopped at its first
// checkpoint after `at` steps and resumed from it: the spikes, traces,
// final state (every weight, trace and random stream) and results must be
// the same bit for bit.
//
// ready, when set, picks the checkpoint: the first one at which it
// returns true (checkpoints come every `at` steps).
func checkResume(t *testing.T, f *configs.File, at int64, ready func(*Model) bool) {
	t.Helper()
	name := f.Experiment.Name
	var wholeState []byte
	wholeSink := &collect{}
	whole, err := Run(context.Background(), f, Options{Sink: wholeSink, done: func(m *Model) { wholeState = finalState(t, m) }})
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var saved []byte
	var savedAt int64
	var kept int
	var isReady bool
	firstSink := &collect{}
	_, err = Run(ctx, f, Options{Sink: firstSink, Checkpoint: &Checkpointing{Every: at, Save: func(step int64, _ string, write func(io.Writer) error) error {
		if saved != nil || !isReady {
			return nil
		}
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			return err
		}
		saved, savedAt, kept = buf.Bytes(), step, len(firstSink.spikes)
		cancel()
		return nil
	}}, saving: func(m *Model) {
		isReady = saved == nil && (ready == nil || ready(m))
	}})
	if saved == nil {
		t.Fatalf("no checkpoint was saved (run error %v)", err)
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("stopping after the checkpoint: %v", err)
	}
	var resumedState []byte
	restSink := &collect{}
	resumed, err := Run(context.Background(), f, Options{Sink: restSink, Resume: bytes.NewReader(saved),
		done: func(m *Model) { resumedState = finalState(t, m) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: checkpoint at step %d of %d (%d bytes), %d spikes before it, %d after",
		name, savedAt, whole.Steps, len(saved), kept, len(restSink.spikes))
	if savedAt <= 0 || savedAt >= whole.Steps {
		t.Fatalf("checkpoint at step %d of %d", savedAt, whole.Steps)
	}
	spikes := append(firstSink.spikes[:kept:kept], restSink.spikes...)
	if !reflect.DeepEqual(spikes, wholeSink.spikes) {
		t.Errorf("spikes: %d before and %d after the checkpoint, %d in the whole run, or different ones",
			kept, len(restSink.spikes), len(wholeSink.spikes))
	}
	if !bytes.Equal(resumedState, wholeState) {
		t.Errorf("the final state of the resumed run differs from the whole run's (%d and %d bytes)", len(resumedState), len(wholeState))
	}
	for _, r := range []*Result{whole, resumed} {
		r.BuildS, r.LoopS, r.WallS, r.RealTimeFactor, r.SynEventsPerS = 0, 0, 0, 0, 0
		for _, tb := range r.Tables { // wall-clock columns
			for c, name := range tb.Columns {
				if name == "wall_s" {
					for _, row := range tb.Rows {
						row[c] = 0
					}
				}
			}
		}
	}
	if fmt.Sprintf("%+v", *whole) != fmt.Sprintf("%+v", *resumed) { // NaN-tolerant
		t.Errorf("results differ:\nwhole   %+v\nresumed %+v", whole, resumed)
	}
}

// shippedWith is a shipped experiment with more TOML after it (records).
func shippedWith(t *testing.T, name, extra string, overrides ...string) *configs.File {
	t.Helper()
	text, ok := configs.ShippedText(name)
	if !ok {
		t.Fatalf("no shipped experiment %s", name)
	}
	return loadText(t, string(text)+"\n"+extra, overrides...)
}

// TestCheckpointCuba: the CUBA network with its spikes, a membrane trace
// and the population rate recorded; the checkpoint falls mid-run, with
// spikes in the delay rings.
func TestCheckpointCuba(t *testing.T) {
	t.Parallel()
	f := shippedWith(t, "cuba", `
[[record]]
population = "cortex.exc"
variable = "spikes"
[[record]]
population = "cortex.inh"
variable = "v"
neurons = [0, 7, 100]
[[record]]
population = "cortex.exc"
variable = "rate"
every = "0.5ms"
`, "experiment.duration=300ms")
	checkResume(t, f, 1000, nil)
}

// TestCheckpointDistalReward: dopamine-modulated STDP on every excitatory
// synapse, eligibility traces, dopamine decaying, and rewards scheduled
// 1-3 s ahead but not yet released when the checkpoint is taken.
func TestCheckpointDistalReward(t *testing.T) {
	t.Parallel()
	f := shippedWith(t, "distal_reward", `
[[record]]
population = "cortex.exc"
variable = "spikes"
`, "experiment.duration=30s", "reward.0.sample=2s")
	checkResume(t, f, 100, func(m *Model) bool {
		task := m.rewards[0]
		pending := 0
		for _, s := range task.scheduled {
			if s >= m.Net.Step() {
				pending++
			}
		}
		if pending == 0 || len(task.rows) == 0 {
			return false // also the weight table's rows made while running
		}
		t.Logf("at the checkpoint (step %d): %d rewards given so far, %d pending; dopamine %.4g",
			m.Net.Step(), len(task.scheduled)-pending, pending, m.Net.Mod[0])
		return true
	})
}

// TestCheckpointSTDPDelays: STDP on feed-forward (10 ms delay) and
// recurrent (3 ms) synapses and static inhibition with per-synapse delays
// (0.1-15 ms): many spikes are in flight in the rings at the checkpoint.
func TestCheckpointSTDPDelays(t *testing.T) {
	t.Parallel()
	f := loadText(t, `
[experiment]
name = "stdp_delays"
seed = 3
dt = "0.1ms"
duration = "2s"

[[region]]
name = "cell"

  [[region.population]]
  name = "input"
  size = 400
  model = "poisson"
  rate = "15Hz"

  [[region.population]]
  name = "neuron"
  size = 40
  model = "lif"
  tau_m = "10ms"
  c_m = "0.2nF"
  v_rest = "-74mV"
  v_reset = "-60mV"
  v_thresh = "-54mV"
  refractory = "2ms"
  v_init = "-74mV"

[[projection]]
name = "ff"
from = "cell.input"
to = "cell.neuron"
connect = { rule = "all_to_all" }
synapse = { kind = "exp_conductance", tau = "5ms", e_rev = "0mV", weight = { uniform = ["0nS", "0.5nS"] }, delay = "10ms" }

  [projection.plasticity]
  rule = "stdp"
  pairing = "all_to_all"
  tau_plus = "20ms"
  tau_minus = "20ms"
  a_plus = 0.01
  a_minus = 0.0105
  dependence = "additive"
  w_min = "0nS"
  w_max = "0.5nS"

[[projection]]
name = "rec"
from = "cell.neuron"
to = "cell.neuron"
connect = { rule = "probability", p = 0.3 }
synapse = { kind = "exp_conductance", tau = "5ms", e_rev = "0mV", weight = "0.02nS", delay = "3ms" }

  [projection.plasticity]
  rule = "stdp"
  pairing = "nearest"
  tau_plus = "20ms"
  tau_minus = "20ms"
  a_plus = 0.005
  a_minus = 0.006
  dependence = "multiplicative"
  w_min = "0nS"
  w_max = "0.04nS"

[[projection]]
name = "inh"
from = "cell.input"
to = "cell.neuron"
connect = { rule = "fixed_in_degree", n = 50 }
synapse = { kind = "exp_conductance", tau = "10ms", e_rev = "-80mV", weight = { uniform = ["0nS", "0.1nS"] }, delay = { uniform = ["0.1ms", "15ms"] } }

[[record]]
population = "cell.neuron"
variable = "spikes"

[[record]]
population = "cell.neuron"
variable = "v"
neurons = [0, 1, 39]
`)
	checkResume(t, f, 7000, func(m *Model) bool {
		// Spikes in flight: some ring slot ahead of the step holds input.
		p := m.Net.Population("cell.neuron")
		inFlight := 0
		for _, rc := range p.Unit.Receptors() {
			buf, _ := rc.Ring()
			for _, x := range buf {
				if x != 0 {
					inFlight++
				}
			}
		}
		t.Logf("at the checkpoint (step %d): %d ring entries hold input in flight", m.Net.Step(), inFlight)
		return inFlight > 0
	})
}

// TestCheckpointShipped: every shipped simulate-mode experiment, shortened,
// resumes from a checkpoint to the same spikes, state and results.
func TestCheckpointShipped(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name      string
		at        int64
		overrides []string
	}{
		{"quickstart", 1000, []string{"experiment.duration=300ms"}},
		{"brunel", 1000, []string{"experiment.duration=200ms"}},
		{"coba", 1000, []string{"experiment.duration=200ms"}},
		{"izhikevich", 100, []string{"experiment.duration=300ms"}},
		{"two_regions", 1000, []string{"experiment.duration=300ms"}},
		{"tsodyks_markram", 2000, nil},
		{"stdp_song", 10000, []string{"experiment.duration=3s"}},
		{"stdp_window", 1000, nil},
		{"bcm_selectivity", 1000, []string{"experiment.duration=2s"}},
		{"oja_pca", 1000, []string{"experiment.duration=5s"}},
		{"bandit_net", 1000, []string{"phase.explore.trials=60", "phase.exploit.trials=60"}},
		{"gridworld_net", 1000, []string{"phase.train.trials=300", "phase.test.trials=20"}},
		{"td_conditioning_net", 1000, []string{"phase.acquisition.trials=30", "phase.extinction.trials=20"}},
		{"boltzmann_encoder_net", 400, []string{"environment.runs=2", "environment.max_cycles=30"}},
		{"diehl_cook", 3000, []string{"environment.train_rows=8", "environment.assign_rows=4", "environment.test_rows=4", "environment.report_every=2"}},
		{"travelling_waves_dense", 1000, []string{"experiment.duration=300ms", "analysis.0.start=10ms"}},
		{"vor", 15000, []string{"environment.blocks=2", "environment.block=10s", "environment.probe=8s",
			"environment.consolidation=10s", "params.lr_pc=1e-8", "params.lr_vn=5e-8"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			checkResume(t, load(t, c.name, c.overrides...), c.at, nil)
		})
	}
}

// closureEnv is an environment (a plug-in of this test) that keeps state
// where a checkpoint cannot see it: in a closure.
type closureEnv struct {
	tick func() int
}

func (c *closureEnv) Attach() error                 { return nil }
func (c *closureEnv) Tables(int64) []registry.Table { return nil }

func init() {
	registry.RegisterEnvironment(registry.Environment{
		Name: "test_closure", Doc: "a test's environment with state in a closure",
		Params: func() any { return &struct{}{} },
		Build: func(any, registry.EnvHost) (registry.Env, error) {
			n := 0
			return &closureEnv{tick: func() int { n++; return n }}, nil
		},
	})
}

// TestCheckpointUnsupported: a network with state a checkpoint cannot
// save (a plug-in's closure) is refused before the run starts, naming
// the field.
func TestCheckpointUnsupported(t *testing.T) {
	t.Parallel()
	f := loadText(t, `
[experiment]
name = "closure"
dt = "1ms"
duration = "10ms"

[[region]]
name = "r"
  [[region.population]]
  name = "u"
  size = 1
  model = "rate"

[environment]
kind = "test_closure"
`)
	called := false
	_, err := Run(context.Background(), f, Options{Checkpoint: &Checkpointing{Every: 5, Save: func(int64, string, func(io.Writer) error) error {
		called = true
		return nil
	}}})
	var ce *CheckpointError
	if !errors.As(err, &ce) || !ce.Unsupported || !strings.Contains(err.Error(), "model.env.tick: a func cannot be saved") || called {
		t.Fatalf("got %v (saved: %v)", err, called)
	}
}

// TestCheckpointTrain: minsky_papert (perceptron, backprop and Boltzmann
// rules on AND, OR and XOR, three seeds) saves a checkpoint at every point
// it can (every backprop minibatch and every run); stopped at a checkpoint
// in the middle of a backprop run and resumed, it saves the same
// checkpoints after that one as the uninterrupted run, byte for byte
// (the network's weights and velocities, the random stream, the loop's
// place, the results so far), and gives the same results.
func TestCheckpointTrain(t *testing.T) {
	t.Parallel()
	f := load(t, "minsky_papert", "experiment.seeds=3")
	type saved struct {
		where     string
		data, raw []byte // raw: as saved; data: without the rows' times
	}
	record := func(list *[]saved, stopAt int, cancel func()) *Checkpointing {
		return &Checkpointing{Every: 1, Save: func(_ int64, where string, write func(io.Writer) error) error {
			if stopAt >= 0 && len(*list) > stopAt {
				return nil // after the stop
			}
			var buf bytes.Buffer
			if err := write(&buf); err != nil {
				return err
			}
			*list = append(*list, saved{where, noRowTimes(t, buf.Bytes()), buf.Bytes()})
			if len(*list) == stopAt+1 && cancel != nil {
				cancel()
			}
			return nil
		}}
	}
	var whole []saved
	wholeRes, err := Run(context.Background(), f, Options{Checkpoint: record(&whole, -1, nil)})
	if err != nil {
		t.Fatal(err)
	}
	// Stop in the middle of the backprop runs on XOR, inside a run.
	stopAt := -1
	for i, s := range whole {
		if strings.Contains(s.where, `"backprop" on task "xor", seed 2`) {
			p, err := readTrainProgress(bytes.NewReader(s.data))
			if err != nil {
				t.Fatal(err)
			}
			if p.InRun != nil && stopAt < 0 {
				stopAt = i + 20
			}
		}
	}
	if stopAt < 0 || stopAt >= len(whole) || !strings.Contains(whole[stopAt].where, `"backprop"`) {
		t.Fatalf("no checkpoint inside a backprop run on XOR among %d", len(whole))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var first []saved
	_, err = Run(ctx, f, Options{Checkpoint: record(&first, stopAt, cancel)})
	if !errors.Is(err, context.Canceled) || len(first) <= stopAt {
		t.Fatalf("stopping at checkpoint %d: %v (%d saved)", stopAt, err, len(first))
	}
	for i := range stopAt + 1 {
		if first[i].where != whole[i].where || !bytes.Equal(first[i].data, whole[i].data) {
			t.Fatalf("checkpoint %d (%s) differs before the stop", i, first[i].where)
		}
	}
	var rest []saved
	resumed, err := Run(context.Background(), f, Options{Resume: bytes.NewReader(first[stopAt].raw), Checkpoint: record(&rest, -1, nil)})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d checkpoints in the whole run; stopped after %d (%s), %d after resuming", len(whole), stopAt+1, whole[stopAt].where, len(rest))
	if len(rest) != len(whole)-stopAt-1 {
		t.Fatalf("%d checkpoints after resuming, want %d", len(rest), len(whole)-stopAt-1)
	}
	for i, s := range rest {
		if w := whole[stopAt+1+i]; s.where != w.where || !bytes.Equal(s.data, w.data) {
			t.Fatalf("checkpoint %d after resuming (%s) differs from the whole run's (%s)", i, s.where, w.where)
		}
	}
	for _, r := range []*Result{wholeRes, resumed} {
		r.LoopS, r.WallS = 0, 0
		for i := range r.Train {
			r.Train[i].TimeS = 0
		}
	}
	if fmt.Sprintf("%+v", *wholeRes) != fmt.Sprintf("%+v", *resumed) {
		t.Errorf("results differ:\nwhole   %+v\nresumed %+v", wholeRes, resumed)
	}
}

// noRowTimes is a train-mode state with the finished rows' times (TimeS)
// set to 0: the rest of it does not depend on timing.
func noRowTimes(t *testing.T, data []byte) []byte {
	p, err := readTrainProgress(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for i := range p.Rows {
		p.Rows[i].TimeS = 0
	}
	var buf bytes.Buffer
	buf.WriteString(trainMagic)
	e := snap.NewEncoder(&buf)
	if err := e.Encode("train", p); err != nil {
		t.Fatal(err)
	}
	e.Flush()
	return buf.Bytes()
}
