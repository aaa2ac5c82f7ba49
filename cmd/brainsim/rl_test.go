package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/experiment"
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

// TestTrainRLColumns: the reinforcement-learning columns appear only for
// rows that have them.
func TestTrainRLColumns(t *testing.T) {
	t.Parallel()
	cols := strings.Join(tableTrainColumns(trainResult().Train), " ")
	if strings.Contains(cols, "delta") || strings.Contains(cols, "path_length") {
		t.Errorf("columns of minsky_papert rows: %s", cols)
	}
	p := 14.0
	cols = strings.Join(tableTrainColumns([]experiment.TrainRow{{Rule: "q", Seeds: 2, PathLength: &p, ShortestPath: &p}}), " ")
	if !strings.Contains(cols, "path_length shortest_path") || strings.Contains(cols, "converged_episode") {
		t.Errorf("columns of a gridworld row: %s", cols)
	}
	if tableTrainColumns(nil) == nil {
		t.Error("no columns for no rows")
	}
}
