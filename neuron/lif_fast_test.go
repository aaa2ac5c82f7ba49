package neuron

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestLIFFastMatchesGeneral: the fused CUBA and COBA kernels (the Go ones
// and every assembly level the CPU has) give the same bits as the
// general multi-pass path, spikes, refractoriness and input included. The
// size is not a multiple of 8, so the scalar tail runs as well.
func TestLIFFastMatchesGeneral(t *testing.T) {
	t.Parallel()
	for level := asmNone; level <= asmLevel; level++ {
		lifFastVsGeneral(t, level)
	}
}

// lifFastVsGeneral runs the fused kernels with the assembly kernels of
// level (asmNone: the Go kernels) against the general path.
func lifFastVsGeneral(t *testing.T, level uint8) {
	// one: a single current receptor (excitation and inhibition sharing
	// it, as in the microcircuit); b is then a itself.
	// noCur: no external current (the kernels' input term is then a
	// constant, computed once).
	for _, c := range []struct {
		kind  ReceptorKind
		one   bool
		noCur bool
	}{{ExpCurrent, false, false}, {ExpCurrent, true, false}, {ExpConductance, false, false},
		{ExpCurrent, false, true}, {ExpCurrent, true, true}, {ExpConductance, false, true}} {
		kind := c.kind
		const n = 1003
		p := LIFParams{TauM: 20, Cm: 0.2, VRest: -49, VThresh: -50, VReset: -60, Refractory: 2}
		mk := func() (*LIF, *Receptor, *Receptor) {
			l := NewLIF(n, p)
			a, _ := l.Receptor(kind, 5, 0)
			b := a
			if !c.one {
				b, _ = l.Receptor(kind, 10, -80)
			}
			if err := l.Prepare(0.1, 4); err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(1, 2))
			for i := range l.V {
				l.V[i] = float32(-60 + 10*rng.Float64())
			}
			return l, a, b
		}
		fast, fa, fb := mk()
		gen, ga, gb := mk()
		if fast.kernel == lifGeneral || (fast.kernel == lifCUBA1) != c.one {
			t.Fatalf("%v (one receptor: %v): kernel %d chosen", kind, c.one, fast.kernel)
		}
		gen.kernel = lifGeneral
		fast.asm = level
		rng := rand.New(rand.NewPCG(3, 4))
		var sf, sg []uint32
		spikes := 0
		for step := int64(0); step < 3000; step++ {
			for k := 0; k < 40; k++ {
				j := rng.IntN(n)
				w := float32(rng.Float64() * 0.01)
				fa.Slot(step)[j] += w
				ga.Slot(step)[j] += w
				j = rng.IntN(n)
				w = float32(rng.Float64() * 0.02)
				if c.one {
					w = -w // inhibition into the shared receptor
				}
				fb.Slot(step)[j] += w
				gb.Slot(step)[j] += w
			}
			if step%100 == 0 && !c.noCur {
				fast.Current()[step%n] = 0.3
				gen.Current()[step%n] = 0.3
			}
			var err error
			if sf, err = fast.Step(step, sf[:0]); err != nil {
				t.Fatal(err)
			}
			if sg, err = gen.Step(step, sg[:0]); err != nil {
				t.Fatal(err)
			}
			if len(sf) != len(sg) {
				t.Fatalf("%v level %d step %d: %d spikes fused, %d general", kind, level, step, len(sf), len(sg))
			}
			spikes += len(sf)
			for i := range fast.V {
				if fast.V[i] != gen.V[i] || fast.Ref[i] != gen.Ref[i] || fa.X[i] != ga.X[i] || fb.X[i] != gb.X[i] {
					t.Fatalf("%v level %d step %d unit %d: V %v/%v ref %d/%d X %v,%v/%v,%v (fused/general)", kind, level, step, i,
						fast.V[i], gen.V[i], fast.Ref[i], gen.Ref[i], fa.X[i], fb.X[i], ga.X[i], gb.X[i])
				}
			}
		}
		if spikes == 0 {
			t.Fatalf("%v: no spikes, the test exercises nothing", kind)
		}
		t.Logf("%v (one receptor: %v, no current: %v): %d spikes, assembly kernels at level %d", kind, c.one, c.noCur, spikes, level)
	}
}

