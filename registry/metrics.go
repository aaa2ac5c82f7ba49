package registry

import (
	"math"
	"slices"
)

// A Sample is one figure of one training run (one seed): a scalar (V) or
// a vector (Vec, e.g. the accuracy after each task). NaN marks a run that
// has no value for the figure (a grid-world path that never reached the
// goal); the row's statistic is then over the other runs.
type Sample struct {
	Name string
	V    float64
	Vec  []float64
	Agg  Agg // how a row combines the seeds' values
}

// Agg says how a row combines the values of its seeds.
type Agg uint8

const (
	AggMean   Agg = iota // mean and sample sd
	AggMedian            // median (no sd)
	AggShare             // the share of seeds where the 0/1 value is 1 (no sd)
)

// Scalar is a sample whose row gives the mean and sd over the seeds.
func Scalar(name string, v float64) Sample { return Sample{Name: name, V: v} }

// Vector is a vector sample (mean and sd per element).
func Vector(name string, v []float64) Sample { return Sample{Name: name, Vec: v} }

// Median is a sample whose row gives the median over the seeds.
func Median(name string, v float64) Sample { return Sample{Name: name, V: v, Agg: AggMedian} }

// Share is a yes/no sample whose row gives the share of seeds with yes.
func Share(name string, ok bool) Sample {
	v := 0.0
	if ok {
		v = 1
	}
	return Sample{Name: name, V: v, Agg: AggShare}
}

// Maybe is Scalar(name, v) when ok, else a sample without a value.
func Maybe(name string, v float64, ok bool) Sample {
	if !ok {
		v = math.NaN()
	}
	return Sample{Name: name, V: v}
}

// The metrics of Run.Classified.
func init() {
	DescribeMetric("accuracy", "fraction of training patterns right at the end")
	DescribeMetric("test_accuracy", "fraction of test patterns right (continual rules: over all ten digits at the end)")
	DescribeMetric("val_accuracy", "fraction of the validation images the task holds out right")
	DescribeMetric("solved", "share of seeds that solved the task")
	DescribeMetric("epochs", "epochs (learning cycles) run")
	DescribeMetric("median_epochs", "median over the seeds of the epochs run")
}

// MetricInfo describes a metric rows may have.
type MetricInfo struct{ Name, Doc string }

var metrics []MetricInfo

// DescribeMetric adds a metric to the catalogue (brainsim list, sweep's
// --metric); a rule's file describes the metrics it reports. Describing
// the same name again is allowed when the doc is the same.
func DescribeMetric(name, doc string) {
	mu.Lock()
	defer mu.Unlock()
	if i := slices.IndexFunc(metrics, func(m MetricInfo) bool { return m.Name == name }); i >= 0 {
		if metrics[i].Doc != doc {
			panic("registry: metric " + name + " described twice, differently")
		}
		return
	}
	metrics = append(metrics, MetricInfo{name, doc})
}

// Metrics lists the described metrics in the order they were described.
func Metrics() []MetricInfo {
	mu.RLock()
	defer mu.RUnlock()
	return slices.Clone(metrics)
}

// MetricNames lists the names of Metrics.
func MetricNames() []string {
	ms := Metrics()
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Name
	}
	return out
}

// FigureInfo describes a figure a plug-in draws data for: its name (a
// value of [report] figures) and what an experiment needs for it.
type FigureInfo struct{ Name, Needs string }

var figures []FigureInfo

// DescribeFigure adds a figure to the catalogue.
func DescribeFigure(name, needs string) {
	mu.Lock()
	defer mu.Unlock()
	if slices.ContainsFunc(figures, func(f FigureInfo) bool { return f.Name == name }) {
		panic("registry: figure " + name + " described twice")
	}
	figures = append(figures, FigureInfo{name, needs})
}

// Figures lists the described figures in the order they were described.
func Figures() []FigureInfo {
	mu.RLock()
	defer mu.RUnlock()
	return slices.Clone(figures)
}
