package rl

import (
	"errors"
	"math"
)

// Conditioning is a classical (Pavlovian) conditioning protocol. Steps
// and trials are indexed as PsyNeuLink's MontagueDayanSejnowski96.py
// indexes them: steps 0 .. Steps−1 within a trial.
type Conditioning struct {
	Steps      int     // time steps per trial (60)
	Cue        int     // the cue (CS) is on from this step to the end of the trial (41)
	RewardStep int     // the reward (US) arrives at this step (54)
	Reward     float64 // its size (1)
	// Trials is the number of acquisition trials; trial k (1-based) is an
	// omission trial, without reward, when OmitEvery > 0 and k is a
	// multiple of OmitEvery (15: trials 15, 30, 45, …, PsyNeuLink's
	// 0-based {14, 29, 44, …}).
	Trials    int
	OmitEvery int
	// Extinction is the number of trials after acquisition with the cue
	// and no reward.
	Extinction int
}

// MDS96 is the protocol of Montague, Dayan & Sejnowski (1996, Fig. 5A/C)
// as PsyNeuLink recreates it: 60 steps, cue from step 41, reward 1 at
// step 54, an omission every 15 trials, 120 acquisition trials, then 80
// trials of extinction.
func MDS96() Conditioning {
	return Conditioning{Steps: 60, Cue: 41, RewardStep: 54, Reward: 1, Trials: 120, OmitEvery: 15, Extinction: 80}
}

// Validate reports a protocol that cannot run.
func (p Conditioning) Validate() error {
	switch {
	case p.Steps < 2:
		return errors.New("rl: conditioning needs at least 2 steps per trial")
	case p.Cue < 1 || p.Cue >= p.Steps:
		return errors.New("rl: the cue step must be in [1, steps)")
	case p.RewardStep <= p.Cue || p.RewardStep >= p.Steps:
		return errors.New("rl: the reward step must be after the cue and before the end of the trial")
	case p.Trials < 1 || p.Extinction < 0 || p.OmitEvery < 0:
		return errors.New("rl: conditioning needs trials >= 1, extinction >= 0, omit_every >= 0")
	}
	return nil
}

// Omitted reports whether acquisition trial k (1-based) is an omission
// trial.
func (p Conditioning) Omitted(k int) bool { return p.OmitEvery > 0 && k%p.OmitEvery == 0 }

// Transfer criteria: the response has moved from the reward to the cue
// when δ at the cue is at least TransferCue and |δ| at the reward at most
// TransferReward (on a rewarded trial).
const (
	TransferCue    = 0.9
	TransferReward = 0.1
)

// ConditioningResult is the prediction error of every trial of a
// conditioning run and the figures read from it.
type ConditioningResult struct {
	// Delta[k][t] is δ (the dopamine level) at step t of trial k+1:
	// acquisition trials first, then extinction trials.
	Delta [][]float64
	// FirstReward is δ at the reward step of trial 1 (before learning)
	// and FirstPeak the step of its largest δ.
	FirstReward float64
	FirstPeak   int
	// Transfer is the first rewarded trial (1-based) with δ at the cue ≥
	// TransferCue and |δ at the reward| ≤ TransferReward; 0 if none.
	Transfer int
	// Cue and AtReward are δ at the cue and at the reward step on the
	// last rewarded acquisition trial.
	Cue, AtReward float64
	// Omission is δ at the reward step on the last omission trial of
	// acquisition (NaN without omissions) and OmissionDip the step of
	// that trial's most negative δ.
	Omission    float64
	OmissionDip int
	// ExtinctionCue is δ at the cue on the last extinction trial (NaN
	// without extinction).
	ExtinctionCue float64
}

