package experiment

import (
	"bytes"
	"math"
	"runtime"
	"strings"
	"testing"
)

// vorRows reads the vor table of a result: stage -> (gain, phase, slip,
// change fraction).
func vorRows(t *testing.T, r *Result) map[string][4]float64 {
	t.Helper()
	for _, tb := range r.Tables {
		if !strings.HasPrefix(tb.Title, "vor:") {
			continue
		}
		out := map[string][4]float64{}
		for _, row := range tb.Rows {
			var v [4]float64
			for k, c := range []int{4, 5, 6, 7} {
				v[k] = math.NaN()
				if x, ok := row[c].(float64); ok {
					v[k] = x
				}
			}
			out[row[0].(string)] = v
		}
		return out
	}
	t.Fatal("no vor table")
	return nil
}

// vorShort is the shipped vor experiment with its times ten times shorter
// and its rates ten times faster (training blocks of 30 s, consolidation
// of 12 min, the cortical decay 6 min), with the overrides of a variant.
func vorShort(t *testing.T, overrides ...string) *Result {
	t.Helper()
	o := []string{"params.lr_pc=1e-8", "params.lr_vn=5e-8", "environment.block=30s", "environment.consolidation=720s"}
	for _, p := range []string{"pf_fast", "pf_mid", "pf_slow"} {
		o = append(o, "projection."+p+".plasticity.decay=360s")
	}
	f := load(t, "vor", append(o, overrides...)...)
	f.Variant = nil
	return run(t, f)
}

// TestVOR asserts the claims on the shortened protocol: baseline
// gain 1 and compensatory phase; after ×2 (×0.5) training the dark gain
// within 10% of 2 (0.5); the slip falls by at least 70% from the first
// training block to the last; the change at the trained 0.5 Hz exceeds
// that at 2 Hz; without climbing fibres the gain changes by less than 2%;
// without the Purkinje output right after training most of the change is
// lost, after consolidation at least half of it stays.
func TestVOR(t *testing.T) {
	t.Parallel()
	t.Run("gain_up", func(t *testing.T) {
		t.Parallel()
		res := vorShort(t)
		v := vorRows(t, res)
		var figs []string
		for _, p := range res.Plots {
			figs = append(figs, p.Figure)
		}
		if strings.Join(figs, ",") != "vor_gain,vor_phase,vor_slip,vor_frequency" {
			t.Errorf("figures %v", figs)
		}
		base := v["baseline 0.5 Hz"]
		if math.Abs(base[0]-1) > 0.05 || math.Abs(base[1]) > 5 {
			t.Errorf("baseline gain %.3f phase %.2f°, want 1 ± 0.05 within 5°", base[0], base[1])
		}
		if g := v["probe 6"][0]; math.Abs(g-2) > 0.2 {
			t.Errorf("gain after ×2 training %.3f, want 2 ± 10%%", g)
		}
		if first, last := v["training 1"][2], v["training 6"][2]; !(last <= 0.3*first) {
			t.Errorf("slip RMS %.3f in the first block, %.3f in the last: want a fall of at least 70%%", first, last)
		}
		at, above := v["after 0.5 Hz"][3], v["after 2 Hz"][3]
		if !(at > above) {
			t.Errorf("change fraction %.3f at 0.5 Hz, %.3f at 2 Hz: want more at the trained frequency", at, above)
		}
		learnt := v["after 0.5 Hz"][0] - base[0]
		lesion := (v["lesion"][0] - base[0]) / learnt
		kept := (v["consolidated lesion"][0] - base[0]) / learnt
		if !(lesion < 0.5) || !(kept >= 0.5) {
			t.Errorf("without the Purkinje output %.0f%% of the change kept right after training (want < 50%%), %.0f%% after consolidation (want >= 50%%)", 100*lesion, 100*kept)
		}
		t.Logf("gain %.3f → %.3f; slip %.3f → %.3f; change at 0.5 Hz %.3f, at 2 Hz %.3f; kept without Purkinje: %.0f%% after training, %.0f%% after consolidation",
			base[0], v["probe 6"][0], v["training 1"][2], v["training 6"][2], at, above, 100*lesion, 100*kept)
	})
	t.Run("gain_down", func(t *testing.T) {
		t.Parallel()
		v := vorRows(t, vorShort(t, "environment.lens=0.5", "environment.consolidation=0s"))
		if g := v["probe 6"][0]; math.Abs(g-0.5) > 0.05 {
			t.Errorf("gain after ×0.5 training %.3f, want 0.5 ± 10%%", g)
		}
	})
	t.Run("no_climbing_fibre", func(t *testing.T) {
		t.Parallel()
		v := vorRows(t, vorShort(t, "environment.climbing_fibre=false", "environment.consolidation=0s"))
		base, after := v["baseline 0.5 Hz"][0], v["after 0.5 Hz"][0]
		if math.Abs(after-base) > 0.02*base {
			t.Errorf("gain %.4f → %.4f without climbing fibres: want a change below 2%%", base, after)
		}
	})
}

