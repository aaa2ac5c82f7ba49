package experiment

import (
	"math"
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
