package configs

import (
	"slices"
	"strings"
	"testing"
)

// TestFigures checks that [report] figures accepts a figure only when the
// experiment produces its data, and FiguresFor.
func TestFigures(t *testing.T) {
	t.Parallel()
	const sim = `
[experiment]
name = "x"
dt = "0.1ms"
duration = "10ms"

[[region]]
name = "c"
  [[region.population]]
  name = "p"
  size = 4
  model = "lif"
`
	const td = `
[experiment]
name = "td"
mode = "train"

[[task]]
name = "c"
data = "conditioning"

[[rule]]
name = "td0"
rule = "td"
epochs = 10
lr = 0.3
gamma = 1.0
lambda = 0.0
png = "td0.png"
`
	for _, c := range []struct {
		name, text, figures string
		wantErr             string // "" for none
		wantFor             []string
	}{
		{"spikes", sim + "[[record]]\npopulation = \"c.p\"\nvariable = \"spikes\"\n", `["raster", "rate"]`, "", []string{FigureRaster, FigureRate}},
		{"v only", sim + "[[record]]\npopulation = \"c.p\"\nvariable = \"v\"\n", `["traces"]`, "", []string{FigureTraces}},
		{"raster without spikes", sim + "[[record]]\npopulation = \"c.p\"\nvariable = \"v\"\n", `["raster"]`, `figure raster needs a [[record]] with variable = "spikes"`, nil},
		{"rate record", sim + "[[record]]\npopulation = \"c.p\"\nvariable = \"rate\"\n", `["rate"]`, "", []string{FigureRate}},
		{"traces without state", sim + "[[record]]\npopulation = \"c.p\"\nvariable = \"rate\"\n", `["traces"]`, "figure traces needs", nil},
		{"unknown", sim, `["histogram"]`, `unknown figure "histogram"`, nil},
		{"twice", sim + "[[record]]\npopulation = \"c.p\"\nvariable = \"spikes\"\n", `["raster", "raster"]`, "figure raster named twice", nil},
		{"split_mnist figure in simulate mode", sim, `["accuracy_per_task"]`, `needs a task with data = "split_mnist"`, nil},
		{"td", td, `["td_error"]`, "", []string{"td_error"}},
		{"td without png", strings.Replace(td, `png = "td0.png"`, "", 1), `["td_error"]`, "", []string{"td_error"}},
	} {
		text := c.text + "\n[report]\nfigures = " + c.figures + "\n"
		f, err := LoadBytes(c.name+".toml", []byte(text), nil)
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("%s: got error %v, want one containing %q", c.name, err, c.wantErr)
		case err == nil:
			if got := FiguresFor(f); !slices.Equal(got, c.wantFor) {
				t.Errorf("%s: FiguresFor = %v, want %v", c.name, got, c.wantFor)
			}
		}
	}
	for _, fig := range ReportFigures() {
		if FigureNeeds(fig) == "nothing brainsim knows" {
			t.Errorf("figure %s: no FigureNeeds entry", fig)
		}
	}
}
