package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/internal/npy"
)

// binary is the brainsim executable TestMain builds.
var binary string

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	dir, err := os.MkdirTemp("", "brainsim-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "brainsim")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	gocmd := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(gocmd); err != nil {
		gocmd = "go"
	}
	build := exec.Command(gocmd, "build", "-o", binary, ".")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building brainsim: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// brainsim runs the binary and returns its exit code, stdout and stderr.
func brainsim(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.ExitCode()
	default:
		t.Fatalf("running brainsim %q: %v", args, err)
	}
	if strings.Contains(errOut.String(), "goroutine ") || strings.Contains(errOut.String(), "panic:") {
		t.Errorf("brainsim %q printed a stack trace:\n%s", args, errOut.String())
	}
	return code, out.String(), errOut.String()
}

func lines(s string) []string {
	return strings.Split(strings.TrimRight(s, "\n"), "\n")
}

func TestBinaryBadFlag(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := brainsim(t, "run", "quickstart", "--bogus")
	if code != exitUsage {
		t.Errorf("exit %d, want 2", code)
	}
	if stderr != "brainsim: unknown flag --bogus\nbrainsim: see \"brainsim run --help\"\n" {
		t.Errorf("stderr:\n%s", stderr)
	}
	if stdout != "" {
		t.Errorf("stdout %q", stdout)
	}
}

func TestBinaryUnknownExperiment(t *testing.T) {
	t.Parallel()
	code, _, stderr := brainsim(t, "run", "no-such-experiment")
	if code != exitUsage {
		t.Errorf("exit %d, want 2", code)
	}
	if l := lines(stderr); len(l) != 1 || !strings.HasPrefix(l[0], "brainsim: ") {
		t.Errorf("want one error line, got:\n%s", stderr)
	}
	for _, s := range configs.Shipped() {
		if !strings.Contains(stderr, s.Name) {
			t.Errorf("error does not name shipped experiment %q:\n%s", s.Name, stderr)
		}
	}
	if strings.Contains(stderr, "USAGE") {
		t.Error("usage printed for a config error")
	}
}

func TestBinaryOutNotEmpty(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	keep := filepath.Join(dir, "keep.txt")
	if err := os.WriteFile(keep, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := brainsim(t, "run", "quickstart", "--out", dir)
	if code != exitUsage {
		t.Errorf("exit %d, want 2", code)
	}
	if !strings.Contains(stderr, dir) || !strings.Contains(stderr, "--force") {
		t.Errorf("stderr does not name the directory and --force:\n%s", stderr)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory changed: %d entries", len(entries))
	}
}

func TestBinaryFormatXML(t *testing.T) {
	t.Parallel()
	code, _, stderr := brainsim(t, "run", "quickstart", "--format", "xml")
	if code != exitUsage {
		t.Errorf("exit %d, want 2", code)
	}
	first := lines(stderr)[0]
	for _, f := range []string{"table", "markdown", "csv", "json"} {
		if !strings.Contains(first, f) {
			t.Errorf("error %q does not name format %q", first, f)
		}
	}
}

func TestBinaryValidateBroken(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "broken.toml")
	src := "[experiment]\nname = \"broken\"\nduration = \"1s\"\ndt = \"0.1mV\"\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := brainsim(t, "validate", path)
	if code != exitUsage {
		t.Errorf("exit %d, want 2", code)
	}
	if l := lines(stderr); len(l) != 1 || !strings.HasPrefix(l[0], "brainsim: ") || !strings.Contains(l[0], "broken.toml") {
		t.Errorf("want one error line naming the file, got:\n%s", stderr)
	}
	if stdout != "" {
		t.Errorf("stdout %q", stdout)
	}
}

func TestBinaryShipped(t *testing.T) {
	t.Parallel()
	shipped := configs.Shipped()
	if len(shipped) == 0 {
		t.Skip("no shipped experiments yet")
	}
	code, stdout, stderr := brainsim(t, "list")
	if code != 0 {
		t.Fatalf("list: exit %d\n%s", code, stderr)
	}
	args := []string{"validate"}
	for _, s := range shipped {
		if !strings.Contains(stdout, s.Name) {
			t.Errorf("list lacks %q", s.Name)
		}
		args = append(args, s.Name)
	}
	code, stdout, stderr = brainsim(t, args...)
	if code != 0 {
		t.Errorf("validate shipped: exit %d\n%s", code, stderr)
	}
	if got := len(lines(stdout)); got != len(shipped) {
		t.Errorf("validate shipped: %d ok lines for %d experiments:\n%s", got, len(shipped), stdout)
	}
}

