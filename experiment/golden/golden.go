// Package golden holds the golden figures of the shipped experiments and the
// code that compares a run against them: the safety net for refactoring the
// engine.
//
// A golden file (testdata/golden/<name>.json, testdata/long/<name>.json) is
// a [File]: the experiment's headline figures ([Extract] names them), each
// with the value at the config's default seed and a tolerance. The files in
// testdata/golden were measured by `go test ./experiment/golden -run Golden
// -update` over several seeds (tolerance = max(3 sd over the seeds, a
// floor)); TestGolden reruns each experiment at its default seed and
// compares. The files in testdata/long hold the figures README.md,
// BENCHMARKS.md and the configs publish for the experiments too long for
// `go test`; bench/golden_long.sh runs those and compares through
// bench/goldencheck, which uses this package.
package golden

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/brainsim/brainsim/experiment"
)

// File is one experiment's golden figures.
type File struct {
	Experiment string `json:"experiment"`
	// Seed is the seed the values are from: the config's default seed
	// (`brainsim run <name>` without --seed).
	Seed int64 `json:"seed"`
	// Source says where the values come from: the command that measured
	// them, or the published figures and where they are published.
	Source string `json:"source"`
	// Seeds are the experiment seeds of the spread (SeedValues of every
	// figure are in this order); empty for published figures.
	Seeds   []int64  `json:"seeds,omitempty"`
	Figures []Figure `json:"figures"`
}

// Figure is one headline number.
type Figure struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"` // at File.Seed
	// Tol is the largest |got - Value| that passes.
	Tol float64 `json:"tol"`
	// SD is the sample standard deviation over SeedValues (or the
	// published spread), Floor the smallest tolerance allowed for this
	// kind of figure; Tol = max(3 SD, Floor).
	SD         float64   `json:"sd"`
	Floor      float64   `json:"floor"`
	SeedValues []float64 `json:"seed_values,omitempty"`
	// Note says where a published value, its spread or its floor come from.
	Note string `json:"note,omitempty"`
}

// Floors of the tolerance when the seeds do not vary a figure (a
// deterministic experiment, or a figure that is the same on every seed).
const (
	// FloorExact is for figures computed in float64 from counts or from
	// float64 state: spike rates (count / size / duration), fractions of
	// seeds solved, trial and episode numbers, CVs of integer step
	// intervals, the float64 TD errors and rewards. A changed count moves
	// them by far more than 1e-9; a reordered float64 sum by ~1e-15.
	FloorExact = 1e-9
	// FloorFloat32Rel is the relative floor of figures read from float32
	// state (synaptic weights, STDP weight changes, PSC amplitudes):
	// float32 has a relative precision of 6e-8, so a refactor that only
	// reorders float32 arithmetic may move them by a few ulps; 1e-6 (about
	// 16 ulps) still catches any real change of the dynamics.
	FloorFloat32Rel = 1e-6
)

// Value is one extracted figure.
type Value struct {
	Name    string
	V       float64
	Float32 bool // read from float32 state: floor FloorFloat32Rel·|V|
}

// Floor returns the tolerance floor of v (see FloorExact, FloorFloat32Rel).
func (v Value) Floor() float64 {
	if v.Float32 {
		return math.Max(FloorExact, FloorFloat32Rel*math.Abs(v.V))
	}
	return FloorExact
}

// STDPOffsets are the pre/post offsets (ms, post - pre) at which the
// weight change dw_rel of a stdp weights table is a figure.
var STDPOffsets = []float64{-100, -40, -20, -10, 0, 10, 20, 40, 100}

// TMSpikes are the spike numbers (1-based) at which the PSC amplitude of a
// tsodyks_markram table is a figure: the first spikes, where depression
// and facilitation act, and the last, near the steady state.
var TMSpikes = []int{1, 2, 3, 5, 10, 20}

// iterationCounts are the train metrics that count what the config asks
// for (epochs, trials, pulls, episodes) or a side statistic (restarts):
// not headline figures.
var iterationCounts = []string{"epochs", "trials", "pulls", "episodes", "restarts"}

