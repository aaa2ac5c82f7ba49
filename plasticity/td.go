package plasticity

import (
	"math"
	"slices"

	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/synapse"
	"github.com/brainsim/brainsim/units"
)

// TD are the keys of rule td, a critic: δ = r + γ·V(t) − V(t−1) with V the
// target's summed activity and r the summed activity of the population
// reward; Δw = lr·δ·e. δ is released into the modulator release (default
// dopamine), which then holds its level plus δ at every step (a phasic
// modulator). A discount [[modulator]], when the file has one, sets γ.
type TD struct {
	Reward  string   `toml:"reward" doc:"the reward population (required; its summed activity is r), in the target's region"`
	Gamma   *float64 `toml:"gamma" doc:"discount γ in [0, 1] (default 1); not with a discount [[modulator]], which then sets γ"`
	Lambda  float64  `toml:"lambda" doc:"trace decay λ in [0, 1]"`
	Release string   `toml:"release" doc:"the modulator δ is released into, or \"none\""`
	Activity
}

func init() {
	registry.RegisterPlasticity(registry.Plasticity{
		Name:   "td",
		Doc:    "a TD(λ) critic: learns the value of the target's activity and releases its δ as a modulator (an activity rule: synapse kind rate)",
		Reads:  []string{surprise, discount},
		Params: func() any { return &TD{Release: dopamine, Activity: Activity{LR: DefaultLR}} },
		Releases: func(pa any) string {
			if r := pa.(*TD).Release; r != "none" {
				return r
			}
			return ""
		},
		Check: checkTD,
		Build: buildTD,
	})
}

func checkTD(pa any, c *registry.PlasticityCheck) {
	p := pa.(*TD)
	p.Release = orDefault(p.Release, dopamine)
	p.check(c, "td", func() {
		for _, x := range []struct {
			key string
			x   *float64
		}{{"gamma", p.Gamma}, {"lambda", &p.Lambda}} {
			if x.x != nil && !(*x.x >= 0 && *x.x <= 1) {
				c.Errf(x.key, "%v is outside [0, 1]", *x.x)
			}
		}
	}, func() {
		sameRegion(c, "reward", p.Reward)
		if p.Release != "none" {
			registry.OneOf(c, "release", "modulator", p.Release, append(slices.Clone(c.Modulators), "none"))
		}
		hasDiscount := c.HasModulator(discount)
		if p.Gamma != nil && hasDiscount {
			c.Errf("gamma", "the discount modulator sets γ of td critics; give γ as its level, not here")
		}
		if p.Gamma == nil && !hasDiscount {
			p.Gamma = new(1.0)
		}
		if c.Delay != nil && c.Delay.Kind != units.DistConst || c.ListDelays || c.Conduction {
			c.Projection.Errf("synapse.delay", "rule td needs one delay for all synapses")
		}
		if math.Abs(float64(*p.Every)-c.Dt) > 1e-9*c.Dt {
			c.Errf("every", "a td critic updates every step: every must be dt (%s)", units.Time(c.Dt))
		}
	})
}

// buildTD makes a td critic; with a discount modulator its level is γ.
func buildTD(pa any, b *registry.PlasticityBuild) (synapse.Rule, error) {
	p := pa.(*TD)
	hasDiscount := b.HasModulator(discount)
	td := &synapse.TD{Activity: p.rule(b.Dt), Lambda: p.Lambda, UseDiscount: hasDiscount}
	if !hasDiscount {
		td.Gamma = *p.Gamma
	}
	if p.Release != "none" {
		m, err := b.Modulator(p.Release)
		if err != nil {
			return nil, err
		}
		td.Emit, td.Mod = true, m
	}
	if p.Reward != "" {
		b.Extra = []string{p.Reward}
	}
	return td, nil
}
