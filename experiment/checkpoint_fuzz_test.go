package experiment

import (
	"bytes"
	"context"
	"github.com/brainsim/brainsim/configs"
	"io"
	"testing"
)

// FuzzResume reads damaged states into a network and a train-mode
// experiment: an error, never a panic, a hang or a huge allocation. The
// seeds are a simulate-mode state of a small network and a train-mode
// state of minsky_papert.
func FuzzResume(f *testing.F) {
	// A small network (so that an input is read in well under a
	// millisecond) with what states hold: Izhikevich and LIF units, a
	// Poisson source, delays, STDP, dopamine, records.
	q, err := configs.LoadBytes("fuzz.toml", []byte(`
[experiment]
name = "fuzz"
dt = "0.5ms"
duration = "200ms"

[[region]]
name = "r"
  [[region.population]]
  name = "in"
  size = 20
  model = "poisson"
  rate = "50Hz"
  [[region.population]]
  name = "lif"
  size = 8
  model = "lif"
  [[region.population]]
  name = "izh"
  size = 4
  model = "izhikevich"

[[projection]]
from = "r.in"
to = "r.lif"
connect = { rule = "all_to_all" }
synapse = { kind = "exp_current", tau = "5ms", weight = { uniform = ["0nA", "0.6nA"] }, delay = "2ms" }
  [projection.plasticity]
  rule = "stdp"
  w_min = "0nA"
  w_max = "0.6nA"

[[projection]]
from = "r.lif"
to = "r.izh"
connect = { rule = "all_to_all" }
synapse = { kind = "pulse", weight = "5nA", delay = { uniform = ["1ms", "4ms"] } }

[[record]]
population = "r.lif"
variable = "spikes"
[[record]]
population = "r.lif"
variable = "v"
neurons = [0, 3]
`), nil)
	if err != nil {
		f.Fatal(err)
	}
	var sim []byte
	_, err = Run(context.Background(), q, Options{Checkpoint: &Checkpointing{Every: 200, Save: func(_ int64, _ string, write func(io.Writer) error) error {
		if sim == nil {
			var buf bytes.Buffer
			if err := write(&buf); err != nil {
				return err
			}
			sim = buf.Bytes()
		}
		return nil
	}}})
	if err != nil || sim == nil {
		f.Fatalf("no seed state: %v", err)
	}
	var train []byte
	mp := load(f, "minsky_papert", "experiment.seeds=1")
	if _, err := Run(context.Background(), mp, Options{Checkpoint: &Checkpointing{Every: 50, Save: func(_ int64, _ string, write func(io.Writer) error) error {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			return err
		}
		train = buf.Bytes() // the last one
		return nil
	}}}); err != nil || train == nil {
		f.Fatalf("no train seed state: %v", err)
	}
	f.Add(sim)
	f.Add(train)
	f.Fuzz(func(t *testing.T, data []byte) {
		// A network built afresh for every input, so that a failure
		// reproduces.
		m, err := Build(q, 1)
		if err == nil {
			err = m.Net.Prepare()
		}
		if err != nil {
			t.Fatal(err)
		}
		m.loadState(bytes.NewReader(data), m.newStreamer(Options{}))
		if p, err := readTrainProgress(bytes.NewReader(data)); err == nil {
			_ = p.check(mp)
		}
	})
}
