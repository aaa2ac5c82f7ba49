package synapse

// arrivalQueue holds presynaptic spikes until they arrive at their
// synapses, emission + the projection's one delay: slot s&mask holds the
// sources whose spikes arrive at step s. The STDP rules use it so that a
// pre spike's time is its arrival (Brian2's on_pre, NEST's dendritic
// delay).
type arrivalQueue struct {
	slots   [][]uint32
	mask    int64
	delay   int64
	flushed int64 // arrivals up to this step have been handed out
}

// newArrivalQueue makes the queue of projection p: a power of two of
// slots above its delay, each with room for every source.
func newArrivalQueue(p *Projection) arrivalQueue {
	q := arrivalQueue{delay: int64(p.Delay), flushed: -1}
	n := int64(1)
	for n < q.delay+1 {
		n <<= 1
	}
	q.mask = n - 1
	q.slots = make([][]uint32, n)
	for s := range q.slots {
		q.slots[s] = make([]uint32, 0, p.NPre)
	}
	return q
}

// push queues the spikes the sources emitted at step t.
func (q *arrivalQueue) push(t int64, spikes []uint32) {
	s := &q.slots[(t+q.delay)&q.mask]
	*s = append(*s, spikes...)
}

// flush hands every spike arriving after the last flushed step up to t to
// arrive, step by step, in the order the spikes were pushed.
func (q *arrivalQueue) flush(t int64, arrive func(i uint32, s int64)) {
	for ; q.flushed < t; q.flushed++ {
		s := q.flushed + 1
		slot := &q.slots[s&q.mask]
		for _, i := range *slot {
			arrive(i, s)
		}
		*slot = (*slot)[:0]
	}
}
