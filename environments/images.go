package environments

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/brainsim/brainsim/cortex"
	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/units"
)

// Images are the keys of kind images, the image-presentation protocol of
// Diehl & Cook (2015). Training: every image of the training rows is
// shown as Poisson rates, pixel (0-1) × max_rate, for `present`, after
// the weights of every projection with `normalize` have been scaled to
// sum to it into each target; when the `count` population fired fewer
// than min_spikes spikes, the image is shown again with the rates raised
// by `boost` (at most max_presentations times). After every presentation
// the network rests for `rest`: stepped without input (rest_mode
// simulate) or reset (rest_mode reset, as BindsNET does: the LIF
// populations Rest, their adaptive thresholds decaying over the rest, and
// the spike-timing rules' traces aged by it). Then learning stops (rules
// gated off, adaptive thresholds frozen), the last assign_rows training
// images are shown again, each neuron of `count` is labelled with the
// class it fired most for, and the test images are classified by the
// labelled neurons' mean spike counts (readout.go).
type Images struct {
	Input            string          `toml:"input,omitempty" doc:"the poisson population of 784 units that shows the images (required)"`
	Count            string          `toml:"count,omitempty" doc:"the spiking population whose spikes are counted (re-presentation, labels) (required)"`
	Data             string          `toml:"data,omitempty" doc:"the images: mnist"`
	Dir              string          `toml:"dir,omitempty" doc:"the MNIST folder (default $BRAINSIM_MNIST or the GoMNIST module's)"`
	TrainRows        int             `toml:"train_rows" doc:"the first train_rows training images"`
	TestRows         int             `toml:"test_rows" doc:"the first test_rows test images"`
	AssignRows       int             `toml:"assign_rows" doc:"the last assign_rows training images label the neurons after training (0: all)"`
	Epochs           int             `toml:"epochs" doc:"passes over the training images"`
	Present          units.Time      `toml:"present" doc:"the length of a presentation"`
	Rest             units.Time      `toml:"rest" doc:"the rest after every presentation"`
	RestMode         string          `toml:"rest_mode,omitempty" doc:"reset (the populations Rest) or simulate (stepped without input)"`
	MaxRate          units.Frequency `toml:"max_rate" doc:"the rate of a pixel of intensity 1"`
	Boost            units.Frequency `toml:"boost" doc:"added to max_rate at every re-presentation"`
	MinSpikes        int             `toml:"min_spikes" doc:"fewer spikes of count in a presentation: present again, boosted"`
	MaxPresentations int             `toml:"max_presentations" doc:"presentations of one image at most"`
	ReportEvery      int             `toml:"report_every" doc:"a row of training statistics every report_every images (0: none)"`
}

func init() {
	registry.RegisterEnvironment(registry.Environment{
		Name:       "images",
		Doc:        "Diehl & Cook's 2015 MNIST protocol: train on images as Poisson rates, label the neurons, classify the test images",
		EndsRun:    true,
		OwnStages:  true,
		Normalizes: true,
		Params: func() any {
			return &Images{Data: "mnist", TrainRows: 60000, TestRows: 10000, AssignRows: 10000, Epochs: 1, Present: 350, Rest: 150,
				RestMode: "reset", MaxRate: 63.75, Boost: 31.875, MinSpikes: 5, MaxPresentations: 31}
		},
		Check: checkImages,
		Build: buildImages,
	})
}

