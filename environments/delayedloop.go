package environments

import (
	"fmt"
	"math"

	"github.com/brainsim/brainsim/cortex"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/units"
)

// DelayedLoop are the keys of kind delayed_loop: control of a plant whose
// output is sensed late, with and without a learned forward model (Miall,
// Weir, Wolpert & Stein 1993, J Motor Behav 25:203, "Is the cerebellum a
// Smith predictor?"). The plant is first order, τ dy/dt = −y + u; the
// sensed output is y(t − delay). The controller is proportional with a
// feedforward term, u = target + gain·(target − ŷ), with ŷ either the
// sensed output (feedback) or the
// Smith predictor's estimate of the present output,
//
//	ŷ = p(t) + y(t − delay) − p(t − delay),
//
// p the prediction population's activity: the cerebellum's forward model
// of the plant, which reads the command (efference copy) on the command
// population and learns from the error population, which carries the
// prediction's mismatch when the sensed output arrives, p(t − delay) −
// y(t − delay). The protocol: step trials under feedback, step trials
// under the predictor before learning, a babbling phase of random commands
// (the forward model learns; it learns in no other stage), step trials
// under the predictor and under feedback again. Each trial steps the target from 0 to 1 and measures
// the overshoot and the settling time (the last time the output is more
// than 5% of the step from the target).
type DelayedLoop struct {
	Command    string `toml:"command,omitempty" doc:"the efference copy of the command, one unit (required)"`
	Prediction string `toml:"prediction,omitempty" doc:"the forward model's prediction of the plant's output, one unit, read every step (required)"`
	Error      string `toml:"error,omitempty" doc:"the prediction error (climbing fibre) when the sensed output arrives, one unit (required)"`

	PlantTau  units.Time `toml:"plant_tau" doc:"time constant of the plant (first order)"`
	Delay     units.Time `toml:"delay" doc:"latency of the sensed output, a whole number of steps"`
	Gain      float64    `toml:"gain" doc:"the controller's gain"`
	Trials    int        `toml:"trials" doc:"step trials per test"`
	Trial     units.Time `toml:"trial" doc:"length of a step trial: a quarter at target 0, then the target steps to 1"`
	Babble    units.Time `toml:"babble" doc:"length of the babbling phase of random commands"`
	BabbleSD  float64    `toml:"babble_sd" doc:"standard deviation of the random command"`
	BabbleTau units.Time `toml:"babble_tau" doc:"correlation time of the random command (a low-passed white noise)"`
}

// FigureLoopSteps is the step responses of a delayed_loop run.
const FigureLoopSteps = "loop_steps"

