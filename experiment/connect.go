package experiment

import (
	"fmt"
	"math"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/cortex"
	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/synapse"

	_ "github.com/brainsim/brainsim/connectors" // the connection rules
	_ "github.com/brainsim/brainsim/receptors"  // the synapse kinds
)

// setConnector sets spec's connector through pc's connect rule, and the
// weights (scaled by k, as the weight distribution is) and delays of its
// pairs when the rule gives them; pre and post are the sheets of the
// populations.
func setConnector(spec *synapse.Spec, pc *configs.Projection, k float64, pre, post *synapse.Sheet) error {
	con, ok := registry.LookupConnector(pc.Connect.Rule)
	if !ok {
		return fmt.Errorf("unknown connector %q", pc.Connect.Rule)
	}
	b := &registry.ConnectBuild{From: pc.From, To: pc.To, PreSheet: pre, PostSheet: post, WeightScale: k}
	if pre != nil {
		b.Pre = pre.Points()
	}
	if post != nil {
		b.Post = post.Points()
	}
	c, err := con.Build(pc.Connect.Params, b)
	if err != nil {
		return err
	}
	spec.Connector, spec.Weights, spec.Delays = c.Connector, c.Weights, c.Delays
	return nil
}

// receptor returns the receptor of population p that synapses of kind
// (with parameters params) feed, and the membrane resistance R that their
// weights of dimension weight are to be divided by, 0 for none: a
// current weight given in mV is the jump of R·I (Brian2's CUBA
// convention). A target that decays its receptors by forward Euler gets
// the τ whose exact decay equals Euler's.
func (m *Model) receptor(p *cortex.Population, kind string, params any, weight configs.Dim, dt float64) (*neuron.Receptor, registry.Receptor, float64, error) {
	sk, ok := registry.LookupSynapseKind(kind)
	if !ok {
		return nil, registry.Receptor{}, 0, fmt.Errorf("unknown synapse kind %q", kind)
	}
	r := sk.Build(params, &registry.SynapseBuild{TargetSpikes: p.Unit.Output() == nil})
	tau := r.Tau
	if m.eulerDecay(p.Name) && r.Decays {
		// Forward Euler's decay 1 − dt/τ is the exact decay of τ' =
		// −dt/ln(1 − dt/τ).
		if !(dt < tau) {
			return nil, r, 0, fmt.Errorf("synapse_decay = \"euler\" of %s needs tau > dt, got tau %v ms at dt %v ms", p.Name, tau, dt)
		}
		tau = -dt / math.Log1p(-dt/tau)
	}
	rec, err := p.Unit.Receptor(r.Kind, tau, r.ERev)
	if err != nil {
		return nil, r, 0, err
	}
	if r.Resistance && weight == configs.DimVoltage {
		res, err := membraneResistance(p.Unit)
		return rec, r, res, err
	}
	return rec, r, 0, nil
}

// connect builds projection pc: its receptor on the target, connector,
// delays and plasticity rule, and registers it with the model.
func (m *Model) connect(pc *configs.Projection, dt float64, sheets map[*cortex.Population]*synapse.Sheet) error {
	from, to := m.Net.Population(pc.From), m.Net.Population(pc.To)
	if from == nil || to == nil {
		return fmt.Errorf("unknown population %q or %q", pc.From, pc.To)
	}
	sc := pc.Synapse
	rec, r, res, err := m.receptor(to, sc.Kind, sc.Params, sc.Weight.Dim(), dt)
	if err != nil {
		return err
	}
	k := 1.0 // weights arrive in the receptor's unit
	if res != 0 {
		k = 1 / res
	}
	sk, _ := registry.LookupSynapseKind(sc.Kind)
	spec := synapse.Spec{Name: pc.Name, Weight: toDist(sc.Weight, k), Receptor: rec,
		Rates: sk.Rates && from.Unit.Output() == nil, ZeroDelay: from.Region == to.Region}
	if sc.Delay != nil {
		spec.Delay = toDist(sc.Delay, 1)
	} else {
		spec.Delay = synapse.ConstDist(dt)
	}
	if err := setConnector(&spec, pc, k, sheets[from], sheets[to]); err != nil {
		return err
	}
	if sc.Velocity != nil {
		pre, post := sheets[from], sheets[to]
		if pre == nil || post == nil || pre.Side == 0 {
			return fmt.Errorf("synapse.velocity needs %s and %s on sheets with a side", pc.From, pc.To)
		}
		spec.Conduction = &synapse.Conduction{Pre: pre.Points(), Post: post.Points(), Side: pre.Side, Periodic: pre.Periodic, Velocity: float64(*sc.Velocity)}
	}
	var extra []string
	if spec.Rule, extra, err = m.plasticRule(pc, r.Kind, to.Unit); err != nil {
		return err
	}
	q, err := m.Net.Connect(from, to, spec)
	if err != nil {
		return err
	}
	if err := m.bindActivity(q, from, to, extra); err != nil {
		return err
	}
	if spec.Rule != nil {
		m.plastic = append(m.plastic, newPlasticRec(pc.Name, q))
	}
	if m.projs == nil {
		m.projs = map[string]*synapse.Projection{}
	}
	m.projs[pc.Name] = q
	m.feeds(to, pc.Receptor, rec)
	return nil
}
