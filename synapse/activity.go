package synapse

import (
	"fmt"
	"math"
	"sort"
)

// Activity rules. The rules of this file learn from the activities of the
// source and the target of their projection rather than from spike times:
// a rate unit's activity is its rate r (dimensionless), a spiking unit's is
// its filtered spike train in Hz (cortex.Population.Activity). They run in
// Rule.Step, once every Every steps (at the last step of each period: steps
// t with (t+1) mod Every = 0), with the activities of that step.
//
// Every activity rule scales its learning rate by the surprise modulator
// (acetylcholine, after Doya 2002 and Yu & Dayan 2005: the expected
// uncertainty sets how fast memories are updated):
//
//	lr_eff = LR·(1 + surprise)
//
// so a surprise level of 0 (the default) learns at LR, 1 at twice LR and −1
// not at all. Weights are clipped to [WMin, WMax] when Clip is set.
//
// The rules (x_i the source's activity, y_j the target's, w_ij the weight
// of the synapse from i to j):
//
//   - Hebb (covariance): Δw_ij = lr·(y_j − PostThreshold)(x_i − PreThreshold)
//     (Sejnowski 1977; with thresholds 0, Hebb's plain product).
//   - Oja: Δw_ij = lr·y_j·(x_i − y_j·w_ij) (Oja 1982): for a linear unit the
//     weight vector converges to the unit-length first principal component
//     of the input.
//   - BCM: Δw_ij = lr·x_i·y_j·(y_j − θ_j), θ_j a running mean of y_j² with
//     time constant TauTheta (Bienenstock, Cooper & Munro 1982, in the
//     form of Intrator & Cooper 1992): the unit becomes selective to one
//     of the patterns it sees.
//   - Competitive: the target unit with the largest activity wins (ties:
//     the lowest index) and only its synapses learn, Δw_ij* = lr·(x_i/Σx −
//     w_ij*) (Rumelhart & Zipser 1985): each unit's weights stay normalised
//     and move to the centre of the patterns it wins.
//   - Delta (LMS, Widrow & Hoff 1960): Δw_ij = lr·(T_j − y_j)·x_i, where T
//     is the activity of a teacher population of the target's size; the
//     same form serves a climbing-fibre error.
//   - TD: a critic (see TD).
//   - ThreeFactor: an actor (see ThreeFactor).
type ActivityRule interface {
	Rule
	// Bind gives the rule the activity vectors it reads every step and the
	// context of its projection p. Call it once, after Build and before the
	// first step.
	Bind(p *Projection, b Binding) error
}

// Binding is what an activity rule reads.
type Binding struct {
	// Pre and Post are the activities of the projection's source and
	// target, updated by the scheduler every step.
	Pre, Post []float32
	// Extra are the activities of the further populations the rule names
	// (the teacher of Delta, the reward of TD), in the rule's order.
	Extra [][]float32
	// Dt is the step in ms.
	Dt float64
	// Release adds to a modulator level (cortex.Region.Release of the
	// target's region); TD releases its δ through it.
	Release func(m Modulator, amount float64, at int64) `snap:"-"`
	// Learn, when not nil, gates learning: no weight changes while it is
	// false (a test phase). Written only while no region runs.
	Learn *bool
}

// Activity holds what the activity rules share: the learning rate, the
// update period, the weight bounds and the bound activities.
type Activity struct {
	LR         float64 // learning rate per update
	Every      int64   // update period in steps (at least 1)
	WMin, WMax float32 // weight bounds when Clip
	Clip       bool

	pre, post []float32
	extra     [][]float32
	learn     *bool
	release   func(Modulator, float64, int64) `snap:"-"` // wiring
	dt        float64
}

// bind checks the binding against the projection and keeps it; sizes has
// one entry per further population the rule needs, its size (-1: any).
func (a *Activity) bind(p *Projection, b Binding, sizes ...int) error {
	if len(b.Pre) != p.NPre || len(b.Post) != p.NPost {
		return fmt.Errorf("activity vectors of %d and %d units for a projection of %d x %d", len(b.Pre), len(b.Post), p.NPre, p.NPost)
	}
	if len(b.Extra) != len(sizes) {
		return fmt.Errorf("the rule needs %d further populations, got %d", len(sizes), len(b.Extra))
	}
	for k, n := range sizes {
		if n >= 0 && len(b.Extra[k]) != n {
			return fmt.Errorf("population %d of the rule has %d units, want %d", k+1, len(b.Extra[k]), n)
		}
	}
	if a.Every < 1 {
		a.Every = 1
	}
	if !(a.LR >= 0) || math.IsInf(a.LR, 0) {
		return fmt.Errorf("learning rate %v, want a finite value >= 0", a.LR)
	}
	a.pre, a.post, a.extra, a.learn, a.release, a.dt = b.Pre, b.Post, b.Extra, b.Learn, b.Release, b.Dt
	p.MaterializeWeights()
	return nil
}

// due reports whether the rule updates at step t.
func (a *Activity) due(t int64) bool {
	return (t+1)%a.Every == 0 && (a.learn == nil || *a.learn)
}

// rate is the learning rate scaled by the surprise level.
func (a *Activity) rate(mod *Modulators) float64 { return a.LR * (1 + mod[Surprise]) }

func (a *Activity) clip(w float64) float32 {
	x := float32(w)
	if a.Clip {
		x = min(max(x, a.WMin), a.WMax)
	}
	return x
}

// Activity rules learn in Step; spikes reach them only through the
// activities.
func (a *Activity) OnPre(*Projection, int64, []uint32)  {}
func (a *Activity) OnPost(*Projection, int64, []uint32) {}