// TestVORDeterminism: the same state, bit for bit, at the end of a short
// vor run (training, probes, lesion, consolidation) for GOMAXPROCS 1 and 2.
func TestVORDeterminism(t *testing.T) {
	old := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(old)
	f := load(t, "vor", "environment.blocks=2", "environment.block=10s", "environment.probe=8s",
		"environment.consolidation=10s", "params.lr_pc=1e-8", "params.lr_vn=5e-8")
	var states [][]byte
	for _, procs := range []int{1, 2} {
		runtime.GOMAXPROCS(procs)
		if _, err := Run(t.Context(), f, Options{done: func(m *Model) { states = append(states, finalState(t, m)) }}); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(states[0], states[1]) {
		t.Error("the final states differ between GOMAXPROCS 1 and 2")
	}
}

// TestForwardModel: under delayed feedback the steps overshoot by more
// than 30% or do not settle; with the Smith predictor on the forward model
// learnt from babbling they overshoot by at most 10% and settle at least
// twice as fast (an unsettled trial counts as settling after its end); the
// same state for GOMAXPROCS 1 and 2.
func TestForwardModel(t *testing.T) {
	old := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(old)
	f := load(t, "forward_model")
	var states [][]byte
	var res *Result
	for _, procs := range []int{1, 2} {
		runtime.GOMAXPROCS(procs)
		var err error
		if res, err = Run(t.Context(), f, Options{done: func(m *Model) { states = append(states, finalState(t, m)) }}); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(states[0], states[1]) {
		t.Error("the final states differ between GOMAXPROCS 1 and 2")
	}
	rows := map[string][]any{}
	var trialS float64
	for _, tb := range res.Tables {
		if strings.HasPrefix(tb.Title, "delayed_loop:") {
			for _, r := range tb.Rows {
				rows[r[0].(string)] = r
			}
		}
	}
	trialS = 4 * 0.75 // the step lasts three quarters of a 4 s trial
	settle := func(r []any) float64 {
		if r[5].(int) > 0 || r[4] == nil {
			return trialS // some trial did not settle
		}
		return r[4].(float64)
	}
	fb, pr := rows["feedback, before learning"], rows["predictor, after learning"]
	if fb == nil || pr == nil {
		t.Fatalf("rows %v", rows)
	}
	if over := fb[3].(float64); !(over > 0.3 || fb[5].(int) > 0) {
		t.Errorf("feedback: overshoot %.3f and %d trials unsettled: want > 30%% or ringing", over, fb[5])
	}
	if over := pr[3].(float64); !(over <= 0.1) || pr[5].(int) > 0 {
		t.Errorf("predictor: overshoot %.3f, %d trials unsettled: want at most 10%%, all settled", over, pr[5])
	}
	if a, b := settle(pr), settle(fb); !(a <= b/2) {
		t.Errorf("settling %.3f s with the predictor, %.3f s with feedback: want twice as fast", a, b)
	}
	t.Logf("feedback overshoot %.3f (%d of %d unsettled); predictor overshoot %.3f, settling %.3f s", fb[3], fb[5], fb[2], pr[3], settle(pr))
	if len(res.Plots) != 1 || res.Plots[0].Figure != "loop_steps" || len(res.Plots[0].Curves) != 3 || len(res.Plots[0].Curves[0].Y) != 4000 {
		t.Errorf("want the loop_steps figure with two 4 s traces and the target, got %d plots", len(res.Plots))
	}
}
