package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/experiment"
	"github.com/brainsim/brainsim/internal/report"
)

// TestRunTDConditioning runs the shipped td_conditioning end to end: the
// table shows the δ columns and the trials to transfer, not the columns
// of other rule kinds.
func TestRunTDConditioning(t *testing.T) {
	t.Parallel()
	fk := newFake(t)
	fk.app.resolve = configs.Resolve
	fk.app.run = experiment.Run
	dir := t.TempDir() + "/out" // td0 writes its heatmap there
	if code := fk.exec("run", "td_conditioning", "--format", "markdown", "--out", dir); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, fk.errOut.String())
	}
	out := fk.out.String()
	for _, w := range []string{"delta_first", "delta_cue", "delta_reward", "delta_omission", "delta_extinction", "transfer_trials", "td0", "td_lambda", " 65.0 |", " 22.0 |"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "td0.png")); err != nil {
		t.Errorf("no heatmap: %v", err)
	}
	for _, w := range []string{"path_length", "mean_reward", "dream_accuracy", "test_accuracy"} {
		if strings.Contains(out, w) {
			t.Errorf("output shows %q:\n%s", w, out)
		}
	}
}

// TestTrainColumns: a train table has the columns its rows have, in
// the order they first appear; the table formats fold a metric's sd into
// its cell, csv and json give it a column of its own, only for a mean
// over several seeds; a vector metric is one cell of numbers.
func TestTrainColumns(t *testing.T) {
	t.Parallel()
	cols := strings.Join(trainColumns(trainResult().Train, false), " ")
	if cols != "rule task seeds accuracy solved epochs median_epochs time_s" {
		t.Errorf("columns of minsky_papert rows: %s", cols)
	}
	grid := experiment.TrainRow{Rule: "q", Seeds: 2, Metrics: []experiment.Metric{
		{Name: "path_length", Value: 14, N: 2}, {Name: "shortest_path", Value: 14, N: 2}}}
	cont := experiment.TrainRow{Rule: "src", Seeds: 1, Metrics: []experiment.Metric{
		{Name: "after_task", Vec: []float64{0.99, 0.5}, VecSD: []float64{0, 0}, N: 1}, {Name: "bwt", Value: -0.9, N: 1}}}
	rows := []experiment.TrainRow{grid, cont}
	if got := strings.Join(trainColumns(rows, false), " "); got != "rule task seeds path_length shortest_path after_task bwt time_s" {
		t.Errorf("table columns: %s", got)
	}
	if got := strings.Join(trainColumns(rows, true), " "); got != "rule kind task seeds path_length path_length_std shortest_path shortest_path_std after_task bwt time_s experiment wall_s" {
		t.Errorf("csv columns: %s", got)
	}
	if v := trainValue(&experiment.Result{}, &cont, "after_task", false); report.Format("after_task", v) != "0.990 0.500" {
		t.Errorf("after_task = %v, want \"0.990 0.500\"", report.Format("after_task", v))
	}
	if v := trainValue(&experiment.Result{}, &grid, "bwt", true); v != nil {
		t.Errorf("a gridworld row's bwt: %v, want nil", v)
	}
	if trainColumns(nil, false) != nil {
		t.Error("columns for no rows")
	}
}
