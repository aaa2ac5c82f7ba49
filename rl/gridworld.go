package rl

import (
	"fmt"
	"math/rand/v2"
)

// DynaMaze is the 9×6 maze of Sutton & Barto (2018, Fig. 8.2): S the
// start, G the goal, # a wall. Its shortest path takes 14 steps.
var DynaMaze = []string{
	".......#G",
	"..#....#.",
	"S.#....#.",
	"..#......",
	".....#...",
	".........",
}

// Grid is a deterministic grid world: four moves (up, right, down, left);
// a move into a wall or off the grid stays put. Reaching the goal pays 1
// and ends the episode; every other step pays 0, so with discount γ < 1
// the best policy takes a shortest path.
type Grid struct {
	W, H        int
	Wall        []bool // row-major
	Start, Goal int    // cell indices
}

// Moves is the number of actions in a Grid.
const Moves = 4

// GridError is a problem with the rows of a grid: Row is the row it is
// in, -1 for the grid as a whole.
type GridError struct {
	Row int
	Msg string
}

func (e *GridError) Error() string {
	if e.Row < 0 {
		return "rl: grid: " + e.Msg
	}
	return fmt.Sprintf("rl: grid row %d: %s", e.Row, e.Msg)
}

// ParseGrid reads rows of '.' (free), '#' (wall), 'S' (one start) and
// 'G' (one goal), from which the goal must be reachable. Its errors are
// *GridError.
func ParseGrid(rows []string) (*Grid, error) {
	if len(rows) == 0 || len(rows[0]) == 0 {
		return nil, &GridError{-1, `want rows of . # S G, e.g. grid = ["S.#", "..G"]`}
	}
	g := &Grid{W: len(rows[0]), H: len(rows), Start: -1, Goal: -1}
	g.Wall = make([]bool, g.W*g.H)
	starts, goals := 0, 0
	for y, row := range rows {
		if len(row) != g.W {
			return nil, &GridError{y, fmt.Sprintf("row has %d cells, row 0 has %d", len(row), g.W)}
		}
		for x, c := range row {
			i := y*g.W + x
			switch c {
			case '.':
			case '#':
				g.Wall[i] = true
			case 'S':
				g.Start = i
				starts++
			case 'G':
				g.Goal = i
				goals++
			default:
				return nil, &GridError{y, fmt.Sprintf("unknown cell %q (want . free, # wall, S start, G goal)", c)}
			}
		}
	}
	if starts != 1 || goals != 1 {
		return nil, &GridError{-1, fmt.Sprintf("want one S (start) and one G (goal), got %d S and %d G", starts, goals)}
	}
	if g.Shortest() < 0 {
		return nil, &GridError{-1, "the goal G cannot be reached from the start S"}
	}
	return g, nil
}

// Move is the cell action a leads to from cell s.
func (g *Grid) Move(s, a int) int {
	x, y := s%g.W, s/g.W
	switch a {
	case 0:
		y--
	case 1:
		x++
	case 2:
		y++
	default:
		x--
	}
	if x < 0 || y < 0 || x >= g.W || y >= g.H || g.Wall[y*g.W+x] {
		return s
	}
	return y*g.W + x
}

// Shortest is the length of a shortest path from start to goal
// (breadth-first search), -1 if there is none.
func (g *Grid) Shortest() int {
	dist := make([]int, g.W*g.H)
	for i := range dist {
		dist[i] = -1
	}
	dist[g.Start] = 0
	queue := []int{g.Start}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		if s == g.Goal {
			return dist[s]
		}
		for a := range Moves {
			n := g.Move(s, a)
			if dist[n] < 0 {
				dist[n] = dist[s] + 1
				queue = append(queue, n)
			}
		}
	}
	return -1
}

// GreedyPath follows the action of highest pref(s, a) (the first on ties)
// from the start and returns the steps to the goal, -1 if it does not
// get there within W·H steps.
func (g *Grid) GreedyPath(pref func(s, a int) float64) int {
	s := g.Start
	for n := 0; n <= g.W*g.H; n++ {
		if s == g.Goal {
			return n
		}
		best := 0
		for a := 1; a < Moves; a++ {
			if pref(s, a) > pref(s, best) {
				best = a
			}
		}
		s = g.Move(s, best)
	}
	return -1
}

// GridLearner learns in a Grid: it picks an action in state s and learns
// from the transition to next with reward r (done: next is terminal).
type GridLearner interface {
	Act(s int, rng *rand.Rand) int
	Learn(s, a int, r float64, next int, done bool)
	// Pref is the learned preference of action a in state s that the
	// greedy policy follows.
	Pref(s, a int) float64
}

// GridQ is ε-greedy tabular Q-learning (Watkins 1989):
// Q(s,a) += LR·(r + γ·max Q(s',·) − Q(s,a)), max Q of a terminal state 0.
type GridQ struct {
	Epsilon, LR, Gamma float64
	Q                  []float64 // [state*Moves + action]
}

// NewGridQ returns a Q-learner for g with every Q = init (init 1, the
// largest return, is optimistic: it drives systematic exploration).
func NewGridQ(g *Grid, epsilon, lr, gamma, init float64) *GridQ {
	q := &GridQ{Epsilon: epsilon, LR: lr, Gamma: gamma, Q: make([]float64, g.W*g.H*Moves)}
	for i := range q.Q {
		q.Q[i] = init
	}
	return q
}

