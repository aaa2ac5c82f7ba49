package experiment

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/cortex"
	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/synapse"

	_ "github.com/brainsim/brainsim/currents" // the kinds of [[current]]
)

// Model is a network built from an experiment file, ready to run.
type Model struct {
	Net   *cortex.Network
	Pops  []*cortex.Population // in file order
	Steps int64                // steps of experiment.duration

	spikes []*cortex.SpikeRecorder
	spikeP []*cortex.Population
	states []stateRec
	rates  []rateRec
	file   *configs.File `snap:"-"`
	// plastic lists the plastic projections and pathways, in file order.
	plastic []plasticRec
	// projs finds projections and pathways by name; rewards are the
	// [[reward]] tasks (reward.go).
	projs   map[string]*synapse.Projection
	rewards []*pairingTask
	// fed lists, per population, the receptors that projections and inputs
	// labelled exc or inh feed, for exc_init and inh_init.
	fed map[*cortex.Population]map[string][]*neuron.Receptor `snap:"-"` // building only
	// learn gates the activity rules and nearest_triplet (false in a
	// phase with learn = false, and while the images environment tests);
	// criticLag is the steps from an environment's time to the
	// dopamine level that carries the critic's δ of it (0: no critic).
	learn     bool
	open      bool // no duration: the environment ends the run
	criticLag int64
	env       registry.Env
	analyzers []registry.Env // the [[analysis]] tables, in file order
	// ctx is the build's context, the run's too: analyses stop a long
	// computation when it is cancelled (Ctrl-C).
	ctx     context.Context `snap:"-"`
	phases  *registry.Phases
	modRecs []*cortex.ModRecorder
}

type stateRec struct {
	pop *cortex.Population
	rec *cortex.StateRecorder
}

type rateRec struct {
	pop *cortex.Population
	rec *cortex.RateRecorder
}

// buildError names the config element a build error comes from.
func buildError(what string, err error) error {
	return fmt.Errorf("%s: %w", what, err)
}

// Build constructs the network a validated experiment file describes. The
// file must have had ApplyDefaults and Validate applied (configs.Load does).
// seed replaces experiment.seed.
func Build(f *configs.File, seed int64) (*Model, error) {
	return BuildContext(context.Background(), f, seed)
}

// BuildContext is Build that stops between populations and between
// projections when ctx is cancelled, returning ctx's error.
func BuildContext(ctx context.Context, f *configs.File, seed int64) (*Model, error) {
	dt := float64(*f.Experiment.Dt)
	net := cortex.New(dt, uint64(seed))
	m := &Model{Net: net, file: f, fed: map[*cortex.Population]map[string][]*neuron.Receptor{}, learn: true, ctx: ctx}
	if f.Experiment.Duration != nil {
		m.Steps = int64(math.Round(float64(*f.Experiment.Duration) / dt))
	} else {
		// The environment ends the run (configs.Environment.EndsRun).
		m.Steps, m.open = math.MaxInt64/4, true
	}
	bound := 1e4
	if f.Experiment.VBound != nil {
		bound = float64(*f.Experiment.VBound)
	}
	sheets := map[*cortex.Population]*synapse.Sheet{}
	for _, rc := range f.Regions {
		region := net.AddRegion(rc.Name)
		for _, pc := range rc.Population {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			full := rc.Name + "." + pc.Name
			unit, err := buildUnit(net, full, &pc, dt)
			if err != nil {
				return nil, buildError("population "+full, err)
			}
			if b, ok := unit.(neuron.Bounded); ok {
				b.SetBound(bound)
			}
			p, err := region.AddPopulation(pc.Name, unit)
			if err != nil {
				return nil, err
			}
			p.ActivityTau = ms(pc.ActivityTau)
			m.Pops = append(m.Pops, p)
			if pc.Sheet != nil {
				sh := &synapse.Sheet{Rows: pc.Sheet.Rows, Cols: pc.Sheet.Cols, Periodic: pc.Sheet.Periodic}
				if pc.Sheet.Side != nil {
					sh.Side = float64(*pc.Sheet.Side)
				}
				sheets[p] = sh
			}
		}
	}
	conns := append(slices.Clip(f.Projection), f.Pathway...)
	for i, pc := range conns {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := m.connect(&pc, dt, sheets); err != nil {
			kind := "projection"
			if i >= len(f.Projection) {
				kind = "pathway"
			}
			return nil, buildError(fmt.Sprintf("%s %q", kind, pc.Name), err)
		}
	}
	if err := m.ties(); err != nil {
		return nil, err
	}
	for i, ic := range f.Input {
		if err := m.input(i, &ic, dt); err != nil {
			return nil, buildError(fmt.Sprintf("input %d (target %s)", i+1, ic.Target), err)
		}
	}
	k := 0
	for _, rc := range f.Regions {
		for _, pc := range rc.Population {
			if err := m.receptorInit(m.Pops[k], &pc); err != nil {
				return nil, buildError("population "+m.Pops[k].Name, err)
			}
			k++
		}
	}
	for i, sc := range f.Stimulus {
		if err := m.stimulus(i, &sc, dt); err != nil {
			return nil, buildError(fmt.Sprintf("current %d (target %s)", i+1, sc.Target), err)
		}
	}
	for _, rc := range f.Record {
		if err := m.record(&rc, dt); err != nil {
			return nil, buildError(fmt.Sprintf("record %s of %s", rc.Variable, rc.Population), err)
		}
	}
	if err := m.modulators(); err != nil {
		return nil, err
	}
	if err := m.environment(); err != nil {
		return nil, buildError("environment", err)
	}
	if err := m.analyses(sheets); err != nil {
		return nil, err
	}
	return m, nil
}

