package boltzmann

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
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

// Test424 trains the 4-2-4 encoder (V1–H and V2–H connections only, AHS
// sign rule step 2, schedule424, 10 time units of statistics at T=10,
// up to 1000 cycles, solved = 5 consecutive completion accuracies of 1.0
// clamping V1 and reading V2) in two variants:
//   - completion: V1 clamped in the free phase too, 4 annealings per
//     pattern and phase (asserted: >= 6 of 10 seeds; measured 6/10);
//   - AHS: free phase with every visible unit free (logged only).
func Test424(t *testing.T) {
	if testing.Short() {
		t.Skip("4-2-4 sweep skipped in -short")
	}
	t.Parallel()
	task := CompletionTask(dataset.Encoder(4, "4-2-4"))
	rate := func(o Options) (int, []int) {
		ok := 0
		var cyc []int
		for seed := range uint64(10) {
			m := New(10, 8, EncoderMask(4, false), rand.New(rand.NewPCG(seed, 1)))
			if r := m.Train(task, 1000, o); r.Solved {
				ok++
				cyc = append(cyc, r.Cycles)
			}
		}
		return ok, cyc
	}
	okA, cycA := rate(Options{SignUpdate: true, CheckEvery: 10, Clamp: make([]bool, 8)})
	t.Logf("4-2-4 AHS free phase: %d/10 solved, cycles %v (median %d)", okA, cycA, median(cycA))
	okC, cycC := rate(Options{SignUpdate: true, CheckEvery: 10, Runs: 4})
	t.Logf("4-2-4 completion: %d/10 solved, cycles %v (median %d)", okC, cycC, median(cycC))
	if okC < 6 {
		t.Fatalf("4-2-4 completion solved in %d/10 seeds, want >= 6", okC)
	}
}
