package report

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	imgdraw "image/draw"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/brainsim/brainsim/internal/atomicfile"
	"github.com/brainsim/brainsim/internal/imgrid"
)

// Image formats of a figure.
const (
	FormatPNG = "png"
	FormatSVG = "svg"
)

// FigureFormats lists the formats a figure encodes to.
var FigureFormats = []string{FormatPNG, FormatSVG}

// FormatOf returns the image format of path by its extension (.png or
// .svg, any case).
func FormatOf(path string) (string, error) {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	for _, f := range FigureFormats {
		if ext == f {
			return f, nil
		}
	}
	return "", fmt.Errorf("report: %s: unknown figure format %q (want .png or .svg)", path, filepath.Ext(path))
}

// Figure is a drawing of one or more panels, ready to encode as PNG or
// SVG. The figure functions of this package ([RasterFigure],
// [RateFigure], [TracesFigure], [CurvesFigure], [ImageGridFigure],
// [HeatmapFigure], [AccuracyPerTaskFigure]) take plain data and return
// one; none of them draws until it is encoded.
type Figure struct {
	W, H vg.Length         // size; PNG at 96 dots per inch
	draw func(draw.Canvas) // draws the panels onto the whole canvas
}

// Encode writes f to w as format (FormatPNG or FormatSVG).
func (f *Figure) Encode(w io.Writer, format string) error {
	var c interface {
		vg.CanvasSizer
		io.WriterTo
	}
	switch format {
	case FormatPNG:
		img := vgimg.New(f.W, f.H)
		f.draw(draw.New(img))
		c = vgimg.PngCanvas{Canvas: img}
	case FormatSVG:
		svg := vgsvg.New(f.W, f.H)
		f.draw(draw.New(svg))
		c = svg
	default:
		return fmt.Errorf("report: unknown figure format %q (want png or svg)", format)
	}
	if _, err := c.WriteTo(w); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// Bytes returns f encoded as format.
func (f *Figure) Bytes(format string) ([]byte, error) {
	var buf bytes.Buffer
	if err := f.Encode(&buf, format); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteFile writes f to path atomically, as PNG or SVG by the path's
// extension.
func (f *Figure) WriteFile(path string) error {
	format, err := FormatOf(path)
	if err != nil {
		return err
	}
	b, err := f.Bytes(format)
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(path, b, atomicfile.DefaultPerm); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// tiled is a figure of panels in a grid (nil panels stay empty), each
// panel w×h.
func tiled(plots [][]*plot.Plot, w, h vg.Length) *Figure {
	rows, cols := len(plots), 0
	for _, r := range plots {
		cols = max(cols, len(r))
	}
	pad := vg.Millimeter * 2
	return &Figure{W: vg.Length(cols) * w, H: vg.Length(rows) * h, draw: func(dc draw.Canvas) {
		tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: pad, PadY: pad, PadTop: pad, PadBottom: pad, PadLeft: pad, PadRight: pad}
		grid := make([][]*plot.Plot, rows)
		for r := range grid {
			grid[r] = make([]*plot.Plot, cols)
			copy(grid[r], plots[r])
		}
		canvases := plot.Align(grid, tiles, dc)
		for r := range grid {
			for c, p := range grid[r] {
				if p != nil {
					p.Draw(canvases[r][c])
				}
			}
		}
	}}
}

// plainTicks are gonum's default ticks labelled in the shortest form
// ("750", not "750.00").
type plainTicks struct{}

func (plainTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = strconv.FormatFloat(ticks[i].Value, 'g', 6, 64)
		}
	}
	return ticks
}

// newPlot is a plot with plain tick labels on both axes.
func newPlot() *plot.Plot {
	p := plot.New()
	p.X.Tick.Marker, p.Y.Tick.Marker = plainTicks{}, plainTicks{}
	return p
}

// seriesColor is the colour of series i (Okabe-Ito, as the tasks of
// [AccuracyPerTaskFigure]).
func seriesColor(i int) color.Color { return taskColors[i%len(taskColors)] }

// RasterPopulation is the spikes of one population: spike k is neuron
// Neurons[k] at TimesMS[k]. Size is the number of neurons (rows of the
// raster); 0 takes the largest neuron index + 1.
type RasterPopulation struct {
	Name    string
	Size    int
	TimesMS []float64
	Neurons []int
}

// MaxRasterSpikes is the most spikes [RasterFigure] draws: beyond it,
// the raster shows the start of the run up to the time of spike number
// MaxRasterSpikes (the title says so), which keeps PNG rendering and SVG
// files reasonable.
const MaxRasterSpikes = 200_000

