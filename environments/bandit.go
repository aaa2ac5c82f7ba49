package environments

import (
	"fmt"
	"math/rand/v2"

	"github.com/brainsim/brainsim/cortex"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/synapse"
	"github.com/brainsim/brainsim/units"
)

// Bandit are the keys of kind bandit: an n-armed bandit trial by trial.
// The context population (size 1) is on from the start of the trial to
// `outcome`; at `choose_at` the actor population (size arms) is read and
// an arm drawn from softmax(β·activity) with β = beta·(1 + confidence);
// the actor is then clamped to the chosen arm (one-hot) until the
// outcome and to 0 otherwise; at `outcome` the reward population shows
// the arm's reward, drawn from N(mean, 1) with means ~ N(0, 1) (Sutton &
// Barto's testbed).
type Bandit struct {
	Context  string      `toml:"context,omitempty" doc:"a population of one unit, on from the start of the trial to the outcome (required)"`
	Actor    string      `toml:"actor,omitempty" doc:"one unit per arm: its free activity at choose_at are the preferences (required)"`
	Reward   string      `toml:"reward,omitempty" doc:"the reward population (required)"`
	Arms     int         `toml:"arms" doc:"the number of arms"`
	Trial    *units.Time `toml:"trial" doc:"the length of a trial (required)"`
	ChooseAt *units.Time `toml:"choose_at" doc:"the time within the trial the actor is read (required)"`
	Outcome  *units.Time `toml:"outcome" doc:"the time within the trial the reward is shown (required)"`
	Beta     float64     `toml:"beta" doc:"the inverse temperature of the choice"`
	Drift    float64     `toml:"drift" doc:"the sd of the random walk of the arms' means per trial"`
	Window   *int        `toml:"window" doc:"the trials scored at the end of every phase (default a tenth of the phase's)"`
}

func init() {
	registry.RegisterEnvironment(registry.Environment{
		Name:       "bandit",
		Doc:        "an n-armed bandit played trial by trial by an actor population (Sutton & Barto's testbed)",
		Confidence: true,
		Params:     func() any { return &Bandit{Arms: 10, Beta: 1} },
		Period:     func(pa any) float64 { return trialMS(pa.(*Bandit).Trial) },
		Check:      checkBandit,
		Build:      buildBandit,
	})
}

func checkBandit(pa any, c *registry.Check) {
	e := pa.(*Bandit)
	tc := newTrialCheck(c, e.Trial)
	arms := -1
	if e.Arms < 2 {
		c.Errf("arms", "must be >= 2, got %d", e.Arms)
	} else {
		arms = e.Arms
	}
	pop(c, "context", e.Context, 1)
	pop(c, "actor", e.Actor, arms)
	pop(c, "reward", e.Reward, -1)
	ch := tc.inTrial("choose_at", e.ChooseAt, true)
	out := tc.inTrial("outcome", e.Outcome, true)
	if ch >= 0 && out >= 0 && out <= ch+1 {
		c.Errf("outcome", "%s must be at least two steps after choose_at %s (the choice is read one step after choose_at)", *e.Outcome, *e.ChooseAt)
	}
	if !(e.Drift >= 0) {
		c.Errf("drift", "must be >= 0, got %v", e.Drift)
	}
	betaWindow(c, e.Beta, e.Window)
}

// banditEnv is an n-armed bandit played trial by trial by an actor
// population.
type banditEnv struct {
	h                      registry.EnvHost
	trial, choose, outcome int64
	beta, drift            float64
	window                 int
	context, actor, reward *registry.Clamp
	rng                    *rand.Rand
	mean                   []float64
	pi                     []float64
	choice                 int
	// per trial: the choice was optimal, the reward, the choice was not
	// the arm the actor preferred most (exploration)
	optimal  []bool
	rewards  []float64
	explored []bool
}

func buildBandit(pa any, h registry.EnvHost) (registry.Env, error) {
	e := pa.(*Bandit)
	rng := h.Rand()
	b := &banditEnv{h: h, trial: h.Steps(float64(*e.Trial)), choose: h.Steps(float64(*e.ChooseAt)), outcome: h.Steps(float64(*e.Outcome)), beta: e.Beta, drift: e.Drift, rng: rng}
	if e.Window != nil {
		b.window = *e.Window
	}
	var err error
	if b.context, err = h.Clamp(e.Context); err != nil {
		return nil, err
	}
	if b.actor, err = h.Clamp(e.Actor); err != nil {
		return nil, err
	}
	if b.reward, err = h.Clamp(e.Reward); err != nil {
		return nil, err
	}
	b.mean = make([]float64, e.Arms)
	for i := range b.mean {
		b.mean[i] = rng.NormFloat64()
	}
	b.pi = make([]float64, e.Arms)
	return b, nil
}

func (b *banditEnv) Attach() error {
	return b.h.Net().AddOperation(cortex.Operation{Name: "bandit", Every: 1, Run: b.step})
}

func (b *banditEnv) step(s int64) error {
	t := s % b.trial
	b.reward.V[0] = 0
	switch {
	case t == 0:
		b.context.V[0] = 1
		clear(b.actor.V)
	case t == b.choose+1:
		// Read the preferences, the actor's free activity at step choose,
		// and commit: the actor shows the arm taken.
		var top int
		b.choice, top = choose(b.actor.Pop.Free, b.beta*(1+b.h.Net().ModAt(s)[synapse.Confidence]), b.pi, b.rng)
		b.explored = append(b.explored, b.choice != top)
		clear(b.actor.V)
		b.actor.V[b.choice] = 1
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
		ph := b.h.Phases()
		b.reward.V[0] = float32(r * ph.Reward[ph.At(s)])
		b.context.V[0] = 0
		clear(b.actor.V)
		if b.drift > 0 {
			for i := range b.mean {
				b.mean[i] += b.drift * b.rng.NormFloat64()
			}
		}
	}
	return nil
}

// scores returns the share of optimal choices, the mean reward and the
// share of exploratory choices (not the actor's most preferred arm) over
// the last window trials of every phase (a tenth of its trials by
// default).
func (b *banditEnv) scores() (names []string, opt, rew, expl []float64) {
	ph := b.h.Phases()
	first := 0
	for k := range ph.Names {
		n := int(ph.Trials[k])
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
			names = append(names, ph.Names[k])
			opt = append(opt, o/n)
			rew = append(rew, r/n)
			expl = append(expl, x/n)
		}
		first += n
	}
	return
}

func (b *banditEnv) Tables(int64) []Table {
	names, opt, rew, expl := b.scores()
	t := Table{Title: "bandit: the last tenth of every phase", Columns: []string{"phase", "trials", "optimal_choice", "mean_reward", "exploration"}}
	if b.window > 0 {
		t.Title = fmt.Sprintf("bandit: the last %d trials of every phase", b.window)
	}
	ph := b.h.Phases()
	for k := range names {
		t.Rows = append(t.Rows, []any{names[k], int(ph.Trials[k]), opt[k], rew[k], expl[k]})
	}
	return []Table{t}
}
