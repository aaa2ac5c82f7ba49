// Command brainsim runs brain-inspired neural network experiments described
// by TOML files, or shipped with the binary by name.
//
// Run "brainsim help" for the commands, flags and exit codes.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/experiment"
	"github.com/brainsim/brainsim/internal/report"
	"github.com/brainsim/brainsim/internal/sysmem"
)

// Exit codes, documented in the usage text.
const (
	exitOK          = 0
	exitRuntime     = 1   // the run failed (e.g. unstable integration), files could not be written
	exitUsage       = 2   // bad flags or arguments, config errors, validation failures
	exitInterrupted = 130 // SIGINT or SIGTERM during a run
)

func main() {
	start := time.Now() // wall_s counts from here
	a := &app{
		stdout:        os.Stdout,
		stderr:        os.Stderr,
		stderrTTY:     term.IsTerminal(int(os.Stderr.Fd())),
		start:         start,
		cmdline:       os.Args,
		resolve:       configs.Resolve,
		shipped:       configs.Shipped,
		encode:        configs.Encode,
		run:           experiment.Run,
		checkBuild:    experiment.CheckBuild,
		signalContext: interruptContext,
	}
	os.Exit(a.main(os.Args[1:]))
}

// interruptContext returns a context that the first SIGINT or SIGTERM
// cancels: the run stops at its next check (within a second), writes what
// it has and says where it stopped. A second signal before then ends the
// process at once, with exit status 130; files are written whole (a
// temporary file renamed), so none is left half written. The returned
// function restores the signals' default behaviour.
func interruptContext(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(parent)
	ch := make(chan os.Signal, 2)
	done := make(chan struct{})
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case <-ch:
			cancel()
		case <-done:
			return
		}
		select {
		case <-ch:
			fmt.Fprintln(os.Stderr, "brainsim: interrupted again: stopping now")
			os.Exit(exitInterrupted)
		case <-done:
		}
	}()
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			signal.Stop(ch)
			close(done)
			cancel()
		})
	}
}

// app holds what the commands need from the outside world, so tests can
// swap in fakes (the way gh injects runF).
type app struct {
	stdout, stderr io.Writer
	stderrTTY      bool      // draw a progress bar
	start          time.Time // process start
	cmdline        []string  // os.Args, recorded in run.json

	resolve func(arg string, overrides []string) (*configs.File, error)
	shipped func() []configs.ShippedInfo
	encode  func(w io.Writer, f *configs.File) error
	run     func(ctx context.Context, f *configs.File, opt experiment.Options) (*experiment.Result, error)
	// checkBuild builds and drops a network for validate (nil: skip).
	checkBuild func(ctx context.Context, f *configs.File, maxBytes float64) error
	// signalContext returns a context cancelled by SIGINT or SIGTERM.
	signalContext func(parent context.Context) (context.Context, context.CancelFunc)

	// maxMemory is --max-memory in bytes (0: what the machine has
	// available), which load holds every experiment to; a sweep running
	// memRuns experiments at a time gives each that share of it.
	maxMemory float64
	memRuns   int
	// ckpt saves the checkpoints of the run in progress (run --checkpoint,
	// resume); nil without.
	ckpt *checkpointer
}

// load resolves an experiment as resolve does and refuses one whose
// memory estimate exceeds --max-memory or, without it, the memory the
// machine has available (configs.File.CheckMemory): before anything is
// built, with the same message from run, sweep, compare and validate.
func (a *app) load(arg string, overrides []string) (*configs.File, error) {
	f, err := a.resolve(arg, overrides)
	if err != nil {
		return nil, err
	}
	limit, have := a.maxMemory, ""
	if a.memRuns > 1 {
		if limit == 0 {
			avail, ok := sysmem.Available()
			if !ok {
				return f, nil
			}
			limit = avail
		}
		limit /= float64(a.memRuns)
		have = fmt.Sprintf("1/%d of the memory, for %d runs at a time (--jobs)", a.memRuns, a.memRuns)
	}
	if err := f.CheckMemory(limit, have); err != nil {
		return nil, err
	}
	return f, nil
}

