package registry

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"

	"github.com/brainsim/brainsim/dataset"
)

// Capabilities a task provides and a rule needs (Rule.Needs).
const (
	CapPatterns     = "patterns"     // input patterns with labels or targets (classification)
	CapSmall        = "small"        // a small pattern set trained until solved (logic, parity, encoder)
	CapEncoder      = "encoder"      // the n-k-n encoder: inputs equal targets
	CapImages       = "images"       // labelled images with a test set (mnist)
	CapContinual    = "continual"    // a sequence of tasks over one data set (split_mnist)
	CapConditioning = "conditioning" // Pavlovian trials of cue and reward
	CapBandit       = "bandit"       // a multi-armed bandit
	CapGridworld    = "gridworld"    // a grid world with a goal
)

// Errs reports problems with the keys of the config section being
// checked; configs turns each into one line naming the file, the line
// and the key.
type Errs interface {
	// Errf reports a problem with key: a key of the section ("hidden"),
	// an element of an array key ("hidden[1]"), or "" for the section.
	Errf(key, format string, args ...any)
}

// TaskRef is what a rule's Check sees of a task of the file.
type TaskRef struct {
	Name   string // the [[task]] name
	Data   string // its kind
	Params any    // its parameter struct
}

// Check is the context of a rule's or a task's validation.
type Check struct {
	Errs
	// Section is the section's name (the [[rule]] or [[task]] name; the
	// population's, the projection's, an [[input]]'s target).
	Section string
	// Given reports whether the section sets key itself (rather than
	// leaving it at its default).
	Given func(key string) bool
	// Tasks are the file's tasks (for a rule; nil for a task).
	Tasks []TaskRef
	// Net is the file's network (for a rule; nil when the file
	// describes none).
	Net *Net
	// Dt is the simulation step in ms and Size the population's size (0:
	// not known), for a unit model.
	Dt   float64
	Size int
	// Duration is the run's length in ms for a unit model, 0 when
	// phases or an environment set it.
	Duration float64
	// For a connector or a synapse kind: Source and Target are the
	// populations the projection connects (nil: not resolved; an
	// [[input]] has no Source), Self whether they are one population
	// (autapses matter), Receptor the receptor label (exc or inh) that
	// the defaults of tau and e_rev follow, and ZeroDelay whether a
	// synapse may have a delay of 0 (acting from the next step: within a
	// region, not into a stateless receptor, not with a spike-timing
	// rule). Dt is set.
	Source, Target *PopRef
	Self           bool
	Receptor       string
	ZeroDelay      bool
	// For an environment: Pop resolves the population reference ref
	// ("region.population") of key, reporting one that does not resolve
	// (then nil); Pops are the file's populations, in file order;
	// Driven reports whether a [[projection]] learns by a plasticity
	// rule that environment kind env drives (Plasticity.Environment).
	// Dt is set.
	Pop    func(key, ref string) *PopRef
	Pops   []*PopRef
	Driven func(env string) bool
	// For an analysis: Feeds lists the synapse kinds of the projections,
	// pathways and inputs with receptor = label into population pop.
	Feeds func(pop, label string) []string
}

// Rule is a learning rule of train mode: one [[rule]] section.
type Rule struct {
	Name string // the value of rule = "..."
	Doc  string // one line
	// Needs lists capabilities; a task must provide one of them (every
	// rule runs on every task of its file). Nil: any task.
	Needs []string
	// Params returns a new parameter struct (a pointer) holding the
	// defaults; the section's keys besides name and rule decode into it.
	Params func() any
	// Check validates the decoded parameters and fills defaults that
	// depend on other keys or on the tasks; nil: nothing to check.
	Check func(p any, c *Check)
	// Train runs the rule once (one seed) on one task and reports
	// through r.
	Train func(p any, r *Run) error
	// Figures returns the figures ([report] figures) a rule with
	// parameters p draws data for; nil: none.
	Figures func(p any) []string
	// Files returns the files a run of the rule writes besides the
	// records (paths as configured: relative to the working directory,
	// or into --out), so that their folder can be checked before the run;
	// nil: none.
	Files func(p any) []string
}

