package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/experiment"
	"github.com/brainsim/brainsim/internal/atomicfile"
)

// Checkpoints of "brainsim run --checkpoint <dir>": <dir>/checkpoint.bsnap
// holds a line of text naming the format, one line of JSON with what the
// run was asked (checkpointHeader), and the state of the run (experiment's
// checkpoint.go). It is replaced atomically at every checkpoint, so a run
// killed at any moment leaves the last complete one. "brainsim resume
// <dir>" rebuilds the network from the same config, reads the state into
// it and runs to the end; the records (--out) continue where the
// checkpoint left them.

const (
	checkpointFile  = "checkpoint.bsnap"
	checkpointMagic = "brainsim checkpoint 1\n"
	// defaultCheckpointEvery is the wall-clock time between checkpoints.
	defaultCheckpointEvery = 10 * time.Minute
)

// checkpointHeader is what a checkpoint says about its run.
type checkpointHeader struct {
	Brainsim string `json:"brainsim_version"`
	Saved    string `json:"saved"` // RFC 3339
	Step     int64  `json:"step"`  // train mode: the runs finished
	Total    int64  `json:"steps_total"`
	Where    string `json:"where"` // in words
	// The run's arguments.
	Target    string   `json:"target"`
	Set       []string `json:"set,omitempty"`
	Seed      *int64   `json:"seed,omitempty"`
	Out       string   `json:"out,omitempty"`
	Plots     string   `json:"plots,omitempty"`
	Format    string   `json:"format"`
	MaxMemory float64  `json:"max_memory,omitempty"`
	EveryS    float64  `json:"checkpoint_every_s"`
	// ConfigSHA256 is the hash of the effective config (as config.toml
	// writes it): resume refuses a config that changed since.
	ConfigSHA256 string       `json:"config_sha256"`
	Records      *recordState `json:"records,omitempty"`
}

// checkpointer saves a run's checkpoints into dir.
type checkpointer struct {
	dir    string
	every  time.Duration
	head   checkpointHeader
	rec    *records
	total  int64
	saved  int64     // step of the last checkpoint saved, -1: none
	where  string    // where it was saved, in words
	resume io.Reader // the state to resume from, nil for a new run
}

