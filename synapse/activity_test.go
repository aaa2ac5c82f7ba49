package synapse_test

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/synapse"
)

// dense builds an all-to-all projection of nPre x nPost with weight w0,
// delay 1 step, and binds the activity rule r to pre and post.
func dense(t *testing.T, nPre, nPost int, w0 float64, r synapse.ActivityRule, pre, post []float32, extra ...[]float32) *synapse.Projection {
	t.Helper()
	p, err := synapse.Build(synapse.Spec{NPre: nPre, NPost: nPost, Connector: synapse.AllToAll{},
		Weight: synapse.ConstDist(w0), Delay: synapse.ConstDist(1), Rule: r}, 1, newRand(1))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Bind(p, synapse.Binding{Pre: pre, Post: post, Extra: extra, Dt: 1}); err != nil {
		t.Fatal(err)
	}
	return p
}

// w is the weight from i to j of an all-to-all projection.
func w(p *synapse.Projection, i, j int) float64 { return float64(p.Weights[i*p.NPost+j]) }

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s: got %.9g, want %.9g", what, got, want)
	}
}

// TestActivityRuleEquations checks one update of each rule against its
// equation (synapse/activity.go), with every = 2: nothing at step 0, the
// update at step 1.
func TestActivityRuleEquations(t *testing.T) {
	var mod synapse.Modulators
	x, y := []float32{1, 0.5}, []float32{2, -1}
	a := synapse.Activity{LR: 0.1, Every: 2}

	h := &synapse.Hebb{Activity: a, PreThreshold: 0.25, PostThreshold: 0.5}
	p := dense(t, 2, 2, 0.3, h, x, y)
	h.Step(p, 0, &mod)
	near(t, "hebb, off step", w(p, 0, 0), 0.3, 1e-7)
	h.Step(p, 1, &mod)
	near(t, "hebb w00", w(p, 0, 0), 0.3+0.1*(1-0.25)*(2-0.5), 1e-7)
	near(t, "hebb w11", w(p, 1, 1), 0.3+0.1*(0.5-0.25)*(-1-0.5), 1e-7)

	o := &synapse.Oja{Activity: a}
	p = dense(t, 2, 2, 0.3, o, x, y)
	o.Step(p, 1, &mod)
	near(t, "oja w01", w(p, 0, 1), 0.3+0.1*(-1)*(1-(-1)*0.3), 1e-7)

	b := &synapse.BCM{Activity: a, TauTheta: 10, ThetaInit: 1}
	p = dense(t, 2, 2, 0.3, b, x, y)
	b.Step(p, 1, &mod)
	near(t, "bcm w00", w(p, 0, 0), 0.3+0.1*1*2*(2-1), 1e-7)
	f := math.Exp(-2.0 / 10)
	near(t, "bcm θ0", b.Theta[0], 4+(1-4)*f, 1e-12)

	c := &synapse.Competitive{Activity: a}
	p = dense(t, 2, 2, 0.3, c, x, y) // unit 0 wins (2 > -1)
	c.Step(p, 1, &mod)
	near(t, "competitive winner w00", w(p, 0, 0), 0.3+0.1*(1/1.5-0.3), 1e-7)
	near(t, "competitive winner w10", w(p, 1, 0), 0.3+0.1*(0.5/1.5-0.3), 1e-7)
	near(t, "competitive loser w01", w(p, 0, 1), 0.3, 1e-7)

	d := &synapse.Delta{Activity: a}
	teacher := []float32{1, 1}
	p = dense(t, 2, 2, 0.3, d, x, y, teacher)
	d.Step(p, 1, &mod)
	near(t, "delta w01", w(p, 0, 1), 0.3+0.1*(1-(-1))*1, 1e-7)

	// Surprise scales every rule's rate by 1 + surprise.
	o2 := &synapse.Oja{Activity: a}
	p = dense(t, 2, 2, 0.3, o2, x, y)
	mod[synapse.Surprise] = 1
	o2.Step(p, 1, &mod)
	near(t, "oja at surprise 1", w(p, 0, 1), 0.3+0.2*(-1)*(1-(-1)*0.3), 1e-7)
}

