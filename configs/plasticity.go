package configs

import (
	"math"
	"reflect"
	"slices"
	"strings"
)

// Plasticity is the plasticity rule of a projection or pathway, the table
// [projection.plasticity] (or plasticity = { rule = "stdp", ... }). Which
// keys apply depends on Rule; a key that does not belong to the rule is an
// error.
//
//   - stdp: pair-based STDP (PyNN SpikePairRule): a pre spike arriving
//     Δt = t_post − t_arrival > 0 before a post spike changes the weight by
//     +a_plus·exp(−Δt/tau_plus), one arriving after it by
//     −a_minus·exp(Δt/tau_minus), scaled by the weight dependence.
//   - triplet: the triplet rule of Pfister & Gerstner (2006), all-to-all;
//     the defaults are their minimal visual-cortex set.
//   - tsodyks_markram: short-term depression and facilitation (Tsodyks &
//     Markram 1997); each spike delivers weight·u·x.
//   - da_stdp: dopamine-modulated STDP (Izhikevich 2007, with the
//     parameters of his daspnet.m as defaults): pairs change an
//     eligibility trace c per synapse (c += a_plus·exp(−Δt/tau_plus) for
//     Δt ≥ 0, c −= a_minus·exp(Δt/tau_minus) for Δt < 0; a_plus and
//     a_minus in the unit of synapse.weight), and every `every` the
//     weight moves by w ← clip(w + (tonic + DA)·c, w_min, w_max), then
//     c ← c·exp(−every/tau_c). DA is the dopamine level of the step (see
//     [[modulator]] and [[reward]]).
//
// The weight dependence of stdp and triplet: additive, Δw = A·K·w_max with
// hard bounds (PyNN AdditiveWeightDependence), or multiplicative,
// Δw+ = A+·K·(w_max − w), Δw− = −A−·K·(w − w_min) with soft bounds (PyNN
// MultiplicativeWeightDependence); bounds = "hard" clips to [w_min, w_max].
// Spike times are arrivals (emission + delay), so stdp and triplet need a
// constant delay.
type Plasticity struct {
	Rule string `toml:"rule,omitempty"` // static (default) | stdp | triplet | tsodyks_markram | da_stdp

	// stdp and triplet.
	TauPlus  *Time `toml:"tau_plus"`  // stdp default 20ms; triplet 16.8ms
	TauMinus *Time `toml:"tau_minus"` // stdp default 20ms; triplet 33.7ms
	// stdp.
	Pairing string   `toml:"pairing,omitempty"` // all_to_all (default) | nearest
	APlus   *float64 `toml:"a_plus"`            // default 0.01
	AMinus  *float64 `toml:"a_minus"`           // default 0.01
	// triplet (Pfister & Gerstner 2006, Table 4, visual cortex, minimal
	// all-to-all model by default).
	TauX    *Time    `toml:"tau_x"`    // default 101ms
	TauY    *Time    `toml:"tau_y"`    // default 125ms
	A2Plus  *float64 `toml:"a2_plus"`  // default 5e-10
	A3Plus  *float64 `toml:"a3_plus"`  // default 6.2e-3
	A2Minus *float64 `toml:"a2_minus"` // default 7e-3
	A3Minus *float64 `toml:"a3_minus"` // default 0
	// Weight dependence (stdp, triplet).
	Dependence string    `toml:"dependence,omitempty"` // additive (default) | multiplicative
	Bounds     string    `toml:"bounds,omitempty"`     // hard | soft; default hard (additive), soft (multiplicative)
	WMin       *Quantity `toml:"w_min"`                // in the unit of synapse.weight; default 0
	WMax       *Quantity `toml:"w_max"`                // in the unit of synapse.weight; required

	// tsodyks_markram (defaults: NEST tsodyks2_synapse, depressing).
	U      *float64 `toml:"u"`       // utilization increment U in (0, 1]; default 0.5
	TauRec *Time    `toml:"tau_rec"` // recovery time constant; default 800ms
	TauFac *Time    `toml:"tau_fac"` // facilitation time constant; 0 = none (default)

	// da_stdp (defaults: Izhikevich's daspnet.m). It also reads tau_plus
	// and tau_minus (default 20ms), a_plus (0.1) and a_minus (0.15) in the
	// unit of synapse.weight, pairing (default nearest), w_min (0) and
	// w_max (required).
	TauC  *Time    `toml:"tau_c"` // eligibility time constant; default 1s
	Tonic *float64 `toml:"tonic"` // tonic dopamine added to the level; default 0.002
	Every *Time    `toml:"every"` // weight update period; default 10ms (da_stdp), dt (activity rules)

	// Activity rules (hebb, oja, bcm, competitive, delta, td,
	// three_factor; see activity.go). They also read every and the
	// optional bounds w_min and w_max.
	LR            *float64 `toml:"lr"`                // learning rate per update; default 0.01
	PreThreshold  *float64 `toml:"pre_threshold"`     // hebb: subtracted from the source's activity; default 0
	PostThreshold *float64 `toml:"post_threshold"`    // hebb: subtracted from the target's activity; default 0
	TauTheta      *Time    `toml:"tau_theta"`         // bcm: time constant of the sliding threshold; default 1s
	ThetaInit     *float64 `toml:"theta_init"`        // bcm: the threshold at step 0; default 0
	Teacher       string   `toml:"teacher,omitempty"` // delta: the teacher population, of the target's size, in the target's region
	Reward        string   `toml:"reward,omitempty"`  // td: the reward population (its summed activity is r), in the target's region
	Gamma         *float64 `toml:"gamma"`             // td: discount γ in [0, 1]; default 1; not with a discount [[modulator]], which then sets γ
	Lambda        *float64 `toml:"lambda"`            // td: trace decay λ in [0, 1]; default 0
	Release       string   `toml:"release,omitempty"` // td: the modulator δ is released into, or "none"; default dopamine
	TauE          *Time    `toml:"tau_e"`             // three_factor: eligibility time constant; default 100ms

	// nearest_triplet (Diehl & Cook 2015; defaults theirs): at an arrival
	// w −= nu_pre·w_max·post1, at a post spike w += nu_post·w_max·pre·post2
	// (post2 before the spike), nearest-spike traces; per-synapse delays
	// allowed (the pre code runs at the arrival). Also reads w_min (0) and
	// w_max (required).
	NuPre    *float64 `toml:"nu_pre"`    // default 0.0001
	NuPost   *float64 `toml:"nu_post"`   // default 0.01
	TauPre   *Time    `toml:"tau_pre"`   // default 20ms
	TauPost1 *Time    `toml:"tau_post1"` // default 20ms
	TauPost2 *Time    `toml:"tau_post2"` // default 40ms
}

