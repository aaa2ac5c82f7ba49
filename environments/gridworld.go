package environments

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/brainsim/brainsim/cortex"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/rl"
	"github.com/brainsim/brainsim/synapse"
	"github.com/brainsim/brainsim/units"
)

// Gridworld are the keys of kind gridworld: a deterministic grid world
// (rows of `grid`: . free, # wall, S start, G goal; default Sutton &
// Barto's maze) walked one move per trial. The state population (one unit
// per cell) shows the current cell for the whole trial; at `choose_at`
// the actor (4 units: up, right, down, left) is read and a move drawn as
// in the bandit, and the actor is clamped to it until the trial ends (0
// before the choice). The next trial shows the cell the move led to (a
// wall or the edge: the same cell). Entering the goal pays 1 (× the
// phase's reward) on the reward population at the first step of the next
// trial, which shows no cell (the terminal state, worth 0) and has no
// choice; the trial after it starts a new episode at S. An episode longer
// than max_moves moves is cut and restarted.
type Gridworld struct {
	Grid     []string    `toml:"grid" doc:"rows of . (free), # (wall), S (start), G (goal); default Sutton & Barto's 9×6 maze"`
	State    string      `toml:"state,omitempty" doc:"one unit per cell, showing the current one (required)"`
	Actor    string      `toml:"actor,omitempty" doc:"4 units, up, right, down, left: their free activity at choose_at are the preferences (required)"`
	Reward   string      `toml:"reward,omitempty" doc:"the reward population (required)"`
	Trial    *units.Time `toml:"trial" doc:"the length of a trial, one move (required)"`
	ChooseAt *units.Time `toml:"choose_at" doc:"the time within the trial the actor is read (required)"`
	Beta     float64     `toml:"beta" doc:"the inverse temperature of the choice"`
	MaxMoves *int        `toml:"max_moves" doc:"an episode is cut after this many moves (default 10 × the cells)"`
	Window   *int        `toml:"window" doc:"the episodes scored at the end of every phase (default a tenth of the phase's)"`
}

func init() {
	registry.RegisterEnvironment(registry.Environment{
		Name:       "gridworld",
		Doc:        "a grid world walked one move per trial by an actor population",
		Confidence: true,
		Params:     func() any { return &Gridworld{Grid: append([]string(nil), rl.DynaMaze...), Beta: 1} },
		Period:     func(pa any) float64 { return trialMS(pa.(*Gridworld).Trial) },
		Check:      checkGridworld,
		Build:      buildGridworld,
	})
}

func checkGridworld(pa any, c *registry.Check) {
	e := pa.(*Gridworld)
	if e.MaxMoves == nil && len(e.Grid) > 0 {
		e.MaxMoves = new(10 * len(e.Grid) * len(e.Grid[0]))
	}
	tc := newTrialCheck(c, e.Trial)
	cells := -1
	if grid(c, e.Grid) {
		cells = len(e.Grid) * len(e.Grid[0])
	}
	pop(c, "state", e.State, cells)
	pop(c, "actor", e.Actor, 4)
	pop(c, "reward", e.Reward, -1)
	if ch := tc.inTrial("choose_at", e.ChooseAt, true); ch >= 0 && tc.trial > 0 && ch+1 >= tc.trial {
		c.Errf("choose_at", "%s leaves no step of the trial (%s) for the chosen move: the choice is read one step after choose_at", *e.ChooseAt, *e.Trial)
	}
	if e.MaxMoves != nil && *e.MaxMoves < 1 {
		c.Errf("max_moves", "must be >= 1, got %d", *e.MaxMoves)
	}
	betaWindow(c, e.Beta, e.Window)
}

// grid checks the rows of a grid world (rl.ParseGrid): equal lengths, the
// cells . # S G, one S and one G, and G reachable from S. It reports
// whether they are good.
func grid(c *registry.Check, rows []string) bool {
	_, err := rl.ParseGrid(rows)
	var ge *rl.GridError
	switch {
	case err == nil:
		return true
	case errors.As(err, &ge) && ge.Row >= 0:
		c.Errf(fmt.Sprintf("grid[%d]", ge.Row), "%s", ge.Msg)
	case errors.As(err, &ge):
		c.Errf("grid", "%s", ge.Msg)
	default:
		c.Errf("grid", "%v", err)
	}
	return false
}

