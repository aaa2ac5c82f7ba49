package boltzmann

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/brainsim/brainsim/dataset"
)

// Stage is one step of an annealing schedule: Time time units (one
// update per free unit each) at temperature Temp.
type Stage struct {
	Time int
	Temp float64
}

// Schedule424 is the annealing schedule Ackley, Hinton & Sejnowski used
// for the 4-2-4 encoder: 2@20, 2@15, 2@12, 4@10.
var Schedule424 = []Stage{{2, 20}, {2, 15}, {2, 12}, {4, 10}}

// Machine is a Boltzmann machine of N stochastic binary units; units
// 0..Visible-1 are visible, the rest hidden.
type Machine struct {
	N, Visible int
	W          []float64 // N × N, symmetric, zero diagonal, zero where !Allowed
	B          []float64 // biases
	Allowed    []bool    // N × N connectivity mask, symmetric, false diagonal
	S          []float64 // current state, each 0 or 1
	P          []float64 // P[i]: probability s_i = 1 at unit i's last update (clamped: its value)

	task Task    // completion groups of the last Train
	opts Options // options of the last Train (schedule for Complete)
	rng  *rand.Rand
}

// New returns a machine of n units, the first visible of them visible,
// with zero weights and biases. allowed(i, j) says whether units i and j
// are connected; it is queried for i < j only (nil: all-to-all). It
// panics on n < 1, visible outside [0, n] or a nil rng.
func New(n, visible int, allowed func(i, j int) bool, rng *rand.Rand) *Machine {
	if n < 1 || visible < 0 || visible > n || rng == nil {
		panic(fmt.Sprintf("boltzmann: New(%d, %d): need n >= 1, 0 <= visible <= n and an rng", n, visible))
	}
	m := &Machine{
		N: n, Visible: visible,
		W: make([]float64, n*n), B: make([]float64, n),
		Allowed: make([]bool, n*n), S: make([]float64, n), P: make([]float64, n), rng: rng,
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			if allowed == nil || allowed(i, j) {
				m.Allowed[i*n+j], m.Allowed[j*n+i] = true, true
			}
		}
	}
	return m
}

// EncoderMask is the connectivity of the AHS encoder with visible groups
// V1 = units [0,v), V2 = [v,2v) and hidden H = [2v,2v+h): V1–H and V2–H,
// plus H–H when hh. V1 and V2 are not connected to each other or within.
func EncoderMask(v int, hh bool) func(i, j int) bool {
	return func(i, j int) bool {
		hi, hj := i >= 2*v, j >= 2*v
		switch {
		case hi && hj:
			return hh
		case hi || hj:
			return true
		}
		return false
	}
}

// EncoderMaskLateral is [EncoderMask] plus the connections within V1
// and within V2 (never between them), so each visible group can learn
// its own mutual inhibition. With it the 4-2-4 encoder escapes far more
// often from the shared-code minima (see [AHSEncoderOptions]).
func EncoderMaskLateral(v int, hh bool) func(i, j int) bool {
	enc := EncoderMask(v, hh)
	return func(i, j int) bool {
		if i < 2*v && j < 2*v {
			return (i < v) == (j < v)
		}
		return enc(i, j)
	}
}

// AHSEncoderOptions are the measured best settings for the 4-2-4
// encoder: free phase with every visible unit free (visible units
// given), fixed step 3 (sign rule), noisy clamping 0.15/0.05, 10
// annealings per pattern and phase, weight decay 0.005, completion
// checked every 10 cycles. Use with [EncoderMaskLateral].
func AHSEncoderOptions(visible int) Options {
	return Options{
		SignUpdate: true, Step: 3,
		Clamp:    make([]bool, visible),
		NoiseOff: 0.15, NoiseOn: 0.05,
		Runs: 10, Decay: 0.005,
		CheckEvery: 10,
	}
}

// Energy returns E(s) = -Σ_{i<j} w_ij s_i s_j - Σ_i b_i s_i.
func (m *Machine) Energy(s []float64) float64 {
	e := 0.0
	for i := range m.N {
		if s[i] == 0 {
			continue
		}
		e -= m.B[i] * s[i]
		for j := i + 1; j < m.N; j++ {
			e -= m.W[i*m.N+j] * s[i] * s[j]
		}
	}
	return e
}

// DeltaE returns the energy gap of unit i in state s,
// ΔE_i = Σ_j w_ij s_j + b_i = E(s_i=0) - E(s_i=1).
func (m *Machine) DeltaE(s []float64, i int) float64 {
	d := m.B[i]
	row := m.W[i*m.N : (i+1)*m.N]
	for j, w := range row {
		d += w * s[j]
	}
	return d
}

// sweep does one time unit at temperature t: every free unit (clamped[i]
// false) is updated once, in a fresh random order, setting s_i = 1 with
// probability 1/(1+exp(-ΔE_i/t)).
func (m *Machine) sweep(free []int, t float64) {
	for k := len(free) - 1; k > 0; k-- { // Fisher–Yates
		r := m.rng.IntN(k + 1)
		free[k], free[r] = free[r], free[k]
	}
	for _, i := range free {
		p := 1 / (1 + math.Exp(-m.DeltaE(m.S, i)/t))
		m.P[i] = p
		if m.rng.Float64() < p {
			m.S[i] = 1
		} else {
			m.S[i] = 0
		}
	}
}

// Task is a completion task: each pattern is a full visible vector;
// Input lists the visible units clamped in both phases (and when
// completing), Output the visible units read out by Complete and
// Accuracy.
type Task struct {
	Patterns [][]float32
	Input    []int
	Output   []int
}

