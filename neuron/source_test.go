package neuron_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/brainsim/brainsim/neuron"
)

// TestPoissonRate: n = 1000 sources at 20 Hz for 10 s (dt 0.1 ms) spike in
// each step independently with p = rate·dt = 0.002, so the total count is
// Binomial(N, p), N = n·steps = 1e8: mean N p = 2e5, standard deviation
// sqrt(N p (1-p)) = 447. The test asserts the count within 5 sigma (1.1%).
// Each source's count is Binomial(1e5, p) with variance 199.6; the sample
// variance over 1000 sources has a standard error of about
// 199.6·sqrt(2/999) = 8.9, asserted within 5 of those (independence of
// the geometric skipping across units). Every source gets spikes, indices
// within a step are strictly increasing.
func TestPoissonRate(t *testing.T) {
	t.Parallel()
	const n, rate, dt = 1000, 20.0, 0.1
	steps := int64(100000) // 10 s
	if testing.Short() {
		steps = 20000 // 2 s
	}
	s := neuron.NewPoisson(n, rate, rand.New(rand.NewPCG(7, 11)))
	mustPrepare(t, s, dt, 1)
	counts := make([]float64, n)
	spikes := make([]uint32, 0, n)
	var err error
	total := 0
	for st := int64(0); st < steps; st++ {
		if spikes, err = s.Step(st, spikes[:0]); err != nil {
			t.Fatal(err)
		}
		for k, i := range spikes {
			if k > 0 && i <= spikes[k-1] || int(i) >= n {
				t.Fatalf("step %d: spikes %v not strictly increasing within [0, %d)", st, spikes, n)
			}
			counts[i]++
		}
		total += len(spikes)
	}
	p := rate * dt / 1000
	N := float64(n) * float64(steps)
	mu, sigma := N*p, math.Sqrt(N*p*(1-p))
	t.Logf("total %d spikes, want %.0f ± %.0f (5 sigma %.3g%%)", total, mu, sigma, 500*sigma/mu)
	if math.Abs(float64(total)-mu) > 5*sigma {
		t.Errorf("total spikes got %d, want %.0f ± %.0f (5 sigma)", total, mu, 5*sigma)
	}
	m := mean(counts)
	v := 0.0
	for _, c := range counts {
		v += (c - m) * (c - m)
	}
	v /= n - 1
	wantVar := float64(steps) * p * (1 - p)
	se := wantVar * math.Sqrt(2.0/(n-1))
	t.Logf("per-source count variance %.1f, want %.1f ± %.1f", v, wantVar, se)
	if math.Abs(v-wantVar) > 5*se {
		t.Errorf("per-source count variance got %v, want %v ± %v (5 standard errors)", v, wantVar, 5*se)
	}
	if slices.Min(counts) == 0 {
		t.Errorf("a source never spiked in %d steps at p = %v", steps, p)
	}
}

// TestPoissonStartStop: no spikes outside [Start, Stop), spikes inside, and
// p = 1 (rate = 1/dt) fires every source every active step.
func TestPoissonStartStop(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		rate        float64
		start, stop int64
	}{
		{"window", 500, 100, 300},
		{"forever", 500, 50, -1},
		{"every_step", 10000, 10, 20}, // p = 10000 Hz × 0.1 ms = 1
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := neuron.NewPoisson(50, tc.rate, rand.New(rand.NewPCG(1, 2)))
			s.Start, s.Stop = tc.start, tc.stop
			mustPrepare(t, s, 0.1, 1)
			inside := 0
			for st := int64(0); st < 400; st++ {
				sp, err := s.Step(st, nil)
				if err != nil {
					t.Fatal(err)
				}
				active := st >= tc.start && (tc.stop < 0 || st < tc.stop)
				if !active && len(sp) > 0 {
					t.Fatalf("step %d outside [%d, %d): got %d spikes, want 0", st, tc.start, tc.stop, len(sp))
				}
				if tc.rate == 10000 && active && len(sp) != 50 {
					t.Fatalf("step %d with p = 1: got %d spikes, want 50", st, len(sp))
				}
				inside += len(sp)
			}
			if inside == 0 {
				t.Errorf("got no spikes in [%d, %d), want some", tc.start, tc.stop)
			}
		})
	}
}

