package experiment

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/registry"
)

// Options tune one run.
type Options struct {
	// Seed, when non-nil, replaces experiment.seed.
	Seed *int64
	// Progress, when non-nil, is called from the run's goroutine after every
	// scheduler window with the steps done and the total (counted from the
	// run's start, also when it resumed from a checkpoint).
	Progress func(done, total int64)
	// Start is the moment wall_s counts from (process start); zero means the
	// moment Run is called.
	Start time.Time
	// Sink, when set, receives the recorded spikes and traces while the
	// run goes on (see RecordSink): every 10,000 steps, or sooner when
	// 32,768 spikes wait, and at the end.
	Sink RecordSink
	// KeepSpikes and KeepSamples bound what Result.Spikes and each of
	// Result.Traces keep (the first ones; 0: all). With a Sink everything
	// still reaches the sink; with bounds a run of any duration holds
	// bounded memory for its records.
	KeepSpikes, KeepSamples int
	// Checkpoint, when set, saves the run's state as it goes (simulate
	// mode; see checkpoint.go).
	Checkpoint *Checkpointing
	// Resume, when set, holds a state saved by a run of the same config
	// and seed: the run continues from it to the end.
	Resume io.Reader

	// done, when set (tests), is called with the model when the run ends;
	// saving before it saves a checkpoint.
	done, saving func(*Model)
}

// BuildError is the error of a network that could not be built from its
// config file (something the config asks that the engine refuses): a
// config error, as validation's, though found while building.
type BuildError struct {
	File string
	Err  error
}

func (e *BuildError) Error() string {
	if e.File == "" {
		return e.Err.Error()
	}
	return e.File + ": " + e.Err.Error()
}

func (e *BuildError) Unwrap() error { return e.Err }

// CheckBuild builds the network of f and drops it, to find what building
// refuses without running (validate); it skips train mode and networks
// whose memory estimate is above maxBytes.
func CheckBuild(ctx context.Context, f *configs.File, maxBytes float64) error {
	if f.Experiment.Mode == configs.ModeTrain {
		return nil
	}
	if est, _ := f.MemoryEstimate(); est > maxBytes {
		return nil
	}
	seed := int64(1)
	if f.Experiment.Seed != nil {
		seed = *f.Experiment.Seed
	}
	if _, err := BuildContext(ctx, f, seed); err != nil {
		if ctx.Err() != nil {
			return err
		}
		return &BuildError{File: f.Source(), Err: err}
	}
	return nil
}

// BuildInterrupted is the error of a run cancelled while its network was
// being built. It wraps the context's error.
type BuildInterrupted struct{ Err error }

func (e *BuildInterrupted) Error() string { return "interrupted while building the network" }
func (e *BuildInterrupted) Unwrap() error { return e.Err }

