package cortex

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"runtime"
	"testing"

	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/synapse"
)

// buildPlastic makes a two-region network with plasticity of every kind:
// region a has a Poisson input (nIn units at 20 Hz) into n CUBA cells
// (which fire on their own: v_rest is above threshold) through a pair-STDP
// projection, recurrent pair STDP (nearest, multiplicative) and a
// Tsodyks–Markram projection exc -> inh; region b gets a triplet-STDP
// pathway from a.exc. With plastic = false the same network is static.
// It returns the network, the populations and the plastic projections.
func buildPlastic(tb testing.TB, n, nIn int, seed uint64, plastic bool) (*Network, []*Population, []*synapse.Projection) {
	tb.Helper()
	net := New(0.1, seed)
	R := cubaParams.TauM / cubaParams.Cm
	mkLIF := func(reg *Region, name string, k int) *Population {
		u := neuron.NewLIF(k, cubaParams)
		rng := net.Rand("init", reg.Name, name)
		for i := range u.V {
			u.V[i] = float32(-60 + 10*rng.Float64())
		}
		p, err := reg.AddPopulation(name, u)
		if err != nil {
			tb.Fatal(err)
		}
		return p
	}
	a, b := net.AddRegion("a"), net.AddRegion("b")
	in, err := a.AddPopulation("in", neuron.NewPoisson(nIn, 20, net.Rand("poisson")))
	if err != nil {
		tb.Fatal(err)
	}
	exc, inh := mkLIF(a, "exc", n), mkLIF(a, "inh", n/4)
	excB := mkLIF(b, "exc", n/2)
	pair := synapse.PairTiming{TauPlus: 16.8, TauMinus: 33.7, APlus: 0.01, AMinus: 0.0105}
	add := synapse.WeightDependence{Kind: synapse.Additive, WMin: 0, WMax: float32(3 / R)}
	mult := synapse.WeightDependence{Kind: synapse.Multiplicative, WMin: 0, WMax: float32(3 / R), Soft: true}
	near := pair
	near.Pairing = synapse.PairNearest
	var projs []*synapse.Projection
	for _, c := range []struct {
		from, to *Population
		p, w     float64
		tau      float64
		rule     synapse.Rule
	}{
		{in, exc, 0.05, 1, 5, synapse.NewPairSTDP(pair, add)},
		{exc, exc, 40 / float64(n), 1.62, 5, synapse.NewPairSTDP(near, mult)},
		{exc, inh, 40 / float64(n), 1.62, 5, &synapse.TsodyksMarkram{U: 0.5, TauRec: 800}},
		{inh, exc, 40 / float64(n/4), -2, 10, nil},
		{exc, excB, 40 / float64(n), 1.62, 5, synapse.NewTripletSTDP(synapse.TripletVisualCortex, add)},
	} {
		rec, err := c.to.Unit.Receptor(neuron.ExpCurrent, c.tau, 0)
		if err != nil {
			tb.Fatal(err)
		}
		spec := synapse.Spec{Name: c.from.Name + "->" + c.to.Name, Connector: synapse.FixedProbability{P: c.p},
			Weight: synapse.ConstDist(c.w / R), Delay: synapse.ConstDist(1.5), Receptor: rec}
		if plastic {
			spec.Rule = c.rule
		}
		q, err := net.Connect(c.from, c.to, spec)
		if err != nil {
			tb.Fatal(err)
		}
		if c.rule != nil {
			projs = append(projs, q)
		}
	}
	return net, []*Population{in, exc, inh, excB}, projs
}

