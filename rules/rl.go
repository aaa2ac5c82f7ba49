package rules

import (
	"math"

	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/rl"
	"github.com/brainsim/brainsim/tasks"
)

// FigureTDError is the figure of a td rule on a conditioning task: δ over
// trials and steps as a heat map.
const FigureTDError = "td_error"

// tdParams are the keys of rule td.
type tdParams struct {
	Epochs *int    `toml:"epochs" doc:"acquisition trials (required)"`
	LR     float64 `toml:"lr" doc:"the learning rate alpha, in (0, 1]"`
	Gamma  float64 `toml:"gamma" doc:"the discount gamma, in [0, 1]"`
	Lambda float64 `toml:"lambda" doc:"the eligibility-trace decay lambda, in [0, 1] (0: TD(0))"`
	PNG    string  `toml:"png" doc:"write a heat map of the TD error (rows: trials, columns: steps; gray 0.5 is 0, white +1, black -1) to this PNG file"`
}

// actorCriticParams are the keys of rule actor_critic.
type actorCriticParams struct {
	Epochs   *int    `toml:"epochs" doc:"pulls (bandit) or episodes (gridworld); required"`
	LR       float64 `toml:"lr" doc:"the actor's learning rate, in (0, 1]"`
	CriticLR float64 `toml:"critic_lr" doc:"the critic's learning rate, in (0, 1]"`
	Gamma    float64 `toml:"gamma" doc:"the discount gamma, in [0, 1] (unused on a bandit)"`
	Actor    string  `toml:"actor" doc:"softmax, or go_nogo (Go/NoGo striatal channels)"`
	Beta     float64 `toml:"beta" doc:"the softmax inverse temperature, in (0, 1000]"`
	BetaTau  float64 `toml:"beta_tau" doc:"> 0: beta grows with confidence as beta*sqrt(1 + t/beta_tau) after t learning steps (0: constant)"`
}

// qParams are the keys of rule q_learning.
type qParams struct {
	Epochs  *int     `toml:"epochs" doc:"pulls (bandit) or episodes (gridworld); required"`
	LR      *float64 `toml:"lr" doc:"the step size, in (0, 1] (default: sample averages 1/n on a bandit, 0.5 on a grid world)"`
	Gamma   float64  `toml:"gamma" doc:"the discount gamma, in [0, 1] (unused on a bandit)"`
	Epsilon float64  `toml:"epsilon" doc:"the exploration rate, in [0, 1]"`
	QInit   float64  `toml:"q_init" doc:"initial action values (1 on a grid world is optimistic)"`
}

var actorKinds = []struct {
	name string
	kind rl.Actor
}{{"softmax", rl.Softmax}, {"go_nogo", rl.GoNoGo}}

func actorKind(name string) rl.Actor {
	for _, a := range actorKinds {
		if a.name == name {
			return a.kind
		}
	}
	return rl.Softmax
}

// rlLR checks a learning rate in (0, 1].
func rlLR(c *registry.Check, key string, v float64) {
	switch {
	case !(v > 0):
		c.Errf(key, "must be > 0, got %v", v)
	case v > 1:
		c.Errf(key, "%v is outside (0, 1]", v)
	}
}

// rlNoNet is why the reinforcement-learning rules reject a network.
const rlNoNet = "(it learns values of states and actions, not a network of populations); use it in a file without populations and projections"

