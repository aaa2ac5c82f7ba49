package experiment

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/brainsim/brainsim/registry"
)

// Sample and Agg are the registry's: one figure of one training run and
// how a row combines its seeds.
type (
	Sample = registry.Sample
	Agg    = registry.Agg
)

// How rows combine seeds.
const (
	AggMean   = registry.AggMean
	AggMedian = registry.AggMedian
	AggShare  = registry.AggShare
)

// A Metric is one figure of a [TrainRow] over the seeds that have it (N):
// by Agg, the mean and the sample standard deviation (SD, 0 for one
// seed), the median or the share of seeds (no SD). Vector metrics have
// Vec and VecSD instead of Value and SD.
type Metric struct {
	Name  string
	Value float64
	SD    float64
	Vec   []float64
	VecSD []float64
	N     int
	Agg   Agg
}

// HasSD reports whether the metric carries a standard deviation: a mean
// over at least two seeds.
func (m *Metric) HasSD() bool { return m.Agg == AggMean && m.N >= 2 }

// aggregate combines the samples of the seeds of one row into metrics,
// in the order the names first appear. A metric whose samples are all
// NaN is left out.
func aggregate(seeds [][]Sample) []Metric {
	var names []string
	byName := map[string][]Sample{}
	for _, ss := range seeds {
		for _, s := range ss {
			if _, ok := byName[s.Name]; !ok {
				names = append(names, s.Name)
			}
			byName[s.Name] = append(byName[s.Name], s)
		}
	}
	var out []Metric
	for _, name := range names {
		ss := byName[name]
		m := Metric{Name: name, Agg: ss[0].Agg}
		if ss[0].Vec != nil {
			n := len(ss[0].Vec)
			m.Vec, m.VecSD = make([]float64, n), make([]float64, n)
			for i := range n {
				var st stats
				for _, s := range ss {
					if i < len(s.Vec) && !math.IsNaN(s.Vec[i]) {
						st.add(s.Vec[i])
					}
				}
				m.Vec[i], m.VecSD[i] = st.mean(), st.std()
			}
			m.N = len(ss)
			out = append(out, m)
			continue
		}
		var xs []float64
		for _, s := range ss {
			if !math.IsNaN(s.V) {
				xs = append(xs, s.V)
			}
		}
		if len(xs) == 0 {
			continue
		}
		m.N = len(xs)
		if m.Agg == AggMedian {
			m.Value = medianFloat(xs)
		} else { // the mean; for AggShare the share of ones
			var st stats
			for _, x := range xs {
				st.add(x)
			}
			m.Value, m.SD = st.mean(), st.std()
		}
		out = append(out, m)
	}
	return out
}

// medianFloat is the median of xs (the mean of the two middle values for
// an even count). It sorts xs.
func medianFloat(xs []float64) float64 {
	slices.Sort(xs)
	k := len(xs) / 2
	if len(xs)%2 == 1 {
		return xs[k]
	}
	return (xs[k-1] + xs[k]) / 2
}

// Metric returns the row's metric name.
func (r *TrainRow) Metric(name string) (*Metric, bool) {
	for i := range r.Metrics {
		if r.Metrics[i].Name == name {
			return &r.Metrics[i], true
		}
	}
	return nil, false
}

// Value returns the (mean or median) value of the row's scalar metric
// name, and whether the row has it.
func (r *TrainRow) Value(name string) (float64, bool) {
	m, ok := r.Metric(name)
	if !ok || m.Vec != nil {
		return math.NaN(), false
	}
	return m.Value, true
}

// Keys lists the keys of the row's JSON object and CSV line, in order:
// rule, kind, task, seeds, every metric (followed by <name>_std when it
// has a standard deviation), reference (when set) and time_s.
func (r *TrainRow) Keys() []string {
	keys := []string{"rule", "kind", "task", "seeds"}
	for i := range r.Metrics {
		m := &r.Metrics[i]
		keys = append(keys, m.Name)
		if m.HasSD() {
			keys = append(keys, m.Name+"_std")
		}
	}
	if r.Reference != "" {
		keys = append(keys, "reference")
	}
	return append(keys, "time_s")
}

// Get returns the value of key of the row (a string, int, float64 or
// []float64) and whether the row has it.
func (r *TrainRow) Get(key string) (any, bool) {
	switch key {
	case "rule":
		return r.Rule, true
	case "kind":
		return r.Kind, true
	case "task":
		return r.Task, true
	case "seeds":
		return r.Seeds, true
	case "reference":
		return r.Reference, r.Reference != ""
	case "time_s":
		return r.TimeS, true
	}
	if m, ok := r.Metric(key); ok {
		if m.Vec != nil {
			return m.Vec, true
		}
		return m.Value, true
	}
	if base, ok := strings.CutSuffix(key, "_std"); ok {
		if m, ok := r.Metric(base); ok && m.HasSD() {
			if m.Vec != nil {
				return m.VecSD, true
			}
			return m.SD, true
		}
	}
	return nil, false
}

// MarshalJSON writes the row as one flat object of its Keys, with no null
// values, and per_task for continual rows.
func (r TrainRow) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	keys := r.Keys()
	if r.PerTask != nil {
		keys = append(keys, "per_task")
	}
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		var v any
		if k == "per_task" {
			v = r.PerTask
		} else {
			v, _ = r.Get(k)
		}
		vb, err := json.Marshal(v) // aggregate leaves no NaN
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads a row MarshalJSON wrote (results.json): every key
// that is not a fixed one is a metric, <name>_std its standard
// deviation.
func (r *TrainRow) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil { // {
		return err
	}
	*r = TrainRow{}
	sds := map[string]json.RawMessage{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := t.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		var dst any
		switch key {
		case "rule":
			dst = &r.Rule
		case "kind":
			dst = &r.Kind
		case "task":
			dst = &r.Task
		case "seeds":
			dst = &r.Seeds
		case "reference":
			dst = &r.Reference
		case "time_s":
			dst = &r.TimeS
		case "per_task":
			dst = &r.PerTask
		}
		if dst != nil {
			if err := json.Unmarshal(raw, dst); err != nil {
				return fmt.Errorf("train row key %q: %w", key, err)
			}
			continue
		}
		if base, ok := strings.CutSuffix(key, "_std"); ok {
			sds[base] = raw
			continue
		}
		m := Metric{Name: key}
		if len(raw) > 0 && raw[0] == '[' {
			err = json.Unmarshal(raw, &m.Vec)
		} else {
			err = json.Unmarshal(raw, &m.Value)
		}
		if err != nil {
			return fmt.Errorf("train row key %q: %w", key, err)
		}
		r.Metrics = append(r.Metrics, m)
	}
	for i := range r.Metrics {
		m := &r.Metrics[i]
		m.N = r.Seeds
		raw, ok := sds[m.Name]
		if !ok {
			m.N = min(m.N, 1)
			continue
		}
		var err error
		if m.Vec != nil {
			err = json.Unmarshal(raw, &m.VecSD)
		} else {
			err = json.Unmarshal(raw, &m.SD)
		}
		if err != nil {
			return fmt.Errorf("train row key %q: %w", m.Name+"_std", err)
		}
	}
	return nil
}

// TrainMetricNames lists the metrics train rows can have (the metrics
// the registered rules describe).
func TrainMetricNames() []string { return registry.MetricNames() }
