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

// replayRow reads the replay table of a result.
func replayRow(t *testing.T, r *Result) map[string]float64 {
	t.Helper()
	for _, tb := range r.Tables {
		if !strings.HasPrefix(tb.Title, "replay:") {
			continue
		}
		row := map[string]float64{}
		for i, c := range tb.Columns[1:] {
			switch v := tb.Rows[0][i+1].(type) {
			case float64:
				row[c] = v
			case int:
				row[c] = float64(v)
			case nil:
				row[c] = -1
			}
		}
		return row
	}
	t.Fatal("no replay table")
	return nil
}

// TestSpindleReplayGates runs spindle_replay's three variants for 12 s
// (three events from 1 s on): gate spindle starts every event while the
// TC cells spindle, gate outside none, gate off has none at all; the
// buffer's bursts make the assembly fire more within spindles than
// outside them; the weights move in every variant (STDP runs on the
// spontaneous and spindle activity too).
func TestSpindleReplayGates(t *testing.T) {
	if testing.Short() {
		t.Skip("three runs of a thalamocortical network")
	}
	rows := map[string]map[string]float64{}
	for _, gate := range []string{"spindle", "outside", "off"} {
		f := load(t, "spindle_replay", "experiment.duration=12s", "environment.events=3", "environment.start=1s", "environment.gate="+gate)
		f.Variant = nil
		rows[gate] = replayRow(t, run(t, f))
		t.Logf("%s: %v", gate, rows[gate])
	}
	if r := rows["spindle"]; r["events"] != 3 || r["in_spindle_share"] != 1 {
		t.Errorf("gate spindle: %v events, %v of them in spindles; want 3, all", r["events"], r["in_spindle_share"])
	}
	if r := rows["outside"]; r["events"] != 3 || r["in_spindle_share"] != 0 {
		t.Errorf("gate outside: %v events, %v of them in spindles; want 3, none", r["events"], r["in_spindle_share"])
	}
	if r := rows["off"]; r["events"] != 0 {
		t.Errorf("gate off: %v events", r["events"])
	}
	if s, o := rows["spindle"]["assembly_spikes_per_unit_event"], rows["outside"]["assembly_spikes_per_unit_event"]; !(s > 2*o) {
		t.Errorf("assembly spikes per unit and event: %.3f in spindles, %.3f outside; want more than twice", s, o)
	}
	for g, r := range rows {
		if r["w_end"] == r["w_start"] {
			t.Errorf("gate %s: the weights did not move", g)
		}
	}
}