func checkImages(pa any, c *registry.Check) {
	e := pa.(*Images)
	if p := c.Pop("input", e.Input); p != nil && p.Model != nil {
		if p.Model.Name != "poisson" {
			c.Errf("input", "%q is a %s population; images are shown as the rates of a poisson population", e.Input, p.Model.Name)
		} else if p.Size >= 0 && p.Size != 784 {
			c.Errf("input", "%q has %d units; an MNIST image has 784 pixels", e.Input, p.Size)
		}
	}
	if p := c.Pop("count", e.Count); p != nil && p.Model != nil && !p.Model.Spiking {
		c.Errf("count", "%q is a %s population; the environment counts spikes", e.Count, p.Model.Name)
	}
	registry.OneOf(c, "data", "", e.Data, []string{"mnist"})
	for _, x := range []struct {
		key      string
		n        int
		min, max int
	}{{"train_rows", e.TrainRows, 1, 60000}, {"test_rows", e.TestRows, 0, 10000}, {"assign_rows", e.AssignRows, 0, 60000},
		{"epochs", e.Epochs, 1, 1000}, {"min_spikes", e.MinSpikes, 0, math.MaxInt32}, {"max_presentations", e.MaxPresentations, 1, 1000},
		{"report_every", e.ReportEvery, 0, math.MaxInt32}} {
		if x.n < x.min || x.n > x.max {
			c.Errf(x.key, "must be in [%d, %d], got %d", x.min, x.max, x.n)
		}
	}
	if e.AssignRows > e.TrainRows {
		c.Errf("assign_rows", "%d is more than the %d training images", e.AssignRows, e.TrainRows)
	}
	if n, ok := wholeSteps(c, "present", &e.Present, "present"); ok && n < 1 {
		c.Errf("present", "must be at least dt (%s)", units.Time(c.Dt))
	}
	wholeSteps(c, "rest", &e.Rest, "rest")
	registry.OneOf(c, "rest_mode", "", e.RestMode, []string{"reset", "simulate"})
	top := float64(e.MaxRate) + float64(e.Boost)*float64(e.MaxPresentations-1)
	if !(float64(e.MaxRate) >= 0 && float64(e.Boost) >= 0) || top*c.Dt/1000 > 1 {
		c.Errf("max_rate", "max_rate %s and boost %s reach %s after %d presentations: more than one spike per step of %s", e.MaxRate, e.Boost, units.Frequency(top), e.MaxPresentations, units.Time(c.Dt))
	}
}

// imagesEnv runs the protocol of Images.
type imagesEnv struct {
	e                   *Images
	h                   registry.EnvHost
	input               *neuron.Poisson
	count               *cortex.Population
	lifs                []*neuron.LIF
	skippers            []skipper
	normalize           func()      `snap:"-"` // wiring: scales the projections' weights
	train, test         dataset.Set `snap:"-"` // loaded from the files again on resuming
	hz                  []float64
	present, rest       int64
	images, presents    int
	trainSpikes         int64
	labelAcc, testAcc   float64
	labelRows, testRows int
	assigned            int
	assign              []int           // the label of each neuron of count (-1: none)
	progress            [][]any         // report_every rows (but wall_s)
	progressWall        map[int]float64 `snap:"-"` // wall_s of progress rows made by this process, by row
	began               time.Time       `snap:"-"` // wall_s of the statistics counts from here
	st                  imagesPlace
	machine
}

// skipper is a rule whose traces a protocol ages over steps it does not
// simulate.
type skipper interface{ Skip(steps int64) }

func buildImages(pa any, h registry.EnvHost) (registry.Env, error) {
	e := pa.(*Images)
	net := h.Net()
	g := &imagesEnv{e: e, h: h, present: h.Steps(float64(e.Present)), rest: h.Steps(float64(e.Rest))}
	in := net.Population(e.Input)
	if in == nil {
		return nil, fmt.Errorf("unknown population %q", e.Input)
	}
	ps, ok := in.Unit.(*neuron.Poisson)
	if !ok {
		return nil, fmt.Errorf("%s is not a poisson population", e.Input)
	}
	g.input, g.hz = ps, make([]float64, ps.Len())
	if g.count = net.Population(e.Count); g.count == nil {
		return nil, fmt.Errorf("unknown population %q", e.Count)
	}
	for _, p := range h.Pops() {
		if l, ok := p.Unit.(*neuron.LIF); ok {
			g.lifs = append(g.lifs, l)
		}
	}
	var err error
	if g.normalize, err = h.Normalizer(); err != nil {
		return nil, err
	}
	for _, q := range h.Projections() {
		if s, ok := q.Rule.(skipper); ok {
			g.skippers = append(g.skippers, s)
		}
	}
	dir := e.Dir
	if dir == "" {
		if dir, err = dataset.MNISTDir(); err != nil {
			return nil, err
		}
	}
	tr, te, err := dataset.LoadMNIST(dir)
	if err != nil {
		return nil, err
	}
	g.train = tr.Slice(0, min(e.TrainRows, tr.Rows))
	g.test = te.Slice(0, min(e.TestRows, te.Rows))
	if g.train.Cols != ps.Len() {
		return nil, fmt.Errorf("images have %d pixels, %s has %d units", g.train.Cols, e.Input, ps.Len())
	}
	return g, nil
}

func (g *imagesEnv) Attach() error {
	every := g.present
	if g.e.RestMode == "simulate" {
		every = gcd64(g.present, g.rest)
	}
	return g.machine.start(g.h.Net(), "images", every, g.advance)
}