// RunConditioning runs protocol p with a TD critic (learning rate alpha,
// discount gamma, trace decay lambda) over a complete serial compound: one
// feature per step since cue onset. δ of step t is r(t) + γ·V(t) − V(t−1)
// with V = 0 before the cue (and at t = 0).
func RunConditioning(p Conditioning, alpha, gamma, lambda float64) (*ConditioningResult, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	c := NewTD(p.Steps-p.Cue, alpha, gamma, lambda)
	var deltas [][]float64
	for k := 1; k <= p.Trials+p.Extinction; k++ {
		reward := p.Reward
		if k > p.Trials || p.Omitted(k) {
			reward = 0
		}
		delta := make([]float64, p.Steps)
		c.Reset()
		prev := -1
		for t := range p.Steps {
			cur := -1
			if t >= p.Cue {
				cur = t - p.Cue
			}
			r := 0.0
			if t == p.RewardStep {
				r = reward
			}
			delta[t] = c.Step(prev, cur, r)
			prev = cur
		}
		deltas = append(deltas, delta)
	}
	return Summarize(p, deltas), nil
}

// Summarize reads the figures of a conditioning run from its prediction
// errors: delta[k][t] is δ (the dopamine level above its tonic level) at
// step t of trial k+1 of protocol p, acquisition trials first, then
// extinction trials; a run cut short has fewer trials.
func Summarize(p Conditioning, delta [][]float64) *ConditioningResult {
	res := &ConditioningResult{Delta: delta, Omission: math.NaN(), ExtinctionCue: math.NaN()}
	lastRewarded := -1
	for i, d := range delta {
		k := i + 1
		switch {
		case k > p.Trials:
			res.ExtinctionCue = d[p.Cue]
		case p.Omitted(k):
			res.Omission = d[p.RewardStep]
			res.OmissionDip = argmin(d)
		default:
			lastRewarded = i
			if res.Transfer == 0 && d[p.Cue] >= TransferCue && math.Abs(d[p.RewardStep]) <= TransferReward {
				res.Transfer = k
			}
		}
	}
	if len(delta) > 0 {
		first := delta[0]
		res.FirstReward, res.FirstPeak = first[p.RewardStep], argmax(first)
	}
	if lastRewarded >= 0 {
		res.Cue, res.AtReward = delta[lastRewarded][p.Cue], delta[lastRewarded][p.RewardStep]
	}
	return res
}

// argmax is the index of the first largest element of xs.
func argmax(xs []float64) int {
	b := 0
	for i, x := range xs {
		if x > xs[b] {
			b = i
		}
	}
	return b
}

// argmin is the index of the first smallest element of xs.
func argmin(xs []float64) int {
	b := 0
	for i, x := range xs {
		if x < xs[b] {
			b = i
		}
	}
	return b
}

// Thresholds of the four signatures of a TD dopamine model (Montague,
// Dayan & Sejnowski 1996; Schultz, Dayan & Montague 1997) that Reproduces
// checks.
const (
	FirstRewardMin   = 0.9  // before learning δ at the reward is about 1
	OmissionMax      = -0.5 // the dip at the omitted reward
	ExtinctionCueMax = 0.2  // the cue response after extinction
)

// Reproduces reports whether the run shows the four signatures: before
// learning δ peaks at the reward step with at least FirstRewardMin; after
// training the response has moved to the cue (Transfer > 0, and on the
// last rewarded trial δ at the cue ≥ TransferCue and |δ at the reward| ≤
// TransferReward); on omission trials δ dips to OmissionMax or below,
// deepest at the reward step (when p has omissions); under extinction the
// cue response falls below ExtinctionCueMax (when p has extinction).
func (r *ConditioningResult) Reproduces(p Conditioning) bool {
	ok := r.FirstPeak == p.RewardStep && r.FirstReward >= FirstRewardMin &&
		r.Transfer > 0 && r.Cue >= TransferCue && math.Abs(r.AtReward) <= TransferReward
	if p.OmitEvery > 0 && p.OmitEvery <= p.Trials {
		ok = ok && r.Omission <= OmissionMax && r.OmissionDip == p.RewardStep
	}
	if p.Extinction > 0 {
		ok = ok && r.ExtinctionCue < ExtinctionCueMax
	}
	return ok
}
