package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func smallTable() *Table {
	return &Table{
		Title:   "cuba seed 1",
		Columns: []string{"population", "size", "spikes", "rate_hz", "cv_isi", "wall_s", "syn_events_per_s"},
		Rows: [][]any{
			{"cortex.exc", 3200, int64(123456), 5.4321, math.NaN(), 0.01234, 1.234e8},
			{"cortex.inh", 800, int64(12), 0.1, 0.987, 1234.5, 12345.0},
		},
	}
}

func render(t *testing.T, tb *Table, format string) string {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, tb, format); err != nil {
		t.Fatalf("Render(%s): %v", format, err)
	}
	return b.String()
}

func TestRenderTable(t *testing.T) {
	t.Parallel()
	want := `cuba seed 1
┌────────────┬───────┬─────────┬─────────┬────────┬────────┬──────────────────┐
│ population │ size  │ spikes  │ rate_hz │ cv_isi │ wall_s │ syn_events_per_s │
├────────────┼───────┼─────────┼─────────┼────────┼────────┼──────────────────┤
│ cortex.exc │ 3,200 │ 123,456 │    5.43 │    n/a │ 0.0123 │           1.23e8 │
│ cortex.inh │   800 │      12 │    0.10 │  0.987 │  1,234 │           12,345 │
└────────────┴───────┴─────────┴─────────┴────────┴────────┴──────────────────┘
`
	if got := render(t, smallTable(), "table"); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestRenderMarkdown(t *testing.T) {
	t.Parallel()
	want := `cuba seed 1

| population |  size |  spikes | rate_hz | cv_isi | wall_s | syn_events_per_s |
| ---------- | ----: | ------: | ------: | -----: | -----: | ---------------: |
| cortex.exc | 3,200 | 123,456 |    5.43 |    n/a | 0.0123 |           1.23e8 |
| cortex.inh |   800 |      12 |    0.10 |  0.987 |  1,234 |           12,345 |
`
	if got := render(t, smallTable(), "markdown"); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestRenderMarkdownEscapes(t *testing.T) {
	t.Parallel()
	tb := &Table{Columns: []string{"name", "description"}, Rows: [][]any{{"a|b", "two\nlines"}}}
	want := "| name | description |\n| ---- | ----------- |\n| a\\|b | two lines   |\n"
	if got := render(t, tb, "markdown"); got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

func TestRenderCSV(t *testing.T) {
	t.Parallel()
	want := `population,size,spikes,rate_hz,cv_isi,wall_s,syn_events_per_s
cortex.exc,3200,123456,5.4321,NaN,0.01234,1.234e+08
cortex.inh,800,12,0.1,0.987,1234.5,12345
`
	got := render(t, smallTable(), "csv")
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	recs, err := csv.NewReader(strings.NewReader(got)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || len(recs[0]) != 7 {
		t.Errorf("got %d records of %d fields, want 3 of 7", len(recs), len(recs[0]))
	}
}

func TestRenderJSON(t *testing.T) {
	t.Parallel()
	want := `[
  {"population": "cortex.exc", "size": 3200, "spikes": 123456, "rate_hz": 5.4321, "wall_s": 0.01234, "syn_events_per_s": 123400000},
  {"population": "cortex.inh", "size": 800, "spikes": 12, "rate_hz": 0.1, "cv_isi": 0.987, "wall_s": 1234.5, "syn_events_per_s": 12345}
]
`
	got := render(t, smallTable(), "json")
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(got), &rows); err != nil {
		t.Fatalf("output does not parse: %v", err)
	}
	if len(rows) != 2 {
		t.Fatalf("got %d rows, want 2", len(rows))
	}
	if v, ok := rows[0]["cv_isi"]; ok {
		t.Errorf("cv_isi: got %v, want no key (NaN: no value, and no null)", v)
	}
	if v := rows[1]["size"]; v != 800.0 {
		t.Errorf("size: got %v (%T), want number 800", v, v)
	}
	if v := rows[0]["population"]; v != "cortex.exc" {
		t.Errorf("population: got %v, want cortex.exc", v)
	}
}

func TestRenderEmpty(t *testing.T) {
	t.Parallel()
	tb := &Table{Columns: []string{"name", "description"}}
	if got := render(t, tb, "json"); got != "[]\n" {
		t.Errorf("json: got %q, want %q", got, "[]\n")
	}
	if got := render(t, tb, "csv"); got != "name,description\n" {
		t.Errorf("csv: got %q", got)
	}
	render(t, tb, "table")
	render(t, tb, "markdown")
}

func TestUnknownFormat(t *testing.T) {
	t.Parallel()
	err := Render(&bytes.Buffer{}, smallTable(), "xml")
	if err == nil {
		t.Fatal("got nil error for format xml")
	}
	for _, f := range Formats {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not name format %q", err, f)
		}
	}
	if CheckFormat("json") != nil {
		t.Error("CheckFormat(json) failed")
	}
}

func TestRowLengthMismatch(t *testing.T) {
	t.Parallel()
	tb := &Table{Columns: []string{"a", "b"}, Rows: [][]any{{1}}}
	if err := Render(&bytes.Buffer{}, tb, "csv"); err == nil {
		t.Error("got nil error for a short row")
	}
}

func TestHuman(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key  string
		v    any
		want string
	}{
		{"rate_hz", 12.345, "12.35"},
		{"rate_hz", 0.0, "0.00"},
		{"rate_hz", 12345.678, "12,345.68"},
		{"rate", 3.0, "3.00"},
		{"wall_s", 0.0, "0"},
		{"wall_s", 1.0, "1.00"},
		{"wall_s", 9.996, "10.0"},
		{"wall_s", 99.96, "100"},
		{"wall_s", 0.00012345, "0.000123"},
		{"wall_s", 0.000012345, "1.23e-5"},
		{"wall_s", 123.456, "123"},
		{"wall_s", -2.5, "-2.50"},
		{"rtf", 2.5e9, "2.50e9"},
		{"cv_isi", math.NaN(), "n/a"},
		{"cv_isi", math.Inf(1), "inf"},
		{"cv_isi", math.Inf(-1), "-inf"},
		{"syn_events_per_s", 999999.0, "999,999"},
		{"syn_events_per_s", 1e6, "1.00e6"},
		{"syn_events_per_s", 3.21e9, "3.21e9"},
		{"spikes", int64(1234567), "1,234,567"},
		{"spikes", -1234, "-1,234"},
		{"spikes", 999, "999"},
		{"size", uint32(4000), "4,000"},
		{"name", "x", "x"},
		{"ok", true, "true"},
		{"x", float32(0.5), "0.500"},
		{"x", nil, ""},
	}
	for _, tt := range tests {
		if got := human(tt.key, tt.v); got != tt.want {
			t.Errorf("human(%q, %v): got %q, want %q", tt.key, tt.v, got, tt.want)
		}
	}
}

func TestMachine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    any
		want string
	}{
		{0.1, "0.1"},
		{float32(0.1), "0.1"},
		{math.NaN(), "NaN"},
		{math.Inf(1), "+Inf"},
		{int64(-5), "-5"},
		{uint64(7), "7"},
		{"a,b", "a,b"},
		{nil, ""},
	}
	for _, tt := range tests {
		if got := machine(tt.v); got != tt.want {
			t.Errorf("machine(%v): got %q, want %q", tt.v, got, tt.want)
		}
	}
}

