package synapse

// touchRows reads the row offsets and every cache line of the rows of all
// spikes before any of them is delivered. The reads are independent, so the
// processor overlaps their cache misses; delivering row after row instead
// would wait for them one at a time, which in large networks (rows spread
// over tens of MB) costs more than the additions themselves. The returned
// value only keeps the loads from being optimized away.
func touchRows(p *Projection, spikes []uint32) uint32 {
	var x uint32
	tg := p.Targets
	for _, s := range spikes {
		lo, hi := p.row(int(s))
		// One read per 64-byte line of the row.
		for k := lo; k < hi; k += 16 {
			x += tg[k]
		}
	}
	return x
}

// Prefetch reads the rows of spikes ahead of Propagate (see touchRows): a
// caller that delivers through several projections touches all their rows
// first, so the cache misses of all of them overlap.
//
// Projections whose synapses fit in a core's L2 cache (below prefetchMin)
// skip it: their rows are cached and the extra pass only costs. So do
// projections with per-synapse delays: their delivery waits on its adds
// into the ring buffer, at random places, while the processor streams the
// rows by itself; touching them first made it slower, by 4-37%
// (BenchmarkDeliverDelayed).
func (p *Projection) Prefetch(spikes []uint32) {
	if len(spikes) > 0 && len(p.Targets) >= prefetchMin && p.Delays8 == nil && p.Delays == nil {
		p.touched += touchRows(p, spikes)
	}
}

// prefetchMin is the number of synapses (4 bytes of target each) from which
// touching rows ahead pays: 1 MB of targets.
const prefetchMin = 1 << 18
