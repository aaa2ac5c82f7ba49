package main

import (
	"strings"
	"testing"

	"github.com/brainsim/brainsim/experiment"
)

// TestTrainContinualColumns: the continual-learning columns appear only
// for rows that have them, the standard deviations only for several
// seeds, and after_task lists one accuracy per task.
func TestTrainContinualColumns(t *testing.T) {
	t.Parallel()
	cols := strings.Join(tableTrainColumns(trainResult().Train), " ")
	if strings.Contains(cols, "after_task") || strings.Contains(cols, "bwt") {
		t.Errorf("columns of minsky_papert rows: %s", cols)
	}
	c := &experiment.ContinualStats{AfterTask: []float64{0.99, 0.5}, AfterTaskStd: []float64{0, 0.01}, BWT: -0.9}
	row := experiment.TrainRow{Rule: "src", Seeds: 1, Continual: c}
	cols = strings.Join(tableTrainColumns([]experiment.TrainRow{row}), " ")
	if !strings.Contains(cols, "after_task bwt") || strings.Contains(cols, "_std") {
		t.Errorf("columns of a one-seed continual row: %s", cols)
	}
	row.Seeds = 3
	cols = strings.Join(tableTrainColumns([]experiment.TrainRow{row}), " ")
	if !strings.Contains(cols, "after_task after_task_std bwt bwt_std") {
		t.Errorf("columns of a three-seed continual row: %s", cols)
	}
	if v := trainValue(&experiment.Result{}, &row, "after_task"); v != "0.990 0.500" {
		t.Errorf("after_task = %v, want \"0.990 0.500\"", v)
	}
}
