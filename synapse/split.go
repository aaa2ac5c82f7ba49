package synapse

import "sort"

// SplitTargets returns one view of p per target range [bounds[k],
// bounds[k+1]): the same sources and receptor, only the synapses whose
// targets lie in the range, in their row order. A nil bounds returns p alone
// (for every shard). Shards that each deliver the spikes of the whole source
// through their own view touch disjoint targets and, per target, add the
// inputs in the same order as p: the sum is bit-identical.
//
// The views copy the targets, weights and delays of their synapses, so the
// split projections together take the memory of p once more; p itself is
// not used by the scheduler afterwards and may be dropped.
func (p *Projection) SplitTargets(bounds []int) []*Projection {
	if bounds == nil {
		return nil
	}
	s := len(bounds) - 1
	views := make([]*Projection, s)
	for k := range views {
		v := *p
		lo, hi := uint32(bounds[k]), uint32(bounds[k+1])
		v.Offsets = make([]int, p.NPre+1)
		// Count first, then copy: rows are sorted by target, so each row's
		// part is one contiguous run found by binary search.
		total := 0
		for i := 0; i < p.NPre; i++ {
			a, b := p.rowRange(i, lo, hi)
			total += b - a
			v.Offsets[i+1] = total
		}
		v.Targets = make([]uint32, 0, total)
		if p.Weights != nil {
			v.Weights = make([]float32, 0, total)
		}
		if p.Delays != nil {
			v.Delays = make([]uint16, 0, total)
		}
		if p.Delays8 != nil {
			v.Delays8 = make([]uint8, 0, total)
		}
		for i := 0; i < p.NPre; i++ {
			a, b := p.rowRange(i, lo, hi)
			v.Targets = append(v.Targets, p.Targets[a:b]...)
			if p.Weights != nil {
				v.Weights = append(v.Weights, p.Weights[a:b]...)
			}
			if p.Delays != nil {
				v.Delays = append(v.Delays, p.Delays[a:b]...)
			}
			if p.Delays8 != nil {
				v.Delays8 = append(v.Delays8, p.Delays8[a:b]...)
			}
		}
		views[k] = &v
	}
	return views
}

// rowRange is the part [a, b) of row i whose targets lie in [lo, hi).
func (p *Projection) rowRange(i int, lo, hi uint32) (a, b int) {
	r0, r1 := p.Offsets[i], p.Offsets[i+1]
	row := p.Targets[r0:r1]
	a = r0 + sort.Search(len(row), func(k int) bool { return row[k] >= lo })
	b = r0 + sort.Search(len(row), func(k int) bool { return row[k] >= hi })
	return a, b
}
