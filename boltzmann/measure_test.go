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

// TestMeasure is a by-hand measurement: BM_MEASURE="v h lateral hh maxc
// seeds" and BM_OPTS a JSON Options, e.g.
//
//	BM_MEASURE="4 2 0 0 3000 50" BM_OPTS='{"Rate":20,"ProbStats":true}' go test -run Measure -v
func TestMeasure(t *testing.T) {
	spec := os.Getenv("BM_MEASURE")
	if spec == "" {
		t.Skip("set BM_MEASURE to measure")
	}
	var v, h, lat, hh, maxc, seeds, first int
	f := []*int{&v, &h, &lat, &hh, &maxc, &seeds, &first}
	for k, s := range splitFields(spec) {
		x, err := strconv.Atoi(s)
		if err != nil {
			t.Fatal(err)
		}
		*f[k] = x
	}
	var opts Options
	if os.Getenv("BM_OPTS") == "encoder" {
		opts = EncoderOptions(2 * v)
	} else if err := json.Unmarshal([]byte(os.Getenv("BM_OPTS")), &opts); err != nil {
		t.Fatal(err)
	}
	mask := EncoderMask(v, hh != 0)
	if lat != 0 {
		mask = EncoderMaskLateral(v, hh != 0)
	}
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
		t.Logf("mean thresholded accuracy %.4f", float64(threshAcc.Load())/1e6/float64(seeds))
	}
	t.Logf("%d-%d-%d %s %s: solved %d/%d, median %d cycles (q90 %d, q95 %d, max %d), restarts %d, mean acc %.4f, all codes %d (%v), %.1fs; failed seeds %v",
		v, h, v, spec, os.Getenv("BM_OPTS"), ok, seeds, median(cyc), q(0.9), q(0.95), q(1), rs, ma, allc, codes, time.Since(t0).Seconds(), fails)
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

// TestDiag trains one seed (BM_DIAG="v h lateral hh maxc seed", BM_OPTS
// as for TestMeasure) and logs the hidden code of each pattern (V1
// clamped) and the weights.
func TestDiag(t *testing.T) {
	spec := os.Getenv("BM_DIAG")
	if spec == "" {
		t.Skip("set BM_DIAG to diagnose")
	}
	var v, h, lat, hh, maxc, seed int
	f := []*int{&v, &h, &lat, &hh, &maxc, &seed}
	for k, s := range splitFields(spec) {
		x, _ := strconv.Atoi(s)
		*f[k] = x
	}
	var opts Options
	if err := json.Unmarshal([]byte(os.Getenv("BM_OPTS")), &opts); err != nil {
		t.Fatal(err)
	}
	mask := EncoderMask(v, hh != 0)
	if lat != 0 {
		mask = EncoderMaskLateral(v, hh != 0)
	}
	task := CompletionTask(dataset.Encoder(v, ""))
	m := New(2*v+h, 2*v, mask, rand.New(rand.NewPCG(uint64(seed), 1)))
	step := maxc / 10
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
		t.Logf("cycle %d solved %v acc %.2f codes %d |w|max %.1f hidden %v", c+r.Cycles, r.Solved, m.Accuracy(task), m.DistinctCodes(task), wmax, hid)
		if r.Solved {
			break
		}
	}
	for i := range m.N {
		if v <= 8 || i >= 2*v || i%10 == 0 {
			t.Logf("unit %2d b %6.1f w %v", i, m.B[i], fmtRow(m.W[i*m.N+2*v:(i+1)*m.N]))
		}
	}
}

func fmtRow(r []float64) []int {
	out := make([]int, len(r))
	for i, x := range r {
		out[i] = int(x)
	}
	return out
}
