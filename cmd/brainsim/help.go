package main

import (
	"fmt"
)

// Usage texts follow gh's syntax: <placeholder>, [optional], {a | b},
// <arg>... for repeatable arguments.

const rootUsage = `Simulate brain-inspired neural networks described by TOML files.

USAGE
  brainsim <command> [<args>] [flags]
  brainsim [run flags]            same as: brainsim run quickstart [run flags]

COMMANDS
  run <file.toml | name>          simulate an experiment and print its results
  sweep <file.toml | name>        run a grid of --set values times seeds, print mean and 95% CI
  compare <file.toml | name>...   run several experiments and print one table
  validate <file.toml | name>...  check experiment files without running them
  resume <dir>                    continue a run from its checkpoint (run --checkpoint)
  list [<catalogue>]              list the shipped experiments, or a catalogue of
                                  plug-ins with their keys: rules, tasks, models,
                                  plasticity, connectors, synapses, environments,
                                  currents, analyses; or metrics, figures
  show <name>                     print a shipped experiment, to copy and edit
  version                         print the version, Go version and commit
  help [<command>]                show help for brainsim or a command

EXIT CODES
  0    ok
  1    runtime error (the run failed, e.g. unstable integration; files could not be written)
  2    usage or config error (bad flags, invalid config, validation failed)
  130  interrupted (Ctrl-C or SIGTERM)

EXAMPLES
  $ brainsim
  $ brainsim run cuba --seed 3
  $ brainsim run my.toml --set experiment.duration=2s --out runs/a
  $ brainsim run cuba --format json | jq '.[0].wall_s'
  $ brainsim validate experiments/*.toml

Run "brainsim help <command>" for a command's flags.
`

const runUsage = `Simulate an experiment and print one row of statistics per population.

USAGE
  brainsim run <file.toml | name> [flags]

  <name> is a shipped experiment (see "brainsim list"); anything else is read
  as a file. Flags may come before or after the experiment.

FLAGS
  --format {table | markdown | csv | json}
                         output format (default table). table and markdown
                         show population, size, spikes, rate_hz, cv_isi (or
                         the config's report.columns) and a run summary; csv
                         and json give one row per population with every key:
                         population, model, size, spikes, rate_hz, cv_isi,
                         silent, sync, osc_hz, state (sync, osc_hz and
                         state need a [[record]] of the population's rate
                         every <= 1ms), experiment, seed, duration_s, steps,
                         build_s, loop_s, wall_s, rtf, synapses, syn_events,
                         syn_events_per_s; json leaves out a key without a
                         value (cv_isi of a population with no ISIs). Train
                         mode: one row per rule and task with the metrics it
                         has (mean ± sd; csv and json: <metric>_std)
  --out <dir>            write config.toml, run.json, results.json and (when
                         recorded) spikes.csv, traces.csv and their NumPy
                         twins spikes_*.npy and trace_*.npy to <dir>; files
                         are written as soon as they are known, so a failed or
                         interrupted run leaves its config and records
  --force                let --out reuse a non-empty directory
  --plots[=png|svg]      draw the figures of [report] figures (or every figure
                         the data allows) as <experiment>_<figure>.png|svg
                         into --out or the working directory (a file with
                         [[variant]]s: <experiment>_<variant>_<figure> per
                         variant, into --out/<variant>)
  --seed <n>             replace experiment.seed
  --set <key>=<value>    override a config key, e.g. --set experiment.duration=2s;
                         repeatable
  --quiet                no progress bar and no notes on stderr
  --max-memory <size>    refuse an experiment whose memory estimate (neurons,
                         synapses, delay buffers; made from the config before
                         anything is built) exceeds <size>, e.g. 8GB
                         (default: the memory the machine has available)
  --checkpoint <dir>     save the run's whole state into <dir> every
                         --checkpoint-every and when it is interrupted;
                         "brainsim resume <dir>" continues it to the same
                         spikes, weights and results, bit for bit (in train
                         mode, backprop continues from its last minibatch,
                         other rules repeat the run in progress)
  --checkpoint-every <time>
                         wall-clock time between checkpoints, e.g. 30s, 1h
                         (default 10m)
  -h, --help             show this help

  Progress (with ETA) is drawn on stderr when it is a terminal; results go to
  stdout. wall_s counts from process start; rtf = loop_s / duration_s.

EXAMPLES
  $ brainsim run cuba
  $ brainsim run cuba --seed 3 --out runs/cuba-3
  $ brainsim run net.toml --set experiment.duration=500ms --format markdown
`

const validateUsage = `Check experiment files without running them.

USAGE
  brainsim validate <file.toml | name>... [flags]

  Prints "<file>: ok (...)" for each valid file on stdout and the errors of
  the others on stderr; exits with status 2 if any file is invalid. A file
  with [[variant]]s is valid when every variant loads, as run loads it.

FLAGS
  --set <key>=<value>    apply an override before validating; repeatable
  --max-memory <size>    refuse an experiment whose memory estimate (neurons,
                         synapses, delay buffers; made from the config before
                         anything is built) exceeds <size>, e.g. 8GB
                         (default: the memory the machine has available)
  -h, --help             show this help

  validate refuses what run would refuse before running, the memory estimate
  included.
`