// RasterFigure draws a spike raster: time on x, one row per neuron,
// populations stacked from the bottom in the given order, each in its
// own colour and labelled in the legend. DurationMS > 0 fixes the time
// axis to [0, DurationMS].
func RasterFigure(pops []RasterPopulation, durationMS float64) (*Figure, error) {
	if len(pops) == 0 {
		return nil, fmt.Errorf("report: raster: no populations")
	}
	var all []float64
	for _, pop := range pops {
		all = append(all, pop.TimesMS...)
	}
	cutoff := math.Inf(1)
	if len(all) > MaxRasterSpikes {
		slices.Sort(all)
		cutoff = all[MaxRasterSpikes]
	}
	p := newPlot()
	p.Title.Text = "spike raster"
	p.X.Label.Text = "time (ms)"
	p.Y.Label.Text = "neuron"
	p.Legend.Top = true
	p.Legend.TextStyle.Font.Size = vg.Points(8)
	offset, spikes := 0, 0
	for i, pop := range pops {
		if len(pop.TimesMS) != len(pop.Neurons) {
			return nil, fmt.Errorf("report: raster: population %s: %d times, %d neurons", pop.Name, len(pop.TimesMS), len(pop.Neurons))
		}
		size := pop.Size
		xy := make(plotter.XYs, 0, len(pop.TimesMS))
		for k, t := range pop.TimesMS {
			size = max(size, pop.Neurons[k]+1)
			if t < cutoff {
				xy = append(xy, plotter.XY{X: t, Y: float64(offset + pop.Neurons[k])})
			}
		}
		spikes += len(xy)
		if len(xy) > 0 {
			s, err := plotter.NewScatter(xy)
			if err != nil {
				return nil, fmt.Errorf("report: raster: %s: %w", pop.Name, err)
			}
			s.GlyphStyle = draw.GlyphStyle{Color: seriesColor(i), Radius: vg.Points(0.7), Shape: draw.BoxGlyph{}}
			p.Add(s)
			p.Legend.Add(pop.Name, s)
		}
		offset += size
	}
	p.Y.Min, p.Y.Max = -0.5, math.Max(float64(offset)-0.5, 0.5)
	if durationMS > 0 {
		p.X.Min, p.X.Max = 0, durationMS
	}
	p.Title.Text = fmt.Sprintf("spike raster (%d spikes)", spikes)
	if !math.IsInf(cutoff, 1) {
		p.X.Max = cutoff
		p.Title.Text = fmt.Sprintf("spike raster: the first %d of %d spikes, up to %.4g ms", spikes, len(all), cutoff)
	}
	return tiled([][]*plot.Plot{{p}}, 7*vg.Inch, 4*vg.Inch), nil
}

// RateSeries is a population rate over time: Hz[k] at TimesMS[k].
type RateSeries struct {
	Name    string
	TimesMS []float64
	Hz      []float64
}

// BinnedRate returns the population rate of a population of size
// neurons from its spike times: the spikes in consecutive bins of binMS
// from 0 to durationMS, per neuron per second, at the bin centres.
func BinnedRate(timesMS []float64, size int, durationMS, binMS float64) (centersMS, hz []float64) {
	if binMS <= 0 || durationMS <= 0 || size <= 0 {
		return nil, nil
	}
	n := int(math.Ceil(durationMS/binMS - 1e-9))
	counts := make([]float64, n)
	for _, t := range timesMS {
		if b := int(t / binMS); b >= 0 && b < n {
			counts[b]++
		}
	}
	centersMS, hz = make([]float64, n), make([]float64, n)
	for b := range counts {
		width := math.Min(binMS, durationMS-float64(b)*binMS)
		centersMS[b] = float64(b)*binMS + width/2
		hz[b] = counts[b] / float64(size) / (width / 1000)
	}
	return centersMS, hz
}

// RateFigure draws population rates over time, one line per series.
func RateFigure(series []RateSeries) (*Figure, error) {
	if len(series) == 0 {
		return nil, fmt.Errorf("report: rate: no series")
	}
	p := newPlot()
	p.Title.Text = "population rate"
	p.X.Label.Text = "time (ms)"
	p.Y.Label.Text = "rate (Hz)"
	p.Y.Min = 0
	p.Legend.Top = true
	p.Legend.TextStyle.Font.Size = vg.Points(8)
	p.Add(plotter.NewGrid())
	for i, s := range series {
		l, err := line(s.TimesMS, s.Hz)
		if err != nil {
			return nil, fmt.Errorf("report: rate: %s: %w", s.Name, err)
		}
		l.Color = seriesColor(i)
		l.Width = vg.Points(1.2)
		p.Add(l)
		p.Legend.Add(s.Name, l)
	}
	p.X.Min = math.Min(p.X.Min, 0)
	return tiled([][]*plot.Plot{{p}}, 7*vg.Inch, 3*vg.Inch), nil
}

