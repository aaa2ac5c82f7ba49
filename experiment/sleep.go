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
	out := runSeed{perTask: res.Acc}
	out.add(scalar("test_accuracy", res.Final), vector("after_task", res.Seen), scalar("bwt", res.BWT),
		scalar("epochs", float64(*r.Epochs)))
	return out, err
}
