package experiment

import (
	"fmt"
	"iter"
	"math"
	"math/rand/v2"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/cortex"
	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/rl"
	"github.com/brainsim/brainsim/synapse"
)

// An environment is the task around a network ([environment] in the file;
// see configs/environment.go). It acts through cortex operations: at fixed
// steps, while no region runs, it clamps input populations, reads readout
// populations and releases rewards, so runs stay bit-identical for any
// GOMAXPROCS. Its random numbers come from the stream ("environment").
type environment interface {
	// attach adds the environment's operations to the network.
	attach(m *Model) error
	// tables are the environment's result tables after steps steps.
	tables(m *Model, steps int64) []Table
}

// schedule is the run's phases: phase k covers steps [start[k],
// start[k+1]).
type schedule struct {
	names  []string
	start  []int64
	reward []float64
	learn  []bool
	trials []int64 // trials (presentations) of each phase, 0 for a duration
	mods   []map[string]float64
}

// newSchedule reads the [[phase]] tables; without any, the run is one
// phase.
func newSchedule(f *configs.File, steps int64, dt float64) *schedule {
	s := &schedule{start: []int64{0}}
	per := int64(math.Round(float64(f.Environment.PeriodOf()) / dt))
	if len(f.Phase) == 0 {
		s.names, s.reward, s.learn = []string{"run"}, []float64{1}, []bool{true}
		s.start = append(s.start, steps)
		if per > 0 {
			s.trials = []int64{steps / per}
		} else {
			s.trials = []int64{0}
		}
		return s
	}
	at := int64(0)
	for i, p := range f.Phase {
		var n, trials int64
		if p.Trials != nil {
			trials = int64(*p.Trials)
			n = trials * per
		} else {
			n = int64(math.Round(float64(*p.Duration) / dt))
		}
		at += n
		s.names = append(s.names, f.PhaseName(i))
		s.start = append(s.start, at)
		s.reward = append(s.reward, *p.Reward)
		s.learn = append(s.learn, *p.Learn)
		s.trials = append(s.trials, trials)
		s.mods = append(s.mods, p.Modulators)
	}
	return s
}

// at is the phase of step t (the last phase past the end).
func (s *schedule) at(t int64) int {
	for k := 1; k < len(s.start)-1; k++ {
		if t < s.start[k] {
			return k - 1
		}
	}
	return len(s.start) - 2
}

// environment builds the [environment] and the phase schedule.
func (m *Model) environment() error {
	f := m.file
	if f.Environment == nil {
		return nil
	}
	m.phases = newSchedule(f, m.Steps, m.Net.Dt)
	// The learning gate follows the phases.
	for k, start := range m.phases.start[:len(m.phases.start)-1] {
		learn := m.phases.learn[k]
		var mods map[string]float64
		if k < len(m.phases.mods) {
			mods = m.phases.mods[k]
		}
		if err := m.Net.AddOperation(cortex.Operation{Name: "phase " + m.phases.names[k], Offset: start,
			Run: func(int64) error {
				m.learn = learn
				for _, name := range configs.ModulatorNames {
					if x, ok := mods[name]; ok {
						i, err := modulatorIndex(name)
						if err != nil {
							return err
						}
						m.Net.SetLevel(i, x)
					}
				}
				return nil
			}}); err != nil {
			return err
		}
	}
	e := f.Environment
	steps := func(t *configs.Time) int64 { return int64(math.Round(float64(*t) / m.Net.Dt)) }
	rng := m.Net.Rand("environment")
	var env environment
	var err error
	switch e.Kind {
	case configs.EnvPatterns:
		env, err = m.patterns(e, steps, rng)
	case configs.EnvConditioning:
		env, err = m.conditioning(e, steps)
	case configs.EnvBandit:
		env, err = m.bandit(e, steps, rng)
	case configs.EnvGridworld:
		env, err = m.gridworld(e, steps, rng)
	case configs.EnvBoltzmann:
		env, err = m.boltzmann(e, steps, rng)
	case configs.EnvImages:
		env, err = m.images(e, steps)
	default:
		err = fmt.Errorf("unknown environment kind %q", e.Kind)
	}
	if err != nil {
		return err
	}
	m.env = env
	return env.attach(m)
}

// ratePop finds a rate population by name.
func (m *Model) ratePop(name string) (*neuron.Rate, error) {
	p := m.Net.Population(name)
	if p == nil {
		return nil, fmt.Errorf("unknown population %q", name)
	}
	r, ok := p.Unit.(*neuron.Rate)
	if !ok {
		return nil, fmt.Errorf("%s is a %s population; the environment clamps rate populations", name, p.Unit.Model())
	}
	return r, nil
}

// clamp holds a rate population at values the environment writes.
type clamp struct {
	pop *neuron.Rate
	v   []float32
}

