package stdpnet

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/synapse"
)

// Params are the parameters of the network (see the package doc). Times
// in ms, potentials in mV, rates in Hz, conductances in units of the leak
// conductance.
type Params struct {
	NExc int     // excitatory (and inhibitory) neurons
	Dt   float64 // step, ms

	Present      float64 // presentation of an image, ms
	Rest         float64 // rest after a presentation, ms
	SimulateRest bool    // step through the rest (else reset the state; see the package doc)
	MinSpikes    int     // fewer excitatory spikes: raise the intensity and present again
	// An input's rate is pixel·RatePerIntensity·intensity Hz (pixel in
	// [0, 1]); the intensity starts at Intensity and rises by 1 per
	// re-presentation, at most MaxIntensity (then the image is taken as
	// it is).
	RatePerIntensity float64
	Intensity        float64
	MaxIntensity     float64

	Exc, Inh neuron.LIFParams
	// Reversal potentials and conductance time constants.
	ExcERevE, ExcERevI, InhERevE, InhERevI float64
	TauGe, TauGi                           float64

	// Adaptive threshold of the excitatory neurons: they spike at
	// Exc.VThresh + θ, θ starts at ThetaInit, grows by ThetaPlus per
	// spike and decays to 0 with TauTheta; after a spike they cannot
	// spike for SpikeLock ms (their timer, v integrating on).
	ThetaPlus, TauTheta, ThetaInit float64
	SpikeLock                      float64
	// RefractoryHold holds the excitatory v at the reset for
	// Exc.Refractory after a spike (Brian 2's "unless refractory", NEST).
	// Without it (the default) the refractory period only keeps a neuron
	// from spiking, the next spike coming Exc.Refractory after the last
	// at the earliest, and v integrates on from the reset: what Brian 1.4
	// does with their script, whose excitatory reset is a string (its
	// NeuronGroup holds v only for a numeric reset, and blocks spikes
	// until Refractory - dt/2 after the last).
	RefractoryHold bool

	WInit     float64 // input weights uniform in [0, WInit)
	WMax      float64 // hard upper bound of the input weights
	NormTotal float64 // sum of the input weights into each excitatory neuron; 0: no normalisation
	WExcInh   float64 // exc→inh, one-to-one
	WInhExc   float64 // inh→exc, all but self

	Timing synapse.TripletTiming // STDP of the input weights

	// EulerConductance makes the conductances decay as Brian's forward
	// Euler does, by the factor 1 - Dt/τ per step (0.5 for τ_ge 1 ms and
	// 0.75 for τ_gi 2 ms at Dt 0.5 ms) instead of exp(-Dt/τ). neuron.LIF
	// holds a step's starting conductance over the step, so with the
	// exact decay a spike of weight w delivers the charge
	// w·Dt/(1 - exp(-Dt/τ)), 1.27 w·τ at τ 1 ms; with Euler's it delivers
	// w·τ, as the continuous equations do. Their script runs on Brian 1,
	// which integrates these (nonlinear) equations by forward Euler.
	// Needs Dt < τ. On in Defaults; the package doc compares both.
	EulerConductance bool
	// SameStep makes a spike act from the next step on, as in Brian
	// (see sim.step); else it acts one step later. On by default: 100
	// neurons, 10,000 images: test accuracy 0.79 with, 0.77 without.
	SameStep bool
	// InputDelay (ms) gives every input→exc synapse its own delay, uniform
	// in [0, InputDelay) in steps of Dt, as their script does (0-10 ms);
	// the STDP pre code then runs when a spike arrives at the synapse.
	// 0: no delays. Needs SameStep.
	InputDelay float64
}

// receptorTau is the time constant neuron.LIF gets for a receptor of time
// constant tau: tau, or with EulerConductance the one whose exact decay
// per step is Euler's 1 - Dt/tau.
func (p *Params) receptorTau(tau float64) (float64, error) {
	if !p.EulerConductance {
		return tau, nil
	}
	if !(p.Dt < tau) {
		return 0, fmt.Errorf("stdpnet: Euler conductances need dt < tau, got dt %v ms, tau %v ms", p.Dt, tau)
	}
	return -p.Dt / math.Log1p(-p.Dt/tau), nil
}

