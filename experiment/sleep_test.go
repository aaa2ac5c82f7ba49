package experiment

import (
	"fmt"
	"testing"
)

// TestSleepConsolidationSmall runs every rule of sleep_consolidation on a
// shrunken protocol (100 images per task, 50-unit layers, one epoch,
// short sleeps) and checks the plumbing: one row per rule, the
// accuracy after each of the five tasks, the final accuracy equal to the
// last of them. It checks the wiring only (at this size nothing is
// learnt); the full run and its accuracies are the shipped experiment
// (bench/golden_long.sh, BENCHMARKS.md), and the sleep package's test
// checks that sleep beats fine-tuning.
func TestSleepConsolidationSmall(t *testing.T) {
	mnistOrSkip(t)
	t.Parallel()
	const rules = 10
	var over []string
	for i := range rules {
		r := fmt.Sprintf("rule.%d.", i)
		over = append(over, r+"epochs=1", r+"per_task=100", r+"hidden=[50, 50]")
	}
	// src (tadros), src (pytorch)
	over = append(over, "experiment.seeds=2", "rule.1.all_data=false", "rule.5.sleep_steps=300", "rule.6.sleep_steps=100",
		"rule.7.spindles=50", "rule.8.spindles=50", "rule.4.gen_per_class=50", "rule.8.gen_per_class=50")
	r := run(t, load(t, "sleep_consolidation", over...))
	if len(r.Train) != rules {
		t.Fatalf("%d rows, want %d", len(r.Train), rules)
	}
	for _, row := range r.Train {
		c := row.Continual
		if c == nil || len(c.AfterTask) != 5 || len(c.AfterTaskStd) != 5 || row.TestAccuracy == nil {
			t.Fatalf("%s: continual columns missing: %+v", row.Rule, row)
		}
		t.Logf("%-10s after each task %.3f, bwt %.3f", row.Rule, c.AfterTask, c.BWT)
		if *row.TestAccuracy != c.AfterTask[4] || row.Seeds != 2 {
			t.Errorf("%s: final %v, after task 5 %v, bwt %v, seeds %d", row.Rule, *row.TestAccuracy, c.AfterTask[4], c.BWT, row.Seeds)
		}
	}
}
