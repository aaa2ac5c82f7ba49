package experiment

import (
	"context"
	"reflect"
	"testing"
)

// collect is a RecordSink that keeps everything it gets.
type collect struct {
	spikes []SpikeRow
	traces map[int]*Trace
	calls  int
}

func (c *collect) Spikes(rows []SpikeRow) {
	c.spikes = append(c.spikes, rows...)
	c.calls++
}

func (c *collect) Samples(k int, t Trace) {
	if c.traces == nil {
		c.traces = map[int]*Trace{}
	}
	if c.traces[k] == nil {
		c.traces[k] = &Trace{Population: t.Population, Variable: t.Variable, Unit: t.Unit, Neurons: t.Neurons}
	}
	c.traces[k].Steps = append(c.traces[k].Steps, t.Steps...)
	c.traces[k].Values = append(c.traces[k].Values, t.Values...)
}

// TestStreamedRecords: a run with a sink hands it, in chunks, exactly the
// spikes and traces a run without one returns; with bounds the Result keeps
// their first ones; the statistics are the same.
func TestStreamedRecords(t *testing.T) {
	t.Parallel()
	f := load(t, "quickstart", "experiment.duration=3s")
	whole, err := Run(context.Background(), f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sink := &collect{}
	part, err := Run(context.Background(), f, Options{Sink: sink, KeepSpikes: 1000, KeepSamples: 300})
	if err != nil {
		t.Fatal(err)
	}
	if len(whole.Spikes) < 10000 || sink.calls < 2 {
		t.Fatalf("%d spikes in %d hand-overs: too few to test the chunks", len(whole.Spikes), sink.calls)
	}
	if !reflect.DeepEqual(sink.spikes, whole.Spikes) {
		t.Errorf("the sink got %d spikes, the whole run %d, or in another order", len(sink.spikes), len(whole.Spikes))
	}
	if !reflect.DeepEqual(part.Spikes, whole.Spikes[:1000]) {
		t.Errorf("Result kept %d spikes, want the first 1000", len(part.Spikes))
	}
	if len(whole.Traces) == 0 || len(sink.traces) != len(whole.Traces) {
		t.Fatalf("%d traces, the sink got %d", len(whole.Traces), len(sink.traces))
	}
	for k, w := range whole.Traces {
		if !reflect.DeepEqual(*sink.traces[k], w) {
			t.Errorf("trace %d (%s %s): the sink's differs from the whole run's", k, w.Population, w.Variable)
		}
		p := part.Traces[k]
		if len(p.Steps) != min(300, len(w.Steps)) || !reflect.DeepEqual(p.Steps, w.Steps[:len(p.Steps)]) || !reflect.DeepEqual(p.Values, w.Values[:len(p.Values)]) {
			t.Errorf("trace %d: Result kept %d samples, want the first %d", k, len(p.Steps), min(300, len(w.Steps)))
		}
	}
	if !reflect.DeepEqual(part.Populations, whole.Populations) {
		t.Errorf("statistics differ:\n%+v\n%+v", part.Populations, whole.Populations)
	}
}
