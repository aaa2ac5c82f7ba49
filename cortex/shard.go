package cortex

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/synapse"
)

// Shards. A large region is split into S shards that step in parallel, each
// owning a contiguous range of the units of every population. A step has
// two phases:
//
//	A: every shard steps its units (sources are stepped whole by shard 0)
//	   and updates their per-unit spike statistics;
//	   barrier: all spikes of the step are known;
//	C: every shard delivers ALL spikes of the step, but only into the
//	   synapses whose targets it owns (each projection is split by target
//	   range), and shard 0 updates the totals, recorders and the outbox.
//
// A shard's phase C touches only its own units' input, and its next phase A
// reads only those, so one barrier per step suffices (spike lists are
// double-buffered by step parity). Each target receives its inputs in
// exactly the unsharded order (population, projection, spike), so the result
// is bit-identical for any number of shards: sharding is invisible except in
// speed.

// ranged populations can step a range of their units (neuron.LIF).
type ranged interface {
	StepRange(t int64, lo, hi int, spikes []uint32) ([]uint32, error)
}

// rangedStimulus is a stimulus that can apply itself to a range of units
// whose bounds are multiples of shardAlign (neuron.PoissonInput).
type rangedStimulus interface {
	ApplyRange(t int64, lo, hi int)
}

// shardAlign is the granularity of shard bounds: whole vector blocks (8)
// and whole PoissonInput blocks.
const shardAlign = neuron.PoissonInputBlock

// MinShardUnits is the smallest number of units per shard: below it the
// barrier costs more than the parallel work saves.
const MinShardUnits = 4096

type shardPlan struct {
	n      int
	bounds [][]int                   // per population: n+1 unit bounds; nil: stepped whole by shard 0
	proj   [][][]*synapse.Projection // [shard][population][k]: p.out[k] restricted to the shard's targets
	spk    [][][2][]uint32           // [shard][population][step parity]: spikes of the shard's units
	events []int64                   // per shard
	errs   []error
	bar    barrier // the step barrier; aborted by an error
	// startBar and endBar bracket a window; from, to and quit are written
	// before startBar by the region's goroutine and read after it.
	startBar, endBar barrier
	from, to         int64
	quit             bool
	running          sync.WaitGroup
}

// planShards decides whether and how the region is sharded. A region with
// a plastic projection (one with a Rule: STDP, short-term plasticity) from
// or into one of its populations is never sharded: plasticity rules keep
// per-neuron state of whole projections (traces, a target index) and run on
// the region's goroutine, so the result stays the same for any thread count.
func (r *Region) planShards(threads int) {
	r.shard = nil
	units := 0
	for _, p := range r.Pops {
		switch {
		case neuron.IsSource(p.Unit):
			// An input source: stepped whole by shard 0.
		case len(p.plasticIn) > 0:
			return
		default:
			if _, ok := p.Unit.(ranged); !ok {
				return
			}
			for _, st := range p.Stimuli {
				if _, ok := st.(rangedStimulus); !ok {
					return
				}
			}
			units += p.Unit.Len()
		}
		for _, q := range p.out {
			if q.Rule != nil {
				return
			}
		}
		if p.Unit.Output() != nil || p.act != nil {
			return
		}
	}
	s := min(threads, units/MinShardUnits)
	if s < 2 {
		return
	}
	plan := &shardPlan{n: s, events: make([]int64, s), errs: make([]error, s)}
	plan.bar.n = int32(s)
	plan.startBar.n = int32(s)
	plan.endBar.n = int32(s)
	idx := map[*Population]int{}
	plan.bounds = make([][]int, len(r.Pops))
	for i, p := range r.Pops {
		idx[p] = i
		if _, ok := p.Unit.(ranged); !ok {
			continue
		}
		n := p.Unit.Len()
		b := make([]int, s+1)
		for k := 1; k < s; k++ {
			b[k] = min((n*k/s+shardAlign/2)/shardAlign*shardAlign, n)
		}
		b[s] = n
		plan.bounds[i] = b
	}
	plan.proj = make([][][]*synapse.Projection, s)
	plan.spk = make([][][2][]uint32, s)
	for k := 0; k < s; k++ {
		plan.proj[k] = make([][]*synapse.Projection, len(r.Pops))
		// Padded so that no two shards write slice headers on one cache line.
		plan.spk[k] = make([][2][]uint32, len(r.Pops), len(r.Pops)+4)
		for i, p := range r.Pops {
			for par := range 2 {
				plan.spk[k][i][par] = make([]uint32, 0, p.Unit.Len())
			}
		}
	}
	for i, p := range r.Pops {
		// The views of a population's projections share one table of row
		// bounds, so a spike finds all its rows' bounds on one line.
		bounds := make([][]int, len(p.out))
		for q, proj := range p.out {
			bounds[q] = plan.bounds[idx[r.popOfReceptor(proj)]]
		}
		views := synapse.SplitTargetsGroup(p.out, bounds)
		for q := range p.out {
			for k := 0; k < s; k++ {
				plan.proj[k][i] = append(plan.proj[k][i], views[q][k])
			}
		}
	}
	r.shard = plan
}

// popOfReceptor finds the population a local projection delivers to.
func (r *Region) popOfReceptor(q *synapse.Projection) *Population {
	for _, p := range r.Pops {
		for _, rc := range p.Unit.Receptors() {
			if rc == q.Receptor {
				return p
			}
		}
	}
	panic("cortex: projection " + q.Name + " delivers to no population of its region")
}