// main runs one command line (without the program name) and returns the
// exit code. Any panic becomes "brainsim: internal error" and exit code 1.
func (a *app) main(args []string) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(a.stderr, "brainsim: internal error: %v\n", r)
			code = exitRuntime
		}
	}()
	return a.exitCode(a.dispatch(args))
}

func (a *app) dispatch(args []string) error {
	if len(args) == 0 {
		return a.runCmd([]string{"quickstart"})
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "run":
		return a.runCmd(rest)
	case "sweep":
		return a.sweepCmd(rest)
	case "compare":
		return a.compareCmd(rest)
	case "validate":
		return a.validateCmd(rest)
	case "resume":
		return a.resumeCmd(rest)
	case "list":
		return a.listCmd(rest)
	case "show":
		return a.showCmd(rest)
	case "version", "--version", "-version":
		return a.versionCmd(rest)
	case "help", "-h", "--help", "-help":
		return a.helpCmd(rest)
	}
	if strings.HasPrefix(cmd, "-") {
		// "brainsim --seed 3" is "brainsim run quickstart --seed 3".
		return a.runCmd(append([]string{"quickstart"}, args...))
	}
	err := fmt.Errorf("unknown command %q", cmd)
	if strings.HasSuffix(cmd, ".toml") || a.isShipped(cmd) {
		err = fmt.Errorf("unknown command %q; to run it: brainsim run %s", cmd, cmd)
	}
	return &exitError{code: exitUsage, err: err, usage: rootUsage}
}

func (a *app) isShipped(name string) bool {
	return slices.ContainsFunc(a.shipped(), func(s configs.ShippedInfo) bool { return s.Name == name })
}

// exitError carries an exit code, and for flag errors the usage to print.
// A nil err means the message was already printed.
type exitError struct {
	code  int
	err   error
	usage string
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// flagError is a usage error that prints usage.
func flagError(usage string, format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...), usage: usage}
}

// configError is a usage or config error: exit 2, no usage.
func configError(err error) error { return &exitError{code: exitUsage, err: err} }

// exitCode prints err the brainsim way and returns the exit code for it:
// every line of the message gets a "brainsim: " prefix (errors.Join puts
// each error on its own line).
func (a *app) exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	code := exitRuntime
	var ee *exitError
	var help errHelp
	if errors.As(err, &help) {
		fmt.Fprint(a.stdout, help.usage)
		return exitOK
	}
	if errors.As(err, &ee) {
		code = ee.code
		if ee.err == nil {
			return code
		}
	}
	var be *experiment.BuildError
	if errors.As(err, &be) { // found from the config, as validate finds it
		code = exitUsage
	}
	a.printError(err)
	if ee != nil && ee.usage != "" {
		// One pointer, not the whole usage text.
		fmt.Fprintf(a.stderr, "brainsim: see \"%s\"\n", helpCommand(ee.usage))
	}
	return code
}

// helpCommand is the command line that prints usage.
func helpCommand(usage string) string {
	for name, u := range commandUsage {
		if u == usage {
			return "brainsim " + name + " --help"
		}
	}
	return "brainsim --help"
}

