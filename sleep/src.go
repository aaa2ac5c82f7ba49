package sleep

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/internal/vecmath"
	"github.com/brainsim/brainsim/learn"
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

// SleepSRC runs an SRC sleep phase of steps time steps on m in place. The
// network (no biases; W_l out×in) becomes a network of integrate-and-fire
// neurons: at every step each input pixel inside a random (Mask+1)²
// patch of the mean image of set fires with probability
// pixel·MaxRate·Dt·2 (Poisson, as sleepnn_old.m), other pixels are
// silent; layer l integrates v ← Decay·v + α_l W_l s_{l−1}, fires where
// v ≥ β_l and resets those to 0. For each neuron that fires, its weights
// from inputs that fired this step grow by Inc·σ'(w) and those from
// silent inputs shrink by Dec·σ'(w), σ'(w) = 2(1 − 1/(1+e^(−w/0.001))):
// about 2 for negative weights, 1 at 0, vanishing above a few
// thousandths (SleepParams.Factor chooses it). α_l comes from [Alphas]
// with the training dropout, unless SleepParams.Alpha fixes it.
func SleepSRC(ctx context.Context, m *learn.MLP, set dataset.Set, steps int, dropout float32, p SleepParams, rng *rand.Rand) error {
	L := len(m.W)
	if len(p.Beta) != L || (p.Alpha != nil && len(p.Alpha) != L) {
		return fmt.Errorf("sleep: %d layers, but %d thresholds β and %d scales α", L, len(p.Beta), len(p.Alpha))
	}
	var factor func(float32) float32
	switch p.Factor {
	case FactorTadros, "":
		factor = gate
	case FactorSigmoid:
		factor = vecmath.Sigmoid
	default:
		return fmt.Errorf("sleep: unknown weight dependence %q (want %q or %q)", p.Factor, FactorTadros, FactorSigmoid)
	}
	alpha := p.Alpha
	if alpha == nil {
		alpha = Alphas(m, set, dropout, p.AlphaScale)
	}
	n0 := m.Sizes[0]
	mean := make([]float64, n0)
	for i := range set.Rows {
		for k, x := range set.Row(i) {
			mean[k] += float64(x)
		}
	}
	for k := range mean {
		mean[k] /= float64(max(set.Rows, 1))
	}
	// spike if u·(1/(Dt·MaxRate))/2 <= pixel, u uniform in [0,1)
	half := 1 / (p.Dt * p.MaxRate) / 2
	w := p.Width
	h := n0 / w
	side := p.Mask + 1
	mem := make([][]float64, L+1)
	spk := make([][]bool, L+1)
	list := make([][]int, L+1) // indices of the neurons that fired this step
	for l, s := range m.Sizes {
		mem[l] = make([]float64, s)
		spk[l] = make([]bool, s)
	}
	for t := range steps {
		if t%1000 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		// input: a random patch of the mean image
		clear(spk[0])
		list[0] = list[0][:0]
		r0, c0 := rng.IntN(max(h-p.Mask, 1)), rng.IntN(max(w-p.Mask, 1))
		for r := r0; r < min(r0+side, h); r++ {
			for c := c0; c < min(c0+side, w); c++ {
				k := r*w + c
				if rng.Float64()*half <= mean[k] && mean[k] > 0 {
					spk[0][k] = true
					list[0] = append(list[0], k)
				}
			}
		}
		for l := 1; l <= L; l++ {
			in, out := m.Sizes[l-1], m.Sizes[l]
			W := m.W[l-1]
			pre, preSpk := list[l-1], spk[l-1]
			v, s := mem[l], spk[l]
			list[l] = list[l][:0]
			a, beta := alpha[l-1], p.Beta[l-1]
			for o := range out {
				row := W[o*in : (o+1)*in : (o+1)*in]
				var sum float32
				for _, j := range pre {
					sum += row[j]
				}
				v[o] = p.Decay*v[o] + a*float64(sum)
				s[o] = v[o] >= beta
				if s[o] {
					list[l] = append(list[l], o)
					v[o] = 0
				}
			}
			inc, dec := float32(p.Inc), float32(p.Dec)
			for _, o := range list[l] {
				row := W[o*in : (o+1)*in : (o+1)*in]
				for j, x := range row {
					g := factor(x)
					if g == 0 {
						continue
					}
					if preSpk[j] {
						row[j] = x + inc*g
					} else {
						row[j] = x - dec*g
					}
				}
			}
		}
	}
	return nil
}

// gate is the weight dependence 2(1 − 1/(1+e^(−w/0.001))) = 2/(1+e^(1000 w)).
func gate(w float32) float32 {
	switch {
	case w > 0.05: // < 4e-22: below any float32 step of w
		return 0
	case w < -0.05:
		return 2
	}
	return float32(2 / (1 + math.Exp(1000*float64(w))))
}