func (q *GridQ) Act(s int, rng *rand.Rand) int {
	if rng.Float64() < q.Epsilon {
		return rng.IntN(Moves)
	}
	return greedy(q.Q[s*Moves:(s+1)*Moves], rng)
}

func (q *GridQ) Learn(s, a int, r float64, next int, done bool) {
	target := r
	if !done {
		m := q.Q[next*Moves]
		for _, x := range q.Q[next*Moves+1 : (next+1)*Moves] {
			m = max(m, x)
		}
		target += q.Gamma * m
	}
	q.Q[s*Moves+a] += q.LR * (target - q.Q[s*Moves+a])
}

func (q *GridQ) Pref(s, a int) float64 { return q.Q[s*Moves+a] }

// GridAC is a tabular actor-critic: the critic's TD error
// δ = r + γ·V(s') − V(s) (V of a terminal state 0) is the dopamine
// signal; V(s) += CriticLR·δ; the actor (softmax or Go/NoGo, as in
// ActorCritic, including the growth of β with BetaTau, t counting the
// steps learned from) learns the preferences of state s from δ.
type GridAC struct {
	Kind                        Actor
	LR, CriticLR, Beta, BetaTau float64
	Gamma                       float64
	V                           []float64
	H, Go, NoGo                 []float64 // [state*Moves + action]
	pi                          []float64
	t                           int
}

// NewGridAC returns an actor-critic for g with every value V = init
// (1 is optimistic) and zero preferences.
func NewGridAC(g *Grid, kind Actor, lr, criticLR, beta, gamma, init float64) *GridAC {
	n := g.W * g.H
	ac := &GridAC{Kind: kind, LR: lr, CriticLR: criticLR, Beta: beta, Gamma: gamma, V: make([]float64, n),
		H: make([]float64, n*Moves), Go: make([]float64, n*Moves), NoGo: make([]float64, n*Moves), pi: make([]float64, Moves)}
	for i := range ac.V {
		ac.V[i] = init
	}
	return ac
}

func (ac *GridAC) policy(s int) []float64 {
	h := ac.H[s*Moves : (s+1)*Moves]
	if ac.Kind == GoNoGo {
		for a := range h {
			h[a] = ac.Go[s*Moves+a] - ac.NoGo[s*Moves+a]
		}
	}
	softmaxTo(ac.pi, h, annealed(ac.Beta, ac.BetaTau, ac.t))
	return ac.pi
}

func (ac *GridAC) Act(s int, rng *rand.Rand) int { return sample(ac.policy(s), rng) }

func (ac *GridAC) Learn(s, a int, r float64, next int, done bool) {
	defer func() { ac.t++ }()
	d := r - ac.V[s]
	if !done {
		d += ac.Gamma * ac.V[next]
	}
	ac.V[s] += ac.CriticLR * d
	i := s*Moves + a
	switch ac.Kind {
	case GoNoGo:
		if d > 0 {
			ac.Go[i] += ac.LR * d
		} else {
			ac.NoGo[i] -= ac.LR * d
		}
	default:
		pi := ac.policy(s)
		for b := range Moves {
			if b == a {
				ac.H[s*Moves+b] += ac.LR * d * (1 - pi[b])
			} else {
				ac.H[s*Moves+b] -= ac.LR * d * pi[b]
			}
		}
	}
}

func (ac *GridAC) Pref(s, a int) float64 {
	if ac.Kind == GoNoGo {
		return ac.Go[s*Moves+a] - ac.NoGo[s*Moves+a]
	}
	return ac.H[s*Moves+a]
}

// GridRun is what training on a Grid gave.
type GridRun struct {
	Path     int     // steps of the greedy path after training, -1: it does not reach the goal
	Shortest int     // the breadth-first shortest path
	Steps    float64 // mean steps per episode over the last tenth of the episodes
	// Converged is the first episode after which the greedy path stayed a
	// shortest path to the end of training; 0 if it never did.
	Converged int
}

// RunGrid trains l for episodes episodes of at most maxSteps steps
// (≤ 0: 10·W·H) from the start of g.
func RunGrid(g *Grid, l GridLearner, episodes, maxSteps int, rng *rand.Rand) GridRun {
	if maxSteps <= 0 {
		maxSteps = 10 * g.W * g.H
	}
	out := GridRun{Shortest: g.Shortest()}
	tail := max(1, episodes/10)
	total := 0
	for ep := 1; ep <= episodes; ep++ {
		s := g.Start
		n := 0
		for ; n < maxSteps && s != g.Goal; n++ {
			a := l.Act(s, rng)
			next := g.Move(s, a)
			done := next == g.Goal
			r := 0.0
			if done {
				r = 1
			}
			l.Learn(s, a, r, next, done)
			s = next
		}
		if ep > episodes-tail {
			total += n
		}
		if g.GreedyPath(l.Pref) == out.Shortest {
			if out.Converged == 0 {
				out.Converged = ep
			}
		} else {
			out.Converged = 0
		}
	}
	out.Path = g.GreedyPath(l.Pref)
	out.Steps = float64(total) / float64(tail)
	return out
}
