package tasks_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/rl"
	_ "github.com/brainsim/brainsim/rules"
	"github.com/brainsim/brainsim/tasks"
)

// load loads a train-mode file with one task (its keys after data) and
// one rule.
func load(t *testing.T, task, rule string) (*configs.File, error) {
	t.Helper()
	return configs.LoadBytes("t.toml", []byte("[experiment]\nname = \"t\"\nmode = \"train\"\n[[task]]\nname = \"t\"\n"+task+"\n[[rule]]\n"+rule+"\n"), nil)
}

// TestDefaults: a bare conditioning task gets the protocol of Montague,
// Dayan & Sejnowski (1996) as PsyNeuLink recreates it, a bandit 10 arms,
// a grid world the maze of Sutton & Barto's Fig. 8.2, an encoder ⌈log2
// bits⌉ hidden units.
func TestDefaults(t *testing.T) {
	t.Parallel()
	f, err := load(t, `data = "conditioning"`, "rule = \"td\"\nepochs = 5")
	if err != nil {
		t.Fatal(err)
	}
	if c := f.Task[0].Params.(*tasks.ConditioningParams); *c != (tasks.ConditioningParams{Steps: 60, Cue: 41, RewardStep: 54, OmitEvery: 15, Extinction: 80}) {
		t.Errorf("conditioning defaults %+v", c)
	}
	f, err = load(t, `data = "gridworld"`, "rule = \"q_learning\"\nepochs = 5")
	if err != nil {
		t.Fatal(err)
	}
	if g := f.Task[0].Params.(*tasks.GridParams); !slices.Equal(g.Grid, rl.DynaMaze) {
		t.Errorf("grid %q", g.Grid)
	}
	f, err = load(t, `data = "bandit"`, "rule = \"q_learning\"\nepochs = 5")
	if err != nil {
		t.Fatal(err)
	}
	if b := f.Task[0].Params.(*tasks.BanditParams); b.Arms != 10 || b.Drift != 0 || b.Window != 0 {
		t.Errorf("bandit defaults %+v", b)
	}
	for bits, want := range map[int]int{4: 2, 8: 3, 40: 6} {
		e := tasks.EncoderParams{BitsParams: tasks.BitsParams{Bits: &bits}}
		if got := e.HiddenUnits(); got != want {
			t.Errorf("encoder %d: %d hidden units, want %d", bits, got, want)
		}
	}
}

// TestChecks: each kind's checks name the key and what is allowed.
func TestChecks(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ task, rule, want string }{
		{"data = \"conditioning\"\ncue = 70", "rule = \"td\"\nepochs = 1", "task[0].cue: 70 is outside [1, 59]"},
		{"data = \"conditioning\"\nreward_step = 30", "rule = \"td\"\nepochs = 1", "task[0].reward_step: 30 must be after the cue (41)"},
		{"data = \"bandit\"\narms = 1", "rule = \"q_learning\"\nepochs = 1", "task[0].arms: 1 is outside [2, 10000]"},
		{"data = \"gridworld\"\ngrid = [\"S.\", \"..G\"]", "rule = \"q_learning\"\nepochs = 1", "task[0].grid[1]: row has 3 cells, row 0 has 2"},
		{"data = \"gridworld\"\ngrid = [\"S#G\"]", "rule = \"q_learning\"\nepochs = 1", "task[0].grid: the goal G cannot be reached"},
		{"data = \"parity\"", "rule = \"delta\"\nepochs = 1", "task[0].bits: required for data parity"},
		{"data = \"encoder\"\nbits = 65", "rule = \"delta\"\nepochs = 1", "task[0].bits: 65 is outside [1, 64]"},
		{"data = \"mnist\"\ntrain_rows = 100\nvalidation = 100", "rule = \"delta\"\nepochs = 1", "task[0].validation: 100 is outside [1, 100)"},
		{"data = \"split_mnist\"\nvalidation = 10", "rule = \"sequential\"\nepochs = 1", "only mnist takes validation"},
		{"data = \"xor\"\narms = 3", "rule = \"delta\"\nepochs = 1", `unknown key "arms" of data xor`},
	} {
		_, err := load(t, c.task, c.rule)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want an error containing %q", c.task, err, c.want)
		}
	}
}