// Extract returns the headline figures of a result, in a fixed order:
//
//   - per population (simulate mode): rate_hz/<pop> and, when they are
//     numbers, cv_isi/<pop>, sync/<pop> and osc_hz/<pop> (the last two
//     need a recorded rate);
//   - a stdp weights table (stdp_window): stdp/<projection>/dw_rel@<dt>ms at
//     STDPOffsets;
//   - a tsodyks_markram table: tm/<projection>/psc@<spike> at TMSpikes;
//   - a weight distribution (stdp_song): <projection>/share_low and
//     share_high, the shares of the lowest and highest bins;
//   - a reward summary table (distal_reward): reward/<projection>/<column>
//     for w_end, t_max_s, w_mean, n_at_max, pairings, rewards_delivered;
//   - per train row: <rule>/<task>/<metric> for every scalar metric of the
//     row but the iteration counts the config sets (iterationCounts).
func Extract(res *experiment.Result) ([]Value, error) {
	var out []Value
	add := func(name string, v float64, f32 bool) {
		out = append(out, Value{Name: name, V: v, Float32: f32})
	}
	for _, p := range res.Populations {
		add("rate_hz/"+p.Population, p.RateHz, false)
		if !math.IsNaN(p.CVISI) {
			add("cv_isi/"+p.Population, p.CVISI, false)
		}
		if !math.IsNaN(p.Sync) {
			add("sync/"+p.Population, p.Sync, false)
		}
		if !math.IsNaN(p.OscHz) {
			add("osc_hz/"+p.Population, p.OscHz, false)
		}
	}
	for _, t := range res.Tables {
		if err := tableFigures(t, add); err != nil {
			return nil, err
		}
	}
	for _, t := range res.Tables {
		if err := engineFigures(t, add); err != nil {
			return nil, err
		}
	}
	for _, r := range res.Train {
		p := r.Rule + "/" + r.Task + "/"
		for _, m := range r.Metrics {
			if m.Vec == nil && !slices.Contains(iterationCounts, m.Name) {
				add(p+m.Name, m.Value, false)
			}
		}
	}
	seen := map[string]bool{}
	for _, v := range out {
		if seen[v.Name] {
			return nil, fmt.Errorf("figure %q twice in the result", v.Name)
		}
		seen[v.Name] = true
	}
	return out, nil
}

// tableFigures adds the figures of one results table: the stdp weights,
// weight distribution, tsodyks_markram and reward summary tables (see
// Extract); other tables add none.
func tableFigures(t experiment.Table, add func(string, float64, bool)) error {
	proj, _, _ := strings.Cut(t.Title, " ")
	switch {
	case strings.HasSuffix(t.Title, "): weights") && slices.Contains(t.Columns, "dw_rel"):
		col, err := columns(t, "dt_ms", "dw_rel")
		if err != nil {
			return err
		}
		for _, dt := range STDPOffsets {
			row, err := findRow(t, col[0], dt)
			if err != nil {
				return err
			}
			v, err := num(t.Rows[row][col[1]])
			if err != nil {
				return fmt.Errorf("table %q: %w", t.Title, err)
			}
			add(fmt.Sprintf("stdp/%s/dw_rel@%gms", proj, dt), v, true)
		}
	case strings.Contains(t.Title, "): weight distribution"):
		col, err := columns(t, "share")
		if err != nil {
			return err
		}
		if len(t.Rows) < 2 {
			return fmt.Errorf("table %q: %d bins", t.Title, len(t.Rows))
		}
		for _, e := range []struct {
			name string
			row  int
		}{{"share_low", 0}, {"share_high", len(t.Rows) - 1}} {
			v, err := num(t.Rows[e.row][col[0]])
			if err != nil {
				return fmt.Errorf("table %q: %w", t.Title, err)
			}
			add(proj+"/"+e.name, v, false)
		}
	case strings.Contains(t.Title, "(tsodyks_markram,"):
		col, err := columns(t, "spike", "psc")
		if err != nil {
			return err
		}
		for _, k := range TMSpikes {
			row, err := findRow(t, col[0], float64(k))
			if err != nil {
				return err
			}
			v, err := num(t.Rows[row][col[1]])
			if err != nil {
				return fmt.Errorf("table %q: %w", t.Title, err)
			}
			add(fmt.Sprintf("tm/%s/psc@%d", proj, k), v, true)
		}
	case strings.HasPrefix(t.Title, "reward (") && strings.Contains(t.Title, ": summary"):
		// "reward (pairing) on <projection>: summary ..."
		_, rest, _ := strings.Cut(t.Title, " on ")
		proj, _, _ = strings.Cut(rest, ":")
		names := []string{"w_end", "t_max_s", "w_mean", "n_at_max", "pairings", "rewards_delivered"}
		col, err := columns(t, names...)
		if err != nil {
			return err
		}
		if len(t.Rows) != 1 {
			return fmt.Errorf("table %q: want 1 row, got %d", t.Title, len(t.Rows))
		}
		for i, n := range names {
			v, err := num(t.Rows[0][col[i]])
			if err != nil {
				return fmt.Errorf("table %q: %w", t.Title, err)
			}
			// w_end and w_mean are float32 weights; the rest are times
			// in whole steps and counts.
			add("reward/"+proj+"/"+n, v, n == "w_end" || n == "w_mean")
		}
	}
	return nil
}

