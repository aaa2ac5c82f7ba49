package environments

import (
	"fmt"
	"math"

	"github.com/brainsim/brainsim/cortex"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/rl"
	"github.com/brainsim/brainsim/synapse"
	"github.com/brainsim/brainsim/units"
)

// Conditioning are the keys of kind conditioning: Pavlovian conditioning
// (Montague, Dayan & Sejnowski 1996). Each trial the cue population (a
// tapped delay line, unit k on at cue_at + k·dt) and, at reward_at, the
// reward population at `amount` (× the phase's reward), except on every
// omit_every-th trial.
type Conditioning struct {
	Cue       string      `toml:"cue,omitempty" doc:"the cue population, a tapped delay line: unit k on k steps after cue_at (required)"`
	Reward    string      `toml:"reward,omitempty" doc:"the reward population (required)"`
	Trial     *units.Time `toml:"trial" doc:"the length of a trial (required)"`
	CueAt     *units.Time `toml:"cue_at" doc:"the cue's time within the trial (default trial/2)"`
	RewardAt  *units.Time `toml:"reward_at" doc:"the reward's time within the trial (required)"`
	OmitEvery int         `toml:"omit_every" doc:"omit the reward on every omit_every-th trial (0: never)"`
	Amount    float64     `toml:"amount" doc:"the reward's size"`
}

func init() {
	registry.RegisterEnvironment(registry.Environment{
		Name:   "conditioning",
		Doc:    "Pavlovian trials of a cue and a reward; the result reads the critic's dopamine",
		Params: func() any { return &Conditioning{Amount: 1} },
		Period: func(pa any) float64 { return trialMS(pa.(*Conditioning).Trial) },
		Check: func(pa any, c *registry.Check) {
			e := pa.(*Conditioning)
			if e.Trial != nil && e.CueAt == nil {
				e.CueAt = new(*e.Trial / 2)
			}
			tc := newTrialCheck(c, e.Trial)
			pop(c, "cue", e.Cue, -1)
			pop(c, "reward", e.Reward, -1)
			cue := tc.inTrial("cue_at", e.CueAt, true)
			rew := tc.inTrial("reward_at", e.RewardAt, true)
			if cue >= 0 && rew >= 0 && rew <= cue {
				c.Errf("reward_at", "%s is not after cue_at %s", *e.RewardAt, *e.CueAt)
			}
			if e.OmitEvery < 0 {
				c.Errf("omit_every", "must be >= 0, got %d", e.OmitEvery)
			}
			if math.IsNaN(e.Amount) || math.IsInf(e.Amount, 0) {
				c.Errf("amount", "must be finite, got %v", e.Amount)
			}
		},
		Build: func(pa any, h registry.EnvHost) (registry.Env, error) {
			e := pa.(*Conditioning)
			c := &condEnv{h: h, trial: h.Steps(float64(*e.Trial)), cueAt: h.Steps(float64(*e.CueAt)), rewardAt: h.Steps(float64(*e.RewardAt)), omit: e.OmitEvery, amount: e.Amount}
			var err error
			if c.cue, err = h.Clamp(e.Cue); err != nil {
				return nil, err
			}
			if c.reward, err = h.Clamp(e.Reward); err != nil {
				return nil, err
			}
			return c, nil
		},
	})
}

// trialMS is the length of a trial in ms, 0 when not given.
func trialMS(t *units.Time) float64 {
	if t == nil {
		return 0
	}
	return float64(*t)
}

// condEnv is Pavlovian conditioning with a tapped-delay-line cue.
type condEnv struct {
	h                      registry.EnvHost
	trial, cueAt, rewardAt int64
	omit                   int
	amount                 float64
	cue, reward            *registry.Clamp
	rec                    *cortex.ModRecorder
}

func (c *condEnv) Attach() error {
	net, ph := c.h.Net(), c.h.Phases()
	c.rec = net.RecordModulator(synapse.Dopamine, 1)
	return net.AddOperation(cortex.Operation{Name: "conditioning", Every: 1, Run: func(s int64) error {
		k, t := s/c.trial, s%c.trial
		clear(c.cue.V)
		if d := t - c.cueAt; d >= 0 && d < int64(len(c.cue.V)) {
			c.cue.V[d] = 1
		}
		r := 0.0
		if t == c.rewardAt && !(c.omit > 0 && (k+1)%int64(c.omit) == 0) {
			r = c.amount * ph.Reward[ph.At(s)]
		}
		for i := range c.reward.V {
			c.reward.V[i] = 0
		}
		c.reward.V[0] = float32(r)
		return nil
	}})
}

// protocol is the rl description of the run: acquisition is every trial
// before the first phase without reward.
func (c *condEnv) protocol() rl.Conditioning {
	ph := c.h.Phases()
	p := rl.Conditioning{Steps: int(c.trial), Cue: int(c.cueAt), RewardStep: int(c.rewardAt), Reward: c.amount, OmitEvery: c.omit}
	for k := range ph.Reward {
		if ph.Reward[k] == 0 {
			break
		}
		p.Trials += int((ph.Start[k+1] - ph.Start[k]) / c.trial)
	}
	total := int(ph.Start[len(ph.Start)-1] / c.trial)
	p.Extinction = total - p.Trials
	return p
}

// deltas reads δ per trial and step from the dopamine level: the level
// above its tonic level lag steps after the step it refers to (NaN for
// the last steps of the run, whose δ has not reached the level when the
// run ends).
func (c *condEnv) deltas(steps, lag int64) [][]float64 {
	base := c.h.Net().ModBase[synapse.Dopamine]
	var out [][]float64
	for k := int64(0); (k+1)*c.trial <= steps; k++ {
		row := make([]float64, c.trial)
		for t := range row {
			row[t] = math.NaN()
			if s := k*c.trial + int64(t) + lag; s < int64(len(c.rec.Levels)) {
				row[t] = c.rec.Levels[s] - base
			}
		}
		out = append(out, row)
	}
	return out
}

func (c *condEnv) Tables(steps int64) []Table {
	lag := c.h.CriticLag()
	if lag == 0 {
		return nil
	}
	p := c.protocol()
	d := c.deltas(steps, lag)
	if len(d) == 0 {
		return nil
	}
	r := rl.Summarize(p, d)
	ms := func(step int) float64 { return float64(step) * c.h.Net().Dt }
	return []Table{{Title: fmt.Sprintf("conditioning: dopamine above its tonic level (δ of the critic, read %d steps later)", lag),
		Columns: []string{"trials", "first_reward", "first_peak_ms", "transfer_trial", "at_cue", "at_reward", "omission", "omission_dip_ms", "extinction_cue", "reproduces"},
		Rows:    [][]any{{len(d), r.FirstReward, ms(r.FirstPeak), r.Transfer, r.Cue, r.AtReward, nanNull(r.Omission), ms(r.OmissionDip), nanNull(r.ExtinctionCue), r.Reproduces(p)}}}}
}
