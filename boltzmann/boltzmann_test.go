package boltzmann

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sort"
	"sync"
	"testing"

	"github.com/brainsim/brainsim/dataset"
)

// TestEnergyDelta checks, on random weights and states, that flipping
// unit i from old to new changes E by exactly -ΔE_i·(new-old)
// (tolerance 1e-9).
func TestEnergyDelta(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 1))
	m := New(7, 3, nil, rng)
	for i := range m.N {
		m.B[i] = rng.NormFloat64()
		for j := i + 1; j < m.N; j++ {
			w := rng.NormFloat64()
			m.W[i*m.N+j], m.W[j*m.N+i] = w, w
		}
	}
	s := make([]float64, m.N)
	for range 50 {
		for i := range s {
			s[i] = float64(rng.IntN(2))
		}
		for i := range m.N {
			old := s[i]
			e0, d := m.Energy(s), m.DeltaE(s, i)
			s[i] = 1 - old
			e1 := m.Energy(s)
			if want := -d * (s[i] - old); math.Abs(e1-e0-want) > 1e-9 {
				t.Fatalf("unit %d: ΔE = %g, want %g", i, e1-e0, want)
			}
			s[i] = old
		}
	}
}

func TestMask(t *testing.T) {
	t.Parallel()
	m := New(10, 8, EncoderMask(4, false), rand.New(rand.NewPCG(1, 1)))
	for i := range 10 {
		for j := range 10 {
			want := i != j && (i >= 8) != (j >= 8)
			if m.Allowed[i*10+j] != want {
				t.Fatalf("Allowed[%d,%d] = %v, want %v", i, j, !want, want)
			}
		}
	}
}

func xorMachine(seed uint64) (*Machine, Result) {
	m := New(5, 3, nil, rand.New(rand.NewPCG(seed, 2)))
	r := m.Train(CompletionTask(dataset.XOR()), 1000, Options{SignUpdate: true, CheckEvery: 10})
	return m, r
}

// TestDeterminism: the same seed gives the same weights and cycles.
func TestDeterminism(t *testing.T) {
	t.Parallel()
	a, ra := xorMachine(3)
	b, rb := xorMachine(3)
	if ra != rb || !slices.Equal(a.W, b.W) || !slices.Equal(a.B, b.B) {
		t.Fatalf("same seed, different runs: %+v vs %+v", ra, rb)
	}
}

// TestXOR: XOR as completion (x1, x2 clamped in both phases, y free in
// the free phase), 2 hidden units, all-to-all, AHS sign rule (step 2,
// schedule 2@20 2@15 2@12 4@10 + 10 @10). Solved = 5 consecutive
// accuracy evaluations of 1.0. Requirement: >= 8 of 10 seeds.
func TestXOR(t *testing.T) {
	t.Parallel()
	ok := 0
	var cycles []int
	for seed := range uint64(10) {
		_, r := xorMachine(seed)
		if r.Solved {
			ok++
			cycles = append(cycles, r.Cycles)
		}
	}
	t.Logf("XOR: %d/10 solved, cycles %v (median %d)", ok, cycles, median(cycles))
	if ok < 8 {
		t.Fatalf("XOR solved in %d/10 seeds, want >= 8", ok)
	}
}

func median(x []int) int {
	if len(x) == 0 {
		return 0
	}
	x = slices.Clone(x)
	sort.Ints(x)
	return x[len(x)/2]
}

// encoder424 trains the 4-2-4 encoder for seeds [0, n) in parallel
// (each seed has its own rng, so the result is deterministic) with mask
// and opts, up to maxc cycles, and returns the solved count and the
// cycles of the solved runs in seed order.
func encoder424(n int, mask func(i, j int) bool, opts Options, maxc int) (int, []int) {
	task := CompletionTask(dataset.Encoder(4, "4-2-4"))
	res := make([]Result, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for seed := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			m := New(10, 8, mask, rand.New(rand.NewPCG(uint64(seed), 1)))
			res[seed] = m.Train(task, maxc, opts)
		}()
	}
	wg.Wait()
	ok := 0
	var cyc []int
	for _, r := range res {
		if r.Solved {
			ok++
			cyc = append(cyc, r.Cycles)
		}
	}
	return ok, cyc
}

