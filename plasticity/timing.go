package plasticity

import (
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/synapse"
	"github.com/brainsim/brainsim/units"
)

// The spike-timing rules stdp, triplet and nearest_triplet. Spike times
// are arrivals (emission + delay), so stdp and triplet need one delay
// for all synapses, of at least dt.

var (
	pairings    = []string{"all_to_all", "nearest"}
	dependences = []string{"additive", "multiplicative"}
	boundsKinds = []string{"hard", "soft"}
)

// Dependence are the weight-dependence keys of stdp and triplet: additive,
// Δw = A·K·w_max with hard bounds (PyNN AdditiveWeightDependence), or
// multiplicative, Δw+ = A+·K·(w_max − w), Δw− = −A−·K·(w − w_min) with
// soft bounds (PyNN MultiplicativeWeightDependence); bounds = "hard"
// clips to [w_min, w_max].
type Dependence struct {
	Dependence string `toml:"dependence" doc:"weight dependence: additive or multiplicative"`
	Bounds     string `toml:"bounds" doc:"hard (clip to [w_min, w_max]) or soft; default hard for additive, soft for multiplicative"`
	WeightRange
}

// check fills the default bounds and checks the keys of rule.
func (d *Dependence) check(c *registry.PlasticityCheck, rule string) {
	d.Dependence = orDefault(d.Dependence, "additive")
	if d.Bounds == "" {
		d.Bounds = "hard"
		if d.Dependence == "multiplicative" {
			d.Bounds = "soft"
		}
	}
	registry.OneOf(c, "dependence", "dependence", d.Dependence, dependences)
	if registry.OneOf(c, "bounds", "bounds", d.Bounds, boundsKinds) && d.Bounds == "soft" && d.Dependence == "additive" {
		c.Errf("bounds", "additive dependence has hard bounds; use dependence = \"multiplicative\" for soft bounds")
	}
	requiredBounds(c, rule, &d.WMin, d.WMax)
}

// build makes the weight dependence.
func (d *Dependence) build(b *registry.PlasticityBuild) (synapse.WeightDependence, error) {
	var dep synapse.WeightDependence
	var err error
	if dep.WMin, dep.WMax, err = weightBounds(b, d.WMin, d.WMax); err != nil {
		return dep, err
	}
	if d.Dependence == "multiplicative" {
		dep.Kind = synapse.Multiplicative
	}
	dep.Soft = d.Bounds == "soft"
	return dep, nil
}

// STDP are the keys of rule stdp: pair-based STDP (PyNN SpikePairRule). A
// pre spike arriving Δt = t_post − t_arrival > 0 before a post spike
// changes the weight by +a_plus·exp(−Δt/tau_plus), one arriving after it
// by −a_minus·exp(Δt/tau_minus), scaled by the weight dependence.
type STDP struct {
	Pairing  string     `toml:"pairing" doc:"all_to_all (every pair) or nearest (the nearest spikes)"`
	TauPlus  units.Time `toml:"tau_plus" doc:"time constant of potentiation"`
	TauMinus units.Time `toml:"tau_minus" doc:"time constant of depression"`
	APlus    float64    `toml:"a_plus" doc:"amplitude of potentiation"`
	AMinus   float64    `toml:"a_minus" doc:"amplitude of depression"`
	Dependence
}

// Triplet are the keys of rule triplet: the all-to-all triplet rule of
// Pfister & Gerstner (2006); the defaults are their minimal visual-cortex
// set (Table 4).
type Triplet struct {
	TauPlus  units.Time `toml:"tau_plus" doc:"time constant of the pre trace r1"`
	TauMinus units.Time `toml:"tau_minus" doc:"time constant of the post trace o1"`
	TauX     units.Time `toml:"tau_x" doc:"time constant of the pre trace r2"`
	TauY     units.Time `toml:"tau_y" doc:"time constant of the post trace o2"`
	A2Plus   float64    `toml:"a2_plus" doc:"pair potentiation"`
	A3Plus   float64    `toml:"a3_plus" doc:"triplet potentiation"`
	A2Minus  float64    `toml:"a2_minus" doc:"pair depression"`
	A3Minus  float64    `toml:"a3_minus" doc:"triplet depression"`
	Dependence
}

// NearestTriplet are the keys of rule nearest_triplet (Diehl & Cook 2015;
// the defaults are theirs): at an arrival w −= nu_pre·w_max·post1, at a
// post spike w += nu_post·w_max·pre·post2 (post2 before the spike), with
// nearest-spike traces. Per-synapse delays are allowed (the pre code runs
// at the arrival).
type NearestTriplet struct {
	NuPre    float64    `toml:"nu_pre" doc:"depression rate at an arrival"`
	NuPost   float64    `toml:"nu_post" doc:"potentiation rate at a post spike"`
	TauPre   units.Time `toml:"tau_pre" doc:"time constant of the pre trace"`
	TauPost1 units.Time `toml:"tau_post1" doc:"time constant of the post trace of depression"`
	TauPost2 units.Time `toml:"tau_post2" doc:"time constant of the post trace of potentiation"`
	WeightRange
}

