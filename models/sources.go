package models

import (
	"fmt"
	"math"

	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/units"
)

// Poisson are the keys of model poisson: independent Poisson spike
// trains, one per unit.
type Poisson struct {
	Rate  *units.Frequency `toml:"rate" doc:"spikes per second per unit (required)"`
	Start units.Time       `toml:"start" doc:"first time a spike can occur"`
	Stop  *units.Time      `toml:"stop" doc:"no spikes from this time on (default: the end of the run)"`
}

// SpikeTimes are the keys of model spike_times: given spike times, one
// list per unit.
type SpikeTimes struct {
	SpikeTimes [][]units.Time `toml:"spike_times" doc:"one list of times per unit, e.g. [[\"10ms\", \"20ms\"], []] (required; sets the size)"`
}

func init() {
	registry.RegisterModel(registry.Model{
		Name:    "poisson",
		Doc:     "a source of independent Poisson spike trains",
		Spiking: true,
		Vars:    spikeVars,
		Params:  func() any { return &Poisson{} },
		Check: func(pa any, c *registry.Check) {
			p := pa.(*Poisson)
			switch {
			case p.Rate == nil:
				c.Errf("rate", "required, e.g. rate = \"10Hz\"")
			case *p.Rate < 0:
				c.Errf("rate", "must be >= 0, got %s", *p.Rate)
			case float64(*p.Rate)*c.Dt/1000 > 1:
				c.Errf("rate", "%s gives more than one spike per step of %s", *p.Rate, units.Time(c.Dt))
			}
			registry.NonNeg(c, "start", p.Start)
			if p.Stop != nil && *p.Stop < p.Start {
				c.Errf("stop", "stop %s is before start %s", *p.Stop, p.Start)
			}
		},
		Build: func(pa any, b *registry.Build) (neuron.Population, error) {
			p := pa.(*Poisson)
			u := neuron.NewPoisson(b.Size, float64(*p.Rate), b.Rand("poisson"))
			u.Start = int64(math.Round(float64(p.Start) / b.Dt))
			if p.Stop != nil {
				u.Stop = int64(math.Round(float64(*p.Stop) / b.Dt))
			}
			return u, nil
		},
	})
	registry.RegisterModel(registry.Model{
		Name:    "spike_times",
		Doc:     "a source that spikes at given times",
		Spiking: true,
		Vars:    spikeVars,
		Params:  func() any { return &SpikeTimes{} },
		Check: func(pa any, c *registry.Check) {
			p := pa.(*SpikeTimes)
			switch {
			case p.SpikeTimes == nil:
				c.Errf("spike_times", "required: one list of times per neuron, e.g. [[\"10ms\"], []]")
			case c.Size > 0 && len(p.SpikeTimes) != c.Size:
				c.Errf("spike_times", "has %d lists, want one per neuron (size = %d)", len(p.SpikeTimes), c.Size)
			}
			for i, ts := range p.SpikeTimes {
				if ts == nil { // the TOML encoder cannot write a nil element
					p.SpikeTimes[i] = []units.Time{}
				}
				for j, t := range ts {
					key := fmt.Sprintf("spike_times[%d][%d]", i, j)
					step := math.Round(float64(t) / c.Dt)
					pastEnd := c.Duration > 0 && c.Dt > 0 && step >= math.Round(c.Duration/c.Dt)
					switch {
					case t < 0:
						c.Errf(key, "must be >= 0, got %s", t)
					case j > 0 && t < ts[j-1]:
						c.Errf(key, "%s is listed after %s: list each unit's times in ascending order", t, ts[j-1])
					case j > 0 && c.Dt > 0 && step == math.Round(float64(ts[j-1])/c.Dt):
						c.Errf(key, "%s falls in the same step of dt = %s as %s before it: a unit spikes at most once a step", t, units.Time(c.Dt), ts[j-1])
					case pastEnd:
						more := ""
						if k := len(ts) - j - 1; k > 0 {
							more = fmt.Sprintf(" (nor the %d after it)", k)
						}
						c.Errf(key, "%s is not before the end of the run (duration = %s): the spike would never be sent%s", t, units.Time(c.Duration), more)
					}
					if pastEnd { // one error for the rest of the list
						break
					}
				}
			}
		},
		Size: func(pa any) int { return len(pa.(*SpikeTimes).SpikeTimes) },
		Build: func(pa any, b *registry.Build) (neuron.Population, error) {
			p := pa.(*SpikeTimes)
			times := make([][]float64, len(p.SpikeTimes))
			for i, ts := range p.SpikeTimes {
				for _, t := range ts {
					times[i] = append(times[i], float64(t))
				}
			}
			return neuron.NewSpikeTimes(times), nil
		},
	})
}