func (m *Model) clampOf(name string) (*clamp, error) {
	r, err := m.ratePop(name)
	if err != nil {
		return nil, err
	}
	c := &clamp{pop: r, v: make([]float32, r.Len())}
	return c, r.SetClamp(c.v)
}

// patternsEnv presents patterns to an input population (see
// configs.Environment).
type patternsEnv struct {
	e            *configs.Environment
	present, off int64 // period, and the step within it the rest starts (present: none)
	in           *clamp
	poisson      *neuron.Poisson
	hz           []float64
	teacher      *clamp
	rng          *rand.Rand
	normal       *dataset.Normal // data gaussian
	x            []float64
	next         int
	shown        int64
	norms        []normTarget
}

func (m *Model) patterns(e *configs.Environment, steps func(*configs.Time) int64, rng *rand.Rand) (environment, error) {
	pe := &patternsEnv{e: e, present: steps(e.Present), rng: rng}
	pe.off = pe.present - steps(e.Rest)
	p := m.Net.Population(e.Input)
	if p == nil {
		return nil, fmt.Errorf("unknown population %q", e.Input)
	}
	if ps, ok := p.Unit.(*neuron.Poisson); ok {
		pe.poisson, pe.hz = ps, make([]float64, ps.Len())
	} else {
		c, err := m.clampOf(e.Input)
		if err != nil {
			return nil, err
		}
		pe.in = c
	}
	if e.Teacher != "" {
		c, err := m.clampOf(e.Teacher)
		if err != nil {
			return nil, err
		}
		pe.teacher = c
	}
	var err error
	if pe.norms, err = m.normTargets(); err != nil {
		return nil, err
	}
	if e.Data == "gaussian" {
		if pe.normal, err = dataset.NewNormal(e.Mean, e.Covariance); err != nil {
			return nil, err
		}
		pe.x = make([]float64, len(e.Covariance))
	}
	return pe, nil
}

func (pe *patternsEnv) attach(m *Model) error {
	if err := m.Net.AddOperation(cortex.Operation{Name: "patterns: present", Every: pe.present, Run: pe.show}); err != nil {
		return err
	}
	if pe.off < pe.present {
		return m.Net.AddOperation(cortex.Operation{Name: "patterns: rest", Every: pe.present, Offset: pe.off, Run: pe.rest})
	}
	return nil
}

// show presents the next pattern, after normalising the weights of the
// projections with a normalize key.
func (pe *patternsEnv) show(int64) error {
	e := pe.e
	for _, n := range pe.norms {
		n.idx.Normalize(n.p.Weights, n.total)
	}
	var x []float64
	k := 0
	switch e.Data {
	case "gaussian":
		x = pe.x
		pe.normal.Sample(pe.rng, x)
	default:
		if e.Order == "sequential" {
			k = pe.next % len(e.Patterns)
			pe.next++
		} else {
			k = pe.rng.IntN(len(e.Patterns))
		}
		x = e.Patterns[k]
	}
	pe.shown++
	if pe.teacher != nil {
		for j, t := range e.Targets[k] {
			pe.teacher.v[j] = float32(t)
		}
	}
	if pe.poisson != nil {
		for i, v := range x {
			pe.hz[i] = v * float64(*e.MaxRate)
		}
		return pe.poisson.SetRates(pe.hz)
	}
	for i, v := range x {
		pe.in.v[i] = float32(v)
	}
	return nil
}

// rest shows nothing for the rest of the presentation.
func (pe *patternsEnv) rest(int64) error {
	if pe.teacher != nil {
		clear(pe.teacher.v)
	}
	if pe.poisson != nil {
		clear(pe.hz)
		return pe.poisson.SetRates(pe.hz)
	}
	clear(pe.in.v)
	return nil
}

func (pe *patternsEnv) tables(m *Model, steps int64) []Table {
	return []Table{{Title: "environment: patterns", Columns: []string{"presented", "present_ms"},
		Rows: [][]any{{int(pe.shown), float64(pe.present) * m.Net.Dt}}}}
}

// condEnv is Pavlovian conditioning with a tapped-delay-line cue.
type condEnv struct {
	trial, cueAt, rewardAt int64
	omit                   int
	amount                 float64
	cue, reward            *clamp
	rec                    *cortex.ModRecorder
}

