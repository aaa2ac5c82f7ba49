// Package currents registers the kinds of injected current of simulate
// mode (the kind key of a [[current]]) with package registry: constant,
// step, noise and uniform_noise. Each kind has its parameter struct (its
// keys besides target, kind, start, stop and neurons, which `brainsim
// list currents` prints), its checks, and the stimulus of package neuron
// it builds. A new kind is a new registration here (or in any package
// imported for its side effect) and nothing else.
package currents

import (
	"fmt"

	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/units"
)

// Constant are the keys of kind constant.
type Constant struct {
	Amplitude *units.Current `toml:"amplitude" doc:"the current (required)"`
}

// Step are the keys of kind step: a piecewise constant current.
type Step struct {
	Times      []units.Time    `toml:"times" doc:"the times at which the amplitude changes, increasing (required)"`
	Amplitudes []units.Current `toml:"amplitudes" doc:"the amplitude from each time on (required)"`
}

// Noise are the keys of kind noise: a Gaussian current redrawn every
// step.
type Noise struct {
	Mean units.Current  `toml:"mean" doc:"the mean"`
	Std  *units.Current `toml:"std" doc:"the standard deviation (required)"`
}

// UniformNoise are the keys of kind uniform_noise: a current uniform in
// [low, high) redrawn every step, e.g. Izhikevich's thalamic input, whose
// 13·(rand − 0.5) is low = "-6.5nA", high = "6.5nA".
type UniformNoise struct {
	Low  *units.Current `toml:"low" doc:"the lower bound (required)"`
	High *units.Current `toml:"high" doc:"the upper bound (required)"`
}

func init() {
	registry.RegisterCurrent(registry.Current{
		Name:   "constant",
		Doc:    "a constant current",
		Params: func() any { return &Constant{} },
		Check: func(pa any, c *registry.Check) {
			if pa.(*Constant).Amplitude == nil {
				c.Errf("amplitude", "required for kind constant")
			}
		},
		Build: func(pa any, b *registry.CurrentBuild) neuron.Stimulus {
			return &neuron.StepCurrent{Steps: []int64{b.Start}, Amps: []float32{float32(*pa.(*Constant).Amplitude)}, Stop: b.Stop, Units: b.Units}
		},
	})
	registry.RegisterCurrent(registry.Current{
		Name:   "step",
		Doc:    "a piecewise constant current",
		Params: func() any { return &Step{} },
		Check:  checkStep,
		Build: func(pa any, b *registry.CurrentBuild) neuron.Stimulus {
			p := pa.(*Step)
			s := &neuron.StepCurrent{Stop: b.Stop, Units: b.Units}
			for k, t := range p.Times {
				s.Steps = append(s.Steps, b.Steps(float64(t)))
				s.Amps = append(s.Amps, float32(p.Amplitudes[k]))
			}
			return s
		},
	})
	registry.RegisterCurrent(registry.Current{
		Name:   "noise",
		Doc:    "a Gaussian current redrawn every step",
		Params: func() any { return &Noise{} },
		Check: func(pa any, c *registry.Check) {
			switch p := pa.(*Noise); {
			case p.Std == nil:
				c.Errf("std", "required for kind noise")
			case *p.Std < 0:
				c.Errf("std", "must be >= 0, got %s", *p.Std)
			}
		},
		Build: func(pa any, b *registry.CurrentBuild) neuron.Stimulus {
			p := pa.(*Noise)
			return &neuron.NoiseCurrent{Mean: float32(p.Mean), Std: float32(*p.Std), Start: b.Start, Stop: b.Stop, Units: b.Units, Rng: b.Rand()}
		},
	})
	registry.RegisterCurrent(registry.Current{
		Name:   "uniform_noise",
		Doc:    "a current uniform in [low, high) redrawn every step",
		Params: func() any { return &UniformNoise{} },
		Check: func(pa any, c *registry.Check) {
			p := pa.(*UniformNoise)
			if p.Low == nil {
				c.Errf("low", "required for kind uniform_noise")
			}
			if p.High == nil {
				c.Errf("high", "required for kind uniform_noise")
			}
			if p.Low != nil && p.High != nil && !(*p.High >= *p.Low) {
				c.Errf("high", "high %s is below low %s", *p.High, *p.Low)
			}
		},
		Build: func(pa any, b *registry.CurrentBuild) neuron.Stimulus {
			p := pa.(*UniformNoise)
			return &neuron.UniformNoise{Low: float32(*p.Low), High: float32(*p.High), Start: b.Start, Stop: b.Stop, Units: b.Units, Rng: b.Rand()}
		},
	})
}

func checkStep(pa any, c *registry.Check) {
	p := pa.(*Step)
	if p.Times == nil {
		c.Errf("times", "required for kind step")
	}
	if p.Amplitudes == nil {
		c.Errf("amplitudes", "required for kind step")
	}
	if p.Times != nil && p.Amplitudes != nil && len(p.Times) != len(p.Amplitudes) {
		c.Errf("amplitudes", "has %d values for %d times", len(p.Amplitudes), len(p.Times))
	}
	for i, t := range p.Times {
		switch {
		case t < 0:
			c.Errf(fmt.Sprintf("times[%d]", i), "must be >= 0, got %s", t)
		case i > 0 && t <= p.Times[i-1]:
			c.Errf(fmt.Sprintf("times[%d]", i), "times must increase; %s follows %s", t, p.Times[i-1])
		}
	}
}
