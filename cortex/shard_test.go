package cortex

import (
	"context"
	"runtime"
	"testing"

	"github.com/brainsim/brainsim/neuron"
)

// TestShardsBitIdentical: a 20000-neuron CUBA region gives the same spikes,
// membrane potentials and sampled traces whether it runs on 1, 2 or 3 shards,
// with GOMAXPROCS 1, 2 and 8.
func TestShardsBitIdentical(t *testing.T) {
	old := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(old)
	var ref [32]byte
	var refTrace []float32
	first := true
	for _, c := range []struct{ threads, procs int }{{1, 1}, {2, 2}, {3, 2}, {2, 1}, {3, 8}} {
		runtime.GOMAXPROCS(c.procs)
		net, pops := buildCUBA(t, 20000, 1, 5, 1)
		net.Threads = c.threads
		// A Poisson input into the excitatory receptor of exc: a ranged
		// stimulus the shards apply to their own units.
		rec, err := pops[0].Unit.Receptor(neuron.ExpCurrent, 5, 0)
		if err != nil {
			t.Fatal(err)
		}
		in := neuron.NewPoissonInput(rec, 200, 0.005, net.Rand("input"))
		if err := in.Prepare(net.Dt); err != nil {
			t.Fatal(err)
		}
		pops[0].Stimuli = append(pops[0].Stimuli, in)
		srec, err := pops[0].RecordState("v", []int{0, 8191, 8192, 15999}, 7)
		if err != nil {
			t.Fatal(err)
		}
		sum, n := spikeHash(t, net, pops, 150, 151)
		shards := 1
		if net.Regions[0].shard != nil {
			shards = net.Regions[0].shard.n
		}
		if want := min(c.threads, 20000/MinShardUnits); shards != max(want, 1) {
			t.Errorf("threads %d: %d shards, want %d", c.threads, shards, max(want, 1))
		}
		if n == 0 {
			t.Fatal("no spikes")
		}
		if first {
			ref, refTrace, first = sum, srec.Values, false
			continue
		}
		if sum != ref {
			t.Errorf("threads %d GOMAXPROCS %d (%d shards): spikes differ from 1 shard", c.threads, c.procs, shards)
		}
		for k := range refTrace {
			if srec.Values[k] != refTrace[k] {
				t.Errorf("threads %d: trace sample %d is %v, want %v", c.threads, k, srec.Values[k], refTrace[k])
				break
			}
		}
	}
}

// TestStepLoopAllocs: the step loop allocates nothing, sharded or not: a
// Run allocates the same few objects (its worker goroutines) whether it
// runs 10 steps or 1000.
func TestStepLoopAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 20000-neuron network")
	}
	old := runtime.GOMAXPROCS(2)
	defer runtime.GOMAXPROCS(old)
	for _, threads := range []int{1, 2} {
		net, _ := buildCUBA(t, 20000, 1, 5, 1)
		net.Threads = threads
		ctx := context.Background()
		if err := net.Run(ctx, 100); err != nil { // prepare, warm up
			t.Fatal(err)
		}
		short := testing.AllocsPerRun(5, func() { net.Run(ctx, 10) })
		long := testing.AllocsPerRun(5, func() { net.Run(ctx, 1000) })
		if long > short {
			t.Errorf("threads %d: Run(1000) allocates %v objects, Run(10) %v: the step loop allocates", threads, long, short)
		}
		t.Logf("threads %d: %v allocations per Run", threads, long)
	}
}

// TestShardsWithPathways: two regions of 10000 neurons, each sharded, joined
// by pathways: the same spikes on 1 and 2 threads, and for a run split
// inside a window.
func TestShardsWithPathways(t *testing.T) {
	old := runtime.GOMAXPROCS(2)
	defer runtime.GOMAXPROCS(old)
	var ref [32]byte
	for k, c := range []struct {
		threads int
		runs    []int64
	}{{1, []int64{400}}, {2, []int64{400}}, {2, []int64{7, 193, 200}}} {
		net, pops := buildCUBA(t, 20000, 2, 9, 1.5)
		net.Threads = c.threads
		sum, n := spikeHash(t, net, pops, c.runs...)
		if c.threads == 2 && net.Regions[0].shard == nil {
			t.Fatal("regions of 10000 neurons are not sharded on 2 threads")
		}
		if n == 0 {
			t.Fatal("no spikes")
		}
		if k == 0 {
			ref = sum
		} else if sum != ref {
			t.Errorf("threads %d runs %v: spikes differ from 1 thread", c.threads, c.runs)
		}
	}
}
