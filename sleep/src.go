package sleep

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/brainsim/brainsim/cortex"
	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/learn"
	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/synapse"
)

// SleepParams are the constants of an SRC sleep phase. The defaults are
// those of Tadros et al.'s MNIST run (run_class_task_summary.m, the
// vector x found by their hyper-parameter search), dt = 1 ms.
type SleepParams struct {
	MaxRate    float64   // Hz: a pixel of intensity x fires with probability 2x·MaxRate·Dt per step (239.515363)
	Dt         float64   // s: time step (0.001)
	Inc, Dec   float64   // Hebbian increase and decrease (0.032064, 0.003344)
	Beta       []float64 // per-layer thresholds β_l (14.548273, 44.560317, 38.046326)
	AlphaScale float64   // multiplies the data-based normalisation factors (55.882454)
	Decay      float64   // membrane decay per step (0.999)
	Steps      int       // time steps of the sleep after the first task (15000)
	// StepsPerTask is added to Steps for every earlier task (5000: the
	// sleep after task i lasts 15000 + 5000 (i−1) steps).
	StepsPerTask int
	// Mask is the side of the square patch of the mean image that drives
	// the input minus one (10: an 11 × 11 patch, as create_masked_input).
	Mask int
	// Width is the image width in pixels (28); the input is Width wide.
	Width int
	// Factor is the weight dependence of the sleep rule: FactorTadros,
	// 2(1 − σ(w/0.001)) (their MATLAB), or FactorSigmoid, σ(w) (the PyTorch
	// reproduction, agbld/sleep-replay-consolidation-python).
	Factor string
	// Alpha, when set, fixes the per-layer input scales α_l instead of
	// the data-based ones of [Alphas] (the PyTorch reproduction uses
	// 14.983829, 253.17746, 7.770772).
	Alpha []float64
	// CurrentTask drives the sleep with the mean image of the task just
	// learned (the PyTorch reproduction) instead of all tasks seen.
	CurrentTask bool
}

// The weight dependences of the sleep rule (SleepParams.Factor).
const (
	FactorTadros  = "tadros"
	FactorSigmoid = "sigmoid"
)

// DefaultSleep returns the SRC constants of Tadros et al. 2022 for MNIST.
func DefaultSleep() SleepParams {
	return SleepParams{MaxRate: 239.515363, Dt: 0.001, Inc: 0.032064, Dec: 0.003344,
		Beta: []float64{14.548273, 44.560317, 38.046326}, AlphaScale: 55.882454,
		Decay: 0.999, Steps: 15000, StepsPerTask: 5000, Mask: 10, Width: 28, Factor: FactorTadros}
}

// ReproSleep returns the sleep of the PyTorch reproduction of SRC that
// measured 68-71% (agbld/sleep-replay-consolidation-python, mnist_exp.py):
// Tadros et al.'s β, rate and decay, fixed α (14.983829, 253.17746,
// 7.770772), the σ(w) weight dependence, inc 0.001 and dec 0.0001, and a
// sleep of 300 + 150 (i−1) steps after task i driven by the mean image
// of task i.
func ReproSleep() SleepParams {
	p := DefaultSleep()
	p.Factor, p.Alpha, p.CurrentTask = FactorSigmoid, []float64{14.983829, 253.17746, 7.770772}, true
	p.Inc, p.Dec, p.Steps, p.StepsPerTask = 0.001, 0.0001, 300, 150
	return p
}

// Alphas returns the per-layer input scales α_l of the sleep network:
// data-based normalisation (normalize_nn_data.m) over set, times
// AlphaScale. For layer l the scale is s_l = max(max W_l, max a_l) with
// a_l the layer's largest activation on set (hidden activations times
// (1−dropout) per layer, as the dropout network is tested), and
// α_l = AlphaScale · s_{l−1}' / s_l' where s_l' = s_l / s_{l−1}' is the
// factor applied to the previous layer (s_0' = 1).
func Alphas(m *learn.MLP, set dataset.Set, dropout float32, alphaScale float64) []float64 {
	amax := m.MaxActivations(set)
	L := len(m.W)
	alpha := make([]float64, L)
	prev := 1.0
	keep := 1 - float64(dropout)
	for l := range L {
		wmax := 0.0
		for _, w := range m.W[l] {
			wmax = max(wmax, float64(w))
		}
		// hidden layer l+1 is scaled by keep^(l+1); the output sees the
		// scaled last hidden layer, keep^(L-1).
		a := float64(amax[l]) * math.Pow(keep, float64(min(l+1, L-1)))
		s := max(wmax, a, 0)
		if s == 0 {
			s = 1
		}
		applied := s / prev
		alpha[l] = alphaScale / applied
		prev = applied
	}
	return alpha
}

