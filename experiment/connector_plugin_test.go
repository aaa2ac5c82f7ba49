package experiment

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/registry"
)

// shiftConnector connects unit i to unit (i + shift) mod the target's size.
type shiftConnector struct{ shift int }

func (c shiftConnector) Connect(nPre, nPost int, _ bool, _ *rand.Rand) (pre, post []uint32, err error) {
	for i := range nPre {
		pre = append(pre, uint32(i))
		post = append(post, uint32((i+c.shift)%nPost))
	}
	return pre, post, nil
}

// toyShift are the keys of the test's connection rule toy_shift.
type toyShift struct {
	Shift int `toml:"shift" doc:"how far each unit's target is shifted"`
}

func init() {
	registry.RegisterConnector(registry.Connector{
		Name:   "toy_shift",
		Doc:    "unit i to unit i + shift (a test plug-in)",
		Params: func() any { return &toyShift{Shift: 1} },
		Check: func(pa any, c *registry.Check) {
			if p := pa.(*toyShift); p.Shift < 0 {
				c.Errf("shift", "must be >= 0, got %d", p.Shift)
			}
		},
		Build: func(pa any, _ *registry.ConnectBuild) (registry.Connection, error) {
			return registry.Connection{Connector: shiftConnector{pa.(*toyShift).Shift}}, nil
		},
	})
}

// TestConnectorPlugin: a connection rule registered outside package
// connectors is a rule of the file format like the shipped ones: its keys
// decode strictly, its check places errors at its keys, and it builds.
func TestConnectorPlugin(t *testing.T) {
	t.Parallel()
	net := inputNet + `
[[projection]]
name = "ring"
from = "c.cells"
to = "c.cells"
connect = { rule = "toy_shift", shift = 3 }
synapse = { kind = "delta", weight = "0.1mV", delay = "1ms" }
`
	m, err := Build(loadText(t, net), 1)
	if err != nil {
		t.Fatal(err)
	}
	q := m.projs["ring"]
	if q == nil || q.Len() != 1000 {
		t.Fatalf("ring: %v synapses, want 1000", q)
	}
	for _, c := range []struct{ set, want string }{
		{"projection.ring.connect.shift=-1", `projection "ring" connect.shift: must be >= 0, got -1`},
		{"projection.ring.connect.shfit=1", `unknown key "shfit" of rule toy_shift (allowed: rule, shift)`},
	} {
		if _, err := configs.LoadBytes("test.toml", []byte(net), []string{c.set}); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("--set %s: %v, want %q", c.set, err, c.want)
		}
	}
}
