package learn

import (
	"math/rand/v2"
	"testing"

	"github.com/brainsim/brainsim/dataset"
)

// BenchmarkEpochMNIST times one epoch of the 784-256-10 ReLU/softmax MLP
// on the 60,000 MNIST training images, SGD with momentum, batch 64: the
// figure bench/compare_torch_mlp.sh sets against PyTorch.
//
//	GOMAXPROCS=1 go test -run XXX -bench EpochMNIST -benchtime 3x ./learn
func BenchmarkEpochMNIST(b *testing.B) {
	dir, err := dataset.MNISTDir()
	if err != nil {
		b.Skip(err)
	}
	tr, _, err := dataset.LoadMNIST(dir)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	m := NewMLP([]int{784, 256, 10}, ReLU, Softmax, rng)
	for b.Loop() {
		m.Train(tr, Options{Epochs: 1, Batch: 64, LR: 0.05, Momentum: 0.9, Rng: rng})
	}
}
