package experiment

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestRateStatsLong: a population rate with a 40 Hz rhythm gives osc_hz
// 40 through the whole-series spectrum (10,000 bins) and through the mean
// spectrum of segments (300,000 bins, an hour-long run's way), each within
// one frequency step of the analysis; Poisson counts without a rhythm give
// sync near 0 either way.
func TestRateStatsLong(t *testing.T) {
	const n, bin = 1000, 0.5 // units, ms
	rng := rand.New(rand.NewPCG(1, 2))
	series := func(bins int, amp float64) []float32 {
		hz := make([]float32, bins)
		for i := range hz {
			rate := 10 * (1 + amp*math.Sin(2*math.Pi*40*float64(i)*bin/1000))
			lambda := rate * n * bin / 1000
			// A normal approximation of the Poisson count (λ = 5).
			c := math.Max(0, math.Round(lambda+math.Sqrt(lambda)*rng.NormFloat64()))
			hz[i] = float32(c / (n * bin / 1000))
		}
		return hz
	}
	for _, bins := range []int{10000, 300000} {
		_, osc := rateStats(series(bins, 0.5), n, bin)
		seg := min(bins-bins/10, maxSegment)
		if df := 1000 / (bin * float64(seg)); math.Abs(osc-40) > df {
			t.Errorf("%d bins: osc_hz %.3f, want 40 ± %.3f", bins, osc, df)
		}
		sync, _ := rateStats(series(bins, 0), n, bin)
		if sync > 0.1 {
			t.Errorf("%d bins of Poisson counts: sync %.3f, want about 0", bins, sync)
		}
	}
}

// TestRateAcc: reduced as it comes, in chunks, a long rate gives the sync
// and osc_hz of rateStats on the whole series; a short one is rateStats'
// own, bit for bit.
func TestRateAcc(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, bins := range []int{5000, 300000} {
		hz := make([]float32, bins)
		for i := range hz {
			hz[i] = float32(10 + 5*math.Sin(2*math.Pi*23*float64(i)*0.5/1000) + 2*rng.NormFloat64())
		}
		a := newRateAcc(800, 0.5, bins)
		for i := 0; i < bins; i += 7777 {
			a.add(hz[i:min(i+7777, bins)])
		}
		s1, o1 := a.stats()
		s2, o2 := rateStats(hz, 800, 0.5)
		if a.long != (bins > 100000) || math.Abs(s1-s2) > 1e-9*s2 || o1 != o2 || (bins < 100000 && s1 != s2) {
			t.Errorf("%d bins (long %v): sync %v osc %v, rateStats %v %v", bins, a.long, s1, o1, s2, o2)
		}
	}
}
