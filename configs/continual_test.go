package configs

import (
	"slices"
	"strings"
	"testing"
)

// TestContinualDefaults: a bare src rule on split_mnist gets the SRC
// protocol of Tadros et al. 2022 (784-1200-1200-10, lr 0.1, momentum
// 0.5, batch 100, dropout 0.25, 5000 images per task, 15000 sleep steps).
func TestContinualDefaults(t *testing.T) {
	t.Parallel()
	f, err := LoadBytes("c.toml", []byte(`[experiment]
name = "x"
mode = "train"
[[task]]
name = "s"
data = "split_mnist"
[[rule]]
rule = "src"
epochs = 2
[[rule]]
rule = "replay"
epochs = 2
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	r := f.Rule[0]
	if *r.LR != 0.1 || *r.Momentum != 0.5 || *r.Batch != 100 || *r.Dropout != 0.25 || *r.PerTask != 5000 ||
		*r.SleepSteps != 15000 || !slices.Equal(r.Hidden, []int{1200, 1200}) || r.EWCLambda != nil {
		t.Errorf("src defaults: %+v", r)
	}
	if p := f.Rule[1].ReplayPerClass; p == nil || *p != 100 {
		t.Errorf("replay_per_class default: %v, want 100", p)
	}
}

// TestContinualErrors: continual rules run on split_mnist only, split_mnist
// takes continual rules only, and the keys are range-checked.
func TestContinualErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ body, want string }{
		{"[[task]]\nname = \"s\"\ndata = \"split_mnist\"\n[[rule]]\nrule = \"backprop\"\nepochs = 1\n", "only rules sequential"},
		{"[[task]]\nname = \"m\"\ndata = \"mnist\"\n[[rule]]\nrule = \"ewc\"\nepochs = 1\n", "runs on data split_mnist only"},
		{"[[task]]\nname = \"s\"\ndata = \"split_mnist\"\n[[rule]]\nrule = \"src\"\nepochs = 1\ndropout = 1.0\n", "dropout"},
		{"[[task]]\nname = \"s\"\ndata = \"split_mnist\"\n[[rule]]\nrule = \"src\"\nepochs = 1\nreplay_per_class = 5\n", "not used by rule src"},
	} {
		_, err := LoadBytes("c.toml", []byte("[experiment]\nname = \"x\"\nmode = \"train\"\n"+c.body), nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want an error containing %q", c.body, err, c.want)
		}
	}
}