// CompletionTask turns a data set into a task whose visible vector is
// the input row followed by the target row (Targets, or for a set
// without targets the label as one 0/1 unit: XOR, AND, Parity). The
// input columns are the Input group, the target columns the Output group.
func CompletionTask(s dataset.Set) Task {
	var t Task
	for i := range s.Rows {
		p := append([]float32(nil), s.Row(i)...)
		if s.Targets != nil {
			p = append(p, s.Target(i)...)
		} else {
			p = append(p, float32(s.Y[i]))
		}
		t.Patterns = append(t.Patterns, p)
	}
	out := s.TargetCols
	if s.Targets == nil {
		out = 1
	}
	for j := range s.Cols {
		t.Input = append(t.Input, j)
	}
	for j := range out {
		t.Output = append(t.Output, s.Cols+j)
	}
	return t
}

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
	// Decay is the weight decay: after each learning cycle every weight
	// and bias is multiplied by 1-Decay (default 0, none).
	Decay float64
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
}

func (m *Machine) checkTask(t Task) {
	for _, p := range t.Patterns {
		if len(p) != m.Visible {
			panic(fmt.Sprintf("boltzmann: pattern of %d units, machine has %d visible", len(p), m.Visible))
		}
	}
	for _, g := range [][]int{t.Input, t.Output} {
		for _, j := range g {
			if j < 0 || j >= m.Visible {
				panic(fmt.Sprintf("boltzmann: group unit %d outside [0,%d)", j, m.Visible))
			}
		}
	}
}

// run clamps the units with clamped[i] to vals[i], sets the free units
// at random, anneals through sched and then collects statistics for
// stat time units at the final temperature: it adds the mean of s_i s_j
// (i<j, allowed) to co and of P_i, the probability of s_i = 1 at its
// update (an unbiased, lower-variance estimate of <s_i>), to act, over
// the sweeps of the window.
// It returns nothing; co and act are N×N and N accumulators (nil: skip).
func (m *Machine) run(clamped []bool, vals []float64, sched []Stage, stat int, co, act []float64) {
	free := make([]int, 0, m.N)
	for i := range m.N {
		if clamped[i] {
			m.S[i], m.P[i] = vals[i], vals[i]
		} else {
			free = append(free, i)
			m.S[i] = float64(m.rng.IntN(2))
		}
	}
	for _, st := range sched {
		for range st.Time {
			m.sweep(free, st.Temp)
		}
	}
	t := sched[len(sched)-1].Temp
	w := 1 / float64(stat)
	for range stat {
		m.sweep(free, t)
		for i := range m.N {
			if act != nil {
				act[i] += w * m.P[i]
			}
			if m.S[i] == 0 {
				continue
			}
			if co != nil {
				for j := i + 1; j < m.N; j++ {
					if m.S[j] != 0 && m.Allowed[i*m.N+j] {
						co[i*m.N+j] += w
					}
				}
			}
		}
	}
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
	for c := 1; c <= epochs; c++ {
		clear(coP)
		clear(coM)
		clear(actP)
		clear(actM)
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
				m.run(all, vals, opts.Schedule, opts.StatTime, coP, actP)
			}
			for i, v := range p {
				vals[i] = float64(v)
			}
			for range opts.Runs {
				m.run(freeClamp, vals, opts.Schedule, opts.StatTime, coM, actM)
			}
		}
		np := float64(len(task.Patterns) * opts.Runs)
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
					w := (1-opts.Decay)*m.W[i*n+j] + step(coP[i*n+j]-coM[i*n+j])
					m.W[i*n+j], m.W[j*n+i] = w, w
				}
			}
			m.B[i] = (1-opts.Decay)*m.B[i] + step(actP[i]-actM[i])
		}
		res.Cycles = c
		if opts.CheckEvery > 0 && c%opts.CheckEvery == 0 && m.solved(task, opts.CheckRuns) {
			res.Solved = true
			break
		}
	}
	return res
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

// Complete clamps the Input group of the last trained task to input,
// anneals with the training schedule and returns the Output group's
// activity averaged over the final statistics window (the mean over its
// sweeps of each unit's firing probability at its update).
func (m *Machine) Complete(input []float32) []float32 {
	if len(input) != len(m.task.Input) {
		panic(fmt.Sprintf("boltzmann: Complete: %d inputs, task has %d", len(input), len(m.task.Input)))
	}
	opts := m.opts.withDefaults()
	clamped := make([]bool, m.N)
	vals := make([]float64, m.N)
	for k, j := range m.task.Input {
		clamped[j] = true
		vals[j] = float64(input[k])
	}
	act := make([]float64, m.N)
	m.run(clamped, vals, opts.Schedule, opts.StatTime, nil, act)
	out := make([]float32, len(m.task.Output))
	for k, j := range m.task.Output {
		out[k] = float32(act[j])
	}
	return out
}

// Accuracy returns the fraction of task's patterns whose completion
// (input group clamped, output thresholded at 0.5) equals the pattern's
// output group exactly. It uses task's groups and the last training
// options.
func (m *Machine) Accuracy(task Task) float64 {
	m.checkTask(task)
	saved := m.task
	m.task = task
	defer func() { m.task = saved }()
	ok := 0
	in := make([]float32, len(task.Input))
	for _, p := range task.Patterns {
		for k, j := range task.Input {
			in[k] = p[j]
		}
		out := m.Complete(in)
		good := true
		for k, j := range task.Output {
			if (out[k] > 0.5) != (p[j] > 0.5) {
				good = false
				break
			}
		}
		if good {
			ok++
		}
	}
	return float64(ok) / float64(len(task.Patterns))
}
