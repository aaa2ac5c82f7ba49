package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/registry"
)

// shrink lists overrides that make a shipped experiment quick while
// keeping every kind of row it prints: simulate mode runs 30 ms (the
// microcircuit at 2% of its size, diehl_cook on a few images; files with
// phases as they are), train mode
// one seed of few epochs on a few hundred MNIST images.
func shrink(t *testing.T, name string) []string {
	f, err := configs.Resolve(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.Experiment.Mode != configs.ModeTrain {
		var over []string
		if len(f.Phase) == 0 { // phases set the time otherwise
			over = append(over, "experiment.duration=30ms")
		}
		switch name {
		case "microcircuit":
			over = append(over, "scale=0.02")
		case "travelling_waves":
			over = append(over, "side_mm=1", "k=300")
		case "diehl_cook":
			over = []string{"environment.train_rows=3", "environment.assign_rows=2", "environment.test_rows=2"}
		case "stdp_window", "tsodyks_markram":
			over = nil // short already; their spike times reach their end
		}
		return over
	}
	over := []string{"experiment.seeds=1"}
	for i, task := range f.Task {
		over = append(over, fmt.Sprintf("task.%d.seeds=1", i))
		if task.Data == "mnist" || task.Data == "split_mnist" {
			rows := 300
			if f.Net() != nil { // the network's layers keep their sizes: 400 competing units need 400 images
				rows = 1000
			}
			over = append(over, fmt.Sprintf("task.%d.train_rows=%d", i, rows), fmt.Sprintf("task.%d.test_rows=100", i))
		}
	}
	// Each rule's keys that set its size and length, whatever the rule.
	small := map[string]string{"epochs": "2", "hidden": "[20, 20]", "readout_epochs": "1", "per_task": "50",
		"sleep_steps": "20", "gen_per_class": "10", "spindles": "3"}
	for i, r := range f.Rule {
		for _, k := range registry.ParamsOf(r.Params) {
			v, ok := small[k.Key]
			switch {
			case k.Key == "hidden" && f.Net() != nil: // the network's populations set it
				ok = false
			case k.Key != "hidden":
			case k.Default == "": // no hidden layers here (a Boltzmann encoder's come from its task)
				ok = false
			case !strings.Contains(k.Default, ","):
				v = "[20]" // one layer
			}
			if ok {
				over = append(over, fmt.Sprintf("rule.%d.%s=%s", i, k.Key, v))
			}
		}
	}
	return over
}

// TestShippedJSONNoNull runs a shrunk copy of every shipped experiment
// with --format json: every row is an object whose keys all have values
// (no null, no NaN). It tests the output format only; the shipped
// networks' figures are checked at full size by the golden files
// (experiment/golden) and the experiment package's tests.
func TestShippedJSONNoNull(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every shipped experiment")
	}
	_, mnistErr := dataset.MNISTDir()
	// Experiments that draw (rbm_dream, td_conditioning) write into the
	// working directory without --out: not into the source tree.
	t.Chdir(t.TempDir())
	for _, s := range configs.Shipped() {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			over := shrink(t, s.Name)
			f, _ := configs.Resolve(s.Name, nil)
			for _, task := range f.Task {
				if (task.Data == "mnist" || task.Data == "split_mnist") && mnistErr != nil {
					t.Skipf("MNIST not found: %v", mnistErr)
				}
			}
			args := []string{"run", s.Name, "--format", "json", "--quiet"}
			for _, o := range over {
				args = append(args, "--set", o)
			}
			ra := newRealApp()
			if code := ra.exec(args...); code != 0 {
				t.Fatalf("exit %d: %s", code, ra.errOut.String())
			}
			var rows []map[string]any
			if err := json.Unmarshal(ra.out.Bytes(), &rows); err != nil {
				t.Fatalf("%v\n%s", err, ra.out.String())
			}
			if len(rows) == 0 {
				t.Fatal("no rows")
			}
			for _, r := range rows {
				for k, v := range r {
					if v == nil {
						t.Errorf("row %v: key %s is null", r, k)
					}
				}
			}
		})
	}
}