// TaskKind is a kind of data a train-mode task holds: one value of a
// [[task]]'s data key.
type TaskKind struct {
	Name     string   // the value of data = "..."
	Doc      string   // one line
	Provides []string // the capabilities rules may need
	// Params returns a new parameter struct holding the defaults; nil
	// for a kind without keys besides name, data, seeds and reference.
	Params func() any
	// Check validates the decoded parameters; nil: nothing to check.
	Check func(p any, c *Check)
	// Load builds the task's data. Errors about a key are *KeyError.
	Load func(name string, p any, cache *Cache) (*Task, error)
	// Figures lists the figures a task of this kind draws data for.
	Figures []string
}

// KeyError is an error about one key of a section, for configs to place
// at the key's line.
type KeyError struct {
	Key string // "" for the section
	Msg string
}

func (e *KeyError) Error() string {
	if e.Key == "" {
		return e.Msg
	}
	return e.Key + ": " + e.Msg
}

// Cache holds what the tasks of one run share (data sets loaded once).
type Cache struct {
	mu sync.Mutex
	m  map[string]any
}

// Get returns the value stored under key, calling load once when there
// is none.
func (c *Cache) Get(key string, load func() (any, error)) (any, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.m[key]; ok {
		return v, nil
	}
	v, err := load()
	if err != nil {
		return nil, err
	}
	if c.m == nil {
		c.m = map[string]any{}
	}
	c.m[key] = v
	return v, nil
}

// Task is a loaded task: what a rule trains on.
type Task struct {
	Name   string // the [[task]] name
	Data   string // its kind
	Params any    // its parameter struct
	// Train and Test are the data sets; HasTest says whether Test is one
	// (Valid: it is a validation split of the training images).
	Train, Test    dataset.Set
	HasTest, Valid bool
	// Env is the kind's own data (a grid world, a bandit's settings).
	Env any
}

// Run is one training run of a rule on a task (one seed): what the rule
// reads and where it reports.
type Run struct {
	Ctx  context.Context
	Rng  *rand.Rand
	Rule string // the [[rule]] name
	Task *Task
	// Net is the file's network; nil when the file describes none.
	Net *Net
	// What the run reports.
	Samples  []Sample
	Images   []ImageGrid
	Heatmaps []Heatmap
	// PerTask[i][j] is, for continual rules, the accuracy on task j's
	// test digits after task i+1.
	PerTask [][]float64
	// Checkpoints, when set, saves and restores the run's state (train
	// mode's checkpoints); see Resume and Checkpoint.
	Checkpoints Checkpointer
}

// Checkpointer saves a train-mode run's state for a checkpoint and gives
// it back to a resumed run. The state is a list of pointers to everything
// the trainer keeps (the network, the random stream, the loop's place),
// saved and read by walking them (internal/snap).
type Checkpointer interface {
	// Resume reads the state saved for this run into state; false when
	// the run starts afresh.
	Resume(state ...any) (bool, error)
	// Due says whether a checkpoint is wanted now (the interval passed,
	// or the run is being stopped).
	Due() bool
	// Save saves state.
	Save(state ...any) error
}

// Resume reads the saved state of the run into state (pointers to all the
// trainer keeps, as it gives them to Checkpoint), when the run resumes from
// a checkpoint; call it once, after building the trainer and before
// training. A trainer that never calls it starts afresh in a resumed
// experiment (the runs finished before the checkpoint are not repeated).
func (r *Run) Resume(state ...any) (bool, error) {
	if r.Checkpoints == nil {
		return false, nil
	}
	return r.Checkpoints.Resume(state...)
}

// Checkpoint offers the trainer's state at a point where it is whole
// (between two minibatches): it is saved when a checkpoint is due.
func (r *Run) Checkpoint(state ...any) error {
	if r.Checkpoints == nil || !r.Checkpoints.Due() {
		return nil
	}
	return r.Checkpoints.Save(state...)
}

// Add reports samples.
func (r *Run) Add(s ...Sample) { r.Samples = append(r.Samples, s...) }

// Live reports whether the run is still wanted (for a training loop's
// per-epoch callback: it stops when it returns false).
func (r *Run) Live(int) bool { return r.Ctx.Err() == nil }

// Stopped reports whether the run was cancelled, for a trainer's inner
// loops (after every minibatch or sampling sweep), so that Ctrl-C ends
// the longest of them within a second.
func (r *Run) Stopped() bool { return r.Ctx.Err() != nil }