// Defaults returns the parameters of Diehl & Cook's script for nExc
// excitatory neurons.
func Defaults(nExc int) Params {
	return Params{
		NExc: nExc, Dt: 0.5,
		Present: 350, Rest: 150, MinSpikes: 5,
		RatePerIntensity: 255.0 / 8, Intensity: 2, MaxIntensity: 32,
		// c_m = τ_m (nF, ms) makes g_L 1 µS, so conductances are in units
		// of the leak conductance as in their equations.
		// Their threshold is v > θ - offset - 52 mV with offset 20 mV and θ
		// starting at 20 mV: -72 mV + θ.
		Exc:      neuron.LIFParams{TauM: 100, Cm: 100, VRest: -65, VThresh: -72, VReset: -65, Refractory: 5},
		Inh:      neuron.LIFParams{TauM: 10, Cm: 10, VRest: -60, VThresh: -40, VReset: -45, Refractory: 2},
		ExcERevE: 0, ExcERevI: -100, InhERevE: 0, InhERevI: -85,
		TauGe: 1, TauGi: 2,
		ThetaPlus: 0.05, TauTheta: 1e7, ThetaInit: 20,
		WInit: 0.3, WMax: 1, NormTotal: 78,
		WExcInh: 10.4, WInhExc: 17,
		Timing: synapse.DiehlCookTiming, SameStep: true, InputDelay: 10, EulerConductance: true,
	}
}

// NInput is the number of input channels (MNIST pixels).
const NInput = 784

// sim is one copy of the dynamics: the populations, their receptors and
// the projections, and the input trains of the current image.
type sim struct {
	p        *Params
	exc, inh *neuron.LIF
	excGe    *neuron.Receptor
	excGi    *neuron.Receptor
	inhGe    *neuron.Receptor
	inhGi    *neuron.Receptor
	in       *synapse.Projection // input → exc (plastic in the trained net)
	ei, ie   *synapse.Projection
	rule     *synapse.STDP // nil: fixed weights (or input delays)
	idx      *synapse.TargetIndex
	dl       *delays    // per-synapse input delays (nil: none)
	dr       *delayRule // the STDP rule with delays (nil: fixed weights or no delays)
	t        int64      // steps simulated (with the rests)
	steps    int        // steps of a presentation
	rest     int64      // steps of a rest

	// The input trains of the current presentation: the inputs spiking at
	// presentation step s are evIn[evOff[s]:evOff[s+1]], in index order.
	evOff  []int32
	evIn   []uint32
	evTmpS []int32
	evTmpI []uint32

	se, si []uint32 // spikes of the current step
	counts []int32  // spikes per excitatory neuron in the presentation
}

// newSim builds the populations and projections; rng draws the initial
// input weights. With learn the input projection gets the STDP rule and the
// excitatory neurons an adaptive threshold that grows and decays; without,
// θ is frozen (set it from the trained network).
func newSim(p *Params, rng *rand.Rand, learn bool) (*sim, error) {
	if p.NExc < 1 {
		return nil, fmt.Errorf("stdpnet: need at least one excitatory neuron, got %d", p.NExc)
	}
	if !(p.Dt > 0) || !(p.Present >= p.Dt) || p.Rest < 0 {
		return nil, fmt.Errorf("stdpnet: bad times dt %v, present %v, rest %v ms", p.Dt, p.Present, p.Rest)
	}
	s := &sim{p: p, steps: int(math.Round(p.Present / p.Dt)), rest: int64(math.Round(p.Rest / p.Dt))}
	n := p.NExc
	excP, lock := p.Exc, p.SpikeLock
	if !p.RefractoryHold && excP.Refractory > 0 {
		// No spike in the Refractory/Dt - 1 steps after one.
		lock = max(lock, excP.Refractory-p.Dt)
		excP.Refractory = 0
	}
	s.exc = neuron.NewLIF(n, excP)
	s.inh = neuron.NewLIF(n, p.Inh)
	if learn {
		s.exc.EnableTheta(p.ThetaPlus, p.TauTheta)
		for i := range s.exc.Theta {
			s.exc.Theta[i] = p.ThetaInit
		}
	} else {
		s.exc.EnableTheta(0, math.Inf(1))
	}
	s.exc.SpikeLock = lock
	var err error
	rec := func(l *neuron.LIF, tau, erev float64) *neuron.Receptor {
		tau, e := p.receptorTau(tau)
		if e != nil {
			err = errors.Join(err, e)
			return nil
		}
		r, e := l.Receptor(neuron.ExpConductance, tau, erev)
		err = errors.Join(err, e)
		return r
	}
	s.excGe, s.excGi = rec(s.exc, p.TauGe, p.ExcERevE), rec(s.exc, p.TauGi, p.ExcERevI)
	s.inhGe, s.inhGi = rec(s.inh, p.TauGe, p.InhERevE), rec(s.inh, p.TauGi, p.InhERevI)
	if err != nil {
		return nil, fmt.Errorf("stdpnet: %w", err)
	}
	one := synapse.ConstDist(p.Dt)
	spec := synapse.Spec{Name: "input->exc", NPre: NInput, NPost: n, Connector: synapse.AllToAll{},
		Weight: synapse.Dist{Kind: synapse.Uniform, A: 0, B: p.WInit}, Delay: one, Receptor: s.excGe}
	maxD := int(math.Round(p.InputDelay / p.Dt))
	if p.InputDelay < 0 || (maxD > 0 && !p.SameStep) {
		return nil, fmt.Errorf("stdpnet: input delay %v ms: want >= 0, and SameStep", p.InputDelay)
	}
	if learn && maxD == 0 {
		s.rule = synapse.NewTripletSTDP(p.Timing, synapse.WeightDependence{Kind: synapse.Additive, WMin: 0, WMax: float32(p.WMax)})
		spec.Rule = s.rule
	}
	if s.in, err = synapse.Build(spec, p.Dt, rng); err != nil {
		return nil, fmt.Errorf("stdpnet: %w", err)
	}
	s.in.MaterializeWeights()
	if s.rule != nil {
		s.idx = s.rule.Index()
	} else if learn {
		s.idx = synapse.NewTargetIndex(s.in)
	}
	if learn && maxD > 0 {
		// Evaluation copies share the trained network's delays (set by
		// the caller).
		s.dl = newDelays(NInput, n, maxD, rng)
		if s.dr, err = newDelayRule(p, s.in.Len(), n, p.WMax); err != nil {
			return nil, err
		}
	}
	if s.ei, err = synapse.Build(synapse.Spec{Name: "exc->inh", NPre: n, NPost: n, Connector: synapse.OneToOne{},
		Weight: synapse.ConstDist(p.WExcInh), Delay: one, Receptor: s.inhGe}, p.Dt, rng); err != nil {
		return nil, fmt.Errorf("stdpnet: %w", err)
	}
	// Same: all but self (no autapses, i.e. no inh i → exc i).
	if s.ie, err = synapse.Build(synapse.Spec{Name: "inh->exc", NPre: n, NPost: n, Same: true, Connector: synapse.AllToAll{},
		Weight: synapse.ConstDist(p.WInhExc), Delay: one, Receptor: s.excGi}, p.Dt, rng); err != nil {
		return nil, fmt.Errorf("stdpnet: %w", err)
	}
	for _, l := range []*neuron.LIF{s.exc, s.inh} {
		if err := l.Prepare(p.Dt, 1); err != nil {
			return nil, fmt.Errorf("stdpnet: %w", err)
		}
	}
	s.evOff = make([]int32, s.steps+1)
	s.counts = make([]int32, n)
	s.se, s.si = make([]uint32, 0, n), make([]uint32, 0, n)
	return s, nil
}

