package environments

import (
	"fmt"
	"math"

	"github.com/brainsim/brainsim/cortex"
	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/synapse"
	"github.com/brainsim/brainsim/units"
)

// Replay are the keys of kind replay: a hippocampal buffer replays a
// stored pattern into the cortex during sleep, gated by the thalamus's
// spindles (closed loop, as spindle-triggered stimulation is). Every
// `every` the environment reads the detector population's rate over the
// last `window`; the thalamus spindles while it is at least `threshold`
// per unit. A replay event makes every unit of the buffer (a poisson
// population, projecting onto the assembly) fire at `rate` for `burst`.
// Gate spindle starts an event when the thalamus spindles; gate outside
// when it has not for `quiet`; gate off never. Events are at least
// `refractory` apart, none before `start`, at most `events`. The result:
// the events, the share of them the detector saw spindling during the
// burst, the assembly's spikes per unit per event, and the mean weight of
// `projection` (the stored pattern in the cortex, a plastic projection)
// at the start and the end of the run.
type Replay struct {
	Buffer     string          `toml:"buffer,omitempty" doc:"the hippocampal buffer, a poisson population whose bursts replay the pattern (required)"`
	Assembly   string          `toml:"assembly,omitempty" doc:"the population the buffer replays into (required)"`
	Projection string          `toml:"projection,omitempty" doc:"the plastic [[projection]] that stores the pattern in the cortex, whose mean weight is measured (required)"`
	Detector   string          `toml:"detector,omitempty" doc:"the spiking population whose rate shows spindles, e.g. the TC cells (required)"`
	Gate       string          `toml:"gate" doc:"spindle: replay when the thalamus spindles; outside: when it has not for quiet; off: no replay"`
	Events     int             `toml:"events" doc:"the number of replay events"`
	Burst      units.Time      `toml:"burst" doc:"a replay event: the buffer fires at rate for this long"`
	Rate       units.Frequency `toml:"rate" doc:"the rate of every buffer unit during a burst"`
	Window     units.Time      `toml:"window" doc:"the detector's rate is its spikes over this window"`
	Threshold  units.Frequency `toml:"threshold" doc:"the thalamus spindles while the detector's rate per unit is at least this"`
	Quiet      units.Time      `toml:"quiet" doc:"gate outside: no spindling for this long before an event"`
	Refractory units.Time      `toml:"refractory" doc:"the least time from one event's start to the next"`
	Start      units.Time      `toml:"start" doc:"no event before this"`
	Every      units.Time      `toml:"every" doc:"the environment looks and acts every"`
}

func init() {
	registry.RegisterEnvironment(registry.Environment{
		Name: "replay",
		Doc:  "a hippocampal buffer replays a pattern into a cortical assembly during sleep, gated by spindles (or outside them); measures the assembly's weights",
		Params: func() any {
			return &Replay{Gate: "spindle", Events: 10, Burst: 50, Rate: 100, Window: 100, Threshold: 2,
				Quiet: 1000, Refractory: 1000, Start: 2000, Every: 1}
		},
		Check: checkReplay,
		Build: buildReplay,
	})
}

func checkReplay(pa any, c *registry.Check) {
	e := pa.(*Replay)
	pop(c, "buffer", e.Buffer, -1, "poisson")
	if a := c.Pop("assembly", e.Assembly); a != nil && !a.Spiking() {
		c.Errf("assembly", "%q does not spike", e.Assembly)
	}
	if e.Projection == "" {
		c.Errf("projection", "required: the plastic [[projection]] that stores the pattern")
	}
	if d := c.Pop("detector", e.Detector); d != nil && !d.Spiking() {
		c.Errf("detector", "%q does not spike", e.Detector)
	}
	switch e.Gate {
	case "spindle", "outside", "off":
	default:
		c.Errf("gate", "%q: want spindle, outside or off", e.Gate)
	}
	every, ok := wholeSteps(c, "every", &e.Every, "every")
	if ok && every < 1 {
		c.Errf("every", "must be at least one step, got %s", e.Every)
	}
	for _, k := range []struct {
		key string
		t   *units.Time
	}{{"burst", &e.Burst}, {"window", &e.Window}, {"quiet", &e.Quiet}, {"refractory", &e.Refractory}, {"start", &e.Start}} {
		s, ok := wholeSteps(c, k.key, k.t, k.key)
		if ok && every >= 1 && s%every != 0 {
			c.Errf(k.key, "%s is not a multiple of every (%s)", *k.t, e.Every)
		}
	}
	switch {
	case e.Events < 0:
		c.Errf("events", "must be >= 0, got %d", e.Events)
	case !(e.Burst > 0):
		c.Errf("burst", "must be > 0, got %s", e.Burst)
	case !(e.Window >= e.Every) || !(e.Window > 0):
		c.Errf("window", "must be at least every (%s), got %s", e.Every, e.Window)
	case !(e.Rate >= 0) || float64(e.Rate)*c.Dt/1000 > 1:
		c.Errf("rate", "must be in [0, 1/dt], got %s", e.Rate)
	case !(e.Threshold > 0):
		c.Errf("threshold", "must be > 0, got %s", e.Threshold)
	case !(e.Refractory >= e.Burst):
		c.Errf("refractory", "must be at least burst (%s), got %s", e.Burst, e.Refractory)
	}
}