type inner struct {
	Z float64 `json:"z"`
}

type outer struct {
	inner
	Name     string         `json:"name"`
	Rate     float64        `json:"rate_hz"`
	CV       float64        `json:"cv_isi"`
	Skip     []int          `json:"-"`
	Opt      string         `json:"opt,omitempty"`
	List     []float32      `json:"list"`
	Nil      []int          `json:"nil"`
	Ptr      *float64       `json:"ptr"`
	M        map[string]any `json:"m"`
	Nested   []inner        `json:"nested"`
	Untagged int
	private  int               // unexported: skipped
	Raw      json.RawMessage   `json:"raw"`
	Arr      [2]float64        `json:"arr"`
	Bytes    []byte            `json:"bytes"`
	Str      map[string]string `json:"str,omitempty"`
}

func TestMarshalJSON(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	v := outer{
		inner:  inner{Z: math.Inf(1)},
		Name:   "exc",
		Rate:   1.5,
		CV:     nan,
		Skip:   []int{1},
		List:   []float32{1, float32(nan)},
		Ptr:    &nan,
		M:      map[string]any{"b": 2, "a": math.Inf(-1)},
		Nested: []inner{{Z: 0.25}},
		Raw:    json.RawMessage(`{"k":1}`),
		Arr:    [2]float64{nan, 3},
		Bytes:  []byte("hi"),
	}
	got, err := MarshalJSON(v)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"z":null,"name":"exc","rate_hz":1.5,"cv_isi":null,"list":[1,null],"nil":null,"ptr":null,"m":{"a":null,"b":2},"nested":[{"z":0.25}],"Untagged":0,"raw":{"k":1},"arr":[null,3],"bytes":"aGk="}`
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if !json.Valid(got) {
		t.Error("output is not valid JSON")
	}

	// Without NaNs the output matches encoding/json.
	clean := outer{Name: "x", Rate: 2, List: []float32{0.1}, M: map[string]any{"k": []int{1}}, Raw: json.RawMessage(`null`)}
	got, err = MarshalJSON(clean)
	if err != nil {
		t.Fatal(err)
	}
	std, err := json.Marshal(clean)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(std) {
		t.Errorf("differs from encoding/json:\ngot  %s\nwant %s", got, std)
	}

	ind, err := MarshalJSONIndent(map[string]float64{"a": nan}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if string(ind) != "{\n  \"a\": null\n}\n" {
		t.Errorf("indent: got %q", ind)
	}
}
