package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/internal/sysmem"
)

// oversized are the two experiments of issue 18 that grew until the
// machine ran out of memory: a population of 2·10⁹ neurons with 50
// synapses each, and all_to_all between two populations of 100,000
// (10¹⁰ synapses).
var oversized = map[string]string{
	"huge_population.toml": `[experiment]
name = "huge"
duration = "10ms"

[[region]]
name = "c"

  [[region.population]]
  name = "exc"
  size = 2000000000
  model = "lif"

[[projection]]
name = "ee"
from = "c.exc"
to = "c.exc"
connect = { rule = "fixed_in_degree", n = 50 }
synapse = { kind = "exp_current", weight = "1mV", delay = "1ms" }
`,
	"all_to_all.toml": `[experiment]
name = "a2a"
duration = "10ms"

[[region]]
name = "c"

  [[region.population]]
  name = "a"
  size = 100000
  model = "lif"

  [[region.population]]
  name = "b"
  size = 100000
  model = "lif"

[[projection]]
from = "c.a"
to = "c.b"
connect = { rule = "all_to_all" }
synapse = { kind = "exp_current", weight = "1mV", delay = "1ms" }
`,
}

// TestOversizedRefused: run and validate refuse both oversized experiments
// before building anything, in one line naming the file, the line of the
// projection's connect table, what it needs and what there is, with exit
// 2, within a second of CPU time, with the machine's memory as the limit
// and with --max-memory 20GB. (Their resident size is measured by
// TestOversizedMemory: a child of this large test process reports the
// parent's peak as its own.)
func TestOversizedRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	avail, _ := sysmem.Available()
	for name, src := range oversized {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, cmdName := range []string{"run", "validate"} {
			for _, limit := range []string{"", "20GB"} {
				if limit == "" && name == "all_to_all.toml" && avail > 40e9 {
					t.Logf("%s needs about 40 GB, and this machine has %.0f GB: refused with --max-memory only", name, avail/1e9)
					continue
				}
				args := []string{cmdName, path}
				if limit != "" {
					args = append(args, "--max-memory", limit)
				}
				cmd := exec.Command(binary, args...)
				var out, errOut bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &errOut
				t0 := time.Now()
				err := cmd.Run()
				wall := time.Since(t0)
				var ee *exec.ExitError
				if !errors.As(err, &ee) || ee.ExitCode() != exitUsage {
					t.Errorf("%q: %v, want exit %d; stderr:\n%s", args, err, exitUsage, errOut.String())
					continue
				}
				l := lines(errOut.String())
				if len(l) != 1 || !strings.Contains(l[0], name+":") || !strings.Contains(l[0], "synapses") ||
					!strings.Contains(l[0], "needs about") || !strings.Contains(l[0], " GB") {
					t.Errorf("%q: want one line naming the file, the synapses and the sizes, got:\n%s", args, errOut.String())
				}
				ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
				if cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano()); cpu > time.Second {
					t.Errorf("%q: refused after %v of CPU (%v wall), want under 1 s", args, cpu, wall)
				}
			}
		}
	}
}

// TestOversizedMemory: loading and refusing the oversized experiments
// allocates under 100 MB in all (measured in this process, alone: the
// test is not parallel), so the refusal costs no more than the program's
// start. The binary refuses them with 13-14 MB resident (/usr/bin/time,
// 2026-12-07).
func TestOversizedMemory(t *testing.T) {
	dir := t.TempDir()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for name, src := range oversized {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		a := &app{resolve: configs.Resolve, maxMemory: 20e9}
		if _, err := a.load(path, nil); err == nil || !strings.Contains(err.Error(), "needs about") {
			t.Errorf("%s: %v, want a refusal", name, err)
		}
	}
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 100e6 {
		t.Errorf("loading and refusing both allocated %.0f MB, want under 100 MB", float64(alloc)/1e6)
	}
}
