package connectors

import (
	"fmt"
	"math"

	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/synapse"
)

// Distance are the keys of rule distance: a Gaussian kernel of width σ
// over the distance d between the units' places on their sheets (the
// populations' sheet keys). With p, every pair is drawn with probability
// p · exp(−d²/2σ²) (Brian2's connect(p='p*exp(-d**2/(2*sigma**2))')).
// With out_degree = K, every source gets exactly K distinct targets at
// Gaussian offsets around its place (NEST's fixed_outdegree with a
// Gaussian kernel; NETSIM's connector of Davis et al. 2021), and rewire
// = r then moves each to a uniformly drawn target with probability r
// (r = 1: the random control with the same out-degree).
type Distance struct {
	P         *float64 `toml:"p" doc:"the peak probability, at distance 0, in [0, 1] (or out_degree)"`
	OutDegree *int     `toml:"out_degree" doc:"the number of distinct targets of every source, at Gaussian offsets (or p)"`
	Sigma     *Span    `toml:"sigma" doc:"Gaussian width: a length (\"0.4mm\", sheets with a side) or a number of sheet sides (required)"`
	Rewire    *float64 `toml:"rewire" doc:"with out_degree: the probability that a target is redrawn uniformly from the whole population (default 0)"`
	Periodic  *bool    `toml:"periodic" doc:"wrap the sheet into a torus (default: the sheets' periodic)"`
	SelfPairs
}

func init() {
	registry.RegisterConnector(registry.Connector{
		Name:   "distance",
		Doc:    "pairs drawn by a Gaussian of their distance on the populations' sheets: with probability p, or out_degree targets per source (rewire for the random control)",
		Params: func() any { return &Distance{} },
		Check:  checkDistance,
		Count: func(pa any, n, m int, _ bool) float64 {
			p := pa.(*Distance)
			if p.OutDegree != nil {
				return float64(*p.OutDegree) * float64(n)
			}
			if p.P == nil || p.Sigma == nil {
				return float64(n) * float64(m)
			}
			// A Gaussian of width σ (sides of 1) covers about 2πσ² of a
			// sheet; for a σ given as a length (the side is not known
			// here) the count is the bound p·n·m.
			cover := 1.0
			if !p.Sigma.Length {
				cover = min(1, 2*math.Pi*p.Sigma.V*p.Sigma.V)
			}
			return *p.P * cover * float64(n) * float64(m)
		},
		Build: func(pa any, b *registry.ConnectBuild) (registry.Connection, error) {
			p := pa.(*Distance)
			if b.PreSheet == nil || b.PostSheet == nil {
				return registry.Connection{}, fmt.Errorf("distance connector needs a sheet on %s and %s", b.From, b.To)
			}
			side := b.PreSheet.Side
			if p.Sigma.Length && !(side > 0) {
				return registry.Connection{}, fmt.Errorf("sigma %s needs sheets with a side", p.Sigma)
			}
			sigma := p.Sigma.sides(side)
			periodic := b.PreSheet.Periodic && b.PostSheet.Periodic
			if p.Periodic != nil {
				periodic = *p.Periodic
			}
			if p.OutDegree != nil {
				post := *b.PostSheet
				post.Periodic = periodic
				rewire := 0.0
				if p.Rewire != nil {
					rewire = *p.Rewire
				}
				return registry.Connection{Connector: synapse.GaussianOutDegree{K: *p.OutDegree, Sigma: sigma, Rewire: rewire,
					Autapses: p.on(), Pre: b.Pre, Post: post}}, nil
			}
			return registry.Connection{Connector: synapse.DistanceProbability{P: *p.P, Sigma: sigma,
				Periodic: periodic, Autapses: p.on(), Pre: b.Pre, Post: b.Post}}, nil
		},
	})
}

func checkDistance(pa any, c *registry.Check) {
	p := pa.(*Distance)
	p.fill(c)
	switch {
	case p.P != nil && p.OutDegree != nil:
		c.Errf("out_degree", "p and out_degree are exclusive; give one")
	case p.OutDegree != nil:
		k := *p.OutDegree
		avail := size(c.Target)
		if c.Self && !p.on() && avail > 0 {
			avail--
		}
		switch {
		case k < 0:
			c.Errf("out_degree", "must be >= 0, got %d", k)
		case avail >= 0 && k > avail:
			c.Errf("out_degree", "%d is more than the %d distinct targets %s has", k, avail, name(c.Target))
		}
	default:
		probability(c, "distance", p.P, " (the peak probability; or out_degree)")
	}
	if p.Rewire != nil {
		switch {
		case p.OutDegree == nil:
			c.Errf("rewire", "rewires the targets of out_degree; give out_degree")
		case !(*p.Rewire >= 0 && *p.Rewire <= 1):
			c.Errf("rewire", "%v is outside [0, 1]", *p.Rewire)
		}
	}
	switch {
	case p.Sigma == nil:
		c.Errf("sigma", "required for rule distance")
	case !(p.Sigma.V > 0) || math.IsInf(p.Sigma.V, 0):
		c.Errf("sigma", "must be > 0 and finite, got %s", p.Sigma)
	}
	needSheet(c, c.Source)
	if !c.Self {
		needSheet(c, c.Target)
	}
	if s, t := c.Source, c.Target; s != nil && t != nil && s.Sheet && t.Sheet {
		switch {
		case p.Sigma != nil && p.Sigma.Length && (s.Side == 0 || t.Side == 0):
			c.Errf("sigma", "%s is a length; give the sheets of %s and %s a side (sheet = { ..., side = \"4mm\" }), or sigma in sheet sides", p.Sigma, s.Name, t.Name)
		case s.Side != t.Side:
			c.Errf("rule", "the sheets of %s and %s differ in side; rule distance places both on one sheet", s.Name, t.Name)
		}
	}
}

// needSheet reports a population without a sheet.
func needSheet(c *registry.Check, r *registry.PopRef) {
	if r != nil && !r.Sheet {
		c.Errf("rule", "rule distance needs a sheet on %q (sheet = { rows = ..., cols = ... })", r.Name)
	}
}