// Run builds the network an experiment file describes, simulates it for
// experiment.duration and returns the result. In train mode it instead
// runs every [[rule]] on every [[task]] for experiment.seeds seeds
// (seed, seed+1, ...) and returns Result.Train. Cancelling ctx stops the run
// at the next scheduler window and returns ctx.Err() with the partial result
// (statistics up to the step reached). An unstable integration returns an
// error naming the population and the step, with the partial result.
func Run(ctx context.Context, f *configs.File, opt Options) (*Result, error) {
	start := opt.Start
	if start.IsZero() {
		start = time.Now()
	}
	seed := int64(1)
	if f.Experiment.Seed != nil {
		seed = *f.Experiment.Seed
	}
	if opt.Seed != nil {
		seed = *opt.Seed
	}
	if f.Experiment.Mode == configs.ModeTrain {
		var tc *trainCheckpoints
		if opt.Checkpoint != nil || opt.Resume != nil {
			tc = &trainCheckpoints{opt: opt.Checkpoint, ctx: ctx, f: f, last: time.Now()}
			if opt.Resume != nil {
				var err error
				if tc.resume, err = readTrainProgress(opt.Resume); err != nil {
					return nil, err
				}
			}
		}
		return runTrain(ctx, f, seed, start, tc)
	}
	t0 := time.Now()
	// Building (the microcircuit: half a minute) stops at the next
	// population or projection when ctx is cancelled; Run returns at once,
	// leaving that to finish in the background.
	type built struct {
		m   *Model
		err error
	}
	ch := make(chan built, 1)
	go func() {
		m, err := BuildContext(ctx, f, seed)
		ch <- built{m, err}
	}()
	var m *Model
	select {
	case b := <-ch:
		if b.err != nil {
			if ctx.Err() != nil {
				return nil, &BuildInterrupted{Err: ctx.Err()}
			}
			return nil, &BuildError{File: f.Source(), Err: b.err}
		}
		m = b.m
	case <-ctx.Done():
		return &Result{Experiment: f.Experiment.Name, Seed: seed, BuildS: time.Since(t0).Seconds(), WallS: time.Since(start).Seconds()},
			&BuildInterrupted{Err: ctx.Err()}
	}
	build := time.Since(t0).Seconds()
	st := m.newStreamer(opt)
	if opt.Resume != nil {
		if err := m.Net.Prepare(); err != nil {
			return nil, &BuildError{File: f.Source(), Err: err}
		}
		if err := m.loadState(opt.Resume, st); err != nil {
			return nil, err
		}
	}
	ck := opt.Checkpoint
	if ck != nil && opt.Resume == nil {
		// Refuse at once what cannot be saved, not at the first checkpoint.
		if err := m.Net.Prepare(); err != nil {
			return nil, &BuildError{File: f.Source(), Err: err}
		}
		if err := m.saveState(io.Discard, st); err != nil {
			return nil, &CheckpointError{Err: err, Unsupported: true}
		}
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var next int64 // step of the next checkpoint
	if ck != nil && ck.Every > 0 {
		next = m.Net.Step() + ck.Every
	}
	lastSave := time.Now()
	due := func(step int64) bool {
		if ck == nil || step%m.Net.Window() != 0 || step >= m.Steps {
			return false
		}
		return next > 0 && step >= next || ck.Interval > 0 && time.Since(lastSave) >= ck.Interval
	}
	save := func() error {
		step := m.Net.Step()
		st.drain(step)
		if opt.saving != nil {
			opt.saving(m)
		}
		return ck.Save(step, fmt.Sprintf("step %d", step), func(w io.Writer) error { return m.saveState(w, st) })
	}
	m.Net.Progress = func(done, total int64) {
		step := m.Net.Step()
		if due(step) {
			if err := save(); err != nil {
				cancel(&CheckpointError{Err: err})
				return
			}
			if ck.Every > 0 {
				next = step + ck.Every
			}
			lastSave = time.Now()
		} else if st.due(step) {
			st.drain(step)
		}
		if opt.Progress != nil {
			// Steps from the start of the run, also when it resumed.
			done, total = step, m.Steps
			if m.open {
				total = 0 // no duration: the total is unknown
			}
			opt.Progress(done, total)
		}
	}
	t1 := time.Now()
	// A resumed run's speed counts the steps and events of this process.
	step0, events0 := m.Net.Step(), m.Net.SynapticEvents()
	runErr := m.Net.Run(ctx, m.Steps-m.Net.Step())
	loop := time.Since(t1).Seconds()
	if cause := context.Cause(ctx); runErr != nil && cause != nil && !errors.Is(cause, context.Canceled) {
		runErr = cause // a checkpoint could not be saved
	} else if runErr != nil && ctx.Err() != nil && ck != nil && ck.OnInterrupt {
		if err := save(); err != nil {
			runErr = &CheckpointError{Err: err, Interrupted: runErr}
		}
	}
	st.drain(m.Net.Step())
	if opt.done != nil {
		opt.done(m)
	}
	res := m.result(seed, st)
	res.BuildS, res.LoopS = build, loop
	if here := float64(m.Net.Step()-step0) * m.Net.Dt / 1000; here > 0 {
		res.RealTimeFactor = loop / here
	}
	if loop > 0 {
		res.SynEventsPerS = float64(res.SynEvents-events0) / loop
	}
	res.WallS = time.Since(start).Seconds()
	return res, runErr
}

// result summarizes the network's state: statistics over the steps
// simulated so far.
func (m *Model) result(seed int64, st *streamer) *Result {
	net := m.Net
	steps := net.Step()
	dur := float64(steps) * net.Dt / 1000
	r := &Result{
		Experiment: m.file.Experiment.Name, Seed: seed, DtMS: net.Dt,
		DurationS: dur, Steps: steps,
		Synapses: net.Synapses(), SynEvents: net.SynapticEvents(),
	}
	for _, p := range m.Pops {
		n := p.Unit.Len()
		s := p.SpikeCount()
		rate := math.NaN()
		if dur > 0 && n > 0 {
			rate = float64(s) / (float64(n) * dur)
		}
		cv, _ := p.CV()
		silent := math.NaN()
		if n > 0 && p.Unit.Output() == nil {
			quiet := 0
			for _, c := range p.Count {
				if c == 0 {
					quiet++
				}
			}
			silent = float64(quiet) / float64(n)
		}
		sync, osc := math.NaN(), math.NaN()
		for j, rr := range m.rates {
			if rr.pop == p && st.acc[j] != nil {
				sync, osc = st.acc[j].stats()
				break
			}
		}
		r.Populations = append(r.Populations, PopulationStats{
			Population: p.Name, Model: p.Unit.Model(), Size: n, Spikes: s, RateHz: rate, CVISI: cv,
			Silent: silent, Sync: sync, OscHz: osc, State: state(cv, sync),
		})
	}
	r.Spikes = st.spikes
	r.Tables = append(m.plasticTables(), m.rewardTables()...)
	if m.env != nil {
		for _, t := range m.env.Tables(steps) {
			r.Tables = append(r.Tables, Table(t))
		}
		if p, ok := m.env.(registry.Plotter); ok {
			r.Plots = p.Plots(steps)
		}
	}
	for _, a := range m.analyzers {
		for _, t := range a.Tables(steps) {
			r.Tables = append(r.Tables, Table(t))
		}
		if p, ok := a.(registry.Plotter); ok {
			r.Plots = append(r.Plots, p.Plots(steps)...)
		}
	}
	r.Tables = append(r.Tables, m.activityTables()...)
	r.Traces = st.traces
	return r
}

func unitOf(v string) string {
	switch v {
	case "v":
		return "mV"
	case "w":
		return "nA"
	}
	return ""
}
