package main

import (
	"encoding/json"
	"fmt"
	"github.com/brainsim/brainsim/configs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/registry"
)

// majorityParams are the keys of the toy rule below.
type majorityParams struct {
	Epochs *int    `toml:"epochs" doc:"required, unused"`
	Bias   float64 `toml:"bias" doc:"added to the toy metric"`
}

// The toy rule of TestPluginRule, registered from this test file alone:
// it predicts the most frequent class and reports its accuracy and a
// metric of its own.
func init() {
	registry.DescribeMetric("toy_share", "the toy rule's bias plus the majority class's share")
	registry.RegisterRule(registry.Rule{
		Name:   "toy_majority",
		Doc:    "predicts the most frequent class of the training set",
		Needs:  []string{registry.CapPatterns},
		Params: func() any { return &majorityParams{Bias: 0.5} },
		Check: func(p any, c *registry.Check) {
			if m := p.(*majorityParams); m.Epochs == nil {
				c.Errf("epochs", "required")
			} else if m.Bias < 0 {
				c.Errf("bias", "must be >= 0, got %v", m.Bias)
			}
		},
		Train: func(p any, r *registry.Run) error {
			set := r.Task.Train
			counts := map[int]int{}
			best := 0
			for _, y := range set.Y {
				counts[y]++
				if counts[y] > counts[best] || (counts[y] == counts[best] && y < best) {
					best = y
				}
			}
			acc := func(s dataset.Set) float64 {
				ok := 0
				for _, y := range s.Y {
					if y == best {
						ok++
					}
				}
				return float64(ok) / float64(s.Rows)
			}
			r.Classified(acc, *p.(*majorityParams).Epochs)
			r.Add(registry.Scalar("toy_share", p.(*majorityParams).Bias+acc(set)))
			return nil
		},
	})
}

// TestPluginRule: a rule registered from a test file alone runs from a
// TOML file through the CLI's code path (validation, run, table and
// JSON), with its own keys checked and its own metric in the rows; its
// entry shows in brainsim list rules.
func TestPluginRule(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "toy.toml")
	src := `[experiment]
name = "toy"
mode = "train"
seeds = 2

[[task]]
name = "and"
data = "and"

[[rule]]
name = "majority"
rule = "toy_majority"
epochs = 3
bias = 1.0
`
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	ra := newRealApp()
	if code := ra.exec("run", file, "--format", "json"); code != 0 {
		t.Fatalf("exit %d: %s", code, ra.errOut.String())
	}
	var rows []map[string]any
	if err := json.Unmarshal(ra.out.Bytes(), &rows); err != nil {
		t.Fatalf("%v\n%s", err, ra.out.String())
	}
	// AND has 3 zeros of 4: the majority class is right on 3/4.
	if len(rows) != 1 || rows[0]["kind"] != "toy_majority" || rows[0]["accuracy"] != 0.75 || rows[0]["toy_share"] != 1.75 || rows[0]["solved"] != 0.0 {
		t.Errorf("rows %v", rows)
	}
	for k, v := range rows[0] {
		if v == nil {
			t.Errorf("key %s is null", k)
		}
	}
	ra = newRealApp()
	if code := ra.exec("run", file); code != 0 || !strings.Contains(ra.out.String(), "toy_share") || !strings.Contains(ra.out.String(), "majority") {
		t.Errorf("table: exit %d\n%s%s", code, ra.out.String(), ra.errOut.String())
	}
	ra = newRealApp()
	if code := ra.exec("validate", file, "--set", "rule.majority.bias=-1"); code != exitUsage || !strings.Contains(ra.errOut.String(), "rule[0].bias: must be >= 0, got -1") {
		t.Errorf("validate: exit %d, %s", code, ra.errOut.String())
	}
	ra = newRealApp()
	if code := ra.exec("validate", file, "--set", "rule.majority.bais=1"); code != exitUsage || !strings.Contains(ra.errOut.String(), `unknown key "bais" of rule toy_majority (allowed: name, rule, epochs, bias)`) {
		t.Errorf("validate: exit %d, %s", code, ra.errOut.String())
	}
	ra = newRealApp()
	if code := ra.exec("list", "rules", "--format", "csv"); code != 0 || !strings.Contains(ra.out.String(), "toy_majority") || !strings.Contains(ra.out.String(), ",bias,number,0.5,") {
		t.Errorf("list rules: exit %d\n%s", code, ra.out.String())
	}
}

// TestShowRuns: brainsim show cuba > my.toml && brainsim run my.toml gives
// what brainsim run cuba gives, and that is the CUBA network of Brette et
// al. 2007: its excitatory rate on seed 1 lies within Brian2 2.5.1's range
// over 10 seeds, [5.33, 6.36] Hz (bench/brian2_brette_10seeds.jsonl).
func TestShowRuns(t *testing.T) {
	t.Parallel()
	ra := newRealApp()
	if code := ra.exec("show", "cuba"); code != 0 {
		t.Fatalf("show: exit %d: %s", code, ra.errOut.String())
	}
	file := filepath.Join(t.TempDir(), "my.toml")
	if err := os.WriteFile(file, ra.out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	rows := func(arg string) []map[string]any {
		ra := newRealApp()
		if code := ra.exec("run", arg, "--format", "json"); code != 0 {
			t.Fatalf("run %s: exit %d: %s", arg, code, ra.errOut.String())
		}
		var out []map[string]any
		if err := json.Unmarshal(ra.out.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		for _, r := range out {
			for _, k := range []string{"build_s", "loop_s", "wall_s", "rtf", "syn_events_per_s"} {
				delete(r, k)
			}
		}
		return out
	}
	a, b := rows("cuba"), rows(file)
	if r, _ := a[0]["rate_hz"].(float64); a[0]["population"] != "cortex.exc" || r < 5.33 || r > 6.36 {
		t.Errorf("cuba exc rate %v Hz (row %v), want within Brian2's [5.33, 6.36]", r, a[0])
	}
	if ja, jb := fmt.Sprint(a), fmt.Sprint(b); ja != jb {
		t.Errorf("run cuba:\n%s\nrun my.toml:\n%s", ja, jb)
	}
	ra = newRealApp()
	if code := ra.exec("show", "nosuch"); code != exitUsage || !strings.Contains(ra.errOut.String(), "no shipped experiment") {
		t.Errorf("show nosuch: exit %d, %s", code, ra.errOut.String())
	}
}

// TestValidateVariants: validate loads every [[variant]] as run does, so
// a variant that run would refuse fails validate, naming the variant.
func TestValidateVariants(t *testing.T) {
	t.Parallel()
	text, ok := configs.ShippedText("compare_rules_mnist")
	if !ok {
		t.Fatal("compare_rules_mnist is not shipped")
	}
	bad := strings.Replace(string(text), `"region.net.population.hidden.transfer=sigmoid"`, `"region.net.population.hidden.transfer=relu"`, 1)
	file := filepath.Join(t.TempDir(), "crm.toml")
	if err := os.WriteFile(file, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	ra := newRealApp()
	if code := ra.exec("validate", "compare_rules_mnist"); code != 0 || !strings.Contains(ra.out.String(), "5 variants") {
		t.Errorf("shipped: exit %d, %q %q", code, ra.out.String(), ra.errOut.String())
	}
	ra = newRealApp()
	if code := ra.exec("validate", file); code != exitUsage || !strings.Contains(ra.errOut.String(), `rule rbm's hidden units`) ||
		!strings.Contains(ra.errOut.String(), `(in variant "rbm-500")`) {
		t.Errorf("bad variant: exit %d, stderr %q", code, ra.errOut.String())
	}
}