// TestThreeFactor: the eligibility decays by exp(−dt/τ_e) and takes x·y
// every step; the weight moves by lr·(dopamine − punishment)·e.
func TestThreeFactor(t *testing.T) {
	var mod synapse.Modulators
	r := &synapse.ThreeFactor{Activity: synapse.Activity{LR: 0.1, Every: 1}, TauE: 10}
	x, y := []float32{1}, []float32{0.5}
	p := dense(t, 1, 1, 0, r, x, y)
	f := math.Exp(-0.1)
	r.Step(p, 0, &mod) // e = 0.5, no dopamine
	mod[synapse.Dopamine], mod[synapse.Punishment] = 0.5, 0.2
	r.Step(p, 1, &mod) // e = 0.5·f + 0.5
	e := 0.5*f + 0.5
	near(t, "e", float64(r.E[0]), e, 1e-6)
	near(t, "w", w(p, 0, 0), 0.1*0.3*e, 1e-6)
}

// TestTDMatchesTabular: a td critic on a one-hot tapped delay line gives
// the prediction errors of tabular TD(λ) on the same stream, once its
// activities are fed as the network feeds them: the value of step s is
// the state of step s − lag weighted by the weights of the step it was
// sent in (propagation comes before plasticity within a step). With λ = 0
// a weight changes only after its state has passed, so the tabular critic
// with current weights matches too; with λ > 0 it does not (the network's
// value lags the learning by lag steps), so the tabular side reads the
// weights of the sending step as well.
func TestTDMatchesTabular(t *testing.T) {
	for _, lambda := range []float64{0, 0.9} {
		const steps, cue, rew, trials = 20, 5, 15, 40
		n := steps - cue
		x, v, r := make([]float32, n), make([]float32, 1), make([]float32, 1)
		td := &synapse.TD{Activity: synapse.Activity{LR: 0.3, Every: 1}, Gamma: 0.95, Lambda: lambda}
		p := dense(t, n, 1, 0, td, x, v, r)
		lag := p.Delay + 1
		// states[s] is the feature at step s (−1: none), rewards[s] the reward.
		var feat []int
		var rewd []float64
		for range trials {
			for s := range steps {
				f, rr := -1, 0.0
				if s >= cue {
					f = s - cue
				}
				if s == rew {
					rr = 1
				}
				feat, rewd = append(feat, f), append(rewd, rr)
			}
		}
		// The tabular critic on the same continuous stream (no trial reset).
		wt := make([]float64, n)
		et := make([]float64, n)
		var mod synapse.Modulators
		maxErr := 0.0
		var sentNet [][]float32 // weights of the network when step s's state was sent
		var sentTab [][]float64
		for s := range len(feat) + lag {
			sentNet = append(sentNet, append([]float32(nil), p.Weights...))
			sentTab = append(sentTab, append([]float64(nil), wt...))
			// The network's activities at step s: the state of step s, the
			// reward of step s, and the value the weights give the state of
			// step s − lag (as the target would compute it).
			clear(x)
			if s < len(feat) && feat[s] >= 0 {
				x[feat[s]] = 1
			}
			r[0] = 0
			if s < len(feat) {
				r[0] = float32(rewd[s])
			}
			v[0] = 0
			if k := s - lag; k >= 0 && k < len(feat) && feat[k] >= 0 {
				v[0] = sentNet[k][feat[k]]
			}
			td.Step(p, int64(s), &mod)
			k := s - lag // the environment time δ refers to
			if k < 0 {
				continue
			}
			prev := -1
			if k > 0 {
				prev = feat[k-1]
			}
			cur := feat[k]
			val := func(at, f int) float64 {
				if f < 0 || at < 0 {
					return 0
				}
				if lambda == 0 {
					return wt[f]
				}
				return sentTab[at][f]
			}
			d := rewd[k] + 0.95*val(k, cur) - val(k-1, prev)
			for i := range et {
				et[i] *= 0.95 * lambda
			}
			if prev >= 0 {
				et[prev]++
			}
			for i := range wt {
				wt[i] += 0.3 * d * et[i]
			}
			maxErr = max(maxErr, math.Abs(td.Delta-d))
		}
		t.Logf("λ = %v: largest |δ_net − δ_tabular| %.3g", lambda, maxErr)
		if maxErr > 1e-5 {
			t.Errorf("λ = %v: δ differs from tabular TD by %.3g", lambda, maxErr)
		}
	}
}