// TestPoissonSeed: the same seed gives the same spikes, another seed other
// spikes.
func TestPoissonSeed(t *testing.T) {
	t.Parallel()
	run := func(seed uint64) []uint64 {
		s := neuron.NewPoisson(200, 40, rand.New(rand.NewPCG(seed, 3)))
		mustPrepare(t, s, 0.1, 1)
		var out []uint64
		for st := int64(0); st < 2000; st++ {
			sp, err := s.Step(st, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, i := range sp {
				out = append(out, uint64(st)<<32|uint64(i))
			}
		}
		return out
	}
	a, b, c := run(5), run(5), run(6)
	if !slices.Equal(a, b) {
		t.Errorf("same seed: got different spike trains (%d and %d spikes)", len(a), len(b))
	}
	if slices.Equal(a, c) {
		t.Errorf("different seeds: got identical spike trains")
	}
}

func TestPoissonPrepareErrors(t *testing.T) {
	t.Parallel()
	for _, rate := range []float64{-1, 20000, math.NaN()} { // p = 2 at 20 kHz, dt 0.1 ms
		if err := neuron.NewPoisson(1, rate, rand.New(rand.NewPCG(1, 1))).Prepare(0.1, 1); err == nil {
			t.Errorf("rate %v Hz at dt 0.1 ms: got nil error, want one", rate)
		}
	}
}

// TestSpikeTimes: a spike at time τ is emitted in step round(τ/dt); unsorted
// times, duplicates (one spike per unit and step) and two units in one step
// (ascending unit order).
func TestSpikeTimes(t *testing.T) {
	t.Parallel()
	const dt = 0.1
	times := [][]float64{
		{5.0, 0.0, 0.26, 1.04, 1.05, 7.349}, // 1.04 → 10, 1.05 → 11 (round half away from zero: 10.5 → 11)
		{0.3, 0.3, 0.04},                    // duplicate 0.3, 0.04 → 0
		{},
		{5.01}, // step 50, together with unit 0
	}
	s := neuron.NewSpikeTimes(times)
	mustPrepare(t, s, dt, 1)
	want := map[int64][]uint32{0: {0, 1}, 3: {0, 1}, 10: {0}, 11: {0}, 50: {0, 3}, 73: {0}}
	// 0.26/0.1 = 2.6 → 3; 0.3 → 3; 7.349 → 73.
	got := map[int64][]uint32{}
	for st := int64(0); st < 100; st++ {
		sp, err := s.Step(st, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(sp) > 0 {
			got[st] = slices.Clone(sp)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got spikes at %d steps %v, want %d %v", len(got), got, len(want), want)
	}
	for st, w := range want {
		if !slices.Equal(got[st], w) {
			t.Errorf("step %d: got %v, want %v", st, got[st], w)
		}
	}
	// Stepping again after Prepare replays the train; a skipped step's
	// spikes are dropped, not emitted late.
	mustPrepare(t, s, dt, 1)
	if sp, _ := s.Step(3, nil); !slices.Equal(sp, []uint32{0, 1}) {
		t.Errorf("after re-Prepare, step 3 got %v, want [0 1]", sp)
	}
	if err := neuron.NewSpikeTimes([][]float64{{-1}}).Prepare(dt, 1); err == nil {
		t.Errorf("negative spike time: got nil error, want one")
	}
}

// TestStepCurrent: piecewise constant amplitude, Stop, and Units.
func TestStepCurrent(t *testing.T) {
	t.Parallel()
	s := &neuron.StepCurrent{Steps: []int64{10, 20}, Amps: []float32{1, -0.5}, Stop: 30, Units: []int{1}}
	for _, tc := range []struct {
		t    int64
		want float32
	}{{0, 0}, {9, 0}, {10, 1}, {19, 1}, {20, -0.5}, {29, -0.5}, {30, 0}, {100, 0}} {
		i := make([]float32, 3)
		s.Apply(tc.t, i)
		if i[1] != tc.want || i[0] != 0 || i[2] != 0 {
			t.Errorf("step %d: got %v, want [0 %v 0]", tc.t, i, tc.want)
		}
	}
	all := &neuron.StepCurrent{Steps: []int64{0}, Amps: []float32{2}, Stop: -1}
	i := []float32{1, 1}
	all.Apply(1e9, i)
	if !slices.Equal(i, []float32{3, 3}) {
		t.Errorf("constant current adds to every unit: got %v, want [3 3]", i)
	}
}

// TestNoiseCurrent: mean and standard deviation of the drawn current within
// 5 standard errors (n = 1e5 draws: SE of the mean Std/sqrt(n) = 0.0158,
// of the standard deviation about Std/sqrt(2n) = 0.0112 for Std = 5);
// nothing outside [Start, Stop).
func TestNoiseCurrent(t *testing.T) {
	t.Parallel()
	const n = 100000
	s := &neuron.NoiseCurrent{Mean: 1, Std: 5, Start: 2, Stop: 3, Rng: rand.New(rand.NewPCG(3, 3))}
	i := make([]float32, n)
	s.Apply(1, i)
	s.Apply(3, i)
	for _, x := range i {
		if x != 0 {
			t.Fatalf("outside [Start, Stop): got current %v, want 0", x)
		}
	}
	s.Apply(2, i)
	var m, v float64
	for _, x := range i {
		m += float64(x)
	}
	m /= n
	for _, x := range i {
		v += (float64(x) - m) * (float64(x) - m)
	}
	sd := math.Sqrt(v / (n - 1))
	if math.Abs(m-1) > 5*5/math.Sqrt(n) {
		t.Errorf("mean got %v, want 1 ± %v", m, 25/math.Sqrt(n))
	}
	if math.Abs(sd-5) > 5*5/math.Sqrt(2*n) {
		t.Errorf("std got %v, want 5 ± %v", sd, 25/math.Sqrt(2*n))
	}
}

// TestSourcesRefuseReceptors: input sources cannot receive synapses.
func TestSourcesRefuseReceptors(t *testing.T) {
	t.Parallel()
	for _, p := range []neuron.Population{
		neuron.NewPoisson(3, 10, rand.New(rand.NewPCG(1, 1))),
		neuron.NewSpikeTimes([][]float64{{1}}),
	} {
		if r, err := p.Receptor(neuron.ExpCurrent, 5, 0); err == nil || r != nil {
			t.Errorf("%s.Receptor: got %v, %v, want an error", p.Model(), r, err)
		}
		if p.Current() != nil || p.Output() != nil || p.Var("v") != nil || p.Receptors() != nil {
			t.Errorf("%s: a source has no current, output, variables or receptors", p.Model())
		}
	}
}

// TestPoissonSetRates: per-source rates by geometric countdowns give each
// source its own Bernoulli train: counts within 5 standard deviations of
// rate·T, none for rate 0, every step for a probability of 1, and the
// same trains for the same seed.
func TestPoissonSetRates(t *testing.T) {
	const dt, steps = 0.5, 200000 // 100 s
	rates := []float64{0, 5, 40, 250, 2000}
	run := func() []int {
		s := neuron.NewPoisson(len(rates), 0, rand.New(rand.NewPCG(9, 9)))
		if err := s.Prepare(dt, 1); err != nil {
			t.Fatal(err)
		}
		if err := s.SetRates(rates); err != nil {
			t.Fatal(err)
		}
		n := make([]int, len(rates))
		var sp []uint32
		for st := range int64(steps) {
			sp, _ = s.Step(st, sp[:0])
			for _, u := range sp {
				n[u]++
			}
		}
		return n
	}
	n := run()
	for i, r := range rates {
		p := r * dt / 1000
		mean := p * steps
		sd := math.Sqrt(steps * p * (1 - p))
		t.Logf("%g Hz: %d spikes (expected %.0f ± %.1f)", r, n[i], mean, sd)
		if math.Abs(float64(n[i])-mean) > 5*sd+1e-9 {
			t.Errorf("%g Hz: %d spikes, want %.0f ± %.1f", r, n[i], mean, 5*sd)
		}
	}
	if m := run(); fmt.Sprint(m) != fmt.Sprint(n) {
		t.Errorf("same seed, other counts: %v and %v", n, m)
	}
	s := neuron.NewPoisson(2, 0, rand.New(rand.NewPCG(1, 1)))
	if err := s.Prepare(dt, 1); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRates([]float64{1e9, 0}); err == nil {
		t.Error("a rate above 1000/dt was accepted")
	}
}
