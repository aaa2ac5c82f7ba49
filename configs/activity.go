package configs

import (
	"math"
	"slices"
)

// Activity rules: plasticity of rate projections (and of spiking ones,
// through their filtered rates) that learns from the activities of the
// source and the target, in simulate mode (package synapse, activity.go
// and td.go, has the equations):
//
//	[[projection]]
//	from = "net.input"
//	to = "net.out"
//	connect = { rule = "all_to_all" }
//	synapse = { kind = "rate", weight = { uniform = [0, 0.1] } }
//	plasticity = { rule = "oja", lr = 0.005, every = "10ms" }
//
//   - hebb: Δw = lr·(y − post_threshold)(x − pre_threshold)
//   - oja: Δw = lr·y·(x − y·w)
//   - bcm: Δw = lr·x·y·(y − θ), θ ← running mean of y² (tau_theta)
//   - competitive: the most active target unit wins, Δw = lr·(x/Σx − w)
//   - delta: Δw = lr·(T − y)·x with T the activity of the population
//     `teacher`
//   - td: a critic: δ = r + γ·V(t) − V(t−1) with V the target's summed
//     activity and r the population `reward`'s; Δw = lr·δ·e; δ is
//     released into the modulator `release` (default dopamine), which
//     then holds its level plus δ at every step (a phasic modulator)
//   - three_factor: an actor: e ← e·exp(−dt/tau_e) + x·y every step,
//     Δw = lr·(dopamine − punishment)·e
//   - boltzmann: the Boltzmann machine's rule, Δw = lr·(⟨x·y⟩⁺ − ⟨x·y⟩⁻)
//     between the clamped and the free phases of a boltzmann
//     environment; a projection back with tie = "<this one>" holds the
//     transpose of its weights
//
// Each updates every `every` (default dt) with the learning rate lr
// scaled by 1 + surprise (the surprise modulator's level, 0 without one).
// w_min and w_max, when given, clip the weights.

// activityKeys are the keys every activity rule reads.
var activityKeys = []string{"lr", "every", "w_min", "w_max"}

// DefaultLRActivity is the default learning rate of the activity rules.
const DefaultLRActivity = 0.01

// IsActivityRule reports whether a plasticity rule is an activity rule.
func IsActivityRule(rule string) bool {
	switch rule {
	case PlasticHebb, PlasticOja, PlasticBCM, PlasticCompetitive, PlasticDelta, PlasticTD, PlasticThreeFactor, PlasticBoltzmann:
		return true
	}
	return false
}

// applyActivityDefaults fills the defaults of an activity rule's keys.
func (pl *Plasticity) applyActivityDefaults(dt float64) {
	if !IsActivityRule(pl.Rule) {
		return
	}
	def(&pl.LR, DefaultLRActivity)
	if pl.Rule != PlasticBoltzmann {
		def(&pl.Every, Time(dt))
	}
	switch pl.Rule {
	case PlasticHebb:
		def(&pl.PreThreshold, 0)
		def(&pl.PostThreshold, 0)
	case PlasticBCM:
		def(&pl.TauTheta, 1000)
		def(&pl.ThetaInit, 0)
	case PlasticTD:
		def(&pl.Lambda, 0)
		if pl.Release == "" {
			pl.Release = "dopamine"
		}
	case PlasticThreeFactor:
		def(&pl.TauE, 100)
	}
}

// tdDefaults fills the default γ of td rules when no discount modulator sets
// it.
func (f *File) tdDefaults() {
	for _, pr := range f.projections() {
		pl := &pr.Plasticity
		if pl.Rule == PlasticTD && !f.HasModulator("discount") {
			def(&pl.Gamma, 1)
		}
	}
}

// projections lists the projections and then the pathways.
func (f *File) projections() []*Projection {
	var out []*Projection
	for i := range f.Projection {
		out = append(out, &f.Projection[i])
	}
	for i := range f.Pathway {
		out = append(out, &f.Pathway[i])
	}
	return out
}

// HasModulator reports whether a [[modulator]] table names m.
func (f *File) HasModulator(m string) bool {
	return slices.ContainsFunc(f.Modulator, func(x Modulator) bool { return x.Name == m })
}