// replayEnv runs the protocol.
type replayEnv struct {
	e        Replay
	net      *cortex.Network `snap:"-"`
	buffer   *neuron.Poisson `snap:"-"`
	det, asm *cortex.Population
	proj     *synapse.Projection `snap:"-"`
	every    int64
	burst    int64
	quiet    int64
	refr     int64
	start    int64
	hz, zero []float64

	// The detector's spike counts per look over the window (a ring), the
	// counts seen so far, the looks since it last spindled.
	ring                []int64
	pos                 int
	sum                 int64
	lastDet, lastAsm    int64
	quietLooks          int64
	inBurst             bool
	burstEnd, lastStart int64
	spindled            bool // during the current burst

	W0                   float64 // mean weight at the start
	Starts               []int64 // steps of the events
	InSpindle            []bool
	AsmSpikes            []int64 // the assembly's spikes during each burst
	SpindleLooks, NLooks int64
}

func buildReplay(pa any, h registry.EnvHost) (registry.Env, error) {
	e := *pa.(*Replay)
	net := h.Net()
	b := net.Population(e.Buffer)
	if b == nil {
		return nil, fmt.Errorf("buffer %q: no such population", e.Buffer)
	}
	ps, ok := b.Unit.(*neuron.Poisson)
	if !ok {
		return nil, fmt.Errorf("buffer %q: not a poisson population", e.Buffer)
	}
	r := &replayEnv{e: e, net: net, buffer: ps, det: net.Population(e.Detector), asm: net.Population(e.Assembly),
		every: h.Steps(float64(e.Every)), burst: h.Steps(float64(e.Burst)), quiet: h.Steps(float64(e.Quiet)),
		refr: h.Steps(float64(e.Refractory)), start: h.Steps(float64(e.Start)), lastStart: math.MinInt64 / 2}
	if r.det == nil || r.asm == nil {
		return nil, fmt.Errorf("detector %q or assembly %q: no such population", e.Detector, e.Assembly)
	}
	for _, q := range h.Projections() {
		if q.Name == e.Projection {
			r.proj = q
		}
	}
	switch {
	case r.proj == nil:
		return nil, fmt.Errorf("projection %q: no such [[projection]]", e.Projection)
	case r.proj.Rule == nil:
		return nil, fmt.Errorf("projection %q has no plasticity: the stored pattern is measured by the change of its weights", e.Projection)
	}
	r.ring = make([]int64, max(1, h.Steps(float64(e.Window))/r.every))
	r.hz = make([]float64, b.Unit.Len())
	for i := range r.hz {
		r.hz[i] = float64(e.Rate)
	}
	r.zero = make([]float64, b.Unit.Len())
	r.W0 = meanWeight(r.proj)
	return r, nil
}

// meanWeight is the mean weight of a projection's synapses.
func meanWeight(q *synapse.Projection) float64 {
	var s float64
	for _, w := range q.Weights {
		s += float64(w)
	}
	return s / float64(max(len(q.Weights), 1))
}

func (r *replayEnv) Attach() error {
	return r.net.AddOperation(cortex.Operation{Name: "replay", Every: r.every, Run: r.look})
}

// look reads the detector and starts or ends a burst (at step s, the
// steps before it done).
func (r *replayEnv) look(s int64) error {
	n := r.det.SpikeCount()
	d := n - r.lastDet
	r.lastDet = n
	r.sum += d - r.ring[r.pos]
	r.ring[r.pos] = d
	r.pos = (r.pos + 1) % len(r.ring)
	secs := float64(int64(len(r.ring))*r.every) * r.net.Dt / 1000
	spindling := float64(r.sum)/(float64(r.det.Unit.Len())*secs) >= float64(r.e.Threshold)
	r.NLooks++
	if spindling {
		r.SpindleLooks++
		r.quietLooks = 0
	} else {
		r.quietLooks++
	}
	if r.inBurst {
		r.spindled = r.spindled || spindling
		if s >= r.burstEnd {
			r.inBurst = false
			r.InSpindle = append(r.InSpindle, r.spindled)
			r.AsmSpikes = append(r.AsmSpikes, r.asm.SpikeCount()-r.lastAsm)
			return r.buffer.SetRates(r.zero)
		}
		return nil
	}
	if len(r.Starts) >= r.e.Events || s < r.start || s-r.lastStart < r.refr {
		return nil
	}
	var open bool
	switch r.e.Gate {
	case "spindle":
		open = spindling
	case "outside":
		open = r.quietLooks*r.every >= r.quiet
	}
	if !open {
		return nil
	}
	r.inBurst, r.spindled = true, spindling
	r.burstEnd, r.lastStart = s+r.burst, s
	r.Starts = append(r.Starts, s)
	r.lastAsm = r.asm.SpikeCount()
	return r.buffer.SetRates(r.hz)
}

func (r *replayEnv) Tables(steps int64) []registry.Table {
	done := len(r.AsmSpikes)
	inSp := 0
	var asm int64
	for k := range done {
		if r.InSpindle[k] {
			inSp++
		}
		asm += r.AsmSpikes[k]
	}
	share, perEvent := math.NaN(), math.NaN()
	if done > 0 {
		share = float64(inSp) / float64(done)
		perEvent = float64(asm) / float64(done) / float64(r.asm.Unit.Len())
	}
	w := meanWeight(r.proj)
	t := registry.Table{Title: fmt.Sprintf("replay: the buffer %s replays into %s (gate %s); the weights of %s", r.e.Buffer, r.e.Assembly, r.e.Gate, r.proj.Name),
		Columns: []string{"gate", "events", "in_spindle_share", "assembly_spikes_per_unit_event", "spindling_share", "w_start", "w_end", "dw_rel"}}
	t.Rows = [][]any{{r.e.Gate, done, nanNull(share), nanNull(perEvent), float64(r.SpindleLooks) / float64(max(r.NLooks, 1)),
		r.W0, w, (w - r.W0) / r.W0}}
	return []registry.Table{t}
}