func ms(t *configs.Time) float64 {
	if t == nil {
		return 0
	}
	return float64(*t)
}

// toDist converts a config distribution to a sampling one, multiplying every
// value by k (a unit conversion).
func toDist(d *configs.Dist, k float64) synapse.Dist { return synapse.FromUnits(*d, k) }

// buildUnit makes the units of a population through its model's
// registry entry.
func buildUnit(net *cortex.Network, full string, pc *configs.Population, dt float64) (neuron.Population, error) {
	m, ok := registry.LookupModel(pc.Model)
	if !ok {
		return nil, fmt.Errorf("unknown model %q", pc.Model)
	}
	size := 0
	if pc.Size != nil {
		size = *pc.Size
	}
	b := &registry.Build{Name: full, Size: size, Dt: dt, Rand: func(part string) *rand.Rand { return net.Rand(part, full) }}
	return m.Build(pc.Params, b)
}

// feeds records that input labelled label (exc or inh) arrives at rec of
// p, for exc_init and inh_init.
func (m *Model) feeds(p *cortex.Population, label string, rec *neuron.Receptor) {
	if m.fed[p] == nil {
		m.fed[p] = map[string][]*neuron.Receptor{}
	}
	if !slices.Contains(m.fed[p][label], rec) {
		m.fed[p][label] = append(m.fed[p][label], rec)
	}
}

// input builds an [[input]]: a Poisson train per unit straight into a
// receptor of the target, from the stream ("input", index, target).
func (m *Model) input(i int, ic *configs.Input, dt float64) error {
	p := m.Net.Population(ic.Target)
	if p == nil {
		return fmt.Errorf("unknown population %q", ic.Target)
	}
	if ic.Kind != "poisson" {
		return fmt.Errorf("unknown input kind %q", ic.Kind)
	}
	if sk, ok := registry.LookupSynapseKind(ic.SynapseKind); !ok || !sk.Input {
		return fmt.Errorf("unknown synapse_kind %q", ic.SynapseKind)
	}
	if ic.Weight == nil || ic.Rate == nil {
		return fmt.Errorf("rate and weight are required")
	}
	// As for projections: a current weight in mV is the jump of R·I.
	rec, _, res, err := m.receptor(p, ic.SynapseKind, ic.SynapseParams, ic.Weight.Dim, dt)
	if err != nil {
		return err
	}
	w := ic.Weight.Value
	if res != 0 {
		w /= res
	}
	in := neuron.NewPoissonInput(rec, float64(*ic.Rate), float32(w), m.Net.Rand("input", strconv.Itoa(i), ic.Target))
	in.Start = int64(math.Round(ms(ic.Start) / dt))
	if ic.Stop != nil {
		in.Stop = int64(math.Round(ms(ic.Stop) / dt))
	}
	if err := in.Prepare(dt); err != nil {
		return err
	}
	p.Stimuli = append(p.Stimuli, in)
	label := ic.Receptor
	if label == "" {
		label = "exc"
	}
	m.feeds(p, label, rec)
	return nil
}

