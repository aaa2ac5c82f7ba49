package configs

import (
	"strings"
	"testing"
)

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
