package cortex

import (
	"errors"
	"fmt"

	"github.com/brainsim/brainsim/synapse"
)

// Operations. An Operation is work done on the network at fixed steps
// while no region runs: Brian2's NetworkOperation, NEST's step between
// min-delay slices. Environments use them to present a stimulus (clamp
// rate units, set Poisson rates, inject currents), to read a readout
// population, to release rewards and to switch phases.
//
// An operation with period Every and offset Offset runs at the start of
// every step s with s ≥ Offset and (s − Offset) mod Every = 0 (Every = 0:
// once, at step Offset), before the
// modulator levels of the window starting at s are computed, so a
// Network.Release it makes at step s takes effect at s. The scheduler's
// window (the steps regions advance between barriers) divides every
// operation's period and offset, so operations always run at barriers.
// Operations run in the order they were added; together with the barrier
// order this keeps runs bit-identical for any GOMAXPROCS, and Run(a);
// Run(b) equal to Run(a+b).
type Operation struct {
	Name          string
	Every, Offset int64
	Run           func(step int64) error `snap:"-"`
}

// ErrStop, returned by an operation, ends the run cleanly at its step: the
// environment is done (Run returns nil then and at every later call).
var ErrStop = errors.New("cortex: stop")

// AddOperation adds an operation (before the first Run).
func (n *Network) AddOperation(op Operation) error {
	if n.prepared {
		return errors.New("cortex: AddOperation after the first Run")
	}
	if op.Every < 0 || op.Offset < 0 || op.Run == nil {
		return fmt.Errorf("cortex: operation %s: want every >= 0, offset >= 0 and a function", op.Name)
	}
	n.ops = append(n.ops, op)
	return nil
}

// runOps runs the operations due at step s, once per step.
func (n *Network) runOps(s int64) error {
	if len(n.ops) == 0 || n.opsDone == s {
		return nil
	}
	n.opsDone = s
	for _, op := range n.ops {
		if s == op.Offset || op.Every > 0 && s > op.Offset && (s-op.Offset)%op.Every == 0 {
			if err := op.Run(s); err != nil {
				if errors.Is(err, ErrStop) {
					return err
				}
				return fmt.Errorf("%s at step %d (t = %.6g ms): %w", op.Name, s, float64(s)*n.Dt, err)
			}
		}
	}
	return nil
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// ModRecorder samples a modulator level every Every steps from step 0:
// Steps[k] and Levels[k] (the level the rules read at that step).
type ModRecorder struct {
	Mod    synapse.Modulator
	Every  int64
	Steps  []int64
	Levels []float64
}

// RecordModulator attaches a recorder of modulator m, sampled every
// every steps.
func (n *Network) RecordModulator(m synapse.Modulator, every int64) *ModRecorder {
	r := &ModRecorder{Mod: m, Every: max(every, 1)}
	n.modRec = append(n.modRec, r)
	return r
}

// recordMods samples the levels of steps [from, to) of the current window.
func (n *Network) recordMods(from, to int64) {
	for _, r := range n.modRec {
		for s := from; s < to; s++ {
			if s%r.Every == 0 {
				r.Steps = append(r.Steps, s)
				r.Levels = append(r.Levels, n.mods.win[s-n.mods.base][r.Mod])
			}
		}
	}
}
