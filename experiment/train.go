package experiment

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/brainsim/brainsim/boltzmann"
	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/hebbian"
	"github.com/brainsim/brainsim/learn"
)

// TrainRow summarizes one learning rule on one task over the seeds.
type TrainRow struct {
	Rule  string `json:"rule"` // the [[rule]] name
	Kind  string `json:"kind"` // perceptron | delta | backprop | boltzmann | rbm | dbn | competitive
	Task  string `json:"task"` // the [[task]] name
	Seeds int    `json:"seeds"`
	// Solved is the fraction of seeds whose run solved the task: final
	// accuracy 1 (boltzmann: the machine's own test, BoltzmannChecks
	// independent completions of every pattern all right).
	Solved float64 `json:"solved"`
	// Accuracy and AccuracyStd are the mean and standard deviation over the
	// seeds of the final fraction of training patterns right.
	Accuracy    float64 `json:"accuracy"`
	AccuracyStd float64 `json:"accuracy_std"`
	// TestAccuracy and TestAccuracyStd are the same on the held-out test
	// set, for tasks that have one (mnist); nil otherwise.
	TestAccuracy    *float64 `json:"test_accuracy,omitempty"`
	TestAccuracyStd *float64 `json:"test_accuracy_std,omitempty"`
	// Epochs is the mean number of epochs (learning cycles) run; training
	// stops early once a task without a test set is solved.
	Epochs float64 `json:"epochs"`
	// MedianEpochs is the median over the seeds of the epochs (learning
	// cycles) run, the statistic Ackley, Hinton & Sejnowski report.
	MedianEpochs float64 `json:"median_epochs"`
	// TimeS is the wall time of this row: training and evaluating the rule
	// on the task for every seed, in seconds.
	TimeS float64 `json:"time_s"`
}

// Boltzmann training settings of train mode: the AHS fixed-step sign rule
// (step 2, annealing 2@20 2@15 2@12 4@10, statistics 10@10), checked every
// BoltzmannCheckEvery cycles; training stops at the first check where
// BoltzmannChecks independent completions of all patterns are all right.
// The final accuracy is the mean over BoltzmannChecks completions.
const (
	BoltzmannCheckEvery = 10
	BoltzmannChecks     = 5
)

// runSeed is one training run.
type runSeed struct {
	acc, testAcc float64
	solved       bool
	epochs       int
}

// taskData is a task's training set and, for mnist, its test set.
type taskData struct {
	train, test dataset.Set
	hasTest     bool
}

// mnistCache holds the MNIST sets loaded by one run, per folder.
type mnistCache map[string][2]dataset.Set

// loadTask returns the data of the i-th [[task]] of f.
func loadTask(f *configs.File, i int, cache mnistCache) (taskData, error) {
	t := &f.Task[i]
	switch t.Data {
	case "and":
		return taskData{train: dataset.AND()}, nil
	case "or":
		return taskData{train: dataset.OR()}, nil
	case "xor":
		return taskData{train: dataset.XOR()}, nil
	case "parity":
		return taskData{train: dataset.Parity(*t.Bits)}, nil
	case "encoder":
		return taskData{train: dataset.Encoder(*t.Bits, t.Name)}, nil
	case "mnist":
		dir, key := t.Dir, "dir"
		if dir == "" {
			d, err := dataset.MNISTDir()
			if err != nil {
				return taskData{}, f.TaskError(i, "", err.Error()+" (set dir = \"...\" in the task, or $"+dataset.MNISTEnv+")")
			}
			dir, key = d, ""
		}
		sets, ok := cache[dir]
		if !ok {
			tr, te, err := dataset.LoadMNIST(dir)
			if err != nil {
				return taskData{}, f.TaskError(i, key, err.Error())
			}
			sets = [2]dataset.Set{tr, te}
			cache[dir] = sets
		}
		d := taskData{train: sets[0], test: sets[1], hasTest: true}
		d.train.Name, d.test.Name = t.Name, t.Name+"-test"
		if t.TrainRows != nil {
			d.train = firstRows(d.train, *t.TrainRows)
		}
		if t.TestRows != nil {
			d.test = firstRows(d.test, *t.TestRows)
		}
		return d, nil
	}
	return taskData{}, f.TaskError(i, "data", fmt.Sprintf("unknown data %q", t.Data))
}

