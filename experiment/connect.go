package experiment

import (
	"fmt"
	"math"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/cortex"
	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/synapse"
)

// setConnector sets spec's connector from pc's connect rule, and for
// from_list its explicit weights (scaled by k, as the weight
// distribution is) and delays; pre and post are the sheets of the
// populations, needed by the distance connector.
func setConnector(spec *synapse.Spec, pc *configs.Projection, k float64, pre, post []synapse.Point) error {
	cc := pc.Connect
	autapses := cc.Autapses != nil && *cc.Autapses
	switch cc.Rule {
	case "all_to_all":
		spec.Connector = synapse.AllToAll{Autapses: autapses, NoDiagonal: cc.Diagonal != nil && !*cc.Diagonal}
	case "one_to_one":
		spec.Connector = synapse.OneToOne{}
	case "probability":
		spec.Connector = synapse.FixedProbability{P: *cc.P, Autapses: autapses}
	case "fixed_in_degree":
		spec.Connector = synapse.FixedInDegree{N: *cc.N, Autapses: autapses}
	case "fixed_out_degree":
		spec.Connector = synapse.FixedOutDegree{N: *cc.N, Autapses: autapses}
	case "fixed_total_number":
		spec.Connector = synapse.FixedTotalNumber{N: *cc.N, Autapses: autapses}
	case "distance":
		if pre == nil || post == nil {
			return fmt.Errorf("distance connector needs a sheet on %s and %s", pc.From, pc.To)
		}
		spec.Connector = synapse.DistanceProbability{P: *cc.P, Sigma: *cc.Sigma,
			Periodic: cc.Periodic != nil && *cc.Periodic, Autapses: autapses, Pre: pre, Post: post}
	case "from_list":
		spec.Connector = synapse.FromList{Pairs: cc.Pairs}
		if cc.Weights != nil {
			spec.Weights = make([]float64, len(cc.Weights))
			for i, w := range cc.Weights {
				spec.Weights[i] = w * k
			}
		}
		spec.Delays = cc.Delays
	default:
		return fmt.Errorf("unknown connector %q", cc.Rule)
	}
	return nil
}

// connect builds projection pc: its receptor on the target, connector,
// delays and plasticity rule, and registers it with the model.
func (m *Model) connect(pc *configs.Projection, dt float64, sheets map[*cortex.Population][]synapse.Point) error {
	from, to := m.Net.Population(pc.From), m.Net.Population(pc.To)
	if from == nil || to == nil {
		return fmt.Errorf("unknown population %q or %q", pc.From, pc.To)
	}
	sc := pc.Synapse
	kind, ok := receptorKinds[sc.Kind]
	if !ok {
		return fmt.Errorf("unknown synapse kind %q", sc.Kind)
	}
	if kind == neuron.Instant && to.Unit.Output() == nil {
		// A rate synapse onto a spiking unit: weight × activity is a
		// current (nA) held over one step.
		kind = neuron.Pulse
	}
	tau := ms(sc.Tau)
	if m.eulerDecay(pc.To) && (kind == neuron.ExpCurrent || kind == neuron.ExpConductance) {
		// Forward Euler's decay 1 − dt/τ is the exact decay of τ' =
		// −dt/ln(1 − dt/τ).
		if !(dt < tau) {
			return fmt.Errorf("synapse_decay = \"euler\" of %s needs tau > dt, got tau %v ms at dt %v ms", pc.To, tau, dt)
		}
		tau = -dt / math.Log1p(-dt/tau)
	}
	rec, err := to.Unit.Receptor(kind, tau, f64(sc.ERev, 0))
	if err != nil {
		return err
	}
	// Weights arrive in the receptor's unit; a current synapse given in mV
	// is the jump of R·I (Brian2's CUBA convention), so divide by R.
	k := 1.0
	if kind == neuron.ExpCurrent && sc.Weight.Dim() == configs.DimVoltage {
		r, err := membraneResistance(to.Unit)
		if err != nil {
			return err
		}
		k = 1 / r
	}
	spec := synapse.Spec{Name: pc.Name, Weight: toDist(sc.Weight, k), Receptor: rec,
		Rates: sc.Kind == "rate" && from.Unit.Output() == nil, ZeroDelay: from.Region == to.Region}
	if sc.Delay != nil {
		spec.Delay = toDist(sc.Delay, 1)
	} else {
		spec.Delay = synapse.ConstDist(dt)
	}
	if err := setConnector(&spec, pc, k, sheets[from], sheets[to]); err != nil {
		return err
	}
	var extra []string
	if spec.Rule, extra, err = m.plasticRule(pc, kind, to.Unit); err != nil {
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
