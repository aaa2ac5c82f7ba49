package experiment

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/cortex"
	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/synapse"
)

// modulatorIndex maps a modulator name to its synapse.Modulator.
func modulatorIndex(name string) (synapse.Modulator, error) {
	i := slices.Index(configs.ModulatorNames, name)
	if i < 0 || i >= int(synapse.NumModulators) {
		return 0, fmt.Errorf("unknown modulator %q", name)
	}
	return synapse.Modulator(i), nil
}

// modulators sets the decay and start levels of the [[modulator]] tables
// and builds the [[reward]] tasks, each run as a network operation every
// pairingTask.every steps.
func (m *Model) modulators() error {
	f := m.file
	for _, mc := range f.Modulator {
		i, err := modulatorIndex(mc.Name)
		if err != nil {
			return buildError("modulator", err)
		}
		m.Net.ModTau[i] = float64(*mc.Tau)
		m.Net.ModBase[i] = *mc.Level
		m.Net.Mod[i] = *mc.Level
	}
	for i := range f.Reward {
		t, err := m.pairing(i, &f.Reward[i])
		if err != nil {
			return buildError(fmt.Sprintf("reward %d (projection %s)", i+1, f.Reward[i].Projection), err)
		}
		m.rewards = append(m.rewards, t)
		err = m.Net.AddOperation(cortex.Operation{Name: "reward (pairing) on " + t.name, Every: t.every, Offset: t.every,
			Run: func(step int64) error { t.barrier(m.Net, step); return nil }})
		if err != nil {
			return buildError("reward", err)
		}
	}
	return nil
}

// pairingEvery is the longest period of a pairing task's operation: 100
// steps (the scheduler's window without pathways, at which the task ran
// before operations existed), and never longer than the shortest reward
// delay, so that no reward is due before the step it is scheduled at.
const pairingEvery = 100

// pairingTask is the distal-reward protocol of Izhikevich (2007): when
// the target n2 of the chosen synapse fires 0 < Δt < window steps after
// its source n1, a release of the modulator is scheduled after a random
// delay. It is an operation: every `every` steps it reads the spikes of
// n1 and n2 since its last call, in step order (n1 before n2 within a
// step), drawing the delays from its own stream: deterministic for any
// GOMAXPROCS. The spikes after its last call are read once the run ends
// (rewardTables), for the tables.
type pairingTask struct {
	name      string
	proj      *synapse.Projection
	k         int // the chosen synapse
	n1, n2    uint32
	w1, w2    *cortex.SpikeWatch // w2 == w1 when n1 and n2 share a population
	mod       synapse.Modulator
	amount    float64
	window    int64
	dlo, dhi  int64
	every     int64 // steps between the operation's calls
	done      int64 // the step up to which spikes have been read
	rng       *rand.Rand
	lastN1    int64
	ev        []pairEvent
	scheduled []int64 // steps of the rewards scheduled so far

	wmax     float32
	reached  int64 // first call (step) at which w had reached wmax; -1: not yet
	sample   int64
	next     int64
	rows     [][]any
	plastic  []*synapse.Projection // da_stdp projections, for the mean weight
	pairings int
	w0       float32
	dt       float64
}

type pairEvent struct {
	step int64
	post bool
}

func (m *Model) pairing(i int, rc *configs.Reward) (*pairingTask, error) {
	q := m.projs[rc.Projection]
	if q == nil {
		return nil, fmt.Errorf("no projection %q", rc.Projection)
	}
	var pc *configs.Projection
	for _, list := range [][]configs.Projection{m.file.Projection, m.file.Pathway} {
		for k := range list {
			if list[k].Name == rc.Projection {
				pc = &list[k]
			}
		}
	}
	pre := *rc.Pre
	if pre < 0 || pre >= q.NPre {
		return nil, fmt.Errorf("pre %d out of range [0, %d)", pre, q.NPre)
	}
	lo, hi := q.Offsets[pre], q.Offsets[pre+1]
	if *rc.Synapse >= hi-lo {
		return nil, fmt.Errorf("neuron %d has %d synapses in %s; synapse %d does not exist", pre, hi-lo, rc.Projection, *rc.Synapse)
	}
	mod, err := modulatorIndex(rc.Modulator)
	if err != nil {
		return nil, err
	}
	dt := m.Net.Dt
	steps := func(t configs.Time) int64 { return int64(math.Round(float64(t) / dt)) }
	t := &pairingTask{name: rc.Projection, proj: q, k: lo + *rc.Synapse, n1: uint32(pre), mod: mod, amount: *rc.Amount,
		window: steps(*rc.Window), dlo: steps(rc.Delay[0]), dhi: steps(rc.Delay[1]), lastN1: -1, reached: -1,
		sample: max(steps(*rc.Sample), 1), dt: dt,
		rng: m.Net.Rand("reward", strconv.Itoa(i), rc.Projection)}
	t.n2 = q.Targets[t.k]
	t.every = max(1, min(pairingEvery, t.dlo))
	q.MaterializeWeights()
	if rc.Weight != nil {
		k := 1.0 // a current synapse's weight in mV is R·I, as in connect
		if q.Receptor.Kind == neuron.ExpCurrent && rc.Weight.Dim == configs.DimVoltage {
			r, err := membraneResistance(m.Net.Population(pc.To).Unit)
			if err != nil {
				return nil, err
			}
			k = 1 / r
		}
		q.Weights[t.k] = float32(rc.Weight.Value * k)
	}
	t.w0 = q.Weights[t.k]
	t.wmax = math.MaxFloat32 // never reached without a bound
	switch r := q.Rule.(type) {
	case *synapse.DASTDP:
		t.wmax = r.WMax
	case *synapse.STDP:
		t.wmax = r.Dep.WMax
	}
	for _, pr := range m.plastic {
		if _, ok := pr.proj.Rule.(*synapse.DASTDP); ok {
			t.plastic = append(t.plastic, pr.proj)
		}
	}
	if len(t.plastic) == 0 {
		t.plastic = []*synapse.Projection{q}
	}
	from, to := m.popOf(pc.From), m.popOf(pc.To)
	if from == nil || to == nil {
		return nil, fmt.Errorf("unknown population of %s", rc.Projection)
	}
	if from == to {
		t.w1, err = from.Watch(int(t.n1), int(t.n2))
		t.w2 = t.w1
	} else {
		if t.w1, err = from.Watch(int(t.n1)); err == nil {
			t.w2, err = to.Watch(int(t.n2))
		}
	}
	if err != nil {
		return nil, err
	}
	t.sampleRow(0)
	t.next = t.sample
	return t, nil
}

