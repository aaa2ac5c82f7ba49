package stdpnet

import (
	"context"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/brainsim/brainsim/dataset"
)

// Net is a Diehl & Cook network being trained.
type Net struct {
	P    Params
	Seed uint64
	s    *sim
	rng  *rand.Rand // the training stream (input trains)
	// Images is the number of images trained on; Presentations counts the
	// re-presentations too; Spikes counts the excitatory spikes of the
	// presentations that ended an image (at least MinSpikes each, unless
	// the intensity hit its maximum).
	Images, Presentations, Spikes int
}

// New builds a network with random input weights drawn from seed.
func New(p Params, seed uint64) (*Net, error) {
	n := &Net{P: p, Seed: seed}
	s, err := newSim(&n.P, stream(seed, "weights", 0), true)
	if err != nil {
		return nil, err
	}
	n.s, n.rng = s, stream(seed, "train", 0)
	return n, nil
}

// stream derives a random stream from the seed, a purpose and an index.
func stream(seed uint64, purpose string, i int) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(purpose))
	h.Write([]byte{0, byte(i), byte(i >> 8), byte(i >> 16), byte(i >> 24)})
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}

// Weights returns the input weights (synapse k of the CSR input→exc
// projection; all-to-all, so input i to neuron j is k = i·NExc + j).
func (n *Net) Weights() []float32 { return n.s.in.Weights }

// Theta returns the adaptive thresholds of the excitatory neurons, mV.
func (n *Net) Theta() []float64 { return n.s.exc.Theta }