// Classified reports the figures of a classifier: its accuracy on the
// training set; on the test (or validation) set when the task has one,
// else whether it solved the task and the median epochs; the epochs run.
func (r *Run) Classified(acc func(dataset.Set) float64, epochs int) {
	t := r.Task
	train, test := acc(t.Train), 0.0
	if t.HasTest {
		test = acc(t.Test)
	}
	r.ClassifiedAs(train, test, epochs)
}

// ClassifiedAs is Classified with the accuracies given.
func (r *Run) ClassifiedAs(acc, test float64, epochs int) {
	t := r.Task
	r.Add(Scalar("accuracy", acc))
	switch {
	case t.Valid:
		r.Add(Scalar("val_accuracy", test))
	case t.HasTest:
		r.Add(Scalar("test_accuracy", test))
	default:
		r.Add(Share("solved", acc == 1))
	}
	r.Add(Scalar("epochs", float64(epochs)))
	if !t.HasTest {
		r.Add(Median("median_epochs", float64(epochs)))
	}
}

// Heatmap is a matrix a rule measured: Z[row][col], e.g. δ per trial
// (row) and step (col).
type Heatmap struct {
	Rule string
	Name string // what Z is, e.g. "td_error"
	Z    [][]float64
}

// ImageGrid is a grid of grayscale images a run generated, e.g. the
// digits a deep belief net dreams with one label unit clamped: Images[k]
// goes to row k / Cols, column k % Cols of the grid.
type ImageGrid struct {
	File   string      // where to write the PNG: a path relative to the working directory (the rule's png key)
	Rule   string      // the rule that made it
	Figure string      // the [report] figure it is the data of ("images"), or ""
	W, H   int         // size of one image
	Cols   int         // images per grid row
	Images [][]float32 // W·H intensities in [0,1] each, row-major
}

var (
	mu    sync.RWMutex
	rules = map[string]*Rule{}
	tasks = map[string]*TaskKind{}
)

// RegisterRule adds a learning rule; it panics on a duplicate or
// incomplete entry (a programming error, caught at init).
func RegisterRule(r Rule) {
	if r.Name == "" || r.Params == nil || r.Train == nil {
		panic("registry: rule " + r.Name + " needs a name, Params and Train")
	}
	mu.Lock()
	defer mu.Unlock()
	if _, dup := rules[r.Name]; dup {
		panic("registry: rule " + r.Name + " registered twice")
	}
	rules[r.Name] = &r
}

// RegisterTask adds a task kind; it panics on a duplicate or incomplete
// entry.
func RegisterTask(t TaskKind) {
	if t.Name == "" || t.Load == nil {
		panic("registry: task " + t.Name + " needs a name and Load")
	}
	mu.Lock()
	defer mu.Unlock()
	if _, dup := tasks[t.Name]; dup {
		panic("registry: task " + t.Name + " registered twice")
	}
	tasks[t.Name] = &t
}

// LookupRule returns the rule registered as name.
func LookupRule(name string) (*Rule, bool) {
	mu.RLock()
	defer mu.RUnlock()
	r, ok := rules[name]
	return r, ok
}

// LookupTask returns the task kind registered as name.
func LookupTask(name string) (*TaskKind, bool) {
	mu.RLock()
	defer mu.RUnlock()
	t, ok := tasks[name]
	return t, ok
}

// RuleNames lists the registered rules, sorted.
func RuleNames() []string { return names(rules) }

// TaskNames lists the registered task kinds, sorted.
func TaskNames() []string { return names(tasks) }

func names[T any](m map[string]T) []string {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Provides reports whether task kind data provides one of caps (nil
// caps: any task).
func Provides(data string, caps []string) bool {
	if caps == nil {
		return true
	}
	t, ok := LookupTask(data)
	return ok && slices.ContainsFunc(caps, func(c string) bool { return slices.Contains(t.Provides, c) })
}

// Providers lists the task kinds that provide one of caps, sorted.
func Providers(caps []string) []string {
	var out []string
	for _, n := range TaskNames() {
		if Provides(n, caps) {
			out = append(out, n)
		}
	}
	return out
}

// NeedsText says which tasks a rule runs on: "data = \"mnist\"" or
// "data = \"and\", \"or\" or \"xor\"".
func NeedsText(r *Rule) string {
	ps := Providers(r.Needs)
	q := make([]string, len(ps))
	for i, p := range ps {
		q[i] = fmt.Sprintf("%q", p)
	}
	switch len(q) {
	case 0:
		return "no registered task"
	case 1:
		return "data = " + q[0]
	}
	return "data = " + strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}
