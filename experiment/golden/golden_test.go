package golden

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/experiment"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.json from runs over the spread seeds (go test ./experiment/golden -run Golden -update)")

// Tested are the shipped experiments TestGolden runs: each takes at most a
// few seconds in the default build (forward_model, the slowest, about 7 s;
// bandit 1.3 s).
var Tested = []string{
	"quickstart", "cuba", "coba", "izhikevich", "two_regions",
	"minsky_papert", "td_conditioning", "bandit", "gridworld",
	"stdp_window", "tsodyks_markram", "stdp_song",
	"oja_pca", "bcm_selectivity", "td_conditioning_net", "bandit_net", "gridworld_net",
	"forward_model",
}

// Long are the shipped experiments too long for go test (measured in the
// default build on 2 cores: rbm_dream 91 s, distal_reward 80 s,
// microcircuit about a minute and 3 GB, boltzmann_encoder minutes,
// boltzmann_encoder_net 52 s, brunel (four variants of 12,500 neurons)
// about 25 s, vor (three variants, 3.5 simulated hours) about a minute,
// travelling_waves (two variants of 450,000 neurons, 1.35e9 synapses)
// 7 min and 15 GB, spindles (60 s of a thalamocortical network) 25 s, spindle_replay (three variants of it) 75 s, compare_rules_mnist about 10 min, dbn_mnist 25 min, diehl_cook 10 CPU-min, sleep_consolidation
// an hour). Their golden files in testdata/long hold published figures;
// bench/golden_long.sh runs and checks them. TestGolden does not run them.
var Long = []string{
	"boltzmann_encoder", "compare_rules_mnist", "dbn_mnist", "diehl_cook", "distal_reward",
	"microcircuit", "rbm_dream", "sleep_consolidation", "boltzmann_encoder_net",
	"brunel", "vor", "travelling_waves", "travelling_waves_dense", "spindles", "spindle_replay",
}

// spreadRuns is the number of seeds the tolerances are measured over.
const spreadRuns = 5

// spreadSeeds returns the seeds -update measures at, starting with the
// config's default seed d: d, d+1, ..., d+4 for simulate experiments, and
// for train experiments, which average experiment.seeds = S runs
// (d, ..., d+S-1) internally, d, d+S, ..., d+4S, so that the five
// averages are over disjoint runs (`brainsim run <name> --seed d+kS`).
func spreadSeeds(f *configs.File) []int64 {
	d := int64(1)
	if f.Experiment.Seed != nil {
		d = *f.Experiment.Seed
	}
	step := int64(1)
	if f.Experiment.Mode == configs.ModeTrain && f.Experiment.Seeds != nil {
		step = int64(*f.Experiment.Seeds)
	}
	seeds := make([]int64, spreadRuns)
	for i := range seeds {
		seeds[i] = d + int64(i)*step
	}
	return seeds
}

// runShipped runs a shipped experiment as `brainsim run <name> [--seed s]`
// does (seed nil: the config's default) and extracts its figures.
func runShipped(name string, seed *int64) (*configs.File, []Value, error) {
	f, err := configs.Resolve(name, nil)
	if err != nil {
		return nil, nil, err
	}
	if len(f.Variant) > 0 {
		return nil, nil, fmt.Errorf("%s has [[variant]]s; golden files take one run", name)
	}
	res, err := experiment.Run(context.Background(), f, experiment.Options{Seed: seed})
	if err != nil {
		return nil, nil, err
	}
	vals, err := Extract(res)
	return f, vals, err
}

func goldenPath(name string) string { return filepath.Join("testdata", "golden", name+".json") }
func longPath(name string) string   { return filepath.Join("testdata", "long", name+".json") }

// TestGoldenCoversShipped: every shipped experiment has a golden file,
// either run by TestGolden or checked by bench/golden_long.sh; a new
// shipped experiment fails here until it gets one.
func TestGoldenCoversShipped(t *testing.T) {
	var shipped []string
	for _, s := range configs.Shipped() {
		shipped = append(shipped, s.Name)
		inT, inL := slices.Contains(Tested, s.Name), slices.Contains(Long, s.Name)
		if inT == inL {
			t.Errorf("shipped experiment %s must be in exactly one of Tested and Long (Tested %v, Long %v)", s.Name, inT, inL)
		}
		path := goldenPath(s.Name)
		if inL {
			path = longPath(s.Name)
		}
		if *update && inT {
			continue // TestGolden writes it
		}
		g, err := Read(path)
		if err != nil {
			t.Errorf("%s: no golden file: %v", s.Name, err)
			continue
		}
		if g.Experiment != s.Name {
			t.Errorf("%s: golden file is for %q", path, g.Experiment)
		}
	}
	for _, n := range append(slices.Clone(Tested), Long...) {
		if !slices.Contains(shipped, n) {
			t.Errorf("%s is listed but not shipped", n)
		}
	}
}