// startShards starts the goroutines of shards 1..n-1; stopShards ends them.
// The goroutines meet the region's goroutine at spinning barriers, never at
// channels: a channel hand-off readies the receiver on the sender's P, where
// it would wait behind the spinning sender instead of running on the other
// core.
func (r *Region) startShards() {
	plan := r.shard
	plan.quit = false
	plan.running.Add(plan.n - 1)
	for k := 1; k < plan.n; k++ {
		go func() {
			defer plan.running.Done()
			for {
				plan.startBar.wait()
				if plan.quit {
					return
				}
				r.shardLoop(k, plan.from, plan.to)
				plan.endBar.wait()
			}
		}()
	}
}

func (r *Region) stopShards() {
	plan := r.shard
	plan.quit = true
	plan.startBar.wait()
	plan.running.Wait()
}

// advanceSharded is advance for a sharded region.
func (r *Region) advanceSharded(from, to int64) {
	plan := r.shard
	plan.bar.aborted.Store(false)
	plan.bar.count.Store(0)
	plan.from, plan.to = from, to
	plan.startBar.wait()
	r.shardLoop(0, from, to)
	plan.endBar.wait()
	for k := range plan.n {
		r.events += plan.events[k]
		plan.events[k] = 0
		if plan.errs[k] != nil && r.err == nil {
			r.err = plan.errs[k]
		}
	}
}

func (r *Region) shardLoop(s int, from, to int64) {
	plan := r.shard
	defer func() {
		if p := recover(); p != nil {
			plan.errs[s] = fmt.Errorf("cortex: internal error in region %s, shard %d: %v", r.Name, s, p)
			plan.bar.abort()
		}
	}()
	dt := r.net.Dt
	// Events are counted locally and stored once per window: a shared
	// counter written every step would bounce its cache line between cores.
	var ev int64
	defer func() { plan.events[s] += ev }()
	for t := from; t < to; t++ {
		par := t & 1
		for i, p := range r.Pops {
			b := plan.bounds[i]
			var err error
			if b == nil {
				if s == 0 {
					plan.spk[0][i][par], err = p.Unit.Step(t, plan.spk[0][i][par][:0])
				}
			} else {
				for _, st := range p.Stimuli {
					st.(rangedStimulus).ApplyRange(t, b[s], b[s+1])
				}
				plan.spk[s][i][par], err = p.Unit.(ranged).StepRange(t, b[s], b[s+1], plan.spk[s][i][par][:0])
			}
			if err == nil && (b != nil || s == 0) {
				// The per-unit statistics of the shard's own units, here in
				// parallel rather than by shard 0 for all (bookkeep).
				p.countUnits(t, plan.spk[s][i][par])
			}
			if err != nil {
				plan.errs[s] = stepError(p.Name, t, dt, err)
				plan.bar.abort()
				return
			}
		}
		if !plan.bar.wait() {
			return
		}
		// Touch every spiking row of every projection first, so that their
		// cache misses overlap, then deliver.
		for i := range r.Pops {
			shards := plan.n
			if plan.bounds[i] == nil {
				shards = 1
			}
			for _, q := range plan.proj[s][i] {
				for u := 0; u < shards; u++ {
					q.Prefetch(plan.spk[u][i][par])
				}
			}
		}
		for i := range r.Pops {
			shards := plan.n
			if plan.bounds[i] == nil {
				shards = 1
			}
			for _, q := range plan.proj[s][i] {
				for u := 0; u < shards; u++ {
					if sp := plan.spk[u][i][par]; len(sp) > 0 {
						ev += q.PropagatePrefetched(t, sp)
					}
				}
			}
		}
		if s == 0 {
			r.bookkeep(t, par)
		}
		if r.samplesAt(t) && !plan.bar.wait() {
			return
		}
	}
}

// bookkeep updates statistics, recorders and the outbox with the spikes of
// step t, in unit order (shard 0, phase C).
func (r *Region) bookkeep(t int64, par int64) {
	plan := r.shard
	for i, p := range r.Pops {
		shards := plan.n
		if plan.bounds[i] == nil {
			shards = 1
		}
		total := 0
		for u := 0; u < shards; u++ {
			sp := plan.spk[u][i][par]
			if len(sp) == 0 {
				continue
			}
			total += len(sp)
			p.noteCounted(t, sp, &p.outbox[r.cur])
		}
		p.total += int64(total)
		p.sample(t, total, r.net.Dt)
	}
}

// samplesAt says whether a state recorder samples after step t: then the
// shards meet once more so that the sample sees every unit at step t.
func (r *Region) samplesAt(t int64) bool {
	for _, p := range r.Pops {
		for _, rec := range p.stateRec {
			if (t+1)%rec.Every == 0 {
				return true
			}
		}
		for _, pr := range p.probes {
			if e := pr.Every(); e > 0 && (t+1)%e == 0 {
				return true
			}
		}
	}
	return false
}

// barrier is a reusable spinning barrier for n goroutines. Spinning keeps the
// cost of a step's meeting near a microsecond; after some tens of
// microseconds a waiter yields, so that it also works with fewer cores than
// shards (slowly). abort releases every waiter with false.
type barrier struct {
	n       int32
	count   atomic.Int32
	gen     atomic.Uint32
	aborted atomic.Bool
}

func (b *barrier) wait() bool {
	g := b.gen.Load()
	if b.count.Add(1) == b.n {
		b.count.Store(0)
		b.gen.Add(1)
		return !b.aborted.Load()
	}
	for spins := 0; b.gen.Load() == g; spins++ {
		if b.aborted.Load() {
			return false
		}
		if spins > 50000 {
			runtime.Gosched()
		}
	}
	return !b.aborted.Load()
}

func (b *barrier) abort() {
	b.aborted.Store(true)
}
