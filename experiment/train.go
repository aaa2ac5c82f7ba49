package experiment

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"time"

	"github.com/brainsim/brainsim/boltzmann"
	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/hebbian"
	"github.com/brainsim/brainsim/learn"
	"github.com/brainsim/brainsim/rbm"
	"github.com/brainsim/brainsim/rl"
)

// TrainRow summarizes one learning rule on one task over the seeds: the
// metrics its rule and task have, each the mean and sd (or the median)
// over the seeds, named for what they are. Which metrics a row has:
//
//   - classification (perceptron, delta, backprop, competitive, rbm, dbn,
//     boltzmann): accuracy (the fraction of training patterns right at the
//     end), test_accuracy (tasks with a test set; val_accuracy instead
//     when the task holds out validation images), epochs; tasks without
//     a test set are trained until solved and add solved (the fraction
//     of seeds whose final accuracy is 1; boltzmann: BoltzmannChecks
//     independent completions of every pattern all right) and
//     median_epochs (the statistic Ackley, Hinton & Sejnowski report);
//     dream_accuracy (a dbn that dreams: the fraction of its generated
//     images a separately trained classifier, backprop 784-256-10 for 3
//     epochs, labels as the clamped class); all_codes (Boltzmann
//     encoders: the fraction of seeds whose hidden units found a
//     different code for every pattern, AHS's 8-3-8 criterion);
//     restarts (Boltzmann runs with a restart rule: restarts from zero
//     weights within a run);
//   - conditioning (td): reproduces (the fraction of seeds showing all four
//     TD signatures, rl.ConditioningResult.Reproduces), delta_first (δ at
//     the reward step on trial 1), delta_cue and delta_reward (δ at the cue
//     and at the reward step on the last rewarded acquisition trial),
//     delta_omission (at the reward step on the last omission trial),
//     delta_extinction (at the cue on the last extinction trial),
//     transfer_trials (the first rewarded trial with δ at the cue ≥ 0.9
//     and |δ at the reward| ≤ 0.1; seeds that got there), trials;
//   - bandit: optimal_choice (the share of the final window's pulls that
//     chose the best arm), solved (the fraction of seeds with
//     optimal_choice ≥ 0.9), mean_reward (over the final window), pulls;
//   - gridworld: shortest_found (the fraction of seeds whose greedy path
//     after training is a shortest path), path_length (steps of that path;
//     seeds whose path reaches the goal), shortest_path (breadth-first),
//     converged_episode (the episode after which the greedy path stayed a
//     shortest path; seeds that got there), episodes;
//   - continual learning on split_mnist: test_accuracy (the final accuracy
//     over all ten digits), after_task (a vector: the accuracy over the
//     digits seen after each task), bwt (backward transfer
//     1/(T−1) Σ_{j<T} (R_T,j − R_j,j), R_i,j the accuracy on task j's
//     test digits after task i; negative = forgetting), epochs (per
//     task).
type TrainRow struct {
	Rule  string // the [[rule]] name
	Kind  string // its rule: perceptron | delta | backprop | boltzmann | rbm | dbn | competitive | td | actor_critic | q_learning | ...
	Task  string // the [[task]] name
	Seeds int
	// Metrics are the row's figures, in the order the trainer gave them.
	Metrics []Metric
	// Reference is the task's published figure, from its config.
	Reference string
	// TimeS is the wall time of this row: training and evaluating the rule
	// on the task for every seed, in seconds.
	TimeS float64
	// PerTask[i][j] is, for continual rows, the mean over the seeds of the
	// test accuracy on task j's digits after task i+1 (the data of the
	// accuracy_per_task figure); nil elsewhere.
	PerTask [][]float64
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

// runSeed is one training run: its figures and what it draws.
type runSeed struct {
	samples []Sample
	dream   *ImageGrid // dbn with dream > 0
	heatmap *Heatmap   // td on conditioning: δ per trial and step
	image   *ImageGrid // td with png: the heatmap of δ
	perTask [][]float64
}

func (o *runSeed) add(s ...Sample) { o.samples = append(o.samples, s...) }

// classified adds the figures of a classifier: accuracy on the training
// set, on the test (or validation) set when the task has one, else
// whether it solved the task; the epochs run.
func (o *runSeed) classified(d *taskData, acc, testAcc float64, epochs int) {
	o.add(scalar("accuracy", acc))
	switch {
	case d.valid:
		o.add(scalar("val_accuracy", testAcc))
	case d.hasTest:
		o.add(scalar("test_accuracy", testAcc))
	default:
		o.add(indicator("solved", acc == 1))
	}
	o.add(scalar("epochs", float64(epochs)))
	if !d.hasTest {
		o.add(medianOf("median_epochs", float64(epochs)))
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// taskData is a task's training set and, for mnist, its test set: the
// real one, or with validation the images held out of the training set
// (valid).
type taskData struct {
	train, test dataset.Set
	hasTest     bool
	valid       bool
	grid        *rl.Grid // gridworld
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
	case "conditioning", "bandit", "gridworld":
		return loadRLTask(f, i)
	case "mnist", configs.DataSplitMNIST:
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
		if t.Validation != nil {
			n := d.train.Rows - *t.Validation
			if n < 1 {
				return taskData{}, f.TaskError(i, "validation", fmt.Sprintf("%d of %d training images leaves none to train on", *t.Validation, d.train.Rows))
			}
			d.test = lastRows(d.train, n)
			d.test.Name = t.Name + "-validation"
			d.train = firstRows(d.train, n)
			d.valid = true
		}
		return d, nil
	}
	return taskData{}, f.TaskError(i, "data", fmt.Sprintf("unknown data %q", t.Data))
}

// lastRows returns the patterns of s after the first n (sharing its
// arrays).
func lastRows(s dataset.Set, n int) dataset.Set {
	n = min(n, s.Rows)
	s.X = s.X[n*s.Cols:]
	if s.Y != nil {
		s.Y = s.Y[n:]
	}
	if s.Targets != nil {
		s.Targets = s.Targets[n*s.TargetCols:]
	}
	s.Rows -= n
	return s
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

// testAccuracy is acc on the task's test (or validation) set; 0 for a
// task without one.
func testAccuracy(d *taskData, acc func(dataset.Set) float64) float64 {
	if !d.hasTest {
		return 0
	}
	return acc(d.test)
}

// rbmOptions are the RBM training options of an rbm or dbn rule: the
// momentum starts at 0.5 and becomes the rule's after 5 epochs (Hinton's
// practical guide, 2010).
func rbmOptions(r *configs.Rule, rng *rand.Rand) rbm.Options {
	return rbm.Options{
		Epochs: *r.Epochs, Batch: *r.Batch, LR: float32(*r.LR),
		InitialMomentum: 0.5, Momentum: float32(*r.Momentum), MomentumAfter: 5,
		WeightDecay: float32(*r.WeightDecay), K: *r.CDK, Persistent: *r.Persistent, Rng: rng,
	}
}

// trainDBN pre-trains a deep belief net greedily, lets it dream when the
// rule asks (scoring the dreams with a separately trained classifier),
// and fine-tunes it with back-propagation for readout_epochs epochs (0:
// the net classifies generatively, by the top RBM's label units).
func trainDBN(ctx context.Context, r *configs.Rule, d *taskData, rng *rand.Rand) (runSeed, error) {
	set := d.train
	live := func(int) bool { return ctx.Err() == nil }
	dbn := rbm.NewDBN(append([]int{set.Cols}, r.Hidden...), set.Classes, rng)
	dbn.Pretrain(set, []rbm.Options{rbmOptions(r, rng)})
	if *r.TopPCDEpochs > 0 {
		opt := rbmOptions(r, rng)
		opt.Epochs, opt.LR, opt.Persistent = *r.TopPCDEpochs, float32(*r.TopPCDLR), true
		opt.Momentum, opt.InitialMomentum = 0, 0 // plain PCD (Tieleman 2008): the persistent chains need small, steady steps
		dbn.Layers[len(dbn.Layers)-1].Train(dbn.TopSet(set), opt)
	}
	var out runSeed
	if err := ctx.Err(); err != nil {
		return out, err
	}
	if *r.Dream > 0 {
		imgs := rbm.Dream(dbn, *r.Dream, *r.Gibbs, rng)
		out.dream = &ImageGrid{File: r.PNG, Rule: r.Name, Cols: *r.Dream, Images: imgs}
		out.dream.W, out.dream.H = imageSize(&set)
		judge := learn.NewMLP([]int{set.Cols, 256, set.Classes}, learn.ReLU, learn.Softmax, rng)
		judge.Train(set, learn.Options{Epochs: 3, Batch: 64, LR: 0.05, Momentum: 0.9, Rng: rng, Epoch: live})
		ok := 0
		for k, x := range imgs {
			if learn.Argmax(judge.Predict(x)) == k / *r.Dream {
				ok++
			}
		}
		defer out.add(scalar("dream_accuracy", float64(ok)/float64(len(imgs))))
	}
	acc := dbn.Accuracy
	if *r.ReadoutEpochs > 0 {
		m := dbn.MLP(rng)
		m.Train(set, learn.Options{Epochs: *r.ReadoutEpochs, Batch: 64, LR: float32(*r.ReadoutLR), Momentum: 0.9, Rng: rng, Epoch: live})
		acc = m.Accuracy
	}
	out.classified(d, acc(set), testAccuracy(d, acc), *r.Epochs)
	return out, ctx.Err()
}

// imageSize is the width and height of the set's patterns: its Shape
// when two-dimensional, else one row.
func imageSize(s *dataset.Set) (w, h int) {
	if len(s.Shape) == 2 {
		return s.Shape[1], s.Shape[0]
	}
	return s.Cols, 1
}

// encoderHidden is the number of hidden units of an encoder task: its
// hidden key, else ⌈log2 bits⌉ (at least 1).
func encoderHidden(t *configs.Task) int {
	if t.Hidden != nil {
		return *t.Hidden
	}
	k := 1
	for 1<<k < *t.Bits {
		k++
	}
	return k
}

// trainOnce runs rule r on the task data d with rng. Training stops
// early, returning ctx's error, when ctx is cancelled.
func trainOnce(ctx context.Context, r *configs.Rule, t *configs.Task, d *taskData, rng *rand.Rand) (runSeed, error) {
	epochs := *r.Epochs
	set := d.train
	live := func(int) bool { return ctx.Err() == nil }
	var out runSeed
	// eval adds the figures of a classifier.
	eval := func(acc func(dataset.Set) float64, epochs int) {
		out.classified(d, acc(set), testAccuracy(d, acc), epochs)
	}
	switch r.Rule {
	case configs.RulePerceptron:
		p := learn.NewPerceptron(set.Cols, outputs(&set, false))
		eval(p.Accuracy, p.Train(set, epochs, float32(*r.LR), rng))
	case configs.RuleDelta:
		dl := learn.NewDelta(set.Cols, outputs(&set, false))
		eval(dl.Accuracy, dl.Train(set, epochs, float32(*r.LR), rng))
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
		eval(m.Accuracy, m.Train(set, opt))
	case configs.RuleCompetitive:
		c := hebbian.NewCompetitive(r.Hidden[0], set.Cols, hebbian.NormL2, rng)
		c.InitFrom(set, rng)
		for ep := range epochs {
			c.Train(set, 1, *r.LR, rng)
			if !live(ep) {
				break
			}
		}
		acc, test := readout(r, c.Features(set), c.Features(d.test), d.hasTest, rng, live)
		out.classified(d, acc, test, epochs)
	case configs.RuleRBM:
		m := rbm.New(set.Cols, r.Hidden[0], 0, rng)
		m.SetVisibleBiases(set)
		m.Train(set, rbmOptions(r, rng))
		acc, test := readout(r, m.Features(set), m.Features(d.test), d.hasTest, rng, live)
		out.classified(d, acc, test, epochs)
	case configs.RuleDBN:
		return trainDBN(ctx, r, d, rng)
	case configs.RuleTD, configs.RuleActorCritic, configs.RuleQLearning:
		return trainRL(ctx, r, t, d, rng)
	case configs.RuleSequential, configs.RuleJoint, configs.RuleEWC, configs.RuleReplay, configs.RuleSRC,
		configs.RuleGenerative, configs.RuleSleep:
		return trainContinual(ctx, r, d, rng)
	case configs.RuleBoltzmann:
		task := boltzmann.CompletionTask(set)
		visible := len(task.Input) + len(task.Output)
		var m *boltzmann.Machine
		var opts boltzmann.Options
		if r.Connectivity == configs.ConnEncoder {
			// V1 = the inputs, V2 = the targets (runTrain checked that they
			// are the two equal groups of an encoder task): the
			// proportional rule with the settings of
			// boltzmann.EncoderOptions for this size.
			m = boltzmann.New(visible+encoderHidden(t), visible, boltzmann.EncoderMask(len(task.Input), false), rng)
			opts = boltzmann.EncoderOptions(visible)
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
		out.add(scalar("accuracy", a), indicator("solved", res.Solved || a == 1),
			scalar("epochs", float64(res.Cycles)), medianOf("median_epochs", float64(res.Cycles)))
		if r.Connectivity == configs.ConnEncoder {
			out.add(indicator("all_codes", m.DistinctCodes(task) == len(task.Patterns)))
		}
		if opts.RestartAfter > 0 || opts.Plateau > 0 {
			out.add(scalar("restarts", float64(res.Restarts)))
		}
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
			seeds := seeds
			if t.Seeds != nil {
				seeds = *t.Seeds
			}
			row := TrainRow{Rule: r.Name, Kind: r.Rule, Task: t.Name, Seeds: seeds, Reference: t.Reference}
			samples := make([][]Sample, 0, seeds)
			var perTask [][][]float64
			tr := time.Now()
			for k := range seeds {
				if err := ctx.Err(); err != nil {
					return stop(err)
				}
				rng := rand.New(rand.NewPCG(uint64(seed+int64(k)), runHash(r.Name, t.Name)))
				out, err := trainOnce(ctx, r, t, d, rng)
				if err != nil {
					return stop(err)
				}
				samples = append(samples, out.samples)
				if out.perTask != nil {
					perTask = append(perTask, out.perTask)
				}
				if k == 0 { // the first seed's pictures go to the PNGs
					for _, img := range []*ImageGrid{out.image, out.dream} {
						if img != nil {
							res.Images = append(res.Images, *img)
						}
					}
					if out.heatmap != nil {
						res.Heatmaps = append(res.Heatmaps, *out.heatmap)
					}
				}
			}
			row.Metrics = aggregate(samples)
			row.PerTask = meanMatrix(perTask)
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

// meanMatrix is the elementwise mean of ms (all of the shape of the
// first); nil for none.
func meanMatrix(ms [][][]float64) [][]float64 {
	if len(ms) == 0 {
		return nil
	}
	out := make([][]float64, len(ms[0]))
	for i := range out {
		out[i] = make([]float64, len(ms[0][i]))
		for j := range out[i] {
			for _, m := range ms {
				out[i][j] += m[i][j] / float64(len(ms))
			}
		}
	}
	return out
}

// median returns the median of xs (the mean of the two middle values for
// an even count); 0 for none.
func median(xs []int) float64 {
	if len(xs) == 0 {
		return 0
	}
	f := make([]float64, len(xs))
	for i, x := range xs {
		f[i] = float64(x)
	}
	return medianFloat(f)
}
