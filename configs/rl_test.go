package configs

import (
	"slices"
	"strings"
	"testing"
)

// TestRLDefaults: a bare conditioning task gets the protocol of Montague,
// Dayan & Sejnowski (1996) as PsyNeuLink recreates it, a bare td rule α
// 0.3 and γ 1, a bare grid world the maze of Sutton & Barto's Fig. 8.2.
func TestRLDefaults(t *testing.T) {
	t.Parallel()
	f, err := LoadBytes("rl.toml", []byte(`[experiment]
name = "x"
mode = "train"
[[task]]
name = "c"
data = "conditioning"
[[rule]]
rule = "td"
epochs = 10
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	c, r := f.Task[0], f.Rule[0]
	if *c.Steps != 60 || *c.Cue != 41 || *c.RewardStep != 54 || *c.OmitEvery != 15 || *c.Extinction != 80 {
		t.Errorf("conditioning defaults: %+v", c)
	}
	if *r.LR != 0.3 || *r.Gamma != 1 || *r.Lambda != 0 || r.PNG != "" || r.Name != "td" {
		t.Errorf("td defaults: %+v", r)
	}
	g, err := LoadBytes("rl.toml", []byte(`[experiment]
name = "x"
mode = "train"
[[task]]
name = "g"
data = "gridworld"
[[rule]]
rule = "actor_critic"
epochs = 10
[[rule]]
rule = "q_learning"
epochs = 10
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(g.Task[0].Grid, DefaultGrid) {
		t.Errorf("grid %q", g.Task[0].Grid)
	}
	ac, q := g.Rule[0], g.Rule[1]
	if *ac.LR != 0.1 || *ac.CriticLR != 0.1 || *ac.Gamma != 0.95 || *ac.Beta != 1 || *ac.BetaTau != 0 || ac.Actor != ActorSoftmax {
		t.Errorf("actor_critic defaults: %+v", ac)
	}
	if q.LR != nil || *q.Epsilon != 0.1 || *q.Gamma != 0.95 || *q.QInit != 0 {
		t.Errorf("q_learning defaults: %+v", q)
	}
}

// TestGridworldEnvErrors: the gridworld environment of simulate mode
// refuses, at validation, a grid that is not rectangular or whose goal
// cannot be reached, a state population that is not one unit per cell, an
// actor without four units, and a choice with no step left in the trial;
// each error names its key.
func TestGridworldEnvErrors(t *testing.T) {
	t.Parallel()
	src, ok := ShippedText("gridworld_net")
	if !ok {
		t.Fatal("gridworld_net is not shipped")
	}
	if _, err := LoadBytes("gridworld_net.toml", src, nil); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		set  string
		want []string
	}{
		{`environment.grid=["S..", ".."]`, []string{"environment.grid[1]", "row has 2 cells"}},
		{`environment.grid=["S#G"]`, []string{"environment.grid", "cannot be reached"}},
		{`environment.grid=["S.G"]`, []string{"environment.state", "want 3"}},
		{`environment.actor="bg.reward"`, []string{"environment.actor", "want 4"}},
		{`environment.choose_at="11ms"`, []string{"environment.choose_at", "no step"}},
		{`environment.max_moves=0`, []string{"environment.max_moves", ">= 1"}},
	} {
		_, err := LoadBytes("gridworld_net.toml", src, []string{c.set})
		if err == nil {
			t.Errorf("%s: no error", c.set)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not contain %q", c.set, err, w)
			}
		}
	}
}
