package environments

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/synapse"
	"github.com/brainsim/brainsim/units"
)

// Boltzmann are the keys of kind boltzmann: the learning protocol of the
// Boltzmann machine (Ackley, Hinton & Sejnowski 1985) on a network of
// binary populations joined by boltzmann projections (package boltzmann
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
type Boltzmann struct {
	Input        string      `toml:"input,omitempty" doc:"the binary input population (required)"`
	Output       string      `toml:"output,omitempty" doc:"the binary output population (required)"`
	Patterns     [][]float64 `toml:"patterns" doc:"one row of 0s and 1s per pattern, for the input (required)"`
	Targets      [][]float64 `toml:"targets" doc:"one row of 0s and 1s per pattern, for the output (required)"`
	Schedule     [][]float64 `toml:"schedule" doc:"the annealing: [[sweeps, temperature], ...]"`
	StatSweeps   int         `toml:"stat_sweeps" doc:"sweeps of statistics at the last temperature"`
	Sweep        *units.Time `toml:"sweep" doc:"the steps of one sweep, every unit updated once (default 4 steps)"`
	Annealings   int         `toml:"annealings" doc:"annealings per pattern and phase"`
	NoiseOff     float64     `toml:"noise_off" doc:"the probability an on unit is clamped off"`
	NoiseOn      float64     `toml:"noise_on" doc:"the probability an off unit is clamped on"`
	FreeClamp    []string    `toml:"free_clamp" doc:"the populations (input, output) clamped to the pattern in the free phase (default none)"`
	Runs         int         `toml:"runs" doc:"independent learning runs"`
	MaxCycles    int         `toml:"max_cycles" doc:"learning cycles per run at most"`
	RestartAfter int         `toml:"restart_after" doc:"cycles after which an unsolved attempt restarts from zero weights (0: never)"`
	CheckEvery   int         `toml:"check_every" doc:"cycles between completion checks"`
	SolvedAfter  int         `toml:"solved_after" doc:"completion tests in a row with every pattern right that solve a run"`
}

// boltzmannKind is the environment's kind, which plasticity rules name
// to say it drives them (registry.Plasticity.Environment).
const boltzmannKind = "boltzmann"

func init() {
	registry.RegisterEnvironment(registry.Environment{
		Name:    boltzmannKind,
		Doc:     "the learning cycle of a Boltzmann machine (AHS 1985) on binary populations, run after run",
		EndsRun: true,
		Params: func() any {
			return &Boltzmann{Schedule: [][]float64{{2, 20}, {2, 15}, {2, 12}, {4, 10}}, StatSweeps: 10, Annealings: 10, NoiseOff: 0.15, NoiseOn: 0.05,
				Runs: 1, MaxCycles: 5000, CheckEvery: 10, SolvedAfter: 5}
		},
		Check: checkBoltzmann,
		Build: buildBoltzmann,
	})
}

func checkBoltzmann(pa any, c *registry.Check) {
	e := pa.(*Boltzmann)
	if e.Sweep == nil {
		e.Sweep = new(units.Time(4 * c.Dt))
	}
	binPop := func(key, ref string) *registry.PopRef {
		p := c.Pop(key, ref)
		if p == nil || p.Model == nil {
			return nil
		}
		if p.Model.Name != "binary" {
			c.Errf(key, "%q is a %s population; a boltzmann environment clamps binary populations", ref, p.Model.Name)
			return nil
		}
		return p
	}
	in, out := binPop("input", e.Input), binPop("output", e.Output)
	if !c.Driven(boltzmannKind) {
		rules := registry.PlasticitiesWith(func(p *registry.Plasticity) bool { return p.Environment == boltzmannKind })
		c.Errf("kind", "a boltzmann environment trains projections with rule %s; this experiment has none", strings.Join(rules, " or "))
	}
	binaryRows(c, "patterns", e.Patterns, in)
	binaryRows(c, "targets", e.Targets, out)
	if len(e.Targets) != len(e.Patterns) {
		c.Errf("targets", "%d targets for %d patterns", len(e.Targets), len(e.Patterns))
	}
	if len(e.Schedule) == 0 {
		c.Errf("schedule", "needs at least one [sweeps, temperature] stage")
	}
	for i, st := range e.Schedule {
		if len(st) != 2 || st[0] < 1 || st[0] != math.Trunc(st[0]) || !(st[1] > 0) || math.IsInf(st[1], 0) {
			c.Errf(fmt.Sprintf("schedule[%d]", i), "want [sweeps, temperature] with whole sweeps >= 1 and a finite temperature > 0, got %v", st)
		}
	}
	sweep, ok := wholeSteps(c, "sweep", e.Sweep, "sweep")
	if ok && sweep < 1 {
		c.Errf("sweep", "must be at least dt (%s)", units.Time(c.Dt))
	}
	for _, x := range []struct {
		key string
		n   int
		min int
	}{{"stat_sweeps", e.StatSweeps, 1}, {"annealings", e.Annealings, 1}, {"runs", e.Runs, 1}, {"max_cycles", e.MaxCycles, 1},
		{"restart_after", e.RestartAfter, 0}, {"check_every", e.CheckEvery, 1}, {"solved_after", e.SolvedAfter, 1}} {
		if x.n < x.min {
			c.Errf(x.key, "must be >= %d, got %d", x.min, x.n)
		}
	}
	for _, x := range []struct {
		key string
		p   float64
	}{{"noise_off", e.NoiseOff}, {"noise_on", e.NoiseOn}} {
		if !(x.p >= 0 && x.p <= 1) {
			c.Errf(x.key, "%v is not a probability", x.p)
		}
	}
	for i, ref := range e.FreeClamp {
		if ref != e.Input && ref != e.Output {
			c.Errf(fmt.Sprintf("free_clamp[%d]", i), "%q: the free phase can clamp the input %q or the output %q", ref, e.Input, e.Output)
		}
	}
	// Every binary population updates once a sweep.
	for _, p := range c.Pops {
		if u, isPeriodic := p.Params.(registry.Period); isPeriodic && ok && u.UpdatePeriod() != sweep {
			c.Errf("sweep", "a sweep is %d steps, but %s updates every %d steps; every binary unit must update once a sweep", sweep, p.Name, u.UpdatePeriod())
		}
	}
}

