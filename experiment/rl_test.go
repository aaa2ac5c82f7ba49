package experiment

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/configs"
)

// rows maps "rule/task" to the row of r.
func rows(r *Result) map[string]TrainRow {
	m := map[string]TrainRow{}
	for _, row := range r.Train {
		m[row.Rule+"/"+row.Task] = row
	}
	return m
}

// mv is the value of the row's metric name, NaN when it has none.
func mv(row TrainRow, name string) float64 {
	v, _ := row.Value(name)
	return v
}

// has reports whether the row has the metric name.
func has(row TrainRow, name string) bool {
	_, ok := row.Metric(name)
	return ok
}

// TestTDConditioning runs the shipped td_conditioning: both rules show the
// four signatures with the thresholds, the table gives the trials
// to transfer (measured: 65 for TD(0), 22 for TD(0.9)), and td0 hands out
// its δ heatmap (200 trials × 60 steps, gray 0.5 = δ 0).
func TestTDConditioning(t *testing.T) {
	t.Parallel()
	r := run(t, load(t, "td_conditioning"))
	m := rows(r)
	for name, transfer := range map[string]float64{"td0/mds96": 65, "td_lambda/mds96": 22} {
		row, ok := m[name]
		switch {
		case !ok:
			t.Fatalf("no row %s: %+v", name, r.Train)
		case mv(row, "reproduces") != 1 || mv(row, "trials") != 120:
			t.Errorf("%s: %+v", name, row)
		case mv(row, "delta_first") < 0.9 || mv(row, "delta_cue") < 0.9 || math.Abs(mv(row, "delta_reward")) > 0.1:
			t.Errorf("%s: δ first %v, cue %v, reward %v", name, mv(row, "delta_first"), mv(row, "delta_cue"), mv(row, "delta_reward"))
		case mv(row, "delta_omission") > -0.5 || mv(row, "delta_extinction") >= 0.2:
			t.Errorf("%s: δ omission %v, extinction %v", name, mv(row, "delta_omission"), mv(row, "delta_extinction"))
		case mv(row, "transfer_trials") != transfer:
			t.Errorf("%s: transfer after %v trials, want %v", name, mv(row, "transfer_trials"), transfer)
		}
	}
	if len(r.Images) != 1 {
		t.Fatalf("%d images, want the td0 heatmap", len(r.Images))
	}
	g := r.Images[0]
	if g.File != "td0.png" || g.W != 60 || g.H != 200 || len(g.Images) != 1 || len(g.Images[0]) != 60*200 {
		t.Fatalf("heatmap %s %d×%d, %d images", g.File, g.W, g.H, len(g.Images))
	}
	// Trial 1: δ = 1 (white) at the reward step, 0 (gray) elsewhere.
	if px := g.Images[0]; px[54] != 1 || px[41] != 0.5 || px[53] != 0.5 {
		t.Errorf("trial 1 pixels at 41, 53, 54: %v %v %v", px[41], px[53], px[54])
	}
}

// TestBanditExperiment runs the shipped bandit's stationary testbed (200
// runs of 4000 pulls): the actor-critics pick the best arm at least 90%
// of the time at the end (measured 0.924 softmax, 0.936 Go/NoGo on these
// seeds), ahead of ε-greedy (0.858); and the table is reproducible.
func TestBanditExperiment(t *testing.T) {
	t.Parallel()
	f := load(t, "bandit")
	f.Task = f.Task[:1] // the stationary testbed
	f.Rule = f.Rule[:3] // actor_critic, go_nogo, eps_greedy
	r := run(t, f)
	m := rows(r)
	eps := m["eps_greedy/testbed"]
	if eps.Seeds != 200 || mv(eps, "optimal_choice") < 0.8 || mv(eps, "optimal_choice") > 0.91 || math.IsNaN(mv(eps, "mean_reward")) {
		t.Errorf("eps_greedy: %+v", eps)
	}
	for _, name := range []string{"actor_critic/testbed", "go_nogo/testbed"} {
		if row := m[name]; mv(row, "optimal_choice") < 0.9 || mv(row, "optimal_choice") <= mv(eps, "optimal_choice") || mv(row, "pulls") != 4000 {
			t.Errorf("%s: %.3f optimal, want >= 0.9 and above eps_greedy's %.3f", name, mv(row, "optimal_choice"), mv(eps, "optimal_choice"))
		}
	}
	again := run(t, f)
	for i := range r.Train {
		again.Train[i].TimeS = r.Train[i].TimeS
	}
	if !reflect.DeepEqual(again.Train, r.Train) {
		t.Errorf("not reproducible:\n%+v\n%+v", again.Train, r.Train)
	}
}

