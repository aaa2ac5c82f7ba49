package neuron

import "math/rand/v2"

// Stimulus adds an external current (nA) to a population's Current slice
// for step t. Stimuli of a population are applied in a fixed order after the
// slice has been cleared.
type Stimulus interface {
	Apply(t int64, i []float32)
}

// StepCurrent is a piecewise constant current: from step Steps[k] on the
// amplitude is Amps[k] (nA); before Steps[0] and from Stop on it is zero.
// A constant current is a StepCurrent with one step. Units lists the units
// it reaches (nil: all).
type StepCurrent struct {
	Steps []int64
	Amps  []float32
	Stop  int64 // step at which it ends; < 0: never
	Units []int
}

func (s *StepCurrent) Apply(t int64, i []float32) {
	if s.Stop >= 0 && t >= s.Stop {
		return
	}
	a := float32(0)
	on := false
	for k, st := range s.Steps {
		if st > t {
			break
		}
		a, on = s.Amps[k], true
	}
	if !on || a == 0 {
		return
	}
	if s.Units == nil {
		for j := range i {
			i[j] += a
		}
		return
	}
	for _, j := range s.Units {
		i[j] += a
	}
}

// NoiseCurrent is a Gaussian white current redrawn every step, independent
// per unit: mean Mean, standard deviation Std (nA), active in [Start, Stop).
// (Izhikevich's thalamic input I = 5·randn per 1 ms step is Mean 0, Std 5.)
type NoiseCurrent struct {
	Mean, Std   float32
	Start, Stop int64 // Stop < 0: never ends
	Units       []int
	Rng         *rand.Rand
}

func (s *NoiseCurrent) Apply(t int64, i []float32) {
	if t < s.Start || (s.Stop >= 0 && t >= s.Stop) {
		return
	}
	if s.Units == nil {
		for j := range i {
			i[j] += s.Mean + s.Std*float32(s.Rng.NormFloat64())
		}
		return
	}
	for _, j := range s.Units {
		i[j] += s.Mean + s.Std*float32(s.Rng.NormFloat64())
	}
}
