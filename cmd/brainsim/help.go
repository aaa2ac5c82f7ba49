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
  validate <file.toml | name>...  check experiment files without running them
  list                            list the shipped experiments
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
                         experiment, seed, duration_s, steps, build_s, loop_s,
                         wall_s, rtf, synapses, syn_events, syn_events_per_s
  --out <dir>            write config.toml, run.json, results.json and (when
                         recorded) spikes.csv and traces.csv to <dir>; files
                         are written as soon as they are known, so a failed or
                         interrupted run leaves its config and records
  --force                let --out reuse a non-empty directory
  --seed <n>             replace experiment.seed
  --set <key>=<value>    override a config key, e.g. --set experiment.duration=2s;
                         repeatable
  --quiet                no progress bar and no notes on stderr
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
  the others on stderr; exits with status 2 if any file is invalid.

FLAGS
  --set <key>=<value>    apply an override before validating; repeatable
  -h, --help             show this help
`

const listUsage = `List the experiments shipped with brainsim.

USAGE
  brainsim list [flags]

FLAGS
  --format {table | markdown | csv | json}
                         output format (default table)
  -h, --help             show this help
`

const versionUsage = `Print the brainsim version, the Go version and the source commit.

USAGE
  brainsim version
`

const helpUsage = `Show help for brainsim or one of its commands.

USAGE
  brainsim help [<command>]
`

var commandUsage = map[string]string{
	"run":      runUsage,
	"validate": validateUsage,
	"list":     listUsage,
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
