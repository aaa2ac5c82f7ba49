package sleep

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/brainsim/brainsim/dataset"
)

var (
	mnistOnce             sync.Once
	mnistTrain, mnistTest dataset.Set
	mnistErr              error
)

// loadMNIST returns the MNIST sets, or skips the test when the files
// are not found.
func loadMNIST(t testing.TB) (train, test dataset.Set) {
	t.Helper()
	mnistOnce.Do(func() { mnistTrain, mnistTest, mnistErr = dataset.LoadMNIST("") })
	if mnistErr != nil {
		t.Skipf("MNIST not available, skipping: %v", mnistErr)
	}
	return mnistTrain, mnistTest
}

// reduced is the SRC protocol shrunk for a test: 400-unit layers, 2000
// images per task, sleeps of 3000 + 1000 (i−1) steps, and inc and dec a
// quarter of Tadros et al.'s (as the shipped sleep_consolidation's src).
func reduced() (Protocol, Options) {
	p := SRCProtocol()
	p.Hidden, p.PerTask = []int{400, 400}, 2000
	o := DefaultOptions()
	o.Sleep.Steps, o.Sleep.StepsPerTask = 3000, 1000
	o.Sleep.Inc, o.Sleep.Dec = o.Sleep.Inc/4, o.Sleep.Dec/4
	return p, o
}

// TestSleepBeatsFineTuning is issue 7's reduced check: on class-incremental
// split MNIST, SRC sleep after every task ends at least 15 points above
// sequential fine-tuning (which forgets all but the last task, ~20%).
func TestSleepBeatsFineTuning(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on MNIST")
	}
	train, test := loadMNIST(t)
	p, o := reduced()
	run := func(m Method) Result {
		r, err := Run(context.Background(), p, m, o, train, test, rand.New(rand.NewPCG(1, 7)))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: seen after each task %.3f, final %.3f, bwt %.3f", m, r.Seen, r.Final, r.BWT)
		return r
	}
	seq, src := run(Sequential), run(SRC)
	if seq.Final > 0.3 {
		t.Errorf("sequential final accuracy %.3f, want <= 0.3 (class-incremental lower bound ~0.2)", seq.Final)
	}
	if src.Final < seq.Final+0.15 {
		t.Errorf("src final accuracy %.3f, want >= sequential %.3f + 0.15", src.Final, seq.Final)
	}
}

// TestGate checks the weight dependence 2(1 − 1/(1+e^(−w/0.001))) of the
// sleep rule at 0, in its saturated ends and where it is cut off.
func TestGate(t *testing.T) {
	for _, c := range []struct{ w, want, tol float32 }{
		{0, 1, 1e-6}, {-0.01, 2, 1e-4}, {0.01, 2 * 4.54e-5, 1e-6}, {1, 0, 0}, {-1, 2, 0},
	} {
		if g := gate(c.w); g < c.want-c.tol || g > c.want+c.tol {
			t.Errorf("gate(%v) = %v, want %v", c.w, g, c.want)
		}
	}
}

// TestRunErrors checks the argument errors of Run.
func TestRunErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	bare := dataset.Set{Rows: 1, Cols: 1, X: []float32{0}}
	if _, err := Run(context.Background(), SRCProtocol(), SRC, DefaultOptions(), bare, bare, rng); err == nil {
		t.Error("Run on an unlabelled set: no error")
	}
	xor := dataset.XOR()
	if _, err := Run(context.Background(), SRCProtocol(), "nap", DefaultOptions(), xor, xor, rng); err == nil {
		t.Error("Run with an unknown method: no error")
	}
}
