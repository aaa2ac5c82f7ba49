package rules

import (
	"fmt"

	"github.com/brainsim/brainsim/hebbian"
	"github.com/brainsim/brainsim/registry"
)

// competitiveParams are the keys of rule competitive.
type competitiveParams struct {
	Epochs *int    `toml:"epochs" doc:"epochs of competitive learning (required)"`
	LR     float64 `toml:"lr" doc:"learning rate of the winners' weights"`
	Hidden []int   `toml:"hidden" doc:"the number of competing units, one value"`
	readoutParams
}

// competitiveShape is what competitive asks of a network: input ->
// competing units -> softmax readout.
var competitiveShape = netShape{rule: "competitive", minHidden: 1, maxHidden: 1,
	hidden: []string{transferLinear},
	hiddenWhy: `rule competitive's units compete by their net input and the rule applies the winner-take-all itself (the winner reports 1, ` +
		`the others 0): give the competing population transfer "linear"`,
	output:    []string{transferSoftmax},
	outputWhy: `rule competitive's readout is a softmax over the classes: give the output population transfer "softmax"`,
	initWhy:   "itself (the competing units' from randomly chosen training images, the readout's as an MLP's)"}

func init() {
	registry.RegisterRule(registry.Rule{
		Name: "competitive",
		Doc: "winner-take-all Hebbian learning of prototypes (Rumelhart & Zipser 1985), unsupervised, and a softmax readout of the winner code " +
			"(with a network: input -> competing units -> readout)",
		Needs: []string{registry.CapImages},
		Params: func() any {
			return &competitiveParams{LR: 0.05, Hidden: []int{400}, readoutParams: readoutParams{ReadoutEpochs: 10, ReadoutLR: 0.1}}
		},
		Check: func(p any, c *registry.Check) {
			o := p.(*competitiveParams)
			epochsKey(c, o.Epochs)
			registry.Positive(c, "lr", o.LR)
			layerSizes(c, o.Hidden)
			if len(o.Hidden) != 1 {
				c.Errf("hidden", "want one number of competing units, e.g. hidden = [400], got %d values", len(o.Hidden))
			}
			o.readoutParams.check(c)
			if c.Net != nil {
				layerKeys(c, p, map[string]any{"hidden": c.Net.Hidden()})
				competitiveShape.check(c, c.Net)
			}
		},
		Train: func(p any, r *registry.Run) error {
			o, set := p.(*competitiveParams), r.Task.Train
			k, err := featureUnits(r, competitiveShape, o.Hidden)
			if err != nil {
				return err
			}
			if set.Rows < k {
				return fmt.Errorf("%d competing units start from %d different training images, but task %s has %d: use fewer units or more images", k, k, r.Task.Name, set.Rows)
			}
			m := hebbian.NewCompetitive(k, set.Cols, hebbian.NormL2, r.Rng)
			m.Stop = r.Stopped
			m.InitFrom(set, r.Rng)
			for ep := range *o.Epochs {
				m.Train(set, 1, o.LR, r.Rng)
				if !r.Live(ep) {
					break
				}
			}
			o.readout(r, m.Features, *o.Epochs)
			return r.Ctx.Err()
		},
	})
}
