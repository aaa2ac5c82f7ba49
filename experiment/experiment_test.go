package experiment

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/configs"
)

func load(t testing.TB, name string, overrides ...string) *configs.File {
	t.Helper()
	f, err := configs.Resolve(name, overrides)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func run(t *testing.T, f *configs.File) *Result {
	t.Helper()
	r, err := Run(context.Background(), f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// meanRate is the rate over all neurons of the given populations.
func meanRate(r *Result, pops ...string) float64 {
	var spikes, n float64
	for _, p := range r.Populations {
		for _, q := range pops {
			if p.Population == q {
				spikes += float64(p.Spikes)
				n += float64(p.Size)
			}
		}
	}
	return spikes / n / r.DurationS
}

// TestBretteNetworks runs the shipped CUBA and COBA networks (Brette et
// al. 2007) on seeds 1-10 and checks the mean over those runs of their
// rate, their excitatory neurons' CV of ISI and the fraction of those that
// never fire against the band of Brian2 2.5.1 running the same networks
// over 10 seeds (bench/brian2_brette.py, cpp_standalone; the runs are
// bench/brian2_brette_10seeds.jsonl): [min, max] of its runs. CUBA sits in
// the middle of it; COBA at its low edge (rate 18.0 against 19.6 Hz, CV
// 1.50 against 1.55: 1.5 and 1.7 of Brian2's sd lower), a difference
// BENCHMARKS.md reports as open.
func TestBretteNetworks(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the shipped networks")
	}
	cases := []struct {
		name             string
		rate, cv, silent [2]float64
	}{
		// Brian2: rate 5.71 ± 0.30 Hz, CV 0.523 ± 0.009, silent 0.156 ± 0.014
		{"cuba", [2]float64{5.326, 6.361}, [2]float64{0.5098, 0.5391}, [2]float64{0.1309, 0.1725}},
		// Brian2: rate 19.55 ± 0.98 Hz, CV 1.546 ± 0.026, silent 0.108 ± 0.017
		// (forward Euler there, exponential Euler here)
		{"coba", [2]float64{17.809, 21.002}, [2]float64{1.4975, 1.5795}, [2]float64{0.0797, 0.1278}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			const n = 10
			var rate, cv, silent float64
			for seed := 1; seed <= n; seed++ {
				r := run(t, load(t, c.name, fmt.Sprintf("experiment.seed=%d", seed)))
				rate += meanRate(r, "cortex.exc", "cortex.inh") / n
				for _, p := range r.Populations {
					if p.Population == "cortex.exc" {
						cv += p.CVISI / n
						silent += p.Silent / n
					}
				}
			}
			t.Logf("%s, seeds 1-%d: rate %.3f Hz, exc CV %.4f, exc silent %.4f", c.name, n, rate, cv, silent)
			for _, f := range []struct {
				name string
				got  float64
				band [2]float64
			}{{"rate (Hz)", rate, c.rate}, {"exc CV of ISI", cv, c.cv}, {"exc silent fraction", silent, c.silent}} {
				if f.got < f.band[0] || f.got > f.band[1] {
					t.Errorf("%s %.4f over seeds 1-%d, want within Brian2's 10-run band [%g, %g]", f.name, f.got, n, f.band[0], f.band[1])
				}
			}
		})
	}
}

// TestIzhikevichRate runs the shipped izhikevich network (Izhikevich
// 2003) over seeds 1-10: its mean rate must lie within 7.2-7.8 Hz, the
// band of the paper's own code (net.m ported to NumPy,
// bench/izhikevich_netm.py: 7.52 ± 0.19 Hz over its seeds 1-10; this
// network measured 7.60 ± 0.24 Hz). The old integrator, which stopped v at
// the peak within a step, gave 8.0 Hz.
func TestIzhikevichRate(t *testing.T) {
	var sum float64
	const n = 10
	for seed := 1; seed <= n; seed++ {
		r := run(t, load(t, "izhikevich", fmt.Sprintf("experiment.seed=%d", seed)))
		got := meanRate(r, "cortex.exc", "cortex.inh")
		t.Logf("seed %d: %.3f Hz", seed, got)
		sum += got
	}
	if m := sum / n; m < 7.2 || m > 7.8 {
		t.Errorf("mean rate over seeds 1-%d %.3f Hz, want within [7.2, 7.8] (net.m: 7.52 ± 0.19 Hz)", n, m)
	}
}

// TestQuickstartAI: the default experiment sits in the asynchronous
// irregular state that a balanced E/I network is expected to show (issue
// 16): on seeds 1-3 both populations fire irregularly (mean CV of ISI at
// least 0.8; measured 0.87-0.96 for exc, 1.2-1.3 for inh on seeds 1-11)
// and asynchronously (state AI: sync below 0.8; measured 0.14-0.32).
func TestQuickstartAI(t *testing.T) {
	for seed := 1; seed <= 3; seed++ {
		r := run(t, load(t, "quickstart", fmt.Sprintf("experiment.seed=%d", seed)))
		for _, p := range r.Populations {
			t.Logf("seed %d %s: %.2f Hz, cv_isi %.3f, sync %.3f, %s", seed, p.Population, p.RateHz, p.CVISI, p.Sync, p.State)
			if p.CVISI < 0.8 || p.State != "AI" {
				t.Errorf("seed %d %s: cv_isi %.3f, sync %.3f (%s): want cv_isi >= 0.8 and the AI state", seed, p.Population, p.CVISI, p.Sync, p.State)
			}
		}
	}
}

// TestTwoRegionsPropagates: v2 has no input of its own, so its activity
// comes through the pathway from v1.
func TestTwoRegionsPropagates(t *testing.T) {
	r := run(t, load(t, "two_regions", "experiment.duration=300ms"))
	if v2 := meanRate(r, "v2.exc"); v2 < 1 {
		t.Errorf("v2.exc rate %.2f Hz: activity did not cross the pathway", v2)
	}
	silent := run(t, load(t, "two_regions", "experiment.duration=300ms", "pathway.v1->v2.connect.p=0"))
	if v2 := meanRate(silent, "v2.exc"); v2 != 0 {
		t.Errorf("v2.exc fires at %.2f Hz without the pathway", v2)
	}
}

func spikeDigest(r *Result) [32]byte {
	h := sha256.New()
	for _, s := range r.Spikes {
		fmt.Fprintf(h, "%d,%s,%d\n", s.Step, s.Population, s.Neuron)
	}
	var d [32]byte
	copy(d[:], h.Sum(nil))
	return d
}

// TestDeterminism: the same seed gives byte-identical spikes for GOMAXPROCS
// 1, 2 and 8 (two regions on their own goroutines), and another seed gives
// other spikes.
func TestDeterminism(t *testing.T) {
	old := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(old)
	var ref [32]byte
	for k, procs := range []int{1, 2, 8} {
		runtime.GOMAXPROCS(procs)
		r := run(t, load(t, "two_regions", "experiment.duration=200ms"))
		if len(r.Spikes) == 0 {
			t.Fatal("no spikes recorded")
		}
		d := spikeDigest(r)
		if k == 0 {
			ref = d
		} else if d != ref {
			t.Errorf("GOMAXPROCS=%d: spikes differ from GOMAXPROCS=1", procs)
		}
	}
	other := run(t, load(t, "two_regions", "experiment.duration=200ms", "experiment.seed=2"))
	if spikeDigest(other) == ref {
		t.Error("seed 2 gave the same spikes as seed 1")
	}
}

// TestRunContinues: building once and running in two halves gives the same
// spikes and statistics as one run.
func TestRunContinues(t *testing.T) {
	f := load(t, "quickstart", "experiment.duration=200ms")
	whole := run(t, f)
	m, err := Build(f, 1)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := m.Net.Run(ctx, m.Steps/2); err != nil {
		t.Fatal(err)
	}
	if err := m.Net.Run(ctx, m.Steps-m.Steps/2); err != nil {
		t.Fatal(err)
	}
	halves := m.resultNow(1)
	if spikeDigest(halves) != spikeDigest(whole) {
		t.Error("Run(T/2); Run(T/2) differs from Run(T)")
	}
	for i, p := range whole.Populations {
		q := halves.Populations[i]
		if p.Spikes != q.Spikes || !(p.CVISI == q.CVISI || math.IsNaN(p.CVISI) && math.IsNaN(q.CVISI)) {
			t.Errorf("%s: %d spikes CV %v in one run, %d spikes CV %v in two", p.Population, p.Spikes, p.CVISI, q.Spikes, q.CVISI)
		}
	}
}

// TestUnstableRun: a runaway integration stops the run with an error that
// names the population and the step.
func TestUnstableRun(t *testing.T) {
	f := load(t, "quickstart", "region.cortex.population.exc.i_bias=-1e9nA")
	_, err := Run(context.Background(), f, Options{})
	if err == nil {
		t.Fatal("no error for a runaway voltage")
	}
	for _, want := range []string{"population cortex.exc", "step "} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
}

// TestCancel: a cancelled context stops the run with the partial result.
func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	f := load(t, "quickstart")
	var calls int
	r, err := Run(ctx, f, Options{Progress: func(done, total int64) {
		calls++
		if done >= total/4 {
			cancel()
		}
	}})
	if err != context.Canceled {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if r == nil || r.Steps == 0 || r.Steps >= 10000 {
		t.Fatalf("partial result with %v steps, want between 0 and 10000", r)
	}
}
