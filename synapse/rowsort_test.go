package synapse

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortByTarget: sortByTarget gives the order of slices.Sort for keys
// target<<32 | place and for bare targets, with duplicates, short and long
// rows, one to three radix passes, and an odd or even number of them.
func TestSortByTarget(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	var ktmp []uint64
	var ttmp []uint32
	for _, nPost := range []int{1, 2, 3, 200, 256, 257, 2048, 2049, 20000, 1 << 22, 1<<22 + 1, 1 << 31} {
		for _, n := range []int{0, 1, 5, 255, 256, 1000, 5000, 40000} {
			what := fmt.Sprintf("nPost %d, row %d", nPost, n)
			keys, tg := make([]uint64, n), make([]uint32, n)
			for r := range keys {
				j := uint32(rng.IntN(nPost))
				if r%3 == 1 {
					j = tg[r-1] // runs of equal targets
				}
				tg[r], keys[r] = j, uint64(j)<<32|uint64(r)
			}
			wantK, wantT := slices.Clone(keys), slices.Clone(tg)
			slices.Sort(wantK)
			slices.Sort(wantT)
			ktmp = sortByTarget(keys, ktmp, 32, nPost)
			ttmp = sortByTarget(tg, ttmp, 0, nPost)
			if !slices.Equal(keys, wantK) {
				t.Fatalf("%s: keys not in the order of slices.Sort", what)
			}
			if !slices.Equal(tg, wantT) {
				t.Fatalf("%s: targets not in the order of slices.Sort", what)
			}
		}
	}
}
