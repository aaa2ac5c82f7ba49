package configs

import (
	"fmt"
	"github.com/brainsim/brainsim/registry"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// wholeSteps converts a time to whole steps, or reports it is not a multiple of
// dt.
func (v *validator) wholeSteps(p keyPath, t *Time, what string) (int64, bool) {
	if t == nil {
		return 0, false
	}
	s := float64(*t) / v.dt
	if !(s >= 0) || math.Abs(s-math.Round(s)) > 1e-6 {
		v.errf(p, "%s %s is not a whole number of steps of dt (%s)", what, *t, Time(v.dt))
		return 0, false
	}
	return int64(math.Round(s)), true
}

// environment checks the [[phase]]s and the [environment]: its kind, its
// keys and the kind's own checks.
func (v *validator) environment() {
	f := v.f
	e := f.Environment
	ep := keyPath{}.key("environment")
	v.phases()
	if e == nil {
		return
	}
	if f.Experiment.Mode == ModeTrain {
		v.errf(ep, "an [environment] runs in simulate mode; train mode has [[task]]s")
		return
	}
	if !contains(envKinds, e.Kind) {
		v.errf(ep.key("kind"), "%s", oneOf("environment kind", e.Kind, envKinds))
		return
	}
	v.onlyKeys(ep, reflect.ValueOf(e).Elem(), append([]string{"kind"}, envKeys[e.Kind]...), "environment kind "+e.Kind)
	if len(f.Phase) > 0 && f.Experiment.Duration != nil {
		if d, ok := f.phaseDuration(); ok && math.Abs(float64(d-*f.Experiment.Duration)) > 1e-9*float64(d) {
			v.errf(keyPath{}.key("experiment").key("duration"), "%s, but the phases last %s; leave duration out to run the phases", *f.Experiment.Duration, d)
		}
	}
	c := &envCheck{v: v, e: e, ep: ep}
	switch e.Kind {
	case EnvBoltzmann:
		v.boltzmannEnv(ep, e)
		return
	case EnvImages:
		v.imagesEnv(ep, e)
		return
	case EnvPatterns:
		v.patternsEnv(ep, e, c.pop)
		return
	}
	if e.Trial == nil {
		v.errf(ep.key("trial"), "required, the length of a trial, e.g. trial = \"60ms\"")
	} else if s, ok := v.wholeSteps(ep.key("trial"), e.Trial, "trial"); ok {
		if s < 2 {
			v.errf(ep.key("trial"), "a trial needs at least 2 steps, got %s", *e.Trial)
		}
		c.trial = s
	}
	switch e.Kind {
	case EnvConditioning:
		c.conditioning()
	case EnvBandit:
		c.bandit()
	case EnvGridworld:
		c.gridworld()
	}
}

// phases checks the [[phase]]s.
func (v *validator) phases() {
	f := v.f
	for i := range f.Phase {
		p := &f.Phase[i]
		pp := keyPath{}.key("phase").idx(i)
		if f.Environment == nil {
			v.errf(pp, "[[phase]] needs an [environment] to schedule")
			break
		}
		switch {
		case p.Trials != nil && p.Duration != nil:
			v.errf(pp.key("trials"), "give trials or duration, not both")
		case p.Trials != nil && *p.Trials < 1:
			v.errf(pp.key("trials"), "must be >= 1, got %d", *p.Trials)
		case p.Duration != nil:
			if n, ok := v.wholeSteps(pp.key("duration"), p.Duration, "duration"); ok && n < 1 {
				v.errf(pp.key("duration"), "must be at least dt (%s)", Time(v.dt))
			}
		case p.Trials == nil:
			v.errf(pp.key("trials"), "required (or duration)")
		}
		if p.Reward != nil && (math.IsNaN(*p.Reward) || math.IsInf(*p.Reward, 0)) {
			v.errf(pp.key("reward"), "must be finite, got %v", *p.Reward)
		}
		for _, name := range slices.Sorted(maps.Keys(p.Modulators)) {
			x := p.Modulators[name]
			switch {
			case !contains(ModulatorNames, name):
				v.errf(pp.key("modulators").key(name), "%s", oneOf("modulator", name, ModulatorNames))
			case !f.HasModulator(name):
				v.errf(pp.key("modulators").key(name), "needs a [[modulator]] table named %s", name)
			case math.IsNaN(x) || math.IsInf(x, 0):
				v.errf(pp.key("modulators").key(name), "must be finite, got %v", x)
			}
		}
	}
}

// envCheck checks the keys of a trial-based environment.
type envCheck struct {
	v     *validator
	e     *Environment
	ep    keyPath
	trial int64 // steps per trial; 0 when unknown
}

// pop checks a population reference: it exists, is a rate population
// (or one of the other models allowed) and, when size >= 0, has that
// many units.
func (c *envCheck) pop(key, ref string, size int, models ...string) *Population {
	if len(models) == 0 {
		models = []string{ModelRate}
	}
	p, ok := c.v.lookupPop(c.ep.key(key), ref)
	if !ok {
		return nil
	}
	if !contains(models, p.p.Model) {
		c.v.errf(c.ep.key(key), "%q is a %s population; the environment drives %s populations here", ref, p.p.Model, strings.Join(models, " or "))
		return nil
	}
	if size >= 0 && p.p.Size != nil && *p.p.Size != size {
		c.v.errf(c.ep.key(key), "%q has %d units, want %d", ref, *p.p.Size, size)
	}
	return p.p
}

// inTrial checks a time within the trial and returns it in steps (-1
// when missing or bad).
func (c *envCheck) inTrial(key string, t *Time, required bool) int64 {
	if t == nil {
		if required {
			c.v.errf(c.ep.key(key), "required")
		}
		return -1
	}
	s, ok := c.v.wholeSteps(c.ep.key(key), t, key)
	if ok && c.trial > 0 && s >= c.trial {
		c.v.errf(c.ep.key(key), "%s is not within the trial (%s)", *t, *c.e.Trial)
		return -1
	}
	if !ok {
		return -1
	}
	return s
}

// beta and window check the choice temperature and the scoring window.
func (c *envCheck) betaWindow() {
	e, v, ep := c.e, c.v, c.ep
	if e.Beta != nil && !(*e.Beta >= 0) || e.Beta != nil && math.IsInf(*e.Beta, 0) {
		v.errf(ep.key("beta"), "must be finite and >= 0, got %v", *e.Beta)
	}
	if e.Window != nil && *e.Window < 1 {
		v.errf(ep.key("window"), "must be >= 1, got %d", *e.Window)
	}
}

func (c *envCheck) conditioning() {
	e, v, ep := c.e, c.v, c.ep
	c.pop("cue", e.Cue, -1)
	c.pop("reward", e.Reward, -1)
	cue := c.inTrial("cue_at", e.CueAt, true)
	rew := c.inTrial("reward_at", e.RewardAt, true)
	if cue >= 0 && rew >= 0 && rew <= cue {
		v.errf(ep.key("reward_at"), "%s is not after cue_at %s", *e.RewardAt, *e.CueAt)
	}
	if e.OmitEvery != nil && *e.OmitEvery < 0 {
		v.errf(ep.key("omit_every"), "must be >= 0, got %d", *e.OmitEvery)
	}
	if e.Amount != nil && (math.IsNaN(*e.Amount) || math.IsInf(*e.Amount, 0)) {
		v.errf(ep.key("amount"), "must be finite, got %v", *e.Amount)
	}
}

func (c *envCheck) bandit() {
	e, v, ep := c.e, c.v, c.ep
	arms := -1
	if e.Arms != nil {
		if *e.Arms < 2 {
			v.errf(ep.key("arms"), "must be >= 2, got %d", *e.Arms)
		} else {
			arms = *e.Arms
		}
	}
	c.pop("context", e.Context, 1)
	c.pop("actor", e.Actor, arms)
	c.pop("reward", e.Reward, -1)
	ch := c.inTrial("choose_at", e.ChooseAt, true)
	out := c.inTrial("outcome", e.Outcome, true)
	if ch >= 0 && out >= 0 && out <= ch+1 {
		v.errf(ep.key("outcome"), "%s must be at least two steps after choose_at %s (the choice is read one step after choose_at)", *e.Outcome, *e.ChooseAt)
	}
	if e.Drift != nil && !(*e.Drift >= 0) {
		v.errf(ep.key("drift"), "must be >= 0, got %v", *e.Drift)
	}
	c.betaWindow()
}

func (c *envCheck) gridworld() {
	e, v, ep := c.e, c.v, c.ep
	cells := -1
	n := len(v.errs)
	v.grid(ep.key("grid"), e.Grid)
	if len(v.errs) == n {
		cells = len(e.Grid) * len(e.Grid[0])
	}
	c.pop("state", e.State, cells)
	c.pop("actor", e.Actor, 4)
	c.pop("reward", e.Reward, -1)
	if ch := c.inTrial("choose_at", e.ChooseAt, true); ch >= 0 && c.trial > 0 && ch+1 >= c.trial {
		v.errf(ep.key("choose_at"), "%s leaves no step of the trial (%s) for the chosen move: the choice is read one step after choose_at", *e.ChooseAt, *e.Trial)
	}
	if e.MaxMoves != nil && *e.MaxMoves < 1 {
		v.errf(ep.key("max_moves"), "must be >= 1, got %d", *e.MaxMoves)
	}
	c.betaWindow()
}

// patternsEnv validates a patterns environment.
func (v *validator) patternsEnv(ep keyPath, e *Environment, pop func(string, string, int, ...string) *Population) {
	in := pop("input", e.Input, -1, ModelRate, ModelPoisson)
	n := -1
	if in != nil && in.Size != nil {
		n = *in.Size
	}
	if !contains(patternData, e.Data) {
		v.errf(ep.key("data"), "%s", oneOf("data", e.Data, patternData))
	}
	if !contains(orders, e.Order) {
		v.errf(ep.key("order"), "%s", oneOf("order", e.Order, orders))
	}
	present, okP := v.wholeSteps(ep.key("present"), e.Present, "present")
	if okP && present < 1 {
		v.errf(ep.key("present"), "must be at least dt (%s)", Time(v.dt))
	}
	if rest, ok := v.wholeSteps(ep.key("rest"), e.Rest, "rest"); ok && okP && rest >= present {
		v.errf(ep.key("rest"), "%s leaves no time of the presentation (%s) to show the pattern", *e.Rest, *e.Present)
	}
	rows := 0
	switch e.Data {
	case "gaussian":
		v.gaussianPatterns(ep, e, n)
	case "list":
		if e.Covariance != nil || e.Mean != nil {
			v.errf(ep.key("covariance"), "mean and covariance are for data = \"gaussian\"")
		}
		if len(e.Patterns) == 0 {
			v.errf(ep.key("patterns"), "required for data = \"list\": one row of %d values per pattern", max(n, 0))
		}
		for i, row := range e.Patterns {
			if n >= 0 && len(row) != n {
				v.errf(ep.key("patterns").idx(i), "pattern %d has %d values for %d input units", i, len(row), n)
			}
			for _, x := range row {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					v.errf(ep.key("patterns").idx(i), "pattern %d has a value %v; want finite values", i, x)
					break
				}
			}
		}
		rows = len(e.Patterns)
	}
	if in != nil && in.Model == ModelPoisson {
		if e.MaxRate == nil || !(*e.MaxRate >= 0) {
			v.errf(ep.key("max_rate"), "required >= 0 for a poisson input")
		}
		for i, row := range e.Patterns {
			if slices.ContainsFunc(row, func(x float64) bool { return x < 0 }) {
				v.errf(ep.key("patterns").idx(i), "pattern %d has a negative value; a poisson input needs rates >= 0", i)
			}
		}
		if e.MaxRate != nil && float64(*e.MaxRate)*v.dt/1000 > 1 {
			v.errf(ep.key("max_rate"), "%s gives more than one spike per step of %s", *e.MaxRate, Time(v.dt))
		}
	} else if e.MaxRate != nil {
		v.errf(ep.key("max_rate"), "applies to a poisson input only")
	}
	if (e.Teacher == "") != (e.Targets == nil) {
		v.errf(ep.key("teacher"), "teacher and targets go together: the teacher population shows the target of each pattern")
	} else if e.Teacher != "" {
		t := pop("teacher", e.Teacher, -1)
		if e.Data != "list" {
			v.errf(ep.key("targets"), "targets need data = \"list\" (one target per pattern)")
		} else if len(e.Targets) != rows {
			v.errf(ep.key("targets"), "%d targets for %d patterns", len(e.Targets), rows)
		}
		for i, row := range e.Targets {
			if t != nil && t.Size != nil && len(row) != *t.Size {
				v.errf(ep.key("targets").idx(i), "target %d has %d values for %d teacher units", i, len(row), *t.Size)
			}
		}
	}
}

