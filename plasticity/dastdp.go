package plasticity

import (
	"math"

	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/synapse"
	"github.com/brainsim/brainsim/units"
)

// DASTDP are the keys of rule da_stdp: dopamine-modulated STDP
// (Izhikevich 2007, with the parameters of his daspnet.m as defaults).
// Pairs change an eligibility trace c per synapse (c += a_plus·exp(−Δt/
// tau_plus) for Δt ≥ 0, c −= a_minus·exp(Δt/tau_minus) for Δt < 0; a_plus
// and a_minus in the unit of synapse.weight), and every `every` the
// weight moves by w ← clip(w + (tonic + DA)·c, w_min, w_max), then c ←
// c·exp(−every/tau_c). DA is the dopamine level of the step minus the
// punishment level (see [[modulator]] and [[reward]]).
type DASTDP struct {
	Pairing  string     `toml:"pairing" doc:"nearest (the nearest spikes) or all_to_all (every pair)"`
	TauPlus  units.Time `toml:"tau_plus" doc:"time constant of potentiation"`
	TauMinus units.Time `toml:"tau_minus" doc:"time constant of depression"`
	APlus    float64    `toml:"a_plus" doc:"eligibility per pre-before-post pair, in the unit of synapse.weight"`
	AMinus   float64    `toml:"a_minus" doc:"eligibility per post-before-pre pair, in the unit of synapse.weight"`
	TauC     units.Time `toml:"tau_c" doc:"eligibility time constant"`
	Tonic    float64    `toml:"tonic" doc:"tonic dopamine added to the level"`
	Every    units.Time `toml:"every" doc:"weight update period"`
	WeightRange
}

func init() {
	registry.RegisterPlasticity(registry.Plasticity{
		Name:       "da_stdp",
		Doc:        "dopamine-modulated STDP (Izhikevich 2007): pairs mark an eligibility trace that dopamine turns into weight changes",
		NeedsDelay: true,
		Reads:      []string{dopamine, punishment},
		Params: func() any {
			return &DASTDP{Pairing: "nearest", TauPlus: 20, TauMinus: 20, APlus: 0.1, AMinus: 0.15, TauC: 1000, Tonic: 0.002, Every: 10}
		},
		Check: checkDASTDP,
		Build: buildDASTDP,
	})
}

func checkDASTDP(pa any, c *registry.PlasticityCheck) {
	p := pa.(*DASTDP)
	p.Pairing = orDefault(p.Pairing, "nearest")
	registry.Positive(c, "tau_plus", p.TauPlus)
	registry.Positive(c, "tau_minus", p.TauMinus)
	registry.Positive(c, "tau_c", p.TauC)
	registry.Positive(c, "every", p.Every)
	registry.NonNeg(c, "a_plus", p.APlus)
	registry.NonNeg(c, "a_minus", p.AMinus)
	if math.IsInf(p.Tonic, 0) || math.IsNaN(p.Tonic) {
		c.Errf("tonic", "must be finite, got %v", p.Tonic)
	}
	registry.OneOf(c, "pairing", "pairing", p.Pairing, pairings)
	requiredBounds(c, "da_stdp", &p.WMin, p.WMax)
	constDelay(c, "da_stdp")
	onSpikes(c, "da_stdp")
}

// buildDASTDP makes a da_stdp rule. The increments a_plus and a_minus
// are in the unit of synapse.weight and scale as w_max does.
func buildDASTDP(pa any, b *registry.PlasticityBuild) (synapse.Rule, error) {
	p := pa.(*DASTDP)
	lo, hi, err := weightBounds(b, p.WMin, p.WMax)
	if err != nil {
		return nil, err
	}
	r := synapse.NewDASTDP()
	r.TauPlus, r.TauMinus = float64(p.TauPlus), float64(p.TauMinus)
	r.TauC, r.Every, r.Tonic = float64(p.TauC), float64(p.Every), p.Tonic
	r.WMin, r.WMax = lo, hi
	r.Nearest = p.Pairing == "nearest"
	k := 1.0
	if p.WMax.Value != 0 {
		k = float64(hi) / p.WMax.Value
	}
	r.APlus, r.AMinus = p.APlus*k, p.AMinus*k
	return r, nil
}