const listUsage = `List the experiments shipped with brainsim, or a catalogue: the learning
rules of train mode with their keys, types and defaults (rules), the tasks
they run on (tasks), the unit models of populations with their keys
(models), the plasticity rules of projections with their keys
([projection.plasticity] rule = ...: plasticity), the connection rules of
projections (connectors), the synapse kinds of projections and inputs
(synapses), the environments of simulate mode (environments), the kinds
of injected current (currents), the measurements of [[analysis]] tables
(analyses), the metrics result rows can have
(metrics), the figures --plots can draw and what each needs (figures).

USAGE
  brainsim list [experiments | rules | tasks | models | plasticity | connectors | synapses |
                 environments | currents | analyses | metrics | figures] [flags]

FLAGS
  --format {table | markdown | csv | json}
                         output format (default table)
  -h, --help             show this help
`

const showUsage = `Print the TOML text of a shipped experiment, to copy and edit:
"brainsim show cuba > my.toml && brainsim run my.toml" runs what
"brainsim run cuba" runs.

USAGE
  brainsim show <name>
`

const versionUsage = `Print the brainsim version, the Go version and the source commit.

USAGE
  brainsim version
`

const helpUsage = `Show help for brainsim or one of its commands.

USAGE
  brainsim help [<command>]
`

const sweepUsage = `Run an experiment over a grid of parameter values and several seeds, and
print the mean, standard deviation and 95% confidence interval per grid cell.

USAGE
  brainsim sweep <file.toml | name> --grid <key>=<v1>,<v2>,... [--grid ...] [flags]

  Runs every combination of the --grid values (the Cartesian product) with
  each of --seeds seeds; one run is what "brainsim run <file> --set key=v...
  --seed s" does. Every key and value is checked before anything runs.

FLAGS
  --grid <key>=<v1>,<v2>,...
                         a key as --set takes it and its values (commas inside
                         quotes or brackets do not split); repeatable
  --seeds <n>            runs per grid cell, seeds s..s+n-1 with s the
                         experiment's seed (default 1)
  --seed <s>             the first seed instead of experiment.seed
  --jobs <j>             runs at a time (default: the number of CPUs); the
                         numbers do not depend on it
  --set <key>=<value>    override a key in every run; repeatable
  --metric <name>        what to aggregate (default rate_hz of each population;
                         train mode: test_accuracy, else val_accuracy, else
                         accuracy); simulate:
                         size, spikes, rate_hz, cv_isi, silent, sync, osc_hz
                         (per population),
                         duration_s, steps, build_s, loop_s, wall_s, rtf,
                         synapses, syn_events, syn_events_per_s; train: a
                         numeric column of "brainsim run" (per rule and task);
                         repeatable or comma-separated
  --out <dir>            the sweep folder (must be missing or empty; default a
                         new sweep-<name>-<date>-<time> in the working folder)
  --format {table | markdown | csv | json}
                         output format (default table). With exactly two grid
                         keys table and markdown print a 2-D table (first key
                         rows, second key columns) of "mean ± ci95 (sd std)";
                         otherwise one row per cell with n, mean, std,
                         ci95_low, ci95_high. csv and json: one row per metric,
                         population (or rule and task) and cell
  --quiet                no progress bar and no notes on stderr
  --max-memory <size>    refuse a run whose memory estimate exceeds <size>
                         divided by --jobs (default: the memory the machine
                         has available), e.g. 8GB
  -h, --help             show this help

  The sweep folder holds sweep.json (grid, seeds, every run's status and
  results path, the statistics), sweep.csv (the long table) and per run
  <cell>/seed-<s>/ with the files of "brainsim run --out". Ctrl-C stops
  starting runs, cancels the running ones, keeps every finished run's
  records, writes sweep.json and exits 130. A failed run is reported, left
  out of the statistics and makes the exit status 1.

EXAMPLES
  $ brainsim sweep cuba --grid in_degree=40,80,120 --grid neurons=2000,4000 --seeds 5
  $ brainsim sweep my.toml --grid projection.ee.synapse.weight=1mV,2mV --seeds 10 --format csv
`

const compareUsage = `Run several experiments and print their results in one table.

USAGE
  brainsim compare <file.toml | name>... [flags]

  All experiments must be in the same mode (simulate or train). The first
  column names the experiment as given on the command line; a file with
  [[variant]] sections contributes one entry per variant (<file>/<variant>).
  The experiments run one after the other.

FLAGS
  --format {table | markdown | csv | json}
                         output format (default table)
  --out <dir>            write each experiment's records (as "brainsim run
                         --out") to <dir>/<experiment>/
  --force                let --out reuse a non-empty directory
  --seed <n>             replace experiment.seed in every experiment
  --set <key>=<value>    override a key in every experiment; repeatable
  --quiet                no progress bar and no notes on stderr
  --max-memory <size>    refuse an experiment whose memory estimate exceeds
                         <size> (default: the memory the machine has
                         available), e.g. 8GB
  -h, --help             show this help

EXAMPLES
  $ brainsim compare cuba coba
  $ brainsim compare a.toml b.toml --set experiment.duration=500ms --format markdown
`

var commandUsage = map[string]string{
	"sweep":    sweepUsage,
	"compare":  compareUsage,
	"run":      runUsage,
	"validate": validateUsage,
	"resume":   resumeUsage,
	"list":     listUsage,
	"show":     showUsage,
	"version":  versionUsage,
	"help":     helpUsage,
}

func (a *app) helpCmd(args []string) error {
	switch len(args) {
	case 0:
		fmt.Fprint(a.stdout, rootUsage)
		return nil
	case 1:
		if u, ok := commandUsage[args[0]]; ok {
			fmt.Fprint(a.stdout, u)
			return nil
		}
		return flagError(rootUsage, "unknown help topic %q", args[0])
	}
	return flagError(helpUsage, "help takes at most one command, got %d arguments", len(args))
}
