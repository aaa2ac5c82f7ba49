package analyses

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/brainsim/brainsim/units"
)

// synthetic is a waves analysis holding an LFP proxy (its excitatory
// term, kept positive) on a rows × cols grid of pools over a 4 mm side,
// sampled every ms for ms ms: a plane wave of f Hz travelling at c m/s
// in direction th, plus independent noise of standard deviation noise
// per pool and sample.
func synthetic(rows, cols, ms int, f, c, th, noise float64, rng *rand.Rand) *waves {
	p := &Waves{Population: "synthetic", Pool: 1, Every: 1, Shift: 0, InhScale: 0, Rate: 1000, Start: 200,
		Band: []units.Frequency{5, 100}, Order: 4, Low: 5, Percentile: 99}
	const side = 4.0 // mm
	a := &waves{p: p, rows: rows, cols: cols, hx: side / float64(cols), hy: side / float64(rows),
		dt: 1, probe: &wavePools{every: 1}, shuffle: rng.Perm(rows * cols)}
	k := 2 * math.Pi * f / (c * 1000) // rad/mm
	for t := range ms {
		for r := range rows {
			for q := range cols {
				x, y := (float64(q)+0.5)*a.hx, (float64(r)+0.5)*a.hy
				ph := 2*math.Pi*f*float64(t)/1000 - k*(x*math.Cos(th)+y*math.Sin(th))
				a.probe.Exc = append(a.probe.Exc, float32(3+math.Cos(ph)+noise*rng.NormFloat64()))
				a.probe.Inh = append(a.probe.Inh, 0)
			}
		}
	}
	return a
}

// A plane wave whose wavelength fits in the sheet (so that its shuffled
// pools have phases all round the circle) and exceeds the threshold is a
// significant wave at most points, at its speed; a field of independent noise has
// significant waves at the surrogate's rate, 1 - percentile/100. (A
// wave much longer than the sheet looks alike to its shuffle: the test
// cannot see it, as in Davis et al.'s analysis.)
func TestWavesSynthetic(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, tc := range []struct {
		f, c, th float64
	}{{30, 0.1, 0.3}, {25, 0.1, 2.0}, {40, 0.15, -1.2}} { // wavelengths 3.3, 4, 3.75 mm
		// The threshold is about 35 pool spacings (the 99th percentile of
		// 1/|∇φ| for random phases): 2.3 mm on 60 x 60 pools.
		a := synthetic(60, 60, 600, tc.f, tc.c, tc.th, 0.05, rng)
		r := a.result()
		if r.err != "" {
			t.Fatal(r.err)
		}
		if r.fraction < 0.5 {
			t.Errorf("%g Hz at %g m/s: wave fraction %.3f, want > 0.5 (noise gives 0.01)", tc.f, tc.c, r.fraction)
		}
		// Over all points the median speed is the wave's; over the
		// significant ones, picked for their long wavelengths, it reads
		// high by the noise's share of the gradient (11-17% here).
		if math.Abs(r.speedAll-tc.c) > 0.05*tc.c || r.speed < tc.c || r.speed > 1.25*tc.c {
			t.Errorf("%g Hz at %g m/s: median speed %.4g m/s (all points %.4g), threshold %.3g mm", tc.f, tc.c, r.speed, r.speedAll, r.threshold)
		}
	}
	a := synthetic(40, 40, 800, 20, 0.2, 0, 0, rng)
	for i := range a.probe.Exc {
		a.probe.Exc[i] = float32(3 + rng.NormFloat64())
	}
	r := a.result()
	if r.fraction > 0.03 || r.fraction < 0.002 {
		t.Errorf("noise: wave fraction %.4f, want about 0.01", r.fraction)
	}
}

// An interrupted run's analysis gives up at once and says so.
func TestWavesStopped(t *testing.T) {
	a := synthetic(20, 20, 600, 30, 0.1, 0, 0.05, rand.New(rand.NewPCG(1, 1)))
	a.stopped = func() bool { return true }
	if r := a.result(); r.err != "interrupted: not analysed" {
		t.Errorf("stopped analysis: err %q", r.err)
	}
	if tb := a.Tables(0); len(tb) != 1 || tb[0].Rows[0][1] != "interrupted: not analysed" {
		t.Errorf("stopped analysis table: %+v", tb)
	}
}
