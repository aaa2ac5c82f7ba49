package experiment

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/synapse"
)

// boltzmannEnv runs the learning protocol of the Boltzmann machine
// (Ackley, Hinton & Sejnowski 1985) on a network of binary populations
// joined by boltzmann projections (configs.Environment; package boltzmann
// has the dedicated trainer this mirrors). A learning cycle visits every
// pattern: `annealings` times the clamped (wake) phase, input and output
// clamped to the pattern with noise, the other units annealed through the
// schedule and the co-occurrences collected for stat_sweeps sweeps at the
// last temperature; as often the free (sleep) phase, nothing clamped but
// free_clamp. Then every boltzmann projection moves its weights by lr
// times the difference. Every check_every cycles the run is tested:
// solved_after completion tests in a row (input clamped, output read as
// its mean firing probability over the statistics sweeps, thresholded at
// 0.5) with every pattern right solve it. An attempt unsolved after
// restart_after cycles starts again from zero weights (the trainer's
// restart rule; not in AHS 1985), within the same run, its cycles
// counted. After `runs` runs (each from zero weights) the environment
// stops the network.
type boltzmannEnv struct {
	e       *configs.Environment
	m       *Model
	rng     *rand.Rand
	sweep   int64
	in, out *neuron.Binary
	units   []*neuron.Binary
	rules   []*synapse.Boltzmann
	projs   []*synapse.Projection
	freeIn  bool // free_clamp holds the input
	freeOut bool
	inV     []float32
	outV    []float32
	outSum  []float64
	runs    []bmRun
	protocol
}

// bmRun is one learning run: solved or not, after how many cycles (all
// attempts), with how many restarts.
type bmRun struct {
	solved   bool
	cycles   int
	restarts int
}

func (m *Model) boltzmann(e *configs.Environment, steps func(*configs.Time) int64, rng *rand.Rand) (environment, error) {
	b := &boltzmannEnv{e: e, m: m, rng: rng, sweep: steps(e.Sweep)}
	for _, p := range m.Pops {
		if u, ok := p.Unit.(*neuron.Binary); ok {
			b.units = append(b.units, u)
			switch p.Name {
			case e.Input:
				b.in = u
			case e.Output:
				b.out = u
			}
		}
	}
	if b.in == nil || b.out == nil {
		return nil, fmt.Errorf("input %q and output %q must be binary populations", e.Input, e.Output)
	}
	for _, pc := range m.file.Projection {
		q := m.projs[pc.Name]
		if r, ok := q.Rule.(*synapse.Boltzmann); ok {
			b.rules = append(b.rules, r)
			b.projs = append(b.projs, q)
		}
	}
	if len(b.rules) == 0 {
		return nil, fmt.Errorf("no projection with rule boltzmann to train")
	}
	b.freeIn = slices.Contains(e.FreeClamp, e.Input)
	b.freeOut = slices.Contains(e.FreeClamp, e.Output)
	b.inV, b.outV = make([]float32, b.in.Len()), make([]float32, b.out.Len())
	b.outSum = make([]float64, b.out.Len())
	return b, nil
}

func (b *boltzmannEnv) attach(m *Model) error {
	return b.start(m, "boltzmann", b.sweep, b.program)
}

// program is the protocol: it acts while no region runs and yields the
// steps to run before it acts again.
func (b *boltzmannEnv) program(yield func(int64) bool) {
	e := b.e
	for range *e.Runs {
		b.resetRules()
		run := bmRun{}
		attempt := 0
		for run.cycles < *e.MaxCycles {
			if *e.RestartAfter > 0 && attempt == *e.RestartAfter {
				b.resetRules()
				attempt = 0
				run.restarts++
			}
			attempt++
			run.cycles++
			if !b.cycle(yield) {
				return
			}
			for _, r := range b.rules {
				r.Apply()
			}
			if run.cycles%*e.CheckEvery == 0 {
				solved, alive := b.solved(yield)
				if !alive {
					return
				}
				if solved {
					run.solved = true
					break
				}
			}
		}
		b.runs = append(b.runs, run)
	}
}

// cycle runs the two phases of one learning cycle for every pattern,
// `annealings` times each: the clamped phase (input and output clamped
// noisily) and the free phase (only the free_clamp groups clamped, to
// the exact pattern), each an annealing followed by the statistics
// sweeps. It reports false when the run was stopped.
func (b *boltzmannEnv) cycle(yield func(int64) bool) bool {
	e := b.e
	for k, row := range e.Patterns {
		for range *e.Annealings {
			b.setup(b.noisy(b.inV, row), b.noisy(b.outV, e.Targets[k]))
			if !b.anneal(yield) {
				return false
			}
			b.setPhase(1)
			if !b.wait(yield, *e.StatSweeps) {
				return false
			}
			b.setPhase(0)
		}
		for range *e.Annealings {
			var in, out []float32
			if b.freeIn {
				in = exactRow(b.inV, row)
			}
			if b.freeOut {
				out = exactRow(b.outV, e.Targets[k])
			}
			b.setup(in, out)
			if !b.anneal(yield) {
				return false
			}
			b.setPhase(-1)
			if !b.wait(yield, *e.StatSweeps) {
				return false
			}
			b.setPhase(0)
		}
	}
	return true
}

