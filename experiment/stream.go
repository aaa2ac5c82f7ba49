package experiment

import (
	"sort"

	"github.com/brainsim/brainsim/configs"
)

// RecordSink receives a run's records as they are made, so that a caller
// can write them to disk while the run goes on and keep memory bounded
// for any duration (Options.Sink). The slices it gets are its own to read
// until the call returns; it must not keep or change them.
type RecordSink interface {
	// Spikes gets recorded spikes, in (step, population, neuron) order
	// across calls.
	Spikes(rows []SpikeRow)
	// Samples gets the new samples of trace k (k counts the run's traces
	// in the order of Result.Traces): its population, variable, unit and
	// neurons, and the Steps and Values since the last call.
	Samples(k int, t Trace)
}

// drainEvery is the most steps between two hand-overs of the records to
// the sink; drainSpikes the most buffered spikes.
const (
	drainEvery  = 10000
	drainSpikes = 1 << 15
)

// streamer hands the recorders' contents over in chunks: to the sink, and
// into the Result's copies up to their limits. After a chunk the
// recorders are emptied, so what a run holds stays bounded; the rates of
// the recorders that sync and osc_hz come from go to a rateAcc.
type streamer struct {
	m                       *Model
	sink                    RecordSink
	keepSpikes, keepSamples int // 0: all
	spikes                  []SpikeRow
	traces                  []Trace
	acc                     []*rateAcc // per rate recorder: sync and osc_hz (nil: bins too coarse)
	last                    int64      // step of the last hand-over
	order                   map[string]int
}

func (m *Model) newStreamer(opt Options) *streamer {
	s := &streamer{m: m, sink: opt.Sink, keepSpikes: opt.KeepSpikes, keepSamples: opt.KeepSamples,
		acc: make([]*rateAcc, len(m.rates)), order: map[string]int{}}
	for j, r := range m.rates {
		if bin := float64(r.rec.Every) * m.Net.Dt; bin <= SyncBinMS+1e-9 {
			total := -1
			if !m.open {
				total = int(m.Steps / r.rec.Every)
			}
			s.acc[j] = newRateAcc(r.pop.Unit.Len(), bin, total)
		}
	}
	for i, p := range m.Pops {
		s.order[p.Name] = i
	}
	if len(m.spikes) > 0 {
		s.spikes = []SpikeRow{}
	}
	for _, rec := range m.modRecs {
		s.traces = append(s.traces, Trace{Population: "modulator", Variable: configs.ModulatorNames[rec.Mod], Neurons: []int{0}})
	}
	for _, st := range m.states {
		s.traces = append(s.traces, Trace{Population: st.pop.Name, Variable: st.rec.Var, Unit: unitOf(st.rec.Var), Neurons: st.rec.Units})
	}
	for _, r := range m.rates {
		s.traces = append(s.traces, Trace{Population: r.pop.Name, Variable: "rate", Unit: "Hz"})
	}
	return s
}

// due reports whether the recorders hold enough for a hand-over at step.
func (s *streamer) due(step int64) bool {
	if step-s.last >= drainEvery {
		return true
	}
	n := 0
	for _, r := range s.m.spikes {
		n += len(r.Steps)
	}
	return n >= drainSpikes
}

// drain hands over everything recorded so far (all steps before step).
func (s *streamer) drain(step int64) {
	s.last = step
	m := s.m
	if len(m.spikes) > 0 {
		var rows []SpikeRow
		for k, r := range m.spikes {
			name := m.spikeP[k].Name
			for i, st := range r.Steps {
				rows = append(rows, SpikeRow{Step: st, Population: name, Neuron: int(r.Units[i])})
			}
			r.Steps, r.Units = r.Steps[:0], r.Units[:0]
		}
		sort.SliceStable(rows, func(a, b int) bool {
			if rows[a].Step != rows[b].Step {
				return rows[a].Step < rows[b].Step
			}
			return s.order[rows[a].Population] < s.order[rows[b].Population]
		})
		if len(rows) > 0 {
			if s.sink != nil {
				s.sink.Spikes(rows)
			}
			if room := s.keepSpikes - len(s.spikes); s.keepSpikes == 0 || room > 0 {
				if s.keepSpikes != 0 && len(rows) > room {
					rows = rows[:room]
				}
				s.spikes = append(s.spikes, rows...)
			}
		}
	}
	k := 0
	for _, rec := range m.modRecs {
		vals := make([][]float32, len(rec.Levels))
		for i, x := range rec.Levels {
			vals[i] = []float32{float32(x)}
		}
		s.hand(k, rec.Steps, vals)
		rec.Steps, rec.Levels = rec.Steps[:0], rec.Levels[:0]
		k++
	}
	for _, st := range m.states {
		vals := make([][]float32, len(st.rec.Steps))
		for i := range vals {
			vals[i] = append([]float32(nil), st.rec.Row(i)...)
		}
		s.hand(k, st.rec.Steps, vals)
		st.rec.Steps, st.rec.Values = st.rec.Steps[:0], st.rec.Values[:0]
		k++
	}
	for j, r := range m.rates {
		hz := r.rec.Hz
		if s.acc[j] != nil {
			s.acc[j].add(hz)
		}
		vals := make([][]float32, len(hz))
		for i, x := range hz {
			vals[i] = []float32{x}
		}
		s.hand(k, r.rec.Steps, vals)
		r.rec.Steps, r.rec.Hz = r.rec.Steps[:0], r.rec.Hz[:0]
		k++
	}
}

// hand gives trace k's new samples to the sink and keeps them up to the
// limit.
func (s *streamer) hand(k int, steps []int64, vals [][]float32) {
	if len(steps) == 0 {
		return
	}
	t := &s.traces[k]
	if s.sink != nil {
		chunk := *t
		chunk.Steps, chunk.Values = steps, vals
		s.sink.Samples(k, chunk)
	}
	n := len(steps)
	if s.keepSamples != 0 {
		n = min(n, s.keepSamples-len(t.Steps))
	}
	if n > 0 {
		t.Steps = append(t.Steps, steps[:n]...)
		t.Values = append(t.Values, vals[:n]...)
	}
}

// resultNow drains every recorder at once and summarizes the run so far
// (for a Model run step by step without Run).
func (m *Model) resultNow(seed int64) *Result {
	st := m.newStreamer(Options{})
	st.drain(m.Net.Step())
	return m.result(seed, st)
}