// gridEnv is a grid world walked one move per trial by an actor
// population.
type gridEnv struct {
	h                    registry.EnvHost
	g                    *rl.Grid
	trial, choose        int64
	beta                 float64
	maxMoves, window     int
	shortest             int
	state, actor, reward *registry.Clamp
	rng                  *rand.Rand
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

func buildGridworld(pa any, h registry.EnvHost) (registry.Env, error) {
	e := pa.(*Gridworld)
	g, err := rl.ParseGrid(e.Grid)
	if err != nil {
		return nil, err
	}
	w := &gridEnv{h: h, g: g, trial: h.Steps(float64(*e.Trial)), choose: h.Steps(float64(*e.ChooseAt)), beta: e.Beta, maxMoves: *e.MaxMoves,
		shortest: g.Shortest(), rng: h.Rand(), pi: make([]float64, rl.Moves), cell: g.Start, move: -1}
	if e.Window != nil {
		w.window = *e.Window
	}
	if w.state, err = h.Clamp(e.State); err != nil {
		return nil, err
	}
	if len(w.state.V) != g.W*g.H {
		return nil, fmt.Errorf("state population %s has %d units for a %d×%d grid", e.State, len(w.state.V), g.W, g.H)
	}
	if w.actor, err = h.Clamp(e.Actor); err != nil {
		return nil, err
	}
	if len(w.actor.V) != rl.Moves {
		return nil, fmt.Errorf("actor population %s has %d units, want %d (up, right, down, left)", e.Actor, len(w.actor.V), rl.Moves)
	}
	if w.reward, err = h.Clamp(e.Reward); err != nil {
		return nil, err
	}
	return w, nil
}

func (w *gridEnv) Attach() error {
	return w.h.Net().AddOperation(cortex.Operation{Name: "gridworld", Every: 1, Run: w.step})
}

func (w *gridEnv) endEpisode(s int64, reached bool) {
	w.eps = append(w.eps, gridEpisode{end: s, moves: w.moves, reached: reached, explore: w.explore})
	w.cell, w.moves, w.explore = -1, 0, 0
}

func (w *gridEnv) step(s int64) error {
	t := s % w.trial
	clear(w.reward.V)
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
				ph := w.h.Phases()
				w.reward.V[0] = float32(ph.Reward[ph.At(s)])
				w.endEpisode(s, true)
			} else if w.moves >= w.maxMoves {
				w.endEpisode(s, false)
			}
		}
		w.move = -1
		clear(w.state.V)
		if w.cell >= 0 {
			w.state.V[w.cell] = 1
		}
		clear(w.actor.V)
	case t == w.choose+1 && w.cell >= 0:
		// Read the preferences, the actor's free activity at step choose,
		// and commit: the actor shows the move taken.
		var top int
		w.move, top = choose(w.actor.Pop.Free, w.beta*(1+w.h.Net().ModAt(s)[synapse.Confidence]), w.pi, w.rng)
		if w.move != top {
			w.explore++
		}
		w.actor.V[w.move] = 1
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
func (w *gridEnv) scores() []gridScore {
	ph := w.h.Phases()
	var out []gridScore
	k := 0
	for p := range ph.Names {
		end := ph.Start[p+1]
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
		sc.phase, sc.episodes = ph.Names[p], len(in)
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

func (w *gridEnv) Tables(int64) []Table {
	t := Table{Title: fmt.Sprintf("gridworld (%d×%d, shortest path %d moves): the last tenth of the episodes of every phase", w.g.W, w.g.H, w.shortest),
		Columns: []string{"phase", "episodes", "mean_moves", "shortest_path", "reached_goal", "exploration"}}
	if w.window > 0 {
		t.Title = fmt.Sprintf("gridworld (%d×%d, shortest path %d moves): the last %d episodes of every phase", w.g.W, w.g.H, w.shortest, w.window)
	}
	for _, sc := range w.scores() {
		t.Rows = append(t.Rows, []any{sc.phase, sc.episodes, sc.moves, sc.shortest, sc.reached, sc.x})
	}
	return []Table{t}
}
