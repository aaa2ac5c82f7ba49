package plasticity

import (
	"math"

	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/synapse"
	"github.com/brainsim/brainsim/units"
)

// The activity rules learn from the activities of a projection's source
// and target (a rate unit's r, a spiking unit's filtered rate), on rate
// synapses, in simulate mode (package synapse, activity.go and td.go, has
// the equations):
//
//	[[projection]]
//	from = "net.input"
//	to = "net.out"
//	connect = { rule = "all_to_all" }
//	synapse = { kind = "rate", weight = { uniform = [0, 0.1] } }
//	plasticity = { rule = "oja", lr = 0.005, every = "10ms" }
//
// Each updates every `every` (default dt) with the learning rate lr
// scaled by 1 + surprise (the surprise modulator's level, 0 without
// one). w_min and w_max, when given, clip the weights.

// Activity are the keys every activity rule has but boltzmann.
type Activity struct {
	LR    float64         `toml:"lr" doc:"learning rate per update (scaled by 1 + surprise)"`
	Every *units.Time     `toml:"every" doc:"update period, a whole number of steps (default dt)"`
	WMin  *units.Quantity `toml:"w_min" doc:"smallest weight, in the unit of synapse.weight (none: no bound)"`
	WMax  *units.Quantity `toml:"w_max" doc:"largest weight, in the unit of synapse.weight (none: no bound)"`
}

// DefaultLR is the default learning rate of the activity rules.
const DefaultLR = 0.01

// Hebb are the keys of rule hebb: Δw = lr·(y − post_threshold)(x −
// pre_threshold).
type Hebb struct {
	PreThreshold  float64 `toml:"pre_threshold" doc:"subtracted from the source's activity"`
	PostThreshold float64 `toml:"post_threshold" doc:"subtracted from the target's activity"`
	Activity
}

// Oja are the keys of rule oja: Δw = lr·y·(x − y·w).
type Oja struct{ Activity }

// BCM are the keys of rule bcm: Δw = lr·x·y·(y − θ), θ the running mean
// of y².
type BCM struct {
	TauTheta  units.Time `toml:"tau_theta" doc:"time constant of the sliding threshold θ"`
	ThetaInit float64    `toml:"theta_init" doc:"θ at step 0"`
	Activity
}

// Competitive are the keys of rule competitive: the most active target
// unit wins, Δw = lr·(x/Σx − w).
type Competitive struct{ Activity }

// Delta are the keys of rule delta: Δw = lr·(T − y)·x, T the activity of
// the population teacher.
type Delta struct {
	Teacher string `toml:"teacher" doc:"the teacher population (required), of the target's size, in the target's region"`
	Activity
}

// ClimbingFibre are the keys of rule climbing_fibre, the cerebellar
// adaptive filter's rule: Δw = −lr·(e − e0)·x(t − lag), e the activity of
// the error (climbing-fibre) population.
type ClimbingFibre struct {
	Error string     `toml:"error" doc:"the error (climbing-fibre) population (required), in the target's region: one unit per target, or one for all"`
	E0    float64    `toml:"e0" doc:"the error's resting level, subtracted from it"`
	Lag   units.Time `toml:"lag" doc:"how long after a source's activity its error arrives, a whole number of steps"`
	Decay units.Time `toml:"decay" doc:"time constant with which the weights relax to their initial values while learning (0: none)"`
	Activity
}

// ThreeFactor are the keys of rule three_factor, an actor: e ← e·exp(−dt/
// tau_e) + x·y every step, Δw = lr·(dopamine − punishment)·e.
type ThreeFactor struct {
	TauE units.Time `toml:"tau_e" doc:"eligibility time constant"`
	Activity
}