// configHash is the SHA-256 of the effective config of f.
func (a *app) configHash(f *configs.File) (string, error) {
	h := sha256.New()
	if err := a.encode(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// newCheckpointer prepares the checkpoints of a run with opts into
// opts.Checkpoint, refusing a folder that holds one already (a new run) or
// cannot take files.
func (a *app) newCheckpointer(opts *runOptions, f *configs.File, rec *records, resume io.Reader) (*checkpointer, error) {
	dir := opts.Checkpoint
	if resume == nil {
		if st, err := os.Stat(dir); err == nil && !st.IsDir() {
			return nil, fmt.Errorf("--checkpoint %s: exists and is not a directory", dir)
		}
		if _, err := os.Stat(filepath.Join(dir, checkpointFile)); err == nil {
			return nil, fmt.Errorf("--checkpoint %s holds the checkpoint of another run; continue it with \"brainsim resume %s\", or remove %s", dir, dir, filepath.Join(dir, checkpointFile))
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("--checkpoint %s: %v", dir, err)
		}
	}
	if err := checkWritable(dir); err != nil {
		return nil, fmt.Errorf("--checkpoint %s: no file can be created there (%v)", dir, err)
	}
	hash, err := a.configHash(f)
	if err != nil {
		return nil, err
	}
	every := opts.CheckpointEvery
	if every == 0 {
		every = defaultCheckpointEvery
	}
	// Files by absolute path, so that a run resumes from any folder (a
	// shipped experiment's name stays a name).
	target, out := opts.Target, opts.Out
	if st, err := os.Stat(target); err == nil && !st.IsDir() {
		if a, err := filepath.Abs(target); err == nil {
			target = a
		}
	}
	if out != "" {
		if a, err := filepath.Abs(out); err == nil {
			out = a
		}
	}
	return &checkpointer{dir: dir, every: every, rec: rec, saved: -1, resume: resume, head: checkpointHeader{
		Brainsim: version, Target: target, Set: opts.Set, Seed: opts.Seed, Out: out, Plots: opts.Plots,
		Format: opts.Format, MaxMemory: opts.MaxMemory, EveryS: every.Seconds(), ConfigSHA256: hash,
	}}, nil
}

// options are the run's experiment.Checkpointing.
func (c *checkpointer) options() *experiment.Checkpointing {
	return &experiment.Checkpointing{Interval: c.every, OnInterrupt: true, Save: c.save}
}

// save writes a checkpoint at step: the records are synced first, so that
// the checkpoint never points past what is on disk.
func (c *checkpointer) save(step int64, where string, write func(io.Writer) error) error {
	h := c.head
	h.Step, h.Total, h.Where, h.Saved = step, c.total, where, time.Now().Format(time.RFC3339)
	if c.rec != nil {
		st, err := c.rec.stream.keep()
		if err != nil {
			return fmt.Errorf("syncing the records: %w", err)
		}
		h.Records = st
	}
	line, err := json.Marshal(h)
	if err != nil {
		return err
	}
	path := filepath.Join(c.dir, checkpointFile)
	f, err := atomicfile.Create(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(checkpointMagic)
	w.Write(line)
	w.WriteByte('\n')
	if err := write(w); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := f.Commit(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	c.saved, c.where = step, where
	return nil
}

// done removes the checkpoint of a run that completed.
func (c *checkpointer) done() {
	os.Remove(filepath.Join(c.dir, checkpointFile))
}

// readCheckpoint opens the checkpoint in dir: its header, and the file
// positioned at the state (to close by the caller).
func readCheckpoint(dir string) (*checkpointHeader, *os.File, error) {
	path := filepath.Join(dir, checkpointFile)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		if st, serr := os.Stat(dir); serr != nil || !st.IsDir() {
			return nil, nil, fmt.Errorf("%s: no such folder (give the folder a run's --checkpoint wrote into)", dir)
		}
		return nil, nil, fmt.Errorf("%s: no checkpoint there (%s is missing: the run completed, or never saved one)", dir, checkpointFile)
	}
	if err != nil {
		return nil, nil, err
	}
	br := bufio.NewReader(f)
	magic := make([]byte, len(checkpointMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != checkpointMagic {
		f.Close()
		return nil, nil, fmt.Errorf("%s: not a brainsim checkpoint (or one of another version)", path)
	}
	line, err := br.ReadBytes('\n')
	h := &checkpointHeader{}
	if err == nil {
		err = json.Unmarshal(line, h)
	}
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: the checkpoint's header is damaged: %v", path, err)
	}
	// Position the file at the state: after the magic and the header line.
	if _, err := f.Seek(int64(len(checkpointMagic)+len(line)), io.SeekStart); err != nil {
		f.Close()
		return nil, nil, err
	}
	return h, f, nil
}

const resumeUsage = `Continue a run from its last checkpoint.

USAGE
  brainsim resume <dir> [flags]

  <dir> is the folder a run's --checkpoint wrote into. The run continues
  with the arguments it was started with (experiment, --set, --seed, --out,
  --plots, --format) from the step of its checkpoint to the end, and gives
  the same spikes, weights and results, bit for bit, as a run that was
  never stopped. Its records (--out) continue the files the first run
  left. The config must not have changed since (resume compares its
  hash). When the run completes, the checkpoint is removed.

FLAGS
  --checkpoint-every <time>  wall-clock time between checkpoints (default
                             the run's own)
  --quiet                    no progress bar and no notes on stderr
  -h, --help                 show this help

EXAMPLES
  $ brainsim run distal_reward --checkpoint ck/dr --out runs/dr
  ^C
  $ brainsim resume ck/dr
`

func (a *app) resumeCmd(args []string) error {
	fs := newFlagSet("resume")
	var every time.Duration
	var quiet bool
	fs.DurationVar(&every, "checkpoint-every", 0, "")
	fs.BoolVar(&quiet, "quiet", false, "")
	pos, err := parseArgs(fs, args, resumeUsage)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return flagError(resumeUsage, "resume takes one checkpoint folder, got %d: %s", len(pos), strings.Join(pos, " "))
	}
	if every < 0 {
		return flagError(resumeUsage, "--checkpoint-every must be positive, got %s", every)
	}
	dir := pos[0]
	h, state, err := readCheckpoint(dir)
	if err != nil {
		return configError(err)
	}
	defer state.Close()
	opts := &runOptions{Target: h.Target, Set: h.Set, Seed: h.Seed, Out: h.Out, Plots: h.Plots, Format: h.Format,
		MaxMemory: h.MaxMemory, Quiet: quiet, Checkpoint: dir, CheckpointEvery: every}
	if every == 0 {
		opts.CheckpointEvery = time.Duration(h.EveryS * float64(time.Second))
	}
	a.maxMemory = opts.MaxMemory
	if !quiet {
		fmt.Fprintf(a.stderr, "resuming %s at %s (checkpoint of %s)\n", h.Target, h.Where, h.Saved)
	}
	return a.runExperimentFrom(opts, &resumeFrom{head: h, state: state, path: state.Name()})
}

// resumeFrom is the checkpoint a run resumes from.
type resumeFrom struct {
	head  *checkpointHeader
	state io.Reader
	path  string
}

// checkResumable checks that f is the config the checkpoint was made
// with.
func (a *app) checkResumable(f *configs.File, from *resumeFrom) error {
	hash, err := a.configHash(f)
	if err != nil {
		return err
	}
	if hash != from.head.ConfigSHA256 {
		return fmt.Errorf("%s: the config changed since the checkpoint (its effective TOML differs); resume needs the config the run started with", f.Source())
	}
	return nil
}

// interruptedCheckpoint is the note of an interrupted run that saved a
// checkpoint.
func (c *checkpointer) note(rec *records) string {
	msg := fmt.Sprintf("; checkpoint at %s in %s: continue with \"brainsim resume %s\"", c.where, c.dir, c.dir)
	if rec != nil {
		msg += "; the records in " + rec.dir + " are completed by the resumed run"
	}
	return msg
}
