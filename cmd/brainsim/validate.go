package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/brainsim/brainsim/configs"
)

// checkBuildBytes is the largest memory estimate of a network validate
// builds (and drops) to find what building refuses: larger ones (the
// microcircuit: 3 GB, half a minute) are checked by the config alone.
const checkBuildBytes = 256e6

func (a *app) validateCmd(args []string) error {
	fs := newFlagSet("validate")
	var sets setFlag
	fs.Var(&sets, "set", "key=value, e.g. --set experiment.duration=2s")
	fs.Var((*memFlag)(&a.maxMemory), "max-memory", "a size such as 8GB or 512MB")
	files, err := parseArgs(fs, args, validateUsage)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return flagError(validateUsage, "validate needs at least one file")
	}
	failed := 0
	for _, file := range files {
		f, err := a.load(file, sets.stringList)
		if err == nil && len(f.Variant) > 0 {
			// Every variant loads as run loads it.
			_, err = configs.ExpandVariants(f, func(o []string) (*configs.File, error) {
				return a.load(file, append(o, sets.stringList...))
			})
		}
		if err == nil && a.checkBuild != nil { // what building refuses, for networks that build quickly
			err = a.checkBuild(context.Background(), f, checkBuildBytes)
		}
		if err != nil {
			failed++
			a.printConfigErrors(file, err)
			continue
		}
		fmt.Fprintf(a.stdout, "%s: ok (%s)\n", file, summarize(f))
	}
	if failed > 0 {
		return &exitError{code: exitUsage} // errors already printed
	}
	return nil
}

// printConfigErrors prints the lines of a config error, each naming file.
func (a *app) printConfigErrors(file string, err error) {
	for line := range strings.SplitSeq(strings.TrimRight(err.Error(), "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if !strings.Contains(line, file) {
			line = file + ": " + line
		}
		fmt.Fprintf(a.stderr, "brainsim: %s\n", line)
	}
}

// summarize counts what a config holds: "2 populations, 4 projections".
func summarize(f *configs.File) string {
	variants := ""
	if len(f.Variant) > 0 {
		variants = ", " + plural(len(f.Variant), "variant")
	}
	if f.Experiment.Mode == configs.ModeTrain {
		return plural(len(f.Rule), "rule") + ", " + plural(len(f.Task), "task") + variants
	}
	pops := 0
	for _, r := range f.Regions {
		pops += len(r.Population)
	}
	s := plural(pops, "population") + ", " + plural(len(f.Projection), "projection")
	if len(f.Pathway) > 0 {
		s += ", " + plural(len(f.Pathway), "pathway")
	}
	return s + variants
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
