package experiment

import "testing"

// TestDiehlCookSmall runs the shipped diehl_cook experiment through train
// mode on a slice of MNIST (300 training images, 30 excitatory neurons,
// every training image labels the neurons, 300 test images) and checks
// that the row comes out with a test accuracy above chance (0.1). The
// learning itself is tested in stdpnet.
func TestDiehlCookSmall(t *testing.T) {
	mnistOrSkip(t)
	t.Parallel()
	f := load(t, "diehl_cook",
		"task.mnist.train_rows=300", "task.mnist.test_rows=300",
		`rule."diehl_cook 100".hidden=[30]`,
		`rule."diehl_cook 100".assign_rows=0`,
	)
	r := run(t, f)
	if len(r.Train) != 1 {
		t.Fatalf("%d rows, want 1: %+v", len(r.Train), r.Train)
	}
	row := r.Train[0]
	if row.Kind != "diehl_cook" || row.TestAccuracy == nil {
		t.Fatalf("row %+v: want kind diehl_cook with a test accuracy", row)
	}
	if *row.TestAccuracy < 0.3 || row.Accuracy < 0.3 {
		t.Errorf("accuracy %.3f, test accuracy %.3f; want both >= 0.3 (chance 0.1)", row.Accuracy, *row.TestAccuracy)
	}
	t.Logf("accuracy %.3f, test %.3f, %.1f s", row.Accuracy, *row.TestAccuracy, row.TimeS)
}
