package boltzmann

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/brainsim/brainsim/dataset"
)

// encoderSeeds trains the v-h-v encoder for seeds [first, first+n) in
// parallel (each seed has its own rng, so results are deterministic per
// seed) and returns the results and the final accuracies (mean of 5).
var threshAcc atomic.Uint64

func encoderSeeds(v, h int, mask func(i, j int) bool, opts Options, maxc int, first, n int) (res []Result, acc []float64, codes []int) {
	task := CompletionTask(dataset.Encoder(v, ""))
	res = make([]Result, n)
	acc = make([]float64, n)
	codes = make([]int, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for k := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			m := New(2*v+h, 2*v, mask, rand.New(rand.NewPCG(uint64(first+k), 1)))
			res[k] = m.Train(task, maxc, opts)
			for range 5 {
				acc[k] += m.Accuracy(task) / 5
			}
			codes[k] = m.DistinctCodes(task)
			if opts.Argmax {
				m.opts.Argmax = false
				a := 0.0
				for range 5 {
					a += m.Accuracy(task) / 5
				}
				m.opts.Argmax = true
				threshAcc.Add(uint64(a * 1e6))
			}
		}()
	}
	wg.Wait()
	return res, acc, codes
}

// Defaults of the knobs of BenchmarkMeasure and BenchmarkMeasureDiag.
const (
	defaultMeasure = "4 2 0 0 5000 250" // boltzmann/doc.go's 4-2-4 measurement
	defaultDiag    = "4 2 0 0 5000 0"
	defaultOpts    = "encoder"
)

// envOptions returns the Options named by BM_OPTS (default "encoder":
// EncoderOptions(2v); otherwise a JSON Options) and the string it read.
func envOptions(tb testing.TB, v int) (Options, string) {
	s := os.Getenv("BM_OPTS")
	if s == "" {
		s = defaultOpts
	}
	var opts Options
	if s == "encoder" {
		opts = EncoderOptions(2 * v)
	} else if err := json.Unmarshal([]byte(s), &opts); err != nil {
		tb.Fatal(err)
	}
	return opts, s
}

// BenchmarkMeasure is a by-hand measurement of the v-h-v encoder over
// many seeds, run with
//
//	go test ./boltzmann -run XXX -bench 'Measure$' -benchtime 1x
//	BM_MEASURE="4 2 0 0 3000 50" BM_OPTS='{"Rate":20,"ProbStats":true}' go test ./boltzmann -run XXX -bench 'Measure$' -benchtime 1x
//
// Knobs (environment): BM_MEASURE="v h lateral hh maxc seeds [first]"
// (default "4 2 0 0 5000 250": the 4-2-4 encoder, no lateral or H–H
// links, up to 5000 cycles, seeds 0–249) and BM_OPTS, "encoder" (the
// default, EncoderOptions(2v)) or a JSON Options.
//
// Metrics: solved (runs solved) of seeds, median_cycles, q90_cycles,
// q95_cycles and max_cycles of the solved runs, restarts (in all),
// mean_acc (5 completions after training), all_codes (runs whose hidden
// codes are all distinct) and, with Argmax, thresh_acc. The defaults'
// figures are published in boltzmann/doc.go, "The 4-2-4 encoder"
// ("Measured, seeds 0–249, up to 5000 cycles: 250/250 solved, median
// 230 cycles", 35 s on 2 shared cores); README.md's "Checked against"
// row boltzmann_encoder is the shipped experiment (seeds from 1), not
// this benchmark.
func BenchmarkMeasure(b *testing.B) {
	spec := os.Getenv("BM_MEASURE")
	if spec == "" {
		spec = defaultMeasure
	}
	var v, h, lat, hh, maxc, seeds, first int
	f := []*int{&v, &h, &lat, &hh, &maxc, &seeds, &first}
	for k, s := range splitFields(spec) {
		x, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		*f[k] = x
	}
	opts, optStr := envOptions(b, v)
	mask := EncoderMask(v, hh != 0)
	if lat != 0 {
		mask = EncoderMaskLateral(v, hh != 0)
	}
	for b.Loop() {
		threshAcc.Store(0)
		t0 := time.Now()
		res, acc, codes := encoderSeeds(v, h, mask, opts, maxc, first, seeds)
		allc := 0
		for _, c := range codes {
			if c == v {
				allc++
			}
		}
		ok, ma := 0, 0.0
		var cyc []int
		var fails []int
		for k, r := range res {
			ma += acc[k] / float64(seeds)
			if r.Solved {
				ok++
				cyc = append(cyc, r.Cycles)
			} else {
				fails = append(fails, first+k)
			}
		}
		rs := 0
		for _, r := range res {
			rs += r.Restarts
		}
		sort.Ints(cyc)
		q := func(f float64) int {
			if len(cyc) == 0 {
				return 0
			}
			return cyc[int(f*float64(len(cyc)-1))]
		}
		if opts.Argmax {
			ta := float64(threshAcc.Load()) / 1e6 / float64(seeds)
			b.Logf("mean thresholded accuracy %.4f", ta)
			b.ReportMetric(ta, "thresh_acc")
		}
		b.Logf("%d-%d-%d %s %s: solved %d/%d, median %d cycles (q90 %d, q95 %d, max %d), restarts %d, mean acc %.4f, all codes %d (%v), %.1fs; failed seeds %v",
			v, h, v, spec, optStr, ok, seeds, median(cyc), q(0.9), q(0.95), q(1), rs, ma, allc, codes, time.Since(t0).Seconds(), fails)
		b.ReportMetric(float64(ok), "solved")
		b.ReportMetric(float64(seeds), "seeds")
		b.ReportMetric(float64(median(cyc)), "median_cycles")
		b.ReportMetric(float64(q(0.9)), "q90_cycles")
		b.ReportMetric(float64(q(0.95)), "q95_cycles")
		b.ReportMetric(float64(q(1)), "max_cycles")
		b.ReportMetric(float64(rs), "restarts")
		b.ReportMetric(ma, "mean_acc")
		b.ReportMetric(float64(allc), "all_codes")
	}
}

