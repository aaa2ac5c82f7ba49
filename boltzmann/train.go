package boltzmann

import "math"

// Options control training and completion.
type Options struct {
	// Schedule is the annealing schedule (default Schedule424).
	Schedule []Stage
	// StatTime is how many time units statistics are collected for after
	// annealing, at the last temperature of Schedule (default 10).
	StatTime int
	// SignUpdate selects the AHS fixed-step rule Δw = Step·sign(p⁺-p⁻)
	// (Step default 2); otherwise Δw = Rate·(p⁺-p⁻) (Rate default 2).
	SignUpdate bool
	Step, Rate float64
	// Clamp marks the visible units clamped in the free phase. nil means
	// the task's Input group; a non-nil all-false slice gives the AHS
	// encoder free phase with every visible unit free.
	Clamp []bool
	// NoiseOff and NoiseOn are the AHS noisy-clamping probabilities: a
	// clamped 1 is clamped to 0 with probability NoiseOff, a clamped 0 to
	// 1 with probability NoiseOn (training only; AHS: 0.15 and 0.05).
	NoiseOff, NoiseOn float64
	// CheckEvery > 0 evaluates Accuracy every CheckEvery cycles and stops
	// training at the first check where CheckRuns (default 5) independent
	// evaluations all reach 1.
	CheckEvery, CheckRuns int
	// Runs is the number of annealings per pattern and phase whose
	// statistics are averaged (default 1).
	Runs int
	// Stop, when set, is asked after every learning cycle; when it returns
	// true training stops there (cancellation).
	Stop func() bool
	// Decay is the weight decay: after each learning cycle every weight
	// and bias is multiplied by 1-Decay (default 0, none).
	Decay float64
	// ProbStats estimates <s_i s_j> from the units' firing probabilities:
	// at each update of unit i in the statistics window it counts
	// P_i·s_j (P_i the probability of s_i = 1 given the other units)
	// instead of the sampled s_i·s_j, and averages the two directions.
	// Same expectation at equilibrium, lower variance (Rao–Blackwell).
	ProbStats bool
	// CompleteSchedule and CompleteStat are the annealing schedule and
	// statistics window of Complete (defaults Schedule and StatTime).
	CompleteSchedule []Stage
	CompleteStat     int
	// InitSD > 0 draws every allowed weight from N(0, InitSD²) (biases
	// stay 0) at the start of the first Train of a machine, breaking the
	// symmetry between hidden units (default 0: all weights start at 0).
	InitSD float64
	// RestartAfter > 0 (with CheckEvery) restarts a run that is not solved
	// after RestartAfter cycles of its current attempt: weights and
	// biases are reset to their start (0, or an InitSD draw) and learning
	// goes on; Result.Cycles counts the cycles of every attempt.
	RestartAfter int
	// Plateau > 0 (with CheckEvery) restarts the same way when the mean
	// of the CheckRuns accuracies has not exceeded its best of the
	// current attempt for Plateau cycles.
	Plateau int
	// Argmax makes Accuracy count a pattern right when the most active
	// Output unit is one that should be on (for 1-of-n targets such as
	// the encoders' V2) instead of requiring every Output unit right
	// after thresholding at 0.5.
	Argmax bool
	// DataBias sets, at the start of the first Train of a machine, each
	// visible unit's bias to T·logit(p_i), p_i its mean clamped value
	// over the patterns (with the clamping noise) and T the last
	// temperature of Schedule: the visible marginals of the untrained
	// machine then match the data (Hinton's standard initialisation),
	// which avoids a large common shift of every weight in the first
	// cycles when the visible groups are big.
	DataBias bool
}

// completion returns the annealing schedule and statistics window of
// completion and code read-out: CompleteSchedule and CompleteStat when
// set, else the training ones.
func (o Options) completion() ([]Stage, int) {
	sched, stat := o.Schedule, o.StatTime
	if o.CompleteSchedule != nil {
		sched = o.CompleteSchedule
	}
	if o.CompleteStat != 0 {
		stat = o.CompleteStat
	}
	return sched, stat
}

func (o Options) withDefaults() Options {
	if o.Schedule == nil {
		o.Schedule = Schedule424
	}
	if o.StatTime == 0 {
		o.StatTime = 10
	}
	if o.Step == 0 {
		o.Step = 2
	}
	if o.Runs == 0 {
		o.Runs = 1
	}
	if o.CheckRuns == 0 {
		o.CheckRuns = 5
	}
	if o.Rate == 0 {
		o.Rate = 2
	}
	return o
}

// Result reports a training run.
type Result struct {
	Cycles int  // learning cycles run (one sweep over all patterns each)
	Solved bool // the last accuracy check reached 1 (only with CheckEvery)
	// Restarts is the number of restarts (Options.RestartAfter).
	Restarts int
}

