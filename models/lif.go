package models

import (
	"math"

	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/units"
)

// LIF are the keys of model lif: the current-based leaky integrate-and-fire
// neuron, C dV/dt = −(V − v_rest)/R + I, with the optional adaptive
// threshold of Diehl & Cook (2015).
type LIF struct {
	TauM       units.Time        `toml:"tau_m" doc:"membrane time constant R·C"`
	Cm         units.Capacitance `toml:"c_m" doc:"membrane capacitance"`
	VRest      units.Voltage     `toml:"v_rest" doc:"resting (leak reversal) potential"`
	VThresh    units.Voltage     `toml:"v_thresh" doc:"spike threshold"`
	VReset     units.Voltage     `toml:"v_reset" doc:"reset potential"`
	Refractory units.Time        `toml:"refractory" doc:"absolute refractory period"`
	IBias      units.Current     `toml:"i_bias" doc:"constant input current"`
	VInit      *units.Dist       `toml:"v_init" doc:"initial V, a constant or a distribution (default v_rest)"`
	// The adaptive threshold: a unit spikes at v_thresh + θ; θ grows by
	// theta_plus per spike and decays to 0 with tau_theta.
	ThetaPlus *units.Voltage `toml:"theta_plus" doc:"adaptive threshold: growth per spike (Diehl & Cook 2015); not given: a fixed threshold"`
	TauTheta  *units.Time    `toml:"tau_theta" doc:"adaptive threshold: decay time constant (default 1e7ms, Diehl & Cook's)"`
	ThetaInit *units.Voltage `toml:"theta_init" doc:"adaptive threshold: θ at the start (default 0mV)"`
	// RefractoryHold holds V at v_reset for the refractory period (NEST,
	// Brian2's "unless refractory"); false only blocks spikes for that
	// long and lets V integrate on from the reset (Brian 1.4's string
	// reset, Diehl & Cook's script).
	RefractoryHold bool `toml:"refractory_hold" doc:"hold V at v_reset while refractory (false: only block spikes, as Brian 1.4)"`
	// SynapseDecay: "exact" decays receptors by exp(−dt/τ), "euler" by
	// 1 − dt/τ (Brian 1's numerics).
	SynapseDecay string `toml:"synapse_decay" doc:"receptor decay per step: exact (exp(−dt/τ)) or euler (1 − dt/τ, Brian 1)"`
}

// EulerDecay implements registry.EulerDecay.
func (p *LIF) EulerDecay() bool { return p.SynapseDecay == "euler" }

func init() {
	registry.RegisterModel(registry.Model{
		Name:         "lif",
		Doc:          "leaky integrate-and-fire neuron (current-based membrane; conductance synapses give COBA)",
		Spiking:      true,
		Receives:     spikingReceives,
		Resistance:   true,
		ReceptorInit: true,
		Vars:         []string{"spikes", "rate", "v"},
		Params: func() any {
			return &LIF{TauM: 20, Cm: 0.25, VRest: -65, VThresh: -50, VReset: -65, Refractory: 2,
				RefractoryHold: true, SynapseDecay: "exact"}
		},
		Check: checkLIF,
		Build: buildLIF,
	})
}

func checkLIF(pa any, c *registry.Check) {
	p := pa.(*LIF)
	registry.Positive(c, "tau_m", p.TauM)
	registry.Positive(c, "c_m", p.Cm)
	registry.NonNeg(c, "refractory", p.Refractory)
	if p.ThetaPlus == nil && (p.TauTheta != nil || p.ThetaInit != nil) {
		c.Errf("theta_plus", "required with tau_theta or theta_init: the adaptive threshold's growth per spike (0mV: a fixed offset)")
	}
	if p.ThetaPlus != nil {
		if p.TauTheta == nil {
			p.TauTheta = new(units.Time(1e7))
		}
		if p.ThetaInit == nil {
			p.ThetaInit = new(units.Voltage(0))
		}
		registry.Positive(c, "tau_theta", *p.TauTheta)
	}
	registry.OneOf(c, "synapse_decay", "", p.SynapseDecay, []string{"exact", "euler"})
	th := p.VThresh
	if p.ThetaInit != nil {
		th += *p.ThetaInit // the adaptive threshold starts at v_thresh + theta_init
	}
	if p.VReset >= th {
		if p.ThetaInit != nil && *p.ThetaInit != 0 {
			c.Errf("v_reset", "v_reset %s must be below the starting threshold v_thresh + theta_init = %s", p.VReset, th)
		} else {
			c.Errf("v_reset", "v_reset %s must be below v_thresh %s", p.VReset, p.VThresh)
		}
	}
	if p.VInit == nil {
		p.VInit = voltage(p.VRest)
	}
	dist(c, "v_init", p.VInit, units.DimVoltage)
}

func buildLIF(pa any, b *registry.Build) (neuron.Population, error) {
	p := pa.(*LIF)
	np := neuron.LIFParams{
		TauM: float64(p.TauM), Cm: float64(p.Cm), VRest: float64(p.VRest), VThresh: float64(p.VThresh),
		VReset: float64(p.VReset), Refractory: float64(p.Refractory), IBias: float64(p.IBias),
	}
	lock := 0.0
	if !p.RefractoryHold && np.Refractory > 0 {
		// Brian 1.4's refractory period for a string reset: no spike in
		// the refractory/dt − 1 steps after one, V free.
		np.Refractory, lock = 0, np.Refractory-b.Dt
	}
	u := neuron.NewLIF(b.Size, np)
	setV(u.V, p.VInit, b.Rand("init"))
	if p.ThetaPlus != nil {
		u.EnableTheta(float64(*p.ThetaPlus), float64(*p.TauTheta))
		for i := range u.Theta {
			u.Theta[i] = float64(*p.ThetaInit)
		}
	}
	if lock > 0 {
		if u.Theta == nil {
			u.EnableTheta(0, math.Inf(1))
		}
		u.SpikeLock = lock
	}
	return u, nil
}