func init() {
	registry.DescribeFigure(FigureLoopSteps, "an environment of kind delayed_loop")
	registry.RegisterEnvironment(registry.Environment{
		Name:      "delayed_loop",
		Doc:       "control of a first-order plant sensed late: proportional feedback against a Smith predictor built on a learned forward model (cerebellum)",
		EndsRun:   true,
		OwnStages: true,
		Figures:   []string{FigureLoopSteps},
		Params: func() any {
			return &DelayedLoop{PlantTau: 100, Delay: 100, Gain: 2, Trials: 4, Trial: 4000, Babble: 600000, BabbleSD: 1, BabbleTau: 200}
		},
		Check: func(pa any, c *registry.Check) {
			e := pa.(*DelayedLoop)
			pop(c, "command", e.Command, 1)
			pop(c, "prediction", e.Prediction, 1)
			pop(c, "error", e.Error, 1)
			pos := func(key string, t units.Time) {
				if !(t > 0) || math.IsInf(float64(t), 0) {
					c.Errf(key, "must be a time > 0, got %s", t)
				}
			}
			pos("plant_tau", e.PlantTau)
			pos("trial", e.Trial)
			pos("babble_tau", e.BabbleTau)
			if !(e.Babble >= 0) || math.IsInf(float64(e.Babble), 0) {
				c.Errf("babble", "must be a time >= 0, got %s", e.Babble)
			}
			if s, ok := wholeSteps(c, "delay", &e.Delay, "the delay"); ok && s < 1 {
				c.Errf("delay", "must be at least one step of dt")
			}
			if !(e.Gain > 0) || math.IsInf(e.Gain, 0) {
				c.Errf("gain", "must be > 0, got %v", e.Gain)
			}
			if !(e.BabbleSD >= 0) || math.IsInf(e.BabbleSD, 0) {
				c.Errf("babble_sd", "must be >= 0, got %v", e.BabbleSD)
			}
			if e.Trials < 1 {
				c.Errf("trials", "must be >= 1, got %d", e.Trials)
			}
		},
		Build: func(pa any, h registry.EnvHost) (registry.Env, error) {
			e := pa.(*DelayedLoop)
			dt := h.Net().Dt
			d := &dlEnv{h: h, e: *e, dt: dt, plantDecay: math.Exp(-dt / float64(e.PlantTau)), babbleDecay: math.Exp(-dt / float64(e.BabbleTau))}
			var err error
			if d.cmd, err = h.Clamp(e.Command); err != nil {
				return nil, err
			}
			if d.err, err = h.Clamp(e.Error); err != nil {
				return nil, err
			}
			p := h.Net().Population(e.Prediction)
			if p == nil || p.Unit.Output() == nil {
				return nil, fmt.Errorf("prediction %q: not a rate population", e.Prediction)
			}
			d.pred = p.Unit.Output()
			n := int(h.Steps(float64(e.Delay)))
			d.ySeen, d.pSeen = make([]float64, n), make([]float64, n)
			trial := h.Steps(float64(e.Trial))
			d.stages = []dlStage{
				{Name: "feedback, before learning", Trials: e.Trials, Trial: trial},
				{Name: "predictor, before learning", Predict: true, Trials: e.Trials, Trial: trial},
			}
			if b := h.Steps(float64(e.Babble)); b > 0 {
				d.stages = append(d.stages, dlStage{Name: "babbling", Babble: true, Steps: b})
			}
			d.stages = append(d.stages,
				dlStage{Name: "predictor, after learning", Predict: true, Trials: e.Trials, Trial: trial},
				dlStage{Name: "feedback, after learning", Trials: e.Trials, Trial: trial})
			for i := range d.stages {
				if st := &d.stages[i]; !st.Babble {
					st.Steps = int64(st.Trials) * st.Trial
				}
			}
			return d, nil
		},
	})
}

// dlStage is a part of the protocol; a test's trials each rest a quarter
// of the trial at target 0 and step to 1 for the rest.
type dlStage struct {
	Name         string
	Predict      bool
	Babble       bool
	Trials       int
	Trial, Steps int64
	Start        int64
	// Per trial, the output at the step, its peak, the last step it was
	// more than 5% off the target; over the stage, the squared
	// prediction error and its count.
	Peak, Settle []float64
	PE2, N       float64
	Trace        []float64 // the output over the stage's first trial
	yStep        float64
	peak         float64
	last         int64
}

// dlEnv runs the protocol step by step.
type dlEnv struct {
	h        registry.EnvHost
	e        DelayedLoop
	dt       float64
	cmd, err *registry.Clamp
	pred     []float32
	// Per step, exp(−dt/plant_tau) and exp(−dt/babble_tau).
	plantDecay, babbleDecay float64

	stages []dlStage
	stage  int
	// The plant's output, the command's noise, and the outputs and
	// predictions still in flight to the senses.
	y, noise     float64
	ySeen, pSeen []float64
	pos          int
}

func (d *dlEnv) Attach() error {
	return d.h.Net().AddOperation(cortex.Operation{Name: "delayed_loop", Every: 1, Run: d.step})
}