func (m *Model) conditioning(e *configs.Environment, steps func(*configs.Time) int64) (environment, error) {
	c := &condEnv{trial: steps(e.Trial), cueAt: steps(e.CueAt), rewardAt: steps(e.RewardAt), omit: *e.OmitEvery, amount: *e.Amount}
	var err error
	if c.cue, err = m.clampOf(e.Cue); err != nil {
		return nil, err
	}
	if c.reward, err = m.clampOf(e.Reward); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *condEnv) attach(m *Model) error {
	c.rec = m.Net.RecordModulator(synapse.Dopamine, 1)
	return m.Net.AddOperation(cortex.Operation{Name: "conditioning", Every: 1, Run: func(s int64) error {
		k, t := s/c.trial, s%c.trial
		clear(c.cue.v)
		if d := t - c.cueAt; d >= 0 && d < int64(len(c.cue.v)) {
			c.cue.v[d] = 1
		}
		r := 0.0
		if t == c.rewardAt && !(c.omit > 0 && (k+1)%int64(c.omit) == 0) {
			r = c.amount * m.phases.reward[m.phases.at(s)]
		}
		for i := range c.reward.v {
			c.reward.v[i] = 0
		}
		c.reward.v[0] = float32(r)
		return nil
	}})
}

// protocol is the rl description of the run: acquisition is every trial
// before the first phase without reward.
func (c *condEnv) protocol(m *Model) rl.Conditioning {
	p := rl.Conditioning{Steps: int(c.trial), Cue: int(c.cueAt), RewardStep: int(c.rewardAt), Reward: c.amount, OmitEvery: c.omit}
	for k := range m.phases.reward {
		if m.phases.reward[k] == 0 {
			break
		}
		p.Trials += int((m.phases.start[k+1] - m.phases.start[k]) / c.trial)
	}
	total := int(m.phases.start[len(m.phases.start)-1] / c.trial)
	p.Extinction = total - p.Trials
	return p
}

// deltas reads δ per trial and step from the dopamine level: the level
// above its tonic level criticLag steps after the step it refers to (NaN
// for the last steps of the run, whose δ has not reached the level when
// the run ends).
func (c *condEnv) deltas(m *Model, steps int64) [][]float64 {
	base := m.Net.ModBase[synapse.Dopamine]
	var out [][]float64
	for k := int64(0); (k+1)*c.trial <= steps; k++ {
		row := make([]float64, c.trial)
		for t := range row {
			row[t] = math.NaN()
			if s := k*c.trial + int64(t) + m.criticLag; s < int64(len(c.rec.Levels)) {
				row[t] = c.rec.Levels[s] - base
			}
		}
		out = append(out, row)
	}
	return out
}

func (c *condEnv) tables(m *Model, steps int64) []Table {
	if m.criticLag == 0 {
		return nil
	}
	p := c.protocol(m)
	d := c.deltas(m, steps)
	if len(d) == 0 {
		return nil
	}
	r := rl.Summarize(p, d)
	ms := func(step int) float64 { return float64(step) * m.Net.Dt }
	return []Table{{Title: fmt.Sprintf("conditioning: dopamine above its tonic level (δ of the critic, read %d steps later)", m.criticLag),
		Columns: []string{"trials", "first_reward", "first_peak_ms", "transfer_trial", "at_cue", "at_reward", "omission", "omission_dip_ms", "extinction_cue", "reproduces"},
		Rows:    [][]any{{len(d), r.FirstReward, ms(r.FirstPeak), r.Transfer, r.Cue, r.AtReward, nanNull(r.Omission), ms(r.OmissionDip), nanNull(r.ExtinctionCue), r.Reproduces(p)}}}}
}

// nanNull turns NaN into nil (a table cell without a value).
func nanNull(x float64) any {
	if math.IsNaN(x) {
		return nil
	}
	return x
}

// banditEnv is an n-armed bandit played trial by trial by an actor
// population.
type banditEnv struct {
	trial, choose, outcome int64
	beta, drift            float64
	window                 int
	context, actor, reward *clamp
	rng                    *rand.Rand
	mean                   []float64
	pi                     []float64
	choice                 int
	// per trial: the choice was optimal, the reward, the choice was not
	// the arm the actor preferred most (exploration)
	optimal  []bool
	rewards  []float64
	explored []bool
	m        *Model
}

func (m *Model) bandit(e *configs.Environment, steps func(*configs.Time) int64, rng *rand.Rand) (environment, error) {
	b := &banditEnv{trial: steps(e.Trial), choose: steps(e.ChooseAt), outcome: steps(e.Outcome), beta: *e.Beta, drift: *e.Drift, rng: rng, m: m}
	if e.Window != nil {
		b.window = *e.Window
	}
	var err error
	if b.context, err = m.clampOf(e.Context); err != nil {
		return nil, err
	}
	if b.actor, err = m.clampOf(e.Actor); err != nil {
		return nil, err
	}
	if b.reward, err = m.clampOf(e.Reward); err != nil {
		return nil, err
	}
	b.mean = make([]float64, *e.Arms)
	for i := range b.mean {
		b.mean[i] = rng.NormFloat64()
	}
	b.pi = make([]float64, *e.Arms)
	return b, nil
}

func (b *banditEnv) attach(m *Model) error {
	return m.Net.AddOperation(cortex.Operation{Name: "bandit", Every: 1, Run: b.step})
}