func TestBinaryHelpVersion(t *testing.T) {
	t.Parallel()
	code, stdout, _ := brainsim(t, "help")
	if code != 0 || !strings.Contains(stdout, "EXIT CODES") {
		t.Errorf("help: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = brainsim(t, "version")
	if code != 0 || !strings.Contains(stdout, version) || !strings.Contains(stdout, runtime.Version()) {
		t.Errorf("version: exit %d\n%s", code, stdout)
	}
	code, _, stderr := brainsim(t, "frobnicate")
	if code != exitUsage || !strings.HasPrefix(stderr, "brainsim: unknown command \"frobnicate\"\n") {
		t.Errorf("unknown command: exit %d\n%s", code, stderr)
	}
}

// TestBinaryRunQuickstart simulates the (small, fast) quickstart experiment
// end to end.
func TestBinaryRunQuickstart(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := brainsim(t, "run", "quickstart", "--format", "json", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil {
		t.Fatalf("stdout is not a JSON array: %v\n%s", err, stdout)
	}
	if len(rows) == 0 {
		t.Fatal("no rows")
	}
	if w, ok := rows[0]["wall_s"].(float64); !ok || w <= 0 {
		t.Errorf("rows[0].wall_s = %v, want a positive number", rows[0]["wall_s"])
	}
	if rows[0]["experiment"] != "quickstart" {
		t.Errorf("rows[0].experiment = %v", rows[0]["experiment"])
	}
	if want := "records in " + dir + ": "; !strings.HasPrefix(stderr, want) {
		t.Errorf("stderr %q, want the records note", stderr)
	}
	for _, name := range []string{"config.toml", "run.json", "results.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	// The effective config loads back.
	if code, _, stderr := brainsim(t, "validate", filepath.Join(dir, "config.toml")); code != 0 {
		t.Errorf("validate config.toml: exit %d\n%s", code, stderr)
	}
}

// TestBadFlagsOneLine: every bad flag or argument of every command gets
// one line in brainsim's words, plus at most a pointer to the command's
// --help; never the usage text or the flag package's wording.
func TestBadFlagsOneLine(t *testing.T) {
	t.Parallel()
	cases := [][]string{
		{"run", "cuba", "--format", "xml"}, {"run", "cuba", "--format"}, {"run", "cuba", "--plots=pdf"},
		{"run", "cuba", "--seed", "abc"}, {"run", "cuba", "--seed", "1e3"}, {"run", "cuba", "--bogus"},
		{"run", "cuba", "--sed", "3"}, {"run", "cuba", "--set", "foo"}, {"run", "cuba", "--set", "=1"},
		{"run"}, {"run", "a", "b"}, {"run", "cuba", "--duration", "3s"}, {"run", "cuba", "---x"},
		{"run", "cuba", "--force"}, {"run", "cuba", "--quiet=maybe"}, {"run", "cuba", "--out"},
		{"--nope"}, {"frobnicate"}, {"cuba"},
		{"sweep", "cuba", "--grid", "x"}, {"sweep", "cuba", "--jobs", "0"}, {"sweep", "cuba", "--jobs", "two"},
		{"sweep", "cuba", "--seeds"}, {"sweep"}, {"sweep", "cuba", "--metric", ""},
		{"compare"}, {"compare", "cuba", "--format", "yaml"}, {"compare", "cuba", "--plots"},
		{"validate"}, {"validate", "--set"}, {"validate", "x.toml", "--bogus"},
		{"list", "--x"}, {"list", "nosuch"}, {"list", "a", "b"}, {"list", "--format", "pdf"},
		{"show"}, {"show", "a", "b"}, {"show", "--x"}, {"help", "nosuch"}, {"help", "a", "b"},
		{"version", "--x"},
	}
	for _, args := range cases {
		fk := newFake(t)
		code := fk.exec(args...)
		if code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
		l := lines(fk.errOut.String())
		if len(l) > 2 || !strings.HasPrefix(l[0], "brainsim: ") ||
			(len(l) == 2 && !regexp.MustCompile(`^brainsim: see "brainsim (\w+ )?--help"$`).MatchString(l[1])) {
			t.Errorf("%q: want one line and at most a pointer to --help, got:\n%s", args, fk.errOut.String())
		}
		for _, leak := range []string{"flag provided", "invalid value", "invalid boolean", "for flag -", "needs an argument", "USAGE"} {
			if strings.Contains(fk.errOut.String(), leak) {
				t.Errorf("%q: %q in:\n%s", args, leak, fk.errOut.String())
			}
		}
	}
}

// TestPlotsUnwritable: a run without --out that would write into a
// working directory where no file can be created (--plots, a rule's PNG)
// fails before the run (not after it), in one line that names the
// directory and --out.
func TestPlotsUnwritable(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/proc/self"); err != nil {
		t.Skip("needs /proc, where no file can be created")
	}
	// quickstart's figures; rbm_dream's PNG of dreams (refused before
	// MNIST is loaded).
	for _, args := range [][]string{{"run", "quickstart", "--plots", "--set", "experiment.duration=10s"}, {"run", "rbm_dream"}} {
		cmd := exec.Command(binary, args...)
		cmd.Dir = "/proc"
		var errOut bytes.Buffer
		cmd.Stderr = &errOut
		err := cmd.Run()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != exitRuntime {
			t.Fatalf("%q: %v, want exit %d; stderr:\n%s", args, err, exitRuntime, errOut.String())
		}
		l := lines(errOut.String())
		if len(l) != 1 || !strings.Contains(l[0], "/proc") || !strings.Contains(l[0], "--out") {
			t.Errorf("%q: want one line naming the directory and --out, got:\n%s", args, errOut.String())
		}
	}
}

// TestInterruptTrain: Ctrl-C (a real SIGINT) during a train-mode run ends
// the process within 2 s with exit 130 and one line saying where it
// stopped: rbm_dream while it pre-trains its RBMs (4 s in: MNIST is
// loaded), boltzmann_encoder between its many short seeds.
func TestInterruptTrain(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two train-mode experiments for seconds each")
	}
	t.Parallel()
	for _, c := range []struct {
		name  string
		after time.Duration
		mnist bool
	}{{"rbm_dream", 4 * time.Second, true}, {"boltzmann_encoder", 2 * time.Second, false}} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if _, err := dataset.MNISTDir(); c.mnist && err != nil {
				t.Skipf("MNIST not found: %v", err)
			}
			cmd := exec.Command(binary, "run", c.name, "--quiet")
			cmd.Dir = t.TempDir()
			var errOut bytes.Buffer
			cmd.Stderr = &errOut
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(c.after)
			if err := cmd.Process.Signal(os.Interrupt); err != nil {
				t.Fatal(err)
			}
			sent := time.Now()
			err := cmd.Wait()
			took := time.Since(sent)
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != exitInterrupted {
				t.Fatalf("%v, want exit %d; stderr:\n%s", err, exitInterrupted, errOut.String())
			}
			if took > 2*time.Second {
				t.Errorf("exited %v after SIGINT, want within 2 s", took)
			}
			l := lines(errOut.String())
			if len(l) != 1 || !strings.HasPrefix(l[0], "brainsim: interrupted in rule ") || !strings.Contains(l[0], "rule-task rows finished") {
				t.Errorf("want one line saying which rule, task and seed stopped, got:\n%s", errOut.String())
			}
			t.Logf("exited %v after SIGINT: %s", took, l[0])
		})
	}
}