func (a *app) printError(err error) {
	for line := range strings.SplitSeq(strings.TrimRight(err.Error(), "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		fmt.Fprintf(a.stderr, "brainsim: %s\n", line)
	}
}

// newFlagSet returns a silent FlagSet: errors and -h are handled by
// parseInterleaved's caller.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// errHelp asks for a command's usage on stdout and exit code 0.
type errHelp struct{ usage string }

func (e errHelp) Error() string { return "help requested" }

// parseArgs parses flags that may come before, between or after the
// positional arguments ("brainsim run cuba --seed 3"). A "--" ends the
// flags: everything after it is positional. Flag errors become usage errors;
// -h and --help return errHelp.
func parseArgs(fs *flag.FlagSet, args []string, usage string) ([]string, error) {
	var pos []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			return nil, errHelp{usage}
		}
		if err != nil {
			return nil, flagParseError(fs, err, usage)
		}
		rest := fs.Args()
		consumed := args[:len(args)-len(rest)]
		if len(consumed) > 0 && consumed[len(consumed)-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// flagParseError says what the flag package found wrong in brainsim's
// words, in one line: "--format xml: unknown format ...", "unknown flag
// --bogus; did you mean --seed?". Unknown flags point to the usage; a bad
// value's message already says what is allowed.
func flagParseError(fs *flag.FlagSet, err error, usage string) error {
	msg := err.Error()
	var names []string
	fs.VisitAll(func(f *flag.Flag) {
		if len(f.Name) > 1 {
			names = append(names, f.Name)
		}
	})
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		m := "unknown flag " + dashes(name)
		if s := configs.Suggest(name, names); s != "" {
			m += "; did you mean " + dashes(s) + "?"
		} else if slices.Contains(experimentKeys(), name) {
			m += fmt.Sprintf(`; a config key is set with --set, e.g. --set experiment.%s=<value>`, name)
		}
		return &exitError{code: exitUsage, err: errors.New(m), usage: usage}
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		m := dashes(name) + " needs a value"
		if f := fs.Lookup(name); f != nil && f.Usage != "" {
			m += ": " + f.Usage
		}
		return &exitError{code: exitUsage, err: errors.New(m)}
	}
	if m := flagValueRE.FindStringSubmatch(msg); m != nil {
		v, qerr := strconv.Unquote(m[1])
		if qerr != nil {
			v = m[1]
		}
		sep := " "
		if strings.HasPrefix(msg, "invalid boolean") {
			sep = "="
		}
		return &exitError{code: exitUsage, err: fmt.Errorf("%s%s%s: %s", dashes(m[2]), sep, v, m[3])}
	}
	if arg, ok := strings.CutPrefix(msg, "bad flag syntax: "); ok {
		return &exitError{code: exitUsage, err: fmt.Errorf("bad flag %q: a flag is --name or --name=value", arg), usage: usage}
	}
	return &exitError{code: exitUsage, err: err, usage: usage}
}

// experimentKeys are the keys of [experiment], which --set sets.
func experimentKeys() []string {
	var keys []string
	for _, f := range reflect.VisibleFields(reflect.TypeFor[configs.Experiment]()) {
		if k, _, _ := strings.Cut(f.Tag.Get("toml"), ","); k != "" {
			keys = append(keys, k)
		}
	}
	return keys
}

// flagValueRE matches the flag package's "invalid value" errors.
var flagValueRE = regexp.MustCompile(`^invalid (?:boolean )?value (".*") for (?:flag )?-([^:]+): (.*)$`)

// dashes writes a flag name as the help text does: --name.
func dashes(name string) string { return "--" + name }

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string { return strings.Join(*s, " ") }
func (s *stringList) Set(v string) error {
	*s = append(*s, v)
	return nil
}

// setFlag is a repeatable --set key=value flag.
type setFlag struct{ stringList }

func (s *setFlag) Set(v string) error {
	key, _, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(key) == "" {
		return fmt.Errorf("want key=value, got %q", v)
	}
	return s.stringList.Set(v)
}

// formatFlag is --format, checked against report.Formats when set.
type formatFlag string

func (f *formatFlag) String() string { return string(*f) }
func (f *formatFlag) Set(v string) error {
	if err := report.CheckFormat(v); err != nil {
		return err
	}
	*f = formatFlag(v)
	return nil
}

// memFlag is --max-memory: a size such as 8GB or 512MB, in bytes.
type memFlag float64

func (m *memFlag) String() string {
	if *m == 0 {
		return ""
	}
	return strconv.FormatFloat(float64(*m), 'g', -1, 64)
}

func (m *memFlag) Set(v string) error {
	num := strings.TrimRightFunc(v, func(r rune) bool { return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' })
	scale, ok := map[string]float64{"B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12,
		"KIB": 1 << 10, "MIB": 1 << 20, "GIB": 1 << 30, "TIB": 1 << 40}[strings.ToUpper(strings.TrimSpace(v[len(num):]))]
	x, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if !ok || err != nil || !(x > 0) || math.IsInf(x, 0) {
		return errors.New("want a size such as 8GB or 512MB")
	}
	*m = memFlag(x * scale)
	return nil
}

// seedFlag is an optional int64: nil when not given.
type seedFlag struct{ v *int64 }

func (s *seedFlag) String() string {
	if s.v == nil {
		return ""
	}
	return strconv.FormatInt(*s.v, 10)
}

func (s *seedFlag) Set(v string) error {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return errors.New("want an integer")
	}
	s.v = &n
	return nil
}