// solved runs up to solved_after completion tests and reports whether
// all of them got every pattern right, and whether the run is still
// alive (false when it was stopped).
func (b *boltzmannEnv) solved(yield func(int64) bool) (solved, alive bool) {
	for range *b.e.SolvedAfter {
		ok, alive := b.complete(yield)
		if !alive {
			return false, false
		}
		if !ok {
			return false, true
		}
	}
	return true, true
}

// wait yields the steps of the given number of sweeps; false means the
// run was stopped.
func (b *boltzmannEnv) wait(yield func(int64) bool, sweeps int) bool {
	return yield(int64(sweeps) * b.sweep)
}

// anneal runs the annealing schedule, setting every unit's temperature
// for each stage; false means the run was stopped.
func (b *boltzmannEnv) anneal(yield func(int64) bool) bool {
	for _, st := range b.e.Schedule {
		for _, u := range b.units {
			u.T = st[1]
		}
		if !b.wait(yield, int(st[0])) {
			return false
		}
	}
	return true
}

// setup clamps input and output (nil: free) and randomizes the rest.
func (b *boltzmannEnv) setup(in, out []float32) {
	_ = b.in.SetClamp(in)
	_ = b.out.SetClamp(out)
	for _, u := range b.units {
		u.Randomize()
	}
}

// noisy copies row into dst with the clamping noise: a 1 becomes 0 with
// probability noise_off, a 0 becomes 1 with probability noise_on.
func (b *boltzmannEnv) noisy(dst []float32, row []float64) []float32 {
	for i, x := range row {
		dst[i] = float32(x)
		switch {
		case x != 0 && b.rng.Float64() < *b.e.NoiseOff:
			dst[i] = 0
		case x == 0 && b.rng.Float64() < *b.e.NoiseOn:
			dst[i] = 1
		}
	}
	return dst
}

// exactRow copies row into dst.
func exactRow(dst []float32, row []float64) []float32 {
	for i, x := range row {
		dst[i] = float32(x)
	}
	return dst
}

// setPhase sets the phase of every rule: 1 clamped, -1 free, 0 none.
func (b *boltzmannEnv) setPhase(p int) {
	for _, r := range b.rules {
		r.Phase = p
	}
}

// resetRules resets every rule and its projection's weights to zero.
func (b *boltzmannEnv) resetRules() {
	for k, r := range b.rules {
		r.Reset(b.projs[k], 0)
	}
}

// complete tests every pattern once; it reports whether all were right,
// and false for alive when the run was stopped.
func (b *boltzmannEnv) complete(yield func(int64) bool) (all, alive bool) {
	e := b.e
	all = true
	for k, row := range e.Patterns {
		b.setup(exactRow(b.inV, row), nil)
		if !b.anneal(yield) {
			return false, false
		}
		clear(b.outSum)
		for range *e.StatSweeps {
			if !b.wait(yield, 1) {
				return false, false
			}
			for i, p := range b.out.P {
				b.outSum[i] += float64(p)
			}
		}
		for i, s := range b.outSum {
			if (s/float64(*e.StatSweeps) >= 0.5) != (e.Targets[k][i] != 0) {
				all = false
			}
		}
	}
	return all, true
}

func (b *boltzmannEnv) tables(m *Model, steps int64) []Table {
	b.end()
	var cycles []int
	solved, restarts := 0, 0
	for _, r := range b.runs {
		restarts += r.restarts
		if r.solved {
			solved++
			cycles = append(cycles, r.cycles)
		}
	}
	med, p90 := math.NaN(), math.NaN()
	if len(cycles) > 0 {
		med = median(cycles) // sorts
		p90 = float64(cycles[int(math.Ceil(0.9*float64(len(cycles))))-1])
	}
	share := math.NaN()
	if len(b.runs) > 0 {
		share = float64(solved) / float64(len(b.runs))
	}
	title := "boltzmann: learning runs"
	if *b.e.RestartAfter > 0 {
		title += fmt.Sprintf(" (an attempt unsolved after %d cycles restarts from zero weights; cycles count every attempt)", *b.e.RestartAfter)
	}
	return []Table{{Title: title,
		Columns: []string{"runs", "asked", "solved", "solved_share", "median_cycles", "p90_cycles", "restarts"},
		Rows:    [][]any{{len(b.runs), *b.e.Runs, solved, nanNull(share), nanNull(med), nanNull(p90), restarts}}}}
}
