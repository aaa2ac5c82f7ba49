package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/brainsim/brainsim/dataset"
)

// TestCheckpointResume: a run with --checkpoint and --out is stopped after
// its first checkpoints, by Ctrl-C (which saves one more) or by SIGKILL
// (which leaves the last periodic one and half-written records), and
// resumed: every record file is byte for byte the uninterrupted run's,
// and the results are the same but for the timings.
func TestCheckpointResume(t *testing.T) {
	if testing.Short() {
		t.Skip("runs quickstart for 60 simulated seconds three times")
	}
	t.Parallel()
	tmp := t.TempDir()
	args := []string{"run", "quickstart", "--set", "experiment.duration=60s", "--seed", "4", "--format", "json", "--quiet"}
	whole := filepath.Join(tmp, "whole")
	code, wholeOut, stderr := brainsim(t, append(args, "--out", whole)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, sig := range []os.Signal{os.Interrupt, os.Kill} {
		t.Run(sig.String(), func(t *testing.T) {
			out, ck := filepath.Join(tmp, "out-"+sig.String()), filepath.Join(tmp, "ck-"+sig.String())
			cmd := exec.Command(binary, append(args, "--out", out, "--checkpoint", ck, "--checkpoint-every", "200ms")...)
			var errOut bytes.Buffer
			cmd.Stderr = &errOut
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(20 * time.Second)
			for {
				if _, err := os.Stat(filepath.Join(ck, checkpointFile)); err == nil {
					break
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatal("no checkpoint after 20 s")
				}
				time.Sleep(20 * time.Millisecond)
			}
			time.Sleep(300 * time.Millisecond)
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				t.Fatalf("the run ended before the signal (%v): make it longer", err)
			}
			if sig == os.Interrupt {
				if ee.ExitCode() != exitInterrupted {
					t.Fatalf("exit %d, want %d: %s", ee.ExitCode(), exitInterrupted, errOut.String())
				}
				if l := lines(errOut.String()); len(l) != 1 || !strings.Contains(l[0], "continue with \"brainsim resume "+ck+"\"") {
					t.Errorf("want one line saying how to resume, got:\n%s", errOut.String())
				}
			}
			code, resumedOut, stderr := brainsim(t, "resume", ck, "--quiet")
			if code != 0 {
				t.Fatalf("resume: exit %d: %s", code, stderr)
			}
			if _, err := os.Stat(filepath.Join(ck, checkpointFile)); err == nil {
				t.Error("the checkpoint of the completed run is still there")
			}
			entries, err := os.ReadDir(whole)
			if err != nil {
				t.Fatal(err)
			}
			compared := 0
			for _, e := range entries {
				switch e.Name() {
				case "config.toml", "run.json", "results.json": // name the command or hold timings
					continue
				}
				a, _ := os.ReadFile(filepath.Join(whole, e.Name()))
				b, err := os.ReadFile(filepath.Join(out, e.Name()))
				if err != nil || !bytes.Equal(a, b) {
					t.Errorf("%s differs from the uninterrupted run's (%d and %d bytes, %v)", e.Name(), len(a), len(b), err)
				}
				compared++
			}
			if compared < 8 {
				t.Errorf("compared %d record files", compared)
			}
			left, _ := filepath.Glob(filepath.Join(out, ".*"))
			if sig == os.Interrupt && len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
			if noTimes(t, resumedOut) != noTimes(t, wholeOut) {
				t.Errorf("results differ:\n%s\n%s", resumedOut, wholeOut)
			}
		})
	}
}

// noTimes is the JSON results without the keys that hold timings.
func noTimes(t *testing.T, s string) string {
	var rows []map[string]any
	if err := json.Unmarshal([]byte(s), &rows); err != nil {
		t.Fatalf("%v: %s", err, s)
	}
	for _, r := range rows {
		for _, k := range []string{"build_s", "loop_s", "wall_s", "rtf", "syn_events_per_s", "time_s"} {
			delete(r, k)
		}
	}
	b, _ := json.Marshal(rows)
	return string(b)
}

