package models

import (
	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/units"
)

// IFB are the keys of model ifb, the integrate-and-fire-or-burst neuron of
// Smith, Cox, Sherman & Rinzel (2000), J. Neurophysiol. 83:588: a leaky
// integrate-and-fire membrane with a low-threshold Ca²⁺ (T) current
// g_T·h·(V − E_T) that flows above v_h, its inactivation h recovering
// towards 1 below v_h with tau_h_plus and falling towards 0 above it with
// tau_h_minus: released from hyperpolarisation a cell bursts (thalamic
// relay and reticular cells, sleep spindles), depolarised it fires
// tonically. Defaults: the paper's relay cell (C 2 µF/cm², g_L 0.035
// mS/cm², g_T 0.07 mS/cm², E_L −65 mV, E_T 120 mV, V_h −60 mV, threshold
// −35 mV, reset −50 mV, τ_h− 20 ms, τ_h+ 100 ms) on 0.01 mm² of membrane.
type IFB struct {
	Cm         units.Capacitance `toml:"c_m" doc:"membrane capacitance"`
	GL         units.Conductance `toml:"g_l" doc:"leak conductance"`
	VRest      units.Voltage     `toml:"v_rest" doc:"leak reversal potential E_L"`
	GT         units.Conductance `toml:"g_t" doc:"low-threshold Ca2+ (T) conductance; 0: an integrate-and-fire cell"`
	ET         units.Voltage     `toml:"e_t" doc:"reversal potential of the T current"`
	VH         units.Voltage     `toml:"v_h" doc:"the T current flows above v_h; h recovers below it"`
	TauHMinus  units.Time        `toml:"tau_h_minus" doc:"h's inactivation time constant above v_h"`
	TauHPlus   units.Time        `toml:"tau_h_plus" doc:"h's recovery time constant below v_h"`
	VThresh    units.Voltage     `toml:"v_thresh" doc:"spike threshold"`
	VReset     units.Voltage     `toml:"v_reset" doc:"reset potential"`
	Refractory units.Time        `toml:"refractory" doc:"absolute refractory period (V held at v_reset)"`
	IBias      units.Current     `toml:"i_bias" doc:"constant input current"`
	GH         units.Conductance `toml:"g_h" doc:"maximal Ca2+-upregulated I_h conductance (the slow process that ends a spindle); 0: none"`
	EH         units.Voltage     `toml:"e_h" doc:"reversal potential of I_h"`
	TauUp      units.Time        `toml:"tau_up" doc:"decay time constant of I_h's upregulation u"`
	UpStep     float64           `toml:"up_step" doc:"each spike moves u this fraction of the way to 1"`
	VInit      *units.Dist       `toml:"v_init" doc:"initial V, a constant or a distribution (default v_rest)"`
	HInit      *float64          `toml:"h_init" doc:"initial h in [0, 1] (default: its rest value, 1 when v_rest < v_h, else 0)"`
}

func init() {
	registry.RegisterModel(registry.Model{
		Name:         "ifb",
		Doc:          "integrate-and-fire-or-burst neuron with a low-threshold Ca2+ current (Smith, Cox, Sherman & Rinzel 2000): tonic or rebound bursts",
		Spiking:      true,
		Receives:     spikingReceives,
		Resistance:   true,
		ReceptorInit: true,
		Vars:         []string{"spikes", "rate", "v", "h", "u"},
		Params: func() any {
			d := neuron.DefaultIFB()
			return &IFB{Cm: units.Capacitance(d.Cm), GL: units.Conductance(d.GL), VRest: units.Voltage(d.EL),
				GT: units.Conductance(d.GT), ET: units.Voltage(d.ET), VH: units.Voltage(d.VH),
				TauHMinus: units.Time(d.TauHMinus), TauHPlus: units.Time(d.TauHPlus),
				VThresh: units.Voltage(d.VThresh), VReset: units.Voltage(d.VReset),
				EH: units.Voltage(d.EH), TauUp: units.Time(d.TauUp), UpStep: d.UpStep}
		},
		Check: checkIFB,
		Build: func(pa any, b *registry.Build) (neuron.Population, error) {
			p := pa.(*IFB)
			u := neuron.NewIFB(b.Size, neuron.IFBParams{
				Cm: float64(p.Cm), GL: float64(p.GL), EL: float64(p.VRest), GT: float64(p.GT), ET: float64(p.ET),
				VH: float64(p.VH), TauHMinus: float64(p.TauHMinus), TauHPlus: float64(p.TauHPlus),
				VThresh: float64(p.VThresh), VReset: float64(p.VReset), Refractory: float64(p.Refractory), IBias: float64(p.IBias),
				GH: float64(p.GH), EH: float64(p.EH), TauUp: float64(p.TauUp), UpStep: p.UpStep,
			})
			setV(u.V, p.VInit, b.Rand("init"))
			if p.HInit != nil {
				for i := range u.H {
					u.H[i] = float32(*p.HInit)
				}
			}
			return u, nil
		},
	})
}

func checkIFB(pa any, c *registry.Check) {
	p := pa.(*IFB)
	registry.Positive(c, "c_m", p.Cm)
	registry.Positive(c, "g_l", p.GL)
	registry.NonNeg(c, "g_t", p.GT)
	registry.Positive(c, "tau_h_minus", p.TauHMinus)
	registry.Positive(c, "tau_h_plus", p.TauHPlus)
	registry.NonNeg(c, "refractory", p.Refractory)
	registry.NonNeg(c, "g_h", p.GH)
	registry.Positive(c, "tau_up", p.TauUp)
	if !(p.UpStep >= 0 && p.UpStep <= 1) {
		c.Errf("up_step", "must be in [0, 1], got %v", p.UpStep)
	}
	if p.VReset >= p.VThresh {
		c.Errf("v_reset", "v_reset %s must be below v_thresh %s", p.VReset, p.VThresh)
	}
	if p.HInit != nil && !(*p.HInit >= 0 && *p.HInit <= 1) {
		c.Errf("h_init", "must be in [0, 1], got %v", *p.HInit)
	}
	if p.VInit == nil {
		p.VInit = voltage(p.VRest)
	}
	dist(c, "v_init", p.VInit, units.DimVoltage)
}
