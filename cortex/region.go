package cortex

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/synapse"
)

// Region is the set of populations one goroutine owns. Within a region,
// every step runs the same fixed order:
//
//  1. stimuli write the external currents;
//  2. every population steps (integrate, threshold and reset, take the
//     input arriving at this step), in the order they were added, and
//     a spiking population whose activity is read filters its spikes
//     into it (activity.go);
//  3. for every population in order: spike statistics and recorders, the
//     outbox for other regions, its projections deliver its spikes (or
//     rates, or a spiking population's activity through a rate-coded
//     projection) into the ring buffers of their targets, plasticity
//     OnPre, then OnPost for plastic projections into it;
//  4. plasticity Step with the modulator levels of step t (computed at the
//     window's start; see modulate.go): the
//     local projections (by source population, in order), then the plastic
//     pathways into the region (in delivery order).
//
// The rule of a plastic pathway runs on the target region's goroutine: its
// OnPre is called when the pathway's spikes are delivered at a barrier
// (with their emission steps, which lie in the last window), its OnPost
// and Step within the target's steps. Rules that act at arrival
// (emission + delay, at least one window later) queue the spikes.
//
// A region with plastic projections from or into its populations is not
// split into shards (see planShards): its rules see whole projections.
type Region struct {
	Name  string
	Index int
	Pops  []*Population

	net      *Network
	incoming []*Pathway // delivered at barriers, in a fixed order
	events   int64      // synaptic events delivered by this region
	err      error
	cur      int        // outbox being written
	pending  bool       // an exchange waits to be delivered
	shard    *shardPlan `snap:"-"` // nil: the region steps on one goroutine; built by prepare
	rel      []release  // modulator releases of this window (Release)
}

// AddPopulation adds a population of units to the region. Its name in the
// network is "region.name".
func (r *Region) AddPopulation(name string, unit neuron.Population) (*Population, error) {
	full := r.Name + "." + name
	if r.net.prepared {
		return nil, errors.New("cortex: AddPopulation after the first Run")
	}
	if _, dup := r.net.pops[full]; dup {
		return nil, fmt.Errorf("cortex: duplicate population %s", full)
	}
	p := &Population{Name: full, Local: name, Region: r, Unit: unit}
	p.initStats()
	r.Pops = append(r.Pops, p)
	r.net.pops[full] = p
	return p, nil
}

// Population is a population placed in a region, with its projections,
// stimuli, statistics and recorders.
type Population struct {
	Name   string // "region.population"
	Local  string // name within the region
	Region *Region
	Unit   neuron.Population
	// Stimuli add external currents each step, in order.
	Stimuli []neuron.Stimulus
	// ActivityTau is the time constant (ms) of the filtered rate of a
	// spiking population (see Activity); 0 means DefaultActivityTau.
	ActivityTau float64

	out        []*synapse.Projection // local projections from this population
	plasticIn  []*synapse.Projection // plastic projections into it (OnPost)
	hasPathway bool
	rateOut    bool      // a projection from this spiking population sends its activity
	act        []float32 // filtered rate of a spiking population (Activity); nil unless read
	actDecay   float32
	actKick    float32
	outbox     [2]spikeBuf
	spikes     []uint32 // spikes of the current step

	stats
	spikeRec []*SpikeRecorder
	watches  []*SpikeWatch
	stateRec []*StateRecorder
	rateRec  []*RateRecorder
	probes   []Probe `snap:"-"` // the analyses' (saved with them)
}

// Projections returns the local projections from the population. In a
// region that runs on shards, the shards deliver through views that share
// these projections' synapses; change no synapse after the first Run.
func (p *Population) Projections() []*synapse.Projection { return p.out }

type spikeBuf struct {
	steps []int64
	units []uint32
}

// advance runs the region from step from up to step to (exclusive),
// after ingesting the spikes that arrived through pathways. It stops at
// the first error, which it keeps in r.err.
func (r *Region) advance(from, to int64) {
	if r.err != nil {
		return
	}
	// A panic here is a bug; report it as this region's error instead of
	// crashing the process from a worker goroutine.
	defer func() {
		if p := recover(); p != nil {
			r.err = fmt.Errorf("cortex: internal error in region %s: %v", r.Name, p)
		}
	}()
	if r.pending {
		r.ingest()
		r.pending = false
	}
	if r.shard != nil {
		r.advanceSharded(from, to)
		return
	}
	for t := from; t < to; t++ {
		mod := r.net.modAt(t)
		if !r.stepUnits(t) {
			return
		}
		// Touch every spiking row first, so that the cache misses of all
		// projections overlap, then deliver (see synapse.Projection.Prefetch).
		for _, p := range r.Pops {
			if len(p.spikes) > 0 && p.Unit.Output() == nil {
				for _, q := range p.out {
					q.Prefetch(p.spikes)
				}
			}
		}
		r.deliver(t)
		r.stepRules(t, mod)
	}
}

// stepUnits applies the stimuli of every population and steps its units
// to step t, keeping their spikes in p.spikes. On an error it sets r.err
// and returns false.
func (r *Region) stepUnits(t int64) bool {
	for _, p := range r.Pops {
		if len(p.Stimuli) > 0 {
			cur := p.Unit.Current()
			clear(cur)
			for _, s := range p.Stimuli {
				s.Apply(t, cur)
			}
		}
		var err error
		p.spikes, err = p.Unit.Step(t, p.spikes[:0])
		if err != nil {
			r.err = stepError(p.Name, t, r.net.Dt, err)
			return false
		}
		if p.act != nil {
			p.updateActivity(p.spikes)
		}
	}
	return true
}

