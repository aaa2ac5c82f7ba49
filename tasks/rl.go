package tasks

import (
	"errors"
	"fmt"
	"slices"

	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/rl"
)

// ConditioningParams are the keys of a conditioning task: Montague, Dayan
// & Sejnowski (1996) as PsyNeuLink's MontagueDayanSejnowski96.py
// recreates it. The rule's epochs are the acquisition trials.
type ConditioningParams struct {
	Steps      int `toml:"steps" doc:"time steps per trial"`
	Cue        int `toml:"cue" doc:"the step the cue comes on (steps count from 0)"`
	RewardStep int `toml:"reward_step" doc:"the step the reward arrives"`
	OmitEvery  int `toml:"omit_every" doc:"every n-th acquisition trial omits the reward (0: none)"`
	Extinction int `toml:"extinction" doc:"trials with the cue and no reward after acquisition"`
}

// Protocol is the conditioning protocol of a rule of trials acquisition
// trials.
func (c *ConditioningParams) Protocol(trials int) rl.Conditioning {
	return rl.Conditioning{Steps: c.Steps, Cue: c.Cue, RewardStep: c.RewardStep, Reward: 1,
		Trials: trials, OmitEvery: c.OmitEvery, Extinction: c.Extinction}
}

// BanditParams are the keys of a bandit task: the testbed of Sutton &
// Barto (2018, section 2.3). The rule's epochs are the pulls.
type BanditParams struct {
	Arms   int     `toml:"arms" doc:"arms; their means are drawn from N(0, 1), rewards from N(mean, 1)"`
	Drift  float64 `toml:"drift" doc:"0: stationary; else the sd of a random walk of every mean per pull"`
	Window int     `toml:"window" doc:"the final pulls where optimal_choice is measured (0: the last tenth)"`
}

// GridParams are the keys of a gridworld task. The rule's epochs are the
// episodes.
type GridParams struct {
	Grid []string `toml:"grid" doc:"rows of . (free), # (wall), one S (start) and one G (goal; reward 1, end of the episode); default the maze of Sutton & Barto's Fig. 8.2"`
}

// gridKey places a grid error at its row.
func gridKey(err error) (key, msg string) {
	var ge *rl.GridError
	if errors.As(err, &ge) {
		if ge.Row >= 0 {
			return fmt.Sprintf("grid[%d]", ge.Row), ge.Msg
		}
		return "grid", ge.Msg
	}
	return "grid", err.Error()
}

func init() {
	registry.RegisterTask(registry.TaskKind{
		Name:     "conditioning",
		Doc:      "Pavlovian conditioning trials of cue and reward (Montague, Dayan & Sejnowski 1996), with omission and extinction trials",
		Provides: []string{registry.CapConditioning},
		Params: func() any {
			return &ConditioningParams{Steps: 60, Cue: 41, RewardStep: 54, OmitEvery: 15, Extinction: 80}
		},
		Check: func(p any, c *registry.Check) {
			t := p.(*ConditioningParams)
			if t.Steps < 2 || t.Steps > 100000 {
				c.Errf("steps", "%d is outside [2, 100000]", t.Steps)
				return
			}
			if t.Cue < 1 || t.Cue >= t.Steps {
				c.Errf("cue", "%d is outside [1, %d] (steps count from 0; the trial has %d)", t.Cue, t.Steps-1, t.Steps)
			}
			if t.RewardStep <= t.Cue || t.RewardStep >= t.Steps {
				c.Errf("reward_step", "%d must be after the cue (%d) and before the end of the trial (%d steps, counted from 0)", t.RewardStep, t.Cue, t.Steps)
			}
			if t.OmitEvery < 0 {
				c.Errf("omit_every", "must be >= 0 (0: no omission trials), got %d", t.OmitEvery)
			}
			if t.Extinction < 0 {
				c.Errf("extinction", "must be >= 0, got %d", t.Extinction)
			}
		},
		Load: func(_ string, p any, _ *registry.Cache) (*registry.Task, error) {
			return &registry.Task{Env: p}, nil
		},
	})
	registry.RegisterTask(registry.TaskKind{
		Name:     "bandit",
		Doc:      "the multi-armed bandit testbed of Sutton & Barto (2018, section 2.3), stationary or drifting",
		Provides: []string{registry.CapBandit},
		Params:   func() any { return &BanditParams{Arms: 10} },
		Check: func(p any, c *registry.Check) {
			t := p.(*BanditParams)
			if t.Arms < 2 || t.Arms > 10000 {
				c.Errf("arms", "%d is outside [2, 10000]", t.Arms)
			}
			if !(t.Drift >= 0 && t.Drift <= 10) {
				c.Errf("drift", "%v is outside [0, 10]", t.Drift)
			}
			if t.Window < 0 {
				c.Errf("window", "must be >= 0 (0: a tenth of the pulls), got %d", t.Window)
			}
		},
		Load: func(_ string, p any, _ *registry.Cache) (*registry.Task, error) {
			return &registry.Task{Env: p}, nil
		},
	})
	registry.RegisterTask(registry.TaskKind{
		Name:     "gridworld",
		Doc:      "a deterministic grid world: four moves, reward 1 at the goal (Sutton & Barto 2018, Fig. 8.2)",
		Provides: []string{registry.CapGridworld},
		Params:   func() any { return &GridParams{Grid: slices.Clone(rl.DynaMaze)} },
		Check: func(p any, c *registry.Check) {
			if _, err := rl.ParseGrid(p.(*GridParams).Grid); err != nil {
				key, msg := gridKey(err)
				c.Errf(key, "%s", msg)
			}
		},
		Load: func(_ string, p any, _ *registry.Cache) (*registry.Task, error) {
			g, err := rl.ParseGrid(p.(*GridParams).Grid)
			if err != nil {
				key, msg := gridKey(err)
				return nil, &registry.KeyError{Key: key, Msg: msg}
			}
			return &registry.Task{Env: g}, nil
		},
	})
}
