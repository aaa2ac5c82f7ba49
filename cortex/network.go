package cortex

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/synapse"
)

// Network is a set of regions joined by pathways, simulated with one fixed
// step Dt (ms).
type Network struct {
	Dt   float64
	Seed uint64

	Regions  []*Region
	Pathways []*Pathway

	// Mod holds the global neuromodulator levels carried into the next
	// window, set at barriers (see modulate.go for the exact semantics).
	Mod synapse.Modulators
	// ModTau holds the decay time constant (ms) of every modulator level;
	// 0 keeps a level constant between releases. ModBase is the level a
	// modulator decays to (its tonic level). ModPhasic marks a modulator
	// fed by a critic: it holds ModBase plus the releases of each step
	// only, with no memory of earlier steps. Read at the first Run; see
	// modulate.go.
	ModTau    [synapse.NumModulators]float64
	ModBase   [synapse.NumModulators]float64
	ModPhasic [synapse.NumModulators]bool
	// MaxWindow, when > 0, bounds the steps between barriers.
	MaxWindow int64
	// Progress, when set, is called after every window with the steps done
	// in this Run and the steps asked for.
	Progress func(done, total int64) `snap:"-"`
	// Threads bounds the shards a large region is split into (at most one
	// per MinShardUnits units); 0 means GOMAXPROCS, 1 turns sharding off.
	// It is read at the first Run. Results do not depend on it.
	Threads int

	step     int64 // steps simulated so far
	synapses int64 // counted before sharding replaces projections by views
	window   int64 // W = D_min/dt steps between barriers
	prepared bool
	err      error
	pops     map[string]*Population
	mods     modState
	ops      []Operation
	opsDone  int64 // step whose operations ran, -1: none
	modRec   []*ModRecorder
	stopped  bool // an operation returned ErrStop
}

// New makes an empty network with step dt (ms) whose random streams derive
// from seed.
func New(dt float64, seed uint64) *Network {
	return &Network{Dt: dt, Seed: seed, pops: map[string]*Population{}, opsDone: -1}
}

// Rand returns a random stream for the named purpose, derived from the
// network seed and the parts by hashing: the same names give the same stream
// whatever else the network holds.
func (n *Network) Rand(parts ...string) *rand.Rand {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return rand.New(rand.NewPCG(n.Seed, h.Sum64()))
}

// Step is the number of steps simulated so far.
func (n *Network) Step() int64 { return n.step }

// Window is the number of steps between barriers (D_min/dt).
func (n *Network) Window() int64 { return n.window }

// AddRegion adds a region.
func (n *Network) AddRegion(name string) *Region {
	r := &Region{Name: name, Index: len(n.Regions), net: n}
	n.Regions = append(n.Regions, r)
	return r
}

// Population finds a population by its full name "region.population".
func (n *Network) Population(name string) *Population { return n.pops[name] }

// Connect builds a projection from one population to a receptor of another:
// within a region it is a local projection, between regions a pathway whose
// delays must all be at least one step (the smallest sets the window).
// Connectivity and weights are drawn from the stream ("connect", name).
func (n *Network) Connect(from, to *Population, spec synapse.Spec) (*synapse.Projection, error) {
	if n.prepared {
		return nil, errors.New("cortex: Connect after the first Run")
	}
	spec.NPre, spec.NPost = from.Unit.Len(), to.Unit.Len()
	spec.Same = from == to
	p, err := synapse.Build(spec, n.Dt, n.Rand("connect", spec.Name))
	if err != nil {
		return nil, err
	}
	if p.Rates && from.Unit.Output() == nil {
		from.Activity()
		from.rateOut = true
	}
	if from.Region == to.Region {
		from.out = append(from.out, p)
	} else {
		if from.Unit.Output() != nil || p.Rates {
			return nil, fmt.Errorf("cortex: %s: rate populations cannot send through a pathway between regions", spec.Name)
		}
		pw := &Pathway{Proj: p, From: from, To: to}
		n.Pathways = append(n.Pathways, pw)
		to.Region.incoming = append(to.Region.incoming, pw)
		from.hasPathway = true
	}
	if p.Rule != nil {
		to.plasticIn = append(to.plasticIn, p)
	}
	return p, nil
}

// Pathway is a projection between two regions. Its spikes travel in the
// outbox of the source region and are delivered by the target region at the
// next barrier; its delays are at least the window, so none arrives late.
type Pathway struct {
	Proj     *synapse.Projection
	From, To *Population
}

