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

// addDelayedRow and addWeightedDelayedRow add one row with per-synapse
// delays: into the ring, or, when the projection's smallest delay is 0,
// through the kernels below that send the zero-delay synapses to the
// receptor's state (a branch per row; the ring kernels stay as they are).
func addDelayedRow[D uint8 | uint16](p *Projection, buf []float32, row []uint32, rd []D, w float32, t, mask, n int64) {
	if p.Delay == 0 {
		addDelayedZ(buf, p.Receptor.X, row, rd, w, t, mask, n)
		return
	}
	addDelayed(buf, row, rd, w, t, mask, n)
}

func addWeightedDelayedRow[D uint8 | uint16](p *Projection, buf []float32, row []uint32, rw []float32, rd []D, next []uint32, nextD []D, r float32, t, mask, n int64) {
	if p.Delay == 0 {
		addWeightedDelayedZ(buf, p.Receptor.X, row, rw, rd, r, t, mask, n)
		return
	}
	addWeightedDelayed(buf, row, rw, rd, next, nextD, r, t, mask, n)
}

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
