package boltzmann

import (
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/brainsim/brainsim/dataset"
)

// exactStats returns <s_i s_j> (directed-symmetric, N×N) and <s_i> under
// the Boltzmann distribution at temperature t with the visible units
// drawn from data (a distribution over visible vectors given as
// weights; nil: free) by enumeration. Small machines only.
func (m *Machine) exactStats(t float64, vis [][]float64, pv []float64, co, act []float64) {
	n := m.N
	s := make([]float64, n)
	enum := func(weight float64, base int) {
		// enumerate the free units (base..n-1), clamped ones set in s
		z := 0.0
		cnt := 1 << (n - base)
		ps := make([]float64, cnt)
		emin := math.Inf(1)
		es := make([]float64, cnt)
		for c := range cnt {
			for k := base; k < n; k++ {
				s[k] = float64((c >> (k - base)) & 1)
			}
			es[c] = m.Energy(s) / t
			emin = math.Min(emin, es[c])
		}
		for c := range cnt {
			ps[c] = math.Exp(-(es[c] - emin))
			z += ps[c]
		}
		for c := range cnt {
			p := weight * ps[c] / z
			for k := base; k < n; k++ {
				s[k] = float64((c >> (k - base)) & 1)
			}
			for i := range n {
				if s[i] == 0 {
					continue
				}
				act[i] += p
				for _, j := range m.nb[i] {
					if s[j] != 0 {
						co[i*n+j] += p
					}
				}
			}
		}
	}
	if vis == nil {
		enum(1, 0)
		return
	}
	for k, v := range vis {
		copy(s, v)
		enum(pv[k], m.Visible)
	}
}

// BenchmarkMeasureExact is a by-hand measurement: it trains the 4-2-4
// encoder (EncoderMask, free phase with every visible unit free, noisy
// clamping 0.15/0.05 if noise != 0, initial weights N(0, initsd²)) with
// exact gradients at T = 10, p⁺ and p⁻ by enumerating all states,
// Δw = rate·(p⁺-p⁻); solved as in Train. Run it with
//
//	go test ./boltzmann -run XXX -bench MeasureExact -benchtime 1x
//
// Knob (environment): BM_EXACT="rate maxc seeds noise initsd", default
// "5 3000 20 1 1". Metrics: solved (seeds solved within maxc cycles) of
// seeds, median_cycles of the solved ones.
// Measured "5 3000 20 1 1": 8/20 solved; "5 3000 20 1 5": 6/20. The
// 8/20 is published in boltzmann/doc.go, "The 4-2-4 encoder" ("Exact
// gradients ... solve only 8/20").
func BenchmarkMeasureExact(b *testing.B) {
	spec := os.Getenv("BM_EXACT")
	if spec == "" {
		spec = "5 3000 20 1 1"
	}
	f := splitFields(spec)
	rate, _ := strconv.ParseFloat(f[0], 64)
	maxc, _ := strconv.Atoi(f[1])
	seeds, _ := strconv.Atoi(f[2])
	noise, _ := strconv.Atoi(f[3])
	initsd, _ := strconv.ParseFloat(f[4], 64)
	v := 4
	task := CompletionTask(dataset.Encoder(v, ""))
	// data distribution over 2^8 visible vectors
	var vis [][]float64
	var pv []float64
	for c := range 1 << (2 * v) {
		x := make([]float64, 2*v)
		for k := range x {
			x[k] = float64((c >> k) & 1)
		}
		p := 0.0
		for _, pat := range task.Patterns {
			q := 1.0 / float64(len(task.Patterns))
			for k := range x {
				on := pat[k] != 0
				p1 := 0.0
				if on {
					p1 = 1
					if noise != 0 {
						p1 = 0.85
					}
				} else if noise != 0 {
					p1 = 0.05
				}
				if x[k] == 1 {
					q *= p1
				} else {
					q *= 1 - p1
				}
			}
			p += q
		}
		if p > 1e-12 {
			vis = append(vis, x)
			pv = append(pv, p)
		}
	}
	for b.Loop() {
		ok := 0
		var cyc []int
		for seed := range seeds {
			m := New(2*v+2, 2*v, EncoderMask(v, false), rand.New(rand.NewPCG(uint64(seed), 1)))
			if initsd > 0 {
				m.Randomize(initsd)
			}
			m.task = task
			m.opts = Options{}.withDefaults()
			n := m.N
			coP, coM := make([]float64, n*n), make([]float64, n*n)
			aP, aM := make([]float64, n), make([]float64, n)
			solved := false
			for c := 1; c <= maxc; c++ {
				clear(coP)
				clear(coM)
				clear(aP)
				clear(aM)
				m.exactStats(10, vis, pv, coP, aP)
				m.exactStats(10, nil, nil, coM, aM)
				for i := range n {
					for _, j := range m.nb[i] {
						m.W[i*n+j] += rate * (coP[i*n+j] - coM[i*n+j])
					}
					m.B[i] += rate * (aP[i] - aM[i])
				}
				if c%10 == 0 && m.solved(task, 5) {
					ok++
					cyc = append(cyc, c)
					solved = true
					break
				}
			}
			if !solved {
				b.Logf("seed %d unsolved", seed)
			}
		}
		b.Logf("exact %s: %d/%d solved, median %d", spec, ok, seeds, median(cyc))
		b.ReportMetric(float64(ok), "solved")
		b.ReportMetric(float64(seeds), "seeds")
		b.ReportMetric(float64(median(cyc)), "median_cycles")
	}
}