// TestCheckpointRefusals: what --checkpoint and resume cannot do is said
// in one line, exit 2, before anything runs.
func TestCheckpointRefusals(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	occupied := filepath.Join(tmp, "occupied")
	os.MkdirAll(occupied, 0o755)
	os.WriteFile(filepath.Join(occupied, checkpointFile), []byte("x"), 0o644)
	file := filepath.Join(tmp, "q.toml")
	text, _ := os.ReadFile("../../configs/experiments/quickstart.toml")
	os.WriteFile(file, text, 0o644)
	changed := filepath.Join(tmp, "changed")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "quickstart", "--checkpoint", occupied}, "holds the checkpoint of another run"},
		{[]string{"run", "quickstart", "--checkpoint-every", "1m"}, "with --checkpoint <dir>"},
		{[]string{"resume", filepath.Join(tmp, "none")}, "no such folder"},
		{[]string{"resume", tmp}, "no checkpoint there"},
		{[]string{"resume", occupied}, "not a brainsim checkpoint"},
	} {
		code, _, stderr := brainsim(t, c.args...)
		if l := lines(stderr); code != exitUsage || len(l) > 2 || !strings.Contains(l[0], c.want) {
			t.Errorf("%q: exit %d, %q; want exit 2 and %q", c.args, code, stderr, c.want)
		}
	}
	// A config changed since the checkpoint.
	cmd := exec.Command(binary, "run", file, "--set", "experiment.duration=600s", "--quiet", "--checkpoint", changed, "--checkpoint-every", "100ms")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 1000; i++ {
		if _, err := os.Stat(filepath.Join(changed, checkpointFile)); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Signal(os.Interrupt)
	cmd.Wait()
	os.WriteFile(file, bytes.Replace(text, []byte(`size = 800`), []byte(`size = 801`), 1), 0o644)
	code, _, stderr := brainsim(t, "resume", changed)
	if code != exitUsage || !strings.Contains(stderr, "the config changed since the checkpoint") {
		t.Errorf("resume after the config changed: exit %d, %q", code, stderr)
	}
}

// TestCheckpointResumeTrain: backprop on MNIST (10,000 images, 20 epochs)
// stopped by Ctrl-C after its first checkpoints and resumed gives the
// results of the uninterrupted run.
func TestCheckpointResumeTrain(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on MNIST three times")
	}
	if _, err := dataset.MNISTDir(); err != nil {
		t.Skipf("MNIST not found: %v", err)
	}
	t.Parallel()
	tmp := t.TempDir()
	file := filepath.Join(tmp, "bp.toml")
	os.WriteFile(file, []byte(`[experiment]
name = "bp"
mode = "train"
seed = 5

[[task]]
name = "mnist"
data = "mnist"
train_rows = 10000
test_rows = 1000

[[rule]]
name = "backprop"
rule = "backprop"
hidden = [128]
activation = "relu"
output = "softmax"
epochs = 20
batch = 32
lr = 0.05
`), 0o644)
	args := []string{"run", file, "--format", "json", "--quiet"}
	code, wholeOut, stderr := brainsim(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	ck := filepath.Join(tmp, "ck")
	cmd := exec.Command(binary, append(args, "--checkpoint", ck, "--checkpoint-every", "100ms")...)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		if _, err := os.Stat(filepath.Join(ck, checkpointFile)); err == nil {
			break
		}
		if i == 1000 {
			cmd.Process.Kill()
			t.Fatal("no checkpoint after 20 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	cmd.Process.Signal(os.Interrupt)
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitInterrupted {
		t.Fatalf("%v, want exit %d (make the run longer?): %s", err, exitInterrupted, errOut.String())
	}
	if l := lines(errOut.String()); len(l) != 1 || !strings.Contains(l[0], `checkpoint at rule "backprop" on task "mnist", seed 1 of 1`) {
		t.Errorf("want one line naming the checkpoint, got:\n%s", errOut.String())
	}
	code, resumedOut, stderr := brainsim(t, "resume", ck, "--quiet")
	if code != 0 {
		t.Fatalf("resume: exit %d: %s", code, stderr)
	}
	if noTimes(t, resumedOut) != noTimes(t, wholeOut) {
		t.Errorf("results differ:\n%s\n%s", resumedOut, wholeOut)
	}
}
