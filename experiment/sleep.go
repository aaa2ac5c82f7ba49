package experiment

import (
	"context"
	"math/rand/v2"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/learn"
	"github.com/brainsim/brainsim/sleep"
)

// trainContinual runs a continual-learning rule (sequential, joint, ewc,
// replay, src, generative, sleep) on a split_mnist task: sleep.Run with the SRC protocol
// and the rule's keys. Accuracy and test accuracy are both the final
// test accuracy over all ten digits; the run keeps the whole result.
func trainContinual(ctx context.Context, r *configs.Rule, d *taskData, rng *rand.Rand) (runSeed, error) {
	p, o := sleep.SRCProtocol(), sleep.DefaultOptions()
	if r.Protocol == configs.ProtocolPyTorch {
		p, o.SRC = sleep.ReproProtocol(), sleep.ReproSleep()
	}
	p.Epochs, p.Batch = *r.Epochs, *r.Batch
	p.Output = learn.ReLUMSE
	if r.Output == "softmax" {
		p.Output = learn.Softmax
	}
	p.LR, p.Momentum = float32(*r.LR), float32(*r.Momentum)
	p.Hidden, p.PerTask, p.Dropout = r.Hidden, *r.PerTask, float32(*r.Dropout)
	if r.AllData != nil {
		p.AllData = *r.AllData
	}
	if r.EWCLambda != nil {
		o.EWCLambda = *r.EWCLambda
	}
	if r.ReplayPerClass != nil {
		o.ReplayPerClass = *r.ReplayPerClass
	}
	if r.SleepSteps != nil {
		// The sleep after task i lasts sleep_steps·(1 + (i−1)·ratio), the
		// ratio of the protocol (Tadros: 1/3; PyTorch: 1/2).
		o.SRC.StepsPerTask = o.SRC.StepsPerTask * *r.SleepSteps / o.SRC.Steps
		o.SRC.Steps = *r.SleepSteps
	}
	o.Phases = r.SleepPhases
	if r.Spindles != nil {
		o.Spindles.Spindles = *r.Spindles
	}
	if r.SpindleSize != nil {
		o.Spindles.Size = *r.SpindleSize
	}
	if r.GenPerClass != nil {
		o.GenPerClass = *r.GenPerClass
	}
	if r.SleepInc != nil {
		o.SRC.Inc = *r.SleepInc
	}
	if r.SleepDec != nil {
		o.SRC.Dec = *r.SleepDec
	}
	res, err := sleep.Run(ctx, p, sleep.Method(r.Rule), o, d.train, d.test, rng)
	out := runSeed{acc: res.Final, testAcc: res.Final, epochs: *r.Epochs, codes: -1, cont: &res}
	return out, err
}

// ContinualStats are the continual-learning columns of a [TrainRow]:
// AfterTask[i] and AfterTaskStd[i] are the mean and standard deviation
// over the seeds of the test accuracy over all digits seen after task
// i+1; BWT and BWTStd those of the backward transfer
// 1/(T−1) Σ_{j<T} (R_T,j − R_j,j), R_i,j the accuracy on task j's test
// digits after task i (negative = forgetting).
type ContinualStats struct {
	AfterTask    []float64 `json:"after_task"`
	AfterTaskStd []float64 `json:"after_task_std"`
	BWT          float64   `json:"bwt"`
	BWTStd       float64   `json:"bwt_std"`
	// PerTask[i][j] is the mean over the seeds of the test accuracy on
	// task j's digits after task i+1.
	PerTask [][]float64 `json:"per_task"`
}

// fillContinual sets the continual-learning fields of row from the runs.
func fillContinual(row *TrainRow, runs []*sleep.Result) {
	T := len(runs[0].Seen)
	c := &ContinualStats{AfterTask: make([]float64, T), AfterTaskStd: make([]float64, T)}
	for i := range T {
		var s stats
		for _, r := range runs {
			s.add(r.Seen[i])
		}
		c.AfterTask[i], c.AfterTaskStd[i] = s.mean(), s.std()
	}
	var b stats
	for _, r := range runs {
		b.add(r.BWT)
	}
	c.BWT, c.BWTStd = b.mean(), b.std()
	c.PerTask = make([][]float64, T)
	for i := range T {
		c.PerTask[i] = make([]float64, len(runs[0].Acc[i]))
		for j := range c.PerTask[i] {
			for _, r := range runs {
				c.PerTask[i][j] += r.Acc[i][j] / float64(len(runs))
			}
		}
	}
	row.Continual = c
}
