package neuron_test

import (
	"math"
	"slices"
	"testing"

	"github.com/brainsim/brainsim/neuron"
)

// thetaLIF is a one-unit LIF driven by a constant current to fire
// regularly, with two COBA receptors (so that without θ the fused kernel
// would run).
func thetaLIF(t *testing.T, enable bool, plus, tau, lock float64) *neuron.LIF {
	l := neuron.NewLIF(1, neuron.LIFParams{TauM: 20, Cm: 0.25, VRest: -65, VThresh: -50, VReset: -65, Refractory: 2, IBias: 2})
	mustReceptor(t, l, neuron.ExpConductance, 5, 0)
	mustReceptor(t, l, neuron.ExpConductance, 10, -80)
	if enable {
		l.EnableTheta(plus, tau)
		l.SpikeLock = lock
	}
	mustPrepare(t, l, 0.1, 1)
	return l
}

// TestThetaAdapts: each spike raises the threshold by ThetaPlus (θ after
// the run is the sum over the spikes of ThetaPlus decayed since), so the
// intervals grow; with θ frozen (plus 0) the train is that of a plain LIF.
func TestThetaAdapts(t *testing.T) {
	const dt, steps = 0.1, 5000
	plain := spikeTrain(t, thetaLIF(t, false, 0, 0, 0), dt, steps, nil)
	frozen := thetaLIF(t, true, 0, math.Inf(1), 0)
	if got := spikeTrain(t, frozen, dt, steps, nil); !slices.Equal(got, plain) {
		t.Errorf("frozen θ = 0: %d spikes, want the plain train's %d", len(got), len(plain))
	}
	const plus, tau = 1.0, 100.0
	l := thetaLIF(t, true, plus, tau, 0)
	times := spikeTrain(t, l, dt, steps, nil)
	if len(times) < 3 || len(times) >= len(plain) {
		t.Fatalf("%d spikes with θ, %d without: want fewer but some", len(times), len(plain))
	}
	var want float64
	end := steps * dt
	for _, s := range times {
		// θ decays once per step from the spike's step to the last.
		want += plus * math.Exp(-(end-dt-s)/tau)
	}
	if got := l.Theta[0]; math.Abs(got-want) > 1e-9*want {
		t.Errorf("θ = %v, want %v", got, want)
	}
	for k := 2; k < len(times); k++ {
		if times[k]-times[k-1] < times[k-1]-times[k-2]-1e-9 {
			t.Errorf("interval %d (%v ms) shorter than the one before (%v ms)", k, times[k]-times[k-1], times[k-1]-times[k-2])
		}
	}
}

// TestSpikeLock: no two spikes closer than SpikeLock.
func TestSpikeLock(t *testing.T) {
	const dt, lock = 0.1, 15.0
	times := spikeTrain(t, thetaLIF(t, true, 0, math.Inf(1), lock), dt, 3000, nil)
	if len(times) < 5 {
		t.Fatalf("%d spikes", len(times))
	}
	for k := 1; k < len(times); k++ {
		if d := times[k] - times[k-1]; d <= lock {
			t.Errorf("spikes at %v and %v ms: %v ms apart, want > %v", times[k-1], times[k], d, lock)
		}
	}
}