func (b *banditEnv) step(s int64) error {
	t := s % b.trial
	b.reward.v[0] = 0
	switch {
	case t == 0:
		b.context.v[0] = 1
		clear(b.actor.v)
	case t == b.choose+1:
		// Read the preferences, the actor's free activity at step choose,
		// and commit: the actor shows the arm taken.
		var top int
		b.choice, top = choose(b.actor.pop.Free, b.beta*(1+b.m.Net.ModAt(s)[synapse.Confidence]), b.pi, b.rng)
		b.explored = append(b.explored, b.choice != top)
		clear(b.actor.v)
		b.actor.v[b.choice] = 1
	case t == b.outcome:
		best := 0
		for i, mu := range b.mean {
			if mu > b.mean[best] {
				best = i
			}
		}
		r := b.mean[b.choice] + b.rng.NormFloat64()
		b.optimal = append(b.optimal, b.mean[b.choice] == b.mean[best])
		b.rewards = append(b.rewards, r)
		b.reward.v[0] = float32(r * b.m.phases.reward[b.m.phases.at(s)])
		b.context.v[0] = 0
		clear(b.actor.v)
		if b.drift > 0 {
			for i := range b.mean {
				b.mean[i] += b.drift * b.rng.NormFloat64()
			}
		}
	}
	return nil
}

// choose draws an action from softmax(beta·pref), pi its scratch (one
// per action), and returns it and the most preferred action (the first on
// ties): an actor population's choice in the bandit and grid world, beta
// the inverse temperature beta·(1 + confidence).
func choose(pref []float32, beta float64, pi []float64, rng *rand.Rand) (choice, top int) {
	hi := math.Inf(-1)
	for _, h := range pref {
		hi = max(hi, beta*float64(h))
	}
	sum := 0.0
	for i, h := range pref {
		pi[i] = math.Exp(beta*float64(h) - hi)
		sum += pi[i]
	}
	u := rng.Float64() * sum
	choice = len(pi) - 1
	for i, p := range pi {
		if u < p {
			choice = i
			break
		}
		u -= p
	}
	for i, h := range pref {
		if h > pref[top] {
			top = i
		}
	}
	return choice, top
}

// scores returns the share of optimal choices, the mean reward and the
// share of exploratory choices (not the actor's most preferred arm) over
// the last window trials of every phase (a tenth of its trials by
// default).
func (b *banditEnv) scores(m *Model) (names []string, opt, rew, expl []float64) {
	first := 0
	for k := range m.phases.names {
		n := int(m.phases.trials[k])
		last := min(first+n, len(b.optimal))
		w := b.window
		if w == 0 {
			w = max(n/10, 1)
		}
		lo := max(last-w, first)
		if last > lo {
			o, r, x := 0.0, 0.0, 0.0
			for i := lo; i < last; i++ {
				if b.optimal[i] {
					o++
				}
				if b.explored[i] {
					x++
				}
				r += b.rewards[i]
			}
			n := float64(last - lo)
			names = append(names, m.phases.names[k])
			opt = append(opt, o/n)
			rew = append(rew, r/n)
			expl = append(expl, x/n)
		}
		first += n
	}
	return
}

func (b *banditEnv) tables(m *Model, steps int64) []Table {
	names, opt, rew, expl := b.scores(m)
	t := Table{Title: "bandit: the last tenth of every phase", Columns: []string{"phase", "trials", "optimal_choice", "mean_reward", "exploration"}}
	if b.window > 0 {
		t.Title = fmt.Sprintf("bandit: the last %d trials of every phase", b.window)
	}
	for k := range names {
		t.Rows = append(t.Rows, []any{names[k], int(m.phases.trials[k]), opt[k], rew[k], expl[k]})
	}
	return []Table{t}
}

// protocol runs a program, a function that acts on the network while no
// region runs and yields the steps to simulate before it acts again, as a
// cortex operation every `every` steps (a coroutine: the program reads as
// the protocol it is). When the program returns, the operation stops the
// run (cortex.ErrStop).
type protocol struct {
	next     int64 // step at which the program resumes
	resume   func() (int64, bool)
	stop     func()
	finished bool
}

// start adds the program as an operation of m's network.
func (p *protocol) start(m *Model, name string, every int64, program func(yield func(int64) bool)) error {
	p.resume, p.stop = iter.Pull(program)
	return m.Net.AddOperation(cortex.Operation{Name: name, Every: every, Run: func(s int64) error {
		if s < p.next {
			return nil
		}
		n, ok := p.resume()
		if !ok {
			p.finished = true
			p.stop()
			return cortex.ErrStop
		}
		p.next = s + n
		return nil
	}})
}

// end releases an unfinished program (a run cut short).
func (p *protocol) end() {
	if p.stop != nil && !p.finished {
		p.stop()
		p.finished = true
	}
}