// stageFigures adds <prefix>/<stage>/<column> for the given columns of
// every row of a table whose first column is "stage", where the stage
// measured them (a nil cell: not measured).
func stageFigures(t experiment.Table, prefix string, add func(string, float64, bool), names ...string) error {
	col, err := columns(t, append([]string{"stage"}, names...)...)
	if err != nil {
		return err
	}
	for _, r := range t.Rows {
		for i, n := range names {
			if r[col[i+1]] == nil {
				continue
			}
			v, err := num(r[col[i+1]])
			if err != nil {
				return fmt.Errorf("table %q: %w", t.Title, err)
			}
			add(fmt.Sprintf("%s/%v/%s", prefix, r[col[0]], n), v, false)
		}
	}
	return nil
}

// engineFigures adds the headline figures of the environment and
// activity-rule tables of simulate mode:
//
//   - conditioning: conditioning/<column> for first_reward, transfer_trial,
//     at_cue, at_reward, omission, extinction_cue (dopamine read from a
//     float32 trace);
//   - bandit: bandit/<phase>/<column> for optimal_choice, mean_reward,
//     exploration;
//   - gridworld (gridworld_net): gridworld/<phase>/<column> for episodes,
//     mean_moves, shortest_path, reached_goal, exploration;
//   - vor: vor/<stage>/<column> for gain, phase_deg, slip_rms_deg_s and
//     change_fraction, where the stage measured them;
//   - waves (travelling_waves): waves/<population>/<column> for
//     wave_fraction and median_speed_m_s;
//   - replay (spindle_replay): replay/<column> for events,
//     in_spindle_share, assembly_spikes_per_unit_event and dw_rel;
//   - spindles: spindles/<population>/<column> for episodes,
//     duration_s, interval_s and peak_hz;
//   - delayed_loop (forward_model): delayed_loop/<stage>/<column> for
//     overshoot, settling_s, unsettled and prediction_error_rms;
//   - boltzmann (boltzmann_encoder_net): boltzmann_net/solved_share and
//     median_cycles;
//   - images (diehl_cook): images/test_accuracy and label_accuracy;
//   - an activity rule against a principal component (oja_pca):
//     <projection>/angle_deg@<target> and norm@<target> (float32 weights);
//   - an activity rule's drive by patterns (bcm_selectivity):
//     <projection>/drive@<target>,<pattern> and selectivity@<target>.