func splitFields(s string) []string {
	var out []string
	cur := ""
	for _, r := range s + " " {
		if r == ' ' {
			if cur != "" {
				out = append(out, cur)
			}
			cur = ""
		} else {
			cur += string(r)
		}
	}
	return out
}

// BenchmarkMeasureDiag is a by-hand diagnosis: it trains one seed and
// logs, every maxc/10 cycles, the hidden code of each pattern (V1
// clamped) and the weights. Run it with
//
//	BM_DIAG="4 2 0 0 5000 0" go test ./boltzmann -run XXX -bench MeasureDiag -benchtime 1x
//
// Knobs (environment): BM_DIAG="v h lateral hh maxc seed" (default
// "4 2 0 0 5000 0": the 4-2-4 encoder, seed 0), BM_OPTS as for
// BenchmarkMeasure (default "encoder"). Metrics: cycles (run when it
// stopped), solved (0 or 1), acc (completion accuracy) and codes
// (distinct hidden codes) at the last check. Nothing of it is published.
func BenchmarkMeasureDiag(b *testing.B) {
	spec := os.Getenv("BM_DIAG")
	if spec == "" {
		spec = defaultDiag
	}
	var v, h, lat, hh, maxc, seed int
	f := []*int{&v, &h, &lat, &hh, &maxc, &seed}
	for k, s := range splitFields(spec) {
		x, _ := strconv.Atoi(s)
		*f[k] = x
	}
	opts, _ := envOptions(b, v)
	mask := EncoderMask(v, hh != 0)
	if lat != 0 {
		mask = EncoderMaskLateral(v, hh != 0)
	}
	task := CompletionTask(dataset.Encoder(v, ""))
	for b.Loop() {
		m := New(2*v+h, 2*v, mask, rand.New(rand.NewPCG(uint64(seed), 1)))
		step := maxc / 10
		var cycles, codes int
		var solved, acc float64
		for c := 0; c < maxc; c += step {
			r := m.Train(task, step, opts)
			hid := make([][]float64, v)
			for p := range v {
				m.Complete(task.Patterns[p][:v])
				for k := range h {
					hid[p] = append(hid[p], float64(int(m.P[2*v+k]*100))/100)
				}
			}
			wmax := 0.0
			for _, w := range m.W {
				wmax = max(wmax, w, -w)
			}
			if v > 8 {
				hid = nil
			}
			cycles, acc, codes = c+r.Cycles, m.Accuracy(task), m.DistinctCodes(task)
			b.Logf("cycle %d solved %v acc %.2f codes %d |w|max %.1f hidden %v", cycles, r.Solved, acc, codes, wmax, hid)
			if r.Solved {
				solved = 1
				break
			}
		}
		for i := range m.N {
			if v <= 8 || i >= 2*v || i%10 == 0 {
				b.Logf("unit %2d b %6.1f w %v", i, m.B[i], fmtRow(m.W[i*m.N+2*v:(i+1)*m.N]))
			}
		}
		b.ReportMetric(float64(cycles), "cycles")
		b.ReportMetric(solved, "solved")
		b.ReportMetric(acc, "acc")
		b.ReportMetric(float64(codes), "codes")
	}
}

func fmtRow(r []float64) []int {
	out := make([]int, len(r))
	for i, x := range r {
		out[i] = int(x)
	}
	return out
}