// firstRows returns the first n patterns of s (sharing its arrays).
func firstRows(s dataset.Set, n int) dataset.Set {
	n = min(n, s.Rows)
	s.X = s.X[:n*s.Cols]
	if s.Y != nil {
		s.Y = s.Y[:n]
	}
	if s.Targets != nil {
		s.Targets = s.Targets[:n*s.TargetCols]
	}
	s.Rows = n
	return s
}

// outputs is the number of output units a learner needs for set.
func outputs(set *dataset.Set, softmax bool) int {
	switch {
	case set.Targets != nil && !softmax:
		return set.TargetCols
	case softmax, set.Classes > 2:
		return set.Classes
	}
	return 1
}

// runHash mixes the rule and task names into the second PCG word.
func runHash(rule, task string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(rule))
	h.Write([]byte{0})
	h.Write([]byte(task))
	return h.Sum64()
}

var (
	activations = map[string]learn.Activation{"sigmoid": learn.Sigmoid, "tanh": learn.Tanh, "relu": learn.ReLU}
	outputKinds = map[string]learn.Output{"sigmoid_mse": learn.SigmoidMSE, "softmax": learn.Softmax, "linear_mse": learn.LinearMSE}
)

// readout trains a softmax layer on the features of a rule (rbm,
// competitive) and returns its training and test accuracy.
func readout(r *configs.Rule, train, test dataset.Set, hasTest bool, rng *rand.Rand, epoch func(int) bool) (acc, testAcc float64) {
	m := learn.NewMLP([]int{train.Cols, train.Classes}, learn.Sigmoid, learn.Softmax, rng)
	m.Train(train, learn.Options{Epochs: *r.ReadoutEpochs, Batch: 64, LR: float32(*r.ReadoutLR), Momentum: 0.9, Rng: rng, Epoch: epoch})
	acc = m.Accuracy(train)
	if hasTest {
		testAcc = m.Accuracy(test)
	}
	return acc, testAcc
}

// trainOnce runs rule r on the task data d with rng. Training stops
// early, returning ctx's error, when ctx is cancelled.
func trainOnce(ctx context.Context, r *configs.Rule, d *taskData, rng *rand.Rand) (runSeed, error) {
	epochs := *r.Epochs
	set := d.train
	live := func(int) bool { return ctx.Err() == nil }
	out := runSeed{epochs: epochs}
	// eval fills the accuracies of a classifier.
	eval := func(acc func(dataset.Set) float64) {
		out.acc = acc(set)
		if d.hasTest {
			out.testAcc = acc(d.test)
		}
		out.solved = out.acc == 1
	}
	switch r.Rule {
	case configs.RulePerceptron:
		p := learn.NewPerceptron(set.Cols, outputs(&set, false))
		out.epochs = p.Train(set, epochs, float32(*r.LR), rng)
		eval(p.Accuracy)
	case configs.RuleDelta:
		dl := learn.NewDelta(set.Cols, outputs(&set, false))
		out.epochs = dl.Train(set, epochs, float32(*r.LR), rng)
		eval(dl.Accuracy)
	case configs.RuleBackprop:
		kind := outputKinds[r.Output]
		sizes := append([]int{set.Cols}, r.Hidden...)
		sizes = append(sizes, outputs(&set, kind == learn.Softmax))
		m := learn.NewMLP(sizes, activations[r.Activation], kind, rng)
		opt := learn.Options{Epochs: epochs, Batch: *r.Batch, LR: float32(*r.LR), Momentum: float32(*r.Momentum),
			Rng: rng, LRDecay: float32(*r.LRDecay), Epoch: live}
		if !d.hasTest {
			opt.StopAt = 1 // the logic tasks: stop once solved
		}
		out.epochs = m.Train(set, opt)
		eval(m.Accuracy)
	case configs.RuleCompetitive:
		c := hebbian.NewCompetitive(r.Hidden[0], set.Cols, hebbian.NormL2, rng)
		c.InitFrom(set, rng)
		for ep := range epochs {
			c.Train(set, 1, *r.LR, rng)
			if !live(ep) {
				break
			}
		}
		out.acc, out.testAcc = readout(r, c.Features(set), c.Features(d.test), d.hasTest, rng, live)
	case configs.RuleBoltzmann:
		task := boltzmann.CompletionTask(set)
		visible := len(task.Input) + len(task.Output)
		var m *boltzmann.Machine
		var opts boltzmann.Options
		if r.Connectivity == configs.ConnEncoder {
			// V1 = the inputs, V2 = the targets (runTrain checked that they
			// are the two equal groups of an encoder task).
			m = boltzmann.New(visible+r.Hidden[0], visible, boltzmann.EncoderMaskLateral(len(task.Input), false), rng)
			opts = boltzmann.AHSEncoderOptions(visible)
			opts.CheckEvery, opts.CheckRuns = BoltzmannCheckEvery, BoltzmannChecks
		} else {
			m = boltzmann.New(visible+r.Hidden[0], visible, nil, rng)
			opts = boltzmann.Options{SignUpdate: true, CheckEvery: BoltzmannCheckEvery, CheckRuns: BoltzmannChecks}
		}
		res := m.Train(task, epochs, opts)
		a := 0.0
		for range BoltzmannChecks {
			a += m.Accuracy(task)
		}
		a /= BoltzmannChecks
		out = runSeed{acc: a, solved: res.Solved || a == 1, epochs: res.Cycles}
	default:
		panic("experiment: unknown rule " + r.Rule) // Validate checked the rules
	}
	return out, ctx.Err()
}

