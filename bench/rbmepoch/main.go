// Command rbmepoch times epochs of rbm.RBM training on the 60,000 MNIST
// training images, the brainsim side of bench/compare_sklearn_rbm.sh
// (issue #4, Done-when 6: one epoch with 256 hidden units, minibatches
// of 20, CD-1, against scikit-learn's BernoulliRBM).
//
//	go run ./bench/rbmepoch -hidden 256 -batch 20 -lr 0.1 -epochs 3
//
// It prints one line per epoch, "epoch N  S s  recon E", then a
// summary line "rbmepoch: ... mean S s/epoch" on stdout. With -mnistdir
// it only prints the directory holding the MNIST IDX files.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"time"

	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/internal/gemm"
	"github.com/brainsim/brainsim/rbm"
)

func main() {
	hidden := flag.Int("hidden", 256, "hidden units")
	batch := flag.Int("batch", 20, "minibatch size")
	lr := flag.Float64("lr", 0.1, "learning rate")
	mom := flag.Float64("momentum", 0, "momentum (0 like sklearn's BernoulliRBM)")
	decay := flag.Float64("decay", 0, "L2 weight decay (0 like sklearn)")
	k := flag.Int("k", 1, "Gibbs steps (CD-k / PCD-k)")
	pcd := flag.Bool("pcd", false, "persistent CD (sklearn's BernoulliRBM is PCD-1)")
	epochs := flag.Int("epochs", 3, "epochs to time")
	seed := flag.Uint64("seed", 1, "seed")
	rows := flag.Int("rows", 0, "use only the first rows images (0: all 60,000)")
	dirOnly := flag.Bool("mnistdir", false, "print the MNIST directory and exit")
	cpuprof := flag.String("cpuprofile", "", "write a CPU profile of the training to this file")
	flag.Parse()

	dir, err := dataset.MNISTDir()
	if err != nil {
		fmt.Fprintln(os.Stderr, "rbmepoch:", err)
		os.Exit(1)
	}
	if *dirOnly {
		fmt.Println(dir)
		return
	}
	train, _, err := dataset.LoadMNIST(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "rbmepoch:", err)
		os.Exit(1)
	}
	if *rows > 0 && *rows < train.Rows {
		train.Rows = *rows
		train.X = train.X[:*rows*train.Cols]
		train.Y = train.Y[:*rows]
	}
	rng := rand.New(rand.NewPCG(*seed, 0))
	r := rbm.New(train.Cols, *hidden, 0, rng)
	var times []float64
	start := time.Now()
	opt := rbm.Options{
		Epochs: *epochs, Batch: *batch, LR: float32(*lr),
		Momentum: float32(*mom), InitialMomentum: float32(*mom),
		WeightDecay: float32(*decay), K: *k, Persistent: *pcd, Rng: rng,
		Progress: func(ep int, e float64) {
			s := time.Since(start).Seconds()
			start = time.Now()
			times = append(times, s)
			fmt.Printf("epoch %d  %.3f s  recon %.2f\n", ep, s, e)
		},
	}
	if *cpuprof != "" {
		f, err := os.Create(*cpuprof)
		if err != nil {
			fmt.Fprintln(os.Stderr, "rbmepoch:", err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	r.Train(train, opt)
	var sum float64
	for _, t := range times {
		sum += t
	}
	mode := "CD"
	if *pcd {
		mode = "PCD"
	}
	fmt.Printf("rbmepoch: %d images, %d hidden, batch %d, %s-%d, lr %g, momentum %g, GOMAXPROCS %d, gemm threads %d: mean %.3f s/epoch, min %.3f s\n",
		train.Rows, *hidden, *batch, mode, *k, *lr, *mom, runtime.GOMAXPROCS(0), gemm.Threads(), sum/float64(len(times)), slices.Min(times))
}
