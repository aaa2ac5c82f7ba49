// Command goldencheck compares the results.json of a brainsim run with a
// golden file of experiment/golden and prints PASS or FAIL per figure and
// a summary line; it exits 1 when a figure fails (or is missing), 2 on a
// usage or read error. Figures of the run that the golden file does not
// hold are listed as "----" (the long golden files hold the published
// figures only) and fail only with -strict.
//
//	goldencheck [-strict] GOLDEN.json RESULTS.json
//
// bench/golden_long.sh runs it after `brainsim run <name> --out DIR`.
package main

import (
	"flag"
	"fmt"
	"os"

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
	res, err := golden.ReadResults(flag.Arg(1))
	if err != nil {
		fmt.Fprintln(os.Stderr, "goldencheck:", err)
		os.Exit(2)
	}
	if res.Experiment != g.Experiment {
		fmt.Fprintf(os.Stderr, "goldencheck: %s is a run of %q, the golden file is for %q\n", flag.Arg(1), res.Experiment, g.Experiment)
		os.Exit(2)
	}
	got, err := golden.Extract(res)
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
