package experiment

import (
	"fmt"
	"testing"
)

// TestDiehlCookSmall runs the shipped diehl_cook network file on a slice
// of MNIST (30 excitatory neurons, 300 training images, all of them
// labelling the neurons, 300 test images): the images table comes out
// with the images and presentations counted, and the accuracies within
// the spread of this slice over seeds 1-6 (label 0.595 ± 0.035, test
// 0.480 ± 0.036, measured 2026-12-07): at least the mean minus 3 sd,
// label 0.49 and test 0.37 (chance 0.1). The full protocol's figures are
// in BENCHMARKS.md and bench/golden_long.sh checks them.
func TestDiehlCookSmall(t *testing.T) {
	mnistOrSkip(t)
	f := load(t, "diehl_cook", "n_e=30", "environment.train_rows=300", "environment.assign_rows=0",
		"environment.test_rows=300", "environment.report_every=100")
	r := run(t, f)
	tb := table(t, r, "images: dc.exc trained")
	row := tb.Rows[0]
	t.Logf("%v\n%v", tb.Columns, row)
	if row[0] != 300 || row[1].(int) < 300 {
		t.Errorf("trained on %v images in %v presentations, want 300 in >= 300", row[0], row[1])
	}
	la, ta := row[6].(float64), row[8].(float64)
	if la < 0.49 || ta < 0.37 {
		t.Errorf("label accuracy %.3f, test accuracy %.3f; want >= 0.49 and >= 0.37 (seeds 1-6: 0.595 ± 0.035, 0.480 ± 0.036)", la, ta)
	}
	st := table(t, r, "images: training statistics")
	if len(st.Rows) != 3 || fmt.Sprint(st.Rows[2][0]) != "300" {
		t.Errorf("training statistics rows %v, want 3 ending at 300 images", st.Rows)
	}
}
