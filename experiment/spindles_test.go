package experiment

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// spindleRow reads the spindles table of population pop.
func spindleRow(t *testing.T, r *Result, pop string) map[string]float64 {
	t.Helper()
	for _, tb := range r.Tables {
		if !strings.HasPrefix(tb.Title, "spindles:") || tb.Rows[0][0] != pop {
			continue
		}
		if len(tb.Columns) == 2 {
			t.Fatalf("%s: %v", pop, tb.Rows[0][1])
		}
		row := map[string]float64{}
		for i, c := range tb.Columns[1:] {
			switch v := tb.Rows[0][i+1].(type) {
			case float64:
				row[c] = v
			case int:
				row[c] = float64(v)
			}
		}
		return row
	}
	t.Fatalf("no spindles table of %s", pop)
	return nil
}

// TestSpindles runs the shipped spindles network (60 s, seed 1): in the
// cortex's excitatory rate and in the TC cells' the detector finds
// episodes with a spectral peak in 7-15 Hz, lasting 0.5-3 s on average
// (and most of them one by one), recurring every 2-10 s, with the rate
// within them at least five times the rate between them. Measured on
// seeds 1-3 (README): peaks 9.8 Hz, episodes 0.57-0.65 s, every 3.7-5.2 s.
func TestSpindles(t *testing.T) {
	if testing.Short() {
		t.Skip("60 s of a thalamocortical network")
	}
	r := run(t, load(t, "spindles"))
	for _, pop := range []string{"cortex.exc", "thalamus.tc"} {
		row := spindleRow(t, r, pop)
		t.Logf("%s: %v", pop, row)
		if n := row["episodes"]; n < 6 {
			t.Errorf("%s: %v episodes in 59 s", pop, n)
		}
		if p := row["peak_hz"]; !(p >= 7 && p <= 15) {
			t.Errorf("%s: spectral peak within episodes %.2f Hz, want 7-15", pop, p)
		}
		if d := row["duration_s"]; !(d >= 0.5 && d <= 3) {
			t.Errorf("%s: episodes last %.3f s on average, want 0.5-3", pop, d)
		}
		if f := row["in_0.5_3s"]; !(f >= 0.75) {
			t.Errorf("%s: %.2f of the episodes last 0.5-3 s, want at least 0.75", pop, f)
		}
		if iv := row["interval_s"]; !(iv >= 2 && iv <= 10) {
			t.Errorf("%s: episodes every %.2f s, want 2-10", pop, iv)
		}
		if in, out := row["rate_in_hz"], row["rate_out_hz"]; !(in >= 5*out) {
			t.Errorf("%s: %.2f Hz within episodes, %.2f Hz between: want at least 5 times", pop, in, out)
		}
	}
}

// TestSpindlesDeterminism runs the spindles network (two regions,
// thalamocortical pathways with 3 ms delays) for 3 s under GOMAXPROCS 1,
// 2 and 4: the same final state and the same tables.
func TestSpindlesDeterminism(t *testing.T) {
	old := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(old)
	f := load(t, "spindles", "experiment.duration=3s", "analysis.0.start=0s", "analysis.1.start=0s")
	var states [][]byte
	var tables []string
	for _, procs := range []int{1, 2, 4} {
		runtime.GOMAXPROCS(procs)
		r, err := Run(t.Context(), f, Options{done: func(m *Model) { states = append(states, finalState(t, m)) }})
		if err != nil {
			t.Fatal(err)
		}
		var s strings.Builder
		for _, tb := range r.Tables {
			fmt.Fprint(&s, tb.Rows)
		}
		for _, p := range r.Populations {
			fmt.Fprint(&s, p.Spikes)
		}
		tables = append(tables, s.String())
	}
	for i := 1; i < len(states); i++ {
		if !bytes.Equal(states[0], states[i]) || tables[0] != tables[i] {
			t.Errorf("GOMAXPROCS run %d differs from the first: %s vs %s", i, tables[i], tables[0])
		}
	}
}
