package experiment

import (
	"fmt"
	"testing"
)

// zeroNet is one spike source firing at 1 ms into two LIF units through
// exp_current synapses with the given per-pair delays (from_list), and
// records both membranes every step.
const zeroNet = `
[experiment]
name = "zero"
dt = "0.1ms"
duration = "5ms"

[[region]]
name = "r"
  [[region.population]]
  name = "src"
  model = "spike_times"
  spike_times = [["1ms"]]
  [[region.population]]
  name = "cells"
  size = 2
  model = "lif"
  v_thresh = "0mV"

[[projection]]
from = "r.src"
to = "r.cells"
connect = { rule = "from_list", pairs = [[0, 0], [0, 1]], delays = [%s] }
synapse = { kind = "exp_current", weight = "0.5nA", tau = "2ms" }

[[record]]
population = "r.cells"
variable = "v"
neurons = [0, 1]
`

// TestZeroDelay: a synapse of delay 0 acts one step earlier than one of
// delay dt, and delay d·dt d steps later than 0, whether the delays are
// per synapse (with zeros among them) or common; the spike at step 10
// first moves the membrane at step 11 with delay 0 (Brian2's schedule).
func TestZeroDelay(t *testing.T) {
	trace := func(delays string) [][]float32 {
		r := run(t, loadText(t, fmt.Sprintf(zeroNet, delays)))
		return r.Traces[0].Values
	}
	mixed := trace("0.0, 0.2") // unit 0: 0 steps, unit 1: 2 steps
	zero := trace("0.0, 0.0")  // a common delay of 0
	late := trace("0.1, 0.1")  // a common delay of one step
	const spike = 10
	rest := mixed[0][0]
	for s := 0; s <= spike; s++ {
		if mixed[s][0] != rest {
			t.Fatalf("step %d: v moved before the spike's effect: %v", s, mixed[s][0])
		}
	}
	if mixed[spike+1][0] == rest {
		t.Errorf("delay 0: v unchanged at step %d, the step after the spike", spike+1)
	}
	for s := spike; s+2 < len(mixed); s++ {
		if mixed[s][0] != zero[s][0] {
			t.Fatalf("step %d: per-synapse delay 0 gives %v, a common delay 0 %v", s, mixed[s][0], zero[s][0])
		}
		if late[s+1][0] != zero[s][0] {
			t.Fatalf("step %d: delay dt at step %d gives %v, delay 0 %v", s, s+1, late[s+1][0], zero[s][0])
		}
		if mixed[s+2][1] != zero[s][0] {
			t.Fatalf("step %d: delay 2 dt at step %d gives %v, delay 0 %v", s, s+2, mixed[s+2][1], zero[s][0])
		}
	}
}
