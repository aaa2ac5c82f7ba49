package experiment

import (
	"fmt"
	"slices"
	"testing"

	"github.com/brainsim/brainsim/configs"
)

// TestSleepConsolidationSmall runs six rules of the shipped
// sleep_consolidation with 100-unit hidden layers instead of 1200 (the
// rest of the protocol as shipped: 5000 images per task, two epochs, the
// sleeps' full length; joint on those 5000 per task rather than on all
// data), seed 1, and checks the final accuracy over all ten digits
// against the references:
//
//   - sequential fine-tuning, EWC and downscaling alone forget all but the
//     last task: van de Ven & Tolias (2019) give 19.90 ± 0.02% for
//     fine-tuning and EWC on class-incremental split MNIST (the last
//     task's digits are 19.8% of the test set); band [0.17, 0.21];
//   - replay of a stored buffer and spindle-paced replay keep the earlier
//     tasks: within 0.05 of the full run (replay 0.900, spindle replay
//     0.908 over seeds 1-3; van de Ven & Tolias's replay methods: about
//     0.9), so at least 0.85;
//   - joint training (the upper bound): at least 0.92 (van de Ven &
//     Tolias: 97.93%; the full run 0.970).
//
// Measured at this size, seeds 1-2, 2026-12-07: sequential 0.192 ±
// 0.001, EWC 0.187 ± 0.001, downscale 0.192 ± 0.000, replay 0.880 ±
// 0.003, spindle replay 0.886 ± 0.001, joint 0.936 ± 0.001. The SRC and
// dream rules are checked by the sleep package's TestSleepBeatsFineTuning
// and generative replay by the long golden run (bench/golden_long.sh).
func TestSleepConsolidationSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on MNIST (about 20 s)")
	}
	mnistOrSkip(t)
	t.Parallel()
	bands := map[string][2]float64{
		"sequential": {0.17, 0.21}, "ewc": {0.17, 0.21}, "sleep: downscale": {0.17, 0.21},
		"replay": {0.85, 1}, "sleep: spindle replay": {0.85, 1}, "joint": {0.92, 1},
	}
	over := []string{"experiment.seeds=1", "rule.joint.all_data=false"}
	for name := range bands {
		over = append(over, fmt.Sprintf("rule.%q.hidden=[100, 100]", name))
	}
	f := load(t, "sleep_consolidation", over...)
	f.Rule = slices.DeleteFunc(f.Rule, func(r configs.Rule) bool { _, ok := bands[r.Name]; return !ok })
	r := run(t, f)
	if len(r.Train) != len(bands) {
		t.Fatalf("%d rows, want %d", len(r.Train), len(bands))
	}
	for _, row := range r.Train {
		after, ok := row.Metric("after_task")
		if !ok || len(after.Vec) != 5 || !has(row, "bwt") || len(row.PerTask) != 5 {
			t.Fatalf("%s: continual metrics missing: %+v", row.Rule, row)
		}
		final := mv(row, "test_accuracy")
		t.Logf("%-22s after each task %.3f, bwt %.3f", row.Rule, after.Vec, mv(row, "bwt"))
		if final != after.Vec[4] {
			t.Errorf("%s: final accuracy %v, after task 5 %v", row.Rule, final, after.Vec[4])
		}
		if b := bands[row.Rule]; final < b[0] || final > b[1] {
			t.Errorf("%s: final accuracy over ten digits %.3f, want within [%g, %g]", row.Rule, final, b[0], b[1])
		}
	}
}
