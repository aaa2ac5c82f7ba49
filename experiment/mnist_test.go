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

// TestCompareRulesMNISTSmall runs every variant of compare_rules_mnist
// (one network, a rule per variant) and dbn_mnist on a slice of MNIST
// (3000 training, 1000 test images) with short training, and checks test
// accuracies that a broken rule would not reach: chance is 0.1, and a rule
// that learns nothing stays near it. The full runs are the shipped
// experiments (minutes; see BENCHMARKS.md).
func TestCompareRulesMNISTSmall(t *testing.T) {
	mnistOrSkip(t)
	t.Parallel()
	slice := []string{"task.mnist.train_rows=3000", "task.mnist.test_rows=1000"}
	base := load(t, "compare_rules_mnist", slice...)
	// Shorter training per variant (after the variant's own overrides).
	short := map[string][]string{
		"perceptron":      {"rule.0.epochs=2"},
		"backprop-256":    {"rule.0.epochs=3"},
		"backprop-800":    {"rule.0.epochs=1"},
		"competitive-400": {"rule.0.epochs=1"},
		"rbm-500":         {"rule.0.epochs=2", "hidden=100", "rule.0.batch=20"},
	}
	files, err := configs.ExpandVariants(base, func(o []string) (*configs.File, error) {
		return configs.Resolve("compare_rules_mnist", o)
	})
	if err != nil {
		t.Fatal(err)
	}
	// Thresholds: measured on this slice (0.82, 0.88, 0.85, 0.82, 0.89,
	// 0.75) minus a margin of 5-7 points.
	want := map[string]float64{"perceptron": 0.75, "backprop-256": 0.83, "backprop-800": 0.80,
		"competitive-400": 0.75, "rbm-500": 0.82, "dbn": 0.68}
	var rows []TrainRow
	var names []string
	for i, vr := range base.Variant {
		f := load(t, "compare_rules_mnist", append(append(append([]string{}, vr.Set...), slice...), short[vr.Name]...)...)
		if f.Net() == nil || len(f.Net().Layers) != 3 || files[i].Net() == nil {
			t.Fatalf("%s: network %+v, want input -> hidden -> output", vr.Name, f.Net())
		}
		r := run(t, f)
		rows, names = append(rows, r.Train...), append(names, vr.Name)
	}
	d := load(t, "dbn_mnist", append(slice, `rule."dbn 784-500-500-2000".epochs=1`,
		`region.net.population.h1.size=100`, `region.net.population.h2.size=100`, `region.net.population.top.size=200`,
		`rule."dbn 784-500-500-2000".readout_epochs=2`, `rule."dbn 784-500-500-2000".batch=20`)...)
	rows, names = append(rows, run(t, d).Train...), append(names, "dbn")
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %+v", len(rows), len(want), rows)
	}
	for i, row := range rows {
		name := names[i]
		if !has(row, "test_accuracy") {
			t.Errorf("%s: no test accuracy", name)
			continue
		}
		acc := mv(row, "test_accuracy")
		t.Logf("%-16s %-12s train %.3f test %.3f  %.2f s", name, row.Kind, mv(row, "accuracy"), acc, row.TimeS)
		if acc < want[name] {
			t.Errorf("%s: test accuracy %.3f, want >= %.2f (%+v)", name, acc, want[name], row)
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
	f := load(t, "compare_rules_mnist", append(append([]string{}, perceptronVariant(t)...),
		"task.mnist.train_rows=1200", "task.mnist.test_rows=100", "task.mnist.validation=200", `rule.0.epochs=1`)...)
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

// perceptronVariant returns the overrides of compare_rules_mnist's
// perceptron variant.
func perceptronVariant(t *testing.T) []string {
	t.Helper()
	for _, vr := range load(t, "compare_rules_mnist").Variant {
		if vr.Name == "perceptron" {
			return vr.Set
		}
	}
	t.Fatal("compare_rules_mnist has no perceptron variant")
	return nil
}
