package report

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// ContinualSeries is one method's accuracies in a class-incremental run:
// PerTask[i][j] is the test accuracy on task j's classes after task i
// (mean over seeds), Seen[i] the accuracy over all classes seen after
// task i.
type ContinualSeries struct {
	Name    string
	PerTask [][]float64
	Seen    []float64
}

// taskColors tell the tasks apart (Okabe-Ito, readable with colour
// blindness).
var taskColors = []color.Color{
	color.RGBA{0, 114, 178, 255}, color.RGBA{230, 159, 0, 255}, color.RGBA{0, 158, 115, 255},
	color.RGBA{204, 121, 167, 255}, color.RGBA{86, 180, 233, 255}, color.RGBA{213, 94, 0, 255},
	color.RGBA{240, 228, 66, 255},
}

func continualPanel(s ContinualSeries) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = s.Name
	p.X.Label.Text = "tasks learned"
	p.Y.Label.Text = "test accuracy"
	p.Y.Min, p.Y.Max = 0, 1
	p.X.Min, p.X.Max = 0.8, float64(len(s.Seen))+0.2
	p.Legend.Top, p.Legend.Left = false, true
	p.Legend.TextStyle.Font.Size = vg.Points(7)
	p.Add(plotter.NewGrid())
	T := len(s.PerTask)
	for j := range T {
		var xy plotter.XYs
		for i := j; i < T; i++ {
			if v := s.PerTask[i][j]; !math.IsNaN(v) {
				xy = append(xy, plotter.XY{X: float64(i + 1), Y: v})
			}
		}
		if len(xy) == 0 {
			continue
		}
		l, pts, err := plotter.NewLinePoints(xy)
		if err != nil {
			return nil, fmt.Errorf("report: %s: %w", s.Name, err)
		}
		c := taskColors[j%len(taskColors)]
		l.Color, pts.Color = c, c
		pts.Radius = vg.Points(1.8)
		p.Add(l, pts)
		if j < 5 {
			p.Legend.Add(fmt.Sprintf("task %d", j+1), l)
		}
	}
	var seen plotter.XYs
	for i, v := range s.Seen {
		seen = append(seen, plotter.XY{X: float64(i + 1), Y: v})
	}
	l, err := plotter.NewLine(seen)
	if err != nil {
		return nil, fmt.Errorf("report: %s: %w", s.Name, err)
	}
	l.Width = vg.Points(2.5)
	l.Color = color.Black
	p.Add(l)
	p.Legend.Add("all seen", l)
	return p, nil
}
