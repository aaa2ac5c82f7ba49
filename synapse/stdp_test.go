package synapse_test

import (
	"math"
	"testing"

	"github.com/brainsim/brainsim/synapse"
)

const stdpDt = 0.1 // ms

// plasticOneToOne builds n one-to-one synapses of weight w0 and delay 1 ms
// with the given rule attached.
func plasticOneToOne(t *testing.T, n int, w0 float64, rule synapse.Rule) *synapse.Projection {
	t.Helper()
	p, err := synapse.Build(synapse.Spec{NPre: n, NPost: n, Connector: synapse.OneToOne{},
		Weight: synapse.ConstDist(w0), Delay: synapse.ConstDist(1), Rule: rule}, stdpDt, newRand(1))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// drive runs the rule over steps [0, steps) as the region does: OnPre with
// the spikes emitted at t, OnPost with the target's spikes at t, Step.
func drive(p *synapse.Projection, steps int64, pre, post map[int64][]uint32) {
	for t := range steps {
		if sp := pre[t]; len(sp) > 0 {
			p.Rule.OnPre(p, t, sp)
		}
		if sp := post[t]; len(sp) > 0 {
			p.Rule.OnPost(p, t, sp)
		}
		p.Rule.Step(p, t, nil)
	}
}

// stepsOf converts ms to steps.
func stepsOf(ms float64) int64 { return int64(math.Round(ms / stdpDt)) }

// TestSTDPWindow: one pre/post pair per synapse at offsets Δt = t_post −
// t_arrival from −100 to +100 ms gives Δw = A+·w_max·exp(−Δt/τ+) for
// Δt >= 0 and −A−·w_max·exp(Δt/τ−) for Δt < 0 (additive, all-to-all), to
// 1%. The pre spike is emitted 1 ms (the delay) before it arrives.
func TestSTDPWindow(t *testing.T) {
	const (
		aPlus, aMinus     = 0.01, 0.012
		tauPlus, tauMinus = 16.8, 33.7
		wMax, w0          = 2.0, 1.0
	)
	var offsets []float64
	for d := -100.0; d <= 100; d += 10 {
		offsets = append(offsets, d)
	}
	for _, pairing := range []synapse.Pairing{synapse.PairAllToAll, synapse.PairNearest} {
		rule := synapse.NewPairSTDP(synapse.PairTiming{TauPlus: tauPlus, TauMinus: tauMinus, APlus: aPlus, AMinus: aMinus, Pairing: pairing},
			synapse.WeightDependence{Kind: synapse.Additive, WMin: 0, WMax: wMax})
		p := plasticOneToOne(t, len(offsets), w0, rule)
		pre, post := map[int64][]uint32{}, map[int64][]uint32{}
		arrive := stepsOf(200)
		for i, d := range offsets {
			pre[arrive-stepsOf(1)] = append(pre[arrive-stepsOf(1)], uint32(i))
			tp := arrive + stepsOf(d)
			post[tp] = append(post[tp], uint32(i))
		}
		drive(p, stepsOf(400), pre, post)
		worst := 0.0
		for i, d := range offsets {
			want := aPlus * wMax * math.Exp(-d/tauPlus)
			if d < 0 {
				want = -aMinus * wMax * math.Exp(d/tauMinus)
			}
			got := float64(p.Weights[i]) - w0
			worst = max(worst, math.Abs(got-want)/math.Abs(want))
			if math.Abs(got-want) > 0.01*math.Abs(want) {
				t.Errorf("pairing %d, Δt = %v ms: Δw = %.6g, want %.6g", pairing, d, got, want)
			}
		}
		t.Logf("pairing %d: %d offsets, largest relative error %.2g", pairing, len(offsets), worst)
	}
}

// TestSTDPPairingAndDependence: all-to-all sums over every earlier spike,
// nearest pairs with the last one only; multiplicative potentiation scales
// with w_max − w and depression with w − w_min; hard bounds clip.
func TestSTDPPairingAndDependence(t *testing.T) {
	const tau = 20.0
	timing := synapse.PairTiming{TauPlus: tau, TauMinus: tau, APlus: 0.1, AMinus: 0.1}
	// Two arrivals at 0 and 10 ms, one post spike at 20 ms.
	pre := map[int64][]uint32{stepsOf(-1) + 100: {0}, stepsOf(9) + 100: {0}}
	post := map[int64][]uint32{stepsOf(20) + 100: {0}}
	e10, e20 := math.Exp(-10/tau), math.Exp(-20/tau)
	for _, c := range []struct {
		name    string
		pairing synapse.Pairing
		dep     synapse.WeightDependence
		w0      float64
		want    float64
	}{
		{"all-to-all additive", synapse.PairAllToAll, synapse.WeightDependence{Kind: synapse.Additive, WMax: 1}, 0.5, 0.5 + 0.1*(e10+e20)},
		{"nearest additive", synapse.PairNearest, synapse.WeightDependence{Kind: synapse.Additive, WMax: 1}, 0.5, 0.5 + 0.1*e10},
		{"multiplicative", synapse.PairAllToAll, synapse.WeightDependence{Kind: synapse.Multiplicative, WMax: 1, Soft: true}, 0.2, 0.2 + 0.1*(e10+e20)*0.8},
		{"hard bound", synapse.PairAllToAll, synapse.WeightDependence{Kind: synapse.Additive, WMax: 0.51}, 0.5, 0.51},
	} {
		timing.Pairing = c.pairing
		p := plasticOneToOne(t, 1, c.w0, synapse.NewPairSTDP(timing, c.dep))
		drive(p, stepsOf(40)+100, pre, post)
		if got := float64(p.Weights[0]); math.Abs(got-c.want) > 1e-6 {
			t.Errorf("%s: w = %.7g, want %.7g", c.name, got, c.want)
		}
	}
	// Multiplicative depression: a post spike 10 ms before the arrival.
	dep := synapse.WeightDependence{Kind: synapse.Multiplicative, WMin: 0.1, WMax: 1, Soft: true}
	p := plasticOneToOne(t, 1, 0.6, synapse.NewPairSTDP(timing, dep))
	drive(p, 500, map[int64][]uint32{stepsOf(19) + 100: {0}}, map[int64][]uint32{stepsOf(10) + 100: {0}})
	if got, want := float64(p.Weights[0]), 0.6-0.1*e10*0.5; math.Abs(got-want) > 1e-6 {
		t.Errorf("multiplicative depression: w = %.7g, want %.7g", got, want)
	}
}

// tripletPairing runs n pairings at frequency rho (Hz) with offset dt (ms,
// post after pre arrival when > 0) on one synapse and returns Δw relative
// to w_max (additive, no bound reached).
func tripletPairing(t *testing.T, timing synapse.TripletTiming, rho, dt float64, n int) float64 {
	rule := synapse.NewTripletSTDP(timing, synapse.WeightDependence{Kind: synapse.Additive, WMin: -100, WMax: 1})
	p := plasticOneToOne(t, 1, 0, rule)
	pre, post := map[int64][]uint32{}, map[int64][]uint32{}
	start := stepsOf(200)
	for k := range n {
		ta := start + stepsOf(float64(k)*1000/rho)
		pre[ta-stepsOf(1)] = []uint32{0}
		post[ta+stepsOf(dt)] = []uint32{0}
	}
	drive(p, start+stepsOf(float64(n)*1000/rho)+stepsOf(200), pre, post)
	return float64(p.Weights[0])
}

// TestTripletFrequency: Pfister & Gerstner (2006), Fig. 5 (Sjöström et al.
// 2001 protocol, 60 pairings): with the visual cortex minimal all-to-all
// parameters, the potentiation of pre-post pairings (Δt = +10 ms) grows
// with the pairing frequency from 1 to 50 Hz; post-pre pairings
// (Δt = −10 ms) depress at 1 Hz and potentiate at 50 Hz, which the pair
// rule cannot do.
func TestTripletFrequency(t *testing.T) {
	freqs := []float64{1, 5, 10, 20, 30, 40, 50}
	prev := math.Inf(-1)
	for _, rho := range freqs {
		dw := tripletPairing(t, synapse.TripletVisualCortex, rho, 10, 60)
		t.Logf("ρ = %2.0f Hz: Δw(+10 ms) = %.5f, Δw(−10 ms) = %.5f", rho, dw, tripletPairing(t, synapse.TripletVisualCortex, rho, -10, 60))
		if !(dw > prev) {
			t.Errorf("ρ = %v Hz: Δw(+10 ms) = %.5g, not above %.5g at the lower frequency", rho, dw, prev)
		}
		prev = dw
	}
	if lo, hi := tripletPairing(t, synapse.TripletVisualCortex, 1, 10, 60), prev; !(hi > 10*math.Abs(lo) && hi > 0.1) {
		t.Errorf("Δw(+10 ms): %.4g at 1 Hz, %.4g at 50 Hz; want strong potentiation growing with frequency", lo, hi)
	}
	if d1, d50 := tripletPairing(t, synapse.TripletVisualCortex, 1, -10, 60), tripletPairing(t, synapse.TripletVisualCortex, 50, -10, 60); !(d1 < 0 && d50 > 0) {
		t.Errorf("Δw(−10 ms) = %.4g at 1 Hz, %.4g at 50 Hz; want depression, then potentiation", d1, d50)
	}
}

// TestSTDPRejectsPerSynapseDelays: per-neuron traces need one delay.
func TestSTDPRejectsPerSynapseDelays(t *testing.T) {
	rule := synapse.NewPairSTDP(synapse.PairTiming{TauPlus: 20, TauMinus: 20, APlus: 0.01, AMinus: 0.01}, synapse.WeightDependence{WMax: 1})
	_, err := synapse.Build(synapse.Spec{NPre: 10, NPost: 10, Connector: synapse.AllToAll{},
		Weight: synapse.ConstDist(0.5), Delay: synapse.Dist{Kind: synapse.Uniform, A: 1, B: 3}, Rule: rule}, stdpDt, newRand(1))
	if err == nil {
		t.Fatal("per-synapse delays accepted")
	}
}

// TestTargetIndex: the index lists exactly the synapses into each target,
// and Normalize makes every target's input sum to the total.
func TestTargetIndex(t *testing.T) {
	p, err := synapse.Build(synapse.Spec{NPre: 50, NPost: 40, Connector: synapse.FixedProbability{P: 0.3},
		Weight: synapse.Dist{Kind: synapse.Uniform, A: 0.1, B: 1}, Delay: synapse.ConstDist(1)}, stdpDt, newRand(3))
	if err != nil {
		t.Fatal(err)
	}
	x := synapse.NewTargetIndex(p)
	seen := make([]bool, p.Len())
	for j := 0; j < p.NPost; j++ {
		for q := x.Off[j]; q < x.Off[j+1]; q++ {
			k, i := int(x.K[q]), int(x.Src[q])
			if int(p.Targets[k]) != j || k < p.Offsets[i] || k >= p.Offsets[i+1] || seen[k] {
				t.Fatalf("target %d: entry %d (synapse %d, source %d) is wrong", j, q, k, i)
			}
			seen[k] = true
		}
	}
	x.Normalize(p.Weights, 78)
	for j := 0; j < p.NPost; j++ {
		var s float64
		for q := x.Off[j]; q < x.Off[j+1]; q++ {
			s += float64(p.Weights[x.K[q]])
		}
		if x.Off[j+1] > x.Off[j] && math.Abs(s-78) > 1e-4 {
			t.Errorf("target %d: input sums to %v, want 78", j, s)
		}
	}
}
