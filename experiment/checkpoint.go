package experiment

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/internal/snap"
	"github.com/brainsim/brainsim/registry"
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
	// Every is the steps between checkpoints (rounded up to a barrier;
	// train mode: the points at which a trainer can save, after a
	// minibatch or a run); Interval the wall-clock time between them (at
	// the next barrier).
	// With neither, a checkpoint is saved only when the run is interrupted.
	Every    int64
	Interval time.Duration
	// Save is called with the step (train mode: the runs finished), where
	// the run stands in words ("step 1200", "rule \"backprop\" on task
	// \"xor\", seed 3 of 10") and a function that writes the state; it
	// writes it where it belongs (atomically). An error stops the run.
	Save func(step int64, where string, write func(io.Writer) error) error
	// OnInterrupt saves a checkpoint when ctx stops the run.
	OnInterrupt bool
}

// checkpointMagic starts the state a run writes; the version changes with
// the layout of the state.
const checkpointMagic = "brainsim state 1\n"

// ErrCheckpoint wraps the errors of a state that cannot be read into the
// rebuilt network.
var ErrCheckpoint = errors.New("cannot resume")

// remaining is the number of bytes left to read in r, when r knows it (a
// file, a bytes.Reader).
func remaining(r io.Reader) (int64, bool) {
	switch r := r.(type) {
	case interface{ Len() int }:
		return int64(r.Len()), true
	case *os.File:
		st, err := r.Stat()
		if err != nil || !st.Mode().IsRegular() {
			return 0, false
		}
		at, err := r.Seek(0, io.SeekCurrent)
		if err != nil {
			return 0, false
		}
		return st.Size() - at, true
	}
	return 0, false
}

// writeState writes magic and then what encode writes.
func writeState(w io.Writer, magic string, encode func(e *snap.Encoder) error) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(magic)
	e := snap.NewEncoder(bw)
	if err := encode(e); err != nil {
		return err
	}
	if err := e.Flush(); err != nil {
		return err
	}
	return bw.Flush()
}

// readState checks that r starts with magic (what, in words, otherwise)
// and returns a decoder of the rest, told its size when r knows it.
func readState(r io.Reader, magic, what string) (*snap.Decoder, error) {
	br := bufio.NewReader(r)
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(br, head); err != nil || string(head) != magic {
		return nil, fmt.Errorf("%w: not a brainsim %s (or one of another version)", ErrCheckpoint, what)
	}
	d := snap.NewDecoder(br)
	if n, ok := remaining(r); ok {
		d.SetSize(n + int64(br.Buffered()))
	}
	return d, nil
}

// saveState writes the state of m and its streamer at the current step.
func (m *Model) saveState(w io.Writer, st *streamer) error {
	return writeState(w, checkpointMagic, func(e *snap.Encoder) error {
		e.Uint(uint64(m.Net.Step()))
		for _, root := range []struct {
			name string
			ptr  any
		}{{"network", m.Net}, {"model", m}, {"records", st}} {
			if err := e.Encode(root.name, root.ptr); err != nil {
				return fmt.Errorf("saving the state: %w", err)
			}
		}
		return nil
	})
}

// loadState reads a state saved by saveState into m, freshly built from
// the same config and seed and prepared, and into st.
func (m *Model) loadState(r io.Reader, st *streamer) error {
	d, err := readState(r, checkpointMagic, "state")
	if err != nil {
		return err
	}
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

// Train mode. A train-mode experiment is rules × tasks × seeds runs, each
// seeded on its own. A checkpoint saves the results of the runs finished
// and, when the run in progress can save its trainer (a rule that calls
// registry.Run.Resume and Checkpoint: backprop, between minibatches), its
// state: the network, the random stream and the loop's place. A resumed
// experiment skips the finished runs and continues the one in progress
// (or repeats it from its start, for rules that do not save their state):
// the same results, bit for bit.

// trainMagic starts a train-mode state.
const trainMagic = "brainsim train state 1\n"

// trainProgress is where a train-mode experiment stands.
type trainProgress struct {
	Rules, Tasks     []string // the file's, to check a resumed file against
	Rule, Task, Seed int      // the run in progress (indices; Seed from 0)
	Rows             []TrainRow
	Samples          [][]Sample // the row in progress: of the seeds finished
	PerTask          [][][]float64
	Images           []registry.ImageGrid
	Heatmaps         []registry.Heatmap
	// InRun is the saved trainer of the run in progress; nil: it starts
	// afresh.
	InRun []byte
	where string `snap:"-"`
}

// check refuses a progress made with other rules or tasks than f's.
func (p *trainProgress) check(f *configs.File) error {
	var rules, tasks []string
	for _, r := range f.Rule {
		rules = append(rules, r.Name)
	}
	for _, t := range f.Task {
		tasks = append(tasks, t.Name)
	}
	if !slices.Equal(rules, p.Rules) || !slices.Equal(tasks, p.Tasks) {
		return fmt.Errorf("%w: the checkpoint was made with rules %v and tasks %v, the file has %v and %v", ErrCheckpoint, p.Rules, p.Tasks, rules, tasks)
	}
	if p.Rule >= len(rules) || p.Task >= len(tasks) {
		return fmt.Errorf("%w: the checkpoint's place (rule %d, task %d) is not in the file", ErrCheckpoint, p.Rule, p.Task)
	}
	return nil
}

func readTrainProgress(r io.Reader) (*trainProgress, error) {
	d, err := readState(r, trainMagic, "train-mode state")
	if err != nil {
		return nil, err
	}
	p := &trainProgress{}
	if err := d.Decode("train", p); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCheckpoint, err)
	}
	return p, nil
}