// Train runs up to epochs learning cycles of the Boltzmann learning rule
// on task. A cycle visits every pattern once: a clamped phase (all
// visible units clamped to the pattern, noisily if asked) and a free
// phase (the units in opts.Clamp, default task.Input, clamped), each
// annealed with opts.Schedule and followed by opts.StatTime time units
// of statistics; p⁺ and p⁻ are averaged over patterns, then
// Δw_ij = ε(p⁺_ij - p⁻_ij) (or Step·sign) for allowed pairs, and the
// biases likewise with p_i. The task and options are kept for Complete.
func (m *Machine) Train(task Task, epochs int, opts Options) Result {
	m.checkTask(task)
	opts = opts.withDefaults()
	m.task, m.opts = task, opts
	n := m.N
	if !m.trained && opts.InitSD > 0 {
		m.Randomize(opts.InitSD)
	}
	if !m.trained && opts.DataBias {
		m.dataBias(task, opts)
	}
	m.trained = true
	all := make([]bool, n)
	for i := range m.Visible {
		all[i] = true
	}
	freeClamp := make([]bool, n)
	if opts.Clamp != nil {
		copy(freeClamp, opts.Clamp)
	} else {
		for _, j := range task.Input {
			freeClamp[j] = true
		}
	}
	vals := make([]float64, n)
	coP, coM := make([]float64, n*n), make([]float64, n*n)
	actP, actM := make([]float64, n), make([]float64, n)
	res := Result{}
	attempt := 0            // cycles of the current attempt
	best, bestAt := -1.0, 0 // best check accuracy of the attempt, and when
	for c := 1; c <= epochs; c++ {
		if opts.CheckEvery > 0 && (opts.RestartAfter > 0 && attempt == opts.RestartAfter ||
			opts.Plateau > 0 && attempt-bestAt >= opts.Plateau) {
			clear(m.W)
			clear(m.B)
			if opts.InitSD > 0 {
				m.Randomize(opts.InitSD)
			}
			attempt, best, bestAt = 0, -1, 0
			res.Restarts++
		}
		attempt++
		clear(coP)
		clear(coM)
		clear(actP)
		clear(actM)
		m.cycleStats(task, opts, all, freeClamp, vals, coP, coM, actP, actM)
		m.learn(opts, float64(len(task.Patterns)*opts.Runs*opts.StatTime), coP, coM, actP, actM)
		res.Cycles = c
		if opts.Stop != nil && opts.Stop() {
			return res
		}
		if opts.CheckEvery > 0 && c%opts.CheckEvery == 0 {
			a, ok := m.checkAcc(task, opts.CheckRuns, opts.Plateau > 0)
			if ok {
				res.Solved = true
				break
			}
			if a > best {
				best, bestAt = a, attempt
			}
		}
	}
	return res
}

// cycleStats runs the two phases of one learning cycle for every pattern
// of task, opts.Runs annealings each: the clamped phase (all visible
// units clamped to the pattern, with the clamping noise) adds its
// statistics to coP and actP, the free phase (the units of freeClamp
// clamped) to coM and actM. vals is scratch of N values.
func (m *Machine) cycleStats(task Task, opts Options, all, freeClamp []bool, vals, coP, coM, actP, actM []float64) {
	for _, p := range task.Patterns {
		for range opts.Runs {
			for i, v := range p {
				vals[i] = float64(v)
				if v != 0 && m.rng.Float64() < opts.NoiseOff {
					vals[i] = 0
				} else if v == 0 && m.rng.Float64() < opts.NoiseOn {
					vals[i] = 1
				}
			}
			m.run(all, vals, opts.Schedule, opts.StatTime, coP, actP, opts.ProbStats)
		}
		for i, v := range p {
			vals[i] = float64(v)
		}
		for range opts.Runs {
			m.run(freeClamp, vals, opts.Schedule, opts.StatTime, coM, actM, opts.ProbStats)
		}
	}
}

// learn applies one learning cycle's update to the allowed weights and
// the biases: decay, then the step of the rule (proportional or sign) for
// the difference of the clamped and free statistics, each sum divided by
// np, the number of statistics time units per phase.
func (m *Machine) learn(opts Options, np float64, coP, coM, actP, actM []float64) {
	n := m.N
	step := func(d float64) float64 {
		d /= np
		if opts.SignUpdate {
			switch {
			case d > 0:
				return opts.Step
			case d < 0:
				return -opts.Step
			}
			return 0
		}
		return opts.Rate * d
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			if m.Allowed[i*n+j] {
				w := (1-opts.Decay)*m.W[i*n+j] + step((coP[i*n+j]+coP[j*n+i]-coM[i*n+j]-coM[j*n+i])/2)
				m.W[i*n+j], m.W[j*n+i] = w, w
			}
		}
		m.B[i] = (1-opts.Decay)*m.B[i] + step(actP[i]-actM[i])
	}
}

// dataBias sets the visible biases to T·logit of the noisy data means.
func (m *Machine) dataBias(task Task, opts Options) {
	t := opts.Schedule[len(opts.Schedule)-1].Temp
	for i := range m.Visible {
		p := 0.0
		for _, pat := range task.Patterns {
			if pat[i] != 0 {
				p += 1 - opts.NoiseOff
			} else {
				p += opts.NoiseOn
			}
		}
		p /= float64(len(task.Patterns))
		p = min(max(p, 1e-3), 1-1e-3)
		m.B[i] = t * math.Log(p/(1-p))
	}
}

// checkAcc evaluates Accuracy up to runs times and reports whether all
// were 1; with all it always does the runs evaluations and also returns
// their mean (otherwise it stops at the first below 1 and returns 0).
func (m *Machine) checkAcc(task Task, runs int, all bool) (float64, bool) {
	sum, ok := 0.0, true
	for range runs {
		a := m.Accuracy(task)
		sum += a
		if a < 1 {
			ok = false
			if !all {
				return 0, false
			}
		}
	}
	return sum / float64(runs), ok
}

// solved reports whether runs evaluations of Accuracy are all 1.
func (m *Machine) solved(task Task, runs int) bool {
	for range runs {
		if m.Accuracy(task) < 1 {
			return false
		}
	}
	return true
}