// TestGridworldExperiment: every rule's greedy path is the 14-step
// shortest path of the maze on every seed.
func TestGridworldExperiment(t *testing.T) {
	t.Parallel()
	r := run(t, load(t, "gridworld"))
	if len(r.Train) != 3 {
		t.Fatalf("%d rows, want 3", len(r.Train))
	}
	for _, row := range r.Train {
		if mv(row, "shortest_found") != 1 || mv(row, "path_length") != 14 || mv(row, "shortest_path") != 14 || math.IsNaN(mv(row, "converged_episode")) {
			t.Errorf("%s: solved %v, path %v, shortest %v", row.Rule, mv(row, "shortest_found"), mv(row, "path_length"), mv(row, "shortest_path"))
		}
	}
}

// TestRLValidation: the reinforcement-learning rules and data pair only
// with each other, and their keys are checked.
func TestRLValidation(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, src, want string }{
		{"td on a bandit", "[[task]]\nname = \"b\"\ndata = \"bandit\"\n[[rule]]\nrule = \"td\"\nepochs = 5\n", `runs on data = "conditioning" only`},
		{"backprop on conditioning", "[[task]]\nname = \"c\"\ndata = \"conditioning\"\n[[rule]]\nrule = \"backprop\"\nepochs = 5\n", `task "c" has data "conditioning"`},
		{"q_learning on xor", "[[task]]\nname = \"x\"\ndata = \"xor\"\n[[rule]]\nrule = \"q_learning\"\nepochs = 5\n", `runs on data = "bandit" or "gridworld" only`},
		{"reward before the cue", "[[task]]\nname = \"c\"\ndata = \"conditioning\"\nreward_step = 30\n[[rule]]\nrule = \"td\"\nepochs = 5\n", "reward_step"},
		{"arms on conditioning", "[[task]]\nname = \"c\"\ndata = \"conditioning\"\narms = 3\n[[rule]]\nrule = \"td\"\nepochs = 5\n", `unknown key "arms" of data conditioning`},
		{"bad actor", "[[task]]\nname = \"b\"\ndata = \"bandit\"\n[[rule]]\nrule = \"actor_critic\"\nactor = \"greedy\"\nepochs = 5\n", "actor"},
		{"epsilon on td", "[[task]]\nname = \"c\"\ndata = \"conditioning\"\n[[rule]]\nrule = \"td\"\nepsilon = 0.1\nepochs = 5\n", `unknown key "epsilon" of rule td`},
		{"bad grid", "[[task]]\nname = \"g\"\ndata = \"gridworld\"\ngrid = [\"S..\", \"..\"]\n[[rule]]\nrule = \"q_learning\"\nepochs = 5\n", "row has 2 cells"},
		{"gamma > 1", "[[task]]\nname = \"g\"\ndata = \"gridworld\"\n[[rule]]\nrule = \"q_learning\"\ngamma = 1.5\nepochs = 5\n", "gamma"},
	} {
		_, err := configs.LoadBytes("rl.toml", []byte("[experiment]\nname = \"x\"\nmode = \"train\"\n"+c.src), nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
	// An unreachable goal is refused when the file is validated (as
	// `brainsim validate` does), not only when the task runs.
	_, err := configs.LoadBytes("rl.toml", []byte("[experiment]\nname = \"x\"\nmode = \"train\"\n[[task]]\nname = \"g\"\ndata = \"gridworld\"\ngrid = [\"S#G\"]\n[[rule]]\nrule = \"q_learning\"\nepochs = 5\n"), nil)
	if err == nil || !strings.Contains(err.Error(), "rl.toml:7: task[0].grid") || !strings.Contains(err.Error(), "cannot be reached") {
		t.Errorf("unreachable goal: %v", err)
	}
}