func init() {
	registry.RegisterPlasticity(registry.Plasticity{
		Name:       "stdp",
		Doc:        "pair-based spike-timing-dependent plasticity (PyNN SpikePairRule) with an additive or multiplicative weight dependence",
		NeedsDelay: true,
		Params: func() any {
			return &STDP{Pairing: "all_to_all", TauPlus: 20, TauMinus: 20, APlus: 0.01, AMinus: 0.01,
				Dependence: Dependence{Dependence: "additive"}}
		},
		Check: checkSTDP,
		Build: func(pa any, b *registry.PlasticityBuild) (synapse.Rule, error) {
			p := pa.(*STDP)
			dep, err := p.Dependence.build(b)
			if err != nil {
				return nil, err
			}
			t := synapse.PairTiming{TauPlus: float64(p.TauPlus), TauMinus: float64(p.TauMinus), APlus: p.APlus, AMinus: p.AMinus}
			if p.Pairing == "nearest" {
				t.Pairing = synapse.PairNearest
			}
			return synapse.NewPairSTDP(t, dep), nil
		},
	})
	registry.RegisterPlasticity(registry.Plasticity{
		Name:       "triplet",
		Doc:        "the triplet STDP rule of Pfister & Gerstner (2006), all-to-all, with their minimal visual-cortex parameters",
		NeedsDelay: true,
		Params: func() any {
			return &Triplet{TauPlus: 16.8, TauMinus: 33.7, TauX: 101, TauY: 125, A2Plus: 5e-10, A3Plus: 6.2e-3, A2Minus: 7e-3,
				Dependence: Dependence{Dependence: "additive"}}
		},
		Check: checkTriplet,
		Build: func(pa any, b *registry.PlasticityBuild) (synapse.Rule, error) {
			p := pa.(*Triplet)
			dep, err := p.Dependence.build(b)
			if err != nil {
				return nil, err
			}
			return synapse.NewTripletSTDP(synapse.TripletTiming{
				TauPlus: float64(p.TauPlus), TauMinus: float64(p.TauMinus), TauX: float64(p.TauX), TauY: float64(p.TauY),
				A2Plus: p.A2Plus, A3Plus: p.A3Plus, A2Minus: p.A2Minus, A3Minus: p.A3Minus,
			}, dep), nil
		},
	})
	registry.RegisterPlasticity(registry.Plasticity{
		Name: "nearest_triplet",
		Doc:  "the nearest-spike triplet rule of Diehl & Cook (2015); per-synapse delays allowed",
		Params: func() any {
			return &NearestTriplet{NuPre: 0.0001, NuPost: 0.01, TauPre: 20, TauPost1: 20, TauPost2: 40}
		},
		Check: checkNearest,
		Build: func(pa any, b *registry.PlasticityBuild) (synapse.Rule, error) {
			p := pa.(*NearestTriplet)
			lo, hi, err := weightBounds(b, p.WMin, p.WMax)
			if err != nil {
				return nil, err
			}
			return &synapse.NearestTriplet{NuPre: p.NuPre, NuPost: p.NuPost, TauPre: float64(p.TauPre),
				TauPost1: float64(p.TauPost1), TauPost2: float64(p.TauPost2), WMin: lo, WMax: hi, Learn: b.Learn}, nil
		},
	})
}

func checkSTDP(pa any, c *registry.PlasticityCheck) {
	p := pa.(*STDP)
	p.Pairing = orDefault(p.Pairing, "all_to_all")
	registry.Positive(c, "tau_plus", p.TauPlus)
	registry.Positive(c, "tau_minus", p.TauMinus)
	registry.NonNeg(c, "a_plus", p.APlus)
	registry.NonNeg(c, "a_minus", p.AMinus)
	registry.OneOf(c, "pairing", "pairing", p.Pairing, pairings)
	p.Dependence.check(c, "stdp")
	constDelay(c, "stdp")
	onSpikes(c, "stdp")
}

func checkTriplet(pa any, c *registry.PlasticityCheck) {
	p := pa.(*Triplet)
	registry.Positive(c, "tau_plus", p.TauPlus)
	registry.Positive(c, "tau_minus", p.TauMinus)
	registry.Positive(c, "tau_x", p.TauX)
	registry.Positive(c, "tau_y", p.TauY)
	for _, a := range []struct {
		key string
		x   float64
	}{{"a2_plus", p.A2Plus}, {"a3_plus", p.A3Plus}, {"a2_minus", p.A2Minus}, {"a3_minus", p.A3Minus}} {
		registry.NonNeg(c, a.key, a.x)
	}
	p.Dependence.check(c, "triplet")
	constDelay(c, "triplet")
	onSpikes(c, "triplet")
}

func checkNearest(pa any, c *registry.PlasticityCheck) {
	p := pa.(*NearestTriplet)
	registry.Positive(c, "tau_pre", p.TauPre)
	registry.Positive(c, "tau_post1", p.TauPost1)
	registry.Positive(c, "tau_post2", p.TauPost2)
	registry.NonNeg(c, "nu_pre", p.NuPre)
	registry.NonNeg(c, "nu_post", p.NuPost)
	requiredBounds(c, "nearest_triplet", &p.WMin, p.WMax)
	onSpikes(c, "nearest_triplet")
}