// deliver handles every population's output of step t: it counts and
// records the spikes, queues them for the pathways, samples the recorded
// states, propagates spikes or rates through the population's projections
// and calls the plasticity rules' OnPre and OnPost hooks.
func (r *Region) deliver(t int64) {
	for _, p := range r.Pops {
		sp := p.spikes
		if len(sp) > 0 {
			p.noteSpikes(t, sp, &p.outbox[r.cur])
		}
		p.sample(t, len(sp), r.net.Dt)
		if rates := p.Unit.Output(); rates != nil {
			for _, q := range p.out {
				r.events += q.PropagateRates(t, rates)
			}
		} else if len(sp) > 0 || p.rateOut {
			// Touch the spiking rows of all the population's projections
			// first, so that their cache misses overlap (see
			// synapse.Projection.Prefetch).
			if len(sp) > 0 {
				for _, q := range p.out {
					if !q.Rates {
						q.Prefetch(sp)
					}
				}
			}
			for _, q := range p.out {
				if q.Rates {
					r.events += q.PropagateRates(t, p.act)
					continue
				}
				if len(sp) == 0 {
					continue
				}
				r.events += q.PropagatePrefetched(t, sp)
				if q.Rule != nil {
					q.Rule.OnPre(q, t, sp)
				}
			}
		}
		if len(sp) > 0 {
			for _, q := range p.plasticIn {
				q.Rule.OnPost(q, t, sp)
			}
		}
	}
}

// stepRules steps the plasticity rules of the region's projections, the
// local ones and then the incoming pathways', at step t with
// the neuromodulators mod.
func (r *Region) stepRules(t int64, mod *synapse.Modulators) {
	for _, p := range r.Pops {
		for _, q := range p.out {
			if q.Rule != nil {
				q.Rule.Step(q, t, mod)
			}
		}
	}
	for _, pw := range r.incoming {
		if q := pw.Proj; q.Rule != nil {
			q.Rule.Step(q, t, mod)
		}
	}
}

// noteSpikes counts and records the spikes sp of step t, shows them to
// the spike watches and queues them in ob for the pathways. The sharded
// loop counts each shard's spikes in the shard (countUnits) and calls
// noteCounted once per shard, in unit order.
func (p *Population) noteSpikes(t int64, sp []uint32, ob *spikeBuf) {
	p.count(t, sp)
	p.noteCounted(t, sp, ob)
}

// noteCounted is noteSpikes after the spikes have been counted.
func (p *Population) noteCounted(t int64, sp []uint32, ob *spikeBuf) {
	for _, rec := range p.spikeRec {
		rec.add(t, sp)
	}
	for _, w := range p.watches {
		w.add(t, sp)
	}
	if p.hasPathway {
		for _, u := range sp {
			ob.steps = append(ob.steps, t)
			ob.units = append(ob.units, u)
		}
	}
}

// sample records the rate of the population's n spikes at step t and
// samples its recorded states.
func (p *Population) sample(t int64, n int, dt float64) {
	for _, rec := range p.rateRec {
		rec.add(t, n, p.Unit.Len(), dt)
	}
	for _, rec := range p.stateRec {
		rec.sample(t)
	}
	for _, pr := range p.probes {
		if e := pr.Every(); e > 0 && (t+1)%e == 0 {
			pr.Sample(t)
		}
	}
}

// swapOutboxes is called at a barrier: the outbox written in the window
// becomes readable by the targets and the other one is reused.
func (r *Region) swapOutboxes() {
	r.cur ^= 1
	for _, p := range r.Pops {
		ob := &p.outbox[r.cur]
		ob.steps, ob.units = ob.steps[:0], ob.units[:0]
	}
	r.pending = true
}

// ingest delivers the spikes of the last window from other regions: pathway
// by pathway (source region order, then connection order), spikes by step
// and unit as they were emitted.
func (r *Region) ingest() {
	for _, pw := range r.incoming {
		ob := &pw.From.outbox[pw.From.Region.cur^1]
		for i := 0; i < len(ob.steps); {
			j := i + 1
			for j < len(ob.steps) && ob.steps[j] == ob.steps[i] {
				j++
			}
			r.events += pw.Proj.Propagate(ob.steps[i], ob.units[i:j])
			if pw.Proj.Rule != nil {
				pw.Proj.Rule.OnPre(pw.Proj, ob.steps[i], ob.units[i:j])
			}
			i = j
		}
	}
}

// stepError names the population, the step and the time of a failed step.
func stepError(pop string, t int64, dt float64, err error) error {
	var ue *neuron.UnstableError
	if errors.As(err, &ue) {
		return fmt.Errorf("population %s: unstable integration at step %d (t = %.6g ms): %s of unit %d is %.6g, beyond the bound ±%g (v_bound): %w",
			pop, t, float64(t)*dt, ue.Var, ue.Unit, ue.Value, ue.Bound, errUnstable)
	}
	return fmt.Errorf("population %s at step %d (t = %.6g ms): %w", pop, t, float64(t)*dt, err)
}

// errUnstable marks unstable-integration errors (errors.Is(err, ErrUnstable)).
var errUnstable = ErrUnstable

// ErrUnstable is wrapped by the error of a run stopped by a runaway state.
var ErrUnstable = errors.New("the integration is unstable; reduce dt or check the inputs")

func sortPathways(ps []*Pathway) {
	sort.SliceStable(ps, func(a, b int) bool { return ps[a].From.Region.Index < ps[b].From.Region.Index })
}

// String describes the region.
func (r *Region) String() string {
	names := make([]string, len(r.Pops))
	for i, p := range r.Pops {
		names[i] = p.Local
	}
	return fmt.Sprintf("region %s (%s)", r.Name, strings.Join(names, ", "))
}
