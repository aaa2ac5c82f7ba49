package cortex

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/synapse"
)

// cubaParams are the cell parameters of the Brette et al. (2007) CUBA
// benchmark (Brian2's example): tau_m 20 ms, R = 100 MΩ (C = 0.2 nF),
// E_L -49 mV, threshold -50 mV, reset -60 mV, refractory 5 ms.
var cubaParams = neuron.LIFParams{TauM: 20, Cm: 0.2, VRest: -49, VThresh: -50, VReset: -60, Refractory: 5}

// buildCUBA makes the CUBA network of n neurons split over `regions`
// regions; each region is a CUBA network of n/regions neurons with in-degree
// about 80 (p = 80/size), and consecutive regions are joined by pathways
// exc -> exc with p = 0.002 and a delay of `pathDelay` ms.
func buildCUBA(tb testing.TB, n, regions int, seed uint64, pathDelay float64) (*Network, []*Population) {
	tb.Helper()
	net := New(0.1, seed)
	var all []*Population
	var excs []*Population
	for r := 0; r < regions; r++ {
		reg := net.AddRegion(string(rune('a' + r)))
		size := n / regions
		ne, ni := size*4/5, size/5
		p := 80 / float64(size)
		mk := func(name string, k int) *Population {
			u := neuron.NewLIF(k, cubaParams)
			rng := net.Rand("init", reg.Name, name)
			for i := range u.V {
				u.V[i] = float32(-60 + 10*rng.Float64())
			}
			pop, err := reg.AddPopulation(name, u)
			if err != nil {
				tb.Fatal(err)
			}
			return pop
		}
		e, i := mk("exc", ne), mk("inh", ni)
		excs = append(excs, e)
		all = append(all, e, i)
		R := cubaParams.TauM / cubaParams.Cm
		for _, c := range []struct {
			from, to *Population
			tau, w   float64
		}{{e, e, 5, 1.62}, {e, i, 5, 1.62}, {i, e, 10, -9}, {i, i, 10, -9}} {
			rec, err := c.to.Unit.Receptor(neuron.ExpCurrent, c.tau, 0)
			if err != nil {
				tb.Fatal(err)
			}
			_, err = net.Connect(c.from, c.to, synapse.Spec{
				Name: c.from.Name + "->" + c.to.Name, Connector: synapse.FixedProbability{P: p},
				Weight: synapse.ConstDist(c.w / R), Delay: synapse.ConstDist(0.1), Receptor: rec,
			})
			if err != nil {
				tb.Fatal(err)
			}
		}
	}
	R := cubaParams.TauM / cubaParams.Cm
	for r := 0; r+1 < regions; r++ {
		for _, pair := range [][2]*Population{{excs[r], excs[r+1]}, {excs[r+1], excs[r]}} {
			rec, _ := pair[1].Unit.Receptor(neuron.ExpCurrent, 5, 0)
			_, err := net.Connect(pair[0], pair[1], synapse.Spec{
				Name: pair[0].Name + "=>" + pair[1].Name, Connector: synapse.FixedProbability{P: 0.002},
				Weight: synapse.ConstDist(1.62 / R), Delay: synapse.Dist{Kind: synapse.Uniform, A: pathDelay, B: 2 * pathDelay}, Receptor: rec,
			})
			if err != nil {
				tb.Fatal(err)
			}
		}
	}
	return net, all
}

