package plasticity

import (
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/synapse"
	"github.com/brainsim/brainsim/units"
)

// TsodyksMarkram are the keys of rule tsodyks_markram: short-term
// depression and facilitation (Tsodyks & Markram 1997; the defaults are
// NEST's tsodyks2_synapse, depressing). Each spike delivers weight·u·x.
type TsodyksMarkram struct {
	U      float64    `toml:"u" doc:"utilization increment U, in (0, 1]"`
	TauRec units.Time `toml:"tau_rec" doc:"recovery time constant of x"`
	TauFac units.Time `toml:"tau_fac" doc:"facilitation time constant of u (0: none)"`
}

// LogSpikes is how many spikes of source 0 a tsodyks_markram rule logs
// (u, x and the amplitude), for the result's table.
const LogSpikes = 100

func init() {
	registry.RegisterPlasticity(registry.Plasticity{
		Name:   "tsodyks_markram",
		Doc:    "short-term depression and facilitation (Tsodyks & Markram 1997): each spike delivers weight·u·x",
		Params: func() any { return &TsodyksMarkram{U: 0.5, TauRec: 800} },
		Check: func(pa any, c *registry.PlasticityCheck) {
			p := pa.(*TsodyksMarkram)
			if !(p.U > 0 && p.U <= 1) {
				c.Errf("u", "%v is outside (0, 1]", p.U)
			}
			registry.Positive(c, "tau_rec", p.TauRec)
			if !(p.TauFac >= 0) {
				c.Errf("tau_fac", "must be >= 0, got %s", p.TauFac)
			}
			onSpikes(c, "tsodyks_markram")
		},
		Build: func(pa any, _ *registry.PlasticityBuild) (synapse.Rule, error) {
			p := pa.(*TsodyksMarkram)
			tm := &synapse.TsodyksMarkram{U: p.U, TauRec: float64(p.TauRec), TauFac: float64(p.TauFac)}
			tm.Log = make([]synapse.STPEvent, 0, LogSpikes)
			return tm, nil
		},
	})
}
