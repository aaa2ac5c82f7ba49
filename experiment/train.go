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
	"github.com/brainsim/brainsim/rbm"
	"github.com/brainsim/brainsim/rl"
	"github.com/brainsim/brainsim/sleep"
)

// TrainRow summarizes one learning rule on one task over the seeds.
type TrainRow struct {
	Rule  string `json:"rule"` // the [[rule]] name
	Kind  string `json:"kind"` // perceptron | delta | backprop | boltzmann | rbm | dbn | competitive | td | actor_critic | q_learning
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
	// ValAccuracy and ValAccuracyStd are the same on the validation images
	// a task holds out of its training set (validation = N), reported
	// instead of the test accuracy; nil otherwise.
	ValAccuracy    *float64 `json:"val_accuracy,omitempty"`
	ValAccuracyStd *float64 `json:"val_accuracy_std,omitempty"`
	// Epochs is the mean number of epochs (learning cycles) run; training
	// stops early once a task without a test set is solved.
	Epochs float64 `json:"epochs"`
	// MedianEpochs is the median over the seeds of the epochs (learning
	// cycles) run, the statistic Ackley, Hinton & Sejnowski report.
	MedianEpochs float64 `json:"median_epochs"`
	// DreamAccuracy is, for a dbn that dreams, the fraction of its
	// generated images that a separately trained classifier (backprop
	// 784-256-10, 3 epochs) labels as the class clamped to generate
	// them; nil otherwise.
	DreamAccuracy *float64 `json:"dream_accuracy,omitempty"`
	// AllCodes is, for the Boltzmann encoders, the fraction of seeds whose
	// hidden units found a different code for every pattern (Ackley,
	// Hinton & Sejnowski's 8-3-8 criterion); nil otherwise.
	AllCodes *float64 `json:"all_codes,omitempty"`
	// Restarts is the mean number of restarts from zero weights within a
	// Boltzmann run (boltzmann.Options.RestartAfter); nil when none.
	Restarts *float64 `json:"restarts,omitempty"`
	// Reference is the task's published figure, from its config.
	Reference string `json:"reference,omitempty"`
	// TimeS is the wall time of this row: training and evaluating the rule
	// on the task for every seed, in seconds.
	TimeS float64 `json:"time_s"`

	// Reinforcement-learning rows (rules td, actor_critic, q_learning;
	// nil elsewhere; means over the seeds). Epochs are the acquisition
	// trials, pulls or episodes. Accuracy is: conditioning, 1 when the
	// run shows all four TD signatures (rl.ConditioningResult.Reproduces);
	// bandit, the fraction of the final window's pulls that chose the
	// best arm (solved: runs with at least 0.9); gridworld, 1 when the
	// greedy path after training is a shortest path.
	//
	// Conditioning: DeltaFirst is δ at the reward step on trial 1 (before
	// learning); DeltaCue and DeltaReward are δ at the cue and at the
	// reward step on the last rewarded acquisition trial; DeltaOmission δ
	// at the reward step on the last omission trial; DeltaExtinction δ at
	// the cue on the last extinction trial; TransferTrials the first
	// rewarded trial with δ at the cue ≥ 0.9 and |δ at the reward| ≤ 0.1.
	DeltaFirst      *float64 `json:"delta_first,omitempty"`
	DeltaCue        *float64 `json:"delta_cue,omitempty"`
	DeltaReward     *float64 `json:"delta_reward,omitempty"`
	DeltaOmission   *float64 `json:"delta_omission,omitempty"`
	DeltaExtinction *float64 `json:"delta_extinction,omitempty"`
	TransferTrials  *float64 `json:"transfer_trials,omitempty"`
	// MeanReward is the bandit's mean reward over the final window.
	MeanReward *float64 `json:"mean_reward,omitempty"`
	// Gridworld: PathLength is the steps of the greedy path after
	// training (seeds whose path reaches the goal), ShortestPath the
	// breadth-first shortest path, ConvergedEpisode the episode after
	// which the greedy path stayed a shortest path (seeds that got there).
	PathLength       *float64 `json:"path_length,omitempty"`
	ShortestPath     *float64 `json:"shortest_path,omitempty"`
	ConvergedEpisode *float64 `json:"converged_episode,omitempty"`

	// Continual is set on continual-learning rows (rules sequential,
	// joint, ewc, replay, src on split_mnist); nil elsewhere. The final
	// accuracy over all digits is TestAccuracy.
	Continual *ContinualStats `json:"continual,omitempty"`
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
	dream        *ImageGrid    // dbn with dream > 0
	heatmap      *Heatmap      // td on conditioning: δ per trial and step
	dreamAcc     float64       // fraction of dream images a classifier labels as their class
	restarts     int           // boltzmann: restarts within the run
	codes        float64       // boltzmann encoder: 1 if the hidden codes of all patterns differ, 0 if not; -1: not measured
	rl           *rlSeed       // reinforcement-learning rules
	image        *ImageGrid    // td with png: the heatmap of δ
	cont         *sleep.Result // continual-learning rules
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
	out := runSeed{epochs: *r.Epochs, codes: -1}
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
		out.dreamAcc = float64(ok) / float64(len(imgs))
	}
	if *r.ReadoutEpochs == 0 {
		out.acc = dbn.Accuracy(set)
		if d.hasTest {
			out.testAcc = dbn.Accuracy(d.test)
		}
		return out, ctx.Err()
	}
	m := dbn.MLP(rng)
	m.Train(set, learn.Options{Epochs: *r.ReadoutEpochs, Batch: 64, LR: float32(*r.ReadoutLR), Momentum: 0.9, Rng: rng, Epoch: live})
	out.acc = m.Accuracy(set)
	if d.hasTest {
		out.testAcc = m.Accuracy(d.test)
	}
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
	out := runSeed{epochs: epochs, codes: -1}
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
	case configs.RuleRBM:
		m := rbm.New(set.Cols, r.Hidden[0], 0, rng)
		m.SetVisibleBiases(set)
		m.Train(set, rbmOptions(r, rng))
		out.acc, out.testAcc = readout(r, m.Features(set), m.Features(d.test), d.hasTest, rng, live)
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
		out = runSeed{acc: a, solved: res.Solved || a == 1, epochs: res.Cycles, restarts: res.Restarts, codes: -1}
		if r.Connectivity == configs.ConnEncoder {
			out.codes = b2f(m.DistinctCodes(task) == len(task.Patterns))
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
			var acc, test, dream, codes, restarts stats
			epochs := make([]int, 0, seeds)
			var rls []*rlSeed
			var conts []*sleep.Result
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
				acc.add(out.acc)
				test.add(out.testAcc)
				if out.codes >= 0 {
					codes.add(out.codes)
				}
				if r.Rule == configs.RuleBoltzmann {
					restarts.add(float64(out.restarts))
				}
				if out.rl != nil {
					rls = append(rls, out.rl)
				}
				if out.cont != nil {
					conts = append(conts, out.cont)
				}
				if out.image != nil && k == 0 { // the first seed's heatmap goes to the PNG
					res.Images = append(res.Images, *out.image)
				}
				if out.heatmap != nil && k == 0 {
					res.Heatmaps = append(res.Heatmaps, *out.heatmap)
				}
				if out.dream != nil {
					dream.add(out.dreamAcc)
					if k == 0 { // the first seed's dreams go to the PNG
						res.Images = append(res.Images, *out.dream)
					}
				}
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
				if d.valid {
					row.ValAccuracy, row.ValAccuracyStd = &m, &sd
				} else {
					row.TestAccuracy, row.TestAccuracyStd = &m, &sd
				}
			}
			if codes.n > 0 {
				m := codes.mean()
				row.AllCodes = &m
			}
			if restarts.n > 0 && restarts.sum > 0 {
				m := restarts.mean()
				row.Restarts = &m
			}
			if dream.n > 0 {
				m := dream.mean()
				row.DreamAccuracy = &m
			}
			if len(rls) > 0 {
				fillRL(&row, rls)
			}
			if len(conts) > 0 {
				fillContinual(&row, conts)
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