// binaryRows checks rows of 0s and 1s, one per pattern, for population
// pop (nil: not known).
func binaryRows(c *registry.Check, key string, list [][]float64, pop *registry.PopRef) {
	if len(list) == 0 {
		c.Errf(key, "required: one row of 0s and 1s per pattern")
	}
	for i, row := range list {
		if pop != nil && pop.Size >= 0 && len(row) != pop.Size {
			c.Errf(fmt.Sprintf("%s[%d]", key, i), "row %d has %d values for %d units", i, len(row), pop.Size)
		}
		for _, x := range row {
			if x != 0 && x != 1 {
				c.Errf(fmt.Sprintf("%s[%d]", key, i), "row %d has %v; binary units take 0 or 1", i, x)
				break
			}
		}
	}
}

// boltzmannEnv runs the protocol of Boltzmann.
type boltzmannEnv struct {
	e       *Boltzmann
	h       registry.EnvHost
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
	st      bmPlace
	machine
}

// bmRun is one learning run: solved or not, after how many cycles (all
// attempts), with how many restarts.
type bmRun struct {
	solved   bool
	cycles   int
	restarts int
}

func buildBoltzmann(pa any, h registry.EnvHost) (registry.Env, error) {
	e := pa.(*Boltzmann)
	b := &boltzmannEnv{e: e, h: h, rng: h.Rand(), sweep: h.Steps(float64(*e.Sweep))}
	for _, p := range h.Pops() {
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
	for _, q := range h.Projections() {
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

func (b *boltzmannEnv) Attach() error {
	return b.machine.start(b.h.Net(), "boltzmann", b.sweep, b.advance)
}

// The protocol as a state machine: advance acts while no region runs and
// returns the steps to simulate before it acts again. Its place (bmPlace)
// is in the environment's fields, so a checkpoint saves it.
//
//	for each run: zero the rules' weights; until max_cycles cycles:
//	  (restart from zero weights every restart_after cycles of an attempt)
//	  a cycle: for every pattern, `annealings` clamped annealings (input
//	    and output clamped noisily; anneal; stat_sweeps with the rules
//	    counting the clamped phase), then `annealings` free ones (only
//	    the free_clamp groups clamped, exactly; the free phase); then
//	    every rule applies its change;
//	  every check_every cycles, up to solved_after completion tests (each
//	    pattern's input clamped; anneal; the output's probabilities over
//	    stat_sweeps against the target): solved when all pass.
const (
	bmRunStart = iota
	bmCycleStart
	bmAnneal   // set up an annealing: clamp, randomize
	bmSchedule // the next stage of the annealing schedule
	bmStats    // the annealing is done: the statistics sweeps
	bmStatsEnd // a cycle's statistics sweeps are done
	bmSweep    // a completion test's next sweep
	bmSweepEnd // a completion test's sweep is done
	bmRunEnd
	bmDone
)

// bmPlace is where the protocol stands.
type bmPlace struct {
	Pos          int
	Run, Attempt int
	Cur          bmRun
	Check        bool // a completion test (else a learning cycle)
	K, Half, A   int  // pattern; clamped (0) or free (1) half; annealing
	S, W, T      int  // schedule stage; test sweep; completion test
	AllOK        bool
}

func (b *boltzmannEnv) advance() (int64, bool) {
	e, st := b.e, &b.st
	for {
		switch st.Pos {
		case bmRunStart:
			if st.Run >= e.Runs {
				st.Pos = bmDone
				continue
			}
			b.resetRules()
			st.Cur, st.Attempt = bmRun{}, 0
			st.Pos = bmCycleStart
		case bmCycleStart:
			if st.Cur.cycles >= e.MaxCycles {
				st.Pos = bmRunEnd
				continue
			}
			if e.RestartAfter > 0 && st.Attempt == e.RestartAfter {
				b.resetRules()
				st.Attempt = 0
				st.Cur.restarts++
			}
			st.Attempt++
			st.Cur.cycles++
			st.Check, st.K, st.Half, st.A = false, 0, 0, 0
			st.Pos = bmAnneal
		case bmAnneal:
			row := e.Patterns[st.K]
			switch {
			case st.Check:
				b.setup(exactRow(b.inV, row), nil)
			case st.Half == 0:
				b.setup(b.noisy(b.inV, row), b.noisy(b.outV, e.Targets[st.K]))
			default:
				var in, out []float32
				if b.freeIn {
					in = exactRow(b.inV, row)
				}
				if b.freeOut {
					out = exactRow(b.outV, e.Targets[st.K])
				}
				b.setup(in, out)
			}
			st.S = 0
			st.Pos = bmSchedule
		case bmSchedule:
			if st.S < len(e.Schedule) {
				stage := e.Schedule[st.S]
				st.S++
				for _, u := range b.units {
					u.T = stage[1]
				}
				return int64(int(stage[0])) * b.sweep, true
			}
			if st.Check {
				clear(b.outSum)
				st.W = 0
				st.Pos = bmSweep
				continue
			}
			st.Pos = bmStats
		case bmStats:
			b.setPhase(1 - 2*st.Half) // clamped 1, free -1
			st.Pos = bmStatsEnd
			return int64(e.StatSweeps) * b.sweep, true
		case bmStatsEnd:
			b.setPhase(0)
			st.Pos = bmAnneal
			if st.A++; st.A < e.Annealings {
				continue
			}
			st.A = 0
			if st.Half == 0 {
				st.Half = 1
				continue
			}
			st.Half = 0
			if st.K++; st.K < len(e.Patterns) {
				continue
			}
			// The cycle is done.
			for _, r := range b.rules {
				r.Apply()
			}
			st.Pos = bmCycleStart
			if st.Cur.cycles%e.CheckEvery == 0 {
				st.Check, st.T, st.K, st.AllOK = true, 0, 0, true
				st.Pos = bmAnneal
			}
		case bmSweep:
			if st.W < e.StatSweeps {
				st.W++
				st.Pos = bmSweepEnd
				return b.sweep, true
			}
			for i, v := range b.outSum {
				if (v/float64(e.StatSweeps) >= 0.5) != (e.Targets[st.K][i] != 0) {
					st.AllOK = false
				}
			}
			st.Pos = bmAnneal
			if st.K++; st.K < len(e.Patterns) {
				continue
			}
			// A completion test is done.
			st.K = 0
			switch {
			case !st.AllOK:
				st.Check, st.Pos = false, bmCycleStart
			case st.T+1 < e.SolvedAfter:
				st.T++
			default:
				st.Cur.solved = true
				st.Pos = bmRunEnd
			}
		case bmSweepEnd:
			for i, p := range b.out.P {
				b.outSum[i] += float64(p)
			}
			st.Pos = bmSweep
		case bmRunEnd:
			b.runs = append(b.runs, st.Cur)
			st.Run++
			st.Pos = bmRunStart
		default:
			return 0, false
		}
	}
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
		case x != 0 && b.rng.Float64() < b.e.NoiseOff:
			dst[i] = 0
		case x == 0 && b.rng.Float64() < b.e.NoiseOn:
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

func (b *boltzmannEnv) Tables(int64) []Table {
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
	if b.e.RestartAfter > 0 {
		title += fmt.Sprintf(" (an attempt unsolved after %d cycles restarts from zero weights; cycles count every attempt)", b.e.RestartAfter)
	}
	return []Table{{Title: title,
		Columns: []string{"runs", "asked", "solved", "solved_share", "median_cycles", "p90_cycles", "restarts"},
		Rows:    [][]any{{len(b.runs), b.e.Runs, solved, nanNull(share), nanNull(med), nanNull(p90), restarts}}}}
}
