package synapse

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// FixedTotalNumber makes exactly N synapses between the two populations
// (NEST's fixed_total_number, as the Potjans & Diesmann 2014 microcircuit
// uses it): each synapse has a source drawn uniformly from [0, nPre) and a
// target drawn uniformly from [0, nPost), independently of each other and
// of the other synapses. Multapses are allowed (a pair may be drawn several
// times; each draw is a synapse of its own). When source and target are one
// population and Autapses is false, a pair i == j is redrawn, so the N
// pairs are uniform over the pairs with i != j.
//
// The pairs come from their own stream: a PCG seeded with two words drawn
// from the projection's rng (the only numbers the connector takes from it).
// Pair k is the k-th accepted draw of that stream; one draw is one Uint64,
// its high half giving the source and its low half the target by Lemire's
// multiply-shift, and the whole draw is rejected (and the next one taken)
// when either half falls into the few values that would bias the range, or
// when it makes a forbidden autapse. Connect returns the pairs in that
// order; Build replays the stream instead of keeping the pairs.
type FixedTotalNumber struct {
	N        int
	Autapses bool
}

func (c FixedTotalNumber) Connect(nPre, nPost int, same bool, rng *rand.Rand) (pre, post []uint32, err error) {
	d, err := c.draws(nPre, nPost, same, rng)
	if err != nil {
		return nil, nil, err
	}
	pre, post = make([]uint32, c.N), make([]uint32, c.N)
	for k := range pre {
		pre[k], post[k] = d.next()
	}
	return pre, post, nil
}

// pairDraws is the pair stream of a FixedTotalNumber. It is a value: a copy
// replays the stream from the point it was copied at.
type pairDraws struct {
	pcg         rand.PCG
	nPre, nPost uint64
	tPre, tPost uint32 // a half h*n is rejected when its low 32 bits are below 2^32 mod n
	noAutapses  bool
}

// draws checks the connector and seeds its stream from rng (two words).
func (c FixedTotalNumber) draws(nPre, nPost int, same bool, rng *rand.Rand) (pairDraws, error) {
	switch {
	case c.N < 0:
		return pairDraws{}, fmt.Errorf("total number %d is negative", c.N)
	case c.N > math.MaxUint32:
		return pairDraws{}, fmt.Errorf("total number %d is more than one projection holds (%d)", c.N, uint32(math.MaxUint32))
	case nPre < 0 || nPost < 0 || nPre > math.MaxUint32 || nPost > math.MaxUint32:
		return pairDraws{}, fmt.Errorf("fixed_total_number: sizes %d and %d are outside [0, %d]", nPre, nPost, uint32(math.MaxUint32))
	case c.N > 0 && (nPre == 0 || nPost == 0):
		return pairDraws{}, fmt.Errorf("total number %d between %d and %d units: no pair to draw", c.N, nPre, nPost)
	case c.N > 0 && same && !c.Autapses && nPre == 1 && nPost == 1:
		return pairDraws{}, fmt.Errorf("total number %d within one unit without autapses: no pair to draw", c.N)
	}
	d := pairDraws{nPre: uint64(nPre), nPost: uint64(nPost), noAutapses: same && !c.Autapses}
	if c.N > 0 {
		d.tPre, d.tPost = -uint32(nPre)%uint32(nPre), -uint32(nPost)%uint32(nPost)
	}
	d.pcg.Seed(rng.Uint64(), rng.Uint64())
	return d, nil
}

// next is the next pair of the stream.
func (d *pairDraws) next() (i, j uint32) {
	for {
		x := d.pcg.Uint64()
		a, b := (x>>32)*d.nPre, (x&math.MaxUint32)*d.nPost
		if uint32(a) < d.tPre || uint32(b) < d.tPost {
			continue
		}
		i, j = uint32(a>>32), uint32(b>>32)
		if d.noAutapses && i == j {
			continue
		}
		return i, j
	}
}

// totalRows makes the rows of a FixedTotalNumber without pair arrays: pass
// 1 draws the pairs and keeps only their sources (4 bytes a synapse, which
// the placer needs to put weights and delays, drawn in pair order, in
// place); pass 2 replays the stream from a copy of its start and drops each
// target into the next free place of its source's row. The rows come out
// in pair order, as from Connect's pairs through the generic path, and
// Build goes on as there: weights, then delays, drawn in pair order and
// put in place through the sources; then every row sorted by target,
// stably (synapses to one target, multapses, keep their pair order), by
// radix (sortByTarget). Time O(N + nPre + nPost); transient memory the 4
// bytes a synapse of the sources and 8 bytes a source.
//
// Keeping the sources beats replaying the stream a third time: rows filled
// one after the other in pair order stay in cache while the values are
// put in place, where placing each value directly at its sorted place
// (rows by target, no sort) writes all over the arrays and took three
// times as long with random weights and delays.
func (p *Projection) totalRows(c FixedTotalNumber, same bool, rng *rand.Rand) (placer, error) {
	d, err := c.draws(p.NPre, p.NPost, same, rng)
	if err != nil {
		return placer{}, err
	}
	start := d
	pre := make([]uint32, c.N)
	for k := range pre {
		pre[k], _ = d.next()
	}
	pl := p.rows(pre)
	d = start
	tg, next := p.Targets, pl.next
	for range pre {
		i, j := d.next()
		tg[next[i]] = j
		next[i]++
	}
	return pl, nil
}
