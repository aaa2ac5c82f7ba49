package neuron

import "math/rand/v2"

// UniformNoise is a white current redrawn every step, independent per unit
// and uniform in [Low, High) (nA), active in [Start, Stop). Izhikevich's
// thalamic input in daspnet.m, I = 13·(rand − 0.5) per 1 ms step, is Low
// −6.5, High 6.5.
type UniformNoise struct {
	Low, High   float32
	Start, Stop int64 // Stop < 0: never ends
	Units       []int
	Rng         *rand.Rand
}

func (s *UniformNoise) Apply(t int64, i []float32) {
	if t < s.Start || (s.Stop >= 0 && t >= s.Stop) {
		return
	}
	w := float64(s.High - s.Low)
	if s.Units == nil {
		for j := range i {
			i[j] += s.Low + float32(w*s.Rng.Float64())
		}
		return
	}
	for _, j := range s.Units {
		i[j] += s.Low + float32(w*s.Rng.Float64())
	}
}
