package configs

import (
	"strings"
	"testing"
)

// TestBoltzmannEnvNeedsItsRule: a boltzmann environment with no
// projection learning by a rule it drives is an error naming that rule.
func TestBoltzmannEnvNeedsItsRule(t *testing.T) {
	text, ok := ShippedText("boltzmann_encoder_net")
	if !ok {
		t.Fatal("boltzmann_encoder_net is not shipped")
	}
	src := strings.ReplaceAll(string(text), `plasticity = { rule = "boltzmann", lr = 20.0 }`, `plasticity = { rule = "static" }`)
	_, err := LoadBytes("b.toml", []byte(src), nil)
	if err == nil || !strings.Contains(err.Error(), "a boltzmann environment trains projections with rule boltzmann; this experiment has none") {
		t.Errorf("err = %v", err)
	}
}
