package synapse

import "sort"

// SplitTargets returns one view of p per target range [bounds[k],
// bounds[k+1]): the same sources and receptor, only the synapses whose
// targets lie in the range, in their row order. A nil bounds returns nil.
// Shards that each deliver the spikes of the whole source through their own
// view touch disjoint targets and, per target, add the inputs in the same
// order as p: the sum is bit-identical.
//
// The views share p's targets, weights and delays (rows are sorted by
// target, so the part of a row in each range is one contiguous run); they
// add one table of row bounds, len(bounds) uint32s per source, laid out so that
// the shards delivering the same spike read the same cache line. p itself
// must not be changed afterwards.
func (p *Projection) SplitTargets(bounds []int) []*Projection {
	if bounds == nil {
		return nil
	}
	s := len(bounds) - 1
	stride := s + 1
	idx := make([]uint32, p.NPre*stride)
	for i := 0; i < p.NPre; i++ {
		r0, r1 := p.row(i)
		row := p.Targets[r0:r1]
		for k, b := range bounds {
			switch k {
			case 0:
				idx[i*stride] = uint32(r0)
			case s:
				idx[i*stride+k] = uint32(r1)
			default:
				idx[i*stride+k] = uint32(r0 + sort.Search(len(row), func(q int) bool { return row[q] >= uint32(b) }))
			}
		}
	}
	views := make([]*Projection, s)
	for k := range views {
		v := *p
		v.Offsets = nil
		v.rowIdx, v.rowStride, v.rowK = idx, stride, k
		views[k] = &v
	}
	return views
}