// gaussianPatterns checks the mean and covariance of a patterns
// environment with data = "gaussian" for n input units (-1: unknown).
func (v *validator) gaussianPatterns(ep keyPath, e *Environment, n int) {
	if e.Patterns != nil {
		v.errf(ep.key("patterns"), "data = \"gaussian\" draws its patterns; patterns are for data = \"list\"")
	}
	if e.Covariance == nil {
		v.errf(ep.key("covariance"), "required for data = \"gaussian\": an n x n matrix for the %d input units", max(n, 0))
		return
	}
	if n >= 0 && len(e.Covariance) != n {
		v.errf(ep.key("covariance"), "has %d rows for %d input units", len(e.Covariance), n)
	}
	for i, row := range e.Covariance {
		if len(row) != len(e.Covariance) {
			v.errf(ep.key("covariance").idx(i), "row %d has %d values, want %d (a square matrix)", i, len(row), len(e.Covariance))
			return
		}
		for j := range row {
			if e.Covariance[j][i] != row[j] {
				v.errf(ep.key("covariance"), "is not symmetric: [%d][%d] = %v, [%d][%d] = %v", i, j, row[j], j, i, e.Covariance[j][i])
				return
			}
		}
	}
	if !positiveDefinite(e.Covariance) {
		v.errf(ep.key("covariance"), "is not positive definite")
	}
	if e.Mean != nil && len(e.Mean) != len(e.Covariance) {
		v.errf(ep.key("mean"), "has %d values for %d input units", len(e.Mean), len(e.Covariance))
	}
}

