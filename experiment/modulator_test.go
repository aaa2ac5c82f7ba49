package experiment

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/configs"
)

// The five modulators each have a job (configs/reward.go lists them, after
// Doya 2002). Each test below changes one level and checks the documented
// outcome moves in the documented direction; confidence (the inverse
// temperature of action selection) is TestBanditNet's.

// modNet is one input unit clamped to 1 and one output unit clamped to 1
// (as the teacher of the patterns environment), joined by a plastic rate
// synapse of weight 0.5: the activities are constant, so the weight
// change follows the rule's equation exactly.
const modNet = `
[experiment]
name = "modulators"
dt = "1ms"
duration = "100ms"

[[region]]
name = "net"
  [[region.population]]
  name = "in"
  size = 1
  model = "rate"
  transfer = "linear"
  tau = "0ms"
  [[region.population]]
  name = "out"
  size = 1
  model = "rate"
  transfer = "linear"
  tau = "0ms"

[[projection]]
name = "syn"
from = "net.in"
to = "net.out"
connect = { rule = "all_to_all" }
synapse = { kind = "rate", weight = 0.5, delay = "1ms" }
plasticity = %s

[environment]
kind = "patterns"
input = "net.in"
data = "list"
patterns = [[1.0]]
teacher = "net.out"
targets = [[1.0]]
present = "100ms"
%s
`

// weightAfter runs modNet with the plasticity table and the extra tables
// and returns the synapse's final weight.
func weightAfter(t *testing.T, plasticity, extra string) float64 {
	t.Helper()
	f := loadText(t, fmt.Sprintf(modNet, plasticity, extra))
	m, err := Build(f, 1)
	if err != nil {
		t.Fatal(err)
	}
	runModel(t, m)
	return float64(m.projs["syn"].Weights[0])
}

func modulator(name string, level float64) string {
	return fmt.Sprintf("\n[[modulator]]\nname = %q\nlevel = %v\n", name, level)
}

// TestDopamineGates: a three-factor synapse with active pre and post units
// grows under a positive dopamine level, shrinks under a negative one and
// stays put at 0 (Δw = lr·(dopamine − punishment)·e).
func TestDopamineGates(t *testing.T) {
	const rule = `{ rule = "three_factor", lr = 0.01, tau_e = "10ms" }`
	up := weightAfter(t, rule, modulator("dopamine", 0.5))
	zero := weightAfter(t, rule, modulator("dopamine", 0))
	down := weightAfter(t, rule, modulator("dopamine", -0.5))
	t.Logf("dopamine +0.5: w = %.4f; 0: %.4f; -0.5: %.4f", up, zero, down)
	if !(up > 0.5+0.1 && zero == 0.5 && down < 0.5-0.1) {
		t.Errorf("dopamine +0.5 / 0 / -0.5 gave w = %v / %v / %v from 0.5; want up / unchanged / down", up, zero, down)
	}
}

// TestPunishmentDepresses: the punishment level enters the three-factor
// rules with the opposite sign: with dopamine 0 it depresses the eligible
// synapse, and it cancels an equal dopamine level.
func TestPunishmentDepresses(t *testing.T) {
	const rule = `{ rule = "three_factor", lr = 0.01, tau_e = "10ms" }`
	down := weightAfter(t, rule, modulator("punishment", 0.5))
	both := weightAfter(t, rule, modulator("punishment", 0.5)+modulator("dopamine", 0.5))
	t.Logf("punishment 0.5: w = %.4f; with dopamine 0.5 too: %.4f", down, both)
	if !(down < 0.5-0.1) || both != 0.5 {
		t.Errorf("punishment 0.5 gave w = %v (want below 0.4), with dopamine 0.5 %v (want 0.5)", down, both)
	}
}

// TestSurpriseScalesLearning: the surprise level scales the learning rate
// of the activity rules by 1 + surprise: a Hebbian synapse with constant
// activities 1 and 1 gains lr per update, twice that at surprise 1 and
// nothing at surprise −1.
func TestSurpriseScalesLearning(t *testing.T) {
	const rule = `{ rule = "hebb", lr = 0.001 }`
	base := weightAfter(t, rule, "")
	fast := weightAfter(t, rule, modulator("surprise", 1))
	off := weightAfter(t, rule, modulator("surprise", -1))
	d0, d1 := base-0.5, fast-0.5
	t.Logf("surprise 0: Δw = %.6f; 1: %.6f; -1: %.6f", d0, d1, off-0.5)
	if math.Abs(d1/d0-2) > 1e-3 || off != 0.5 || !(d0 > 0) {
		t.Errorf("Δw %v at surprise 0, %v at 1 (want twice), %v at -1 (want 0)", d0, d1, off-0.5)
	}
}

// TestDiscountSetsGamma: the discount level is γ of td critics. With γ <
// 1 the learnt prediction at the cue is discounted over the 13 steps to
// the reward, so the dopamine response to the cue falls from ~1 (γ = 1)
// to about γ^13 (0.254 at γ = 0.9), whatever the td rule's own keys.
func TestDiscountSetsGamma(t *testing.T) {
	src := string(mustShipped(t, "td_conditioning_net"))
	src = strings.Replace(src, "gamma = 1.0, ", "", 1)
	atCue := func(extra string) float64 {
		f := loadText(t, src+extra)
		r := run(t, f)
		return table(t, r, "conditioning:").Rows[0][4].(float64)
	}
	one := atCue(modulator("discount", 1))
	low := atCue(modulator("discount", 0.9))
	t.Logf("dopamine at the cue after acquisition: γ = 1: %.3f; γ = 0.9: %.3f (0.9^13 = %.3f)", one, low, math.Pow(0.9, 13))
	if !(one > 0.9) || math.Abs(low-math.Pow(0.9, 13)) > 0.05 {
		t.Errorf("cue response %.3f at discount 1 (want > 0.9), %.3f at 0.9 (want %.3f ± 0.05)", one, low, math.Pow(0.9, 13))
	}
}

func mustShipped(t *testing.T, name string) []byte {
	t.Helper()
	b, ok := configs.ShippedText(name)
	if !ok {
		t.Fatalf("no shipped experiment %s", name)
	}
	return b
}
