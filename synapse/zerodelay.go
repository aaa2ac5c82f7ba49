package synapse

// Zero delays. A synapse with a delay of 0 steps acts from the next step
// on: its weight is added straight into the receptor's state after the
// target has stepped (Brian2's schedule: thresholds, then synapses, then
// the next step's integration), where a delay of d ≥ 1 steps writes into
// the ring slot of step t+d, taken in at the end of the target's step t+d
// and acting from step t+d+1. So delay d always means: the membrane feels
// it from step t+d+1. Only projections within a region can have zero
// delays (a pathway's smallest delay is the scheduler's window), and not
// into delta receptors, which have no state.

// slotAt is where the spikes of step t go with the projection's common
// delay: the ring slot of their arrival, or the receptor's state for a
// zero delay.
func (p *Projection) slotAt(t int64) []float32 {
	if p.Delay == 0 {
		return p.Receptor.X
	}
	return p.Receptor.Slot(t + int64(p.Delay))
}

// The row kernels for per-synapse delays some of which are 0 (the
// projection's smallest delay is 0): synapses of delay 0 add into the
// receptor state x, the others into the ring.

func addDelayedZ[D uint8 | uint16](buf, x []float32, row []uint32, rd []D, w float32, t, mask, n int64) {
	rd = rd[:len(row)]
	for k, j := range row {
		if rd[k] == 0 {
			x[j] += w
		} else {
			buf[((t+int64(rd[k]))&mask)*n+int64(j)] += w
		}
	}
}

func addWeightedDelayedZ[D uint8 | uint16](buf, x []float32, row []uint32, rw []float32, rd []D, r float32, t, mask, n int64) {
	rw, rd = rw[:len(row)], rd[:len(row)]
	for k, j := range row {
		v := rw[k]
		if r != 1 {
			v *= r
		}
		if rd[k] == 0 {
			x[j] += v
		} else {
			buf[((t+int64(rd[k]))&mask)*n+int64(j)] += v
		}
	}
}

// propagateDelaysZ is propagateDelays and propagateWeightsDelays (ws
// nil: the shared weight) for projections with zero delays, each row
// scaled by r(i) (1 for spikes; the rate of a rate-coded source).
func propagateDelaysZ[D uint8 | uint16](p *Projection, ds []D, t int64, rows []uint32, r func(i uint32) float32) int64 {
	var ev int
	tg := p.Targets
	buf, mask := p.Receptor.Ring()
	x := p.Receptor.X
	n := int64(p.NPost)
	for _, s := range rows {
		g := r(s)
		lo, hi := p.row(int(s))
		if p.Weights == nil {
			addDelayedZ(buf, x, tg[lo:hi], ds[lo:hi], p.Weight*g, t, mask, n)
		} else {
			addWeightedDelayedZ(buf, x, tg[lo:hi], p.Weights[lo:hi], ds[lo:hi], g, t, mask, n)
		}
		ev += hi - lo
	}
	return int64(ev)
}
