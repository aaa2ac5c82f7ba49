package configs

import (
	"strings"
	"testing"
)

// trainBase is a train-mode file: [[task]] on line 6, [[rule]] on line 10,
// its keys from line 11 on.
const trainBase = `[experiment]
name = "t"
mode = "train"
seeds = 3

[[task]]
name = "xor"
data = "xor"

[[rule]]
`

func trainRule(keys ...string) string { return trainBase + strings.Join(keys, "\n") + "\n" }

func TestTrainValid(t *testing.T) {
	t.Parallel()
	src := trainBase + "rule = \"backprop\"\nepochs = 100\n\n[[rule]]\nrule = \"perceptron\"\nepochs = 10\n\n" +
		"[[rule]]\nname = \"bm\"\nrule = \"boltzmann\"\nepochs = 5\n\n[[task]]\nname = \"p3\"\ndata = \"parity\"\nbits = 3\n"
	f, err := LoadBytes("train.toml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.Experiment.Mode != ModeTrain || *f.Experiment.Seeds != 3 || f.Experiment.Duration != nil {
		t.Errorf("experiment: %+v", f.Experiment)
	}
	if len(f.Task) != 2 || f.Task[1].Params == nil || len(f.Rule) != 3 {
		t.Fatalf("tasks %+v rules %+v", f.Task, f.Rule)
	}
	for i, want := range []string{"backprop", "perceptron", "bm"} {
		if r := f.Rule[i]; r.Name != want || r.Params == nil {
			t.Errorf("rule %d: %+v, want name %s and its params", i, r, want)
		}
	}
	// The default seeds and the shipped experiment.
	g, err := LoadBytes("train.toml", []byte(strings.Replace(trainRule(`rule = "delta"`, "epochs = 5"), "seeds = 3\n", "", 1)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if *g.Experiment.Seeds != 1 {
		t.Errorf("default seeds %d", *g.Experiment.Seeds)
	}
	for _, name := range []string{"minsky_papert", "boltzmann_encoder"} {
		if _, err := Resolve(name, nil); err != nil {
			t.Error(err)
		}
	}
}

func TestTrainErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		src   string
		line  int
		key   string
		words []string
	}{
		{"key of another rule", trainRule(`rule = "perceptron"`, "epochs = 10", "momentum = 0.5"), 13, "rule[0].momentum",
			[]string{`unknown key "momentum" of rule perceptron`, "allowed: name, rule, epochs, lr"}},
		{"boltzmann lr", trainRule(`rule = "boltzmann"`, "epochs = 10", "lr = 0.5"), 13, "rule[0].lr",
			[]string{`unknown key "lr" of rule boltzmann`, "hidden"}},
		{"unknown rule", trainRule(`rule = "hebb"`, "epochs = 10"), 11, "rule[0].rule",
			[]string{`unknown rule "hebb"`, "backprop, boltzmann", "perceptron"}},
		{"missing epochs", trainRule(`rule = "delta"`), 10, "rule[0].epochs", []string{"required"}},
		{"zero epochs", trainRule(`rule = "delta"`, "epochs = 0"), 12, "rule[0].epochs", []string{"must be > 0"}},
		{"negative lr", trainRule(`rule = "backprop"`, "epochs = 1", "lr = -1"), 13, "rule[0].lr", []string{"must be > 0"}},
		{"bad activation", trainRule(`rule = "backprop"`, "epochs = 1", `activation = "elu"`), 13, "rule[0].activation",
			[]string{`unknown activation "elu"`, "sigmoid, tanh, relu"}},
		{"bad output", trainRule(`rule = "backprop"`, "epochs = 1", `output = "hinge"`), 13, "rule[0].output",
			[]string{`unknown output "hinge"`, "softmax"}},
		{"zero hidden layer", trainRule(`rule = "backprop"`, "epochs = 1", "hidden = [4, 0]"), 13, "rule[0].hidden[1]",
			[]string{"layer size must be >= 1"}},
		{"bad connectivity", trainRule(`rule = "boltzmann"`, "epochs = 1", `connectivity = "sparse"`), 13, "rule[0].connectivity",
			[]string{`unknown connectivity "sparse"`, "full, encoder"}},
		{"encoder connectivity on xor", trainRule(`rule = "boltzmann"`, "epochs = 1", `connectivity = "encoder"`), 13, "rule[0].connectivity",
			[]string{"needs encoder tasks", `task "xor" has data "xor"`}},
		{"connectivity on backprop", trainRule(`rule = "backprop"`, "epochs = 1", `connectivity = "full"`), 13, "rule[0].connectivity",
			[]string{`unknown key "connectivity" of rule backprop`}},
		{"boltzmann hidden list", trainRule(`rule = "boltzmann"`, "epochs = 1", "hidden = [2, 2]"), 13, "rule[0].hidden",
			[]string{"one number of hidden units"}},
		{"duplicate rule name", trainRule(`rule = "delta"`, "epochs = 1", "", "[[rule]]", `rule = "delta"`, "epochs = 2"), 14, "rule[1].name",
			[]string{`duplicate rule name "delta"`}},
		{"unknown data", strings.Replace(trainRule(`rule = "delta"`, "epochs = 1"), `data = "xor"`, `data = "nand"`, 1), 8, "task[0].data",
			[]string{`unknown data "nand"`, "and, bandit, conditioning, encoder"}},
		{"parity without bits", strings.Replace(trainRule(`rule = "delta"`, "epochs = 1"), `data = "xor"`, `data = "parity"`, 1), 6, "task[0].bits",
			[]string{"required for data parity"}},
		{"bits on xor", strings.Replace(trainRule(`rule = "delta"`, "epochs = 1"), `data = "xor"`, "data = \"xor\"\nbits = 3", 1), 9, "task[0].bits",
			[]string{`unknown key "bits" of data xor`, "allowed: name, data, seeds, reference"}},
		{"missing task name", strings.Replace(trainRule(`rule = "delta"`, "epochs = 1"), "name = \"xor\"\n", "", 1), 6, "task[0].name",
			[]string{"required"}},
		{"seeds zero", strings.Replace(trainRule(`rule = "delta"`, "epochs = 1"), "seeds = 3", "seeds = 0", 1), 4, "experiment.seeds",
			[]string{"must be >= 1"}},
		{"no rule", trainBase[:strings.Index(trainBase, "[[rule]]")], 0, "rule", []string{"train mode needs at least one [[rule]]"}},
		{"tasks in simulate mode", strings.Replace(trainRule(`rule = "delta"`, "epochs = 1"), "mode = \"train\"\n", "duration = \"1s\"\n", 1), 6, "task[0]",
			[]string{`set mode = "train"`}},
		{"unknown mode", strings.Replace(trainRule(`rule = "delta"`, "epochs = 1"), `mode = "train"`, `mode = "learn"`, 1), 3, "experiment.mode",
			[]string{`unknown mode "learn"`, "simulate, train"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			wantError(t, c.src, c.line, c.key, c.words...)
		})
	}
}
