// Command goldencheck compares the results.json of a brainsim run with a
// golden file of experiment/golden and prints PASS or FAIL per figure and
// a summary line; it exits 1 when a figure fails (or is missing), 2 on a
// usage or read error. Figures of the run that the golden file does not
// hold are listed as "----" (the long golden files hold the published
// figures only) and fail only with -strict.
//
//	goldencheck [-strict] GOLDEN.json RESULTS.json
//	goldencheck [-strict] GOLDEN.json DIR
//
// bench/golden_long.sh runs it after `brainsim run <name> --out DIR`. For
// an experiment with [[variant]]s DIR holds one folder per variant; its
// figures are named <variant>/<figure>.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/brainsim/brainsim/experiment"
	"github.com/brainsim/brainsim/experiment/golden"
)

func main() {
	strict := flag.Bool("strict", false, "fail on figures the golden file does not hold")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: goldencheck [-strict] GOLDEN.json RESULTS.json")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 2 {
		flag.Usage()
		os.Exit(2)
	}
	g, err := golden.Read(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "goldencheck:", err)
		os.Exit(2)
	}
	res, got, err := load(flag.Arg(1), g.Experiment)
	if err != nil {
		fmt.Fprintln(os.Stderr, "goldencheck:", err)
		os.Exit(2)
	}
	var seed string
	if res.Seed != g.Seed {
		seed = fmt.Sprintf(" (run at seed %d, golden values at seed %d)", res.Seed, g.Seed)
	}
	checks := golden.Compare(g, got)
	for _, c := range checks {
		status := "PASS"
		switch {
		case c.Extra && !*strict:
			status = "----"
		case !c.OK():
			status = "FAIL"
		}
		fmt.Printf("%s %s %s\n", status, g.Experiment, c)
	}
	pass, fail, extra := golden.Summary(checks)
	if *strict {
		fail += extra
	}
	verdict := "PASS"
	if fail > 0 {
		verdict = "FAIL"
	}
	fmt.Printf("%s %s: %d of %d golden figures within tolerance, %d failed, %d not in the golden file%s\n",
		verdict, g.Experiment, pass, len(g.Figures), fail, extra, seed)
	if fail > 0 {
		os.Exit(1)
	}
}

// load reads the figures of a results.json, or of every variant folder of
// a directory (as <variant>/<figure>, variants in name order), and checks
// that they are runs of the experiment name. It returns the first result
// (for its seed).
func load(path, name string) (*experiment.Result, []golden.Value, error) {
	one := func(p string) (*experiment.Result, []golden.Value, error) {
		res, err := golden.ReadResults(p)
		if err != nil {
			return nil, nil, err
		}
		if res.Experiment != name {
			return nil, nil, fmt.Errorf("%s is a run of %q, the golden file is for %q", p, res.Experiment, name)
		}
		got, err := golden.Extract(res)
		return res, got, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if !st.IsDir() {
		return one(path)
	}
	if _, err := os.Stat(filepath.Join(path, "results.json")); err == nil {
		return one(filepath.Join(path, "results.json"))
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, nil, err
	}
	var first *experiment.Result
	var all []golden.Value
	for _, e := range entries {
		rp := filepath.Join(path, e.Name(), "results.json")
		if !e.IsDir() {
			continue
		}
		if _, err := os.Stat(rp); err != nil {
			continue
		}
		res, got, err := one(rp)
		if err != nil {
			return nil, nil, err
		}
		if first == nil {
			first = res
		}
		for _, v := range got {
			v.Name = e.Name() + "/" + v.Name
			all = append(all, v)
		}
	}
	if first == nil {
		return nil, nil, fmt.Errorf("%s holds no results.json, nor variant folders with one", path)
	}
	return first, all, nil
}