// setInput draws the input trains of one presentation of image x (pixels
// in [0, 1]) at the given intensity: per input, Bernoulli spikes with
// probability rate·dt per step (as Brian's PoissonGroup), drawn by
// geometric skipping, then bucketed by step (inputs in index order within
// a step).
func (s *sim) setInput(x []float32, intensity float64, rng *rand.Rand) {
	steps := s.steps
	s.evTmpS, s.evTmpI = s.evTmpS[:0], s.evTmpI[:0]
	k := s.p.RatePerIntensity * intensity * s.p.Dt / 1000
	for i, v := range x {
		if v <= 0 {
			continue
		}
		q := float64(v) * k // spike probability per step
		if q >= 1 {
			for st := range steps {
				s.evTmpS, s.evTmpI = append(s.evTmpS, int32(st)), append(s.evTmpI, uint32(i))
			}
			continue
		}
		l1q := math.Log1p(-q)
		st := -1
		for {
			// Failures before the next success: floor(log(u)/log(1-q)),
			// u uniform in (0, 1].
			g := math.Floor(math.Log(1-rng.Float64()) / l1q)
			if g >= float64(steps) {
				break
			}
			st += int(g) + 1
			if st >= steps {
				break
			}
			s.evTmpS, s.evTmpI = append(s.evTmpS, int32(st)), append(s.evTmpI, uint32(i))
		}
	}
	off := s.evOff
	clear(off)
	for _, st := range s.evTmpS {
		off[st+1]++
	}
	for st := range steps {
		off[st+1] += off[st]
	}
	if cap(s.evIn) < len(s.evTmpI) {
		s.evIn = make([]uint32, len(s.evTmpI), 2*len(s.evTmpI))
	}
	s.evIn = s.evIn[:len(s.evTmpI)]
	// Counting sort, stable: within a step the inputs stay in index order.
	next := s.evTmpS // reuse as a cursor per event: the slot it goes to
	for e, st := range s.evTmpS {
		next[e] = off[st]
		off[st]++
	}
	for e, i := range s.evTmpI {
		s.evIn[next[e]] = i
	}
	// off[st] now holds the end of step st; shift back to the starts.
	copy(off[1:], off[:steps])
	off[0] = 0
}

