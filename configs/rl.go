package configs

import "strings"

// Defaults of the reinforcement-learning tasks and rules (package rl).
const (
	// Conditioning: Montague, Dayan & Sejnowski 1996 as PsyNeuLink's
	// MontagueDayanSejnowski96.py recreates it.
	DefaultCondSteps      = 60
	DefaultCondCue        = 41
	DefaultCondReward     = 54
	DefaultCondOmitEvery  = 15
	DefaultCondExtinction = 80
	DefaultLRTD           = 0.3
	// The bandit testbed of Sutton & Barto (2018, §2.3).
	DefaultArms = 10
	// Actor-critic and Q-learning.
	DefaultLRActor   = 0.1
	DefaultCriticLR  = 0.1
	DefaultGammaRL   = 0.95
	DefaultBeta      = 1.0
	DefaultEpsilon   = 0.1
	DefaultGammaTD   = 1.0
	DefaultLambdaTD  = 0.0
	DefaultQInit     = 0.0
	DefaultBanditWin = 0 // a tenth of the pulls
)

// DefaultGrid is the maze of Sutton & Barto (2018, Fig. 8.2; the same as
// rl.DynaMaze): 9×6 cells, shortest path 14 steps.
var DefaultGrid = []string{
	".......#G",
	"..#....#.",
	"S.#....#.",
	"..#......",
	".....#...",
	".........",
}

// applyDefaults fills the keys of a reinforcement-learning task.
func (t *Task) applyDefaults() {
	switch t.Data {
	case "conditioning":
		def(&t.Steps, DefaultCondSteps)
		def(&t.Cue, DefaultCondCue)
		def(&t.RewardStep, DefaultCondReward)
		def(&t.OmitEvery, DefaultCondOmitEvery)
		def(&t.Extinction, DefaultCondExtinction)
	case "bandit":
		def(&t.Arms, DefaultArms)
		def(&t.Drift, 0.0)
		def(&t.Window, DefaultBanditWin)
	case "gridworld":
		if t.Grid == nil {
			t.Grid = append([]string(nil), DefaultGrid...)
		}
	}
}

// applyRLDefaults fills the keys of a td, actor_critic or q_learning
// rule.
func (r *Rule) applyRLDefaults() {
	switch r.Rule {
	case RuleTD:
		def(&r.LR, DefaultLRTD)
		def(&r.Gamma, DefaultGammaTD)
		def(&r.Lambda, DefaultLambdaTD)
	case RuleActorCritic:
		def(&r.LR, DefaultLRActor)
		def(&r.CriticLR, DefaultCriticLR)
		def(&r.Gamma, DefaultGammaRL)
		def(&r.Beta, DefaultBeta)
		def(&r.BetaTau, 0.0)
		if r.Actor == "" {
			r.Actor = ActorSoftmax
		}
	case RuleQLearning:
		def(&r.Gamma, DefaultGammaRL)
		def(&r.Epsilon, DefaultEpsilon)
		def(&r.QInit, DefaultQInit)
	}
}

// rlTaskKeys lists the task keys of each reinforcement-learning data.
var rlTaskKeys = map[string][]string{
	"conditioning": {"steps", "cue", "reward_step", "omit_every", "extinction"},
	"bandit":       {"arms", "drift", "window"},
	"gridworld":    {"grid"},
}

// rlTask checks the reinforcement-learning keys of task t.
func (v *validator) rlTask(tp keyPath, t *Task) {
	keys := map[string]bool{
		"steps": t.Steps != nil, "cue": t.Cue != nil, "reward_step": t.RewardStep != nil,
		"omit_every": t.OmitEvery != nil, "extinction": t.Extinction != nil,
		"arms": t.Arms != nil, "drift": t.Drift != nil, "window": t.Window != nil, "grid": t.Grid != nil,
	}
	for _, d := range rlData {
		for _, k := range rlTaskKeys[d] {
			if keys[k] && d != t.Data {
				v.errf(tp.key(k), "not used by data %s (only %s takes %s)", t.Data, d, k)
			}
		}
	}
	switch t.Data {
	case "conditioning":
		if t.Steps != nil && (*t.Steps < 2 || *t.Steps > 100000) {
			v.errf(tp.key("steps"), "%d is outside [2, 100000]", *t.Steps)
			return
		}
		steps := DefaultCondSteps
		if t.Steps != nil {
			steps = *t.Steps
		}
		cue, reward := DefaultCondCue, DefaultCondReward
		if t.Cue != nil {
			cue = *t.Cue
		}
		if t.RewardStep != nil {
			reward = *t.RewardStep
		}
		if cue < 1 || cue >= steps {
			v.errf(tp.key("cue"), "%d is outside [1, %d] (steps count from 0; the trial has %d)", cue, steps-1, steps)
		}
		if reward <= cue || reward >= steps {
			v.errf(tp.key("reward_step"), "%d must be after the cue (%d) and before the end of the trial (%d steps, counted from 0)", reward, cue, steps)
		}
		if t.OmitEvery != nil && *t.OmitEvery < 0 {
			v.errf(tp.key("omit_every"), "must be >= 0 (0: no omission trials), got %d", *t.OmitEvery)
		}
		if t.Extinction != nil && *t.Extinction < 0 {
			v.errf(tp.key("extinction"), "must be >= 0, got %d", *t.Extinction)
		}
	case "bandit":
		if t.Arms != nil && (*t.Arms < 2 || *t.Arms > 10000) {
			v.errf(tp.key("arms"), "%d is outside [2, 10000]", *t.Arms)
		}
		if t.Drift != nil && !(*t.Drift >= 0 && *t.Drift <= 10) {
			v.errf(tp.key("drift"), "%v is outside [0, 10]", *t.Drift)
		}
		if t.Window != nil && *t.Window < 0 {
			v.errf(tp.key("window"), "must be >= 0 (0: a tenth of the pulls), got %d", *t.Window)
		}
	case "gridworld":
		if t.Grid != nil {
			v.grid(tp.key("grid"), t.Grid)
		}
	}
}

