package experiment

import (
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// table finds the result table whose title starts with prefix.
func table(t *testing.T, r *Result, prefix string) Table {
	t.Helper()
	for _, tb := range r.Tables {
		if len(tb.Title) >= len(prefix) && tb.Title[:len(prefix)] == prefix {
			return tb
		}
	}
	t.Fatalf("no table %q among %d", prefix, len(r.Tables))
	return Table{}
}

// TestSTDPWindowExperiment: the shipped stdp_window runs through the config
// path and its table reproduces a_plus·exp(−Δt/τ+) and −a_minus·exp(Δt/τ−)
// (its parameters) within 1% at all 21 offsets −100 … +100 ms.
func TestSTDPWindowExperiment(t *testing.T) {
	r := run(t, load(t, "stdp_window"))
	tb := table(t, r, "stdp")
	if len(tb.Rows) != 21 {
		t.Fatalf("%d rows, want 21", len(tb.Rows))
	}
	const aPlus, aMinus, tauPlus, tauMinus = 0.01, 0.012, 16.8, 33.7
	for k, row := range tb.Rows {
		dt, dw := row[4].(float64), row[7].(float64)
		if wantDt := -100 + 10*float64(k); math.Abs(dt-wantDt) > 1e-6 {
			t.Errorf("row %d: Δt = %v ms, want %v", k, dt, wantDt)
		}
		want := aPlus * math.Exp(-dt/tauPlus)
		if dt < 0 {
			want = -aMinus * math.Exp(dt/tauMinus)
		}
		if math.Abs(dw-want) > 0.01*math.Abs(want) {
			t.Errorf("Δt = %v ms: Δw/w_max = %.5g, want %.5g", dt, dw, want)
		}
	}
}

// TestTsodyksMarkramExperiment: the shipped tsodyks_markram lists for Fig.
// 1A and 1B the amplitudes of the analytic recursion of a regular train
// (20 Hz): u₁ = U, x₁ = 1, u_{n+1} = U + u_n(1−U)e^{−T/τ_fac},
// x_{n+1} = 1 + (x_n − u_n x_n − 1)e^{−T/τ_rec}, psc = A·u·x, to 1e-6.
func TestTsodyksMarkramExperiment(t *testing.T) {
	r := run(t, load(t, "tsodyks_markram"))
	for _, c := range []struct {
		name              string
		U, tauRec, tauFac float64
		A                 float64 // nA
	}{
		{"depressing", 0.5, 800, 0, 0.25},
		{"facilitating", 0.03, 130, 530, 1.54},
	} {
		tb := table(t, r, c.name)
		if len(tb.Rows) != 20 {
			t.Fatalf("%s: %d spikes, want 20", c.name, len(tb.Rows))
		}
		u, x := c.U, 1.0
		ef := 0.0
		if c.tauFac > 0 {
			ef = math.Exp(-50 / c.tauFac)
		}
		er := math.Exp(-50 / c.tauRec)
		for k, row := range tb.Rows {
			got, want := row[4].(float64), c.A*u*x
			if math.Abs(got-want) > 1e-6*want {
				t.Errorf("%s, spike %d: psc %.9g nA, want %.9g", c.name, k+1, got, want)
			}
			u, x = c.U+u*(1-c.U)*ef, 1+(x-u*x-1)*er
		}
	}
}

// TestTsodyksMarkramBrian2 checks the shipped tsodyks_markram against an
// external reference: Brian2 2.5.1 running the same two synapses and
// neurons (bench/tsodyks_brian2.py wrote testdata/tsodyks_brian2.csv: the
// membrane potential every 0.5 ms over 1.2 s, exact integration). Both
// integrate exactly in float64 arithmetic, brainsim stores V in float32:
// the traces must agree within 1e-5 of their peak (measured: 5.1e-6 mV of
// a 7.6 mV peak for Fig. 1A, 1.0e-5 mV of 11.4 mV for Fig. 1B).
func TestTsodyksMarkramBrian2(t *testing.T) {
	data, err := os.ReadFile("testdata/tsodyks_brian2.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[int64]float64{"fig1a.post": {}, "fig1b.post": {}}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "t_ms") {
			continue
		}
		f := strings.Split(line, ",")
		var v [3]float64
		for i := range v {
			if v[i], err = strconv.ParseFloat(f[i], 64); err != nil {
				t.Fatalf("%q: %v", line, err)
			}
		}
		step := int64(math.Round(v[0] / 0.1))
		want["fig1a.post"][step], want["fig1b.post"][step] = v[1], v[2]
	}
	r := run(t, load(t, "tsodyks_markram"))
	for _, tr := range r.Traces {
		ref, ok := want[tr.Population]
		if !ok || tr.Variable != "v" {
			continue
		}
		peak, worst, n := 0.0, 0.0, 0
		for _, x := range ref {
			peak = max(peak, math.Abs(x))
		}
		for k, s := range tr.Steps {
			x, ok := ref[s]
			if !ok {
				continue
			}
			n++
			worst = max(worst, math.Abs(float64(tr.Values[k][0])-x))
		}
		t.Logf("%s: %d samples, largest difference %.3g mV, peak %.3f mV", tr.Population, n, worst, peak)
		if n < 2000 {
			t.Errorf("%s: %d samples compared, want the 2400 of 1.2 s", tr.Population, n)
		}
		if worst > 1e-5*peak {
			t.Errorf("%s: V differs from Brian2's by up to %.3g mV (peak %.3f mV), want within 1e-5 of the peak", tr.Population, worst, peak)
		}
		delete(want, tr.Population)
	}
	if len(want) > 0 {
		t.Errorf("no v trace of %v", want)
	}
}

// TestSongAbbott runs the shipped stdp_song (Song, Miller & Abbott 2000:
// 1000 Poisson inputs, additive pair STDP with A- = 1.05 A+, 100 s) on
// seeds 1-3: the weights, uniform at the start, must end bimodal, as in
// the paper's Fig. 2: each outer tenth of [0, g_max] holds at least 15% of
// them and at least twice the share of any of the six central tenths
// (0.2-0.8; a uniform distribution gives 10% everywhere).
func TestSongAbbott(t *testing.T) {
	for seed := 1; seed <= 3; seed++ {
		r := run(t, load(t, "stdp_song", fmt.Sprintf("experiment.seed=%d", seed)))
		tb := table(t, r, "stdp (stdp): weight distribution")
		if len(tb.Rows) != 10 {
			t.Fatalf("%d bins, want 10", len(tb.Rows))
		}
		share := make([]float64, 10)
		for b, row := range tb.Rows {
			share[b] = row[3].(float64)
		}
		mid := slices.Max(share[2:8])
		t.Logf("seed %d: shares %.3f", seed, share)
		if lo, hi := share[0], share[9]; lo < 0.15 || hi < 0.15 || lo < 2*mid || hi < 2*mid {
			t.Errorf("seed %d: outer tenths hold %.3f and %.3f, the largest central tenth %.3f: want each outer >= 0.15 and >= twice it", seed, lo, hi, mid)
		}
	}
}
