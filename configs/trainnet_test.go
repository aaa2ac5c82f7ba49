package configs

import (
	"strings"
	"testing"

	"github.com/brainsim/brainsim/registry"
)

// trainNetSrc is a train-mode file with a network 4 -> 3 -> 2 on xor.
const trainNetSrc = `[experiment]
name = "n"
mode = "train"

[[task]]
name = "xor"
data = "xor"

[[region]]
name = "net"

  [[region.population]]
  name = "in"
  size = 2
  model = "rate"
  transfer = "linear"

  [[region.population]]
  name = "hid"
  size = 3
  model = "rate"
  transfer = "sigmoid"

  [[region.population]]
  name = "out"
  size = 1
  model = "rate"
  transfer = "sigmoid"

[[projection]]
name = "a"
from = "net.in"
to = "net.hid"
connect = { rule = "all_to_all" }

[[projection]]
name = "b"
from = "net.hid"
to = "net.out"
connect = { rule = "all_to_all" }
synapse = { kind = "rate", weight = { normal = [0, 0.1] } }

[[rule]]
name = "bp"
rule = "backprop"
epochs = 10
`

// TestTrainNet: a train-mode file's populations and projections load as
// a registry.Net, input to output.
func TestTrainNet(t *testing.T) {
	t.Parallel()
	f, err := LoadBytes("n.toml", []byte(trainNetSrc), nil)
	if err != nil {
		t.Fatal(err)
	}
	n := f.Net()
	if n == nil || len(n.Layers) != 3 || len(n.Proj) != 2 {
		t.Fatalf("net %+v", n)
	}
	if l := n.Layers; l[0].Name != "net.in" || l[1].Size != 3 || l[1].Transfer != "sigmoid" || l[2].Name != "net.out" {
		t.Errorf("layers %+v", l)
	}
	// The rule's layer keys show the network's layers (the effective
	// config writes them).
	for _, k := range registry.ParamsOf(f.Rule[0].Params) {
		if want := map[string]string{"hidden": "[3]", "activation": `"sigmoid"`, "output": `"sigmoid_mse"`}[k.Key]; want != "" && k.Default != want {
			t.Errorf("rule key %s = %s, want %s", k.Key, k.Default, want)
		}
	}
	if p := n.Proj; p[0].Init != nil || p[1].Init == nil || p[1].Init.Kind != "normal" || p[1].Init.B != 0.1 || p[1].Connect != "all_to_all" {
		t.Errorf("projections %+v, %+v", p[0], p[1].Init)
	}
}

// TestTrainNetErrors: what train mode cannot build is an error at the
// key's line.
func TestTrainNetErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		old, new string
		line     int
		want     string
	}{
		{"spiking model", "model = \"rate\"\n  transfer = \"linear\"", "model = \"lif\"", 15, `want model = "rate"`},
		{"simulate key", "transfer = \"linear\"", "transfer = \"linear\"\n  tau = \"5ms\"", 17, "train mode reads a population's name, size, model, transfer only; tau"},
		{"connector", `connect = { rule = "all_to_all" }` + "\n\n[[projection]]\nname = \"b\"", `connect = { rule = "probability", p = 0.5 }` + "\n\n[[projection]]\nname = \"b\"", 34, `train mode joins layers all_to_all or one_to_one, got "probability"`},
		{"synapse kind", `kind = "rate"`, `kind = "exp_current"`, 41, `want kind = "rate" or none`},
		{"weight unit", `weight = { normal = [0, 0.1] }`, `weight = "1nA"`, 41, "the weights of rate units are numbers"},
		{"branch", "from = \"net.hid\"", "from = \"net.in\"", 38, `"net.in" already projects to "net.hid"`},
		{"plasticity", "name = \"b\"\n", "name = \"b\"\nplasticity = { rule = \"stdp\", w_max = 1 }\n", 38, "plasticity is for simulate mode"},
		{"record", "[[rule]]", "[[record]]\npopulation = \"net.out\"\nvariable = \"r\"\n\n[[rule]]", 43, "[[record]] is for simulate mode"},
		{"rule shape", `rule = "backprop"`, `rule = "rbm"`, 43, "rule rbm"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if !strings.Contains(trainNetSrc, c.old) {
				t.Fatalf("no %q in the source", c.old)
			}
			src := strings.Replace(trainNetSrc, c.old, c.new, 1)
			_, err := LoadBytes("n.toml", []byte(src), nil)
			if err == nil {
				t.Fatal("no error")
			}
			for _, e := range Errors(err) {
				if strings.Contains(e.Error(), c.want) {
					if e.Line != c.line {
						t.Errorf("line %d, want %d: %v", e.Line, c.line, e)
					}
					return
				}
			}
			t.Errorf("no error contains %q; got:\n%v", c.want, err)
		})
	}
}
