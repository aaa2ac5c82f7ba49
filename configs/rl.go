package configs

import (
	"errors"

	"github.com/brainsim/brainsim/rl"
)

// DefaultGrid is the maze of Sutton & Barto (2018, Fig. 8.2; rl.DynaMaze):
// 9×6 cells, shortest path 14 steps.
var DefaultGrid = rl.DynaMaze

// grid checks the rows of a grid world (rl.ParseGrid): equal lengths, the
// cells . # S G, one S and one G, and G reachable from S.
func (v *validator) grid(p keyPath, rows []string) {
	_, err := rl.ParseGrid(rows)
	var ge *rl.GridError
	switch {
	case err == nil:
	case errors.As(err, &ge) && ge.Row >= 0:
		v.errf(p.idx(ge.Row), "%s", ge.Msg)
	case errors.As(err, &ge):
		v.errf(p, "%s", ge.Msg)
	default:
		v.errf(p, "%v", err)
	}
}