// Plasticity rules.
const (
	PlasticStatic  = "static"
	PlasticSTDP    = "stdp"
	PlasticTriplet = "triplet"
	PlasticTM      = "tsodyks_markram"
	PlasticDASTDP  = "da_stdp"

	// Activity rules.
	PlasticHebb        = "hebb"
	PlasticOja         = "oja"
	PlasticBCM         = "bcm"
	PlasticCompetitive = "competitive"
	PlasticDelta       = "delta"
	PlasticTD          = "td"
	PlasticThreeFactor = "three_factor"
	PlasticBoltzmann   = "boltzmann"
	PlasticNearest     = "nearest_triplet"
)

var (
	plasticity = []string{PlasticStatic, PlasticSTDP, PlasticTriplet, PlasticTM, PlasticDASTDP,
		PlasticHebb, PlasticOja, PlasticBCM, PlasticCompetitive, PlasticDelta, PlasticTD, PlasticThreeFactor, PlasticBoltzmann, PlasticNearest}
	pairings    = []string{"all_to_all", "nearest"}
	dependences = []string{"additive", "multiplicative"}
	boundsKinds = []string{"hard", "soft"}
	depKeys     = []string{"dependence", "bounds", "w_min", "w_max"}
	plasticKeys = map[string][]string{
		PlasticStatic:  {},
		PlasticSTDP:    append([]string{"pairing", "tau_plus", "tau_minus", "a_plus", "a_minus"}, depKeys...),
		PlasticTriplet: append([]string{"tau_plus", "tau_minus", "tau_x", "tau_y", "a2_plus", "a3_plus", "a2_minus", "a3_minus"}, depKeys...),
		PlasticTM:      {"u", "tau_rec", "tau_fac"},
		PlasticDASTDP:  {"pairing", "tau_plus", "tau_minus", "a_plus", "a_minus", "tau_c", "tonic", "every", "w_min", "w_max"},

		PlasticHebb:        append([]string{"pre_threshold", "post_threshold"}, activityKeys...),
		PlasticOja:         activityKeys,
		PlasticBCM:         append([]string{"tau_theta", "theta_init"}, activityKeys...),
		PlasticCompetitive: activityKeys,
		PlasticDelta:       append([]string{"teacher"}, activityKeys...),
		PlasticTD:          append([]string{"reward", "gamma", "lambda", "release"}, activityKeys...),
		PlasticThreeFactor: append([]string{"tau_e"}, activityKeys...),
		PlasticBoltzmann:   {"lr", "w_min", "w_max"},
		PlasticNearest:     {"nu_pre", "nu_post", "tau_pre", "tau_post1", "tau_post2", "w_min", "w_max"},
	}
)

