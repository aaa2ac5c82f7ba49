package experiment

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/brainsim/brainsim/internal/snap"
)

// Checkpoints. A simulate-mode run saves its whole state at a barrier:
// every unit, receptor and delay ring (spikes in flight), weights and
// plasticity traces, modulator levels and pending releases, the
// environment and the tasks, every random stream, the statistics, and the
// records not yet handed to the sink. What building gives (synapse rows,
// delays, static weights) is not saved but checksummed: a resumed run
// rebuilds its network from the same config and seed, checks it, and reads
// the state into it (internal/snap). Running T steps, saving, and resuming
// to 2T gives the same spikes, weights and results, bit for bit, as a run
// of 2T (TestCheckpoint*).

// Checkpointing asks a run to save its state.
type Checkpointing struct {
	// Every is the steps between checkpoints (rounded up to a barrier);
	// Interval the wall-clock time between them (at the next barrier).
	// With neither, a checkpoint is saved only when the run is interrupted.
	Every    int64
	Interval time.Duration
	// Save is called with the step and a function that writes the
	// state; it writes it where it belongs (atomically). An error stops
	// the run.
	Save func(step int64, write func(io.Writer) error) error
	// OnInterrupt saves a checkpoint when ctx stops the run.
	OnInterrupt bool
}

// checkpointMagic starts the state a run writes; the version changes with
// the layout of the state.
const checkpointMagic = "brainsim state 1\n"

// ErrCheckpoint wraps the errors of a state that cannot be read into the
// rebuilt network.
var ErrCheckpoint = errors.New("cannot resume")

// saveState writes the state of m and its streamer at the current step.
func (m *Model) saveState(w io.Writer, st *streamer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(checkpointMagic)
	e := snap.NewEncoder(bw)
	e.Uint(uint64(m.Net.Step()))
	for _, root := range []struct {
		name string
		ptr  any
	}{{"network", m.Net}, {"model", m}, {"records", st}} {
		if err := e.Encode(root.name, root.ptr); err != nil {
			return fmt.Errorf("saving the state: %w", err)
		}
	}
	if err := e.Flush(); err != nil {
		return err
	}
	return bw.Flush()
}

// loadState reads a state saved by saveState into m, freshly built from
// the same config and seed and prepared, and into st.
func (m *Model) loadState(r io.Reader, st *streamer) error {
	br := bufio.NewReader(r)
	head := make([]byte, len(checkpointMagic))
	if _, err := io.ReadFull(br, head); err != nil || string(head) != checkpointMagic {
		return fmt.Errorf("%w: not a brainsim state (or one of another version)", ErrCheckpoint)
	}
	d := snap.NewDecoder(br)
	step := int64(d.Uint())
	for _, root := range []struct {
		name string
		ptr  any
	}{{"network", m.Net}, {"model", m}, {"records", st}} {
		if err := d.Decode(root.name, root.ptr); err != nil {
			return fmt.Errorf("%w: %w", ErrCheckpoint, err)
		}
	}
	if m.Net.Step() != step {
		return fmt.Errorf("%w: the state is at step %d, the network at %d", ErrCheckpoint, step, m.Net.Step())
	}
	return nil
}

// CheckpointError is the error of a run whose state could not be saved.
// Interrupted is the run's own error when it was stopped by its context;
// Unsupported marks a network whose state cannot be saved at all (found
// before the run starts).
type CheckpointError struct {
	Err         error
	Interrupted error
	Unsupported bool
}

func (e *CheckpointError) Error() string { return "saving a checkpoint: " + e.Err.Error() }
func (e *CheckpointError) Unwrap() error { return e.Err }