func gcd64(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// show sets the input rates of image x at the given boost level.
func (g *imagesEnv) show(x []float32, boost int) {
	r := float64(g.e.MaxRate) + float64(boost)*float64(g.e.Boost)
	for i, v := range x {
		g.hz[i] = float64(v) * r
	}
	_ = g.input.SetRates(g.hz)
}

// The protocol (see Images) as a state machine: advance runs while no
// region runs and returns the steps to simulate before it acts again.
// An image is shown (presentStart) for `present` steps; then its spikes
// are counted and the rest follows (presentEnd); it is shown again,
// boosted, until count fires min_spikes spikes or max_presentations
// are spent (imageDone). The images are the training set, epochs times,
// then the labelling rows, then the test set.
const (
	imagesTrain = iota
	imagesLabel
	imagesTest
	imagesDone
)

// imagesPlace is where the protocol stands.
type imagesPlace struct {
	Stage, Epoch, Row int
	B                 int  // presentation of the image (boost level)
	Await             int  // 0: the next presentation, 1: a presentation's end, 2: a rest's end
	Started           bool // the protocol has begun
	Total             int  // spikes of the presentation that ended
	Accepted          int  // spikes of the presentations that ended an image
	Before, Counts    []int32
	LC, TC            []int32 // spike counts per labelling and per test image
}

// image is the image being shown, and whether the rules learn on it.
func (g *imagesEnv) image() ([]float32, bool) {
	switch st := &g.st; st.Stage {
	case imagesTrain:
		return g.train.Row(st.Row), true
	case imagesLabel:
		lab := g.labelSet()
		return lab.Row(st.Row), false
	}
	return g.test.Row(g.st.Row), false
}

// labelSet is the images that label count's neurons: the last
// assign_rows training images.
func (g *imagesEnv) labelSet() dataset.Set {
	lab := g.train
	if a := g.e.AssignRows; a > 0 && a < lab.Rows {
		lab = g.train.Slice(lab.Rows-a, lab.Rows)
	}
	return lab
}

func (g *imagesEnv) advance() (int64, bool) {
	st := &g.st
	if g.began.IsZero() {
		g.began = time.Now() // the wall time of the statistics (of this process)
	}
	if !st.Started {
		st.Started = true
		n := g.count.Unit.Len()
		st.Before, st.Counts = make([]int32, n), make([]int32, n)
		if !g.nextImage() {
			return 0, false
		}
		return g.presentStart(), true
	}
	for {
		switch st.Await {
		case 1: // a presentation ended
			_, learn := g.image()
			st.Total = 0
			for j := range st.Counts {
				st.Counts[j] = g.count.Count[j] - st.Before[j]
				st.Total += int(st.Counts[j])
			}
			if learn {
				g.presents++
			}
			// The rest.
			clear(g.hz)
			_ = g.input.SetRates(g.hz)
			st.Await = 2
			if g.e.RestMode == "simulate" {
				if g.rest > 0 {
					return g.rest, true
				}
			} else {
				for _, l := range g.lifs {
					l.Rest(float64(g.rest) * g.h.Net().Dt)
				}
				for _, s := range g.skippers {
					s.Skip(g.rest)
				}
			}
		case 2: // a rest ended
			if st.Total < g.e.MinSpikes && st.B+1 < g.e.MaxPresentations {
				st.B++
				return g.presentStart(), true
			}
			g.imageDone()
			if !g.nextImage() {
				return 0, false
			}
			return g.presentStart(), true
		default:
			return 0, false
		}
	}
}

// presentStart shows the image at boost level st.B (after normalizing the
// weights, when learning) and returns the presentation's steps.
func (g *imagesEnv) presentStart() int64 {
	st := &g.st
	x, learn := g.image()
	if learn {
		g.normalize()
	}
	g.show(x, st.B)
	copy(st.Before, g.count.Count)
	st.Await = 1
	return g.present
}

// imageDone records the image that was shown and moves to the next row.
func (g *imagesEnv) imageDone() {
	st := &g.st
	switch st.Stage {
	case imagesTrain:
		g.images++
		g.trainSpikes += int64(st.Total)
		st.Accepted += st.Total
		if r := g.e.ReportEvery; r > 0 && g.images%r == 0 {
			if g.progressWall == nil {
				g.progressWall = map[int]float64{}
			}
			g.progressWall[len(g.progress)] = time.Since(g.began).Seconds()
			g.progress = append(g.progress, g.statsRow(st.Accepted))
		}
	case imagesLabel:
		st.LC = append(st.LC, st.Counts...)
	case imagesTest:
		st.TC = append(st.TC, st.Counts...)
	}
	st.Row++
	st.B = 0
}

// nextImage moves the place to the next image to show, doing what comes
// between the stages (the end of learning, the labels, the accuracies);
// false when the protocol is done.
func (g *imagesEnv) nextImage() bool {
	st := &g.st
	n := g.count.Unit.Len()
	classes := max(g.train.Classes, 10)
	for {
		switch st.Stage {
		case imagesTrain:
			if st.Row >= g.train.Rows {
				st.Row = 0
				st.Epoch++
			}
			if st.Epoch < g.e.Epochs && st.Row < g.train.Rows {
				return true
			}
			g.normalize()
			// Test with what was learnt: no plasticity, thresholds frozen.
			g.h.SetLearn(false)
			for _, l := range g.lifs {
				l.ThetaFrozen = true
			}
			st.Stage, st.Row = imagesLabel, 0
		case imagesLabel:
			lab := g.labelSet()
			if st.Row < lab.Rows {
				return true
			}
			g.assign = assignLabels(st.LC, lab.Y, n, classes)
			for _, a := range g.assign {
				if a >= 0 {
					g.assigned++
				}
			}
			g.labelRows, g.labelAcc = lab.Rows, accuracy(classify(st.LC, g.assign, classes), lab.Y)
			st.Stage, st.Row = imagesTest, 0
		case imagesTest:
			if st.Row < g.test.Rows {
				return true
			}
			if g.test.Rows > 0 {
				g.testRows, g.testAcc = g.test.Rows, accuracy(classify(st.TC, g.assign, classes), g.test.Y)
			}
			st.Stage = imagesDone
		default:
			return false
		}
	}
}

func (g *imagesEnv) Tables(int64) []Table {
	meanTheta := math.NaN()
	if l, ok := g.count.Unit.(*neuron.LIF); ok && l.Theta != nil {
		s := 0.0
		for _, th := range l.Theta {
			s += th
		}
		meanTheta = s / float64(len(l.Theta))
	}
	spi := math.NaN()
	if g.images > 0 {
		spi = float64(g.trainSpikes) / float64(g.images)
	}
	row := []any{g.images, g.presents, spi, nanNull(meanTheta), g.assigned, g.labelRows, nanNull(g.labelAcc), g.testRows, nanNull(g.testAcc)}
	if g.labelRows == 0 {
		row[6] = nil
	}
	if g.testRows == 0 {
		row[8] = nil
	}
	out := []Table{{Title: fmt.Sprintf("images: %s trained on %d images, labelled on the last %d, tested on %d", g.count.Name, g.images, g.labelRows, g.testRows),
		Columns: []string{"train_images", "presentations", "spikes_per_image", "mean_theta_mv", "labelled_neurons", "label_rows", "label_accuracy", "test_rows", "test_accuracy"},
		Rows:    [][]any{row}}}
	if len(g.progress) > 0 {
		out = append(out, Table{Title: "images: training statistics of " + g.count.Name,
			Columns: []string{"images", "presentations", "theta_mean_mv", "theta_min_mv", "theta_max_mv", "spikes_per_image", "wall_s"},
			Rows:    g.progressRows()})
	}
	return out
}

// progressRows are the training statistics with their wall_s: the seconds
// since training began, in this process (nil for the rows made before a
// resumed run's checkpoint).
func (g *imagesEnv) progressRows() [][]any {
	rows := make([][]any, len(g.progress))
	for i, r := range g.progress {
		var wall any
		if w, ok := g.progressWall[i]; ok {
			wall = w
		}
		rows[i] = append(slices.Clip(r), wall)
	}
	return rows
}

// statsRow is a row of training statistics but its wall_s: images,
// presentations, the adaptive threshold of count (mean, min, max, mV) and
// spikes per image (of the presentations that ended one).
func (g *imagesEnv) statsRow(accepted int) []any {
	lo, hi, sum := math.Inf(1), math.Inf(-1), 0.0
	if l, ok := g.count.Unit.(*neuron.LIF); ok && l.Theta != nil {
		for _, th := range l.Theta {
			lo, hi, sum = min(lo, th), max(hi, th), sum+th
		}
		sum /= float64(len(l.Theta))
	} else {
		lo, hi, sum = math.NaN(), math.NaN(), math.NaN()
	}
	return []any{g.images, g.presents, nanNull(sum), nanNull(lo), nanNull(hi), float64(accepted) / float64(g.images)}
}