// TestGolden runs every experiment of Tested at its default seed, exactly
// as `brainsim run <name>` does, and fails for every figure beyond its
// tolerance, every golden figure the run lacks and every headline figure
// the golden file lacks. With -update it instead measures the figures at
// spreadSeeds and rewrites the golden files. It skips nothing, also not
// under -short: all of it takes a few seconds.
func TestGolden(t *testing.T) {
	for _, name := range Tested {
		t.Run(name, func(t *testing.T) {
			if *update {
				updateGolden(t, name)
				return
			}
			g, err := Read(goldenPath(name))
			if err != nil {
				t.Fatalf("%v (regenerate with: go test ./experiment/golden -run Golden -update)", err)
			}
			f, got, err := runShipped(name, nil)
			if err != nil {
				t.Fatalf("%s: run: %v", name, err)
			}
			if seed := spreadSeeds(f)[0]; seed != g.Seed {
				t.Fatalf("%s: the config's default seed is %d, the golden file's %d", name, seed, g.Seed)
			}
			checks := Compare(g, got)
			for _, c := range checks {
				if !c.OK() {
					t.Errorf("experiment %s, figure %s", name, c)
				}
			}
			pass, fail, extra := Summary(checks)
			t.Logf("%s: %d figures within tolerance, %d beyond, %d not in the golden file", name, pass, fail, extra)
		})
	}
}

// updateGolden measures one experiment at its spread seeds and writes its
// golden file.
func updateGolden(t *testing.T, name string) {
	f, err := configs.Resolve(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	seeds := spreadSeeds(f)
	runs := make([][]Value, len(seeds))
	for i, s := range seeds {
		if _, runs[i], err = runShipped(name, &s); err != nil {
			t.Fatalf("%s --seed %d: %v", name, s, err)
		}
	}
	var how string
	if f.Experiment.Mode == configs.ModeTrain {
		how = fmt.Sprintf("; each seed s runs the config's %d seeds s..s+%d, so the five averages are disjoint", seeds[1]-seeds[0], seeds[1]-seeds[0]-1)
	}
	src := fmt.Sprintf("go test ./experiment/golden -run Golden -update (default build): value at the default seed %d; sd over `brainsim run %s --seed s` for s in %s%s; tol = max(3 sd, floor): floor %g for figures from counts or float64 state, %g relative for float32 weights and PSCs",
		seeds[0], name, joinSeeds(seeds), how, FloorExact, FloorFloat32Rel)
	g, err := Measure(name, seeds[0], src, seeds, runs)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(goldenPath(name)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Write(goldenPath(name), g); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s: %d figures", goldenPath(name), len(g.Figures))
}

func joinSeeds(s []int64) string {
	var b []string
	for _, x := range s {
		b = append(b, fmt.Sprint(x))
	}
	return strings.Join(b, ", ")
}

// TestGoldenFailsWhenMoved: the comparison fails when a golden value is
// perturbed beyond its tolerance, when a figure goes missing and when a new
// one appears; and passes at exactly the tolerance.
func TestGoldenFailsWhenMoved(t *testing.T) {
	g, err := Read(goldenPath("quickstart"))
	if err != nil {
		t.Fatal(err)
	}
	_, got, err := runShipped("quickstart", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, fail, extra := Summary(Compare(g, got)); fail != 0 || extra != 0 {
		t.Fatalf("quickstart does not match its golden file: %d failures, %d extra", fail, extra)
	}
	for i := range g.Figures {
		moved := *g
		moved.Figures = slices.Clone(g.Figures)
		moved.Figures[i].Value += 1.01*moved.Figures[i].Tol + 1e-12
		checks := Compare(&moved, got)
		if _, fail, _ := Summary(checks); fail != 1 || checks[i].OK() {
			t.Errorf("moving %s by 1.01 tol: %d failures, want 1 (%s)", g.Figures[i].Name, fail, checks[i])
		}
	}
	short := *g
	short.Figures = g.Figures[1:]
	if _, _, extra := Summary(Compare(&short, got)); extra != 1 {
		t.Errorf("a figure missing from the golden file: %d extra, want 1", extra)
	}
	if _, fail, _ := Summary(Compare(g, got[1:])); fail != 1 {
		t.Errorf("a figure missing from the result: %d failures, want 1", fail)
	}
}