// recordModulator validates a [[record]] of a modulator level.
func (v *validator) recordModulator(rp keyPath, r *Record) {
	if !contains(ModulatorNames, r.Modulator) {
		v.errf(rp.key("modulator"), "%s", oneOf("modulator", r.Modulator, ModulatorNames))
	}
	if r.Population != "" || r.Variable != "" || r.Neurons != nil {
		v.errf(rp.key("modulator"), "a record of a modulator takes modulator and every only, not population, variable or neurons")
	}
	if r.Every != nil {
		every, ok := v.wholeSteps(rp.key("every"), r.Every, "every")
		if d := v.f.Experiment.Duration; ok && every >= 1 && d != nil {
			// 16 bytes a sample (step and level), held until the run ends.
			if n := float64(*d) / v.dt / float64(every); n*16 > MaxRecordBytes {
				v.errf(rp.key("every"), "records %.3g samples of %s (%.3g GB) over %s; at most %.3g GB: sample less often", n, r.Modulator, n*16/1e9, *d, MaxRecordBytes/1e9)
			}
		}
	}
}

// MaxRecordBytes bounds what a modulator record holds in memory.
const MaxRecordBytes = 2e9

// PhaseName names phase i.
func (f *File) PhaseName(i int) string {
	if f.Phase[i].Name != "" {
		return f.Phase[i].Name
	}
	return fmt.Sprintf("phase %d", i+1)
}

