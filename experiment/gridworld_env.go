package experiment

import (
	"fmt"
	"math/rand/v2"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/cortex"
	"github.com/brainsim/brainsim/rl"
	"github.com/brainsim/brainsim/synapse"
)

// gridEnv is a grid world walked one move per trial by an actor
// population (see configs.Environment, kind gridworld).
type gridEnv struct {
	g                    *rl.Grid
	trial, choose        int64
	beta                 float64
	maxMoves, window     int
	shortest             int
	state, actor, reward *clamp
	rng                  *rand.Rand
	m                    *Model
	pi                   []float64

	cell    int // the cell shown; -1: the terminal trial
	move    int // the move chosen in this trial; -1: none
	moves   int // moves of the episode so far
	explore int // exploratory choices of the episode so far
	// per finished episode
	eps []gridEpisode
}

type gridEpisode struct {
	end     int64 // step at which it ended
	moves   int
	reached bool // the goal, not cut at max_moves
	explore int  // choices that were not the actor's most preferred move
}

func (m *Model) gridworld(e *configs.Environment, steps func(*configs.Time) int64, rng *rand.Rand) (environment, error) {
	g, err := rl.ParseGrid(e.Grid)
	if err != nil {
		return nil, err
	}
	w := &gridEnv{g: g, trial: steps(e.Trial), choose: steps(e.ChooseAt), beta: *e.Beta, maxMoves: *e.MaxMoves,
		shortest: g.Shortest(), rng: rng, m: m, pi: make([]float64, rl.Moves), cell: g.Start, move: -1}
	if e.Window != nil {
		w.window = *e.Window
	}
	if w.state, err = m.clampOf(e.State); err != nil {
		return nil, err
	}
	if len(w.state.v) != g.W*g.H {
		return nil, fmt.Errorf("state population %s has %d units for a %d×%d grid", e.State, len(w.state.v), g.W, g.H)
	}
	if w.actor, err = m.clampOf(e.Actor); err != nil {
		return nil, err
	}
	if len(w.actor.v) != rl.Moves {
		return nil, fmt.Errorf("actor population %s has %d units, want %d (up, right, down, left)", e.Actor, len(w.actor.v), rl.Moves)
	}
	if w.reward, err = m.clampOf(e.Reward); err != nil {
		return nil, err
	}
	return w, nil
}

func (w *gridEnv) attach(m *Model) error {
	return m.Net.AddOperation(cortex.Operation{Name: "gridworld", Every: 1, Run: w.step})
}

func (w *gridEnv) endEpisode(s int64, reached bool) {
	w.eps = append(w.eps, gridEpisode{end: s, moves: w.moves, reached: reached, explore: w.explore})
	w.cell, w.moves, w.explore = -1, 0, 0
}

func (w *gridEnv) step(s int64) error {
	t := s % w.trial
	clear(w.reward.v)
	switch {
	case t == 0:
		// The move of the last trial takes effect.
		switch {
		case w.cell < 0 && s > 0: // after the terminal trial: a new episode
			w.cell = w.g.Start
		case w.move >= 0:
			w.cell = w.g.Move(w.cell, w.move)
			w.moves++
			if w.cell == w.g.Goal {
				w.reward.v[0] = float32(w.m.phases.reward[w.m.phases.at(s)])
				w.endEpisode(s, true)
			} else if w.moves >= w.maxMoves {
				w.endEpisode(s, false)
			}
		}
		w.move = -1
		clear(w.state.v)
		if w.cell >= 0 {
			w.state.v[w.cell] = 1
		}
		clear(w.actor.v)
	case t == w.choose+1 && w.cell >= 0:
		// Read the preferences, the actor's free activity at step choose,
		// and commit: the actor shows the move taken.
		var top int
		w.move, top = choose(w.actor.pop.Free, w.beta*(1+w.m.Net.ModAt(s)[synapse.Confidence]), w.pi, w.rng)
		if w.move != top {
			w.explore++
		}
		w.actor.v[w.move] = 1
	}
	return nil
}

// gridScore is what the last episodes of a phase gave.
type gridScore struct {
	phase                       string
	episodes                    int
	moves, shortest, reached, x float64
}

// scores returns, per phase, the mean moves per episode, the share of
// episodes that took a shortest path, the share that reached the goal and
// the share of exploratory choices over the last window episodes that
// ended in the phase (a tenth of them by default).
func (w *gridEnv) scores(m *Model) []gridScore {
	var out []gridScore
	k := 0
	for ph := range m.phases.names {
		end := m.phases.start[ph+1]
		var in []gridEpisode
		for ; k < len(w.eps) && w.eps[k].end < end; k++ {
			in = append(in, w.eps[k])
		}
		if len(in) == 0 {
			continue
		}
		n := w.window
		if n == 0 {
			n = max(len(in)/10, 1)
		}
		last := in[max(len(in)-n, 0):]
		var sc gridScore
		sc.phase, sc.episodes = m.phases.names[ph], len(in)
		choices := 0
		for _, e := range last {
			sc.moves += float64(e.moves)
			if e.reached {
				sc.reached++
				if e.moves == w.shortest {
					sc.shortest++
				}
			}
			sc.x += float64(e.explore)
			choices += e.moves
		}
		n = len(last)
		sc.moves /= float64(n)
		sc.shortest /= float64(n)
		sc.reached /= float64(n)
		sc.x /= float64(max(choices, 1))
		out = append(out, sc)
	}
	return out
}

func (w *gridEnv) tables(m *Model, steps int64) []Table {
	t := Table{Title: fmt.Sprintf("gridworld (%d×%d, shortest path %d moves): the last tenth of the episodes of every phase", w.g.W, w.g.H, w.shortest),
		Columns: []string{"phase", "episodes", "mean_moves", "shortest_path", "reached_goal", "exploration"}}
	if w.window > 0 {
		t.Title = fmt.Sprintf("gridworld (%d×%d, shortest path %d moves): the last %d episodes of every phase", w.g.W, w.g.H, w.shortest, w.window)
	}
	for _, sc := range w.scores(m) {
		t.Rows = append(t.Rows, []any{sc.phase, sc.episodes, sc.moves, sc.shortest, sc.reached, sc.x})
	}
	return []Table{t}
}