func init() {
	for _, m := range [][2]string{
		{"reproduces", "share of seeds showing all four TD signatures"},
		{"delta_first", "TD error at the reward step on trial 1"},
		{"delta_cue", "TD error at the cue on the last rewarded acquisition trial"},
		{"delta_reward", "TD error at the reward step on the last rewarded acquisition trial"},
		{"delta_omission", "TD error at the reward step on the last omission trial"},
		{"delta_extinction", "TD error at the cue on the last extinction trial"},
		{"transfer_trials", "first rewarded trial with the TD error moved to the cue"},
		{"trials", "acquisition trials run"},
		{"optimal_choice", "share of the final window's pulls that chose the best arm"},
		{"mean_reward", "mean reward over the final window"},
		{"pulls", "pulls run"},
		{"shortest_found", "share of seeds whose greedy path after training is a shortest path"},
		{"path_length", "steps of the greedy path after training (seeds whose path reaches the goal)"},
		{"shortest_path", "steps of the breadth-first shortest path"},
		{"converged_episode", "episode after which the greedy path stayed a shortest path (seeds that got there)"},
		{"episodes", "episodes run"},
	} {
		registry.DescribeMetric(m[0], m[1])
	}
	registry.DescribeFigure(FigureTDError, `a rule "td" (on a task with data = "conditioning")`)
	registry.RegisterRule(withoutNet(registry.Rule{
		Name:   "td",
		Doc:    "a temporal-difference critic (TD(lambda), Sutton 1988) on conditioning trials: the prediction error moves from the reward to the cue (Montague, Dayan & Sejnowski 1996)",
		Needs:  []string{registry.CapConditioning},
		Params: func() any { return &tdParams{LR: 0.3, Gamma: 1} },
		Check: func(p any, c *registry.Check) {
			o := p.(*tdParams)
			epochsKey(c, o.Epochs)
			rlLR(c, "lr", o.LR)
			within(c, "gamma", o.Gamma, 0, 1, false, false)
			within(c, "lambda", o.Lambda, 0, 1, false, false)
			pngKey(c, o.PNG)
		},
		Train:   trainTD,
		Figures: func(any) []string { return []string{FigureTDError} },
	}, rlNoNet))
	registry.RegisterRule(withoutNet(registry.Rule{
		Name:   "actor_critic",
		Doc:    "an actor-critic whose prediction error (dopamine) trains both the critic and the actor's preferences",
		Needs:  []string{registry.CapBandit, registry.CapGridworld},
		Params: func() any { return &actorCriticParams{LR: 0.1, CriticLR: 0.1, Gamma: 0.95, Actor: "softmax", Beta: 1} },
		Check: func(p any, c *registry.Check) {
			o := p.(*actorCriticParams)
			epochsKey(c, o.Epochs)
			rlLR(c, "lr", o.LR)
			if !(o.CriticLR > 0 && o.CriticLR <= 1) {
				c.Errf("critic_lr", "%v is outside (0, 1]", o.CriticLR)
			}
			within(c, "gamma", o.Gamma, 0, 1, false, false)
			names := make([]string, len(actorKinds))
			for i, a := range actorKinds {
				names[i] = a.name
			}
			registry.OneOf(c, "actor", "", o.Actor, names)
			within(c, "beta", o.Beta, 0, 1000, true, false)
			if !(o.BetaTau >= 0 && o.BetaTau <= 1e12) {
				c.Errf("beta_tau", "%v is outside [0, 1e12] (0: constant beta)", o.BetaTau)
			}
		},
		Train: trainActorCritic,
	}, rlNoNet))
	registry.RegisterRule(withoutNet(registry.Rule{
		Name:   "q_learning",
		Doc:    "epsilon-greedy action values: sample averages or a constant step (bandit), Q-learning (grid world)",
		Needs:  []string{registry.CapBandit, registry.CapGridworld},
		Params: func() any { return &qParams{Gamma: 0.95, Epsilon: 0.1} },
		Check: func(p any, c *registry.Check) {
			o := p.(*qParams)
			epochsKey(c, o.Epochs)
			if o.LR != nil {
				rlLR(c, "lr", *o.LR)
			}
			within(c, "gamma", o.Gamma, 0, 1, false, false)
			within(c, "epsilon", o.Epsilon, 0, 1, false, false)
			within(c, "q_init", o.QInit, -1e6, 1e6, false, false)
		},
		Train: trainQ,
	}, rlNoNet))
}

