package cortex

import (
	"context"
	"math"
	"testing"

	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/synapse"
)

// modLog is a rule that logs the dopamine level it is given at every step.
type modLog struct{ da []float64 }

func (*modLog) Name() string                                { return "modlog" }
func (*modLog) OnPre(*synapse.Projection, int64, []uint32)  {}
func (*modLog) OnPost(*synapse.Projection, int64, []uint32) {}
func (l *modLog) Step(_ *synapse.Projection, _ int64, m *synapse.Modulators) {
	l.da = append(l.da, m[synapse.Dopamine])
}

// stimFunc is a stimulus that runs a function (on the region's goroutine).
type stimFunc func(t int64)

func (f stimFunc) Apply(t int64, _ []float32) { f(t) }

// TestModulatorBroadcast: two regions (window 10 steps: a 1 ms pathway at
// dt 0.1 ms) release dopamine from their goroutines and the network
// schedules a release ahead; both regions read the same level at every
// step, and it follows level(t) = level(t−1)·exp(−dt/τ) + R(t), where a
// region's release during a window takes effect at the next barrier (or
// at its own step when that is later) and a network release at its exact
// step.
func TestModulatorBroadcast(t *testing.T) {
	const steps, tau = 200, 2.0 // tau in ms
	net := New(0.1, 1)
	net.ModTau[synapse.Dopamine] = tau
	a, b := net.AddRegion("a"), net.AddRegion("b")
	pa, err := a.AddPopulation("p", neuron.NewLIF(4, cubaParams))
	if err != nil {
		t.Fatal(err)
	}
	pb, err := b.AddPopulation("p", neuron.NewLIF(4, cubaParams))
	if err != nil {
		t.Fatal(err)
	}
	logs := []*modLog{{}, {}}
	for i, c := range []struct{ from, to *Population }{{pa, pa}, {pa, pb}} {
		rec, err := c.to.Unit.Receptor(neuron.ExpCurrent, 5, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := net.Connect(c.from, c.to, synapse.Spec{Name: "x", Connector: synapse.OneToOne{},
			Weight: synapse.ConstDist(0), Delay: synapse.ConstDist(1), Receptor: rec, Rule: logs[i]}); err != nil {
			t.Fatal(err)
		}
	}
	pa.Stimuli = append(pa.Stimuli, stimFunc(func(s int64) {
		if s == 23 {
			a.Release(synapse.Dopamine, 1, s) // effective at the barrier at 30
		}
	}))
	pb.Stimuli = append(pb.Stimuli, stimFunc(func(s int64) {
		if s == 5 {
			b.Release(synapse.Dopamine, 2, 105) // after the next barrier: exact
		}
	}))
	net.Release(synapse.Dopamine, 0.5, 57)
	// Two runs that split a window: the levels do not depend on it.
	if err := net.Run(context.Background(), 64); err != nil {
		t.Fatal(err)
	}
	if err := net.Run(context.Background(), steps-64); err != nil {
		t.Fatal(err)
	}
	if net.Window() != 10 {
		t.Fatalf("window: got %d, want 10", net.Window())
	}
	f := math.Exp(-0.1 / tau)
	rel := map[int]float64{30: 1, 57: 0.5, 105: 2}
	lvl := 0.0
	for s := range steps {
		lvl = lvl*f + rel[s]
		for r, l := range logs {
			if len(l.da) != steps {
				t.Fatalf("region %d: got %d steps, want %d", r, len(l.da), steps)
			}
			if l.da[s] != logs[0].da[s] {
				t.Fatalf("step %d: region %d reads %v, region 0 reads %v", s, r, l.da[s], logs[0].da[s])
			}
		}
		if math.Abs(logs[0].da[s]-lvl) > 1e-12 {
			t.Errorf("step %d: level got %v, want %v", s, logs[0].da[s], lvl)
		}
	}
}