// trainCheckpoints decides when a train-mode experiment saves, and saves.
type trainCheckpoints struct {
	opt    *Checkpointing // nil: no checkpoints (a resume without them)
	ctx    context.Context
	f      *configs.File // the experiment: its rules' and tasks' names
	resume *trainProgress
	last   time.Time
	count  int64 // points since the last checkpoint
	// stopSaved: a checkpoint was saved after the run was cancelled.
	stopSaved bool
}

// due says whether a checkpoint is wanted at this point.
func (c *trainCheckpoints) due() bool {
	if c == nil || c.opt == nil {
		return false
	}
	if c.ctx.Err() != nil {
		return c.opt.OnInterrupt && !c.stopSaved
	}
	c.count++
	return c.opt.Every > 0 && c.count >= c.opt.Every || c.opt.Interval > 0 && time.Since(c.last) >= c.opt.Interval
}

// save saves the progress p with the trainer's state inRun (nil: none).
func (c *trainCheckpoints) save(p *trainProgress, inRun []byte) error {
	p.InRun = inRun
	for _, r := range c.f.Rule {
		p.Rules = append(p.Rules, r.Name)
	}
	for _, t := range c.f.Task {
		p.Tasks = append(p.Tasks, t.Name)
	}
	finished := int64(len(p.Samples))
	for _, row := range p.Rows {
		finished += int64(row.Seeds)
	}
	err := c.opt.Save(finished, p.where, func(w io.Writer) error {
		return writeState(w, trainMagic, func(e *snap.Encoder) error { return e.Encode("train", p) })
	})
	c.last, c.count = time.Now(), 0
	if c.ctx.Err() != nil {
		c.stopSaved = true
	}
	if err != nil {
		return &CheckpointError{Err: err}
	}
	return nil
}

// runCheckpoints is the registry.Checkpointer of one run.
type runCheckpoints struct {
	ck     *trainCheckpoints
	run    *registry.Run
	at     func() *trainProgress
	resume []byte // the trainer's state to resume from, once
}

// state is what a run saves: the trainer's state and the run's reports.
func (r *runCheckpoints) state(trainer []any) []any {
	return append(slices.Clip(trainer), &r.run.Samples, &r.run.Images, &r.run.Heatmaps, &r.run.PerTask)
}

func (r *runCheckpoints) Resume(state ...any) (bool, error) {
	if r.resume == nil {
		return false, nil
	}
	d := snap.NewDecoder(bytes.NewReader(r.resume))
	r.resume = nil
	for i, s := range r.state(state) {
		if err := d.Decode(fmt.Sprintf("state[%d]", i), s); err != nil {
			return false, fmt.Errorf("%w: %w", ErrCheckpoint, err)
		}
	}
	return true, nil
}

func (r *runCheckpoints) Due() bool { return r.ck.due() }

func (r *runCheckpoints) Save(state ...any) error {
	var buf bytes.Buffer
	e := snap.NewEncoder(&buf)
	for i, s := range r.state(state) {
		if err := e.Encode(fmt.Sprintf("state[%d]", i), s); err != nil {
			return &CheckpointError{Err: err}
		}
	}
	if err := e.Flush(); err != nil {
		return &CheckpointError{Err: err}
	}
	return r.ck.save(r.at(), buf.Bytes())
}

// onInterrupt saves a checkpoint of a run stopped by its context that did
// not save one itself (it is then repeated from its start); it returns the
// run's error, or the checkpoint's.
func (r *runCheckpoints) onInterrupt(err error) error {
	if r == nil || !r.ck.due() {
		return err
	}
	if e := r.ck.save(r.at(), nil); e != nil {
		var ce *CheckpointError
		if errors.As(e, &ce) {
			ce.Interrupted = err
		}
		return e
	}
	return err
}