// applyDefaults fills the defaults of the rule's keys; weightDim is the
// dimension of synapse.weight (for w_min), or -1 when it is not given.
func (pl *Plasticity) applyDefaults(weightDim Dim, hasWeight bool) {
	if pl.Rule == "" {
		pl.Rule = PlasticStatic
	}
	switch pl.Rule {
	case PlasticSTDP:
		if pl.Pairing == "" {
			pl.Pairing = "all_to_all"
		}
		def(&pl.TauPlus, 20)
		def(&pl.TauMinus, 20)
		def(&pl.APlus, 0.01)
		def(&pl.AMinus, 0.01)
	case PlasticTriplet:
		def(&pl.TauPlus, 16.8)
		def(&pl.TauMinus, 33.7)
		def(&pl.TauX, 101)
		def(&pl.TauY, 125)
		def(&pl.A2Plus, 5e-10)
		def(&pl.A3Plus, 6.2e-3)
		def(&pl.A2Minus, 7e-3)
		def(&pl.A3Minus, 0)
	case PlasticTM:
		def(&pl.U, 0.5)
		def(&pl.TauRec, 800)
		def(&pl.TauFac, 0)
	case PlasticNearest:
		def(&pl.NuPre, 0.0001)
		def(&pl.NuPost, 0.01)
		def(&pl.TauPre, 20)
		def(&pl.TauPost1, 20)
		def(&pl.TauPost2, 40)
		pl.defWMin(weightDim, hasWeight)
	case PlasticDASTDP:
		if pl.Pairing == "" {
			pl.Pairing = "nearest"
		}
		def(&pl.TauPlus, 20)
		def(&pl.TauMinus, 20)
		def(&pl.APlus, 0.1)
		def(&pl.AMinus, 0.15)
		def(&pl.TauC, 1000)
		def(&pl.Tonic, 0.002)
		def(&pl.Every, 10)
		pl.defWMin(weightDim, hasWeight)
	}
	if pl.Rule == PlasticSTDP || pl.Rule == PlasticTriplet {
		if pl.Dependence == "" {
			pl.Dependence = "additive"
		}
		if pl.Bounds == "" {
			pl.Bounds = "hard"
			if pl.Dependence == "multiplicative" {
				pl.Bounds = "soft"
			}
		}
		pl.defWMin(weightDim, hasWeight)
	}
}

