package experiment

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/rl"
)

// rlSeed is what one run of a reinforcement-learning rule gave.
type rlSeed struct {
	cond   *rl.ConditioningResult // conditioning
	reward float64                // bandit: mean reward of the final window
	grid   *rl.GridRun            // gridworld
}

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

// trainRL runs reinforcement-learning rule r on task t once with rng.
// Accuracy is, for conditioning, 1 when the run shows all four TD
// signatures (rl.ConditioningResult.Reproduces); for a bandit the
// fraction of the final window's pulls that chose the best arm (solved:
// at least 0.9); for a grid world 1 when the greedy path after training
// is a shortest path.
func trainRL(ctx context.Context, r *configs.Rule, t *configs.Task, d *taskData, rng *rand.Rand) (runSeed, error) {
	epochs := *r.Epochs
	out := runSeed{epochs: epochs, codes: -1}
	switch t.Data {
	case "conditioning":
		p := conditioning(t, epochs)
		res, err := rl.RunConditioning(p, *r.LR, *r.Gamma, *r.Lambda)
		if err != nil {
			return out, err
		}
		out.solved = res.Reproduces(p)
		out.acc = b2f(out.solved)
		out.rl = &rlSeed{cond: res}
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
		out.acc, out.solved = res.Optimal, res.Optimal >= 0.9
		out.rl = &rlSeed{reward: res.MeanReward}
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
		out.solved = res.Path == res.Shortest
		out.acc = b2f(out.solved)
		out.rl = &rlSeed{grid: &res}
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

// fillRL sets the reinforcement-learning columns of row from the runs of
// its seeds: means over the seeds (conditioning is deterministic, so
// every seed gives the same figures).
func fillRL(row *TrainRow, runs []*rlSeed) {
	var first, cue, reward, omission, extinction, transfer, mean, path, shortest, conv stats
	for _, s := range runs {
		switch {
		case s.cond != nil:
			c := s.cond
			first.add(c.FirstReward)
			cue.add(c.Cue)
			reward.add(c.AtReward)
			if !math.IsNaN(c.Omission) {
				omission.add(c.Omission)
			}
			if !math.IsNaN(c.ExtinctionCue) {
				extinction.add(c.ExtinctionCue)
			}
			if c.Transfer > 0 {
				transfer.add(float64(c.Transfer))
			}
		case s.grid != nil:
			if s.grid.Path >= 0 {
				path.add(float64(s.grid.Path))
			}
			shortest.add(float64(s.grid.Shortest))
			if s.grid.Converged > 0 {
				conv.add(float64(s.grid.Converged))
			}
		default:
			mean.add(s.reward)
		}
	}
	set := func(p **float64, s stats) {
		if s.n > 0 {
			m := s.mean()
			*p = &m
		}
	}
	set(&row.DeltaFirst, first)
	set(&row.DeltaCue, cue)
	set(&row.DeltaReward, reward)
	set(&row.DeltaOmission, omission)
	set(&row.DeltaExtinction, extinction)
	set(&row.TransferTrials, transfer)
	set(&row.MeanReward, mean)
	set(&row.PathLength, path)
	set(&row.ShortestPath, shortest)
	set(&row.ConvergedEpisode, conv)
}
