package experiment

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/dataset"
)

// mnistOrSkip skips the test when the MNIST files are not found.
func mnistOrSkip(t *testing.T) {
	t.Helper()
	if _, err := dataset.MNISTDir(); err != nil {
		t.Skipf("MNIST not found: %v", err)
	}
}

// TestCompareRulesMNISTSmall runs every rule of compare_rules_mnist on a
// slice of MNIST (3000 training, 1000 test images) with short training,
// and checks test accuracies that a broken rule would not reach: chance
// is 0.1, and a rule that learns nothing stays near it. The full run is
// the shipped experiment (minutes; see BENCHMARKS.md).
func TestCompareRulesMNISTSmall(t *testing.T) {
	mnistOrSkip(t)
	t.Parallel()
	f := load(t, "compare_rules_mnist",
		"task.mnist.train_rows=3000", "task.mnist.test_rows=1000",
		"rule.perceptron.epochs=2",
		`rule."backprop 784-256-10".epochs=3`,
		`rule."backprop 784-800-10".epochs=1`,
		`rule."competitive 400 + softmax".epochs=1`,
		`rule."rbm 500 + softmax".epochs=2`,
		`rule."rbm 500 + softmax".hidden=[100]`,
		`rule."dbn 784-500-500-2000".epochs=1`,
		`rule."dbn 784-500-500-2000".hidden=[100, 100, 200]`,
		`rule."dbn 784-500-500-2000".readout_epochs=2`,
		`rule."dbn 784-500-500-2000".batch=20`,
		`rule."rbm 500 + softmax".batch=20`,
	)
	r := run(t, f)
	// Thresholds: measured on this slice (0.82, 0.88, 0.85, 0.82, 0.89,
	// 0.75) minus a margin of 5-7 points.
	want := map[string]float64{
		"perceptron":                0.75,
		"backprop 784-256-10":       0.83,
		"backprop 784-800-10":       0.80,
		"competitive 400 + softmax": 0.75,
		"rbm 500 + softmax":         0.82,
		"dbn 784-500-500-2000":      0.68,
	}
	if len(r.Train) != len(want) {
		t.Fatalf("%d rows, want %d: %+v", len(r.Train), len(want), r.Train)
	}
	for _, row := range r.Train {
		if !has(row, "test_accuracy") {
			t.Errorf("%s: no test accuracy", row.Rule)
			continue
		}
		acc := mv(row, "test_accuracy")
		t.Logf("%-28s train %.3f test %.3f  %.2f s", row.Rule, mv(row, "accuracy"), acc, row.TimeS)
		if acc < want[row.Rule] {
			t.Errorf("%s: test accuracy %.3f, want >= %.2f (%+v)", row.Rule, acc, want[row.Rule], row)
		}
	}
}

// TestMNISTTaskErrors: a missing MNIST folder is an error naming the
// file, the task key and the folder.
func TestMNISTTaskErrors(t *testing.T) {
	t.Parallel()
	f := load(t, "compare_rules_mnist", `task.mnist.dir="/nonexistent/mnist"`)
	_, err := Run(context.Background(), f, Options{})
	var ce *configs.Error
	if err == nil || !errors.As(err, &ce) || !strings.Contains(err.Error(), "/nonexistent/mnist") || !strings.Contains(err.Error(), "dir") {
		t.Fatalf("err = %v", err)
	}
}

// TestMNISTValidation: with validation = N a task holds out the last N of
// its training images; the rows report val_accuracy on them and no test
// accuracy, and the rule trains on the others (train accuracy over
// train_rows − N images).
func TestMNISTValidation(t *testing.T) {
	mnistOrSkip(t)
	t.Parallel()
	f := load(t, "compare_rules_mnist", "task.mnist.train_rows=1200", "task.mnist.test_rows=100", "task.mnist.validation=200",
		`rule.perceptron.epochs=1`)
	f.Rule = f.Rule[:1] // the perceptron
	r := run(t, f)
	row := r.Train[0]
	if has(row, "test_accuracy") || !has(row, "val_accuracy") {
		t.Fatalf("test %v, validation %v: want only a validation accuracy", mv(row, "test_accuracy"), mv(row, "val_accuracy"))
	}
	t.Logf("%s: train %.3f, validation %.3f", row.Rule, mv(row, "accuracy"), mv(row, "val_accuracy"))
	// The perceptron on 1000 images, 1 epoch: measured 0.725 on these 200
	// (train 0.781).
	if mv(row, "val_accuracy") < 0.6 {
		t.Errorf("validation accuracy %.3f, want >= 0.6", mv(row, "val_accuracy"))
	}
	if _, err := configs.LoadBytes("v.toml", []byte("[experiment]\nname = \"v\"\nmode = \"train\"\n[[task]]\nname = \"m\"\ndata = \"mnist\"\ntrain_rows = 100\nvalidation = 100\n[[rule]]\nrule = \"perceptron\"\nepochs = 1\n"), nil); err == nil ||
		!strings.Contains(err.Error(), "task[0].validation") {
		t.Errorf("validation = train_rows: %v", err)
	}
}