// defWMin defaults w_min to 0 in the dimension of w_max (else of the
// synapse's weight), when the synapse has a weight.
func (pl *Plasticity) defWMin(weightDim Dim, hasWeight bool) {
	if !hasWeight {
		return
	}
	d := weightDim
	if pl.WMax != nil {
		d = pl.WMax.Dim
	}
	def(&pl.WMin, Quantity{Value: 0, Dim: d})
}

// plasticity validates the [projection.plasticity] table of pr.
func (v *validator) plasticity(pp keyPath, pr *Projection) {
	pl := &pr.Plasticity
	lp := pp.key("plasticity")
	if !contains(plasticity, pl.Rule) {
		v.errf(lp.key("rule"), "%s", oneOf("plasticity rule", pl.Rule, plasticity))
		return
	}
	v.onlyKeys(lp, reflect.ValueOf(pl).Elem(), append([]string{"rule"}, plasticKeys[pl.Rule]...), "plasticity rule "+pl.Rule)
	positive := func(key string, t *Time) {
		if t != nil && !(*t > 0) {
			v.errf(lp.key(key), "must be > 0, got %s", *t)
		}
	}
	nonNeg := func(key string, x *float64) {
		if x != nil && !(*x >= 0) {
			v.errf(lp.key(key), "must be >= 0, got %v", *x)
		}
	}
	switch pl.Rule {
	case PlasticSTDP, PlasticTriplet:
		positive("tau_plus", pl.TauPlus)
		positive("tau_minus", pl.TauMinus)
		positive("tau_x", pl.TauX)
		positive("tau_y", pl.TauY)
		for _, a := range []struct {
			key string
			x   *float64
		}{{"a_plus", pl.APlus}, {"a_minus", pl.AMinus}, {"a2_plus", pl.A2Plus}, {"a3_plus", pl.A3Plus}, {"a2_minus", pl.A2Minus}, {"a3_minus", pl.A3Minus}} {
			nonNeg(a.key, a.x)
		}
		if pl.Pairing != "" && !contains(pairings, pl.Pairing) {
			v.errf(lp.key("pairing"), "%s", oneOf("pairing", pl.Pairing, pairings))
		}
		if !contains(dependences, pl.Dependence) {
			v.errf(lp.key("dependence"), "%s", oneOf("dependence", pl.Dependence, dependences))
		}
		if !contains(boundsKinds, pl.Bounds) {
			v.errf(lp.key("bounds"), "%s", oneOf("bounds", pl.Bounds, boundsKinds))
		} else if pl.Bounds == "soft" && pl.Dependence == "additive" {
			v.errf(lp.key("bounds"), "additive dependence has hard bounds; use dependence = \"multiplicative\" for soft bounds")
		}
		s := &pr.Synapse
		v.bounds(lp, pl, s)
		if s.Delay != nil && s.Delay.Kind != DistConst {
			v.errf(pp.key("synapse").key("delay"), "rule %s needs one delay for all synapses (spike times are arrivals at the synapse); got %s", pl.Rule, s.Delay)
		}
		if pr.Connect.pairDelays() {
			v.errf(pp.key("connect").key("delays"), "rule %s needs one delay for all synapses; give synapse.delay instead", pl.Rule)
		}
	case PlasticDASTDP:
		v.daSTDP(pp, pr)
	case PlasticNearest:
		positive("tau_pre", pl.TauPre)
		positive("tau_post1", pl.TauPost1)
		positive("tau_post2", pl.TauPost2)
		nonNeg("nu_pre", pl.NuPre)
		nonNeg("nu_post", pl.NuPost)
		v.bounds(lp, pl, &pr.Synapse)
	case PlasticHebb, PlasticOja, PlasticBCM, PlasticCompetitive, PlasticDelta, PlasticTD, PlasticThreeFactor, PlasticBoltzmann:
		v.activityRule(pp, pr)
		return
	case PlasticTM:
		if pl.U != nil && !(*pl.U > 0 && *pl.U <= 1) {
			v.errf(lp.key("u"), "%v is outside (0, 1]", *pl.U)
		}
		positive("tau_rec", pl.TauRec)
		if pl.TauFac != nil && !(*pl.TauFac >= 0) {
			v.errf(lp.key("tau_fac"), "must be >= 0, got %s", *pl.TauFac)
		}
	}
	if pl.Rule != PlasticStatic && pr.Synapse.Kind == "rate" {
		v.errf(lp.key("rule"), "rule %s acts on spikes; synapse kind rate has none", pl.Rule)
	}
}

