package rules

import (
	"slices"
	"strings"
	"testing"

	"github.com/brainsim/brainsim/configs"
	_ "github.com/brainsim/brainsim/tasks"
)

// load loads a train-mode file with one task of data and the rules.
func load(t *testing.T, data, rules string) (*configs.File, error) {
	t.Helper()
	return configs.LoadBytes("r.toml", []byte("[experiment]\nname = \"r\"\nmode = \"train\"\n[[task]]\nname = \"t\"\ndata = \""+data+"\"\n"+rules), nil)
}

// TestDefaults: bare rules get their documented defaults, filled by the
// protocol or the task where they depend on them: the SRC protocol of
// Tadros et al. 2022 for the continual rules (784-1200-1200-10, lr 0.1,
// momentum 0.5, batch 100, dropout 0.25, 5000 images per task, 15000
// sleep steps), the PyTorch reproduction's with protocol = "pytorch",
// α 0.3 and γ 1 for td, the actor-critic's and Q-learning's constants.
func TestDefaults(t *testing.T) {
	t.Parallel()
	f, err := load(t, "split_mnist", "[[rule]]\nrule = \"src\"\nepochs = 2\n[[rule]]\nrule = \"replay\"\nepochs = 2\n"+
		"[[rule]]\nrule = \"sleep\"\nname = \"py\"\nepochs = 2\nprotocol = \"pytorch\"\nsleep_phases = [\"src\"]\n")
	if err != nil {
		t.Fatal(err)
	}
	src := f.Rule[0].Params.(*srcRuleParams)
	if *src.LR != 0.1 || src.Momentum != 0.5 || src.Batch != 100 || src.Dropout != 0.25 || src.PerTask != 5000 ||
		*src.SleepSteps != 15000 || !slices.Equal(src.Hidden, []int{1200, 1200}) || src.Output != "relu_mse" {
		t.Errorf("src defaults: %+v %+v", src.continualParams, src.srcParams)
	}
	if r := f.Rule[1].Params.(*replayParams); r.ReplayPerClass != 100 {
		t.Errorf("replay_per_class default %d, want 100", r.ReplayPerClass)
	}
	py := f.Rule[2].Params.(*sleepParams)
	if *py.LR != 0.01 || !slices.Equal(py.Hidden, []int{4000, 4000}) || py.Output != "softmax" || *py.SleepSteps != 300 || *py.SleepInc != 0.001 {
		t.Errorf("pytorch defaults: %+v %+v", py.continualParams, py.srcParams)
	}

	f, err = load(t, "conditioning", "[[rule]]\nrule = \"td\"\nepochs = 10\n")
	if err != nil {
		t.Fatal(err)
	}
	if td := f.Rule[0].Params.(*tdParams); td.LR != 0.3 || td.Gamma != 1 || td.Lambda != 0 || td.PNG != "" || f.Rule[0].Name != "td" {
		t.Errorf("td defaults: %+v", td)
	}
	f, err = load(t, "gridworld", "[[rule]]\nrule = \"actor_critic\"\nepochs = 10\n[[rule]]\nrule = \"q_learning\"\nepochs = 10\n")
	if err != nil {
		t.Fatal(err)
	}
	ac, q := f.Rule[0].Params.(*actorCriticParams), f.Rule[1].Params.(*qParams)
	if ac.LR != 0.1 || ac.CriticLR != 0.1 || ac.Gamma != 0.95 || ac.Beta != 1 || ac.BetaTau != 0 || ac.Actor != "softmax" {
		t.Errorf("actor_critic defaults: %+v", ac)
	}
	if q.LR != nil || q.Epsilon != 0.1 || q.Gamma != 0.95 || q.QInit != 0 {
		t.Errorf("q_learning defaults: %+v", q)
	}

	f, err = load(t, "xor", "[[rule]]\nrule = \"backprop\"\nepochs = 5\n[[rule]]\nrule = \"boltzmann\"\nepochs = 5\n")
	if err != nil {
		t.Fatal(err)
	}
	bp, bm := f.Rule[0].Params.(*backpropParams), f.Rule[1].Params.(*boltzmannParams)
	if bp.LR != 0.5 || bp.Momentum != 0.9 || bp.Batch != 0 || !slices.Equal(bp.Hidden, []int{4}) || bp.Activation != "sigmoid" || bp.Output != "sigmoid_mse" {
		t.Errorf("backprop defaults: %+v", bp)
	}
	if !slices.Equal(bm.Hidden, []int{2}) || bm.Connectivity != "full" {
		t.Errorf("boltzmann defaults: %+v", bm)
	}
	f, err = load(t, "mnist", "[[rule]]\nname = \"deep net\"\nrule = \"dbn\"\nepochs = 1\ndream = 2\n")
	if err != nil {
		t.Fatal(err)
	}
	if d := f.Rule[0].Params.(*dbnParams); d.PNG != "deep_net.png" || d.ReadoutEpochs != 10 || !slices.Equal(d.Hidden, []int{500, 500, 2000}) {
		t.Errorf("dbn defaults: %+v", d)
	}
}