// prepare fixes the window and the ring buffers before the first run.
func (n *Network) prepare() error {
	if n.prepared {
		return nil
	}
	// The window is the smallest pathway delay (D_min); without pathways the
	// regions never need to meet, and the window only paces progress.
	n.window = 100
	minDelay := -1
	for _, pw := range n.Pathways {
		d := pw.Proj.MinDelaySteps()
		if d < 1 {
			return fmt.Errorf("cortex: pathway %s has a delay below one step", pw.Proj.Name)
		}
		if minDelay < 0 || d < minDelay {
			minDelay = d
		}
	}
	if minDelay > 0 {
		n.window = int64(minDelay)
	}
	if n.MaxWindow > 0 {
		n.window = min(n.window, n.MaxWindow)
	}
	// Operations run at barriers: the window divides their periods and
	// offsets.
	for _, op := range n.ops {
		if op.Every > 0 {
			n.window = gcd(n.window, op.Every)
		}
		if op.Offset > 0 {
			n.window = gcd(n.window, op.Offset)
		}
	}
	// Ring buffers hold the longest delay into each receptor.
	maxDelay := map[*neuron.Receptor]int{}
	for _, r := range n.Regions {
		for _, p := range r.Pops {
			for _, q := range p.out {
				maxDelay[q.Receptor] = max(maxDelay[q.Receptor], q.MaxDelaySteps())
			}
		}
	}
	for _, pw := range n.Pathways {
		maxDelay[pw.Proj.Receptor] = max(maxDelay[pw.Proj.Receptor], pw.Proj.MaxDelaySteps())
	}
	for _, r := range n.Regions {
		for _, p := range r.Pops {
			md := 1
			for _, rc := range p.Unit.Receptors() {
				md = max(md, maxDelay[rc])
			}
			if err := p.Unit.Prepare(n.Dt, md); err != nil {
				return fmt.Errorf("population %s: %w", p.Name, err)
			}
			if err := p.prepareActivity(n.Dt); err != nil {
				return err
			}
			p.spikes = make([]uint32, 0, p.Unit.Len())
		}
		// Incoming pathways are delivered in a fixed order: by source region,
		// then in the order they were connected.
		sortPathways(r.incoming)
	}
	for m, ph := range n.ModPhasic {
		if ph {
			n.Mod[m] = n.ModBase[m] // a phasic level starts at its tonic level
		}
	}
	n.synapses = n.countSynapses()
	threads := n.Threads
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	for _, r := range n.Regions {
		r.planShards(threads)
	}
	n.prepared = true
	return nil
}

// Prepare fixes the window and sizes the ring buffers and shards, as the
// first Run does before its first step (a no-op after that): a network is
// prepared before a checkpoint is read into it. A network that failed to
// prepare keeps the error.
func (n *Network) Prepare() error {
	if n.err != nil {
		return fmt.Errorf("cortex: network stopped earlier: %w", n.err)
	}
	if err := n.prepare(); err != nil {
		n.err = err
		return err
	}
	return nil
}

// Run simulates steps more steps, continuing from where the last Run ended:
// Run(a) followed by Run(b) gives the same state, bit for bit, as Run(a+b).
//
// Regions advance on their own goroutines, W = D_min/dt steps at a time;
// at every barrier (steps that are multiples of W, counted from step 0) the
// spikes bound for other regions are exchanged. Cancelling ctx stops the run
// at the next barrier with ctx.Err(). An unstable integration stops it with
// an error naming the population and the step; the network cannot run again
// after an error.
func (n *Network) Run(ctx context.Context, steps int64) error {
	if n.err != nil {
		return fmt.Errorf("cortex: network stopped earlier: %w", n.err)
	}
	if n.stopped {
		return nil
	}
	if err := n.Prepare(); err != nil {
		return err
	}
	if steps <= 0 {
		return nil
	}
	end := n.step + steps
	start := n.step
	for _, r := range n.Regions {
		if r.shard != nil {
			r.startShards()
			defer r.stopShards()
		}
	}
	var workers *workerPool
	if len(n.Regions) > 1 {
		workers = startWorkers(n.Regions)
		defer workers.stop()
	}
	for n.step < end {
		if err := ctx.Err(); err != nil {
			return err
		}
		if n.step%n.window == 0 {
			if err := n.runOps(n.step); err != nil {
				if errors.Is(err, ErrStop) {
					n.stopped = true
					return nil
				}
				n.err = err
				return err
			}
		}
		if n.step%n.window == 0 && (n.mods.win == nil || n.mods.base != n.step) {
			n.beginWindow(n.step)
		}
		to := min((n.step/n.window+1)*n.window, end)
		if workers != nil {
			workers.advance(n.step, to)
		} else {
			for _, r := range n.Regions {
				r.advance(n.step, to)
			}
		}
		if n.modRec != nil {
			n.recordMods(n.step, to)
		}
		n.step = to
		for _, r := range n.Regions {
			if r.err != nil {
				n.err = r.err
				return r.err
			}
		}
		if n.step%n.window == 0 {
			for _, r := range n.Regions {
				r.swapOutboxes()
			}
			n.endWindow(n.step)
		}
		if n.Progress != nil {
			n.Progress(n.step-start, steps)
		}
	}
	return nil
}

// workerPool runs one goroutine per region, each advancing its region when
// told and reporting back.
type workerPool struct {
	regions []*Region
	start   []chan [2]int64
	done    sync.WaitGroup
}

func startWorkers(regions []*Region) *workerPool {
	w := &workerPool{regions: regions, start: make([]chan [2]int64, len(regions))}
	for i, r := range regions {
		ch := make(chan [2]int64)
		w.start[i] = ch
		go func() {
			for span := range ch {
				r.advance(span[0], span[1])
				w.done.Done()
			}
		}()
	}
	return w
}

func (w *workerPool) advance(from, to int64) {
	w.done.Add(len(w.regions))
	for _, ch := range w.start {
		ch <- [2]int64{from, to}
	}
	w.done.Wait()
}

func (w *workerPool) stop() {
	for _, ch := range w.start {
		close(ch)
	}
}

// SynapticEvents sums the synaptic events delivered so far.
func (n *Network) SynapticEvents() int64 {
	var e int64
	for _, r := range n.Regions {
		e += r.events
	}
	return e
}

// Synapses counts the synapses of every projection and pathway.
func (n *Network) Synapses() int64 {
	if n.prepared {
		return n.synapses
	}
	return n.countSynapses()
}

func (n *Network) countSynapses() int64 {
	var s int64
	for _, r := range n.Regions {
		for _, p := range r.Pops {
			for _, q := range p.out {
				s += int64(q.Len())
			}
		}
	}
	for _, pw := range n.Pathways {
		s += int64(pw.Proj.Len())
	}
	return s
}
