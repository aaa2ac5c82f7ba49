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
	return SplitTargetsGroup([]*Projection{p}, [][]int{bounds})[0]
}

// SplitTargetsGroup is SplitTargets for several projections from one
// source population at once (bounds[q] for projs[q]; all with the same
// number of ranges): their row bounds share one table, source by source,
// so that a spike finds the bounds of its rows in all the projections on
// the same cache line instead of one line (a cache miss) per projection.
// views[q][k] is the view of projs[q] for range k.
func SplitTargetsGroup(projs []*Projection, bounds [][]int) [][]*Projection {
	if len(projs) == 0 {
		return nil
	}
	nPre, s := projs[0].NPre, len(bounds[0])-1
	stride := len(projs) * (s + 1)
	idx := make([]uint32, nPre*stride)
	for q, p := range projs {
		if p.NPre != nPre || len(bounds[q]) != s+1 {
			panic("synapse: SplitTargetsGroup of projections with different sources or range counts")
		}
		base := q * (s + 1)
		for i := 0; i < nPre; i++ {
			r0, r1 := p.row(i)
			row := p.Targets[r0:r1]
			for k, b := range bounds[q] {
				var v int
				switch k {
				case 0:
					v = r0
				case s:
					v = r1
				default:
					v = r0 + sort.Search(len(row), func(j int) bool { return row[j] >= uint32(b) })
				}
				idx[i*stride+base+k] = uint32(v)
			}
		}
	}
	views := make([][]*Projection, len(projs))
	for q, p := range projs {
		views[q] = make([]*Projection, s)
		for k := range views[q] {
			v := *p
			v.Offsets = nil
			v.rowIdx, v.rowStride, v.rowK = idx, stride, q*(s+1)+k
			views[q][k] = &v
		}
	}
	return views
}
