package analyses

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/brainsim/brainsim/cortex"
	"github.com/brainsim/brainsim/units"
)

// syntheticSpindles is a spindles analysis holding a rate in 1 ms bins:
// a background of mean 1 Hz with Gaussian noise of sd noise, and at each
// onset a spindle of f Hz under a Hann window of dur seconds with peak
// amplitude amp.
func syntheticSpindles(seconds float64, onsets, durs []float64, f, amp, noise float64, boundary *float64, rng *rand.Rand) *spindles {
	p := &Spindles{Population: "synthetic", Bin: 1, Start: 1000, Band: []units.Frequency{7, 15}, Order: 4,
		Window: 200, Threshold: 1.5, Boundary: boundary, MinDuration: 200, Pool: 1, Frame: 20}
	n := int(seconds * 1000)
	hz := make([]float32, n)
	for i := range hz {
		hz[i] = float32(1 + noise*rng.NormFloat64())
	}
	for k, on := range onsets {
		m := int(durs[k] * 1000)
		for j := range m {
			w := 0.5 - 0.5*math.Cos(2*math.Pi*float64(j)/float64(m-1))
			i := int(on*1000) + j
			hz[i] += float32(amp * w * (1 + math.Sin(2*math.Pi*f*float64(j)/1000)))
		}
	}
	return &spindles{p: p, bin: 1, dt: 1, rate: &cortex.RateRecorder{Every: 1, Hz: hz}}
}

// Planted spindles of 10 Hz under Hann windows of 0.6 to 2.4 s, every
// 3 to 6 s, in noise: every one is found once, at its place; the
// spectral peak within episodes is 10 Hz (within the 0.49 Hz of a 2 s
// periodogram); the intervals are the planted ones. The episodes' widths
// grow as the boundary goes down (at mean + 1.5 sd, Mölle et al.'s single
// threshold, the top of a Hann window; at the mean, most of it), and
// stay inside the planted windows.
func TestSpindlesSynthetic(t *testing.T) {
	onsets := []float64{3, 7, 10.5, 14, 19, 23, 27}
	durs := []float64{0.6, 1.0, 1.5, 2.4, 0.8, 1.2, 2.0}
	var prev []float64
	for _, b := range []float64{1.5, 0.5, 0} {
		rng := rand.New(rand.NewPCG(1, 2))
		a := syntheticSpindles(32, onsets, durs, 10, 6, 2, &b, rng)
		r := a.result()
		if r.err != "" {
			t.Fatal(r.err)
		}
		if len(r.episodes) != len(onsets) {
			t.Fatalf("boundary %v: %d episodes, want %d: %v", b, len(r.episodes), len(onsets), r.durations)
		}
		for k, e := range r.episodes {
			from := float64(r.first+e[0]) / r.fs
			to := float64(r.first+e[1]) / r.fs
			if from < onsets[k]-0.1 || to > onsets[k]+durs[k]+0.1 {
				t.Errorf("boundary %v: episode %d at %.2f-%.2f s, planted %.2f-%.2f", b, k, from, to, onsets[k], onsets[k]+durs[k])
			}
			if prev != nil && r.durations[k] < prev[k] {
				t.Errorf("boundary %v: episode %d lasts %.3f s, shorter than at a higher boundary (%.3f)", b, k, r.durations[k], prev[k])
			}
			if k > 0 && math.Abs(r.interval[k-1]-(onsets[k]-onsets[k-1])) > 0.5*durs[k]+0.1 {
				t.Errorf("boundary %v: interval %d %.2f s, planted %.2f", b, k, r.interval[k-1], onsets[k]-onsets[k-1])
			}
		}
		if b == 0 {
			for k, d := range r.durations {
				if d < 0.5*durs[k] {
					t.Errorf("boundary at the mean: episode %d lasts %.3f s of a %.1f s window", k, d, durs[k])
				}
			}
		}
		if math.Abs(r.peak-10) > 0.5 {
			t.Errorf("boundary %v: spectral peak %.2f Hz, want 10", b, r.peak)
		}
		prev = r.durations
	}
	// Noise alone: the envelope's own fluctuations rarely last 200 ms
	// above mean + 1.5 sd; the table says so rather than failing.
	rng := rand.New(rand.NewPCG(3, 4))
	a := syntheticSpindles(32, nil, nil, 10, 0, 2, nil, rng)
	r := a.result()
	if len(r.episodes) > 3 {
		t.Errorf("noise alone: %d episodes", len(r.episodes))
	}
	if tb := a.Tables(0); len(tb) != 1 || len(tb[0].Rows) != 1 {
		t.Errorf("table %v", tb)
	}
}

// A run shorter than 4 s after start is refused in the table, not
// analysed.
func TestSpindlesShort(t *testing.T) {
	a := syntheticSpindles(4, nil, nil, 10, 0, 1, nil, rand.New(rand.NewPCG(1, 1)))
	if r := a.result(); r.err == "" {
		t.Error("a 3 s window was analysed")
	}
}
