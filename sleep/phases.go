package sleep

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/learn"
)

// The offline phase kinds of a sleep (Options.Phases, method [Sleep]).
const (
	// PhaseSRC is Sleep Replay Consolidation ([SleepSRC]).
	PhaseSRC = "src"
	// PhaseReplay replays episodes of the hippocampal buffer (K stored
	// images per class seen, Options.ReplayPerClass) in spindle bursts.
	PhaseReplay = "replay"
	// PhaseDream replays samples of the generative memory (no stored
	// images) in spindle bursts.
	PhaseDream = "dream"
	// PhaseDownscale is synaptic downscaling (see [Downscale]).
	PhaseDownscale = "downscale"
)

// Phases lists the phase kinds.
var Phases = []string{PhaseSRC, PhaseReplay, PhaseDream, PhaseDownscale}

// SpindleParams pace the replay phases. A sleep holds Spindles spindles;
// each is a burst of Size episodes drawn at random from the memory (the
// buffer, or the generative memory's samples), replayed together as one
// minibatch: one gradient step at the protocol's learning rate times
// LRScale, with its momentum. Between spindles the weights do not change.
type SpindleParams struct {
	Spindles int
	Size     int
	LRScale  float32
}

// DefaultSpindles returns 1000 spindles of 20 episodes each (20,000
// replayed episodes per sleep, 4 epochs of a 5000-image task) at the
// wake learning rate.
func DefaultSpindles() SpindleParams { return SpindleParams{Spindles: 1000, Size: 20, LRScale: 1} }

// spindles replays memory in p.Spindles bursts of p.Size episodes drawn
// uniformly with replacement, one gradient step each.
func (pr *Protocol) spindles(ctx context.Context, m *learn.MLP, memory dataset.Set, p SpindleParams, rng *rand.Rand) error {
	if memory.Rows == 0 || p.Spindles <= 0 {
		return nil
	}
	if p.Size < 1 {
		return fmt.Errorf("sleep: spindle size %d, want >= 1", p.Size)
	}
	opt := pr.options(rng, nil)
	opt.Epochs, opt.Batch, opt.LR = 1, p.Size, pr.LR*p.LRScale
	idx := make([]int, p.Size)
	for s := range p.Spindles {
		if s%100 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		for k := range idx {
			idx[k] = rng.IntN(memory.Rows)
		}
		m.Train(memory.Subset(idx), opt)
	}
	return nil
}

// Downscale is synaptic downscaling in the sense of the synaptic
// homeostasis hypothesis (Tononi & Cirelli 2006): wake potentiates the
// synapses of the units that learned, sleep scales them back. In every
// layer, each unit whose summed positive input weight exceeds the
// layer's mean is scaled (all its input weights, proportionally) down to
// that mean; the others are left alone. Uniform scaling of a whole layer
// would not change a ReLU network without biases at all; scaling the
// strongest units evens out the gains that the last task gave its units
// (most visibly the output units of its classes).
func Downscale(m *learn.MLP) {
	for l, w := range m.W {
		in, out := m.Sizes[l], m.Sizes[l+1]
		pos := make([]float64, out)
		var mean float64
		for o := range out {
			for _, x := range w[o*in : (o+1)*in] {
				pos[o] += math.Max(float64(x), 0)
			}
			mean += pos[o] / float64(out)
		}
		for o := range out {
			if pos[o] > mean {
				f := float32(mean / pos[o])
				row := w[o*in : (o+1)*in]
				for j := range row {
					row[j] *= f
				}
			}
		}
	}
}
