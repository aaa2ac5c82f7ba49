// Command mlpepoch times brainsim's backprop MLP on MNIST, one epoch at a
// time: the Go side of bench/compare_torch_mlp.sh (see torch_mlp.py for
// the PyTorch side and the settings both use).
//
//	go run ./bench/mlpepoch -hidden 256 -epochs 3
//	go build -o /tmp/mlpepoch ./bench/mlpepoch   # the default build: assembly kernels
//
// It prints one JSON object per epoch and a summary line, like
// torch_mlp.py. -threads sets the goroutines of the matrix kernel
// (default GOMAXPROCS); -print-dir prints the MNIST folder and exits.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"time"

	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/internal/gemm"
	"github.com/brainsim/brainsim/learn"
)

func main() {
	hidden := flag.Int("hidden", 256, "hidden units")
	epochs := flag.Int("epochs", 3, "epochs")
	batch := flag.Int("batch", 64, "minibatch size")
	lr := flag.Float64("lr", 0.05, "learning rate")
	seed := flag.Uint64("seed", 1, "seed")
	threads := flag.Int("threads", 0, "matrix-kernel goroutines (0: GOMAXPROCS)")
	dir := flag.String("mnist", "", "folder of the MNIST IDX files (default: $BRAINSIM_MNIST or the GoMNIST module)")
	printDir := flag.Bool("print-dir", false, "print the MNIST folder and exit")
	flag.Parse()
	if *dir == "" {
		d, err := dataset.MNISTDir()
		if err != nil {
			fail(err)
		}
		*dir = d
	}
	if *printDir {
		fmt.Println(*dir)
		return
	}
	gemm.SetThreads(*threads)
	train, test, err := dataset.LoadMNIST(*dir)
	if err != nil {
		fail(err)
	}
	rng := rand.New(rand.NewPCG(*seed, 2))
	m := learn.NewMLP([]int{784, *hidden, 10}, learn.ReLU, learn.Softmax, rng)
	enc := json.NewEncoder(os.Stdout)
	var times []float64
	for ep := 1; ep <= *epochs; ep++ {
		t0 := time.Now()
		m.Train(train, learn.Options{Epochs: 1, Batch: *batch, LR: float32(*lr), Momentum: 0.9, Rng: rng})
		s := time.Since(t0).Seconds()
		times = append(times, s)
		enc.Encode(map[string]any{"epoch": ep, "s": s, "test_accuracy": m.Accuracy(test)})
	}
	slices.Sort(times)
	enc.Encode(map[string]any{"best_s": times[0], "median_s": times[len(times)/2],
		"threads": gemm.Threads(), "gomaxprocs": runtime.GOMAXPROCS(0), "go": runtime.Version()})
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "mlpepoch:", err)
	os.Exit(1)
}
