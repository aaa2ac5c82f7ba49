package neuron_test

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/brainsim/brainsim/neuron"
)

// izhTrain runs one Izhikevich unit of the named type for tEnd ms at step dt
// with a step current of i nA from t = 10 ms on (Izhikevich 2003, Fig. 2:
// responses to a step of dc current I = 10; brainsim reads I in nA with
// C = 1 nF, so the paper's I = 10 is 10 nA) and returns the spike times (ms).
func izhTrain(t *testing.T, name string, dt, i, tEnd float64) []float64 {
	t.Helper()
	ty, err := neuron.LookupIzhikevich(name)
	if err != nil {
		t.Fatal(err)
	}
	z := neuron.NewIzhikevich(1, ty)
	mustPrepare(t, z, dt, 1)
	on := int64(math.Round(10 / dt))
	return spikeTrain(t, z, dt, int64(math.Round(tEnd/dt)), func(s int64) {
		z.Current()[0] = 0
		if s >= on {
			z.Current()[0] = float32(i)
		}
	})
}

// TestIzhikevichCellTypes checks the firing patterns of Izhikevich (2003),
// Fig. 2 and its text, under a step current I = 10 nA from t = 10 ms, over
// 1000 ms:
//   - RS: "fire a few spikes with short interspike period and then the period
//     increases" (adaptation): the first ISI is at least 1.5 times shorter
//     than the last (measured: 22.6 vs 45.2 ms at dt 0.1 ms, 30 vs 58 ms at
//     dt 1 ms);
//   - FS: "periodic trains ... with extremely high frequency practically
//     without any adaptation": at least twice as many spikes as RS (measured
//     124 vs 23 at dt 0.1 ms, 65 vs 20 at dt 1 ms), steady ISIs after 200 ms
//     within ±5% of their mean;
//   - IB: "a stereotypical burst of spikes followed by repetitive single
//     spikes": the train opens with 2-5 spikes at ISIs < 10 ms (measured
//     2.5, 4.4 ms), then every ISI is > 20 ms and > 3 times the longest burst
//     ISI (measured 31.6-40.1 ms);
//   - CH: "stereotypical bursts of closely spaced spikes": the ISIs are
//     bimodal, all < 10 ms or > 20 ms, with >= 3 long (inter-burst) ones and
//     >= 2 short ones per burst (measured at dt 0.1 ms: bursts of 5-7
//     spikes, ISIs 1.6-6.2 ms, inter-burst 47-48 ms; at dt 1 ms the
//     paper's scheme gives bursts of 2-3 spikes, and >= 1 short ISI per
//     burst is asked).
//
// RS is also run at dt = 1 ms, the step of the paper's code; CH and FS too.
// (IB at dt = 1 ms gives ISIs 4, 15, 42 ms: the burst's second interval is
// stretched by the coarse step, so IB is checked at 0.1 ms only.)
func TestIzhikevichCellTypes(t *testing.T) {
	t.Parallel()
	const i, tEnd = 10.0, 1000.0
	for _, dt := range []float64{0.1, 1} {
		t.Run(fmt.Sprintf("dt=%vms", dt), func(t *testing.T) {
			t.Parallel()
			rs := izhTrain(t, "RS", dt, i, tEnd)
			fs := izhTrain(t, "FS", dt, i, tEnd)
			ch := izhTrain(t, "CH", dt, i, tEnd)
			t.Logf("dt %v ms: RS %d spikes, FS %d, CH %d", dt, len(rs), len(fs), len(ch))
			if len(rs) < 5 {
				t.Fatalf("RS: got %d spikes, want at least 5", len(rs))
			}

			// RS adaptation.
			d := isis(rs)
			first, last := d[0], d[len(d)-1]
			t.Logf("RS ISIs: first %.1f ms, last %.1f ms, ratio %.2f", first, last, last/first)
			if last < 1.5*first {
				t.Errorf("RS: last ISI got %v ms, want >= 1.5 × first ISI %v ms", last, first)
			}

			// FS faster than RS, no adaptation in the steady state.
			if len(fs) < 2*len(rs) {
				t.Errorf("FS: got %d spikes, want at least 2 × RS (%d)", len(fs), 2*len(rs))
			}
			if dt == 0.1 {
				var steady []float64
				for k := 1; k < len(fs); k++ {
					if fs[k-1] >= 200 {
						steady = append(steady, fs[k]-fs[k-1])
					}
				}
				m := mean(steady)
				lo, hi := slices.Min(steady), slices.Max(steady)
				t.Logf("FS steady ISIs: mean %.2f ms, range [%.1f, %.1f]", m, lo, hi)
				if lo < 0.95*m || hi > 1.05*m {
					t.Errorf("FS steady ISIs got range [%v, %v], want within ±5%% of the mean %v", lo, hi, m)
				}
			}

			// At 1 ms the paper's scheme (net.m) makes CH fire doublets and
			// triplets (ISIs 3-4 ms within a burst, 48-51 ms between).
			perBurst := 2
			if dt == 1 {
				perBurst = 1
			}
			checkChattering(t, ch, perBurst)
		})
	}
	t.Run("IB", func(t *testing.T) {
		t.Parallel()
		ib := izhTrain(t, "IB", 0.1, i, tEnd)
		d := isis(ib)
		burst := 0
		for burst < len(d) && d[burst] < 10 {
			burst++
		}
		t.Logf("IB: %d spikes, burst of %d spikes, ISIs %v", len(ib), burst+1, d[:min(len(d), 6)])
		if burst+1 < 2 || burst+1 > 5 {
			t.Fatalf("IB: initial burst got %d spikes, want 2-5 (ISIs %v)", burst+1, d[:min(len(d), 6)])
		}
		maxBurst := slices.Max(d[:burst])
		tonic := d[burst:]
		if len(tonic) < 5 {
			t.Fatalf("IB: got %d tonic ISIs, want at least 5", len(tonic))
		}
		if m := slices.Min(tonic); m <= 20 || m <= 3*maxBurst {
			t.Errorf("IB: shortest tonic ISI got %v ms, want > 20 ms and > 3 × the longest burst ISI %v ms", m, maxBurst)
		}
	})
}