// Test424 trains the 4-2-4 encoder with EncoderOptions (proportional
// rule Δw = 20(p⁺-p⁻), co-occurrences from firing probabilities, free
// phase with every visible unit free, noisy clamping 0.15/0.05, 10
// annealings per pattern and phase, Schedule424 + 10 time units at
// T = 10, restart after 400 unsolved cycles) on EncoderMask (V1–H, V2–H
// only), seeds 0..19, up to 3000 cycles; solved = 5 consecutive
// completion accuracies of 1.0 (clamp V1, read V2), checked every 10
// cycles. Requirement: >= 19 of 20 seeds (measured 20/20; 250 seeds:
// 250/250, see doc.go).
func Test424(t *testing.T) {
	t.Parallel()
	const n = 20
	ok, cyc := encoder424(n, EncoderMask(4, false), EncoderOptions(8), 3000)
	t.Logf("4-2-4: %d/%d solved, median %d cycles (AHS 1985: 250/250, median 110)", ok, n, median(cyc))
	if ok < 19 {
		t.Fatalf("4-2-4 solved in %d/%d seeds, want >= 19", ok, n)
	}
}

// Test424Sign trains the 4-2-4 encoder with AHSEncoderOptions (sign
// rule step 3, decay 0.005) on EncoderMaskLateral, up to 5000 cycles.
// Requirement: >= 98% of 50 seeds (measured 50/50, median 1100 cycles).
func Test424Sign(t *testing.T) {
	if testing.Short() {
		t.Skip("4-2-4 sign-rule sweep (~20 s) skipped in -short")
	}
	t.Parallel()
	const n = 50
	ok, cyc := encoder424(n, EncoderMaskLateral(4, false), AHSEncoderOptions(8), 5000)
	t.Logf("4-2-4 sign rule: %d/%d solved, median %d cycles", ok, n, median(cyc))
	if float64(ok)/n < 0.98 {
		t.Fatalf("4-2-4 solved in %d/%d seeds, want >= 98%%", ok, n)
	}
}

func TestMaskLateral(t *testing.T) {
	t.Parallel()
	m := New(10, 8, EncoderMaskLateral(4, false), rand.New(rand.NewPCG(1, 1)))
	for i := range 10 {
		for j := range 10 {
			hid := (i >= 8) != (j >= 8)
			lat := i < 8 && j < 8 && (i < 4) == (j < 4)
			if want := i != j && (hid || lat); m.Allowed[i*10+j] != want {
				t.Fatalf("Allowed[%d,%d] = %v, want %v", i, j, !want, want)
			}
		}
	}
}

// Test838 trains the 8-3-8 encoder with EncoderOptions(16) (as 4-2-4
// but off-bit noise 0.15/7, 4 annealings per pattern and phase,
// completion and codes with ScheduleRetrieval, restart after 1000
// unsolved cycles) on EncoderMask(8, false), seeds 0..3, up to 3000
// cycles. Requirement: >= 3 of 4 seeds with all 8 hidden codes distinct
// (DistinctCodes). The full measurement (20 seeds, up to 10000 cycles:
// 20/20, AHS 16/20) is in doc.go; this is the -short-sized check.
func Test838(t *testing.T) {
	t.Parallel()
	const n = 4
	res, acc, codes := encoderSeeds(8, 3, EncoderMask(8, false), EncoderOptions(16), 3000, 0, n)
	all := 0
	for _, c := range codes {
		if c == 8 {
			all++
		}
	}
	t.Logf("8-3-8: all 8 codes in %d/%d seeds (codes %v), results %+v, accuracy %v", all, n, codes, res, acc)
	if all < 3 {
		t.Fatalf("8-3-8: all 8 codes in %d/%d seeds, want >= 3", all, n)
	}
}

// Test40 trains the 40-10-40 encoder with EncoderOptions(80) (2
// annealings per pattern and phase, off-bit noise 0.15/39, visible
// biases from the data, completion with ScheduleRetrieval, argmax
// accuracy, no restarts) on EncoderMask(40, false), seed 0, up to 2000
// cycles. Requirement: mean completion accuracy over 5 evaluations
// >= 0.986 (AHS 1985: 98.6%) and all 40 hidden codes distinct. Skipped
// in -short (~10–20 s).
func Test40(t *testing.T) {
	if testing.Short() {
		t.Skip("40-10-40 (~10-20 s) skipped in -short")
	}
	t.Parallel()
	res, acc, codes := encoderSeeds(40, 10, EncoderMask(40, false), EncoderOptions(80), 2000, 0, 1)
	t.Logf("40-10-40: %+v, accuracy %.4f, %d distinct codes", res[0], acc[0], codes[0])
	if acc[0] < 0.986 || codes[0] != 40 {
		t.Fatalf("40-10-40: accuracy %.4f (want >= 0.986), %d distinct codes (want 40)", acc[0], codes[0])
	}
}
