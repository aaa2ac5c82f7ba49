package synapse

import (
	"math/bits"
	"slices"
)

// radixMin is the shortest row that sortRows sorts by radix; shorter ones
// (and rows with few elements per radix bucket) go to slices.Sort.
const radixMin = 256

// sortByTarget sorts a row x by target, where each element holds a target
// below nPost in its bits from shift up and nothing above, with tmp as
// scratch (returned for reuse). It gives the order of slices.Sort(x) when
// the elements below the target bits increase along x (keys target<<32 |
// place, shift 32) or there are none (targets, shift 0): long rows go by a
// least-significant-digit radix sort of the target bits, which is stable,
// in passes of at most 11 bits (two passes up to 2^22 targets), linear in
// the row where a comparison sort costs log2 of its length per element.
func sortByTarget[T uint32 | uint64](x, tmp []T, shift uint, nPost int) []T {
	n := len(x)
	w := bits.Len(uint(max(nPost, 1) - 1))
	passes := (w + 10) / 11
	if passes == 0 {
		return tmp // every target is 0: sorted
	}
	width := (w + passes - 1) / passes
	if n < radixMin || n < 1<<width>>2 {
		slices.Sort(x)
		return tmp
	}
	if cap(tmp) < n {
		tmp = make([]T, n)
	}
	src, dst := x, tmp[:n]
	var count [1 << 11]uint32
	c := count[:1<<width]
	mask := T(1)<<width - 1
	for pass := range passes {
		s := shift + uint(pass*width)
		clear(c)
		for _, v := range src {
			c[v>>s&mask]++
		}
		var sum uint32
		for d, k := range c {
			c[d], sum = sum, sum+k
		}
		for _, v := range src {
			d := v >> s & mask
			dst[c[d]] = v
			c[d]++
		}
		src, dst = dst, src
	}
	if passes%2 == 1 {
		copy(x, src)
	}
	return tmp
}