// boltzmannEnv validates a boltzmann environment.
func (v *validator) boltzmannEnv(ep keyPath, e *Environment) {
	binPop := func(key, ref string) *Population {
		p, ok := v.lookupPop(ep.key(key), ref)
		if !ok {
			return nil
		}
		if p.p.Model != ModelBinary {
			v.errf(ep.key(key), "%q is a %s population; a boltzmann environment clamps binary populations", ref, p.p.Model)
			return nil
		}
		return p.p
	}
	in, out := binPop("input", e.Input), binPop("output", e.Output)
	driven := func(e *registry.Plasticity) bool { return e.Environment == EnvBoltzmann }
	if !slices.ContainsFunc(v.f.Projection, func(p Projection) bool { e := plasticityOf(&p); return e != nil && driven(e) }) {
		v.errf(ep.key("kind"), "a boltzmann environment trains projections with rule %s; this experiment has none", strings.Join(registry.PlasticitiesWith(driven), " or "))
	}
	rows := func(key string, list [][]float64, pop *Population) {
		if len(list) == 0 {
			v.errf(ep.key(key), "required: one row of 0s and 1s per pattern")
		}
		for i, row := range list {
			if pop != nil && pop.Size != nil && len(row) != *pop.Size {
				v.errf(ep.key(key).idx(i), "row %d has %d values for %d units", i, len(row), *pop.Size)
			}
			for _, x := range row {
				if x != 0 && x != 1 {
					v.errf(ep.key(key).idx(i), "row %d has %v; binary units take 0 or 1", i, x)
					break
				}
			}
		}
	}
	rows("patterns", e.Patterns, in)
	rows("targets", e.Targets, out)
	if len(e.Targets) != len(e.Patterns) {
		v.errf(ep.key("targets"), "%d targets for %d patterns", len(e.Targets), len(e.Patterns))
	}
	if len(e.Schedule) == 0 {
		v.errf(ep.key("schedule"), "needs at least one [sweeps, temperature] stage")
	}
	for i, st := range e.Schedule {
		if len(st) != 2 || st[0] < 1 || st[0] != math.Trunc(st[0]) || !(st[1] > 0) || math.IsInf(st[1], 0) {
			v.errf(ep.key("schedule").idx(i), "want [sweeps, temperature] with whole sweeps >= 1 and a finite temperature > 0, got %v", st)
		}
	}
	sweep, ok := v.wholeSteps(ep.key("sweep"), e.Sweep, "sweep")
	if ok && sweep < 1 {
		v.errf(ep.key("sweep"), "must be at least dt (%s)", Time(v.dt))
	}
	for _, x := range []struct {
		key string
		n   *int
		min int
	}{{"stat_sweeps", e.StatSweeps, 1}, {"annealings", e.Annealings, 1}, {"runs", e.Runs, 1}, {"max_cycles", e.MaxCycles, 1},
		{"restart_after", e.RestartAfter, 0}, {"check_every", e.CheckEvery, 1}, {"solved_after", e.SolvedAfter, 1}} {
		if x.n != nil && *x.n < x.min {
			v.errf(ep.key(x.key), "must be >= %d, got %d", x.min, *x.n)
		}
	}
	for _, x := range []struct {
		key string
		p   *float64
	}{{"noise_off", e.NoiseOff}, {"noise_on", e.NoiseOn}} {
		if x.p != nil && !(*x.p >= 0 && *x.p <= 1) {
			v.errf(ep.key(x.key), "%v is not a probability", *x.p)
		}
	}
	for i, ref := range e.FreeClamp {
		if ref != e.Input && ref != e.Output {
			v.errf(ep.key("free_clamp").idx(i), "%q: the free phase can clamp the input %q or the output %q", ref, e.Input, e.Output)
		}
	}
	// Every binary population updates once a sweep.
	for _, name := range v.popNames {
		p := v.pops[name].p
		if u, isPeriodic := p.Params.(registry.Period); isPeriodic && ok && u.UpdatePeriod() != sweep {
			v.errf(ep.key("sweep"), "a sweep is %d steps, but %s updates every %d steps; every binary unit must update once a sweep", sweep, name, u.UpdatePeriod())
		}
	}
}