// checkChattering asserts the CH pattern: bimodal ISIs, < 10 ms within a
// burst and > 20 ms between bursts, at least 3 bursts of at least 2 spikes.
func checkChattering(t *testing.T, ch []float64, perBurst int) {
	t.Helper()
	d := isis(ch)
	short, long, inBurst, minBurst := 0, 0, 1, math.MaxInt
	for _, x := range d {
		switch {
		case x < 10:
			short++
			inBurst++
		case x > 20:
			long++
			minBurst = min(minBurst, inBurst)
			inBurst = 1
		default:
			t.Errorf("CH: ISI %v ms, want < 10 or > 20 ms (bimodal)", x)
		}
	}
	t.Logf("CH: %d short ISIs, %d long ISIs, smallest complete burst %d spikes", short, long, minBurst)
	if long < 3 || short < perBurst*long || minBurst < 2 {
		t.Errorf("CH: got %d inter-burst and %d intra-burst ISIs (smallest burst %d spikes), want >= 3 bursts of >= 2 spikes and >= %d intra-burst ISIs per burst", long, short, minBurst, perBurst)
	}
}

// TestIzhikevichRest: without input the units stay silent (the rest state
// of RS/IB/CH/FS, b = 0.2, is the stable root v = -70 mV of
// 0.04 v² + (5 - b) v + 140 = 0).
func TestIzhikevichRest(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"RS", "IB", "CH", "FS"} {
		ty, _ := neuron.LookupIzhikevich(name)
		z := neuron.NewIzhikevich(1, ty)
		mustPrepare(t, z, 0.1, 1)
		if s := spikeTrain(t, z, 0.1, 5000, nil); len(s) != 0 {
			t.Errorf("%s without input: got %d spikes, want 0", name, len(s))
		}
		if v := float64(z.V[0]); math.Abs(v+70) > 0.01 {
			t.Errorf("%s rest: V got %v mV, want -70 mV", name, v)
		}
	}
}

func TestLookupIzhikevich(t *testing.T) {
	t.Parallel()
	names := neuron.CellTypes()
	if want := []string{"RS", "IB", "CH", "FS", "LTS", "TC", "RZ"}; !slices.Equal(names, want) {
		t.Errorf("CellTypes got %v, want %v", names, want)
	}
	// Parameters of Izhikevich (2003), Fig. 2.
	rs, err := neuron.LookupIzhikevich("RS")
	if err != nil || rs.A != 0.02 || rs.B != 0.2 || rs.C != -65 || rs.D != 8 {
		t.Errorf("RS got %+v, %v, want a=0.02 b=0.2 c=-65 d=8", rs, err)
	}
	if _, err := neuron.LookupIzhikevich("XX"); err == nil {
		t.Errorf("LookupIzhikevich(\"XX\") got nil error, want one")
	}
}

