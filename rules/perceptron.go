package rules

import (
	"github.com/brainsim/brainsim/learn"
	"github.com/brainsim/brainsim/registry"
)

// linearParams are the keys of the single-layer rules.
type linearParams struct {
	Epochs *int    `toml:"epochs" doc:"at most this many epochs (required; training stops once a task without a test set is solved)"`
	LR     float64 `toml:"lr" doc:"learning rate"`
}

func checkLinear(p any, c *registry.Check) {
	l := p.(*linearParams)
	epochsKey(c, l.Epochs)
	positive(c, "lr", l.LR)
}

func init() {
	registry.RegisterRule(registry.Rule{
		Name:   "perceptron",
		Doc:    "Rosenblatt's perceptron: a layer of threshold units, one against the rest",
		Needs:  []string{registry.CapPatterns},
		Params: func() any { return &linearParams{LR: 0.1} },
		Check:  checkLinear,
		Train: func(p any, r *registry.Run) error {
			l, set := p.(*linearParams), r.Task.Train
			m := learn.NewPerceptron(set.Cols, outputs(&set, false))
			r.Classified(m.Accuracy, m.Train(set, *l.Epochs, float32(l.LR), r.Rng))
			return r.Ctx.Err()
		},
	})
	registry.RegisterRule(registry.Rule{
		Name:   "delta",
		Doc:    "the Widrow-Hoff delta rule (LMS) on a layer of linear units",
		Needs:  []string{registry.CapPatterns},
		Params: func() any { return &linearParams{LR: 0.1} },
		Check:  checkLinear,
		Train: func(p any, r *registry.Run) error {
			l, set := p.(*linearParams), r.Task.Train
			m := learn.NewDelta(set.Cols, outputs(&set, false))
			r.Classified(m.Accuracy, m.Train(set, *l.Epochs, float32(l.LR), r.Rng))
			return r.Ctx.Err()
		},
	})
}
