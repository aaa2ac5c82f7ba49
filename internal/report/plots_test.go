package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// testFigures builds one figure of every kind from small synthetic data.
func testFigures(t *testing.T) map[string]*Figure {
	t.Helper()
	var exc, inh RasterPopulation
	exc.Name, exc.Size, inh.Name, inh.Size = "cortex.exc", 80, "cortex.inh", 20
	for k := range 2000 {
		exc.TimesMS = append(exc.TimesMS, float64(k%500))
		exc.Neurons = append(exc.Neurons, (k*37)%80)
		if k%4 == 0 {
			inh.TimesMS = append(inh.TimesMS, float64((k*7)%500))
			inh.Neurons = append(inh.Neurons, (k*11)%20)
		}
	}
	centers, hz := BinnedRate(exc.TimesMS, exc.Size, 500, 10)
	var tr TraceSeries
	tr.Title, tr.Unit = "post v", "mV"
	for k := range 400 {
		tr.TimesMS = append(tr.TimesMS, float64(k)*0.5)
	}
	for j := range 3 {
		y := make([]float64, len(tr.TimesMS))
		for k, x := range tr.TimesMS {
			y[k] = -65 + 10*math.Sin(x/20+float64(j))
		}
		tr.Lines = append(tr.Lines, y)
		tr.Labels = append(tr.Labels, "unit "+string(rune('0'+j)))
	}
	var digits [][]float32
	for k := range 12 {
		img := make([]float32, 8*8)
		for i := range img {
			img[i] = float32((i*k)%17) / 16
		}
		digits = append(digits, img)
	}
	delta := make([][]float64, 30)
	for r := range delta {
		delta[r] = make([]float64, 20)
		delta[r][15-min(r/3, 10)] = 1 - float64(r)/30
		delta[r][15] -= float64(r) / 60
	}
	cs := ContinualSeries{Name: "sequential", PerTask: [][]float64{{1, 0, 0}, {0.2, 0.9, 0}, {0.1, 0.3, 0.95}}, Seen: []float64{1, 0.55, 0.45}}

	figs := map[string]*Figure{}
	add := func(name string, f *Figure, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		figs[name] = f
	}
	f, err := RasterFigure([]RasterPopulation{exc, inh}, 500)
	add("raster", f, err)
	f, err = RateFigure([]RateSeries{{Name: "cortex.exc", TimesMS: centers, Hz: hz}})
	add("rate", f, err)
	f, err = TracesFigure([]TraceSeries{tr, tr})
	add("traces", f, err)
	f, err = CurvesFigure("accuracy over digits seen", "tasks learned", "accuracy", []Curve{
		{Name: "sgd", X: []float64{1, 2, 3}, Y: []float64{1, 0.5, 0.33}, Err: []float64{0, 0.02, 0.01}},
		{Name: "replay", X: []float64{1, 2, 3}, Y: []float64{1, 0.9, math.NaN()}}})
	add("curves", f, err)
	f, err = CurvesFigureLogX("tuning", "frequency (Hz)", "fraction", []Curve{
		{Name: "after", X: []float64{0.25, 0.5, 1, 2}, Y: []float64{0.6, 1, 0.36, 0.28}}}, true)
	add("curves_logx", f, err)
	f, err = ImageGridFigure("receptive fields", digits, 8, 8, 4)
	add("images", f, err)
	f, err = HeatmapFigure(Heatmap{Title: "TD error", XLabel: "step", YLabel: "trial", Z: delta, Y0: 1, Diverging: true})
	add("heatmap", f, err)
	f, err = HeatmapFigure(Heatmap{Title: "counts", Z: [][]float64{{0, 1}, {2, math.NaN()}}})
	add("heatmap_seq", f, err)
	f, err = AccuracyPerTaskFigure([]ContinualSeries{cs, cs, cs, cs})
	add("accuracy_per_task", f, err)
	return figs
}

// TestFiguresPNG renders every figure headless as PNG and checks its
// size and that it is not blank (many colours, dark pixels).
func TestFiguresPNG(t *testing.T) {
	for name, f := range testFigures(t) {
		b, err := f.Bytes(FormatPNG)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		w, h := img.Bounds().Dx(), img.Bounds().Dy()
		if want := int(f.W.Dots(96) + 0.5); w != want || w < 300 || h < 200 {
			t.Errorf("%s: image %d×%d, want %d wide and at least 300×200", name, w, h, want)
		}
		if c, dark := colours(img); c < 5 || dark < 200 {
			t.Errorf("%s: %d colours, %d dark pixels: looks blank", name, c, dark)
		}
	}
}

