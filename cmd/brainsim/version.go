package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is the brainsim release.
const version = "0.1.0-dev"

// buildInfo is what the binary knows about its own source.
type buildInfo struct {
	Version  string // brainsim release
	Go       string // runtime.Version()
	Platform string // GOOS/GOARCH
	Commit   string // vcs.revision, "" when not stamped
	Modified bool   // vcs.modified: built from a tree with local changes
	Time     string // vcs.time
}

func readBuildInfo() buildInfo {
	bi := buildInfo{Version: version, Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return bi
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			bi.Commit = s.Value
		case "vcs.modified":
			bi.Modified = s.Value == "true"
		case "vcs.time":
			bi.Time = s.Value
		}
	}
	return bi
}

func (a *app) versionCmd(args []string) error {
	fs := newFlagSet("version")
	pos, err := parseArgs(fs, args, versionUsage)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return flagError(versionUsage, "version takes no arguments, got %q", pos[0])
	}
	bi := readBuildInfo()
	fmt.Fprintf(a.stdout, "brainsim version %s\n", bi.Version)
	fmt.Fprintf(a.stdout, "go version %s %s\n", bi.Go, bi.Platform)
	if bi.Commit != "" {
		mod := ""
		if bi.Modified {
			mod = " (modified)"
		}
		when := ""
		if bi.Time != "" {
			when = " " + bi.Time
		}
		fmt.Fprintf(a.stdout, "commit %s%s%s\n", bi.Commit, when, mod)
	}
	return nil
}
