package configs

import (
	"slices"
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