// grid checks the rows of a grid world: equal lengths, the cells . # S G,
// one S and one G. Whether G can be reached is checked when it runs.
func (v *validator) grid(p keyPath, rows []string) {
	if len(rows) == 0 || len(rows[0]) == 0 {
		v.errf(p, "want rows of . # S G, e.g. grid = [\"S.#\", \"..G\"]")
		return
	}
	count := map[rune]int{}
	for i, row := range rows {
		if len(row) != len(rows[0]) {
			v.errf(p.idx(i), "row has %d cells, row 0 has %d", len(row), len(rows[0]))
			return
		}
		for _, c := range row {
			if !strings.ContainsRune(".#SG", c) {
				v.errf(p.idx(i), "unknown cell %q (want . free, # wall, S start, G goal)", c)
				return
			}
			count[c]++
		}
	}
	if count['S'] != 1 || count['G'] != 1 {
		v.errf(p, "want one S (start) and one G (goal), got %d S and %d G", count['S'], count['G'])
		return
	}
	if !gridReachable(rows) {
		v.errf(p, "the goal G cannot be reached from the start S")
	}
}

// gridReachable reports whether G can be reached from S in a valid grid
// (moves up, right, down, left through cells that are not #).
func gridReachable(rows []string) bool {
	w, h := len(rows[0]), len(rows)
	seen := make([]bool, w*h)
	var queue []int
	for y, row := range rows {
		if x := strings.IndexByte(row, 'S'); x >= 0 {
			queue = append(queue, y*w+x)
			seen[y*w+x] = true
		}
	}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		x, y := c%w, c/w
		if rows[y][x] == 'G' {
			return true
		}
		for _, d := range [4][2]int{{0, -1}, {1, 0}, {0, 1}, {-1, 0}} {
			nx, ny := x+d[0], y+d[1]
			if nx < 0 || ny < 0 || nx >= w || ny >= h || rows[ny][nx] == '#' || seen[ny*w+nx] {
				continue
			}
			seen[ny*w+nx] = true
			queue = append(queue, ny*w+nx)
		}
	}
	return false
}

// rlRule checks the reinforcement-learning keys of rule r and that every
// task has data it runs on (every rule runs on every task).
func (v *validator) rlRule(rp keyPath, r *Rule) {
	rl := contains(rlRules, r.Rule)
	for _, t := range v.f.Task {
		if !contains(taskData, t.Data) {
			continue
		}
		var want []string
		switch {
		case r.Rule == RuleTD:
			want = []string{"conditioning"}
		case rl:
			want = []string{"bandit", "gridworld"}
		}
		switch {
		case want == nil && contains(rlData, t.Data):
			v.errf(rp.key("rule"), "task %q has data %q, a reinforcement-learning task: every rule runs on every task, and only rules %s run on it", t.Name, t.Data, strings.Join(rlRules, ", "))
			return
		case want != nil && !contains(want, t.Data):
			v.errf(rp.key("rule"), "rule %s runs on data %s only, but every rule runs on every task and task %q has data %q", r.Rule, strings.Join(want, " or "), t.Name, t.Data)
			return
		}
	}
	if !rl {
		return
	}
	if r.LR != nil && *r.LR > 1 {
		v.errf(rp.key("lr"), "%v is outside (0, 1]", *r.LR)
	}
	for _, k := range []struct {
		p    *float64
		name string
	}{{r.Gamma, "gamma"}, {r.Lambda, "lambda"}, {r.Epsilon, "epsilon"}} {
		if k.p != nil && !(*k.p >= 0 && *k.p <= 1) {
			v.errf(rp.key(k.name), "%v is outside [0, 1]", *k.p)
		}
	}
	if r.CriticLR != nil && !(*r.CriticLR > 0 && *r.CriticLR <= 1) {
		v.errf(rp.key("critic_lr"), "%v is outside (0, 1]", *r.CriticLR)
	}
	if r.Beta != nil && !(*r.Beta > 0 && *r.Beta <= 1000) {
		v.errf(rp.key("beta"), "%v is outside (0, 1000]", *r.Beta)
	}
	if r.BetaTau != nil && !(*r.BetaTau >= 0 && *r.BetaTau <= 1e12) {
		v.errf(rp.key("beta_tau"), "%v is outside [0, 1e12] (0: constant beta)", *r.BetaTau)
	}
	if r.QInit != nil && !(*r.QInit >= -1e6 && *r.QInit <= 1e6) {
		v.errf(rp.key("q_init"), "%v is outside [-1e6, 1e6]", *r.QInit)
	}
	if r.Actor != "" && !contains(actors, r.Actor) {
		v.errf(rp.key("actor"), "%s", oneOf("actor", r.Actor, actors))
	}
}