// spikeHash runs the network with spike recorders and hashes every spike
// (population, step, unit) and the final membrane potentials.
func spikeHash(t *testing.T, net *Network, pops []*Population, runs ...int64) ([32]byte, int64) {
	t.Helper()
	recs := make([]*SpikeRecorder, len(pops))
	for i, p := range pops {
		recs[i] = p.RecordSpikes()
	}
	for _, steps := range runs {
		if err := net.Run(context.Background(), steps); err != nil {
			t.Fatal(err)
		}
	}
	h := sha256.New()
	var total int64
	for i, r := range recs {
		binary.Write(h, binary.LittleEndian, int64(i))
		binary.Write(h, binary.LittleEndian, r.Steps)
		binary.Write(h, binary.LittleEndian, r.Units)
		total += int64(len(r.Steps))
		binary.Write(h, binary.LittleEndian, pops[i].Unit.Var("v"))
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum, total
}

// TestDeterminismGOMAXPROCS: the same seed gives bit-identical spikes and
// membrane potentials for GOMAXPROCS 1, 2 and 8, with three regions on their
// own goroutines exchanging spikes.
func TestDeterminismGOMAXPROCS(t *testing.T) {
	old := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(old)
	var ref [32]byte
	for k, procs := range []int{1, 2, 8} {
		runtime.GOMAXPROCS(procs)
		net, pops := buildCUBA(t, 3000, 3, 7, 1.5)
		sum, n := spikeHash(t, net, pops, 2000)
		if n == 0 {
			t.Fatal("no spikes: the test network is silent")
		}
		if k == 0 {
			ref = sum
			continue
		}
		if sum != ref {
			t.Errorf("GOMAXPROCS=%d: spikes differ from GOMAXPROCS=1", procs)
		}
	}
}

// TestRunSplit: Run(T) equals Run(T/2); Run(T/2), and also uneven pieces
// that end inside a scheduler window.
func TestRunSplit(t *testing.T) {
	net, pops := buildCUBA(t, 2000, 2, 3, 1.5)
	want, n := spikeHash(t, net, pops, 2000)
	if n == 0 {
		t.Fatal("no spikes")
	}
	for _, split := range [][]int64{{1000, 1000}, {7, 993, 1000}, {1, 1, 1998}, {1333, 667}} {
		net, pops := buildCUBA(t, 2000, 2, 3, 1.5)
		got, _ := spikeHash(t, net, pops, split...)
		if got != want {
			t.Errorf("Run%v differs from Run(2000)", split)
		}
	}
}

// TestSeedMatters guards against a test that cannot fail: another seed
// gives other spikes.
func TestSeedMatters(t *testing.T) {
	a, _ := buildCUBA(t, 1000, 1, 1, 1)
	b, _ := buildCUBA(t, 1000, 1, 2, 1)
	pa, pb := a.Regions[0].Pops, b.Regions[0].Pops
	ha, _ := spikeHash(t, a, pa, 500)
	hb, _ := spikeHash(t, b, pb, 500)
	if ha == hb {
		t.Error("seeds 1 and 2 gave identical spikes")
	}
}

// TestWindow: the window is the smallest pathway delay in steps.
func TestWindow(t *testing.T) {
	net, _ := buildCUBA(t, 1000, 2, 1, 1.5)
	if err := net.Run(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	if got, want := net.Window(), int64(15); got != want {
		t.Errorf("window = %d steps, want %d (D_min 1.5 ms / dt 0.1 ms)", got, want)
	}
}

// TestCUBARate: the 4000-neuron CUBA network sustains its own activity at
// a mean rate within 3-10 Hz over 1 s (Brian2 2.5.1 gives 5.5-6.2 Hz on
// this network).
func TestCUBARate(t *testing.T) {
	if testing.Short() {
		t.Skip("1 s of a 4000-neuron network")
	}
	net, pops := buildCUBA(t, 4000, 1, 1, 1)
	if err := net.Run(context.Background(), 10000); err != nil {
		t.Fatal(err)
	}
	var spikes int64
	for _, p := range pops {
		spikes += p.SpikeCount()
	}
	rate := float64(spikes) / 4000 / 1.0
	if rate < 3 || rate > 10 {
		t.Errorf("mean rate %.2f Hz, want within [3, 10]", rate)
	}
	t.Logf("CUBA mean rate %.2f Hz", rate)
}

// TestUnstable: a NaN in the state stops the run with an error naming the
// population and the step.
func TestUnstable(t *testing.T) {
	net := New(0.1, 1)
	reg := net.AddRegion("r")
	par := cubaParams
	par.VRest = -60 // below threshold: no spike, no refractory clamp
	u := neuron.NewLIF(10, par)
	p, _ := reg.AddPopulation("p", u)
	p.Stimuli = append(p.Stimuli, &neuron.StepCurrent{Steps: []int64{0, 50}, Amps: []float32{0, -1e9}, Stop: -1})
	err := net.Run(context.Background(), 100)
	if err == nil {
		t.Fatal("no error for a runaway voltage")
	}
	if !errors.Is(err, ErrUnstable) {
		t.Errorf("error %q does not wrap ErrUnstable", err)
	}
	for _, want := range []string{"r.p", "step 50 ", "t = 5 ms"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
	if net.Run(context.Background(), 10) == nil {
		t.Error("a stopped network ran again")
	}
}

func benchmarkCUBA(b *testing.B, n, regions int) { benchmarkNet(b, n, regions, 0) }

// benchmarkNet times Run(100) on the CUBA network of n neurons in `regions`
// regions with net.Threads = threads (0: GOMAXPROCS).
func benchmarkNet(b *testing.B, n, regions, threads int) {
	net, _ := buildCUBA(b, n, regions, 1, 1)
	net.Threads = threads
	ctx := context.Background()
	// Warm up: prepare and reach the self-sustained state.
	if err := net.Run(ctx, 1000); err != nil {
		b.Fatal(err)
	}
	ev0 := net.SynapticEvents()
	b.ReportAllocs()
	b.ResetTimer()
	const stepsPerOp = 100
	for i := 0; i < b.N; i++ {
		if err := net.Run(ctx, stepsPerOp); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	s := b.Elapsed().Seconds()
	b.ReportMetric(float64(n)*stepsPerOp*float64(b.N)/s, "neuron-steps/s")
	b.ReportMetric(float64(net.SynapticEvents()-ev0)/s, "syn-events/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(stepsPerOp*b.N), "ns/step")
}

// BenchmarkCUBA runs 100 steps (10 ms) of the CUBA network per op.
func BenchmarkCUBA4k(b *testing.B)            { benchmarkCUBA(b, 4000, 1) }
func BenchmarkCUBA16k(b *testing.B)           { benchmarkCUBA(b, 16000, 1) }
func BenchmarkCUBA16kTwoRegions(b *testing.B) { benchmarkCUBA(b, 16000, 2) }

// BenchmarkCUBA64kThreads1/2: one 64000-neuron region on one shard or two.
func BenchmarkCUBA64kThreads1(b *testing.B) { benchmarkNet(b, 64000, 1, 1) }
func BenchmarkCUBA64kThreads2(b *testing.B) { benchmarkNet(b, 64000, 1, 2) }