// Boltzmann are the keys of rule boltzmann: the Boltzmann machine's rule,
// Δw = lr·(⟨x·y⟩⁺ − ⟨x·y⟩⁻) between the clamped and the free phases of a
// boltzmann environment; a projection back with tie = "<this one>" holds
// the transpose of its weights.
type Boltzmann struct {
	LR   float64         `toml:"lr" doc:"learning rate per update (scaled by 1 + surprise)"`
	WMin *units.Quantity `toml:"w_min" doc:"smallest weight (none: no bound)"`
	WMax *units.Quantity `toml:"w_max" doc:"largest weight (none: no bound)"`
}

// registerActivity registers an activity rule whose struct embeds
// Activity: check checks its keys, build makes its synapse rule from them
// and the common synapse.Activity; it reads surprise and the modulators
// reads.
func registerActivity(name, doc string, params func() any, check func(p any, c *registry.PlasticityCheck), build func(p any, a synapse.Activity) synapse.Rule, reads ...string) {
	registry.RegisterPlasticity(registry.Plasticity{
		Name: name, Doc: doc + " (an activity rule: synapse kind rate)",
		Reads:  append(reads, surprise),
		Params: params,
		Check:  check,
		Build: func(p any, b *registry.PlasticityBuild) (synapse.Rule, error) {
			return build(p, p.(interface{ activity() *Activity }).activity().rule(b.Dt)), nil
		},
	})
}

// activity returns the common keys; the rule structs that embed Activity
// have it too, which registerActivity's builder reads them through.
func (a *Activity) activity() *Activity { return a }

func init() {
	registerActivity("hebb", "Hebb's covariance rule, Δw = lr·(y − post_threshold)(x − pre_threshold)",
		func() any { return &Hebb{Activity: Activity{LR: DefaultLR}} },
		func(pa any, c *registry.PlasticityCheck) {
			p := pa.(*Hebb)
			p.check(c, "hebb", func() {
				finite(c, "pre_threshold", p.PreThreshold)
				finite(c, "post_threshold", p.PostThreshold)
			}, nil)
		},
		func(pa any, a synapse.Activity) synapse.Rule {
			p := pa.(*Hebb)
			return &synapse.Hebb{Activity: a, PreThreshold: p.PreThreshold, PostThreshold: p.PostThreshold}
		})
	registerActivity("oja", "Oja's rule, Δw = lr·y·(x − y·w): a linear unit's weights converge to the first principal component",
		func() any { return &Oja{Activity{LR: DefaultLR}} },
		func(pa any, c *registry.PlasticityCheck) { pa.(*Oja).check(c, "oja", nil, nil) },
		func(_ any, a synapse.Activity) synapse.Rule { return &synapse.Oja{Activity: a} })
	registerActivity("bcm", "the BCM rule, Δw = lr·x·y·(y − θ) with a sliding threshold θ, the running mean of y²",
		func() any { return &BCM{TauTheta: 1000, Activity: Activity{LR: DefaultLR}} },
		func(pa any, c *registry.PlasticityCheck) {
			p := pa.(*BCM)
			p.check(c, "bcm", func() {
				finite(c, "theta_init", p.ThetaInit)
				registry.Positive(c, "tau_theta", p.TauTheta)
			}, nil)
		},
		func(pa any, a synapse.Activity) synapse.Rule {
			p := pa.(*BCM)
			return &synapse.BCM{Activity: a, TauTheta: float64(p.TauTheta), ThetaInit: p.ThetaInit}
		})
	registerActivity("competitive", "competitive learning: the most active target unit wins, Δw = lr·(x/Σx − w)",
		func() any { return &Competitive{Activity{LR: DefaultLR}} },
		func(pa any, c *registry.PlasticityCheck) { pa.(*Competitive).check(c, "competitive", nil, nil) },
		func(_ any, a synapse.Activity) synapse.Rule { return &synapse.Competitive{Activity: a} })
	registerActivity("three_factor", "an actor: Δw = lr·(dopamine − punishment)·e, e an eligibility trace of x·y",
		func() any { return &ThreeFactor{TauE: 100, Activity: Activity{LR: DefaultLR}} },
		func(pa any, c *registry.PlasticityCheck) {
			p := pa.(*ThreeFactor)
			p.check(c, "three_factor", func() { registry.Positive(c, "tau_e", p.TauE) }, nil)
		},
		func(pa any, a synapse.Activity) synapse.Rule {
			return &synapse.ThreeFactor{Activity: a, TauE: float64(pa.(*ThreeFactor).TauE)}
		}, dopamine, punishment)
	registerDelta()
	registerClimbingFibre()
	registerBoltzmann()
}

