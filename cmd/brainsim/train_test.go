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
			{Rule: "perceptron", Kind: "perceptron", Task: "xor", Seeds: 10, Solved: 0, Accuracy: 0.5, AccuracyStd: 0.1, Epochs: 100},
			{Rule: "backprop", Kind: "backprop", Task: "xor", Seeds: 10, Solved: 1, Accuracy: 1, Epochs: 228.7},
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
	for _, k := range []string{"rule", "task", "seeds", "solved", "accuracy", "accuracy_std", "epochs", "median_epochs", "experiment", "wall_s"} {
		if _, ok := rows[0][k]; !ok {
			t.Errorf("row lacks key %q: %v", k, rows[0])
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
		for _, w := range []string{"rule", "task", "solved", "accuracy_std", "perceptron", "backprop", "xor"} {
			if !strings.Contains(out, w) {
				t.Errorf("%s output lacks %q:\n%s", format, w, out)
			}
		}
		if strings.Contains(out, "population") || strings.Contains(out, "rtf") {
			t.Errorf("%s output shows the simulate tables:\n%s", format, out)
		}
	}
}

// TestRunMinskyPapert runs the shipped experiment end to end.
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
		a, ok := r["accuracy"].(float64)
		if r["rule"] == nil || r["task"] == nil || !ok || a < 0 || a > 1 {
			t.Errorf("row %v", r)
		}
	}
}
