package tasks

import (
	"fmt"

	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/registry"
)

// MNISTParams are the keys of an mnist or split_mnist task.
type MNISTParams struct {
	TrainRows *int `toml:"train_rows" doc:"use the first n training images (1-60000; default all)"`
	TestRows  *int `toml:"test_rows" doc:"use the first n test images (1-10000; default all)"`
	// Validation holds out the last n training images: the rules train
	// on the rest and report val_accuracy on them; the test set is not
	// touched.
	Validation *int   `toml:"validation" doc:"hold out the last n training images and report val_accuracy on them instead of test_accuracy (for choosing hyperparameters)"`
	Dir        string `toml:"dir" doc:"folder of the IDX files (default $BRAINSIM_MNIST, else the GoMNIST module's data/)"`
}

func (m *MNISTParams) check(c *registry.Check, validation bool) {
	for _, k := range []struct {
		n    *int
		name string
		max  int
	}{{m.TrainRows, "train_rows", 60000}, {m.TestRows, "test_rows", 10000}} {
		if k.n != nil && (*k.n < 1 || *k.n > k.max) {
			c.Errf(k.name, "%d is outside [1, %d]", *k.n, k.max)
		}
	}
	if m.Validation == nil {
		return
	}
	rows := 60000
	if m.TrainRows != nil {
		rows = *m.TrainRows
	}
	switch {
	case !validation:
		c.Errf("validation", "not used by data split_mnist (only mnist takes validation)")
	case *m.Validation < 1 || *m.Validation >= rows:
		c.Errf("validation", "%d is outside [1, %d): it holds out that many of the %d training images", *m.Validation, rows, rows)
	}
}

// load returns the MNIST training and test sets of the task name, loaded
// once per folder and run.
func (m *MNISTParams) load(name string, cache *registry.Cache) (*registry.Task, error) {
	dir, key := m.Dir, "dir"
	if dir == "" {
		d, err := dataset.MNISTDir()
		if err != nil {
			return nil, &registry.KeyError{Msg: err.Error() + " (set dir = \"...\" in the task, or $" + dataset.MNISTEnv + ")"}
		}
		dir, key = d, ""
	}
	v, err := cache.Get("mnist:"+dir, func() (any, error) {
		tr, te, err := dataset.LoadMNIST(dir)
		return [2]dataset.Set{tr, te}, err
	})
	if err != nil {
		return nil, &registry.KeyError{Key: key, Msg: err.Error()}
	}
	sets := v.([2]dataset.Set)
	t := &registry.Task{Train: sets[0], Test: sets[1], HasTest: true}
	t.Train.Name, t.Test.Name = name, name+"-test"
	if m.TrainRows != nil {
		t.Train = t.Train.Slice(0, min(*m.TrainRows, t.Train.Rows))
	}
	if m.TestRows != nil {
		t.Test = t.Test.Slice(0, min(*m.TestRows, t.Test.Rows))
	}
	if m.Validation != nil {
		n := t.Train.Rows - *m.Validation
		if n < 1 {
			return nil, &registry.KeyError{Key: "validation", Msg: fmt.Sprintf("%d of %d training images leaves none to train on", *m.Validation, t.Train.Rows)}
		}
		t.Test = t.Train.Slice(n, t.Train.Rows)
		t.Test.Name = name + "-validation"
		t.Train = t.Train.Slice(0, n)
		t.Valid = true
	}
	return t, nil
}

// Figures of split_mnist tasks: the accuracy on every task's digits
// after each task, per rule, and the accuracy over the digits seen.
const (
	FigureAccuracyPerTask = "accuracy_per_task"
	FigureLearningCurve   = "learning_curve"
)

func init() {
	registry.DescribeFigure(FigureAccuracyPerTask, `a task with data = "split_mnist"`)
	registry.DescribeFigure(FigureLearningCurve, `a task with data = "split_mnist"`)
	registry.RegisterTask(registry.TaskKind{
		Name:     "mnist",
		Doc:      "the MNIST digits (LeCun et al. 1998): 60,000 training and 10,000 test images of 784 pixels in [0, 1]",
		Provides: []string{registry.CapPatterns, registry.CapImages},
		Params:   func() any { return &MNISTParams{} },
		Check:    func(p any, c *registry.Check) { p.(*MNISTParams).check(c, true) },
		Load: func(name string, p any, cache *registry.Cache) (*registry.Task, error) {
			return p.(*MNISTParams).load(name, cache)
		},
	})
	registry.RegisterTask(registry.TaskKind{
		Name:     "split_mnist",
		Doc:      "class-incremental split MNIST: the digits in five tasks of two ({0,1}, {2,3}, ...) learned one after the other",
		Provides: []string{registry.CapContinual},
		Params:   func() any { return &MNISTParams{} },
		Check:    func(p any, c *registry.Check) { p.(*MNISTParams).check(c, false) },
		Load: func(name string, p any, cache *registry.Cache) (*registry.Task, error) {
			return p.(*MNISTParams).load(name, cache)
		},
		Figures: []string{FigureAccuracyPerTask, FigureLearningCurve},
	})
}