func engineFigures(t experiment.Table, add func(string, float64, bool)) error {
	proj, _, _ := strings.Cut(t.Title, " ")
	row := func(r []any, names []string, col []int, prefix string, f32 bool) error {
		for i, n := range names {
			v, err := num(r[col[i]])
			if err != nil {
				return fmt.Errorf("table %q: %w", t.Title, err)
			}
			add(prefix+n, v, f32)
		}
		return nil
	}
	switch {
	case strings.HasPrefix(t.Title, "conditioning:"):
		names := []string{"first_reward", "transfer_trial", "at_cue", "at_reward", "omission", "extinction_cue"}
		col, err := columns(t, names...)
		if err != nil {
			return err
		}
		return row(t.Rows[0], names, col, "conditioning/", true)
	case strings.HasPrefix(t.Title, "bandit:"):
		names := []string{"optimal_choice", "mean_reward", "exploration"}
		col, err := columns(t, names...)
		if err != nil {
			return err
		}
		for _, r := range t.Rows {
			if err := row(r, names, col, fmt.Sprintf("bandit/%v/", r[0]), false); err != nil {
				return err
			}
		}
	case strings.HasPrefix(t.Title, "gridworld ("):
		names := []string{"episodes", "mean_moves", "shortest_path", "reached_goal", "exploration"}
		col, err := columns(t, names...)
		if err != nil {
			return err
		}
		for _, r := range t.Rows {
			if err := row(r, names, col, fmt.Sprintf("gridworld/%v/", r[0]), false); err != nil {
				return err
			}
		}
	case strings.HasPrefix(t.Title, "images: ") && strings.Contains(t.Title, " trained on "):
		names := []string{"test_accuracy", "label_accuracy"}
		col, err := columns(t, names...)
		if err != nil {
			return err
		}
		return row(t.Rows[0], names, col, "images/", false)
	case strings.HasPrefix(t.Title, "vor:"):
		return stageFigures(t, "vor", add, "gain", "phase_deg", "slip_rms_deg_s", "change_fraction")
	case strings.HasPrefix(t.Title, "waves:"):
		// waves/<population>/<column>: the fraction of points with
		// significant waves and their median phase speed.
		names := []string{"wave_fraction", "median_speed_m_s"}
		col, err := columns(t, append([]string{"population"}, names...)...)
		if err != nil {
			return err
		}
		for _, r := range t.Rows {
			if err := row(r, names, col[1:], fmt.Sprintf("waves/%v/", r[col[0]]), false); err != nil {
				return err
			}
		}
		return nil
	case strings.HasPrefix(t.Title, "replay:"):
		// replay/<column>: the events, the share in spindles, the
		// assembly's spikes per unit and event (none without events) and
		// the relative change of the stored pattern's mean weight.
		names := []string{"events", "in_spindle_share", "assembly_spikes_per_unit_event", "dw_rel"}
		col, err := columns(t, names...)
		if err != nil {
			return err
		}
		for i, n := range names {
			if v := t.Rows[0][col[i]]; v != nil {
				x, err := num(v)
				if err != nil {
					return fmt.Errorf("table %q: %w", t.Title, err)
				}
				add("replay/"+n, x, n == "dw_rel")
			}
		}
		return nil
	case strings.HasPrefix(t.Title, "spindles:"):
		// spindles/<population>/<column>: episodes, their mean duration
		// and interval, and the spectral peak within them.
		names := []string{"episodes", "duration_s", "interval_s", "peak_hz"}
		col, err := columns(t, append([]string{"population"}, names...)...)
		if err != nil {
			return err
		}
		for _, r := range t.Rows {
			if len(r) != len(t.Columns) {
				return fmt.Errorf("table %q: %v", t.Title, r)
			}
			if err := row(r, names, col[1:], fmt.Sprintf("spindles/%v/", r[col[0]]), false); err != nil {
				return err
			}
		}
		return nil
	case strings.HasPrefix(t.Title, "delayed_loop:"):
		return stageFigures(t, "delayed_loop", add, "overshoot", "settling_s", "unsettled", "prediction_error_rms")
	case strings.HasPrefix(t.Title, "boltzmann:"):
		names := []string{"solved_share", "median_cycles"}
		col, err := columns(t, names...)
		if err != nil {
			return err
		}
		return row(t.Rows[0], names, col, "boltzmann_net/", false)
	case strings.Contains(t.Title, "against the first principal component"):
		col, err := columns(t, "target", "angle_deg", "norm")
		if err != nil {
			return err
		}
		for _, r := range t.Rows {
			if err := row(r, []string{"angle_deg", "norm"}, col[1:], proj+"/", true); err != nil {
				return err
			}
		}
	case strings.Contains(t.Title, "drive of each target unit by each pattern"):
		col, err := columns(t, "target", "pattern", "drive", "selectivity")
		if err != nil {
			return err
		}
		for _, r := range t.Rows {
			v, err := num(r[col[2]])
			if err != nil {
				return err
			}
			add(fmt.Sprintf("%s/drive@%v,%v", proj, r[col[0]], r[col[1]]), v, true)
			if fmt.Sprint(r[col[1]]) == "0" {
				v, err := num(r[col[3]])
				if err != nil {
					return err
				}
				add(fmt.Sprintf("%s/selectivity@%v", proj, r[col[0]]), v, true)
			}
		}
	}
	return nil
}

