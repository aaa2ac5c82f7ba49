package experiment

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"time"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/registry"

	_ "github.com/brainsim/brainsim/models" // the unit models
	_ "github.com/brainsim/brainsim/rules"  // the learning rules
	_ "github.com/brainsim/brainsim/tasks"  // the tasks they run on
)

// TrainRow summarizes one learning rule on one task over the seeds: the
// metrics its rule and task have (registry.Metrics describes them), each
// the mean and sd, the median or the share of the seeds, named for what
// they are: a classifier's accuracy, test_accuracy (or val_accuracy),
// epochs and, on a task trained until solved, solved and median_epochs;
// a bandit's optimal_choice and mean_reward; a grid world's
// shortest_found and path_length; conditioning's reproduces and TD
// errors; a continual rule's test_accuracy, after_task and bwt.
type TrainRow struct {
	Rule  string // the [[rule]] name
	Kind  string // its rule (brainsim list rules)
	Task  string // the [[task]] name
	Seeds int
	// Metrics are the row's figures, in the order the rule gave them.
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

// runHash mixes the rule and task names into the second PCG word.
func runHash(rule, task string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(rule))
	h.Write([]byte{0})
	h.Write([]byte(task))
	return h.Sum64()
}

// loadTasks loads the data of every [[task]] of f.
func loadTasks(f *configs.File) ([]*registry.Task, error) {
	cache := &registry.Cache{}
	out := make([]*registry.Task, len(f.Task))
	for i := range f.Task {
		t := &f.Task[i]
		kind, ok := registry.LookupTask(t.Data)
		if !ok { // a File built in Go and not validated
			return nil, f.TaskError(i, "data", fmt.Sprintf("unknown data %q (brainsim list tasks)", t.Data))
		}
		d, err := kind.Load(t.Name, t.Params, cache)
		if err != nil {
			var ke *registry.KeyError
			if errors.As(err, &ke) {
				return nil, f.TaskError(i, ke.Key, ke.Msg)
			}
			return nil, f.TaskError(i, "", err.Error())
		}
		d.Name, d.Data, d.Params = t.Name, t.Data, t.Params
		out[i] = d
	}
	return out, nil
}

// TrainInterrupted is the error of a train-mode run that was cancelled:
// where it stopped and what it had finished. It wraps the context's error.
type TrainInterrupted struct {
	Rule, Task  string // the [[rule]] and [[task]] being trained ("": the data was loading)
	Seed, Seeds int    // the seed being trained (from 1) of the seeds
	Rows, Of    int    // rule × task rows finished, of all
	Err         error
}

func (e *TrainInterrupted) Error() string {
	if e.Rule == "" {
		return fmt.Sprintf("interrupted while loading the tasks' data; 0 of %d rule-task rows finished", e.Of)
	}
	return fmt.Sprintf("interrupted in rule %q on task %q, seed %d of %d; %d of %d rule-task rows finished", e.Rule, e.Task, e.Seed, e.Seeds, e.Rows, e.Of)
}

func (e *TrainInterrupted) Unwrap() error { return e.Err }