// plasticHash runs the network and hashes every spike and the final
// weights of the plastic projections.
func plasticHash(t *testing.T, net *Network, pops []*Population, projs []*synapse.Projection, runs ...int64) ([32]byte, int64) {
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
	for _, r := range recs {
		binary.Write(h, binary.LittleEndian, r.Steps)
		binary.Write(h, binary.LittleEndian, r.Units)
		total += int64(len(r.Steps))
	}
	for _, q := range projs {
		binary.Write(h, binary.LittleEndian, q.Weights)
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum, total
}

// TestPlasticDeterminism: with STDP (pair, nearest, triplet through a
// pathway) and short-term plasticity on, the same seed gives the same
// spikes and the same final weights for GOMAXPROCS 1 and 8 and for a run
// split inside a window; and the weights did change.
func TestPlasticDeterminism(t *testing.T) {
	old := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(old)
	var ref [32]byte
	for k, c := range []struct {
		procs int
		runs  []int64
	}{{1, []int64{2000}}, {8, []int64{2000}}, {8, []int64{7, 993, 1000}}} {
		runtime.GOMAXPROCS(c.procs)
		net, pops, projs := buildPlastic(t, 2000, 500, 11, true)
		w0 := make([][]float32, len(projs))
		for i, q := range projs {
			if q.Weights != nil {
				w0[i] = append([]float32(nil), q.Weights...)
			}
		}
		sum, n := plasticHash(t, net, pops, projs, c.runs...)
		if n == 0 {
			t.Fatal("no spikes")
		}
		for i, q := range projs {
			if w0[i] == nil {
				continue
			}
			changed := 0
			for s := range q.Weights {
				if q.Weights[s] != w0[i][s] {
					changed++
				}
			}
			if changed == 0 {
				t.Errorf("%s: no weight changed", q.Name)
			}
		}
		if k == 0 {
			ref = sum
		} else if sum != ref {
			t.Errorf("GOMAXPROCS %d, runs %v: spikes or weights differ from GOMAXPROCS 1", c.procs, c.runs)
		}
	}
}

// TestPlasticNotSharded: a region with plastic projections is not split
// into shards even when it is large enough (the documented choice), so its
// rules see whole projections.
func TestPlasticNotSharded(t *testing.T) {
	net, _, _ := buildPlastic(t, 3*MinShardUnits, 100, 1, true)
	net.Threads = 4
	if err := net.Run(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	for _, r := range net.Regions {
		if r.shard != nil {
			t.Errorf("region %s with plastic projections is sharded", r.Name)
		}
	}
}

// TestPlasticStepAllocs: with plasticity on, the step loop allocates
// nothing: Run(1000) allocates no more than Run(10).
func TestPlasticStepAllocs(t *testing.T) {
	net, _, _ := buildPlastic(t, 2000, 500, 5, true)
	ctx := context.Background()
	if err := net.Run(ctx, 200); err != nil { // prepare, warm up
		t.Fatal(err)
	}
	short := testing.AllocsPerRun(3, func() { net.Run(ctx, 10) })
	long := testing.AllocsPerRun(3, func() { net.Run(ctx, 1000) })
	if long > short {
		t.Errorf("Run(1000) allocates %v objects, Run(10) %v: the step loop with plasticity allocates", long, short)
	}
}

// benchmarkPlastic times Run(100) of the buildPlastic network with
// plasticity on or off and reports synaptic events per second.
func benchmarkPlastic(b *testing.B, plastic bool) {
	net, _, _ := buildPlastic(b, 8000, 2000, 1, plastic)
	net.Threads = 1 // no shards in either case: the static network would be sharded
	ctx := context.Background()
	if err := net.Run(ctx, 500); err != nil {
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
	b.ReportMetric(float64(net.SynapticEvents()-ev0)/s, "syn-events/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(stepsPerOp*b.N), "ns/step")
}

// BenchmarkSTDP: the same network (8000 + 2000 + 4000 CUBA cells, 2000
// Poisson inputs, two regions) with every rule on (pair STDP, nearest
// multiplicative STDP, triplet STDP through a pathway, Tsodyks–Markram), and
// with the same projections static. Regions are not sharded in either case
// (net.Threads = 1), so the difference is the cost of plasticity (the
// activity differs a little, so compare syn-events/s).
func BenchmarkSTDP(b *testing.B) {
	b.Run("on", func(b *testing.B) { benchmarkPlastic(b, true) })
	b.Run("off", func(b *testing.B) { benchmarkPlastic(b, false) })
}
