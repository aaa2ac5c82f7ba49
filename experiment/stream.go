package experiment

import (
	"cmp"
	"slices"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/cortex"
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
	sink                    RecordSink `snap:"-"` // the caller's
	keepSpikes, keepSamples int        // 0: all
	spikes                  []SpikeRow
	traces                  []Trace
	acc                     []*rateAcc // per rate recorder: sync and osc_hz (nil: bins too coarse)
	last                    int64      // step of the last hand-over
	// spikeOrder lists the spike recorders by their population's place in
	// the file (stably): the order of a step's spikes.
	spikeOrder []int
}

func (m *Model) newStreamer(opt Options) *streamer {
	s := &streamer{m: m, sink: opt.Sink, keepSpikes: opt.KeepSpikes, keepSamples: opt.KeepSamples,
		acc: make([]*rateAcc, len(m.rates))}
	for j, r := range m.rates {
		if bin := float64(r.rec.Every) * m.Net.Dt; bin <= SyncBinMS+1e-9 {
			total := -1
			if !m.open {
				total = int(m.Steps / r.rec.Every)
			}
			s.acc[j] = newRateAcc(r.pop.Unit.Len(), bin, total)
		}
	}
	place := map[*cortex.Population]int{}
	for i, p := range m.Pops {
		place[p] = i
	}
	for k := range m.spikes {
		s.spikeOrder = append(s.spikeOrder, k)
	}
	slices.SortStableFunc(s.spikeOrder, func(a, b int) int { return cmp.Compare(place[m.spikeP[a]], place[m.spikeP[b]]) })
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
		// Recorder after recorder in population order, then stably by
		// step: (step, population, unit) order.
		var rows []SpikeRow
		for _, k := range s.spikeOrder {
			r, name := m.spikes[k], m.spikeP[k].Name
			for i, st := range r.Steps {
				rows = append(rows, SpikeRow{Step: st, Population: name, Neuron: int(r.Units[i])})
			}
			r.Steps, r.Units = r.Steps[:0], r.Units[:0]
		}
		slices.SortStableFunc(rows, func(a, b SpikeRow) int { return cmp.Compare(a.Step, b.Step) })
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
		s.hand(k, rec.Steps, 1, func(flat []float32) {
			for i, x := range rec.Levels {
				flat[i] = float32(x)
			}
		})
		rec.Steps, rec.Levels = rec.Steps[:0], rec.Levels[:0]
		k++
	}
	for _, st := range m.states {
		s.hand(k, st.rec.Steps, len(st.rec.Units), func(flat []float32) { copy(flat, st.rec.Values) })
		st.rec.Steps, st.rec.Values = st.rec.Steps[:0], st.rec.Values[:0]
		k++
	}
	for j, r := range m.rates {
		if s.acc[j] != nil {
			s.acc[j].add(r.rec.Hz)
		}
		s.hand(k, r.rec.Steps, 1, func(flat []float32) { copy(flat, r.rec.Hz) })
		r.rec.Steps, r.rec.Hz = r.rec.Steps[:0], r.rec.Hz[:0]
		k++
	}
}

// hand gives trace k's new samples, rows of width values that fill writes
// into one new array, to the sink and keeps them up to the limit; it does
// not make them when neither wants them.
func (s *streamer) hand(k int, steps []int64, width int, fill func(flat []float32)) {
	t := &s.traces[k]
	keep := len(steps)
	if s.keepSamples != 0 {
		keep = min(keep, s.keepSamples-len(t.Steps))
	}
	if len(steps) == 0 || (s.sink == nil && keep <= 0) {
		return
	}
	flat := make([]float32, len(steps)*width)
	fill(flat)
	vals := make([][]float32, len(steps))
	for i := range vals {
		vals[i] = flat[i*width : (i+1)*width : (i+1)*width]
	}
	if s.sink != nil {
		chunk := *t
		chunk.Steps, chunk.Values = steps, vals
		s.sink.Samples(k, chunk)
	}
	if keep > 0 {
		t.Steps = append(t.Steps, steps[:keep]...)
		t.Values = append(t.Values, vals[:keep]...)
	}
}

// resultNow drains every recorder at once and summarizes the run so far
// (for a Model run step by step without Run).
func (m *Model) resultNow(seed int64) *Result {
	st := m.newStreamer(Options{})
	st.drain(m.Net.Step())
	return m.result(seed, st)
}