func line(x, y []float64) (*plotter.Line, error) {
	if len(x) != len(y) {
		return nil, fmt.Errorf("%d x values, %d y values", len(x), len(y))
	}
	xy := make(plotter.XYs, len(x))
	for k := range x {
		xy[k] = plotter.XY{X: x[k], Y: y[k]}
	}
	return plotter.NewLine(xy)
}

// TraceSeries is one sampled variable of one population: Lines[j][k] is
// the value of unit Labels[j] at TimesMS[k].
type TraceSeries struct {
	Title   string // e.g. "fig1a.post v"
	YLabel  string // e.g. "v"; "" uses Title
	Unit    string // e.g. "mV"
	TimesMS []float64
	Lines   [][]float64
	Labels  []string // one per line; nil: no legend
}

// MaxTraceLines is the most lines a panel of [TracesFigure] draws; the
// rest are left out (the title says how many).
const MaxTraceLines = 10

// TracesFigure draws sampled state variables (membrane potential and
// the like): one panel per series, stacked, a line per unit.
func TracesFigure(series []TraceSeries) (*Figure, error) {
	if len(series) == 0 {
		return nil, fmt.Errorf("report: traces: no series")
	}
	var plots [][]*plot.Plot
	for _, s := range series {
		p := newPlot()
		p.Title.Text = s.Title
		if len(s.Lines) > MaxTraceLines {
			p.Title.Text += fmt.Sprintf(" (first %d of %d units)", MaxTraceLines, len(s.Lines))
		}
		p.X.Label.Text = "time (ms)"
		p.Y.Label.Text = s.Title
		if s.YLabel != "" {
			p.Y.Label.Text = s.YLabel
		}
		if s.Unit != "" {
			p.Y.Label.Text += " (" + s.Unit + ")"
		}
		p.Legend.Top = true
		p.Legend.TextStyle.Font.Size = vg.Points(7)
		p.Add(plotter.NewGrid())
		for j, y := range s.Lines[:min(len(s.Lines), MaxTraceLines)] {
			l, err := line(s.TimesMS, y)
			if err != nil {
				return nil, fmt.Errorf("report: traces: %s: %w", s.Title, err)
			}
			l.Color = seriesColor(j)
			p.Add(l)
			if j < len(s.Labels) && len(s.Lines) > 1 {
				p.Legend.Add(s.Labels[j], l)
			}
		}
		plots = append(plots, []*plot.Plot{p})
	}
	return tiled(plots, 7*vg.Inch, 2.5*vg.Inch), nil
}

// Curve is one learning curve: Y[k] (± Err[k] when Err is not nil) at
// X[k], e.g. accuracy per epoch or per task.
type Curve struct {
	Name string
	X, Y []float64
	Err  []float64
}

// CurvesFigure draws learning curves, one line with points (and error
// bars) per curve, in one panel.
func CurvesFigure(title, xLabel, yLabel string, curves []Curve) (*Figure, error) {
	return CurvesFigureLogX(title, xLabel, yLabel, curves, false)
}