// columns returns the indices of the named columns of t.
func columns(t experiment.Table, names ...string) ([]int, error) {
	idx := make([]int, len(names))
	for i, n := range names {
		idx[i] = slices.Index(t.Columns, n)
		if idx[i] < 0 {
			return nil, fmt.Errorf("table %q has no column %q (columns: %s)", t.Title, n, strings.Join(t.Columns, ", "))
		}
	}
	return idx, nil
}

// findRow returns the row of t whose column col is want.
func findRow(t experiment.Table, col int, want float64) (int, error) {
	for i, row := range t.Rows {
		if col < len(row) {
			if v, err := num(row[col]); err == nil && v == want {
				return i, nil
			}
		}
	}
	return 0, fmt.Errorf("table %q has no row with %s = %g", t.Title, t.Columns[col], want)
}

// num converts a table cell (a Go number in a fresh result, a float64 or
// json.Number after a JSON round trip; nil for NaN) to float64.
func num(v any) (float64, error) {
	switch x := v.(type) {
	case float64:
		return x, nil
	case float32:
		return float64(x), nil
	case int:
		return float64(x), nil
	case int32:
		return float64(x), nil
	case int64:
		return float64(x), nil
	case uint32:
		return float64(x), nil
	case uint64:
		return float64(x), nil
	case json.Number:
		return x.Float64()
	case nil:
		return math.NaN(), nil
	}
	return 0, fmt.Errorf("cell %v (%T) is not a number", v, v)
}

// Check is the comparison of one figure.
type Check struct {
	Name           string
	Got, Want, Tol float64
	// Missing: the golden figure is not in the result. Extra: the result
	// has a figure the golden file lacks (Want and Tol are then 0).
	Missing, Extra bool
}

// OK says whether the figure is within its tolerance. NaN never is.
func (c Check) OK() bool {
	return !c.Missing && !c.Extra && math.Abs(c.Got-c.Want) <= c.Tol
}

func (c Check) String() string {
	switch {
	case c.Missing:
		return fmt.Sprintf("%s: missing from the result (want %.6g ± %.3g)", c.Name, c.Want, c.Tol)
	case c.Extra:
		return fmt.Sprintf("%s: got %.6g, not in the golden file", c.Name, c.Got)
	}
	return fmt.Sprintf("%s: got %.6g, want %.6g ± %.3g (|diff| %.3g)", c.Name, c.Got, c.Want, c.Tol, math.Abs(c.Got-c.Want))
}

// Compare checks every figure of g against got, in g's order, then lists
// the figures of got that g lacks (Extra).
func Compare(g *File, got []Value) []Check {
	byName := make(map[string]float64, len(got))
	for _, v := range got {
		byName[v.Name] = v.V
	}
	var out []Check
	inGolden := map[string]bool{}
	for _, f := range g.Figures {
		inGolden[f.Name] = true
		v, ok := byName[f.Name]
		out = append(out, Check{Name: f.Name, Got: v, Want: f.Value, Tol: f.Tol, Missing: !ok})
	}
	for _, v := range got {
		if !inGolden[v.Name] {
			out = append(out, Check{Name: v.Name, Got: v.V, Extra: true})
		}
	}
	return out
}

// Measure builds a golden file from the figures of runs at several seeds:
// runs[i] at seeds[i]; the values are those at seed def, which must be
// one of seeds. Tol = max(3 sd over the seeds, the figure's floor). A
// figure missing (or NaN) on some seeds takes its sd over the others.
func Measure(name string, def int64, source string, seeds []int64, runs [][]Value) (*File, error) {
	di := slices.Index(seeds, def)
	if di < 0 || len(runs) != len(seeds) {
		return nil, fmt.Errorf("%s: default seed %d not among seeds %v (or %d runs)", name, def, seeds, len(runs))
	}
	f := &File{Experiment: name, Seed: def, Source: source, Seeds: seeds}
	for _, v := range runs[di] {
		fig := Figure{Name: v.Name, Value: v.V, Floor: v.Floor()}
		var xs []float64
		for _, run := range runs {
			x := math.NaN()
			for _, w := range run {
				if w.Name == v.Name {
					x = w.V
					break
				}
			}
			fig.SeedValues = append(fig.SeedValues, x)
			if !math.IsNaN(x) {
				xs = append(xs, x)
			}
		}
		fig.SD = sd(xs)
		fig.Tol = math.Max(3*fig.SD, fig.Floor)
		f.Figures = append(f.Figures, fig)
	}
	return f, nil
}

