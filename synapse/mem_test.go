package synapse_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/brainsim/brainsim/synapse"
)

// The peak resident memory of building a network's projections is measured
// in a fresh process (this test binary run again for TestPeakRSSChild), as
// the kernel's VmHWM: everything the process ever held at once, runtime and
// garbage included.

const rssChildEnv = "BRAINSIM_RSS_CHILD"

// TestBuildPeakRSS builds the 4 projections of a CUBA-like network of 256k
// neurons (in-degree 80: 20.5e6 synapses, constant weights and delay) in a
// fresh process and asserts that the process's peak resident memory is at
// most 12 bytes a synapse (the budget: 245 MB for the process).
//
// BRAINSIM_RSS_SIZES (neurons, comma-separated) and BRAINSIM_RSS_MODES
// (const, normal; ref-const, ref-normal: the old Build; indegree-const,
// ref-indegree-const and the like: fixed_in_degree 64 + 16 instead of
// probability) measure more, for the record; run with -v to see the
// figures.
func TestBuildPeakRSS(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 20.5e6 synapses in a child process")
	}
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc/self/status")
	}
	sizes, modes := []string{"256000"}, []string{"const"}
	if s := os.Getenv("BRAINSIM_RSS_SIZES"); s != "" {
		sizes = strings.Split(s, ",")
	}
	if s := os.Getenv("BRAINSIM_RSS_MODES"); s != "" {
		modes = strings.Split(s, ",")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	for _, n := range sizes {
		for _, mode := range modes {
			cmd := exec.Command(exe, "-test.run=^TestPeakRSSChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), rssChildEnv+"="+n+" "+mode)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("child %s %s: %v\n%s", n, mode, err, out)
			}
			f := map[string]float64{}
			for line := range strings.Lines(string(out)) {
				if rest, ok := strings.CutPrefix(line, "rss "); ok {
					for _, kv := range strings.Fields(rest) {
						k, v, _ := strings.Cut(kv, "=")
						f[k], _ = strconv.ParseFloat(v, 64)
					}
				}
			}
			syn := f["synapses"]
			if syn == 0 {
				t.Fatalf("child %s %s: no figures in\n%s", n, mode, out)
			}
			peak := f["peak_kb"] * 1024
			t.Logf("n=%s %s: %.0f synapses, build %.3f s (%.1f ns/synapse), peak RSS %.1f MB (%.2f bytes/synapse; %.1f MB before building), resident %.2f bytes/synapse",
				n, mode, syn, f["build_ns"]/1e9, f["build_ns"]/syn, peak/1e6, peak/syn, f["base_kb"]*1024/1e6, f["bytes"]/syn)
			if mode == "const" && n == "256000" && peak/syn > 12 {
				t.Errorf("n=%s: peak RSS %.1f MB is %.2f bytes a synapse, want at most 12", n, peak/1e6, peak/syn)
			}
		}
	}
}

// TestPeakRSSChild is the child of TestBuildPeakRSS: it builds the CUBA
// projections of the size and mode in its environment and prints the
// figures.
func TestPeakRSSChild(t *testing.T) {
	arg := os.Getenv(rssChildEnv)
	if arg == "" {
		t.Skip("run by TestBuildPeakRSS")
	}
	ns, mode, _ := strings.Cut(arg, " ")
	n, err := strconv.Atoi(ns)
	if err != nil {
		t.Fatal(err)
	}
	ref, random := strings.HasPrefix(mode, "ref-"), strings.HasSuffix(mode, "normal")
	specs := cubaSpecs(n, random)
	if strings.Contains(mode, "indegree") {
		// The same in-degree, fixed: 64 from exc, 16 from inh.
		for k := range specs {
			specs[k].Connector = synapse.FixedInDegree{N: 80 * specs[k].NPre / n}
		}
	}
	base := vmHWM(t)
	start := time.Now()
	var syn, bytes int64
	var keep []any
	for k, spec := range specs {
		if ref {
			p, err := buildReference(spec, 0.1, newRand(uint64(k)))
			if err != nil {
				t.Fatal(err)
			}
			syn += int64(len(p.Targets))
			bytes += int64(8*cap(p.Offsets) + 4*cap(p.Targets) + 4*cap(p.Weights) + 2*cap(p.Delays))
			keep = append(keep, p)
			continue
		}
		p, err := synapse.Build(spec, 0.1, newRand(uint64(k)))
		if err != nil {
			t.Fatal(err)
		}
		syn += int64(p.Len())
		bytes += p.Bytes()
		keep = append(keep, p)
	}
	el := time.Since(start)
	peak := vmHWM(t)
	fmt.Printf("rss synapses=%d build_ns=%d base_kb=%d peak_kb=%d bytes=%d\n", syn, el.Nanoseconds(), base, peak, bytes)
	runtime.KeepAlive(keep)
}

// vmHWM is the peak resident set size of this process in kB.
func vmHWM(t *testing.T) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb
		}
	}
	t.Fatal("no VmHWM in /proc/self/status")
	return 0
}

// TestCUBABytes: the projections of a CUBA-like network of 64k neurons
// (in-degree 80, 5.1e6 synapses) hold at most 4.5 bytes a synapse with
// constant weights (a 4-byte target and its share of the row offsets) and 9
// with random weights and a shared delay.
func TestCUBABytes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		random bool
		limit  float64
	}{{false, 4.5}, {true, 9}} {
		var syn, bytes int64
		for k, spec := range cubaSpecs(64000, tc.random) {
			p, err := synapse.Build(spec, 0.1, newRand(uint64(k)))
			if err != nil {
				t.Fatal(err)
			}
			if (p.Weights != nil) != tc.random || p.Delays != nil || p.Delays8 != nil {
				t.Fatalf("%s: got per-synapse weights %v, delays %v; want weights %v, no delays", spec.Name, p.Weights != nil, p.Delays != nil || p.Delays8 != nil, tc.random)
			}
			t.Logf("random weights %v: %s: %d synapses, %.3f bytes/synapse", tc.random, spec.Name, p.Len(), float64(p.Bytes())/float64(p.Len()))
			syn += int64(p.Len())
			bytes += p.Bytes()
		}
		if b := float64(bytes) / float64(syn); b > tc.limit {
			t.Errorf("random weights %v: %.3f bytes a synapse, want at most %v", tc.random, b, tc.limit)
		}
	}
}