func (m *Model) popOf(name string) *cortex.Population { return m.Net.Population(name) }

// barrier processes the spikes of n1 and n2 up to step b (not included)
// and records a row of the weight table at every sample point.
func (t *pairingTask) barrier(net *cortex.Network, b int64) {
	if b <= t.done {
		return
	}
	t.done = b
	t.ev = t.ev[:0]
	for i, u := range t.w1.Units {
		if u == t.n1 {
			t.ev = append(t.ev, pairEvent{step: t.w1.Steps[i]})
		}
	}
	for i, u := range t.w2.Units {
		if u == t.n2 {
			t.ev = append(t.ev, pairEvent{step: t.w2.Steps[i], post: true})
		}
	}
	t.w1.Reset()
	if t.w2 != t.w1 {
		t.w2.Reset()
	}
	// By step, n1 before n2 within a step (a same-step pair is Δt = 0, not
	// rewarded: daspnet's n2f(end) > n1f(end)).
	slices.SortStableFunc(t.ev, func(a, b pairEvent) int {
		if a.step != b.step {
			return int(a.step - b.step)
		}
		if a.post == b.post {
			return 0
		}
		if b.post {
			return -1
		}
		return 1
	})
	for _, e := range t.ev {
		if !e.post {
			t.lastN1 = e.step
			continue
		}
		if d := e.step - t.lastN1; t.lastN1 >= 0 && d > 0 && d < t.window {
			t.pairings++
			at := e.step + t.dlo + t.rng.Int64N(t.dhi-t.dlo+1)
			at = max(at, b)
			t.scheduled = append(t.scheduled, at)
			net.Release(t.mod, t.amount, at)
		}
	}
	if t.reached < 0 && t.proj.Weights[t.k] >= t.wmax {
		t.reached = b
	}
	for b >= t.next {
		t.sampleRow(b)
		t.next += t.sample
	}
}

// delivered counts the rewards whose step is before step.
func (t *pairingTask) delivered(step int64) int {
	n := 0
	for _, s := range t.scheduled {
		if s < step {
			n++
		}
	}
	return n
}

// meanWeight is the mean weight of the da_stdp synapses, the largest
// weight of any synapse but the chosen one and the number of those at
// w_max.
func (t *pairingTask) meanWeight() (mean, maxOther float64, atMax int) {
	var s float64
	n := 0
	maxOther = math.Inf(-1)
	for _, q := range t.plastic {
		for k, w := range q.Weights {
			s += float64(w)
			if q != t.proj || k != t.k {
				maxOther = max(maxOther, float64(w))
				if w >= t.wmax {
					atMax++
				}
			}
		}
		n += len(q.Weights)
	}
	if n == 0 {
		return 0, 0, 0
	}
	return s / float64(n), maxOther, atMax
}

func (t *pairingTask) sampleRow(b int64) {
	mean, mx, n := t.meanWeight()
	t.rows = append(t.rows, []any{float64(b) * t.dt / 1000, float64(t.proj.Weights[t.k]), mean, mx, n, t.pairings, t.delivered(b)})
}

// rewardTables lists, per reward task, the chosen synapse's weight over
// time and a summary row.
func (m *Model) rewardTables() []Table {
	var out []Table
	end := m.Net.Step()
	for _, t := range m.rewards {
		t.barrier(m.Net, end) // the spikes after the last call
		rows := t.rows
		if len(rows) == 0 || rows[len(rows)-1][0].(float64) < float64(end)*t.dt/1000 {
			mean, mx, n := t.meanWeight()
			rows = append(slices.Clip(rows), []any{float64(end) * t.dt / 1000, float64(t.proj.Weights[t.k]), mean, mx, n, t.pairings, t.delivered(end)})
		}
		out = append(out, Table{
			Title:   fmt.Sprintf("reward (pairing) on %s: synapse %d -> %d over time", t.name, t.n1, t.n2),
			Columns: []string{"t_s", "w_chosen", "w_mean", "w_max_other", "n_at_max", "pairings", "rewards"},
			Rows:    rows,
		})
		reached := -1.0
		if t.reached >= 0 {
			reached = float64(t.reached) * t.dt / 1000
		}
		mean, mx, n := t.meanWeight()
		out = append(out, Table{
			Title:   fmt.Sprintf("reward (pairing) on %s: summary (t_max_s = -1: w_max not reached)", t.name),
			Columns: []string{"pre", "post", "w0", "w_end", "w_max", "t_max_s", "w_mean", "w_max_other", "n_at_max", "pairings", "rewards_delivered"},
			Rows: [][]any{{int(t.n1), int(t.n2), float64(t.w0), float64(t.proj.Weights[t.k]), float64(t.wmax), reached, mean, mx, n,
				t.pairings, t.delivered(end)}},
		})
	}
	return out
}
