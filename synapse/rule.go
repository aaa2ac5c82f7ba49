package synapse

// Modulator names a global neuromodulator level.
type Modulator int

const (
	Dopamine   Modulator = iota // reward-prediction error, signed
	Punishment                  // aversive signal
	Surprise                    // unsigned prediction error, scales learning rates
	Confidence                  // inverse uncertainty, sets exploration
	Discount                    // temporal discounting gamma
	NumModulators
)

// Modulators holds the level of every modulator. The scheduler reduces and
// broadcasts them at the region barrier, so every region sees the same values
// at the same step.
type Modulators [NumModulators]float64

// Rule is a plasticity rule of a projection. The scheduler calls, within
// each step and after the populations have spiked:
//   - OnPre with the spikes the source emitted at step t (after Propagate),
//   - OnPost with the spikes the target emitted at step t,
//   - Step once per step with the modulator levels of the last barrier.
//
// A rule keeps its own state (traces, eligibility) and must not allocate in
// these calls. A projection built with a constant weight stores it once
// (Weights nil, Weight set): a rule that reads or changes weights calls
// p.MaterializeWeights() once when it is attached to the projection,
// before the first step, and then works on p.Weights. The spike-timing
// rule STDP is a timing rule times a weight dependence (PyNN's
// STDPMechanism); the activity rules (ActivityRule) learn in Step.
type Rule interface {
	Name() string
	OnPre(p *Projection, t int64, spikes []uint32)
	OnPost(p *Projection, t int64, spikes []uint32)
	Step(p *Projection, t int64, mod *Modulators)
}

// Static is the rule of fixed synapses: it does nothing. A projection with a
// nil Rule is static and costs no calls at all.
type Static struct{}

func (Static) Name() string                         { return "static" }
func (Static) OnPre(*Projection, int64, []uint32)   {}
func (Static) OnPost(*Projection, int64, []uint32)  {}
func (Static) Step(*Projection, int64, *Modulators) {}
