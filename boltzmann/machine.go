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

	nb   [][]int // nb[i]: the units allowed to connect to i, ascending
	free []int   // scratch: the free units of a run
	// lastX[i], lastP[i]: unit i's last scaled field ΔE_i/T and its
	// logistic, reused when the field repeats
	lastX, lastP []float64

	trained bool    // Train has been called
	task    Task    // completion groups of the last Train
	opts    Options // options of the last Train (schedule for Complete)
	rng     *rand.Rand
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
	m.lastX, m.lastP = make([]float64, n), make([]float64, n)
	for i := range n {
		m.lastX[i], m.lastP[i] = 0, 0.5
	}
	m.nb = make([][]int, n)
	for i := range n {
		for j := range n {
			if m.Allowed[i*n+j] {
				m.nb[i] = append(m.nb[i], j)
			}
		}
	}
	return m
}

// Randomize sets every allowed weight to a draw from N(0, sd²), using
// the machine's rng (biases unchanged).
func (m *Machine) Randomize(sd float64) {
	n := m.N
	for i := range n {
		for j := i + 1; j < n; j++ {
			if m.Allowed[i*n+j] {
				w := sd * m.rng.NormFloat64()
				m.W[i*n+j], m.W[j*n+i] = w, w
			}
		}
	}
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
// its own mutual inhibition. With the sign rule the 4-2-4 encoder then
// escapes far more often from the shared-code minima (see
// [AHSEncoderOptions]); with the proportional rule it does worse than
// [EncoderMask] (see the package documentation).
func EncoderMaskLateral(v int, hh bool) func(i, j int) bool {
	enc := EncoderMask(v, hh)
	return func(i, j int) bool {
		if i < 2*v && j < 2*v {
			return (i < v) == (j < v)
		}
		return enc(i, j)
	}
}

// ScheduleRetrieval is Schedule424 continued down to T = 2 (4@8, 4@6,
// 4@4, 4@2): a longer relaxation for completion and code read-out
// (AHS: retrieval accuracy "with sufficient relaxation").
var ScheduleRetrieval = []Stage{{2, 20}, {2, 15}, {2, 12}, {4, 10}, {4, 8}, {4, 6}, {4, 4}, {4, 2}}

// EncoderOptions is the proportional-rule protocol for the AHS
// encoders with visible = 2v units (V1, V2), to be used with
// [EncoderMask](v, false): Δw = Rate·(p⁺-p⁻) with Rate 20, free phase
// with every visible unit free, noisy clamping with on-bits dropped at
// 0.15 and off-bits set at 0.15/(v-1) (AHS's 0.05 at v = 4: 0.15
// spurious on-bits per group whatever v), [Schedule424] and 10 time
// units of statistics at T = 10, co-occurrences from the firing
// probabilities (ProbStats), completion checked every 10 cycles, and a
// restart from zero weights when an attempt is not solved after
// RestartAfter cycles. v <= 4 (4-2-4): 10 annealings per pattern and
// phase, RestartAfter 400, completion with the training schedule;
// 4 < v < 16 (8-3-8): 4 annealings, RestartAfter 1000, completion and
// codes with [ScheduleRetrieval]; v >= 16 (40-10-40): as 8-3-8 but 2
// annealings, no restarts, visible biases initialised from the data
// (DataBias) and argmax completion accuracy (Argmax). See the package
// documentation for the measurements behind each choice.
func EncoderOptions(visible int) Options {
	v := visible / 2
	o := Options{
		Rate: 20, ProbStats: true,
		Clamp:    make([]bool, visible),
		NoiseOff: 0.15, NoiseOn: 0.05,
		Runs: 10, CheckEvery: 10, RestartAfter: 400,
	}
	if v > 4 {
		o.NoiseOn = 0.15 / float64(v-1)
		o.Runs, o.RestartAfter = 4, 1000
		o.CompleteSchedule = ScheduleRetrieval
	}
	if v >= 16 {
		o.Runs, o.RestartAfter = 2, 0
		o.DataBias, o.Argmax = true, true
	}
	return o
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
// probability 1/(1+exp(-ΔE_i/t)). With co non-nil it adds, at each
// update of unit i, P_i·s_j to co[i*N+j] for every neighbour j (the
// conditional expectation of s_i s_j given the other units).
func (m *Machine) sweep(free []int, t float64, co []float64) {
	for k := len(free) - 1; k > 0; k-- { // Fisher–Yates
		r := m.rng.IntN(k + 1)
		free[k], free[r] = free[r], free[k]
	}
	n, s := m.N, m.S
	beta := 1 / t
	for _, i := range free {
		nb := m.nb[i]
		row := m.W[i*n : (i+1)*n]
		d := m.B[i]
		for _, j := range nb {
			d += row[j] * s[j]
		}
		x := d * beta
		p := m.lastP[i]
		if x != m.lastX[i] { // the field often repeats: skip the exp
			p = 1 / (1 + math.Exp(-x))
			m.lastX[i], m.lastP[i] = x, p
		}
		m.P[i] = p
		if m.rng.Float64() < p {
			s[i] = 1
		} else {
			s[i] = 0
		}
		if co != nil && p != 0 {
			c := co[i*n : (i+1)*n]
			for _, j := range nb {
				c[j] += p * s[j]
			}
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
// stat time units at the final temperature. Over the sweeps of that
// window it adds to act[i] the sum of P_i, the probability of s_i = 1 at
// unit i's update (its value when clamped), and to co (N×N, directed)
// co-occurrence sums: with prob, P_i·s_j at each update of a free unit
// i to co[i*N+j] and s_i·s_j once per sweep for a clamped i; otherwise
// s_i·s_j after each sweep to both co[i*N+j] and co[j*N+i]. The
// estimate of <s_i s_j> is (co[i*N+j]+co[j*N+i])/(2·stat). nil
// accumulators are skipped.
func (m *Machine) run(clamped []bool, vals []float64, sched []Stage, stat int, co, act []float64, prob bool) {
	free := m.free[:0]
	n, s := m.N, m.S
	for i := range n {
		if clamped[i] {
			s[i], m.P[i] = vals[i], vals[i]
		} else {
			free = append(free, i)
			s[i] = float64(m.rng.IntN(2))
		}
	}
	m.free = free
	for _, st := range sched {
		for range st.Time {
			m.sweep(free, st.Temp, nil)
		}
	}
	t := sched[len(sched)-1].Temp
	for range stat {
		if prob {
			m.sweep(free, t, co)
		} else {
			m.sweep(free, t, nil)
		}
		if act != nil {
			for i, p := range m.P {
				act[i] += p
			}
		}
		if co == nil {
			continue
		}
		for i := range n {
			if s[i] == 0 || (prob && !clamped[i]) {
				continue
			}
			c := co[i*n : (i+1)*n]
			for _, j := range m.nb[i] {
				if prob {
					c[j] += s[j]
				} else if j > i && s[j] != 0 {
					c[j]++
					co[j*n+i]++
				}
			}
		}
	}
}

// Complete clamps the Input group of the last trained task to input,
// anneals with the training schedule and returns the Output group's
// activity averaged over the final statistics window (the mean over its
// sweeps of each unit's firing probability at its update).
func (m *Machine) Complete(input []float32) []float32 {
	if len(input) != len(m.task.Input) {
		panic(fmt.Sprintf("boltzmann: Complete: %d inputs, task has %d", len(input), len(m.task.Input)))
	}
	sched, stat := m.opts.withDefaults().completion()
	clamped := make([]bool, m.N)
	vals := make([]float64, m.N)
	for k, j := range m.task.Input {
		clamped[j] = true
		vals[j] = float64(input[k])
	}
	act := make([]float64, m.N)
	m.run(clamped, vals, sched, stat, nil, act, false)
	out := make([]float32, len(m.task.Output))
	for k, j := range m.task.Output {
		out[k] = float32(act[j] / float64(stat))
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
		if m.opts.Argmax {
			best := 0
			for k := range out {
				if out[k] > out[best] {
					best = k
				}
			}
			good = out[best] > 0 && p[task.Output[best]] > 0.5
		} else {
			for k, j := range task.Output {
				if (out[k] > 0.5) != (p[j] > 0.5) {
					good = false
					break
				}
			}
		}
		if good {
			ok++
		}
	}
	return float64(ok) / float64(len(task.Patterns))
}

// Codes returns the hidden code of each of task's patterns: all visible
// units clamped to the pattern, an annealing with the completion
// schedule, and each hidden unit's mean firing probability over the
// statistics window thresholded at 0.5.
func (m *Machine) Codes(task Task) [][]bool {
	m.checkTask(task)
	sched, stat := m.opts.withDefaults().completion()
	clamped := make([]bool, m.N)
	vals := make([]float64, m.N)
	act := make([]float64, m.N)
	codes := make([][]bool, len(task.Patterns))
	for k, p := range task.Patterns {
		for i, v := range p {
			clamped[i], vals[i] = true, float64(v)
		}
		clear(act)
		m.run(clamped, vals, sched, stat, nil, act, false)
		for i := m.Visible; i < m.N; i++ {
			codes[k] = append(codes[k], act[i] > 0.5*float64(stat))
		}
	}
	return codes
}

// DistinctCodes returns how many different hidden codes ([Machine.Codes])
// task's patterns have.
func (m *Machine) DistinctCodes(task Task) int {
	seen := map[string]bool{}
	for _, c := range m.Codes(task) {
		seen[fmt.Sprint(c)] = true
	}
	return len(seen)
}
