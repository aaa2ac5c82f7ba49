package configs

import "github.com/brainsim/brainsim/registry"

// Environments and phases (simulate mode). An [environment] is the task
// around a network: it presents stimuli to input populations, reads a
// readout population and releases rewards, at fixed steps while no region
// runs (cortex operations), so runs stay bit-identical for any GOMAXPROCS.
// [[phase]] tables split the run into a schedule; the run lasts the sum of
// the phases (experiment.duration is filled in from them).
//
//	[environment]
//	kind = "conditioning"       # brainsim list environments
//	cue = "bg.cue"              # tapped delay line: unit k on k steps after the cue
//	reward = "bg.reward"        # the reward population
//	trial = "60ms"
//	cue_at = "41ms"
//	reward_at = "54ms"
//	omit_every = 15
//
//	[[phase]]
//	name = "acquisition"
//	trials = 120
//	[[phase]]
//	name = "extinction"
//	trials = 80
//	reward = 0
//
// The kinds are the environments of the registry (package environments;
// `brainsim list environments` prints them with their keys).

// Environment is the [environment] table. Kind names an environment of
// the registry; the table's other keys decode into Params, the kind's own
// parameter struct, strictly: a key the kind does not have is an error.
type Environment struct {
	Kind string `toml:"kind,omitempty" doc:"the environment (required)"`
	// Params is the kind's parameter struct (registry.Environment.Params),
	// holding its defaults and the table's keys.
	Params any `toml:"-"`

	given []string // the keys the table sets
}

// Phase is a [[phase]] table: a part of the run.
type Phase struct {
	Name     string   `toml:"name,omitempty"`
	Trials   *int     `toml:"trials"`   // trial-based environments (conditioning, bandit): trials, or patterns: presentations
	Duration *Time    `toml:"duration"` // or a duration
	Reward   *float64 `toml:"reward"`   // rewards are scaled by this; default 1
	Learn    *bool    `toml:"learn"`    // false freezes the activity rules; default true
	// Modulators sets the tonic levels of modulators for the phase, e.g.
	// { confidence = 3 }; each needs a [[modulator]] table, and keeps its
	// level in later phases until one sets it again.
	Modulators map[string]float64 `toml:"modulators"`
}

// applyEnvDefaults fills the phases' defaults, gives an environment built
// in Go without Params its kind's defaults, and fills the run's duration
// from the phases. The defaults that depend on other keys are the kind's
// Check's to fill.
func (f *File) applyEnvDefaults() {
	e := f.Environment
	for i := range f.Phase {
		p := &f.Phase[i]
		def(&p.Reward, 1)
		def(&p.Learn, true)
	}
	if e == nil {
		return
	}
	if k := e.kind(); k != nil && e.Params == nil {
		e.Params = k.Params()
	}
	if f.Experiment.Duration == nil && len(f.Phase) > 0 {
		if d, ok := f.phaseDuration(); ok {
			f.Experiment.Duration = &d
		}
	}
}

// kind is the registry entry of the environment, nil for none or an
// unknown kind.
func (e *Environment) kind() *registry.Environment {
	if e == nil {
		return nil
	}
	k, _ := registry.LookupEnvironment(e.Kind)
	return k
}

// EndsRun reports whether the environment ends the run itself when its
// protocol is done (registry.Environment.EndsRun), so that
// experiment.duration may be left out (then the run has no other end;
// given, it is an upper bound).
func (e *Environment) EndsRun() bool {
	k := e.kind()
	return k != nil && k.EndsRun
}

// normalizes reports whether the environment scales the weights of the
// projections with a normalize key before every presentation.
func (e *Environment) normalizes() bool {
	k := e.kind()
	return k != nil && k.Normalizes
}

// confidence reports whether the environment's choices read the
// confidence modulator.
func (e *Environment) confidence() bool {
	k := e.kind()
	return k != nil && k.Confidence
}

// PeriodOf is the length of one trial (or presentation) of the
// environment, or 0.
func (e *Environment) PeriodOf() Time {
	k := e.kind()
	if k == nil || k.Period == nil || e.Params == nil {
		return 0
	}
	return Time(k.Period(e.Params))
}

// phaseDuration is the sum of the phases' durations.
func (f *File) phaseDuration() (Time, bool) {
	var d Time
	per := f.Environment.PeriodOf()
	for _, p := range f.Phase {
		switch {
		case p.Duration != nil:
			d += *p.Duration
		case p.Trials != nil && per > 0:
			d += Time(float64(*p.Trials) * float64(per))
		default:
			return 0, false
		}
	}
	return d, true
}