// SleepSRC runs an SRC sleep phase of steps time steps on m in place, on
// the engine: the network (no biases; W_l out×in) becomes a region of
// integrate-and-fire populations, one per layer, joined by projections
// with the SRC rule (synapse.SRC), and an operation presents the input
// at every step. Each input pixel inside a random (Mask+1)² patch of the
// mean image of set fires with probability pixel·MaxRate·Dt·2 (Poisson,
// as sleepnn_old.m), other pixels are silent; layer l integrates
// v ← Decay·v + α_l W_l s_{l−1}, fires where v ≥ β_l and resets those to
// 0; each neuron that fires grows its weights from the inputs that fired
// in the step that drove it by Inc·f(w) and shrinks those from silent
// inputs by Dec·f(w) (SleepParams.Factor chooses f). α_l comes from
// [Alphas] with the training dropout, unless SleepParams.Alpha fixes it.
//
// Tadros et al.'s loop passes a step's input through every layer within
// the step. On the engine a spike acts on its target from the next step
// on (zero delays within a region), so layer l runs l steps behind the
// input: the same computation, pipelined. The layers are stepped from
// the output down, so that a layer's weights have learnt from its spikes
// of one step before the layer below sends it its next input, as in the
// loop; the run lasts L steps longer than the sleep, with the input
// silent, so that the last input reaches the output. Only the random
// numbers differ from the loop's (one geometric gap per spike instead of
// one uniform per pixel and step).
func SleepSRC(ctx context.Context, m *learn.MLP, set dataset.Set, steps int, dropout float32, p SleepParams, rng *rand.Rand) error {
	alpha, err := srcAlphas(m, set, dropout, p)
	if err != nil {
		return err
	}
	n0 := m.Sizes[0]
	mean := meanImage(set, n0)
	net := cortex.New(p.Dt*1000, rng.Uint64())
	in := neuron.NewPoisson(n0, 0, net.Rand("src", "input"))
	in.Stop = int64(steps)
	s, err := newSRCNet(net, m, in, alpha, p)
	if err != nil {
		return err
	}
	// The input: a random patch of the mean image, drawn at every step.
	// A pixel x fires with probability min(2x·MaxRate·Dt, 1): a rate of
	// 2x·MaxRate Hz, at most one spike per step.
	w := p.Width
	h := n0 / w
	side := p.Mask + 1
	hz := make([]float64, n0)
	top := 1000 / net.Dt // Hz: one spike per step
	for top*net.Dt/1000 > 1 {
		top = math.Nextafter(top, 0)
	}
	prng := net.Rand("src", "patch")
	err = net.AddOperation(cortex.Operation{Name: "src patch", Every: 1, Run: func(step int64) error {
		if step >= int64(steps) {
			return nil
		}
		clear(hz)
		r0, c0 := prng.IntN(max(h-p.Mask, 1)), prng.IntN(max(w-p.Mask, 1))
		for r := r0; r < min(r0+side, h); r++ {
			for c := c0; c < min(c0+side, w); c++ {
				k := r*w + c
				hz[k] = min(2*mean[k]*p.MaxRate, top)
			}
		}
		return in.SetRates(hz)
	}})
	if err != nil {
		return err
	}
	return s.run(ctx, steps)
}

// meanImage is the mean of the n inputs over the rows of set.
func meanImage(set dataset.Set, n int) []float64 {
	mean := make([]float64, n)
	for i := range set.Rows {
		for k, x := range set.Row(i) {
			mean[k] += float64(x)
		}
	}
	for k := range mean {
		mean[k] /= float64(max(set.Rows, 1))
	}
	return mean
}

// srcAlphas checks p against m and returns the per-layer input scales.
func srcAlphas(m *learn.MLP, set dataset.Set, dropout float32, p SleepParams) ([]float64, error) {
	L := len(m.W)
	if len(p.Beta) != L || (p.Alpha != nil && len(p.Alpha) != L) {
		return nil, fmt.Errorf("sleep: %d layers, but %d thresholds β and %d scales α", L, len(p.Beta), len(p.Alpha))
	}
	if !(p.Decay > 0 && p.Decay < 1) {
		return nil, fmt.Errorf("sleep: the membrane decay per step must be in (0, 1), got %g", p.Decay)
	}
	if !(p.Dt > 0) || !(p.MaxRate >= 0) {
		return nil, fmt.Errorf("sleep: want dt > 0 and max_rate >= 0, got %g s and %g Hz", p.Dt, p.MaxRate)
	}
	if p.Width <= 0 || m.Sizes[0]%p.Width != 0 || p.Mask < 0 {
		return nil, fmt.Errorf("sleep: an input of %d pixels is not %d wide, or the patch %d is negative", m.Sizes[0], p.Width, p.Mask)
	}
	alpha := p.Alpha
	if alpha == nil {
		alpha = Alphas(m, set, dropout, p.AlphaScale)
	}
	for l, a := range alpha {
		if !(a > 0) || math.IsInf(a, 0) {
			return nil, fmt.Errorf("sleep: the input scale α of layer %d is %g; it must be > 0 and finite", l+1, a)
		}
	}
	return alpha, nil
}

