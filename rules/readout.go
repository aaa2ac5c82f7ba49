package rules

import (
	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/learn"
	"github.com/brainsim/brainsim/registry"
)

// readoutParams are the keys of the softmax readout that rules learning
// features without labels (competitive, rbm) train on their features.
type readoutParams struct {
	ReadoutEpochs int     `toml:"readout_epochs" doc:"epochs of the softmax readout"`
	ReadoutLR     float64 `toml:"readout_lr" doc:"learning rate of the softmax readout"`
}

func (o *readoutParams) check(c *registry.Check) {
	atLeast(c, "readout_epochs", o.ReadoutEpochs, 0, "")
	registry.Positive(c, "readout_lr", o.ReadoutLR)
}

// readout trains a softmax layer on the features of the training set and
// reports the classifier figures; features maps a data set to its
// features.
func (o *readoutParams) readout(r *registry.Run, features func(dataset.Set) dataset.Set, epochs int) {
	t := r.Task
	if r.Stopped() {
		return
	}
	train := features(t.Train)
	m := learn.NewMLP([]int{train.Cols, train.Classes}, learn.Sigmoid, learn.Softmax, r.Rng)
	m.Train(train, learn.Options{Epochs: o.ReadoutEpochs, Batch: 64, LR: float32(o.ReadoutLR), Momentum: 0.9, Rng: r.Rng, Epoch: r.Live, Stop: r.Stopped})
	if r.Stopped() { // cancelled: no evaluation
		return
	}
	acc, test := m.Accuracy(train), 0.0
	if t.HasTest {
		test = m.Accuracy(features(t.Test))
	}
	r.ClassifiedAs(acc, test, epochs)
}

// featureUnits is the number of feature units of a rule with a readout
// (competitive, rbm): the hidden population's size when the run has a
// network of shape s (checked, with the readout's one output unit per
// class), else the one value of hidden.
func featureUnits(r *registry.Run, s netShape, hidden []int) (int, error) {
	if r.Net == nil {
		return hidden[0], nil
	}
	if err := s.err(r.Net); err != nil {
		return 0, err
	}
	if err := netFits(r, s.rule, r.Task.Train.Classes, "one per class"); err != nil {
		return 0, err
	}
	return r.Net.Layers[1].Size, nil
}