// TestChecks: each family's checks name the key and what is allowed;
// a rule runs only on the tasks that provide what it needs.
func TestChecks(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ data, rule, want string }{
		{"split_mnist", "rule = \"backprop\"\nepochs = 1", `rule backprop runs on data = "and", "encoder", "mnist", "or", "parity" or "xor" only`},
		{"mnist", "rule = \"ewc\"\nepochs = 1", `rule ewc runs on data = "split_mnist" only`},
		{"split_mnist", "rule = \"src\"\nepochs = 1\ndropout = 1.0", "rule[0].dropout: 1 is outside [0, 1)"},
		{"split_mnist", "rule = \"src\"\nepochs = 1\nreplay_per_class = 5", `unknown key "replay_per_class" of rule src`},
		{"split_mnist", "rule = \"sleep\"\nepochs = 1", "rule[0].sleep_phases: rule sleep needs at least one phase"},
		{"split_mnist", "rule = \"sleep\"\nepochs = 1\nsleep_phases = [\"nap\"]", `rule[0].sleep_phases[0]: unknown phase "nap"`},
		{"split_mnist", "rule = \"src\"\nepochs = 1\nprotocol = \"keras\"", `rule[0].protocol: unknown protocol "keras" (allowed: tadros, pytorch)`},
		{"xor", "rule = \"backprop\"\nepochs = 1\nhidden = [4, 0]", "rule[0].hidden[1]: layer size must be >= 1, got 0"},
		{"xor", "rule = \"backprop\"\nepochs = 1\nactivation = \"elu\"", `unknown activation "elu" (allowed: sigmoid, tanh, relu)`},
		{"xor", "rule = \"delta\"", "rule[0].epochs: required"},
		{"xor", "rule = \"boltzmann\"\nepochs = 1\nconnectivity = \"encoder\"", `connectivity "encoder" needs encoder tasks`},
		{"mnist", "rule = \"rbm\"\nepochs = 1\nhidden = [5, 5]", "want one number of hidden units"},
		{"mnist", "rule = \"dbn\"\nepochs = 1\ndream = 500", "rule[0].dream: 500 is outside [0, 100]"},
		{"bandit", "rule = \"actor_critic\"\nepochs = 1\nactor = \"greedy\"", `unknown actor "greedy" (allowed: softmax, go_nogo)`},
		{"bandit", "rule = \"q_learning\"\nepochs = 1\nlr = 2.0", "rule[0].lr: 2 is outside (0, 1]"},
		{"conditioning", "rule = \"td\"\nepochs = 1\nlambda = 1.5", "rule[0].lambda: 1.5 is outside [0, 1]"},
		{"conditioning", "rule = \"q_learning\"\nepochs = 1", `rule q_learning runs on data = "bandit" or "gridworld" only`},
	} {
		_, err := load(t, c.data, "[[rule]]\n"+c.rule+"\n")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s with %q: got %v, want an error containing %q", c.data, c.rule, err, c.want)
		}
	}
}