// Hebb is the covariance rule (see ActivityRule).
type Hebb struct {
	Activity
	PreThreshold, PostThreshold float64
}

func (r *Hebb) Name() string { return "hebb" }

func (r *Hebb) Bind(p *Projection, b Binding) error { return r.bind(p, b) }

func (r *Hebb) Step(p *Projection, t int64, mod *Modulators) {
	if !r.due(t) {
		return
	}
	lr := r.rate(mod)
	w := p.Weights
	for i := 0; i < p.NPre; i++ {
		xi := float64(r.pre[i]) - r.PreThreshold
		if xi == 0 {
			continue
		}
		lo, hi := p.row(i)
		for k := lo; k < hi; k++ {
			yj := float64(r.post[p.Targets[k]]) - r.PostThreshold
			w[k] = r.clip(float64(w[k]) + lr*xi*yj)
		}
	}
}

// Oja is Oja's rule (see ActivityRule).
type Oja struct{ Activity }

func (r *Oja) Name() string { return "oja" }

func (r *Oja) Bind(p *Projection, b Binding) error { return r.bind(p, b) }

func (r *Oja) Step(p *Projection, t int64, mod *Modulators) {
	if !r.due(t) {
		return
	}
	lr := r.rate(mod)
	w := p.Weights
	for i := 0; i < p.NPre; i++ {
		xi := float64(r.pre[i])
		lo, hi := p.row(i)
		for k := lo; k < hi; k++ {
			yj := float64(r.post[p.Targets[k]])
			w[k] = r.clip(float64(w[k]) + lr*yj*(xi-yj*float64(w[k])))
		}
	}
}

// BCM is the Bienenstock-Cooper-Munro rule with a sliding threshold (see
// ActivityRule). Theta starts at ThetaInit.
type BCM struct {
	Activity
	TauTheta  float64 // ms
	ThetaInit float64
	// Theta is the modification threshold of every target unit.
	Theta []float64

	f float64 // exp(−Every·dt/TauTheta)
}

func (r *BCM) Name() string { return "bcm" }

func (r *BCM) Bind(p *Projection, b Binding) error {
	if err := r.bind(p, b); err != nil {
		return err
	}
	if !(r.TauTheta > 0) {
		return fmt.Errorf("bcm: tau_theta must be > 0, got %v ms", r.TauTheta)
	}
	r.Theta = make([]float64, p.NPost)
	for j := range r.Theta {
		r.Theta[j] = r.ThetaInit
	}
	r.f = math.Exp(-float64(r.Every) * b.Dt / r.TauTheta)
	return nil
}

func (r *BCM) Step(p *Projection, t int64, mod *Modulators) {
	if !r.due(t) {
		return
	}
	lr := r.rate(mod)
	w := p.Weights
	for i := 0; i < p.NPre; i++ {
		xi := float64(r.pre[i])
		if xi == 0 {
			continue
		}
		lo, hi := p.row(i)
		for k := lo; k < hi; k++ {
			j := p.Targets[k]
			yj := float64(r.post[j])
			w[k] = r.clip(float64(w[k]) + lr*xi*yj*(yj-r.Theta[j]))
		}
	}
	// The threshold follows y² after the weights moved with the old one.
	for j, y := range r.post {
		y2 := float64(y) * float64(y)
		r.Theta[j] = y2 + (r.Theta[j]-y2)*r.f
	}
}

// Competitive is the competitive learning rule of Rumelhart & Zipser (see
// ActivityRule).
type Competitive struct{ Activity }

func (r *Competitive) Name() string { return "competitive" }

func (r *Competitive) Bind(p *Projection, b Binding) error { return r.bind(p, b) }

func (r *Competitive) Step(p *Projection, t int64, mod *Modulators) {
	if !r.due(t) {
		return
	}
	win, best := -1, float32(0)
	for j, y := range r.post {
		if win < 0 || y > best {
			win, best = j, y
		}
	}
	var sum float64
	for _, x := range r.pre {
		sum += float64(x)
	}
	if win < 0 || !(sum > 0) {
		return
	}
	lr := r.rate(mod)
	w := p.Weights
	for i := 0; i < p.NPre; i++ {
		lo, hi := p.row(i)
		row := p.Targets[lo:hi]
		k := sort.Search(len(row), func(k int) bool { return row[k] >= uint32(win) })
		for ; k < len(row) && row[k] == uint32(win); k++ {
			q := lo + k
			w[q] = r.clip(float64(w[q]) + lr*(float64(r.pre[i])/sum-float64(w[q])))
		}
	}
}

// Delta is the delta (LMS) rule with a teacher population (see
// ActivityRule). Its binding's Extra[0] is the teacher.
type Delta struct{ Activity }

func (r *Delta) Name() string { return "delta" }

func (r *Delta) Bind(p *Projection, b Binding) error { return r.bind(p, b, p.NPost) }

func (r *Delta) Step(p *Projection, t int64, mod *Modulators) {
	if !r.due(t) {
		return
	}
	lr := r.rate(mod)
	teacher := r.extra[0]
	w := p.Weights
	for i := 0; i < p.NPre; i++ {
		xi := float64(r.pre[i])
		if xi == 0 {
			continue
		}
		lo, hi := p.row(i)
		for k := lo; k < hi; k++ {
			j := p.Targets[k]
			w[k] = r.clip(float64(w[k]) + lr*(float64(teacher[j])-float64(r.post[j]))*xi)
		}
	}
}
