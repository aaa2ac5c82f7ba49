package models

import (
	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/units"
)

// AdEx are the keys of model adex, the adaptive exponential
// integrate-and-fire neuron (Brette & Gerstner 2005; their defaults):
// C dV/dt = −g_L (V − E_L) + g_L Δ_T exp((V − V_T)/Δ_T) − w + I,
// τ_w dw/dt = a (V − E_L) − w; at V > v_peak: V ← v_reset, w += b.
type AdEx struct {
	Cm         units.Capacitance `toml:"c_m" doc:"membrane capacitance"`
	GL         units.Conductance `toml:"g_l" doc:"leak conductance"`
	VRest      units.Voltage     `toml:"v_rest" doc:"leak reversal potential E_L"`
	VThresh    units.Voltage     `toml:"v_thresh" doc:"threshold V_T of the exponential term"`
	DeltaT     units.Voltage     `toml:"delta_t" doc:"slope factor Δ_T"`
	TauW       units.Time        `toml:"tau_w" doc:"adaptation time constant"`
	AdA        units.Conductance `toml:"adapt_a" doc:"subthreshold adaptation a"`
	AdB        units.Current     `toml:"adapt_b" doc:"spike-triggered adaptation b"`
	VReset     units.Voltage     `toml:"v_reset" doc:"reset potential"`
	VPeak      *units.Voltage    `toml:"v_peak" doc:"spike cut-off (default v_thresh + 5·delta_t)"`
	Refractory units.Time        `toml:"refractory" doc:"absolute refractory period"`
	IBias      units.Current     `toml:"i_bias" doc:"constant input current"`
	VInit      *units.Dist       `toml:"v_init" doc:"initial V, a constant or a distribution (default v_rest)"`
}

func init() {
	registry.RegisterModel(registry.Model{
		Name:         "adex",
		Doc:          "adaptive exponential integrate-and-fire neuron (Brette & Gerstner 2005)",
		Spiking:      true,
		Receives:     spikingReceives,
		Resistance:   true,
		ReceptorInit: true,
		Vars:         []string{"spikes", "rate", "v", "w"},
		Params: func() any {
			return &AdEx{Cm: 0.281, GL: 0.03, VRest: -70.6, VThresh: -50.4, DeltaT: 2, TauW: 144,
				AdA: 0.004, AdB: 0.0805, VReset: -70.6}
		},
		Check: checkAdEx,
		Build: func(pa any, b *registry.Build) (neuron.Population, error) {
			p := pa.(*AdEx)
			u := neuron.NewAdEx(b.Size, neuron.AdExParams{
				Cm: float64(p.Cm), GL: float64(p.GL), EL: float64(p.VRest), VT: float64(p.VThresh),
				DeltaT: float64(p.DeltaT), TauW: float64(p.TauW), A: float64(p.AdA), B: float64(p.AdB),
				VReset: float64(p.VReset), VPeak: float64(*p.VPeak), Refractory: float64(p.Refractory), IBias: float64(p.IBias),
			})
			setV(u.V, p.VInit, b.Rand("init"))
			return u, nil
		},
	})
}

func checkAdEx(pa any, c *registry.Check) {
	p := pa.(*AdEx)
	registry.Positive(c, "c_m", p.Cm)
	registry.Positive(c, "g_l", p.GL)
	registry.Positive(c, "delta_t", p.DeltaT)
	registry.Positive(c, "tau_w", p.TauW)
	registry.NonNeg(c, "refractory", p.Refractory)
	if p.VPeak == nil {
		p.VPeak = new(p.VThresh + 5*p.DeltaT)
	}
	if *p.VPeak <= p.VThresh {
		c.Errf("v_peak", "v_peak %s must be above v_thresh %s", *p.VPeak, p.VThresh)
	}
	if p.VReset >= *p.VPeak {
		c.Errf("v_reset", "v_reset %s must be below v_peak %s", p.VReset, *p.VPeak)
	}
	if p.VInit == nil {
		p.VInit = voltage(p.VRest)
	}
	dist(c, "v_init", p.VInit, units.DimVoltage)
}
