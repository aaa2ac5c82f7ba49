package main

import (
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/experiment"
)

// Metrics a sweep can aggregate.
var (
	simPopMetrics = []string{"size", "spikes", "rate_hz", "cv_isi", "silent", "sync", "osc_hz"}
	simRunMetrics = []string{"duration_s", "steps", "build_s", "loop_s", "wall_s", "rtf", "synapses", "syn_events", "syn_events_per_s"}
)

// checkMetrics checks --metric names against the mode's metrics.
func checkMetrics(metrics []string, mode string) error {
	allowed := slices.Concat(simPopMetrics, simRunMetrics)
	if mode == configs.ModeTrain {
		allowed = experiment.TrainMetricNames()
	}
	for _, m := range metrics {
		if !slices.Contains(allowed, m) {
			return flagError(sweepUsage, "--metric %s: unknown for a %s-mode experiment (want one of %s)", m, modeName(mode), strings.Join(allowed, ", "))
		}
	}
	return nil
}

func modeName(mode string) string {
	if mode == "" {
		return configs.ModeSimulate
	}
	return mode
}

// pickMetrics returns --metric, or the default: rate_hz in simulate mode,
// test_accuracy in train mode when the first finished run has it, else
// val_accuracy (a task with validation), else accuracy.
func (sw *sweep) pickMetrics() ([]string, error) {
	if len(sw.opts.Metrics) > 0 {
		return sw.opts.Metrics, nil
	}
	if sw.mode != configs.ModeTrain {
		return []string{"rate_hz"}, nil
	}
	for _, r := range sw.runs {
		if r.res == nil {
			continue
		}
		for _, m := range []string{"test_accuracy", "val_accuracy"} {
			if slices.ContainsFunc(r.res.Train, func(row experiment.TrainRow) bool { _, ok := row.Metric(m); return ok }) {
				return []string{m}, nil
			}
		}
		if len(r.res.Train) > 0 && len(r.res.Train[0].Metrics) > 0 {
			return []string{r.res.Train[0].Metrics[0].Name}, nil
		}
		break
	}
	return []string{"accuracy"}, nil
}

// series is one aggregated quantity: a metric of one population (simulate
// mode; "" for a run metric) or of one rule and task (train mode).
type series struct {
	Metric     string
	Population string
	Rule, Task string
}

// cellStats is the statistics of one series in one cell over the seeds.
type cellStats struct {
	N                 int
	Mean, Std         float64
	CI95Low, CI95High float64
	Values            []float64 // per seed, NaN when missing
}

// seriesList lists the series of the finished runs, in the order of the
// first finished run (populations or rule/task rows) per metric.
func (sw *sweep) seriesList() []series {
	var first *experiment.Result
	for _, r := range sw.runs {
		if r.res != nil {
			first = r.res
			break
		}
	}
	var out []series
	for _, m := range sw.metrics {
		switch {
		case sw.mode == configs.ModeTrain:
			if first == nil {
				continue
			}
			for _, row := range first.Train {
				out = append(out, series{Metric: m, Rule: row.Rule, Task: row.Task})
			}
		case slices.Contains(simRunMetrics, m):
			out = append(out, series{Metric: m})
		default:
			if first == nil {
				continue
			}
			for _, p := range first.Populations {
				out = append(out, series{Metric: m, Population: p.Population})
			}
		}
	}
	return out
}

// valueOf returns the value of s in res, NaN when res lacks it.
func (s series) valueOf(res *experiment.Result) float64 {
	if res == nil {
		return math.NaN()
	}
	switch {
	case s.Rule != "" || s.Task != "":
		for i := range res.Train {
			if r := &res.Train[i]; r.Rule == s.Rule && r.Task == s.Task {
				return toFloat(trainValue(res, r, s.Metric, true))
			}
		}
		return math.NaN()
	case s.Population == "":
		return toFloat(runValue(res, s.Metric))
	}
	for i := range res.Populations {
		if p := &res.Populations[i]; p.Population == s.Population {
			return toFloat(value(res, p, s.Metric))
		}
	}
	return math.NaN()
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case float32:
		return float64(x)
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case int32:
		return float64(x)
	case *float64:
		if x != nil {
			return *x
		}
	}
	return math.NaN()
}

// stats returns the statistics of s in cell c over the seeds, in seed
// order (so the numbers do not depend on the order the runs finished in).
func (sw *sweep) stats(s series, c int) cellStats {
	var st cellStats
	for _, r := range sw.runs {
		if r.cell != c {
			continue
		}
		x := math.NaN()
		if r.status == "ok" {
			x = s.valueOf(r.res)
		}
		st.Values = append(st.Values, x)
	}
	st.N, st.Mean, st.Std, st.CI95Low, st.CI95High = meanCI(st.Values)
	return st
}

// meanCI returns the number of values that are not NaN, their mean, sample
// standard deviation (n-1) and the 95% confidence interval of the mean from
// the t-distribution with n-1 degrees of freedom. With one value std and
// the interval are NaN; with none the mean is too.
func meanCI(xs []float64) (n int, mean, std, lo, hi float64) {
	var sum float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			n++
			sum += x
		}
	}
	if n == 0 {
		return 0, math.NaN(), math.NaN(), math.NaN(), math.NaN()
	}
	mean = sum / float64(n)
	if n == 1 {
		return 1, mean, math.NaN(), math.NaN(), math.NaN()
	}
	var ss float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			ss += (x - mean) * (x - mean)
		}
	}
	std = math.Sqrt(ss / float64(n-1))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975)
	half := t * std / math.Sqrt(float64(n))
	return n, mean, std, mean - half, mean + half
}
