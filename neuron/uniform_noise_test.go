package neuron

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestUniformNoise: daspnet's thalamic input 13·(rand − 0.5) has mean 0,
// variance 13²/12 and stays within [−6.5, 6.5); over 10⁵ draws the sample
// mean is within 4 standard errors (4·3.753/√10⁵ = 0.047) of 0 and the
// variance within 1% of 14.08. Outside [Start, Stop) nothing is added.
func TestUniformNoise(t *testing.T) {
	const n = 100000
	s := &UniformNoise{Low: -6.5, High: 6.5, Start: 1, Stop: 2, Rng: rand.New(rand.NewPCG(1, 2))}
	cur := make([]float32, n)
	s.Apply(0, cur)
	s.Apply(2, cur)
	for _, x := range cur {
		if x != 0 {
			t.Fatalf("current outside [start, stop): %v", x)
		}
	}
	s.Apply(1, cur)
	var sum, sq float64
	for _, x := range cur {
		if x < -6.5 || x >= 6.5 {
			t.Fatalf("draw %v outside [-6.5, 6.5)", x)
		}
		sum += float64(x)
		sq += float64(x) * float64(x)
	}
	mean := sum / n
	v := sq/n - mean*mean
	if math.Abs(mean) > 0.047 {
		t.Errorf("mean: got %v, want 0 ± 0.047", mean)
	}
	if want := 169.0 / 12; math.Abs(v-want) > 0.01*want {
		t.Errorf("variance: got %v, want %v", v, want)
	}
}
