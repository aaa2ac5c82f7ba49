package configs

import (
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/brainsim/brainsim/registry"
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

// environment checks the [[phase]]s and the [environment]: its kind and
// the kind's own checks.
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
	k, ok := registry.LookupEnvironment(e.Kind)
	if !ok {
		v.errf(ep.key("kind"), "%s", oneOf("environment kind", e.Kind, registry.EnvironmentNames()))
		return
	}
	if len(f.Phase) > 0 && f.Experiment.Duration != nil {
		if d, ok := f.phaseDuration(); ok && math.Abs(float64(d-*f.Experiment.Duration)) > 1e-9*float64(d) {
			v.errf(keyPath{}.key("experiment").key("duration"), "%s, but the phases last %s; leave duration out to run the phases", *f.Experiment.Duration, d)
		}
	}
	if k.OwnStages && len(f.Phase) > 0 {
		v.errf(keyPath{}.key("phase"), "the %s environment runs its own stages; leave out [[phase]]", e.Kind)
	}
	if k.Check == nil || e.Params == nil {
		return
	}
	k.Check(e.Params, &registry.Check{Errs: sectionErrs{v, ep}, Section: e.Kind, Given: givenFunc(e.given), Dt: v.dt,
		Pop: v.popResolver(ep), Pops: v.popRefs(),
		Driven: func(env string) bool {
			return slices.ContainsFunc(f.Projection, func(p Projection) bool { e := plasticityOf(&p); return e != nil && e.Environment == env })
		}})
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
