package experiment

import (
	"fmt"
	"math"
	"testing"
)

// brianNet is a LIF unit with a conductance synapse from a spike at 1 ms,
// and a second LIF unit driven hard by a constant current.
const brianNet = `
[experiment]
name = "brian"
dt = "0.5ms"
duration = "60ms"

[[region]]
name = "r"
  [[region.population]]
  name = "src"
  model = "spike_times"
  spike_times = [["1ms"]]
  [[region.population]]
  name = "cell"
  size = 1
  model = "lif"
  tau_m = "100ms"
  c_m = "100nF"
  v_thresh = "-40mV"
  synapse_decay = "%s"
  [[region.population]]
  name = "driven"
  size = 1
  model = "lif"
  tau_m = "10ms"
  c_m = "10nF"
  v_thresh = "-55mV"
  refractory = "5ms"
  refractory_hold = %v
  i_bias = "5000nA"

[[projection]]
from = "r.src"
to = "r.cell"
connect = { rule = "all_to_all" }
synapse = { kind = "exp_conductance", tau = "1ms", e_rev = "0mV", weight = "2uS", delay = "0ms" }

[[record]]
population = "r.driven"
variable = "spikes"
`

// TestBrianNumerics: synapse_decay = "euler" decays a conductance by
// Brian 1's forward-Euler factor 1 − dt/τ (0.5 at τ 1 ms, dt 0.5 ms) per
// step, "exact" by exp(−dt/τ); with refractory_hold = false a unit driven
// far above threshold spikes every refractory period (10 steps: v runs
// on from the reset), with the hold only after the period and the rise
// that follows it.
func TestBrianNumerics(t *testing.T) {
	for _, c := range []struct {
		decay string
		f     float64
	}{{"euler", 0.5}, {"exact", math.Exp(-0.5)}} {
		m, err := Build(loadText(t, fmt.Sprintf(brianNet, c.decay, true)), 1)
		if err != nil {
			t.Fatal(err)
		}
		ge := m.Net.Population("r.cell").Unit.Receptors()[0]
		if err := m.Net.Run(t.Context(), 3); err != nil { // the spike of step 2 is in ge
			t.Fatal(err)
		}
		g0 := float64(ge.X[0])
		for k := 1; k <= 4; k++ {
			if err := m.Net.Run(t.Context(), 1); err != nil {
				t.Fatal(err)
			}
			if got, want := float64(ge.X[0]), g0*math.Pow(c.f, float64(k)); math.Abs(got-want) > 1e-6*g0 {
				t.Errorf("%s decay: ge after %d steps %v, want %v", c.decay, k, got, want)
			}
		}
		if g0 != 2 {
			t.Errorf("%s: ge after the spike %v µS, want 2", c.decay, g0)
		}
	}
	isi := func(hold bool) int64 {
		r := run(t, loadText(t, fmt.Sprintf(brianNet, "exact", hold)))
		if len(r.Spikes) < 3 {
			t.Fatalf("hold %v: %d spikes", hold, len(r.Spikes))
		}
		return r.Spikes[2].Step - r.Spikes[1].Step
	}
	free, held := isi(false), isi(true)
	t.Logf("inter-spike interval: %d steps with v free while refractory, %d with v held", free, held)
	if free != 10 || held <= 10 {
		t.Errorf("ISI %d steps without the hold (want 10), %d with (want > 10)", free, held)
	}
}
