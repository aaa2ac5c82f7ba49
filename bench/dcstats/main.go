// Command dcstats trains brainsim's Diehl & Cook network (stdpnet) on the
// first MNIST training images and prints, every -every images, the
// statistics bench/diehl_cook_brian2.py prints for the same network in
// Brian2: images, presentations so far, mean/min/max θ (mV), mean
// excitatory spikes per accepted presentation, wall seconds.
//
// With -eval it then evaluates the trained network: the neurons are
// labelled by their responses to training images [images-assign, images)
// and the test set is classified, as stdpnet.Run does; it prints the two
// accuracies. With -load DIR it evaluates a network trained elsewhere
// instead (the w.f32, theta.f64 and delay.u8 files the Brian2 script
// writes with --save).
//
//	go run ./bench/dcstats -images 3000 -every 250 -eval
//	go run ./bench/dcstats -load /tmp/b2 -images 10000 -assign 5000
//
// bench/diehl_cook_brian2.sh runs both sides.
package main

import (
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"os"
	"time"

	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/stdpnet"
)

func main() {
	images := flag.Int("images", 1000, "training images")
	every := flag.Int("every", 100, "print the statistics every this many images")
	n := flag.Int("n", 100, "excitatory neurons")
	seed := flag.Uint64("seed", 1, "seed of the network")
	exact := flag.Bool("exact", false, "exact conductance decay instead of Brian's forward Euler (stdpnet.Params.EulerConductance off)")
	eval := flag.Bool("eval", false, "evaluate the network after training")
	hold := flag.Bool("hold", false, "hold v at the reset while refractory (stdpnet.Params.RefractoryHold)")
	load := flag.String("load", "", "evaluate the state in this directory instead of training")
	assign := flag.Int("assign", 5000, "evaluating: label on the last this many of the -images training images")
	ntest := flag.Int("test", 10000, "evaluating: test images")
	dirOnly := flag.Bool("mnistdir", false, "print the MNIST directory and exit")
	flag.Parse()
	dir, err := dataset.MNISTDir()
	if err != nil {
		fail(err)
	}
	if *dirOnly {
		fmt.Println(dir)
		return
	}
	train, test, err := dataset.LoadMNIST(dir)
	if err != nil {
		fail(err)
	}
	if *images < 1 || *images > train.Rows || *every < 1 {
		fail(fmt.Errorf("-images %d, -every %d: want 1 <= images <= %d, every >= 1", *images, *every, train.Rows))
	}
	p := stdpnet.Defaults(*n)
	p.EulerConductance = !*exact
	p.RefractoryHold = *hold
	net, err := stdpnet.New(p, *seed)
	if err != nil {
		fail(err)
	}
	ctx := context.Background()
	if *load != "" {
		if err := loadState(net, *load); err != nil {
			fail(err)
		}
		evaluate(ctx, net, &train, &test, *images, *assign, *ntest, "state "+*load)
		return
	}
	fmt.Printf("# brainsim stdpnet, euler conductance %v, refractory hold %v, n %d, seed %d\n", !*exact, *hold, *n, *seed)
	fmt.Println("images presentations theta_mean theta_min theta_max spikes_per_accepted wall_s")
	t0 := time.Now()
	for lo := 0; lo < *images; lo += *every {
		hi := min(*images, lo+*every)
		if err := net.Train(ctx, rows(&train, lo, hi), nil); err != nil {
			fail(err)
		}
		th := net.Theta()
		mn, mx, s := th[0], th[0], 0.0
		for _, v := range th {
			mn, mx, s = min(mn, v), max(mx, v), s+v
		}
		fmt.Printf("%d %d %.3f %.3f %.3f %.2f %.0f\n", hi, net.Presentations, s/float64(len(th)), mn, mx,
			float64(net.Spikes)/float64(hi), time.Since(t0).Seconds())
	}
	if *eval {
		evaluate(ctx, net, &train, &test, *images, *assign, *ntest, "brainsim")
	}
}

// evaluate labels the neurons of net on training images
// [images-assign, images), classifies the first ntest test images and
// prints both accuracies.
func evaluate(ctx context.Context, net *stdpnet.Net, train, test *dataset.Set, images, assign, ntest int, name string) {
	if assign < 1 || assign > images || ntest < 1 || ntest > test.Rows {
		fail(fmt.Errorf("-assign %d, -test %d: want 1 <= assign <= images (%d), 1 <= test <= %d", assign, ntest, images, test.Rows))
	}
	lab := rows(train, images-assign, images)
	te := rows(test, 0, ntest)
	c, err := net.Responses(ctx, lab, "assign", 0)
	if err != nil {
		fail(err)
	}
	as := stdpnet.Assign(c, lab.Y, net.P.NExc, 10)
	tc, err := net.Responses(ctx, te, "test", 0)
	if err != nil {
		fail(err)
	}
	fmt.Printf("%s: labelled on training images %d-%d: accuracy %.4f, test accuracy %.4f (%d digits)\n",
		name, images-assign, images, accuracy(stdpnet.Classify(c, as, 10), lab.Y),
		accuracy(stdpnet.Classify(tc, as, 10), te.Y), ntest)
}

// loadState reads w.f32 (float32, input-major), theta.f64 (float64, mV)
// and delay.u8 (steps) from dir into net.
func loadState(net *stdpnet.Net, dir string) error {
	read := func(name string, size int) ([]byte, error) {
		b, err := os.ReadFile(dir + "/" + name)
		if err == nil && len(b) != size {
			err = fmt.Errorf("%s/%s: %d bytes, want %d", dir, name, len(b), size)
		}
		return b, err
	}
	w, th := net.Weights(), net.Theta()
	wb, err := read("w.f32", 4*len(w))
	if err != nil {
		return err
	}
	tb, err := read("theta.f64", 8*len(th))
	if err != nil {
		return err
	}
	db, err := read("delay.u8", len(w))
	if err != nil {
		return err
	}
	for k := range w {
		w[k] = math.Float32frombits(binary.LittleEndian.Uint32(wb[4*k:]))
	}
	for k := range th {
		th[k] = math.Float64frombits(binary.LittleEndian.Uint64(tb[8*k:]))
	}
	d := make([]int, len(db))
	for k, x := range db {
		d[k] = int(x)
	}
	return net.SetInputDelays(d)
}

func rows(s *dataset.Set, lo, hi int) *dataset.Set {
	o := s.Slice(lo, hi)
	return &o
}

func accuracy(pred, y []int) float64 {
	ok := 0
	for i := range y {
		if pred[i] == y[i] {
			ok++
		}
	}
	return float64(ok) / float64(len(y))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "dcstats:", err)
	os.Exit(1)
}
