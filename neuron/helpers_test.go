package neuron_test

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/neuron"
)

// relErr is |got - want| / |want|.
func relErr(got, want float64) float64 {
	return math.Abs(got-want) / math.Abs(want)
}

// mustReceptor creates a receptor or fails the test.
func mustReceptor(t testing.TB, p neuron.Population, kind neuron.ReceptorKind, tau, erev float64) *neuron.Receptor {
	t.Helper()
	r, err := p.Receptor(kind, tau, erev)
	if err != nil {
		t.Fatalf("Receptor(%v, %v, %v): %v", kind, tau, erev, err)
	}
	return r
}

// mustPrepare prepares a population or fails the test.
func mustPrepare(t testing.TB, p neuron.Population, dt float64, maxDelay int) {
	t.Helper()
	if err := p.Prepare(dt, maxDelay); err != nil {
		t.Fatalf("Prepare(%v, %v): %v", dt, maxDelay, err)
	}
}

// spikeTrain runs a one-unit population for steps [0, steps), calling
// before(t) ahead of each step when non-nil, and returns the spike times in
// ms (step·dt, the convention of SpikeTimes and Brian2).
func spikeTrain(t testing.TB, p neuron.Population, dt float64, steps int64, before func(step int64)) []float64 {
	t.Helper()
	var times []float64
	spikes := make([]uint32, 0, p.Len())
	var err error
	for s := int64(0); s < steps; s++ {
		if before != nil {
			before(s)
		}
		spikes, err = p.Step(s, spikes[:0])
		if err != nil {
			t.Fatalf("Step(%d): %v", s, err)
		}
		for _, u := range spikes {
			if u == 0 {
				times = append(times, float64(s)*dt)
			}
		}
	}
	return times
}

// isis returns the inter-spike intervals of sorted spike times.
func isis(times []float64) []float64 {
	if len(times) < 2 {
		return nil
	}
	out := make([]float64, len(times)-1)
	for i := range out {
		out[i] = times[i+1] - times[i]
	}
	return out
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}