// TestStreamedOut: with --out the records are written as the run goes
// (several hand-overs in 3 s of quickstart): spikes.csv, the spike arrays
// and the rate traces hold every recorded spike and sample, as the
// population table counts them.
func TestStreamedOut(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "out")
	code, _, stderr := brainsim(t, "run", "quickstart", "--set", "experiment.duration=3s", "--out", dir, "--format", "json", "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res struct {
		Populations []struct {
			Population string `json:"population"`
			Spikes     int64  `json:"spikes"`
		} `json:"populations"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatal(err)
	}
	exc := int64(-1)
	for _, p := range res.Populations {
		if p.Population == "cortex.exc" {
			exc = p.Spikes
		}
	}
	csv, err := os.ReadFile(filepath.Join(dir, "spikes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if rows := int64(strings.Count(string(csv), "\n") - 1); rows != exc || exc < 5000 {
		t.Errorf("spikes.csv has %d spikes, the table %d (quickstart records cortex.exc)", rows, exc)
	}
	for name, want := range map[string][]int{"spikes_step.npy": {int(exc)}, "spikes_neuron.npy": {int(exc)},
		"trace_cortex.exc_rate.npy": {6000, 1}, "trace_cortex.inh_rate_step.npy": {6000}} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		a, err := npy.Read(f)
		f.Close()
		if err != nil || !slices.Equal(a.Shape, want) {
			t.Errorf("%s: shape %v (%v), want %v", name, a.Shape, err, want)
		}
	}
}

// TestStreamedOutSpikesOnly: a run that records spikes and no traces
// (two_regions) publishes its streamed spike files too.
func TestStreamedOutSpikesOnly(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "out")
	code, _, stderr := brainsim(t, "run", "two_regions", "--set", "experiment.duration=1500ms", "--out", dir, "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "spikes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "spikes_step.npy"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := npy.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	if rows := strings.Count(string(csv), "\n") - 1; rows < 10000 || !slices.Equal(a.Shape, []int{rows}) {
		t.Errorf("spikes.csv has %d spikes, spikes_step.npy shape %v", rows, a.Shape)
	}
}