// CurvesFigureLogX is CurvesFigure with, when logX is set, a logarithmic
// x axis (every x must then be > 0).
func CurvesFigureLogX(title, xLabel, yLabel string, curves []Curve, logX bool) (*Figure, error) {
	if len(curves) == 0 {
		return nil, fmt.Errorf("report: curves: no curves")
	}
	p := newPlot()
	if logX {
		for _, c := range curves {
			for _, x := range c.X {
				if !(x > 0) {
					return nil, fmt.Errorf("report: curves: %s: x = %v on a logarithmic axis", c.Name, x)
				}
			}
		}
		p.X.Scale = plot.LogScale{}
		// Ticks at the points' x values (a few frequencies, say), which
		// decades alone would leave unlabelled.
		seen := map[float64]bool{}
		var ticks []plot.Tick
		for _, c := range curves {
			for _, x := range c.X {
				if !seen[x] {
					seen[x] = true
					ticks = append(ticks, plot.Tick{Value: x, Label: strconv.FormatFloat(x, 'g', 4, 64)})
				}
			}
		}
		if len(ticks) <= 12 {
			p.X.Tick.Marker = plot.ConstantTicks(ticks)
		} else {
			p.X.Tick.Marker = plot.LogTicks{Prec: -1}
		}
	}
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Legend.Top, p.Legend.Left = false, true
	p.Legend.TextStyle.Font.Size = vg.Points(8)
	p.Add(plotter.NewGrid())
	for i, c := range curves {
		if len(c.X) != len(c.Y) || (c.Err != nil && len(c.Err) != len(c.Y)) {
			return nil, fmt.Errorf("report: curves: %s: %d x, %d y, %d err values", c.Name, len(c.X), len(c.Y), len(c.Err))
		}
		var xy plotter.XYs
		var errs plotter.YErrors
		for k := range c.X {
			if math.IsNaN(c.Y[k]) {
				continue
			}
			xy = append(xy, plotter.XY{X: c.X[k], Y: c.Y[k]})
			if c.Err != nil {
				e := c.Err[k]
				if math.IsNaN(e) {
					e = 0
				}
				errs = append(errs, struct{ Low, High float64 }{e, e})
			}
		}
		if len(xy) == 0 {
			continue
		}
		l, pts, err := plotter.NewLinePoints(xy)
		if err != nil {
			return nil, fmt.Errorf("report: curves: %s: %w", c.Name, err)
		}
		col := seriesColor(i)
		l.Color, pts.Color = col, col
		pts.Radius = vg.Points(2)
		if len(xy) > 100 {
			// A sampled time course: the line alone (its legend entry
			// too).
			l.Width = vg.Points(1.2)
			p.Add(l)
			p.Legend.Add(c.Name, l)
			continue
		}
		p.Add(l, pts)
		if c.Err != nil {
			eb, err := plotter.NewYErrorBars(struct {
				plotter.XYs
				plotter.YErrors
			}{xy, errs})
			if err != nil {
				return nil, fmt.Errorf("report: curves: %s: %w", c.Name, err)
			}
			eb.Color = col
			p.Add(eb)
		}
		p.Legend.Add(c.Name, l, pts)
	}
	return tiled([][]*plot.Plot{{p}}, 5*vg.Inch, 3.5*vg.Inch), nil
}

// ImageGridFigure draws grayscale images (weights, receptive fields,
// generated samples) as a grid under a title: image k (w·h intensities
// in [0,1], row-major) goes to row k / cols, column k % cols, as
// internal/imgrid lays them out (0 black, 1 white).
func ImageGridFigure(title string, images [][]float32, w, h, cols int) (*Figure, error) {
	if len(images) == 0 {
		return nil, fmt.Errorf("report: image grid: no images")
	}
	img, err := imgrid.Render(images, imgrid.Layout{W: w, H: h, Cols: cols})
	if err != nil {
		return nil, fmt.Errorf("report: image grid: %w", err)
	}
	// Magnify by whole pixels to about the figure's size, so that the
	// smoothing of the final scaling does not blur the pixels.
	if k := 576 / max(img.Bounds().Dx(), img.Bounds().Dy()); k > 1 {
		if img, err = imgrid.Render(images, imgrid.Layout{W: w, H: h, Cols: cols, Scale: k}); err != nil {
			return nil, fmt.Errorf("report: image grid: %w", err)
		}
	}
	b := img.Bounds()
	p := newPlot()
	p.Title.Text = title
	p.HideAxes()
	p.Add(plotter.NewImage(img, 0, 0, float64(b.Dx()), float64(b.Dy())))
	// Keep the pixels square: at most 6 inches wide or tall.
	scale := 6 * vg.Inch / vg.Length(max(b.Dx(), b.Dy()))
	fw, fh := vg.Length(b.Dx())*scale, vg.Length(b.Dy())*scale
	titleH := vg.Points(24)
	return &Figure{W: fw, H: fh + titleH, draw: func(dc draw.Canvas) { p.Draw(dc) }}, nil
}

// Heatmap is a matrix to draw as colours: Z[r][c] is the value at row r
// (y = Y0 + r·DY, drawn bottom to top) and column c (x = X0 + c·DX).
type Heatmap struct {
	Title, XLabel, YLabel string
	Z                     [][]float64
	X0, DX, Y0, DY        float64 // DX, DY 0: 1
	// Diverging centres the colour scale on 0 (blue negative, white 0,
	// red positive), for signed values such as a prediction error;
	// otherwise the scale runs from black (min) to white-yellow (max).
	Diverging bool
}