// runTrain runs every rule on every task for every seed.
func runTrain(ctx context.Context, f *configs.File, seed int64, start time.Time, ck *trainCheckpoints) (*Result, error) {
	seeds := 1
	if f.Experiment.Seeds != nil {
		seeds = *f.Experiment.Seeds
	}
	res := &Result{Experiment: f.Experiment.Name, Seed: seed, Train: []TrainRow{}}
	// Loading (MNIST: a few seconds) is left behind on cancellation: the
	// loaders do not take a context, and their result is then unused.
	type loaded struct {
		data []*registry.Task
		err  error
	}
	ch := make(chan loaded, 1)
	go func() {
		data, err := loadTasks(f)
		ch <- loaded{data, err}
	}()
	var data []*registry.Task
	select {
	case l := <-ch:
		if l.err != nil {
			return nil, l.err
		}
		data = l.data
	case <-ctx.Done():
		return res, &TrainInterrupted{Of: len(f.Rule) * len(f.Task), Err: ctx.Err()}
	}
	t0 := time.Now()
	stop := func(err error) (*Result, error) {
		res.LoopS = time.Since(t0).Seconds()
		res.WallS = time.Since(start).Seconds()
		return res, err
	}
	// The place to start from: the beginning, or a checkpoint's.
	pr := &trainProgress{}
	if ck != nil && ck.resume != nil {
		if err := ck.resume.check(f); err != nil {
			return nil, err
		}
		pr = ck.resume
		res.Train = append(res.Train, pr.Rows...)
		res.Images, res.Heatmaps = pr.Images, pr.Heatmaps
	}
	for ri := pr.Rule; ri < len(f.Rule); ri++ {
		r := &f.Rule[ri]
		spec, ok := registry.LookupRule(r.Rule)
		if !ok || r.Params == nil { // a File built in Go and not validated
			return stop(fmt.Errorf("rule %q: unknown rule %q, or its file was not validated (brainsim list rules)", r.Name, r.Rule))
		}
		firstTask := 0
		if ri == pr.Rule {
			firstTask = pr.Task
		}
		for ti := firstTask; ti < len(f.Task); ti++ {
			t := &f.Task[ti]
			if !registry.Provides(t.Data, spec.Needs) {
				return stop(fmt.Errorf("rule %q (%s) runs on %s only, but task %q has data %q", r.Name, r.Rule, registry.NeedsText(spec), t.Name, t.Data))
			}
			seeds := seeds
			if t.Seeds != nil {
				seeds = *t.Seeds
			}
			row := TrainRow{Rule: r.Name, Kind: r.Rule, Task: t.Name, Seeds: seeds, Reference: t.Reference}
			samples := make([][]Sample, 0, seeds)
			var perTask [][][]float64
			firstSeed := 0
			if ri == pr.Rule && ti == pr.Task {
				firstSeed = pr.Seed
				samples, perTask = append(samples, pr.Samples...), pr.PerTask
			}
			tr := time.Now()
			interrupted := func(k int, err error) (*Result, error) {
				return stop(&TrainInterrupted{Rule: r.Name, Task: t.Name, Seed: k + 1, Seeds: seeds,
					Rows: len(res.Train), Of: len(f.Rule) * len(f.Task), Err: err})
			}
			for k := firstSeed; k < seeds; k++ {
				// The place of this run, for a checkpoint: what is finished.
				at := func() *trainProgress {
					return &trainProgress{Rule: ri, Task: ti, Seed: k, Rows: res.Train[:len(res.Train):len(res.Train)],
						Samples: samples, PerTask: perTask, Images: res.Images, Heatmaps: res.Heatmaps,
						where: fmt.Sprintf("rule %q on task %q, seed %d of %d", r.Name, t.Name, k+1, seeds)}
				}
				inRun := pr.InRun != nil && ri == pr.Rule && ti == pr.Task && k == pr.Seed
				if ck != nil && !inRun && ck.due() {
					if err := ck.save(at(), nil); err != nil {
						return stop(err)
					}
				}
				if err := ctx.Err(); err != nil {
					return interrupted(k, err)
				}
				run := &registry.Run{Ctx: ctx, Rule: r.Name, Task: data[ti], Net: f.Net(),
					Rng: rand.New(rand.NewPCG(uint64(seed+int64(k)), runHash(r.Name, t.Name)))}
				var rc *runCheckpoints
				if ck != nil {
					rc = &runCheckpoints{ck: ck, run: run, at: at}
					if inRun {
						rc.resume, pr.InRun = pr.InRun, nil
					}
					run.Checkpoints = rc
				}
				if err := spec.Train(r.Params, run); err != nil {
					if ctx.Err() != nil {
						return interrupted(k, rc.onInterrupt(ctx.Err()))
					}
					return stop(fmt.Errorf("rule %q on task %q: %w", r.Name, t.Name, err))
				}
				if err := ctx.Err(); err != nil { // a rule that returned without looking
					return interrupted(k, rc.onInterrupt(err))
				}
				samples = append(samples, run.Samples)
				if run.PerTask != nil {
					perTask = append(perTask, run.PerTask)
				}
				if k == 0 { // the first seed's pictures go to the PNGs
					res.Images = append(res.Images, run.Images...)
					res.Heatmaps = append(res.Heatmaps, run.Heatmaps...)
				}
			}
			row.Metrics = aggregate(samples)
			row.PerTask = meanMatrix(perTask)
			row.TimeS = time.Since(tr).Seconds() // of this process (a resumed row: since the checkpoint)
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