// TestFiguresSVG renders every figure as SVG and checks that it parses
// as XML, has the figure's size and draws paths and text.
func TestFiguresSVG(t *testing.T) {
	for name, f := range testFigures(t) {
		b, err := f.Bytes(FormatSVG)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		counts, root, err := svgElements(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if root.Name.Local != "svg" {
			t.Errorf("%s: root element %s, want svg", name, root.Name.Local)
		}
		var width string
		for _, a := range root.Attr {
			if a.Name.Local == "width" {
				width = a.Value
			}
		}
		if w, err := strconv.ParseFloat(strings.TrimSuffix(width, "pt"), 64); err != nil || math.Abs(w-float64(f.W)) > 1 {
			t.Errorf("%s: svg width %q, want %vpt", name, width, float64(f.W))
		}
		switch {
		case name == "images": // a title over one embedded image
			if counts["image"] != 1 || counts["text"] < 1 {
				t.Errorf("%s: %d images, %d texts, want 1 image and a title", name, counts["image"], counts["text"])
			}
		case counts["path"] < 10 || counts["text"] < 3:
			t.Errorf("%s: %d paths, %d texts: looks blank", name, counts["path"], counts["text"])
		}
		if name == "heatmap" && counts["image"] == 0 {
			t.Errorf("%s: no embedded image", name)
		}
		if dump := os.Getenv("BRAINSIM_FIGURE_DIR"); dump != "" {
			os.WriteFile(filepath.Join(dump, name+".svg"), b, 0o644)
			p, _ := f.Bytes(FormatPNG)
			os.WriteFile(filepath.Join(dump, name+".png"), p, 0o644)
		}
	}
}

// svgElements parses an SVG document and counts its elements by name.
func svgElements(b []byte) (map[string]int, xml.StartElement, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	counts := map[string]int{}
	var root xml.StartElement
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, root, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			if root.Name.Local == "" {
				root = se
			}
			counts[se.Name.Local]++
		}
	}
	return counts, root, nil
}

func TestFigureWriteFile(t *testing.T) {
	f, err := RateFigure([]RateSeries{{Name: "a", TimesMS: []float64{0, 1, 2}, Hz: []float64{1, 3, 2}}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"a.png", "a.SVG"} {
		if err := f.WriteFile(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "a.png"))
	if !bytes.HasPrefix(b, []byte("\x89PNG")) {
		t.Error("a.png is not a PNG")
	}
	b, _ = os.ReadFile(filepath.Join(dir, "a.SVG"))
	if !bytes.Contains(b[:min(len(b), 300)], []byte("<svg")) {
		t.Error("a.SVG is not an SVG")
	}
	if err := f.WriteFile(filepath.Join(dir, "a.pdf")); err == nil {
		t.Error("a.pdf: no error")
	}
	if err := f.Encode(io.Discard, "gif"); err == nil {
		t.Error("gif: no error")
	}
}

func TestFigureErrors(t *testing.T) {
	if _, err := RasterFigure(nil, 0); err == nil {
		t.Error("raster of nothing: no error")
	}
	if _, err := RasterFigure([]RasterPopulation{{Name: "x", TimesMS: []float64{1}}}, 0); err == nil {
		t.Error("raster with 1 time, 0 neurons: no error")
	}
	if _, err := RateFigure(nil); err == nil {
		t.Error("rate of nothing: no error")
	}
	if _, err := TracesFigure(nil); err == nil {
		t.Error("traces of nothing: no error")
	}
	if _, err := CurvesFigure("", "", "", []Curve{{X: []float64{1}, Y: []float64{1, 2}}}); err == nil {
		t.Error("curve with 1 x, 2 y: no error")
	}
	if _, err := CurvesFigureLogX("", "", "", []Curve{{X: []float64{0, 1}, Y: []float64{1, 2}}}, true); err == nil {
		t.Error("x = 0 on a logarithmic axis: no error")
	}
	if _, err := ImageGridFigure("", nil, 2, 2, 1); err == nil {
		t.Error("image grid of nothing: no error")
	}
	if _, err := HeatmapFigure(Heatmap{Z: [][]float64{{1, 2}, {3}}}); err == nil {
		t.Error("ragged heatmap: no error")
	}
	if _, err := AccuracyPerTaskFigure(nil); err == nil {
		t.Error("accuracy per task of nothing: no error")
	}
}

// TestBinnedRate checks the rate of a known spike train: 10 neurons, 50
// spikes in the first 10 ms bin is 50/10/0.01 s = 500 Hz; the last bin
// is 5 ms wide.
func TestBinnedRate(t *testing.T) {
	var times []float64
	for k := range 50 {
		times = append(times, float64(k)*0.2) // 0 … 9.8 ms
	}
	times = append(times, 22)
	c, hz := BinnedRate(times, 10, 25, 10)
	want := []float64{500, 0, 20}
	wantC := []float64{5, 15, 22.5}
	if len(hz) != 3 {
		t.Fatalf("got %d bins, want 3", len(hz))
	}
	for b := range hz {
		if math.Abs(hz[b]-want[b]) > 1e-9 || c[b] != wantC[b] {
			t.Errorf("bin %d: got %v Hz at %v ms, want %v at %v", b, hz[b], c[b], want[b], wantC[b])
		}
	}
	if c, _ := BinnedRate(times, 0, 25, 10); c != nil {
		t.Error("size 0: got bins")
	}
}

func TestFormatOf(t *testing.T) {
	for path, want := range map[string]string{"a.png": "png", "b/c.SVG": "svg", "x.svg": "svg"} {
		if got, err := FormatOf(path); err != nil || got != want {
			t.Errorf("%s: got %q %v, want %q", path, got, err, want)
		}
	}
	if _, err := FormatOf("a.jpg"); err == nil {
		t.Error("a.jpg: no error")
	}
}

// TestRasterCap: beyond MaxRasterSpikes the raster shows the start of
// the run.
func TestRasterCap(t *testing.T) {
	n := MaxRasterSpikes + 1000
	pop := RasterPopulation{Name: "p", Size: 10, TimesMS: make([]float64, n), Neurons: make([]int, n)}
	for k := range n {
		pop.TimesMS[k] = float64(k) / 100 // ms
		pop.Neurons[k] = k % 10
	}
	f, err := RasterFigure([]RasterPopulation{pop}, float64(n)/100)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Bytes(FormatPNG); err != nil {
		t.Fatal(err)
	}
}