// activityRule validates the keys of an activity rule.
func (v *validator) activityRule(pp keyPath, pr *Projection) {
	pl := &pr.Plasticity
	lp := pp.key("plasticity")
	finite := func(key string, x *float64) bool {
		if x != nil && (math.IsNaN(*x) || math.IsInf(*x, 0)) {
			v.errf(lp.key(key), "must be finite, got %v", *x)
			return false
		}
		return true
	}
	if finite("lr", pl.LR) && pl.LR != nil && *pl.LR < 0 {
		v.errf(lp.key("lr"), "must be >= 0, got %v", *pl.LR)
	}
	finite("pre_threshold", pl.PreThreshold)
	finite("post_threshold", pl.PostThreshold)
	finite("theta_init", pl.ThetaInit)
	if pl.Every != nil {
		if steps := float64(*pl.Every) / v.dt; !(steps >= 1-1e-9) || math.Abs(steps-math.Round(steps)) > 1e-6 {
			v.errf(lp.key("every"), "must be a whole number of steps of dt (%s), got %s", Time(v.dt), *pl.Every)
		}
	}
	for _, t := range []struct {
		key string
		t   *Time
	}{{"tau_theta", pl.TauTheta}, {"tau_e", pl.TauE}} {
		if t.t != nil && !(*t.t > 0) {
			v.errf(lp.key(t.key), "must be > 0, got %s", *t.t)
		}
	}
	for _, x := range []struct {
		key string
		x   *float64
	}{{"gamma", pl.Gamma}, {"lambda", pl.Lambda}} {
		if x.x != nil && !(*x.x >= 0 && *x.x <= 1) {
			v.errf(lp.key(x.key), "%v is outside [0, 1]", *x.x)
		}
	}
	s := &pr.Synapse
	if s.Weight != nil {
		if pl.WMax != nil {
			v.weightBound(lp.key("w_max"), *pl.WMax, s)
		}
		if pl.WMin != nil {
			v.weightBound(lp.key("w_min"), *pl.WMin, s)
		}
		if pl.WMin != nil && pl.WMax != nil && pl.WMin.Dim == pl.WMax.Dim && pl.WMin.Value > pl.WMax.Value {
			v.errf(lp.key("w_min"), "%s is above w_max %s", *pl.WMin, *pl.WMax)
		}
	}
	// The populations a rule reads must be in the target's region: the
	// rule runs on that region's goroutine.
	same := func(key, ref string) {
		p, ok := v.lookupPop(lp.key(key), ref)
		if !ok {
			return
		}
		if to, ok := v.pops[pr.To]; ok && to.region != p.region {
			v.errf(lp.key(key), "%q is in region %q, the target %q in %q; the rule reads it on the target's region, so it must be there", ref, p.region, pr.To, to.region)
		}
	}
	switch pl.Rule {
	case PlasticDelta:
		same("teacher", pl.Teacher)
		if p, ok := v.pops[pl.Teacher]; ok && p.p.Size != nil {
			if to, ok := v.pops[pr.To]; ok && to.p.Size != nil && *to.p.Size != *p.p.Size {
				v.errf(lp.key("teacher"), "%q has %d units, the target %q %d; the teacher gives one target per unit", pl.Teacher, *p.p.Size, pr.To, *to.p.Size)
			}
		}
	case PlasticTD:
		same("reward", pl.Reward)
		if pl.Release != "none" && !contains(ModulatorNames, pl.Release) {
			v.errf(lp.key("release"), "%s", oneOf("modulator", pl.Release, append(slices.Clone(ModulatorNames), "none")))
		}
		if pl.Gamma != nil && v.f.HasModulator("discount") {
			v.errf(lp.key("gamma"), "the discount modulator sets γ of td critics; give γ as its level, not here")
		}
		if s.Delay != nil && s.Delay.Kind != DistConst || pr.Connect.pairDelays() {
			v.errf(pp.key("synapse").key("delay"), "rule td needs one delay for all synapses")
		}
		if pl.Every != nil && math.Abs(float64(*pl.Every)-v.dt) > 1e-9*v.dt {
			v.errf(lp.key("every"), "a td critic updates every step: every must be dt (%s)", Time(v.dt))
		}
	}
	if pr.Synapse.Kind != "" && pr.Synapse.Kind != "rate" {
		v.errf(pp.key("synapse").key("kind"), "rule %s learns from activities; it needs synapse kind rate, got %s", pl.Rule, pr.Synapse.Kind)
	}
}

// tie validates the tie key of a projection: the projection named is a
// boltzmann projection the other way round, and this one learns nothing
// of its own.
func (v *validator) tie(pp keyPath, pr *Projection, pathway bool) {
	if pr.Tie == "" {
		return
	}
	tp := pp.key("tie")
	if pathway {
		v.errf(tp, "a pathway cannot be tied; tie projections within a region")
		return
	}
	var q *Projection
	for i := range v.f.Projection {
		if v.f.Projection[i].Name == pr.Tie {
			q = &v.f.Projection[i]
		}
	}
	switch {
	case q == nil:
		v.errf(tp, "no projection named %q", pr.Tie)
	case q == pr:
		v.errf(tp, "a projection cannot be tied to itself")
	case q.Plasticity.Rule != PlasticBoltzmann:
		v.errf(tp, "%q has rule %s; a tie follows a boltzmann projection", pr.Tie, q.Plasticity.Rule)
	case q.From != pr.To || q.To != pr.From:
		v.errf(tp, "%q goes %s -> %s; the projection tied to it must go %s -> %s", pr.Tie, q.From, q.To, q.To, q.From)
	case q.Tie != "":
		v.errf(tp, "%q is itself tied to %q", pr.Tie, q.Tie)
	case q.Connect.Rule != pr.Connect.Rule || !transposable(pr.Connect.Rule):
		v.errf(pp.key("connect").key("rule"), "a tied projection needs the transpose of %q's synapses: %s (with the pairs reversed); got %s and %s", pr.Tie, transposableText(), q.Connect.Rule, pr.Connect.Rule)
	}
	if pr.Plasticity.Rule != PlasticStatic {
		v.errf(pp.key("plasticity").key("rule"), "a tied projection takes its weights from %q; it cannot learn with rule %s", pr.Tie, pr.Plasticity.Rule)
	}
	if pr.Synapse.Kind != "" && pr.Synapse.Kind != "rate" {
		v.errf(pp.key("synapse").key("kind"), "a tied projection needs synapse kind rate, got %s", pr.Synapse.Kind)
	}
}

// normalize validates the normalize key of a projection.
func (v *validator) normalize(pp keyPath, pr *Projection) {
	if pr.Normalize == nil {
		return
	}
	np := pp.key("normalize")
	if !v.f.Environment.normalizes() {
		v.errf(np, "the weights are normalised before every presentation of a patterns or images environment; this experiment has none")
	}
	if !(pr.Normalize.Value > 0) || math.IsInf(pr.Normalize.Value, 0) {
		v.errf(np, "must be finite and > 0, got %s", *pr.Normalize)
	}
	if pr.Synapse.Weight != nil {
		v.weightBound(np, *pr.Normalize, &pr.Synapse)
	}
}