// heatImage draws z as an image, row 0 at the bottom, each cell a block
// of pixels (nearest neighbour, so cells stay sharp when the image is
// scaled to the plot): at least 600×400 pixels for small matrices.
func heatImage(z [][]float64, cm palette.ColorMap) image.Image {
	rows, cols := len(z), len(z[0])
	sx, sy := max(1, (600+cols-1)/cols), max(1, (400+rows-1)/rows)
	img := image.NewRGBA(image.Rect(0, 0, cols*sx, rows*sy))
	nan := color.RGBA{200, 200, 200, 255}
	for r, row := range z {
		y0 := (rows - 1 - r) * sy
		for c, v := range row {
			col := color.Color(nan)
			if !math.IsNaN(v) {
				v = math.Max(cm.Min(), math.Min(cm.Max(), v))
				if cc, err := cm.At(v); err == nil {
					col = cc
				}
			}
			imgdraw.Draw(img, image.Rect(c*sx, y0, (c+1)*sx, y0+sy), &image.Uniform{col}, image.Point{}, imgdraw.Src)
		}
	}
	return img
}

// HeatmapFigure draws h with a colour bar on the right.
func HeatmapFigure(h Heatmap) (*Figure, error) {
	if len(h.Z) == 0 || len(h.Z[0]) == 0 {
		return nil, fmt.Errorf("report: heatmap %q: no values", h.Title)
	}
	for r, row := range h.Z {
		if len(row) != len(h.Z[0]) {
			return nil, fmt.Errorf("report: heatmap %q: row %d has %d values, row 0 %d", h.Title, r, len(row), len(h.Z[0]))
		}
	}
	if h.DX == 0 {
		h.DX = 1
	}
	if h.DY == 0 {
		h.DY = 1
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, row := range h.Z {
		for _, v := range row {
			if !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if math.IsInf(lo, 0) { // all NaN
		lo, hi = 0, 1
	}
	var cm palette.ColorMap
	if h.Diverging {
		m := math.Max(math.Max(math.Abs(lo), math.Abs(hi)), 1e-12)
		lo, hi = -m, m
		cm = moreland.SmoothBlueRed()
	} else {
		cm = moreland.ExtendedBlackBody()
	}
	if hi <= lo {
		hi = lo + 1
	}
	cm.SetMin(lo)
	cm.SetMax(hi)
	p := newPlot()
	p.Title.Text = h.Title
	p.X.Label.Text = h.XLabel
	p.Y.Label.Text = h.YLabel
	x0, x1 := h.X0-h.DX/2, h.X0+(float64(len(h.Z[0]))-0.5)*h.DX
	y0, y1 := h.Y0-h.DY/2, h.Y0+(float64(len(h.Z))-0.5)*h.DY
	p.Add(plotter.NewImage(heatImage(h.Z, cm), x0, y0, x1, y1))
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = x0, x1, y0, y1

	bar := plot.New()
	bar.Add(&plotter.ColorBar{ColorMap: cm, Vertical: true})
	bar.HideX()
	bar.X.Padding, bar.Y.Padding = 0, 0
	const w, hgt = 7 * vg.Inch, 4.5 * vg.Inch
	const barW = 0.9 * vg.Inch
	return &Figure{W: w, H: hgt, draw: func(dc draw.Canvas) {
		pad := vg.Millimeter * 2
		main := draw.Crop(dc, pad, -barW-pad, pad, -pad)
		side := draw.Crop(dc, w-barW, -pad, pad, -pad)
		p.Draw(main)
		// The bar spans the heat map's data area.
		data := p.DataCanvas(main)
		side.Min.Y, side.Max.Y = data.Min.Y, data.Max.Y
		bar.Draw(side)
	}}, nil
}

// AccuracyPerTaskFigure draws the accuracy per task over time: one panel
// per method, x the number of tasks learned, a line per task (its
// accuracy from the moment it is learned on) and a thick black line for
// the accuracy over all classes seen.
func AccuracyPerTaskFigure(series []ContinualSeries) (*Figure, error) {
	if len(series) == 0 {
		return nil, fmt.Errorf("report: no series to draw")
	}
	cols := min(len(series), 3)
	rows := (len(series) + cols - 1) / cols
	plots := make([][]*plot.Plot, rows)
	for r := range plots {
		plots[r] = make([]*plot.Plot, cols)
	}
	for k, s := range series {
		p, err := continualPanel(s)
		if err != nil {
			return nil, err
		}
		plots[k/cols][k%cols] = p
	}
	return tiled(plots, 3.2*vg.Inch, 3.2*vg.Inch), nil
}
