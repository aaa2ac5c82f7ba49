package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// Table is a titled grid of values. Columns are snake_case keys; they head
// the terminal and Markdown tables and key the CSV header and JSON objects.
// Each row has one value per column: a string, bool, integer or float (other
// values are shown with their String method or as JSON).
type Table struct {
	Title   string // shown above table and markdown output; not in csv or json
	Columns []string
	Rows    [][]any
}

// Formats lists the output formats Render accepts, default first.
var Formats = []string{"table", "markdown", "csv", "json"}

// CheckFormat returns an error naming the allowed formats when format is not
// one of Formats.
func CheckFormat(format string) error {
	if slices.Contains(Formats, format) {
		return nil
	}
	return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

// Render writes t to w in format: table, markdown, csv or json.
func Render(w io.Writer, t *Table, format string) error {
	if err := CheckFormat(format); err != nil {
		return err
	}
	for i, row := range t.Rows {
		if len(row) != len(t.Columns) {
			return fmt.Errorf("report: table %q: row %d has %d values for %d columns", t.Title, i, len(row), len(t.Columns))
		}
	}
	switch format {
	case "table":
		return renderTerminal(w, t)
	case "markdown":
		return renderMarkdown(w, t)
	case "csv":
		return renderCSV(w, t)
	}
	return renderJSON(w, t)
}

// numericColumns reports, per column, whether every non-nil value is a number.
func numericColumns(t *Table) []bool {
	num := make([]bool, len(t.Columns))
	for j := range t.Columns {
		num[j] = len(t.Rows) > 0
		for _, row := range t.Rows {
			if row[j] != nil && !isNumber(row[j]) {
				num[j] = false
				break
			}
		}
	}
	return num
}

func humanRows(t *Table) [][]string {
	rows := make([][]string, len(t.Rows))
	for i, row := range t.Rows {
		rows[i] = make([]string, len(row))
		for j, v := range row {
			rows[i][j] = human(t.Columns[j], v)
		}
	}
	return rows
}

func renderTerminal(w io.Writer, t *Table) error {
	if t.Title != "" {
		if _, err := fmt.Fprintln(w, t.Title); err != nil {
			return err
		}
	}
	align := make([]tw.Align, len(t.Columns))
	for j, num := range numericColumns(t) {
		align[j] = tw.AlignLeft
		if num {
			align[j] = tw.AlignRight
		}
	}
	table := tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{Global: tw.AlignLeft, PerColumn: align}),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithTrimSpace(tw.Off),
	)
	table.Header(t.Columns)
	for _, row := range humanRows(t) {
		if err := table.Append(row); err != nil {
			return err
		}
	}
	return table.Render()
}

func renderMarkdown(w io.Writer, t *Table) error {
	var b bytes.Buffer
	if t.Title != "" {
		b.WriteString(mdEscape(t.Title))
		b.WriteString("\n\n")
	}
	rows := humanRows(t)
	width := make([]int, len(t.Columns))
	for j, c := range t.Columns {
		width[j] = max(len(mdEscape(c)), 3)
	}
	for _, row := range rows {
		for j := range row {
			row[j] = mdEscape(row[j])
			width[j] = max(width[j], len([]rune(row[j])))
		}
	}
	num := numericColumns(t)
	line := func(cells []string) {
		b.WriteByte('|')
		for j, c := range cells {
			pad := strings.Repeat(" ", width[j]-len([]rune(c)))
			b.WriteByte(' ')
			if num[j] {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
			b.WriteString(" |")
		}
		b.WriteByte('\n')
	}
	header := make([]string, len(t.Columns))
	for j, c := range t.Columns {
		header[j] = mdEscape(c)
	}
	line(header)
	b.WriteByte('|')
	for j := range t.Columns {
		if num[j] {
			b.WriteString(" " + strings.Repeat("-", width[j]-1) + ": |")
		} else {
			b.WriteString(" " + strings.Repeat("-", width[j]) + " |")
		}
	}
	b.WriteByte('\n')
	for _, row := range rows {
		line(row)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// mdEscape keeps a cell on one line and stops a "|" from ending it.
func mdEscape(s string) string {
	s = strings.ReplaceAll(s, "\\", "\\\\")
	s = strings.ReplaceAll(s, "|", "\\|")
	s = strings.ReplaceAll(s, "\r\n", " ")
	return strings.ReplaceAll(s, "\n", " ")
}

func renderCSV(w io.Writer, t *Table) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Columns); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	for _, row := range t.Rows {
		for j, v := range row {
			rec[j] = machine(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// renderJSON writes one array of objects, each on its own line, keys in
// column order.
// absent reports whether a cell has no value: nil, or a NaN float (which
// the table formats show as n/a).
func absent(v any) bool {
	if v == nil {
		return true
	}
	f, ok := asFloat(v)
	return ok && math.IsNaN(f)
}

func renderJSON(w io.Writer, t *Table) error {
	var b bytes.Buffer
	b.WriteString("[")
	for i, row := range t.Rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n  {")
		first := true
		for j, v := range row {
			if absent(v) {
				continue // no null keys: a row has the keys it has values for
			}
			if !first {
				b.WriteString(", ")
			}
			first = false
			if err := encodeStd(&b, t.Columns[j]); err != nil {
				return err
			}
			b.WriteString(": ")
			if m, ok := v.(MeanSD); ok {
				v = m.Mean
			}
			val, err := MarshalJSON(v)
			if err != nil {
				return fmt.Errorf("report: column %s: %w", t.Columns[j], err)
			}
			b.Write(val)
		}
		b.WriteByte('}')
	}
	if len(t.Rows) > 0 {
		b.WriteByte('\n')
	}
	b.WriteString("]\n")
	_, err := w.Write(b.Bytes())
	return err
}