// present runs one presentation of the current input trains and returns
// the excitatory spikes in all; counts holds them per neuron.
func (s *sim) present() (int, error) {
	clear(s.counts)
	total := 0
	for st := 0; st < s.steps; st++ {
		if err := s.step(st); err != nil {
			return total, err
		}
		for _, j := range s.se {
			s.counts[j]++
		}
		total += len(s.se)
	}
	return total, nil
}

// step advances the network by one step, presentation step st: the
// inputs of the current trains for that step spike (none at st >= steps,
// in a simulated rest).
//
// With SameStep (the default) a spike of step t acts from the
// integration of step t+1 on, as in Brian: neuron.LIF adds the input of
// step t into its conductances after integrating step t, so the input and
// exc→inh spikes are written into the slot of step t before the target
// steps (Propagate(t-1, ...): delay one step from t-1), and the inh→exc
// spikes, which come after the excitatory neurons have stepped, are added
// to their conductance gi directly. Otherwise every pathway takes its
// one-step delay through the ring, and a spike acts from step t+2 on.
func (s *sim) step(st int) error {
	t := s.t
	var in []uint32
	if st < s.steps {
		in = s.evIn[s.evOff[st]:s.evOff[st+1]]
	}
	var err error
	if s.p.SameStep {
		if len(in) > 0 && s.dl == nil {
			s.in.Propagate(t-1, in)
		}
		if s.se, err = s.exc.Step(t, s.se[:0]); err != nil {
			return err
		}
		if s.dl != nil {
			s.arrive(st, t)
			if s.dr != nil {
				s.dr.post(s.in.Weights, s.p.NExc, t, s.se)
			}
		}
		if len(s.se) > 0 {
			s.ei.Propagate(t-1, s.se)
		}
		if s.si, err = s.inh.Step(t, s.si[:0]); err != nil {
			return err
		}
		if len(s.si) > 0 {
			// All but self: every unit gets w per inhibitory spike, less
			// its own partner's.
			g, w := s.excGi.X, s.ie.Weight
			tot := w * float32(len(s.si))
			for j := range g {
				g[j] += tot
			}
			for _, i := range s.si {
				g[i] -= w
			}
		}
		if s.rule != nil {
			if len(in) > 0 {
				s.rule.OnPre(s.in, t-1, in) // arrive at t
			}
			s.rule.OnPost(s.in, t, s.se)
		}
		s.t++
		return nil
	}
	if s.se, err = s.exc.Step(t, s.se[:0]); err != nil {
		return err
	}
	if s.si, err = s.inh.Step(t, s.si[:0]); err != nil {
		return err
	}
	if len(in) > 0 {
		s.in.Propagate(t, in)
	}
	if len(s.se) > 0 {
		s.ei.Propagate(t, s.se)
	}
	if len(s.si) > 0 {
		s.ie.Propagate(t, s.si)
	}
	if s.rule != nil {
		if len(in) > 0 {
			s.rule.OnPre(s.in, t, in)
		}
		s.rule.OnPost(s.in, t, s.se)
	}
	s.t++
	return nil
}

// rest ends a presentation: with SimulateRest it steps the network
// without input for the rest period; else it resets the state and lets
// θ (and, through the step counter, the traces) decay over the rest.
func (s *sim) restPhase() error {
	if s.p.SimulateRest {
		for r := range int(s.rest) {
			if err := s.step(s.steps + r); err != nil {
				return err
			}
		}
		return nil
	}
	s.reset()
	if (s.rule != nil || s.dr != nil) && s.exc.Theta != nil {
		d := math.Exp(-s.p.Rest / s.p.TauTheta)
		for i := range s.exc.Theta {
			s.exc.Theta[i] *= d
		}
	}
	s.t += s.rest
	return nil
}

// reset puts the membranes at rest and clears the conductances, the input
// in flight and the refractory counters (θ and the weights stay).
func (s *sim) reset() {
	for _, l := range []*neuron.LIF{s.exc, s.inh} {
		v := float32(l.P.VRest)
		for i := range l.V {
			l.V[i] = v
		}
		clear(l.Ref)
		clear(l.Lock)
		for _, r := range l.Receptors() {
			clear(r.X)
			buf, _ := r.Ring()
			clear(buf)
		}
	}
}

// respond presents image x until the excitatory neurons fire at least
// MinSpikes spikes (raising the intensity each time) and returns the
// spikes per neuron of the last presentation (s.counts).
func (s *sim) respond(ctx context.Context, x []float32, rng *rand.Rand) ([]int32, error) {
	for intensity := s.p.Intensity; ; intensity++ {
		s.setInput(x, intensity, rng)
		total, err := s.present()
		if err != nil {
			return nil, err
		}
		if err := s.restPhase(); err != nil {
			return nil, err
		}
		if total >= s.p.MinSpikes || intensity+1 > s.p.MaxIntensity {
			return s.counts, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
}
