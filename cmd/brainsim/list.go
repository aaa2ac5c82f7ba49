package main

import (
	"fmt"
	"strings"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/internal/report"
	"github.com/brainsim/brainsim/registry"
)

// listCmd lists the shipped experiments, or a catalogue of the registry:
// rules, tasks, models, plasticity rules, connectors, synapses,
// environments, currents, analyses, metrics, figures.
func (a *app) listCmd(args []string) error {
	fs := newFlagSet("list")
	format := formatFlag("table")
	fs.Var(&format, "format", "table, markdown, csv or json")
	pos, err := parseArgs(fs, args, listUsage)
	if err != nil {
		return err
	}
	what := "experiments"
	switch len(pos) {
	case 0:
	case 1:
		what = pos[0]
	default:
		return flagError(listUsage, "list takes at most one argument, got %d", len(pos))
	}
	var t *report.Table
	switch what {
	case "experiments":
		t = &report.Table{Columns: []string{"name", "description"}}
		for _, s := range a.shipped() {
			t.Rows = append(t.Rows, []any{s.Name, s.Description})
		}
	case "rules":
		t = &report.Table{Columns: []string{"rule", "key", "type", "default", "description"}}
		for _, n := range registry.RuleNames() {
			r, _ := registry.LookupRule(n)
			t.Rows = append(t.Rows, []any{n, "", "", "", r.Doc + " (runs on " + registry.NeedsText(r) + ")"})
			t.Rows = append(t.Rows, paramRows(r.Params())...)
		}
	case "tasks":
		t = &report.Table{Columns: []string{"data", "key", "type", "default", "description"}}
		for _, n := range registry.TaskNames() {
			k, _ := registry.LookupTask(n)
			t.Rows = append(t.Rows, []any{n, "", "", "", k.Doc})
			if k.Params != nil {
				t.Rows = append(t.Rows, paramRows(k.Params())...)
			}
		}
	case "models":
		t = &report.Table{Columns: []string{"model", "key", "type", "default", "description"}}
		for _, n := range registry.ModelNames() {
			m, _ := registry.LookupModel(n)
			t.Rows = append(t.Rows, []any{n, "", "", "", modelDoc(m)})
			t.Rows = append(t.Rows, paramRows(m.Params())...)
		}
		t.Rows = append(t.Rows, []any{"(every model)", "", "", "", "keys of every [[region.population]]"})
		t.Rows = append(t.Rows, paramRows(&configs.Population{})...)
	case "plasticity":
		t = &report.Table{Columns: []string{"rule", "key", "type", "default", "description"}}
		for _, n := range registry.PlasticityNames() {
			p, _ := registry.LookupPlasticity(n)
			t.Rows = append(t.Rows, []any{n, "", "", "", plasticityDoc(p)})
			if p.Params != nil {
				t.Rows = append(t.Rows, paramRows(p.Params())...)
			}
		}
	case "connectors":
		t = connectorsTable()
	case "synapses":
		t = synapsesTable()
	case "environments":
		t = environmentsTable()
	case "currents":
		t = currentsTable()
	case "analyses":
		t = analysesTable()
	case "metrics":
		t = &report.Table{Columns: []string{"metric", "description"}}
		for _, m := range registry.Metrics() {
			t.Rows = append(t.Rows, []any{m.Name, m.Doc})
		}
	case "figures":
		t = &report.Table{Columns: []string{"figure", "needs"}}
		for _, f := range configs.ReportFigures() {
			t.Rows = append(t.Rows, []any{f, configs.FigureNeeds(f)})
		}
	default:
		return flagError(listUsage, "list %q: unknown (want experiments, rules, tasks, models, plasticity, connectors, synapses, environments, currents, analyses, metrics or figures)", what)
	}
	return report.Render(a.stdout, t, string(format))
}

// modelDoc is a model's description line: what it is, what it receives
// and what can be recorded.
func modelDoc(m *registry.Model) string {
	recv := "nothing (a source)"
	if m.Receives != nil {
		recv = strings.Join(m.Receives, ", ")
	}
	return fmt.Sprintf("%s; receives %s; records %s", m.Doc, recv, strings.Join(m.Vars, ", "))
}

// plasticityDoc is a plasticity rule's description line: what it is,
// and the modulators it reads and releases.
func plasticityDoc(p *registry.Plasticity) string {
	doc := p.Doc
	if p.Reads != nil {
		doc += "; reads " + strings.Join(p.Reads, ", ")
	}
	if p.Releases != nil {
		doc += "; releases a modulator (release key)"
	}
	return doc
}

// paramRows are the rows of a plug-in's keys: "", key, type, default, doc.
func paramRows(p any) [][]any {
	var rows [][]any
	for _, k := range registry.ParamsOf(p) {
		def := k.Default
		switch {
		case def == "" && strings.Contains(k.Doc, "default"):
			def = "(see description)"
		case def == "":
			def = "none"
		}
		doc := k.Doc
		if k.Unit != "" {
			doc += " [" + k.Unit + "]"
		}
		rows = append(rows, []any{"", k.Key, k.Type, def, doc})
	}
	return rows
}

// showCmd prints the text of a shipped experiment, to copy and edit.
func (a *app) showCmd(args []string) error {
	fs := newFlagSet("show")
	pos, err := parseArgs(fs, args, showUsage)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return flagError(showUsage, "show takes one shipped experiment, got %d arguments", len(pos))
	}
	text, ok := configs.ShippedText(pos[0])
	if !ok {
		var names []string
		for _, s := range a.shipped() {
			names = append(names, s.Name)
		}
		return configError(fmt.Errorf("show %q: no shipped experiment of that name (have: %s)", pos[0], strings.Join(names, ", ")))
	}
	_, err = fmt.Fprint(a.stdout, string(text))
	return err
}