// receptorInit draws the initial receptor states exc_init and inh_init of a
// population, from the stream ("init", population, label).
func (m *Model) receptorInit(p *cortex.Population, pc *configs.Population) error {
	for _, ri := range []struct {
		label string
		d     *configs.Dist
	}{{"exc", pc.ExcInit}, {"inh", pc.InhInit}} {
		if ri.d == nil {
			continue
		}
		recs := m.fed[p][ri.label]
		if len(recs) == 0 {
			return fmt.Errorf("%s_init: no projection or input with receptor = %q feeds this population", ri.label, ri.label)
		}
		rng := m.Net.Rand("init", p.Name, ri.label)
		for _, rec := range recs {
			k := 1.0
			switch {
			case rec.Kind == neuron.ExpConductance && ri.d.Dim() == configs.DimConductance:
			case rec.Kind == neuron.ExpCurrent && ri.d.Dim() == configs.DimCurrent:
			case rec.Kind == neuron.ExpCurrent && ri.d.Dim() == configs.DimVoltage:
				r, err := membraneResistance(p.Unit)
				if err != nil {
					return err
				}
				k = 1 / r
			default:
				return fmt.Errorf("%s_init has dimension %s, but the %s receptor it sets takes %s", ri.label, ri.d.Dim(), rec.Kind, receptorUnit(rec.Kind))
			}
			d := toDist(ri.d, k)
			for i := range rec.X {
				rec.X[i] = float32(d.Sample(rng))
			}
		}
	}
	return nil
}

func receptorUnit(k neuron.ReceptorKind) string {
	switch k {
	case neuron.ExpConductance:
		return "a conductance"
	case neuron.ExpCurrent:
		return "a current or a voltage (R·I)"
	}
	return "no initial state"
}

// membraneResistance is R in MΩ of models that have one.
func membraneResistance(u neuron.Population) (float64, error) {
	switch u := u.(type) {
	case *neuron.LIF:
		return u.P.TauM / u.P.Cm, nil
	case *neuron.AdEx:
		return 1 / u.P.GL, nil
	case *neuron.IFB:
		return 1 / u.P.GL, nil
	}
	return 0, fmt.Errorf("an exp_current weight in mV needs a membrane resistance; model %s has none: give the weight as a current (nA, pA)", u.Model())
}

func (m *Model) stimulus(i int, sc *configs.Stimulus, dt float64) error {
	p := m.Net.Population(sc.Target)
	if p == nil || neuron.IsSource(p.Unit) {
		return fmt.Errorf("no population %q with a membrane", sc.Target)
	}
	step := func(t float64) int64 { return int64(math.Round(t / dt)) }
	start := step(ms(sc.Start))
	stop := int64(-1)
	if sc.Stop != nil {
		stop = step(ms(sc.Stop))
	}
	for _, u := range sc.Neurons {
		if u < 0 || u >= p.Unit.Len() {
			return fmt.Errorf("neuron %d out of range [0, %d)", u, p.Unit.Len())
		}
	}
	k, ok := registry.LookupCurrent(sc.Kind)
	if !ok {
		return fmt.Errorf("unknown current kind %q", sc.Kind)
	}
	b := &registry.CurrentBuild{Start: start, Stop: stop, Units: sc.Neurons, Steps: step,
		Rand: func() *rand.Rand { return m.Net.Rand("current", strconv.Itoa(i), sc.Target) }}
	p.Stimuli = append(p.Stimuli, k.Build(sc.Params, b))
	return nil
}

func (m *Model) record(rc *configs.Record, dt float64) error {
	if rc.Modulator != "" {
		i, err := modulatorIndex(rc.Modulator)
		if err != nil {
			return err
		}
		m.modRecs = append(m.modRecs, m.Net.RecordModulator(i, max(int64(math.Round(float64(*rc.Every)/dt)), 1)))
		return nil
	}
	p := m.Net.Population(rc.Population)
	if p == nil {
		return fmt.Errorf("unknown population %q", rc.Population)
	}
	every := int64(1)
	if rc.Every != nil {
		every = max(int64(math.Round(float64(*rc.Every)/dt)), 1)
	}
	switch rc.Variable {
	case "spikes":
		m.spikes = append(m.spikes, p.RecordSpikes())
		m.spikeP = append(m.spikeP, p)
	case "rate":
		m.rates = append(m.rates, rateRec{p, p.RecordRate(every)})
	default:
		units := rc.Neurons
		if units == nil {
			for u := 0; u < min(10, p.Unit.Len()); u++ {
				units = append(units, u)
			}
		}
		r, err := p.RecordState(rc.Variable, units, every)
		if err != nil {
			return err
		}
		m.states = append(m.states, stateRec{p, r})
	}
	return nil
}

// eulerDecay reports whether population name decays its receptors by
// forward Euler (synapse_decay = "euler").
func (m *Model) eulerDecay(name string) bool {
	for _, r := range m.file.Regions {
		for _, p := range r.Population {
			if r.Name+"."+p.Name == name {
				e, ok := p.Params.(registry.EulerDecay)
				return ok && e.EulerDecay()
			}
		}
	}
	return false
}