// weightBound checks that a weight bound has the dimension of the weight
// (for exp_current in mV or nA, either of the two).
func (v *validator) weightBound(p keyPath, q Quantity, s *Synapse) {
	want := []Dim{s.Weight.Dim()}
	if s.Kind == "exp_current" {
		want = []Dim{DimCurrent, DimVoltage}
	}
	if !slices.Contains(want, q.Dim) {
		names := make([]string, len(want))
		for i, d := range want {
			names[i] = d.String()
		}
		v.errf(p, "want %s (the dimension of synapse.weight), got %s", strings.Join(names, " or "), q.Dim)
	}
}

// bounds checks the required w_max and the optional w_min of a rule
// against the synapse's weight.
func (v *validator) bounds(lp keyPath, pl *Plasticity, s *Synapse) {
	if pl.WMax == nil {
		v.errf(lp.key("w_max"), "required for rule %s (the largest weight, in the unit of synapse.weight)", pl.Rule)
		return
	}
	if s.Weight == nil {
		return
	}
	v.weightBound(lp.key("w_max"), *pl.WMax, s)
	if pl.WMin != nil {
		v.weightBound(lp.key("w_min"), *pl.WMin, s)
		if pl.WMin.Dim == pl.WMax.Dim && pl.WMin.Value > pl.WMax.Value {
			v.errf(lp.key("w_min"), "%s is above w_max %s", *pl.WMin, *pl.WMax)
		}
	}
}

// daSTDP validates the keys of a da_stdp rule.
func (v *validator) daSTDP(pp keyPath, pr *Projection) {
	pl := &pr.Plasticity
	lp := pp.key("plasticity")
	for _, t := range []struct {
		key string
		t   *Time
	}{{"tau_plus", pl.TauPlus}, {"tau_minus", pl.TauMinus}, {"tau_c", pl.TauC}, {"every", pl.Every}} {
		if t.t != nil && !(*t.t > 0) {
			v.errf(lp.key(t.key), "must be > 0, got %s", *t.t)
		}
	}
	for _, a := range []struct {
		key string
		x   *float64
	}{{"a_plus", pl.APlus}, {"a_minus", pl.AMinus}} {
		if a.x != nil && !(*a.x >= 0) {
			v.errf(lp.key(a.key), "must be >= 0, got %v", *a.x)
		}
	}
	if pl.Tonic != nil && (math.IsInf(*pl.Tonic, 0) || math.IsNaN(*pl.Tonic)) {
		v.errf(lp.key("tonic"), "must be finite, got %v", *pl.Tonic)
	}
	if pl.Pairing != "" && !contains(pairings, pl.Pairing) {
		v.errf(lp.key("pairing"), "%s", oneOf("pairing", pl.Pairing, pairings))
	}
	s := &pr.Synapse
	v.bounds(lp, pl, s)
	if s.Delay != nil && s.Delay.Kind != DistConst {
		v.errf(pp.key("synapse").key("delay"), "rule da_stdp needs one delay for all synapses (spike times are arrivals at the synapse); got %s", s.Delay)
	}
	if pr.Connect.pairDelays() {
		v.errf(pp.key("connect").key("delays"), "rule da_stdp needs one delay for all synapses; give synapse.delay instead")
	}
}
