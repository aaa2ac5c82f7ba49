package configs

import (
	"strings"
	"testing"
)

// TestMemoryEstimate: the estimate of the shipped microcircuit (77,169
// neurons, 2.99·10⁸ synapses with per-synapse weights and delays) lies
// between its stored synapses alone (9 bytes each: 2.69 GB) and 1.5 times
// its measured peak resident size (2.97 GB, BENCHMARKS.md); quickstart
// needs little; and CheckMemory refuses at the key of the largest part.
func TestMemoryEstimate(t *testing.T) {
	mc, err := Resolve("microcircuit", nil)
	if err != nil {
		t.Fatal(err)
	}
	total, largest := mc.MemoryEstimate()
	if total < 2.69e9 || total > 1.5*2.97e9 {
		t.Errorf("microcircuit: estimate %.3g bytes, want within [2.69e9, 4.46e9]", total)
	}
	if !strings.Contains(largest, "L23e->L23e") {
		t.Errorf("microcircuit: largest part %q, want the L23e->L23e projection", largest)
	}
	if err := mc.CheckMemory(4.5e9, ""); err != nil {
		t.Errorf("microcircuit under 4.5 GB: %v", err)
	}
	err = mc.CheckMemory(1e9, "")
	if err == nil || !strings.Contains(err.Error(), "microcircuit.toml:") || !strings.Contains(err.Error(), "1 GB") ||
		!strings.Contains(err.Error(), `projection "L23e->L23e" connect`) {
		t.Errorf("microcircuit under 1 GB: %v", err)
	}
	if err := mc.CheckMemory(-1, ""); err != nil {
		t.Errorf("no limit: %v", err)
	}
	qs, err := Resolve("quickstart", nil)
	if err != nil {
		t.Fatal(err)
	}
	if total, _ := qs.MemoryEstimate(); total > 50e6 {
		t.Errorf("quickstart: estimate %.3g bytes, want below 50 MB", total)
	}
}