func (d *dlEnv) step(s int64) error {
	if d.stage >= len(d.stages) {
		return cortex.ErrStop
	}
	st := &d.stages[d.stage]
	if s-st.Start >= st.Steps {
		d.endTrial(st)
		d.stage++
		if d.stage == len(d.stages) {
			return cortex.ErrStop
		}
		st = &d.stages[d.stage]
		st.Start = s
	}
	k := s - st.Start
	if k == 0 {
		// The forward model learns while babbling only, so that each
		// test sees the model its stage names.
		d.h.SetLearn(st.Babble)
	}
	p := float64(d.pred[0]) // the forward model's prediction of y now
	// What reaches the senses now: the output and the prediction of
	// delay ago.
	yLate, pLate := d.ySeen[d.pos], d.pSeen[d.pos]
	d.ySeen[d.pos], d.pSeen[d.pos] = d.y, p
	d.pos = (d.pos + 1) % len(d.ySeen)
	d.err.V[0] = float32(pLate - yLate)
	st.PE2 += (pLate - yLate) * (pLate - yLate)
	st.N++

	var u float64
	if st.Babble {
		// Low-passed white noise of standard deviation babble_sd.
		a := d.babbleDecay
		d.noise = a*d.noise + math.Sqrt(1-a*a)*d.e.BabbleSD*d.h.Rand().NormFloat64()
		u = d.noise
	} else {
		t := k % st.Trial
		if t == 0 && k > 0 {
			d.endTrial(st)
		}
		target := 0.0
		if t >= st.Trial/4 {
			target = 1
		}
		if t == st.Trial/4 {
			st.yStep, st.peak, st.last = d.y, d.y, t
		}
		est := yLate
		if st.Predict {
			est = p + yLate - pLate
		}
		u = target + d.e.Gain*(target-est) // the feedforward term holds the target at rest (the plant's DC gain is 1)
		if k < st.Trial {
			st.Trace = append(st.Trace, d.y)
		}
		if t >= st.Trial/4 {
			st.peak = max(st.peak, d.y)
			if math.Abs(d.y-1) > 0.05*math.Abs(1-st.yStep) {
				st.last = t
			}
		}
	}
	d.cmd.V[0] = float32(u)
	// The plant, exact for u held over the step.
	d.y = u + (d.y-u)*d.plantDecay
	return nil
}

// endTrial records the trial of st that just ended.
func (d *dlEnv) endTrial(st *dlStage) {
	if st.Babble || len(st.Peak) >= st.Trials {
		return
	}
	step := 1 - st.yStep
	st.Peak = append(st.Peak, (st.peak-1)/step)
	settle := math.NaN() // not settled by the trial's end
	if st.last < st.Trial-1 {
		settle = float64(st.last+1-st.Trial/4) * d.dt / 1000
	}
	st.Settle = append(st.Settle, settle)
}

func (d *dlEnv) Tables(int64) []Table {
	rows := [][]any{}
	for i := range d.stages {
		st := &d.stages[i]
		if i > d.stage || st.N == 0 {
			break
		}
		over, settle, unsettled := math.NaN(), math.NaN(), 0
		if len(st.Peak) > 0 {
			over, settle = 0, 0
			for k := range st.Peak {
				over += st.Peak[k] / float64(len(st.Peak))
				if math.IsNaN(st.Settle[k]) {
					unsettled++
					continue
				}
				settle += st.Settle[k]
			}
			if n := len(st.Peak) - unsettled; n > 0 {
				settle /= float64(n)
			} else {
				settle = math.NaN()
			}
		}
		ctl := "feedback"
		switch {
		case st.Babble:
			ctl = "random commands"
		case st.Predict:
			ctl = "Smith predictor"
		}
		trials := any(nil)
		if !st.Babble {
			trials = len(st.Peak)
		}
		rows = append(rows, []any{st.Name, ctl, trials, nanNull(over), nanNull(settle), unsettled, math.Sqrt(st.PE2 / st.N)})
	}
	return []Table{{Title: fmt.Sprintf("delayed_loop: step responses (gain %g, delay %s, plant %s)", d.e.Gain, d.e.Delay, d.e.PlantTau),
		Columns: []string{"stage", "controller", "trials", "overshoot", "settling_s", "unsettled", "prediction_error_rms"},
		Rows:    rows}}
}

// Plots draws the first trial's output under feedback before learning and
// under the predictor after it, against the time since the target
// stepped, with the target.
func (d *dlEnv) Plots(int64) []registry.Plot {
	var curves []registry.Curve
	for i := range d.stages {
		st := &d.stages[i]
		if st.Babble || len(st.Trace) == 0 || i != 0 && !(st.Predict && i > 2) {
			continue // feedback before learning, the predictor after it
		}
		x := make([]float64, len(st.Trace))
		for k := range x {
			x[k] = float64(int64(k)-st.Trial/4) * d.dt / 1000
		}
		curves = append(curves, registry.Curve{Name: st.Name, X: x, Y: st.Trace})
	}
	if len(curves) == 0 {
		return nil
	}
	n := curves[0].X
	curves = append(curves, registry.Curve{Name: "target", X: []float64{n[0], 0, 0, n[len(n)-1]}, Y: []float64{0, 0, 1, 1}})
	return []registry.Plot{{Figure: FigureLoopSteps, Title: fmt.Sprintf("delayed loop: step responses (gain %g, delay %s)", d.e.Gain, d.e.Delay),
		XLabel: "time since the step (s)", YLabel: "plant output", Curves: curves}}
}