// registerClimbingFibre registers rule climbing_fibre, which reads an
// error population.
func registerClimbingFibre() {
	registry.RegisterPlasticity(registry.Plasticity{
		Name:   "climbing_fibre",
		Doc:    "the cerebellar adaptive filter's rule (Fujita 1982), Δw = −lr·(e − e0)·x(t − lag), e the activity of an error (climbing-fibre) population (an activity rule: synapse kind rate)",
		Reads:  []string{surprise},
		Params: func() any { return &ClimbingFibre{Activity: Activity{LR: DefaultLR}} },
		Check: func(pa any, c *registry.PlasticityCheck) {
			p := pa.(*ClimbingFibre)
			p.check(c, "climbing_fibre", func() {
				finite(c, "e0", p.E0)
				if steps := float64(p.Lag) / c.Dt; !(steps >= 0) || math.Abs(steps-math.Round(steps)) > 1e-6 {
					c.Errf("lag", "must be a whole number of steps of dt (%s), >= 0, got %s", units.Time(c.Dt), p.Lag)
				} else if steps > 1e6 {
					c.Errf("lag", "must be at most 10⁶ steps, got %s", p.Lag)
				}
				if !(p.Decay >= 0) || math.IsInf(float64(p.Decay), 0) {
					c.Errf("decay", "must be a time >= 0 (0: no decay), got %s", p.Decay)
				}
			}, func() {
				e, ok := sameRegion(c, "error", p.Error)
				if ok && e.Size >= 0 && c.Target != nil && c.Target.Size >= 0 && e.Size != 1 && e.Size != c.Target.Size {
					c.Errf("error", "%q has %d units, the target %q %d; the error gives one per target unit, or one for all", p.Error, e.Size, c.Target.Name, c.Target.Size)
				}
			})
		},
		Build: func(pa any, b *registry.PlasticityBuild) (synapse.Rule, error) {
			p := pa.(*ClimbingFibre)
			b.Extra = []string{p.Error}
			return &synapse.ClimbingFibre{Activity: p.rule(b.Dt), E0: p.E0,
				Lag: int(math.Round(float64(p.Lag) / b.Dt)), Decay: float64(p.Decay)}, nil
		},
	})
}

// registerDelta registers rule delta, which reads a teacher population.
func registerDelta() {
	registry.RegisterPlasticity(registry.Plasticity{
		Name:   "delta",
		Doc:    "the delta rule (LMS), Δw = lr·(T − y)·x, T the activity of a teacher population (an activity rule: synapse kind rate)",
		Reads:  []string{surprise},
		Params: func() any { return &Delta{Activity: Activity{LR: DefaultLR}} },
		Check: func(pa any, c *registry.PlasticityCheck) {
			p := pa.(*Delta)
			p.check(c, "delta", nil, func() {
				t, ok := sameRegion(c, "teacher", p.Teacher)
				if ok && t.Size >= 0 && c.Target != nil && c.Target.Size >= 0 && c.Target.Size != t.Size {
					c.Errf("teacher", "%q has %d units, the target %q %d; the teacher gives one target per unit", p.Teacher, t.Size, c.Target.Name, c.Target.Size)
				}
			})
		},
		Build: func(pa any, b *registry.PlasticityBuild) (synapse.Rule, error) {
			p := pa.(*Delta)
			b.Extra = []string{p.Teacher}
			return &synapse.Delta{Activity: p.rule(b.Dt)}, nil
		},
	})
}