// trainTD runs a td rule on a conditioning task once.
func trainTD(p any, r *registry.Run) error {
	o, t := p.(*tdParams), r.Task.Env.(*tasks.ConditioningParams)
	epochs := *o.Epochs
	prot := t.Protocol(epochs)
	res, err := rl.RunConditioning(prot, o.LR, o.Gamma, o.Lambda)
	if err != nil {
		return err
	}
	r.Add(registry.Share("reproduces", res.Reproduces(prot)),
		registry.Scalar("delta_first", res.FirstReward), registry.Scalar("delta_cue", res.Cue), registry.Scalar("delta_reward", res.AtReward),
		registry.Scalar("delta_omission", res.Omission), registry.Scalar("delta_extinction", res.ExtinctionCue),
		registry.Maybe("transfer_trials", float64(res.Transfer), res.Transfer > 0), registry.Scalar("trials", float64(epochs)))
	r.Heatmaps = append(r.Heatmaps, registry.Heatmap{Rule: r.Rule, Name: FigureTDError, Z: res.Delta})
	if o.PNG != "" {
		r.Images = append(r.Images, deltaHeatmap(r.Rule, o.PNG, res.Delta))
	}
	return r.Ctx.Err()
}

// deltaHeatmap draws δ of every trial (rows) and step (columns) in gray:
// 0.5 is δ = 0, white δ ≥ +1, black δ ≤ −1.
func deltaHeatmap(rule, png string, delta [][]float64) registry.ImageGrid {
	steps := len(delta[0])
	img := make([]float32, 0, len(delta)*steps)
	for _, row := range delta {
		for _, x := range row {
			img = append(img, float32(math.Max(0, math.Min(1, (x+1)/2))))
		}
	}
	return registry.ImageGrid{File: png, Rule: rule, W: steps, H: len(delta), Cols: 1, Images: [][]float32{img}}
}

// bandit runs learner l on the bandit task of r.
func bandit(r *registry.Run, l rl.Learner, epochs int) error {
	t := r.Task.Env.(*tasks.BanditParams)
	b := rl.NewBandit(t.Arms, t.Drift, r.Rng)
	res, err := rl.RunBandit(b, l, epochs, t.Window, r.Rng)
	if err != nil {
		return err
	}
	r.Add(registry.Scalar("optimal_choice", res.Optimal), registry.Share("solved", res.Optimal >= 0.9),
		registry.Scalar("mean_reward", res.MeanReward), registry.Scalar("pulls", float64(epochs)))
	return r.Ctx.Err()
}

// grid runs learner l on the grid world of r.
func grid(r *registry.Run, g *rl.Grid, l rl.GridLearner, epochs int) error {
	res := rl.RunGrid(g, l, epochs, 0, r.Rng)
	r.Add(registry.Share("shortest_found", res.Path == res.Shortest),
		registry.Maybe("path_length", float64(res.Path), res.Path >= 0), registry.Scalar("shortest_path", float64(res.Shortest)),
		registry.Maybe("converged_episode", float64(res.Converged), res.Converged > 0), registry.Scalar("episodes", float64(epochs)))
	return r.Ctx.Err()
}

func trainActorCritic(p any, r *registry.Run) error {
	o := p.(*actorCriticParams)
	if g, ok := r.Task.Env.(*rl.Grid); ok {
		ac := rl.NewGridAC(g, actorKind(o.Actor), o.LR, o.CriticLR, o.Beta, o.Gamma, 0)
		ac.BetaTau = o.BetaTau
		return grid(r, g, ac, *o.Epochs)
	}
	arms := r.Task.Env.(*tasks.BanditParams).Arms
	ac := rl.NewActorCritic(actorKind(o.Actor), arms, o.LR, o.CriticLR, o.Beta)
	ac.BetaTau = o.BetaTau
	return bandit(r, ac, *o.Epochs)
}

func trainQ(p any, r *registry.Run) error {
	o := p.(*qParams)
	if g, ok := r.Task.Env.(*rl.Grid); ok {
		lr := 0.5
		if o.LR != nil {
			lr = *o.LR
		}
		return grid(r, g, rl.NewGridQ(g, o.Epsilon, lr, o.Gamma, o.QInit), *o.Epochs)
	}
	lr := 0.0 // sample averages
	if o.LR != nil {
		lr = *o.LR
	}
	arms := r.Task.Env.(*tasks.BanditParams).Arms
	q := rl.NewQLearner(arms, o.Epsilon, lr)
	for i := range q.Q {
		q.Q[i] = o.QInit
	}
	return bandit(r, q, *o.Epochs)
}
