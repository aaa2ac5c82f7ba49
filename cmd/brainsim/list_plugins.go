package main

import (
	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/internal/report"
	"github.com/brainsim/brainsim/registry"
)

// The catalogues of simulate mode's plug-ins: brainsim list connectors,
// synapses, environments and currents.

// connectorsTable lists the connection rules of [projection.connect]
// and their keys.
func connectorsTable() *report.Table {
	t := &report.Table{Columns: []string{"rule", "key", "type", "default", "description"}}
	for _, n := range registry.ConnectorNames() {
		c, _ := registry.LookupConnector(n)
		t.Rows = append(t.Rows, []any{n, "", "", "", c.Doc})
		t.Rows = append(t.Rows, paramRows(c.Params())...)
	}
	t.Rows = append(t.Rows, []any{"(every rule)", "", "", "", "keys of every [projection.connect]"})
	t.Rows = append(t.Rows, paramRows(&configs.Connect{})...)
	return t
}

// synapsesTable lists the synapse kinds of [projection.synapse] (and
// of an [[input]]'s synapse_kind) and their keys.
func synapsesTable() *report.Table {
	t := &report.Table{Columns: []string{"kind", "key", "type", "default", "description"}}
	for _, n := range registry.SynapseKindNames() {
		k, _ := registry.LookupSynapseKind(n)
		doc := k.Doc
		if k.Input {
			doc += " (also an [[input]]'s synapse_kind)"
		}
		t.Rows = append(t.Rows, []any{n, "", "", "", doc})
		if k.Params != nil {
			t.Rows = append(t.Rows, paramRows(k.Params())...)
		}
	}
	t.Rows = append(t.Rows, []any{"(every kind)", "", "", "", "keys of every [projection.synapse]"})
	t.Rows = append(t.Rows, paramRows(&configs.Synapse{})...)
	return t
}

// environmentsTable lists the kinds of [environment] and their keys.
func environmentsTable() *report.Table {
	t := &report.Table{Columns: []string{"kind", "key", "type", "default", "description"}}
	for _, n := range registry.EnvironmentNames() {
		e, _ := registry.LookupEnvironment(n)
		t.Rows = append(t.Rows, []any{n, "", "", "", envDoc(e)})
		t.Rows = append(t.Rows, paramRows(e.Params())...)
	}
	t.Rows = append(t.Rows, []any{"(every kind)", "", "", "", "keys of every [environment]"})
	t.Rows = append(t.Rows, paramRows(&configs.Environment{})...)
	return t
}

// analysesTable lists the kinds of [[analysis]] and their keys.
func analysesTable() *report.Table {
	t := &report.Table{Columns: []string{"kind", "key", "type", "default", "description"}}
	for _, n := range registry.AnalysisNames() {
		a, _ := registry.LookupAnalysis(n)
		t.Rows = append(t.Rows, []any{n, "", "", "", a.Doc})
		t.Rows = append(t.Rows, paramRows(a.Params())...)
	}
	return t
}

// currentsTable lists the kinds of [[current]] and their keys.
func currentsTable() *report.Table {
	t := &report.Table{Columns: []string{"kind", "key", "type", "default", "description"}}
	for _, n := range registry.CurrentNames() {
		k, _ := registry.LookupCurrent(n)
		t.Rows = append(t.Rows, []any{n, "", "", "", k.Doc})
		t.Rows = append(t.Rows, paramRows(k.Params())...)
	}
	t.Rows = append(t.Rows, []any{"(every kind)", "", "", "", "keys of every [[current]]"})
	t.Rows = append(t.Rows, paramRows(&configs.Stimulus{})...)
	return t
}

// envDoc is an environment's description line: what it is, and whether
// it ends the run and runs its own stages.
func envDoc(e *registry.Environment) string {
	doc := e.Doc
	if e.EndsRun {
		doc += "; ends the run when done (experiment.duration may be left out)"
	}
	if e.OwnStages {
		doc += "; runs its own stages (no [[phase]])"
	}
	return doc
}