// TestExpNegAccuracy: expNeg against math.Exp, relative error below 3e-10
// over [0, 700).
func TestExpNegAccuracy(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	worst := 0.0
	for k := 0; k < 200000; k++ {
		x := rng.Float64() * 50
		if k%2 == 0 {
			x = rng.Float64() * 0.5
		}
		got, want := expNeg(x), math.Exp(-x)
		if e := math.Abs(got-want) / want; e > worst {
			worst = e
		}
	}
	if worst > 3e-10 {
		t.Errorf("max relative error %g, want < 3e-10", worst)
	}
	if expNeg(800) != 0 || expNeg(0) != 1 {
		t.Errorf("expNeg(800) = %v, expNeg(0) = %v", expNeg(800), expNeg(0))
	}
}

// TestExpNeg32Accuracy: expNeg32 against math.Exp, relative error below
// 3e-7 over [0, 80) and the fallback beyond.
func TestExpNeg32Accuracy(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 8))
	worst := 0.0
	for k := 0; k < 200000; k++ {
		x := float32(rng.Float64() * 20)
		if k%2 == 0 {
			x = float32(rng.Float64())
		}
		got, want := float64(expNeg32(x)), math.Exp(-float64(x))
		if e := math.Abs(got-want) / want; e > worst {
			worst = e
		}
	}
	if worst > 3e-7 {
		t.Errorf("max relative error %g, want < 3e-7", worst)
	}
	if expNeg32(0) != 1 || expNeg32(200) != 0 {
		t.Errorf("expNeg32(0) = %v, expNeg32(200) = %v", expNeg32(0), expNeg32(200))
	}
}

// TestLIFStepRange: stepping a population in three ranges (sizes not
// multiples of 8) gives the same bits as stepping it whole, for the fused
// kernels and the general path.
func TestLIFStepRange(t *testing.T) {
	t.Parallel()
	for _, kind := range []ReceptorKind{ExpCurrent, ExpConductance, Delta} {
		for _, general := range []bool{false, true} {
			const n = 1003
			p := LIFParams{TauM: 20, Cm: 0.2, VRest: -49, VThresh: -50, VReset: -60, Refractory: 2}
			mk := func() (*LIF, []*Receptor) {
				l := NewLIF(n, p)
				a, _ := l.Receptor(kind, 5, 0)
				b, _ := l.Receptor(kind, 10, -80)
				if err := l.Prepare(0.1, 4); err != nil {
					t.Fatal(err)
				}
				if general {
					l.kernel = lifGeneral
				}
				rng := rand.New(rand.NewPCG(1, 2))
				for i := range l.V {
					l.V[i] = float32(-60 + 10*rng.Float64())
				}
				return l, []*Receptor{a, b}
			}
			whole, wr := mk()
			split, sr := mk()
			rng := rand.New(rand.NewPCG(3, 4))
			var sw, ss []uint32
			for step := int64(0); step < 1000; step++ {
				for k := 0; k < 40; k++ {
					j, r := rng.IntN(n), rng.IntN(2)
					w := float32(rng.Float64() * 0.01)
					if kind == Delta {
						w = float32(rng.Float64())
					}
					wr[r].Slot(step)[j] += w
					sr[r].Slot(step)[j] += w
				}
				var err error
				if sw, err = whole.Step(step, sw[:0]); err != nil {
					t.Fatal(err)
				}
				ss = ss[:0]
				for _, b := range [][2]int{{0, 333}, {333, 700}, {700, n}} {
					if ss, err = split.StepRange(step, b[0], b[1], ss); err != nil {
						t.Fatal(err)
					}
				}
				if len(sw) != len(ss) {
					t.Fatalf("%v general=%v step %d: %d spikes whole, %d split", kind, general, step, len(sw), len(ss))
				}
				for i := range sw {
					if sw[i] != ss[i] {
						t.Fatalf("%v step %d: spike %d is unit %d whole, %d split", kind, step, i, sw[i], ss[i])
					}
				}
				for i := range whole.V {
					if whole.V[i] != split.V[i] || whole.Ref[i] != split.Ref[i] {
						t.Fatalf("%v general=%v step %d unit %d: V %v/%v", kind, general, step, i, whole.V[i], split.V[i])
					}
				}
			}
		}
	}
}
