package experiment

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/cortex"
	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/synapse"

	_ "github.com/brainsim/brainsim/environments" // the environments
)

// An environment is the task around a network ([environment] in the file;
// its kinds are registry entries, package environments). It acts through
// cortex operations: at fixed steps, while no region runs, it clamps input
// populations, reads readout populations and releases rewards, so runs
// stay bit-identical for any GOMAXPROCS. Its random numbers come from the
// stream ("environment").

// newSchedule reads the [[phase]] tables; without any, the run is one
// phase.
func newSchedule(f *configs.File, steps int64, dt float64) *registry.Phases {
	s := &registry.Phases{Start: []int64{0}}
	per := int64(math.Round(float64(f.Environment.PeriodOf()) / dt))
	if len(f.Phase) == 0 {
		s.Names, s.Reward, s.Learn = []string{"run"}, []float64{1}, []bool{true}
		s.Start = append(s.Start, steps)
		if per > 0 {
			s.Trials = []int64{steps / per}
		} else {
			s.Trials = []int64{0}
		}
		return s
	}
	at := int64(0)
	for i, p := range f.Phase {
		var n, trials int64
		if p.Trials != nil {
			trials = int64(*p.Trials)
			n = trials * per
		} else {
			n = int64(math.Round(float64(*p.Duration) / dt))
		}
		at += n
		s.Names = append(s.Names, f.PhaseName(i))
		s.Start = append(s.Start, at)
		s.Reward = append(s.Reward, *p.Reward)
		s.Learn = append(s.Learn, *p.Learn)
		s.Trials = append(s.Trials, trials)
		s.Mods = append(s.Mods, p.Modulators)
	}
	return s
}

// environment builds the [environment] and the phase schedule.
func (m *Model) environment() error {
	f := m.file
	if f.Environment == nil {
		return nil
	}
	m.phases = newSchedule(f, m.Steps, m.Net.Dt)
	// The learning gate follows the phases.
	for k, start := range m.phases.Start[:len(m.phases.Start)-1] {
		learn := m.phases.Learn[k]
		var mods map[string]float64
		if k < len(m.phases.Mods) {
			mods = m.phases.Mods[k]
		}
		if err := m.Net.AddOperation(cortex.Operation{Name: "phase " + m.phases.Names[k], Offset: start,
			Run: func(int64) error {
				m.learn = learn
				for _, name := range configs.ModulatorNames {
					if x, ok := mods[name]; ok {
						i, err := modulatorIndex(name)
						if err != nil {
							return err
						}
						m.Net.SetLevel(i, x)
					}
				}
				return nil
			}}); err != nil {
			return err
		}
	}
	e := f.Environment
	k, ok := registry.LookupEnvironment(e.Kind)
	if !ok {
		return fmt.Errorf("unknown environment kind %q", e.Kind)
	}
	env, err := k.Build(e.Params, &envHost{m: m, rng: m.Net.Rand("environment")})
	if err != nil {
		return err
	}
	m.env = env
	return env.Attach()
}

// envHost is what an environment sees of the model (registry.EnvHost).
type envHost struct {
	m   *Model
	rng *rand.Rand
}

func (h *envHost) Net() *cortex.Network                    { return h.m.Net }
func (h *envHost) Pops() []*cortex.Population              { return h.m.Pops }
func (h *envHost) Rand() *rand.Rand                        { return h.rng }
func (h *envHost) Steps(ms float64) int64                  { return int64(math.Round(ms / h.m.Net.Dt)) }
func (h *envHost) Phases() *registry.Phases                { return h.m.phases }
func (h *envHost) Clamp(n string) (*registry.Clamp, error) { return h.m.clampOf(n) }
func (h *envHost) SetLearn(on bool)                        { h.m.learn = on }
func (h *envHost) CriticLag() int64                        { return h.m.criticLag }

func (h *envHost) Projections() []*synapse.Projection {
	var out []*synapse.Projection
	for _, pc := range h.m.file.Projection {
		out = append(out, h.m.projs[pc.Name])
	}
	return out
}

// Normalizer scales the weights of the projections with a normalize key
// into every target to the key's sum.
func (h *envHost) Normalizer() (func(), error) {
	norms, err := h.m.normTargets()
	if err != nil {
		return nil, err
	}
	return func() {
		for _, n := range norms {
			n.idx.Normalize(n.p.Weights, n.total)
		}
	}, nil
}

// ratePop finds a rate population by name.
func (m *Model) ratePop(name string) (*neuron.Rate, error) {
	p := m.Net.Population(name)
	if p == nil {
		return nil, fmt.Errorf("unknown population %q", name)
	}
	r, ok := p.Unit.(*neuron.Rate)
	if !ok {
		return nil, fmt.Errorf("%s is a %s population; the environment clamps rate populations", name, p.Unit.Model())
	}
	return r, nil
}

// clampOf holds a rate population at values the environment writes.
func (m *Model) clampOf(name string) (*registry.Clamp, error) {
	r, err := m.ratePop(name)
	if err != nil {
		return nil, err
	}
	c := &registry.Clamp{Pop: r, V: make([]float32, r.Len())}
	return c, r.SetClamp(c.V)
}

// normTarget is a projection whose weights into each target are scaled to
// total before every presentation.
type normTarget struct {
	p     *synapse.Projection
	idx   *synapse.TargetIndex
	total float32
}

// normTargets lists the projections with a normalize key.
func (m *Model) normTargets() ([]normTarget, error) {
	var out []normTarget
	for _, pc := range m.file.Projection {
		if pc.Normalize == nil {
			continue
		}
		q := m.projs[pc.Name]
		q.MaterializeWeights()
		idx := synapse.NewTargetIndex(q)
		if r, ok := q.Rule.(*synapse.NearestTriplet); ok {
			idx = r.Index()
		}
		out = append(out, normTarget{p: q, idx: idx, total: float32(pc.Normalize.Value)})
	}
	return out, nil
}