// runTrain runs every rule on every task for every seed.
func runTrain(ctx context.Context, f *configs.File, seed int64, start time.Time) (*Result, error) {
	seeds := 1
	if f.Experiment.Seeds != nil {
		seeds = *f.Experiment.Seeds
	}
	res := &Result{Experiment: f.Experiment.Name, Seed: seed, Train: []TrainRow{}}
	data := make([]taskData, len(f.Task))
	cache := mnistCache{}
	for i := range f.Task {
		d, err := loadTask(f, i, cache)
		if err != nil {
			return nil, err
		}
		data[i] = d
	}
	for ri := range f.Rule {
		r := &f.Rule[ri]
		if r.Rule != configs.RuleBoltzmann || r.Connectivity != configs.ConnEncoder {
			continue
		}
		for ti := range f.Task {
			if t := &f.Task[ti]; t.Data != "encoder" {
				return nil, fmt.Errorf("rule %q: connectivity %q needs encoder tasks, but task %q has data %q", r.Name, r.Connectivity, t.Name, t.Data)
			}
		}
	}
	t0 := time.Now()
	stop := func(err error) (*Result, error) {
		res.LoopS = time.Since(t0).Seconds()
		res.WallS = time.Since(start).Seconds()
		return res, err
	}
	for ri := range f.Rule {
		r := &f.Rule[ri]
		for ti := range f.Task {
			t := &f.Task[ti]
			d := &data[ti]
			row := TrainRow{Rule: r.Name, Kind: r.Rule, Task: t.Name, Seeds: seeds}
			var acc, test stats
			epochs := make([]int, 0, seeds)
			tr := time.Now()
			for k := range seeds {
				if err := ctx.Err(); err != nil {
					return stop(err)
				}
				rng := rand.New(rand.NewPCG(uint64(seed+int64(k)), runHash(r.Name, t.Name)))
				out, err := trainOnce(ctx, r, d, rng)
				if err != nil {
					return stop(err)
				}
				acc.add(out.acc)
				test.add(out.testAcc)
				row.Epochs += float64(out.epochs)
				epochs = append(epochs, out.epochs)
				if out.solved {
					row.Solved++
				}
			}
			n := float64(seeds)
			row.Solved /= n
			row.Epochs /= n
			row.MedianEpochs = median(epochs)
			row.Accuracy, row.AccuracyStd = acc.mean(), acc.std()
			if d.hasTest {
				m, sd := test.mean(), test.std()
				row.TestAccuracy, row.TestAccuracyStd = &m, &sd
			}
			row.TimeS = time.Since(tr).Seconds()
			res.Train = append(res.Train, row)
		}
	}
	return stop(nil)
}

// stats accumulates a mean and a sample standard deviation.
type stats struct{ n, sum, sum2 float64 }

func (s *stats) add(x float64) { s.n++; s.sum += x; s.sum2 += x * x }

func (s *stats) mean() float64 {
	if s.n == 0 {
		return 0
	}
	return s.sum / s.n
}

// std is the sample standard deviation; 0 for fewer than two values.
func (s *stats) std() float64 {
	if s.n < 2 {
		return 0
	}
	return math.Sqrt(max(0, (s.sum2-s.sum*s.sum/s.n)/(s.n-1)))
}

// median returns the median of xs (the mean of the two middle values for
// an even count); 0 for none. It sorts xs.
func median(xs []int) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	k := len(xs) / 2
	if len(xs)%2 == 1 {
		return float64(xs[k])
	}
	return float64(xs[k-1]+xs[k]) / 2
}