// imagesEnv validates an images environment.
func (v *validator) imagesEnv(ep keyPath, e *Environment) {
	if len(v.f.Phase) > 0 {
		v.errf(keyPath{}.key("phase"), "an images environment runs its own stages (train, label, test); leave out [[phase]]")
	}
	if p, ok := v.lookupPop(ep.key("input"), e.Input); ok {
		if p.p.Model != ModelPoisson {
			v.errf(ep.key("input"), "%q is a %s population; images are shown as the rates of a poisson population", e.Input, p.p.Model)
		} else if p.p.Size != nil && *p.p.Size != 784 {
			v.errf(ep.key("input"), "%q has %d units; an MNIST image has 784 pixels", e.Input, *p.p.Size)
		}
	}
	if p, ok := v.lookupPop(ep.key("count"), e.Count); ok && !spiking(p.p) {
		v.errf(ep.key("count"), "%q is a %s population; the environment counts spikes", e.Count, p.p.Model)
	}
	if e.Data != "mnist" {
		v.errf(ep.key("data"), "%s", oneOf("data", e.Data, []string{"mnist"}))
	}
	for _, x := range []struct {
		key      string
		n        *int
		min, max int
	}{{"train_rows", e.TrainRows, 1, 60000}, {"test_rows", e.TestRows, 0, 10000}, {"assign_rows", e.AssignRows, 0, 60000},
		{"epochs", e.Epochs, 1, 1000}, {"min_spikes", e.MinSpikes, 0, math.MaxInt32}, {"max_presentations", e.MaxPresentations, 1, 1000},
		{"report_every", e.ReportEvery, 0, math.MaxInt32}} {
		if x.n != nil && (*x.n < x.min || *x.n > x.max) {
			v.errf(ep.key(x.key), "must be in [%d, %d], got %d", x.min, x.max, *x.n)
		}
	}
	if e.AssignRows != nil && e.TrainRows != nil && *e.AssignRows > *e.TrainRows {
		v.errf(ep.key("assign_rows"), "%d is more than the %d training images", *e.AssignRows, *e.TrainRows)
	}
	if n, ok := v.wholeSteps(ep.key("present"), e.Present, "present"); ok && n < 1 {
		v.errf(ep.key("present"), "must be at least dt (%s)", Time(v.dt))
	}
	v.wholeSteps(ep.key("rest"), e.Rest, "rest")
	if e.RestMode != "reset" && e.RestMode != "simulate" {
		v.errf(ep.key("rest_mode"), "%s", oneOf("rest_mode", e.RestMode, []string{"reset", "simulate"}))
	}
	if e.MaxRate != nil && e.Boost != nil && e.MaxPresentations != nil {
		top := float64(*e.MaxRate) + float64(*e.Boost)*float64(*e.MaxPresentations-1)
		if !(float64(*e.MaxRate) >= 0 && float64(*e.Boost) >= 0) || top*v.dt/1000 > 1 {
			v.errf(ep.key("max_rate"), "max_rate %s and boost %s reach %s after %d presentations: more than one spike per step of %s", *e.MaxRate, *e.Boost, Frequency(top), *e.MaxPresentations, Time(v.dt))
		}
	}
}

// positiveDefinite reports whether the symmetric matrix a is positive
// definite (it has a Cholesky factor).
func positiveDefinite(a [][]float64) bool {
	n := len(a)
	flat := make([]float64, 0, n*n)
	for _, row := range a {
		flat = append(flat, row...)
	}
	var ch mat.Cholesky
	return ch.Factorize(mat.NewSymDense(n, flat))
}