// Train presents the images of set in order, learning: before each
// presentation the input weights are normalised, and a silent image is shown
// again at a higher intensity. progress, when set, is called after every
// image with the images done and the total.
func (n *Net) Train(ctx context.Context, set *dataset.Set, progress func(done, total int)) error {
	if set.Cols != NInput {
		return fmt.Errorf("stdpnet: images have %d pixels, want %d", set.Cols, NInput)
	}
	idx := n.s.idx
	for k := range set.Rows {
		x := set.Row(k)
		for intensity := n.P.Intensity; ; intensity++ {
			// Before every presentation, as their script does.
			if n.P.NormTotal > 0 {
				idx.Normalize(n.s.in.Weights, float32(n.P.NormTotal))
			}
			n.s.setInput(x, intensity, n.rng)
			total, err := n.s.present()
			if err != nil {
				return fmt.Errorf("stdpnet: image %d: %w", k, err)
			}
			n.Presentations++
			if err := n.s.restPhase(); err != nil {
				return fmt.Errorf("stdpnet: image %d: %w", k, err)
			}
			if total >= n.P.MinSpikes || intensity+1 > n.P.MaxIntensity {
				n.Spikes += total
				break
			}
		}
		n.Images++
		if progress != nil {
			progress(k+1, set.Rows)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	if n.P.NormTotal > 0 {
		idx.Normalize(n.s.in.Weights, float32(n.P.NormTotal))
	}
	return nil
}

// Responses presents every image of set to the trained network with its
// weights and θ fixed and returns the spike counts, Rows × NExc
// row-major. Each image starts from rest and has its own random stream
// (from the seed, phase and index), so the result does not depend on
// workers (0: GOMAXPROCS).
func (n *Net) Responses(ctx context.Context, set *dataset.Set, phase string, workers int) ([]int32, error) {
	if set.Cols != NInput {
		return nil, fmt.Errorf("stdpnet: images have %d pixels, want %d", set.Cols, NInput)
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, set.Rows))
	ne := n.P.NExc
	out := make([]int32, set.Rows*ne)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := newSim(&n.P, stream(n.Seed, "unused", w), false)
			if err != nil {
				errs[w] = err
				return
			}
			s.in.Weights = n.s.in.Weights // read only
			s.dl = n.s.dl
			copy(s.exc.Theta, n.s.exc.Theta)
			for k := w; k < set.Rows; k += workers {
				if ctx.Err() != nil {
					errs[w] = ctx.Err()
					return
				}
				s.reset()
				c, err := s.respond(ctx, set.Row(k), stream(n.Seed, phase, k))
				if err != nil {
					errs[w] = fmt.Errorf("stdpnet: image %d: %w", k, err)
					return
				}
				copy(out[k*ne:(k+1)*ne], c)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Assign labels every neuron with the class whose images it fired most
// spikes to on average (counts Rows × nExc, labels per row); a neuron
// that never fired gets -1.
func Assign(counts []int32, labels []int, nExc, classes int) []int {
	sum := make([]float64, classes*nExc)
	num := make([]int, classes)
	for k, y := range labels {
		num[y]++
		for j, c := range counts[k*nExc : (k+1)*nExc] {
			sum[y*nExc+j] += float64(c)
		}
	}
	assign := make([]int, nExc)
	for j := range assign {
		best, bestRate := -1, 0.0
		for y := range classes {
			if num[y] == 0 {
				continue
			}
			if r := sum[y*nExc+j] / float64(num[y]); r > bestRate {
				best, bestRate = y, r
			}
		}
		assign[j] = best
	}
	return assign
}

// Classify returns, per row of counts, the class whose assigned neurons
// fired most spikes on average (-1 when no neuron is assigned or none
// fired).
func Classify(counts []int32, assign []int, classes int) []int {
	nExc := len(assign)
	num := make([]int, classes)
	for _, y := range assign {
		if y >= 0 {
			num[y]++
		}
	}
	rows := len(counts) / nExc
	out := make([]int, rows)
	sum := make([]float64, classes)
	for k := range rows {
		clear(sum)
		for j, c := range counts[k*nExc : (k+1)*nExc] {
			if y := assign[j]; y >= 0 {
				sum[y] += float64(c)
			}
		}
		best, bestRate := -1, 0.0
		for y := range classes {
			if num[y] == 0 {
				continue
			}
			if r := sum[y] / float64(num[y]); r > bestRate {
				best, bestRate = y, r
			}
		}
		out[k] = best
	}
	return out
}

// Accuracy is the fraction of pred equal to labels.
func Accuracy(pred, labels []int) float64 {
	if len(labels) == 0 {
		return 0
	}
	ok := 0
	for k, y := range labels {
		if pred[k] == y {
			ok++
		}
	}
	return float64(ok) / float64(len(labels))
}

// Result is the outcome of Run.
type Result struct {
	// Accuracy is the fraction of the labelling images classified right
	// by the labels learned from them; TestAccuracy that of the test set.
	Accuracy, TestAccuracy float64
	Assign                 []int
	Images, Presentations  int // trained on
}

// Options of Run.
type Options struct {
	Epochs int // passes over the training set (default 1)
	// AssignRows is the number of training images, the last ones, whose
	// responses (weights and θ fixed) label the neurons; 0: all.
	AssignRows int
	Workers    int                                 // evaluation workers; 0: GOMAXPROCS
	Progress   func(phase string, done, total int) // optional
}

// Run trains a network on train, labels its neurons by their responses to
// the last AssignRows training images and classifies test (when it has
// rows).
func Run(ctx context.Context, p Params, seed uint64, train, test *dataset.Set, opt Options) (*Result, *Net, error) {
	n, err := New(p, seed)
	if err != nil {
		return nil, nil, err
	}
	if train.Y == nil || train.Classes < 1 {
		return nil, nil, fmt.Errorf("stdpnet: the training set has no labels")
	}
	prog := func(phase string) func(int, int) {
		if opt.Progress == nil {
			return nil
		}
		return func(d, t int) { opt.Progress(phase, d, t) }
	}
	for range max(1, opt.Epochs) {
		if err := n.Train(ctx, train, prog("train")); err != nil {
			return nil, n, err
		}
	}
	lab := *train
	if opt.AssignRows > 0 && opt.AssignRows < lab.Rows {
		lo := lab.Rows - opt.AssignRows
		lab = train.Slice(lo, lab.Rows)
	}
	counts, err := n.Responses(ctx, &lab, "assign", opt.Workers)
	if err != nil {
		return nil, n, err
	}
	classes := train.Classes
	res := &Result{Images: n.Images, Presentations: n.Presentations}
	res.Assign = Assign(counts, lab.Y, p.NExc, classes)
	res.Accuracy = Accuracy(Classify(counts, res.Assign, classes), lab.Y)
	if test != nil && test.Rows > 0 {
		tc, err := n.Responses(ctx, test, "test", opt.Workers)
		if err != nil {
			return nil, n, err
		}
		res.TestAccuracy = Accuracy(Classify(tc, res.Assign, classes), test.Y)
	}
	return res, n, nil
}
