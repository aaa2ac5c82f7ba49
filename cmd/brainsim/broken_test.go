package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// brokenBase is a valid experiment the broken cases edit; its line numbers
// are what the cases expect.
const brokenBase = `[experiment]
name = "b"
dt = "0.1ms"
duration = "10ms"

[[region]]
name = "c"

  [[region.population]]
  name = "exc"
  size = 10
  model = "lif"
  tau_m = "20ms"

[[projection]]
name = "ee"
from = "c.exc"
to = "c.exc"
connect = { rule = "probability", p = 0.1 }
synapse = { kind = "exp_current", weight = "1mV", delay = "1ms" }
`

// srcOneLayer is a train-mode file whose SRC rule has one hidden layer,
// which its thresholds β do not cover (issue 18).
const srcOneLayer = `[experiment]
name = "src1"
mode = "train"

[[task]]
name = "split_mnist"
data = "split_mnist"

[[rule]]
name = "src"
rule = "src"
hidden = [20]
epochs = 1
`

// TestBinaryBrokenConfigs feeds broken experiment files to `brainsim run`
// and to `brainsim validate`: every one must exit 2 from both with the
// same error lines only (no stack trace), each line naming the file, the
// line where TOML has one, the key, and a word of what is allowed. What
// run refuses, validate refuses.
func TestBinaryBrokenConfigs(t *testing.T) {
	t.Parallel()
	vorFile, err := os.ReadFile("../../configs/experiments/vor.toml")
	if err != nil {
		t.Fatal(err)
	}
	vor := string(vorFile)
	cases := []struct {
		name     string
		old, new string // edit of brokenBase; old == "" replaces the file
		want     []string
	}{
		{"unknown key", `  tau_m = "20ms"`, `  tau_mm = "20ms"`, []string{":13:", "tau_mm", "allowed"}},
		{"wrong dimension", `  tau_m = "20ms"`, `  tau_m = "20mV"`, []string{":13:", "tau_m", "time"}},
		{"bare number", `  tau_m = "20ms"`, `  tau_m = 20`, []string{":13:", "tau_m", "unit"}},
		{"negative size", `  size = 10`, `  size = -5`, []string{":11:", "size", "> 0"}},
		{"unknown population", `to = "c.exc"`, `to = "c.exx"`, []string{":18:", "to", "c.exc"}},
		{"delay below dt", `delay = "1ms"`, `delay = "0.01ms"`, []string{":20:", "delay", "dt"}},
		{"probability above 1", `p = 0.1`, `p = 1.5`, []string{":19:", "p", "[0, 1]"}},
		{"unknown model", `model = "lif"`, `model = "hh"`, []string{":12:", "model", "izhikevich"}},
		{"key of another model", `  tau_m = "20ms"`, `  cell_type = "RS"`, []string{":13:", "cell_type", "lif"}},
		{"unknown connector", `rule = "probability"`, `rule = "prob"`, []string{":19:", "rule", "fixed_in_degree"}},
		{"unknown synapse kind", `kind = "exp_current"`, `kind = "alpha"`, []string{":20:", "kind", "exp_conductance"}},
		{"conductance weight in mV", `kind = "exp_current"`, `kind = "exp_conductance"`, []string{":20:", "weight", "conductance"}},
		{"duplicate population", "  tau_m = \"20ms\"\n", "  tau_m = \"20ms\"\n\n  [[region.population]]\n  name = \"exc\"\n  size = 3\n  model = \"lif\"\n", []string{":16:", "name", "exc"}},
		{"syntax error", `name = "ee"`, `name = "ee`, []string{":16:"}},
		{"empty file", "", "", []string{"empty"}},
		{"missing duration", "duration = \"10ms\"\n", "", []string{"duration", "required"}},
		{"dt wrong unit", `dt = "0.1ms"`, `dt = "0.1Hz"`, []string{":3:", "dt", "time"}},
		{"unknown top-level table", "[experiment]\n", "[experimant]\nx = 1\n[experiment]\n", []string{":1:", "experimant", "allowed"}},
		// The engine's keys (issue 14).
		{"activity rule on a spiking synapse", `delay = "1ms" }`, "delay = \"1ms\" }\nplasticity = { rule = \"oja\" }", []string{":20:", "kind", "rate"}},
		{"td without a reward population", `kind = "exp_current", weight = "1mV", delay = "1ms" }`, "kind = \"rate\", weight = \"1nA\", delay = \"1ms\" }\nplasticity = { rule = \"td\" }", []string{":21:", "reward", "region.population"}},
		{"zero delay into a delta synapse", `kind = "exp_current", weight = "1mV", delay = "1ms"`, `kind = "delta", weight = "1mV", delay = "0ms"`, []string{":20:", "delay", "delta"}},
		{"modulator nothing reads", `delay = "1ms" }`, "delay = \"1ms\" }\n\n[[modulator]]\nname = \"confidence\"", []string{":23:", "confidence", "bandit"}},
		{"phase without an environment", `delay = "1ms" }`, "delay = \"1ms\" }\n\n[[phase]]\nname = \"a\"\ntrials = 3", []string{":22:", "phase", "environment"}},
		{"environment of an unknown kind", `delay = "1ms" }`, "delay = \"1ms\" }\n\n[environment]\nkind = \"maze\"", []string{":23:", "kind", "bandit"}},
		{"theta keys without theta_plus", `  tau_m = "20ms"`, "  tau_m = \"20ms\"\n  tau_theta = \"1s\"", []string{":9:", "theta_plus", "required"}},
		{"modulator record too large", `duration = "10ms"`, "duration = \"1000000s\"\n\n[[modulator]]\nname = \"dopamine\"\n\n[[record]]\nmodulator = \"dopamine\"", []string{"record", "every", "GB"}},
		{"unknown synapse decay", `  tau_m = "20ms"`, "  tau_m = \"20ms\"\n  synapse_decay = \"rk4\"", []string{":14:", "synapse_decay", "euler"}},
		// Issue 18: what run refused (or failed on) and validate passed.
		{"variant with a misspelled key", `delay = "1ms" }`, "delay = \"1ms\" }\n\n[[variant]]\nname = \"v\"\nsett = { \"experiment.seed\" = 2 }", []string{":24:", "sett", "allowed"}},
		{"delay beyond the ring", `delay = "1ms"`, `delay = "100s"`, []string{":20:", "delay", "65535 steps"}},
		{"from_list delay beyond the ring", `connect = { rule = "probability", p = 0.1 }`, `connect = { rule = "from_list", pairs = [[0, 1]], delays = [7000.0] }`, []string{":19:", "delays[0]", "65535 steps"}},
		{"src with one hidden layer", "", srcOneLayer, []string{":12:", "hidden", "thresholds"}},
		{"a hidden layer too large for the machine", "", strings.Replace(srcOneLayer, "hidden = [20]", "hidden = [200000000, 20]", 1), []string{":12:", "hidden[0]", "more than a layer may have"}},
		{"hidden layers whose weights do not fit", "", strings.Replace(srcOneLayer, "hidden = [20]", "hidden = [100000, 100000]", 1), []string{":12:", "hidden[1]", "GB"}},
		{"STDP start above w_max", `synapse = { kind = "exp_current", weight = "1mV", delay = "1ms" }`, "synapse = { kind = \"exp_current\", weight = { uniform = [\"0mV\", \"2mV\"] }, delay = \"1ms\" }\nplasticity = { rule = \"stdp\", w_max = \"1mV\" }", []string{":20:", "weight", "w_max"}},
		// Issue 19: the cerebellum's keys.
		{"vor lens not a number", "", strings.Replace(vor, "lens = 2.0", "lens = nan", 1), []string{"environment.lens", "finite"}},
		{"vor probe shorter than 2 cycles of a probe frequency", "", strings.Replace(vor, `probe_frequencies = ["0.25Hz"`, `probe_frequencies = ["0.1Hz"`, 1), []string{"environment.probe", "0.1Hz"}},
		{"climbing_fibre error of the wrong size", "", strings.Replace(vor, `error = "cb.cf", lag = "105ms"`, `error = "cb.granule_fast", lag = "105ms"`, 1), []string{"plasticity.error", "one per target unit"}},
		{"unsorted spike times", "  size = 10\n  model = \"lif\"\n  tau_m = \"20ms\"\n", "  size = 1\n  model = \"spike_times\"\n  spike_times = [[\"2ms\", \"1ms\"]]\n", []string{":13:", "spike_times[0][1]", "ascending"}},
		{"two spike times in one step", "  size = 10\n  model = \"lif\"\n  tau_m = \"20ms\"\n", "  size = 1\n  model = \"spike_times\"\n  spike_times = [[\"1ms\", \"1ms\"]]\n", []string{":13:", "spike_times[0][1]", "once a step"}},
		{"spike time after the end", "  size = 10\n  model = \"lif\"\n  tau_m = \"20ms\"\n", "  size = 1\n  model = \"spike_times\"\n  spike_times = [[\"1ms\", \"20ms\"]]\n", []string{":13:", "spike_times[0][1]", "end of the run"}},
		{"experiment name with a path", `name = "b"`, `name = "../evil"`, []string{":2:", "name", "/"}},
		{"experiment name with a folder", `name = "b"`, `name = "sub/dir"`, []string{":2:", "name", "/"}},
		{"population name with a slash", `  name = "exc"`, `  name = "e/x"`, []string{":10:", "name", "/"}},
		{"inh_init with nothing to start", `  tau_m = "20ms"`, "  tau_m = \"20ms\"\n  inh_init = \"0.1nA\"", []string{":14:", "inh_init", "receptor = \"inh\""}},
		{"exc_init of a conductance on a current receptor (found by building)", `  tau_m = "20ms"`, "  tau_m = \"20ms\"\n  exc_init = \"1nS\"", []string{"exc_init", "conductance", "current"}},
		{"population too large to build", `  size = 10`, `  size = 2000000000`, []string{":19:", "needs about", "GB"}},
		{"all_to_all too large to build", "", strings.ReplaceAll(oversized["all_to_all.toml"], "100000", "10000000"), []string{":21:", "needs about", "TB"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			src := c.new
			if c.old != "" {
				if strings.Count(brokenBase, c.old) != 1 {
					t.Fatalf("edit %q does not occur once", c.old)
				}
				src = strings.Replace(brokenBase, c.old, c.new, 1)
			}
			path := filepath.Join(t.TempDir(), "case.toml")
			if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			code, stdout, stderr := brainsim(t, "run", path)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			vcode, vout, vstderr := brainsim(t, "validate", path)
			// The memory available may change between the two runs.
			avail := regexp.MustCompile(`this machine \([0-9.]+ [kMGT]?B\)`)
			if vcode != code || avail.ReplaceAllString(vstderr, "") != avail.ReplaceAllString(stderr, "") || vout != "" {
				t.Errorf("validate: exit %d, stdout %q, stderr\n%s\nwant run's exit %d and stderr\n%s", vcode, vout, vstderr, code, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout not empty: %q", stdout)
			}
			ls := lines(stderr)
			for _, l := range ls {
				if !strings.HasPrefix(l, "brainsim: ") || !strings.Contains(l, "case.toml") {
					t.Errorf("line %q is not `brainsim: case.toml...`", l)
				}
			}
			for _, w := range c.want {
				if !strings.Contains(ls[0], w) {
					t.Errorf("first error line %q does not contain %q", ls[0], w)
				}
			}
		})
	}
}
