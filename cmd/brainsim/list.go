package main

import (
	"github.com/brainsim/brainsim/internal/report"
)

func (a *app) listCmd(args []string) error {
	fs := newFlagSet("list")
	format := formatFlag("table")
	fs.Var(&format, "format", "")
	pos, err := parseArgs(fs, args, listUsage)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return flagError(listUsage, "list takes no arguments, got %q", pos[0])
	}
	t := &report.Table{Columns: []string{"name", "description"}}
	for _, s := range a.shipped() {
		t.Rows = append(t.Rows, []any{s.Name, s.Description})
	}
	return report.Render(a.stdout, t, string(format))
}