// registerBoltzmann registers rule boltzmann, which a boltzmann
// environment drives.
func registerBoltzmann() {
	registry.RegisterPlasticity(registry.Plasticity{
		Name:        "boltzmann",
		Doc:         "the Boltzmann machine's rule between the clamped and free phases of a boltzmann environment (an activity rule: synapse kind rate)",
		Reads:       []string{surprise},
		Tie:         true,
		Environment: "boltzmann",
		Params:      func() any { return &Boltzmann{LR: DefaultLR} },
		Check: func(pa any, c *registry.PlasticityCheck) {
			p := pa.(*Boltzmann)
			checkActivity(c, "boltzmann", &Activity{LR: p.LR, WMin: p.WMin, WMax: p.WMax}, nil, nil)
		},
		Build: func(pa any, b *registry.PlasticityBuild) (synapse.Rule, error) {
			p := pa.(*Boltzmann)
			a := Activity{LR: p.LR, WMin: p.WMin, WMax: p.WMax}
			return &synapse.Boltzmann{Activity: a.rule(b.Dt)}, nil
		},
	})
}

// check fills the default period (dt) and checks the keys of rule: own
// checks the rule's own values, refs the populations it names.
func (a *Activity) check(c *registry.PlasticityCheck, rule string, own, refs func()) {
	if a.Every == nil {
		a.Every = new(units.Time(c.Dt))
	}
	checkActivity(c, rule, a, own, refs)
}

// checkActivity checks the common keys of an activity rule (a.Every nil:
// the rule has no period) around the rule's own checks, and the synapse
// kind.
func checkActivity(c *registry.PlasticityCheck, rule string, a *Activity, own, refs func()) {
	if finite(c, "lr", a.LR) && a.LR < 0 {
		c.Errf("lr", "must be >= 0, got %v", a.LR)
	}
	if own != nil {
		own()
	}
	if a.Every != nil {
		if steps := float64(*a.Every) / c.Dt; !(steps >= 1-1e-9) || math.Abs(steps-math.Round(steps)) > 1e-6 {
			c.Errf("every", "must be a whole number of steps of dt (%s), got %s", units.Time(c.Dt), *a.Every)
		}
	}
	bounds(c, a.WMin, a.WMax)
	if refs != nil {
		refs()
	}
	if c.SynapseKind != "" && c.SynapseKind != "rate" {
		c.Projection.Errf("synapse.kind", "rule %s learns from activities; it needs synapse kind rate, got %s", rule, c.SynapseKind)
	}
}

// rule is the synapse.Activity of the keys: the period in steps of dt
// (1 when not given) and the clip, when a bound is given.
func (a *Activity) rule(dt float64) synapse.Activity {
	s := synapse.Activity{LR: a.LR, Every: 1}
	if a.Every != nil {
		s.Every = max(int64(math.Round(float64(*a.Every)/dt)), 1)
	}
	if a.WMin != nil || a.WMax != nil {
		s.Clip = true
		s.WMin, s.WMax = float32(math.Inf(-1)), float32(math.Inf(1))
		if a.WMin != nil {
			s.WMin = float32(a.WMin.Value)
		}
		if a.WMax != nil {
			s.WMax = float32(a.WMax.Value)
		}
	}
	return s
}

// sameRegion resolves the population ref that key names, which the rule
// reads on the target's region's goroutine, so it must be in that region.
func sameRegion(c *registry.PlasticityCheck, key, ref string) (*registry.PopRef, bool) {
	p, ok := c.Population(key, ref)
	if !ok {
		return nil, false
	}
	if to := c.Target; to != nil && to.Region != p.Region {
		c.Errf(key, "%q is in region %q, the target %q in %q; the rule reads it on the target's region, so it must be there", ref, p.Region, to.Name, to.Region)
	}
	return p, true
}