// srcNet is the sleep network of an MLP on the engine.
type srcNet struct {
	net   *cortex.Network
	m     *learn.MLP
	projs []*synapse.Projection // projs[l]: layer l → l+1
}

// newSRCNet builds the sleep network of m in net: the input population in
// (a source of m.Sizes[0] units), then one integrate-and-fire population
// per layer, the output first (see SleepSRC), each layer's weights copied
// into an all-to-all projection with the SRC rule and no delay. The
// membrane v ← Decay·v + α·Σw·s is a LIF of τ_m = −dt/ln(Decay) with rest
// and reset 0, threshold β, no refractory period, and a pulse receptor
// (the input of a step acts on the next) with c_m chosen so that 1 nA of
// pulse moves v by α: c_m = τ_m (1 − Decay) / α.
func newSRCNet(net *cortex.Network, m *learn.MLP, in neuron.Population, alpha []float64, p SleepParams) (*srcNet, error) {
	L := len(m.W)
	var factor synapse.SRCFactor
	switch p.Factor {
	case FactorTadros, "":
		factor = synapse.FactorTadros
	case FactorSigmoid:
		factor = synapse.FactorSigmoid
	default:
		return nil, fmt.Errorf("sleep: unknown weight dependence %q (want %q or %q)", p.Factor, FactorTadros, FactorSigmoid)
	}
	dt := p.Dt * 1000
	tau := -dt / math.Log(p.Decay)
	reg := net.AddRegion("sleep")
	pops := make([]*cortex.Population, L+1)
	for l := L; l >= 1; l-- {
		u := neuron.NewLIF(m.Sizes[l], neuron.LIFParams{TauM: tau, Cm: tau * -math.Expm1(-dt/tau) / alpha[l-1],
			VThresh: p.Beta[l-1]})
		// v is a sum of inputs, not a voltage near rest: only a NaN or an
		// overflow is an unstable integration.
		u.SetBound(math.MaxFloat32)
		pop, err := reg.AddPopulation(fmt.Sprintf("layer%d", l), u)
		if err != nil {
			return nil, err
		}
		pops[l] = pop
	}
	pop, err := reg.AddPopulation("input", in)
	if err != nil {
		return nil, err
	}
	pops[0] = pop
	s := &srcNet{net: net, m: m, projs: make([]*synapse.Projection, L)}
	for l := range L {
		rec, err := pops[l+1].Unit.Receptor(neuron.Pulse, 0, 0)
		if err != nil {
			return nil, err
		}
		q, err := net.Connect(pops[l], pops[l+1], synapse.Spec{Name: fmt.Sprintf("W%d", l+1),
			Connector: synapse.AllToAll{}, Weight: synapse.ConstDist(0), Delay: synapse.ConstDist(0),
			ZeroDelay: true, Receptor: rec, Rule: &synapse.SRC{Inc: p.Inc, Dec: p.Dec, Factor: factor}})
		if err != nil {
			return nil, err
		}
		s.projs[l] = q
		s.copyWeights(l, true)
	}
	return s, nil
}

// copyWeights copies layer l's weights from the MLP into the projection
// (in) or back (!in).
func (s *srcNet) copyWeights(l int, in bool) {
	q, W := s.projs[l], s.m.W[l]
	nin := s.m.Sizes[l]
	for i := range q.NPre {
		for k := q.Offsets[i]; k < q.Offsets[i+1]; k++ {
			o := int(q.Targets[k])
			if in {
				q.Weights[k] = W[o*nin+i]
			} else {
				W[o*nin+i] = q.Weights[k]
			}
		}
	}
}

// run runs the sleep of steps steps, plus the L steps its last input
// takes to reach the output, and copies the weights back into the MLP.
func (s *srcNet) run(ctx context.Context, steps int) error {
	if err := s.net.Run(ctx, int64(steps+len(s.projs))); err != nil {
		return err
	}
	for l := range s.projs {
		s.copyWeights(l, false)
	}
	return nil
}