// TestIzhikevichUnstable: NaN input is an *UnstableError naming the step.
func TestIzhikevichUnstable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		inject func(z *neuron.Izhikevich, r *neuron.Receptor)
		step   int64
		v      string
	}{
		{"nan_current", func(z *neuron.Izhikevich, _ *neuron.Receptor) { z.Current()[2] = float32(math.NaN()) }, 7, "v"},
		{"nan_weight", func(_ *neuron.Izhikevich, r *neuron.Receptor) { r.Slot(7)[2] += float32(math.NaN()) }, 8, "v"},
		{"huge_negative_current", func(z *neuron.Izhikevich, _ *neuron.Receptor) { z.Current()[2] = -1e7 }, 7, "v"},
		// A NaN parameter a makes u NaN in the same step, v only in the next.
		{"nan_parameter", func(z *neuron.Izhikevich, _ *neuron.Receptor) { z.A[2] = float32(math.NaN()) }, 7, "u"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rs, _ := neuron.LookupIzhikevich("RS")
			z := neuron.NewIzhikevich(4, rs)
			r := mustReceptor(t, z, neuron.ExpCurrent, 5, 0)
			mustPrepare(t, z, 0.1, 1)
			var err error
			for s := int64(0); s < 20 && err == nil; s++ {
				if s == 7 {
					tc.inject(z, r)
				}
				_, err = z.Step(s, nil)
			}
			var ue *neuron.UnstableError
			if !errors.As(err, &ue) {
				t.Fatalf("error got %v, want *neuron.UnstableError", err)
			}
			if ue.Step != tc.step || ue.Unit != 2 || ue.Var != tc.v {
				t.Errorf("error got step %d unit %d var %q, want step %d unit 2 var %q (%v)", ue.Step, ue.Unit, ue.Var, tc.step, tc.v, err)
			}
		})
	}
}

// netmTrain is the reference of TestIzhikevichNetM: one unit of type ty
// integrated as Izhikevich's net.m does it: at the start of step s a unit
// with v >= 30 fires (time s) and is reset, then v takes two 0.5 ms half
// steps with I = i from step 10 on (also past the peak), then u one 1 ms
// step with that v. F is the arithmetic: float64 as MATLAB's, or float32
// as brainsim's state.
func netmTrain[F float32 | float64](ty neuron.IzhikevichType, i float64, steps int) []float64 {
	a, b, c, d := F(float32(ty.A)), F(float32(ty.B)), F(float32(ty.C)), F(float32(ty.D))
	v := F(-65)
	u := b * v
	var times []float64
	for s := range steps {
		if v >= 30 {
			times = append(times, float64(s))
			v, u = c, u+d
		}
		var in F
		if s >= 10 {
			in = F(i)
		}
		v += 0.5 * (0.04*v*v + 5*v + 140 - u + in)
		v += 0.5 * (0.04*v*v + 5*v + 140 - u + in)
		u += a * (b*v - u)
	}
	return times
}

// TestIzhikevichNetM checks the integrator against the scheme of the
// paper's own code (net.m) at its step of 1 ms, for every cell type under
// a step current of 10 nA. In float32, brainsim's arithmetic, the spikes
// must be net.m's exactly, one step earlier (brainsim registers a spike at
// the end of the step whose v crosses the peak; net.m finds it at the
// start of the next): both half steps are taken past the peak and u sees
// the uncapped v. Against net.m in float64 (MATLAB's) the trains drift
// apart, since a unit passing slowly near its threshold amplifies the
// rounding: the first 3 spikes must agree and the counts within 15%
// (measured: TC 71 against 63, 13%, and its 5th spike 2 ms late; the
// other types within 5%).
func TestIzhikevichNetM(t *testing.T) {
	t.Parallel()
	for _, ty := range neuron.IzhikevichTypes {
		got := izhTrain(t, ty.Name, 1, 10, 1000)
		for k := range got {
			got[k]++
		}
		if want := netmTrain[float32](ty, 10, 1000); !slices.Equal(got, want) {
			t.Errorf("%s: spikes at %v ms (+1 step), net.m in float32 %v", ty.Name, got, want)
		}
		want := netmTrain[float64](ty, 10, 1000)
		n := min(3, len(want))
		if len(got) < n || !slices.Equal(got[:n], want[:n]) {
			t.Errorf("%s: first spikes at %v ms (+1 step), net.m in float64 %v", ty.Name, got[:min(n, len(got))], want[:n])
		}
		if r := float64(len(got)) / float64(len(want)); r < 0.85 || r > 1.15 {
			t.Errorf("%s: %d spikes, net.m in float64 %d", ty.Name, len(got), len(want))
		}
		t.Logf("%s: %d spikes, net.m in float64 %d", ty.Name, len(got), len(want))
	}
}
