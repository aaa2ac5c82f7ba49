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
	"github.com/brainsim/brainsim/learn"
)

// TrainRow summarizes one learning rule on one task over the seeds.
type TrainRow struct {
	Rule  string `json:"rule"` // the [[rule]] name
	Kind  string `json:"kind"` // perceptron | delta | backprop | boltzmann
	Task  string `json:"task"` // the [[task]] name
	Seeds int    `json:"seeds"`
	// Solved is the fraction of seeds whose run solved the task: final
	// accuracy 1 (boltzmann: the machine's own test, BoltzmannChecks
	// independent completions of every pattern all right).
	Solved float64 `json:"solved"`
	// Accuracy and AccuracyStd are the mean and standard deviation over the
	// seeds of the final fraction of patterns right.
	Accuracy    float64 `json:"accuracy"`
	AccuracyStd float64 `json:"accuracy_std"`
	// Epochs is the mean number of epochs (learning cycles) run; training
	// stops early once the task is solved.
	Epochs float64 `json:"epochs"`
	// MedianEpochs is the median over the seeds of the epochs (learning
	// cycles) run, the statistic Ackley, Hinton & Sejnowski report.
	MedianEpochs float64 `json:"median_epochs"`
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
	acc    float64
	solved bool
	epochs int
}

// taskSet returns the data set a [[task]] names.
func taskSet(t *configs.Task) (dataset.Set, error) {
	switch t.Data {
	case "and":
		return dataset.AND(), nil
	case "or":
		return dataset.OR(), nil
	case "xor":
		return dataset.XOR(), nil
	case "parity":
		return dataset.Parity(*t.Bits), nil
	case "encoder":
		return dataset.Encoder(*t.Bits, t.Name), nil
	}
	return dataset.Set{}, fmt.Errorf("task %q: unknown data %q", t.Name, t.Data)
}

// outputs is the number of output units a learner needs for set.
func outputs(set *dataset.Set, softmax bool) int {
	switch {
	case set.Targets != nil && !softmax:
		return set.TargetCols
	case softmax:
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

// trainOnce runs rule r on set with rng.
func trainOnce(r *configs.Rule, set dataset.Set, rng *rand.Rand) runSeed {
	epochs := *r.Epochs
	switch r.Rule {
	case configs.RulePerceptron:
		p := learn.NewPerceptron(set.Cols, outputs(&set, false))
		n := p.Train(set, epochs, float32(*r.LR), rng)
		a := p.Accuracy(set)
		return runSeed{a, a == 1, n}
	case configs.RuleDelta:
		d := learn.NewDelta(set.Cols, outputs(&set, false))
		n := d.Train(set, epochs, float32(*r.LR), rng)
		a := d.Accuracy(set)
		return runSeed{a, a == 1, n}
	case configs.RuleBackprop:
		out := outputKinds[r.Output]
		sizes := append([]int{set.Cols}, r.Hidden...)
		sizes = append(sizes, outputs(&set, out == learn.Softmax))
		m := learn.NewMLP(sizes, activations[r.Activation], out, rng)
		n := m.Train(set, learn.Options{Epochs: epochs, Batch: *r.Batch, LR: float32(*r.LR), Momentum: float32(*r.Momentum), Rng: rng, StopAt: 1})
		a := m.Accuracy(set)
		return runSeed{a, a == 1, n}
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
		return runSeed{a, res.Solved || a == 1, res.Cycles}
	}
	panic("experiment: unknown rule " + r.Rule) // Validate checked the rules
}

// runTrain runs every rule on every task for every seed.
func runTrain(ctx context.Context, f *configs.File, seed int64, start time.Time) (*Result, error) {
	seeds := 1
	if f.Experiment.Seeds != nil {
		seeds = *f.Experiment.Seeds
	}
	res := &Result{Experiment: f.Experiment.Name, Seed: seed, Train: []TrainRow{}}
	sets := make([]dataset.Set, len(f.Task))
	for i := range f.Task {
		s, err := taskSet(&f.Task[i])
		if err != nil {
			return nil, err
		}
		sets[i] = s
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
	for ri := range f.Rule {
		r := &f.Rule[ri]
		for ti := range f.Task {
			t := &f.Task[ti]
			row := TrainRow{Rule: r.Name, Kind: r.Rule, Task: t.Name, Seeds: seeds}
			var sum, sum2 float64
			epochs := make([]int, 0, seeds)
			for k := range seeds {
				if err := ctx.Err(); err != nil {
					res.LoopS = time.Since(t0).Seconds()
					res.WallS = time.Since(start).Seconds()
					return res, err
				}
				rng := rand.New(rand.NewPCG(uint64(seed+int64(k)), runHash(r.Name, t.Name)))
				out := trainOnce(r, sets[ti], rng)
				sum += out.acc
				sum2 += out.acc * out.acc
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
			row.Accuracy = sum / n
			if seeds > 1 {
				row.AccuracyStd = math.Sqrt(max(0, (sum2-sum*sum/n)/(n-1)))
			}
			res.Train = append(res.Train, row)
		}
	}
	res.LoopS = time.Since(t0).Seconds()
	res.WallS = time.Since(start).Seconds()
	return res, nil
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