// sd is the sample standard deviation (n-1); 0 for fewer than 2 values.
func sd(xs []float64) float64 {
	if len(xs) < 2 {
		return 0
	}
	var m float64
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	var s float64
	for _, x := range xs {
		s += (x - m) * (x - m)
	}
	return math.Sqrt(s / float64(len(xs)-1))
}

// Read loads a golden file.
func Read(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f File
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if f.Experiment == "" || len(f.Figures) == 0 {
		return nil, fmt.Errorf("%s: no experiment or no figures", path)
	}
	for _, fig := range f.Figures {
		if !(fig.Tol >= 0) || math.IsNaN(fig.Value) {
			return nil, fmt.Errorf("%s: figure %q has value %v, tolerance %v", path, fig.Name, fig.Value, fig.Tol)
		}
	}
	return &f, nil
}

// Write stores a golden file (JSON, one figure per block, NaN seed values
// as null).
func Write(path string, f *File) error {
	type fig struct {
		Name       string     `json:"name"`
		Value      float64    `json:"value"`
		Tol        float64    `json:"tol"`
		SD         float64    `json:"sd"`
		Floor      float64    `json:"floor"`
		SeedValues []*float64 `json:"seed_values,omitempty"`
		Note       string     `json:"note,omitempty"`
	}
	out := struct {
		Experiment string  `json:"experiment"`
		Seed       int64   `json:"seed"`
		Source     string  `json:"source"`
		Seeds      []int64 `json:"seeds,omitempty"`
		Figures    []fig   `json:"figures"`
	}{f.Experiment, f.Seed, f.Source, f.Seeds, nil}
	for _, g := range f.Figures {
		h := fig{Name: g.Name, Value: g.Value, Tol: g.Tol, SD: g.SD, Floor: g.Floor, Note: g.Note}
		for _, x := range g.SeedValues {
			if math.IsNaN(x) {
				h.SeedValues = append(h.SeedValues, nil)
			} else {
				h.SeedValues = append(h.SeedValues, &x)
			}
		}
		out.Figures = append(out.Figures, h)
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// ReadResults loads the results.json `brainsim run --out DIR` writes: an
// experiment.Result with NaN written as null. A null cv_isi becomes NaN
// again (Extract then leaves it out, as for a fresh result); table cells
// keep null as nil.
func ReadResults(path string) (*experiment.Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var res experiment.Result
	if err := json.Unmarshal(data, &res); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var nulls struct {
		Populations []struct {
			CVISI *float64 `json:"cv_isi"`
			Sync  *float64 `json:"sync"`
			OscHz *float64 `json:"osc_hz"`
		} `json:"populations"`
	}
	if err := json.Unmarshal(data, &nulls); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(nulls.Populations) != len(res.Populations) {
		return nil, errors.New(path + ": populations do not decode")
	}
	for i, p := range nulls.Populations {
		if p.CVISI == nil {
			res.Populations[i].CVISI = math.NaN()
		}
		if p.Sync == nil {
			res.Populations[i].Sync = math.NaN()
		}
		if p.OscHz == nil {
			res.Populations[i].OscHz = math.NaN()
		}
	}
	if res.Experiment == "" {
		return nil, fmt.Errorf("%s: not a brainsim results.json (no experiment)", path)
	}
	return &res, nil
}

// Summary counts passes and failures of checks; extras count apart.
func Summary(checks []Check) (pass, fail, extra int) {
	for _, c := range checks {
		switch {
		case c.Extra:
			extra++
		case c.OK():
			pass++
		default:
			fail++
		}
	}
	return
}
