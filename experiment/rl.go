package experiment

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/rl"
)

// loadRLTask returns the data of a reinforcement-learning task: a parsed
// grid for gridworld, nothing for the others (their protocol is the
// task's keys).
func loadRLTask(f *configs.File, i int) (taskData, error) {
	t := &f.Task[i]
	if t.Data != "gridworld" {
		return taskData{}, nil
	}
	g, err := rl.ParseGrid(t.Grid)
	if err != nil {
		return taskData{}, f.TaskError(i, "grid", err.Error())
	}
	return taskData{grid: g}, nil
}

// conditioning is the protocol of task t for a rule of epochs trials.
func conditioning(t *configs.Task, epochs int) rl.Conditioning {
	return rl.Conditioning{Steps: *t.Steps, Cue: *t.Cue, RewardStep: *t.RewardStep, Reward: 1,
		Trials: epochs, OmitEvery: *t.OmitEvery, Extinction: *t.Extinction}
}

// actor is the rl actor of an actor_critic rule.
func actor(r *configs.Rule) rl.Actor {
	if r.Actor == configs.ActorGoNoGo {
		return rl.GoNoGo
	}
	return rl.Softmax
}

// trainRL runs reinforcement-learning rule r on task t once with rng;
// [TrainRow] lists the figures of each task.
func trainRL(ctx context.Context, r *configs.Rule, t *configs.Task, d *taskData, rng *rand.Rand) (runSeed, error) {
	epochs := *r.Epochs
	var out runSeed
	switch t.Data {
	case "conditioning":
		p := conditioning(t, epochs)
		res, err := rl.RunConditioning(p, *r.LR, *r.Gamma, *r.Lambda)
		if err != nil {
			return out, err
		}
		out.add(indicator("reproduces", res.Reproduces(p)),
			scalar("delta_first", res.FirstReward), scalar("delta_cue", res.Cue), scalar("delta_reward", res.AtReward),
			scalar("delta_omission", res.Omission), scalar("delta_extinction", res.ExtinctionCue),
			maybe("transfer_trials", float64(res.Transfer), res.Transfer > 0), scalar("trials", float64(epochs)))
		out.heatmap = &Heatmap{Rule: r.Name, Name: "td_error", Z: res.Delta}
		if r.PNG != "" {
			out.image = deltaHeatmap(r, res.Delta)
		}
	case "bandit":
		b := rl.NewBandit(*t.Arms, *t.Drift, rng)
		var l rl.Learner
		if r.Rule == configs.RuleActorCritic {
			ac := rl.NewActorCritic(actor(r), *t.Arms, *r.LR, *r.CriticLR, *r.Beta)
			ac.BetaTau = *r.BetaTau
			l = ac
		} else {
			lr := 0.0 // sample averages
			if r.LR != nil {
				lr = *r.LR
			}
			q := rl.NewQLearner(*t.Arms, *r.Epsilon, lr)
			for i := range q.Q {
				q.Q[i] = *r.QInit
			}
			l = q
		}
		res, err := rl.RunBandit(b, l, epochs, *t.Window, rng)
		if err != nil {
			return out, err
		}
		out.add(scalar("optimal_choice", res.Optimal), indicator("solved", res.Optimal >= 0.9),
			scalar("mean_reward", res.MeanReward), scalar("pulls", float64(epochs)))
	case "gridworld":
		g := d.grid
		var l rl.GridLearner
		if r.Rule == configs.RuleActorCritic {
			ac := rl.NewGridAC(g, actor(r), *r.LR, *r.CriticLR, *r.Beta, *r.Gamma, 0)
			ac.BetaTau = *r.BetaTau
			l = ac
		} else {
			lr := 0.5
			if r.LR != nil {
				lr = *r.LR
			}
			l = rl.NewGridQ(g, *r.Epsilon, lr, *r.Gamma, *r.QInit)
		}
		res := rl.RunGrid(g, l, epochs, 0, rng)
		out.add(indicator("shortest_found", res.Path == res.Shortest),
			maybe("path_length", float64(res.Path), res.Path >= 0), scalar("shortest_path", float64(res.Shortest)),
			maybe("converged_episode", float64(res.Converged), res.Converged > 0), scalar("episodes", float64(epochs)))
	default:
		return out, fmt.Errorf("rule %q: task %q has data %q, not a reinforcement-learning task", r.Name, t.Name, t.Data)
	}
	return out, ctx.Err()
}

// deltaHeatmap draws δ of every trial (rows) and step (columns) in gray:
// 0.5 is δ = 0, white δ ≥ +1, black δ ≤ −1.
func deltaHeatmap(r *configs.Rule, delta [][]float64) *ImageGrid {
	steps := len(delta[0])
	img := make([]float32, 0, len(delta)*steps)
	for _, row := range delta {
		for _, x := range row {
			img = append(img, float32(math.Max(0, math.Min(1, (x+1)/2))))
		}
	}
	return &ImageGrid{File: r.PNG, Rule: r.Name, W: steps, H: len(delta), Cols: 1, Images: [][]float32{img}}
}
