package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/experiment"
)

func trainResult() *experiment.Result {
	return &experiment.Result{
		Experiment: "minsky_papert", Seed: 1, LoopS: 0.5, WallS: 0.6,
		Train: []experiment.TrainRow{
			{Rule: "perceptron", Kind: "perceptron", Task: "xor", Seeds: 10, Metrics: []experiment.Metric{
				{Name: "accuracy", Value: 0.5, SD: 0.1, N: 10}, {Name: "solved", N: 10, Agg: experiment.AggShare}, {Name: "epochs", Value: 100, N: 10},
				{Name: "median_epochs", Value: 100, N: 10, Agg: experiment.AggMedian}}},
			{Rule: "backprop", Kind: "backprop", Task: "xor", Seeds: 10, Metrics: []experiment.Metric{
				{Name: "accuracy", Value: 1, N: 10}, {Name: "solved", Value: 1, N: 10, Agg: experiment.AggShare}, {Name: "epochs", Value: 228.7, SD: 20, N: 10},
				{Name: "median_epochs", Value: 220, N: 10, Agg: experiment.AggMedian}}},
		},
	}
}

func TestRunTrainJSON(t *testing.T) {
	t.Parallel()
	fk := newFake(t)
	fk.result = trainResult()
	if code := fk.exec("run", "minsky_papert", "--format", "json"); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, fk.errOut.String())
	}
	var rows []map[string]any
	if err := json.Unmarshal(fk.out.Bytes(), &rows); err != nil {
		t.Fatalf("stdout is not one JSON array: %v\n%s", err, fk.out.String())
	}
	if len(rows) != 2 {
		t.Fatalf("got %d rows, want 2", len(rows))
	}
	for _, k := range []string{"rule", "kind", "task", "seeds", "solved", "accuracy", "accuracy_std", "epochs", "median_epochs", "experiment", "wall_s"} {
		if _, ok := rows[0][k]; !ok {
			t.Errorf("row lacks key %q: %v", k, rows[0])
		}
	}
	if _, ok := rows[0]["median_epochs_std"]; ok {
		t.Errorf("a median has no sd: %v", rows[0])
	}
	for _, r := range rows {
		for k, v := range r {
			if v == nil {
				t.Errorf("row %v: %s is null", r["rule"], k)
			}
		}
	}
	if _, ok := rows[0]["population"]; ok {
		t.Errorf("train row has population key: %v", rows[0])
	}
	if rows[0]["rule"] != "perceptron" || rows[0]["task"] != "xor" || rows[0]["accuracy"] != 0.5 || rows[1]["solved"] != 1.0 {
		t.Errorf("rows: %v", rows)
	}
}

func TestRunTrainTable(t *testing.T) {
	t.Parallel()
	for _, format := range []string{"table", "markdown", "csv"} {
		fk := newFake(t)
		fk.result = trainResult()
		if code := fk.exec("run", "minsky_papert", "--format", format); code != 0 {
			t.Fatalf("%s: exit %d, stderr %s", format, code, fk.errOut.String())
		}
		out := fk.out.String()
		want := []string{"rule", "task", "solved", "perceptron", "backprop", "xor"}
		if format == "csv" {
			want = append(want, "accuracy_std", "kind")
		} else {
			want = append(want, "0.500 ± 0.100", "229 ± 20.0")
		}
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("%s output lacks %q:\n%s", format, w, out)
			}
		}
		if strings.Contains(out, "population") || strings.Contains(out, "rtf") {
			t.Errorf("%s output shows the simulate tables:\n%s", format, out)
		}
	}
}

// TestRunMinskyPapert runs the shipped experiment end to end: the
// perceptron never solves XOR (Minsky & Papert 1969; at most 3 of 4
// patterns right), backprop does.
func TestRunMinskyPapert(t *testing.T) {
	t.Parallel()
	fk := newFake(t)
	fk.app.resolve = configs.Resolve
	fk.app.run = experiment.Run
	if code := fk.exec("run", "minsky_papert", "--format", "json"); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, fk.errOut.String())
	}
	var rows []map[string]any
	if err := json.Unmarshal(fk.out.Bytes(), &rows); err != nil {
		t.Fatalf("stdout is not one JSON array: %v\n%s", err, fk.out.String())
	}
	if len(rows) != 9 {
		t.Fatalf("got %d rows, want 9", len(rows))
	}
	for _, r := range rows {
		a, _ := r["accuracy"].(float64)
		solved, _ := r["solved"].(float64)
		switch {
		case r["rule"] == "perceptron" && r["task"] == "xor" && (solved != 0 || a > 0.75):
			t.Errorf("the perceptron solved XOR: %v", r)
		case r["rule"] == "backprop" && r["task"] == "xor" && solved < 0.9:
			t.Errorf("backprop did not solve XOR: %v", r)
		}
	}
}
