package main

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/dataset"
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
		case "diehl_cook":
			over = []string{"environment.train_rows=3", "environment.assign_rows=2", "environment.test_rows=2"}
		}
		return over
	}
	over := []string{"experiment.seeds=1"}
	for i, task := range f.Task {
		over = append(over, fmt.Sprintf("task.%d.seeds=1", i))
		if task.Data == "mnist" || task.Data == "split_mnist" {
			over = append(over, fmt.Sprintf("task.%d.train_rows=300", i), fmt.Sprintf("task.%d.test_rows=100", i))
		}
	}
	for i, r := range f.Rule {
		p := fmt.Sprintf("rule.%d.", i)
		over = append(over, p+"epochs=2")
		switch r.Rule {
		case "backprop", "rbm", "competitive":
			over = append(over, p+"hidden=[20]")
		case "dbn":
			over = append(over, p+"hidden=[20, 20]", p+"readout_epochs=1")
		case "sequential", "joint", "ewc", "replay", "src", "generative", "sleep":
			over = append(over, p+"hidden=[20, 20]", p+"per_task=50")
		}
		switch r.Rule {
		case "src":
			over = append(over, p+"sleep_steps=20")
		case "generative":
			over = append(over, p+"gen_per_class=10")
		case "sleep":
			over = append(over, p+"sleep_steps=20", p+"gen_per_class=10", p+"spindles=3")
		}
	}
	return over
}

// TestShippedJSONNoNull runs every shipped experiment, shrunk, with
// --format json: every row is an object whose keys all have values (no
// null, no NaN), and train rows carry at least one metric.
func TestShippedJSONNoNull(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every shipped experiment")
	}
	_, mnistErr := dataset.MNISTDir()
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
