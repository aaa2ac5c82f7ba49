package experiment

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// waveRow reads the waves table of a result: wave fraction and median
// speed of the significant waves (m/s).
func waveRow(t *testing.T, r *Result) (fraction, speed float64) {
	t.Helper()
	for _, tb := range r.Tables {
		if strings.HasPrefix(tb.Title, "waves:") {
			row := tb.Rows[0]
			return row[3].(float64), row[6].(float64)
		}
	}
	t.Fatal("no waves table")
	return 0, 0
}

// TestTravellingWaves runs the shipped travelling_waves network on a 2 mm
// sheet (112,500 neurons, 337.5 million synapses; 1.2 s, the paper's
// length) and its random control: both asynchronous-irregular at 1-25 Hz,
// and the topographic network has significant waves at least five times
// as often as the random one (measured on seeds 1-3: 9.7%, 12.7%, 9.5%
// against 1.1%, 1.1%, 1.1%). On smaller sheets (1.2 and 1.6 mm) the
// topographic network falls silent on seed 1.
func TestTravellingWaves(t *testing.T) {
	if testing.Short() {
		t.Skip("two networks of 112,500 neurons")
	}
	var frac [2]float64
	for i, v := range []string{"topographic", "random"} {
		base := load(t, "travelling_waves")
		var set []string
		for _, vr := range base.Variant {
			if vr.Name == v {
				set = vr.Set
			}
		}
		f := load(t, "travelling_waves", append(append([]string{}, set...), "side_mm=2", "experiment.duration=1.2s")...)
		f.Variant = nil
		r := run(t, f)
		for _, p := range r.Populations {
			if p.RateHz < 1 || p.RateHz > 25 {
				t.Errorf("%s: %s fires at %.2f Hz, want 1-25", v, p.Population, p.RateHz)
			}
		}
		frac[i], _ = waveRow(t, r)
	}
	if frac[0] < 5*frac[1] {
		t.Errorf("significant waves in %.4f of the topographic network's points, %.4f of the random one's: want at least 5 times", frac[0], frac[1])
	}
}

// TestWavesDeterminism runs the dense network, whose delays grow with
// distance (0.3 to 14.4 ms), for 0.3 s under GOMAXPROCS 1, 2 and 4: the
// same final state (spikes, membranes, conductances, the analysis's
// samples) and the same wave table.
func TestWavesDeterminism(t *testing.T) {
	old := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(old)
	f := load(t, "travelling_waves_dense", "experiment.duration=0.3s")
	f.Variant = nil
	var states [][]byte
	var tables []string
	for _, procs := range []int{1, 2, 4} {
		runtime.GOMAXPROCS(procs)
		r, err := Run(t.Context(), f, Options{done: func(m *Model) { states = append(states, finalState(t, m)) }})
		if err != nil {
			t.Fatal(err)
		}
		fr, sp := waveRow(t, r)
		tables = append(tables, fmt.Sprint(fr, sp, r.Populations[0].Spikes))
	}
	for i := 1; i < len(states); i++ {
		if !bytes.Equal(states[0], states[i]) || tables[0] != tables[i] {
			t.Errorf("GOMAXPROCS run %d differs from the first: %s vs %s", i, tables[i], tables[0])
		}
	}
}
