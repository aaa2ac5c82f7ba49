package rules

import (
	"fmt"

	"github.com/brainsim/brainsim/boltzmann"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/tasks"
)

// Boltzmann training of train mode: the AHS fixed-step sign rule (step 2,
// annealing 2@20 2@15 2@12 4@10, statistics 10@10), checked every
// BoltzmannCheckEvery cycles; training stops at the first check where
// BoltzmannChecks independent completions of all patterns are all right.
// The final accuracy is the mean over BoltzmannChecks completions.
const (
	BoltzmannCheckEvery = 10
	BoltzmannChecks     = 5
)

// boltzmannParams are the keys of rule boltzmann.
type boltzmannParams struct {
	Epochs *int  `toml:"epochs" doc:"at most this many learning cycles (required)"`
	Hidden []int `toml:"hidden" doc:"the number of hidden units, one value (not with connectivity = \"encoder\", whose hidden units are each task's hidden key)"`
	// Connectivity is "full" (all-to-all) or "encoder" (the AHS encoder
	// wiring, trained with boltzmann.EncoderOptions; encoder tasks only).
	Connectivity string `toml:"connectivity" doc:"full (all-to-all, the sign rule) or encoder (V1-H and V2-H links, the proportional rule of boltzmann.EncoderOptions; encoder tasks only)"`
}

const (
	connFull    = "full"
	connEncoder = "encoder"
)

func init() {
	registry.DescribeMetric("all_codes", "share of seeds whose hidden units found a different code for every pattern")
	registry.DescribeMetric("restarts", "restarts from zero weights within a Boltzmann run")
	registry.RegisterRule(withoutNet(registry.Rule{
		Name:   "boltzmann",
		Doc:    "the Boltzmann machine of Ackley, Hinton & Sejnowski (1985): stochastic binary units, clamped and free phases by simulated annealing",
		Needs:  []string{registry.CapSmall},
		Params: func() any { return &boltzmannParams{Hidden: []int{2}, Connectivity: connFull} },
		Check: func(p any, c *registry.Check) {
			o := p.(*boltzmannParams)
			epochsKey(c, o.Epochs)
			switch {
			case o.Connectivity == connEncoder && c.Given("hidden"):
				c.Errf("hidden", "not used with connectivity \"encoder\": the hidden units come from each task's hidden key (k of the n-k-n encoder, default log2 n)")
			case o.Connectivity == connEncoder:
				o.Hidden = nil
			case len(o.Hidden) != 1:
				c.Errf("hidden", "want one number of hidden units, e.g. hidden = [2], got %d values", len(o.Hidden))
			case o.Hidden[0] < 0:
				c.Errf("hidden[0]", "must be >= 0, got %d", o.Hidden[0])
			}
			registry.OneOf(c, "connectivity", "", o.Connectivity, []string{connFull, connEncoder})
			if o.Connectivity != connEncoder {
				return
			}
			for _, t := range c.Tasks {
				if !registry.Provides(t.Data, []string{registry.CapEncoder}) {
					c.Errf("connectivity", "connectivity \"encoder\" needs encoder tasks, but every rule runs on every task and task %q has data %q (use connectivity = \"full\", or only data = \"encoder\" tasks)", t.Name, t.Data)
					break
				}
			}
		},
		Train: trainBoltzmann,
	}, "yet; give hidden instead, in a file without populations and projections"))
}

func trainBoltzmann(p any, r *registry.Run) error {
	o, set := p.(*boltzmannParams), r.Task.Train
	task := boltzmann.CompletionTask(set)
	visible := len(task.Input) + len(task.Output)
	var m *boltzmann.Machine
	var opts boltzmann.Options
	if o.Connectivity == connEncoder {
		// V1 = the inputs, V2 = the targets (the two equal groups of an
		// encoder task): the proportional rule with the settings of
		// boltzmann.EncoderOptions for this size.
		enc, ok := r.Task.Params.(*tasks.EncoderParams)
		if !ok {
			return fmt.Errorf("rule %q: connectivity %q needs encoder tasks, but task %q has data %q", r.Rule, connEncoder, r.Task.Name, r.Task.Data)
		}
		hidden := enc.HiddenUnits()
		m = boltzmann.New(visible+hidden, visible, boltzmann.EncoderMask(len(task.Input), false), r.Rng)
		opts = boltzmann.EncoderOptions(visible)
		opts.CheckEvery, opts.CheckRuns = BoltzmannCheckEvery, BoltzmannChecks
	} else {
		m = boltzmann.New(visible+o.Hidden[0], visible, nil, r.Rng)
		opts = boltzmann.Options{SignUpdate: true, CheckEvery: BoltzmannCheckEvery, CheckRuns: BoltzmannChecks}
	}
	opts.Stop = r.Stopped
	res := m.Train(task, *o.Epochs, opts)
	if r.Stopped() {
		return r.Ctx.Err()
	}
	a := 0.0
	for range BoltzmannChecks {
		a += m.Accuracy(task)
	}
	a /= BoltzmannChecks
	r.Add(registry.Scalar("accuracy", a), registry.Share("solved", res.Solved || a == 1),
		registry.Scalar("epochs", float64(res.Cycles)), registry.Median("median_epochs", float64(res.Cycles)))
	if o.Connectivity == connEncoder {
		r.Add(registry.Share("all_codes", m.DistinctCodes(task) == len(task.Patterns)))
	}
	if opts.RestartAfter > 0 || opts.Plateau > 0 {
		r.Add(registry.Scalar("restarts", float64(res.Restarts)))
	}
	return r.Ctx.Err()
}
