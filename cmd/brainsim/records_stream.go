package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/experiment"
	"github.com/brainsim/brainsim/internal/atomicfile"
	"github.com/brainsim/brainsim/internal/npy"
)

// recordStream is the experiment.RecordSink of a run with --out: spikes
// and traces go to temporary files in the folder as the run makes them,
// so that memory stays bounded for any duration, and are published
// (renamed into place, the .npy headers filled in) by finish. A write
// error stops the writing; finish reports it.
type recordStream struct {
	r     *records
	index map[string]int32 // population name -> spikes_population index
	names []string         // spikes_population_names, in that order

	spikesCSV     *atomicfile.File
	spikesW       *bufio.Writer
	steps         *npy.Stream[int64]
	neurons, pops *npy.Stream[int32]
	buf           []byte
	st            []int64
	nr, pp        []int32

	traces map[int]*traceStream
	err    error
}

// traceStream holds one trace's parts: its rows of traces.csv (a
// temporary file copied into traces.csv at the end) and its arrays.
type traceStream struct {
	width int
	csv   *os.File
	csvW  *bufio.Writer
	vals  *npy.Stream[float32]
	steps *npy.Stream[int64]
}

// newRecordStream prepares the stream; the populations of f, in file
// order, are the spikes_population indices (as results.json lists them).
func newRecordStream(r *records, f *configs.File) *recordStream {
	s := &recordStream{r: r, index: map[string]int32{}, traces: map[int]*traceStream{}}
	for _, rg := range f.Regions {
		for _, p := range rg.Population {
			name := rg.Name + "." + p.Name
			s.index[name] = int32(len(s.names))
			s.names = append(s.names, name)
		}
	}
	return s
}

func (s *recordStream) fail(err error) {
	if s.err == nil && err != nil {
		s.err = err
	}
}

// Spikes implements experiment.RecordSink.
func (s *recordStream) Spikes(rows []experiment.SpikeRow) {
	if s.err != nil {
		return
	}
	if s.spikesCSV == nil {
		if s.fail(s.openSpikes()); s.err != nil {
			return
		}
	}
	s.st, s.nr, s.pp = s.st[:0], s.nr[:0], s.pp[:0]
	var lastName, quoted string
	var i int32
	for _, row := range rows {
		if row.Population != lastName || quoted == "" {
			lastName, quoted = row.Population, csvField(row.Population)
			var ok bool
			if i, ok = s.index[row.Population]; !ok { // not a population of the file: name it at the end
				i = int32(len(s.names))
				s.index[row.Population] = i
				s.names = append(s.names, row.Population)
			}
		}
		s.buf = appendSpikeRow(s.buf[:0], row.Step, quoted, row.Neuron)
		s.spikesW.Write(s.buf)
		s.st, s.nr, s.pp = append(s.st, row.Step), append(s.nr, int32(row.Neuron)), append(s.pp, i)
	}
	s.fail(s.steps.Append(s.st))
	s.fail(s.neurons.Append(s.nr))
	s.fail(s.pops.Append(s.pp))
}

func (s *recordStream) openSpikes() (err error) {
	if s.spikesCSV, err = atomicfile.Create(s.r.path("spikes.csv")); err != nil {
		return err
	}
	s.spikesW = bufio.NewWriterSize(s.spikesCSV, 1<<16)
	s.spikesW.WriteString("step,population,neuron\n")
	if s.steps, err = npy.NewStream[int64](s.r.path("spikes_step.npy"), nil); err != nil {
		return err
	}
	if s.neurons, err = npy.NewStream[int32](s.r.path("spikes_neuron.npy"), nil); err != nil {
		return err
	}
	s.pops, err = npy.NewStream[int32](s.r.path("spikes_population.npy"), nil)
	return err
}

// Samples implements experiment.RecordSink.
func (s *recordStream) Samples(k int, t experiment.Trace) {
	if s.err != nil {
		return
	}
	ts := s.traces[k]
	if ts == nil {
		var err error
		if ts, err = s.openTrace(k, t); err != nil {
			s.fail(err)
			return
		}
		s.traces[k] = ts
	}
	prefix := csvField(t.Population) + "," + csvField(t.Variable) + "," + csvField(t.Unit) + ","
	vals := make([]float32, 0, len(t.Steps)*ts.width)
	for i, step := range t.Steps {
		row := t.Values[i]
		for j, v := range row {
			s.buf = appendTraceRow(s.buf[:0], prefix, t.Neurons, j, step, v)
			ts.csvW.Write(s.buf)
		}
		for j := range ts.width {
			if j < len(row) {
				vals = append(vals, row[j])
			} else {
				vals = append(vals, float32(math.NaN()))
			}
		}
	}
	s.fail(ts.vals.Append(vals))
	s.fail(ts.steps.Append(t.Steps))
}

func (s *recordStream) openTrace(k int, t experiment.Trace) (*traceStream, error) {
	ts := &traceStream{width: 1}
	if t.Neurons != nil {
		ts.width = len(t.Neurons)
	}
	var err error
	if ts.csv, err = os.CreateTemp(s.r.dir, ".traces-part-*"); err != nil {
		return nil, err
	}
	ts.csvW = bufio.NewWriterSize(ts.csv, 1<<16)
	// The arrays are named at the end, in the order of the traces.
	tmp := fmt.Sprintf(".trace-%d", k)
	if ts.vals, err = npy.NewStream[float32](s.r.path(tmp+".npy"), []int{ts.width}); err != nil {
		return nil, err
	}
	ts.steps, err = npy.NewStream[int64](s.r.path(tmp+"_step.npy"), nil)
	return ts, err
}

// finish publishes what the run streamed, for the run's Result res: the
// spike files (empty ones when spikes were recorded but none came), and
// traces.csv with the trace arrays in the order of res.Traces.
func (s *recordStream) finish(res *experiment.Result) error {
	defer s.abort()
	if s.err != nil {
		return s.err
	}
	if res == nil {
		return nil
	}
	// A runner that did not stream (no sink) has its records in the
	// Result: they go through the same writers; recorded spikes with none
	// in them still give their (empty) files.
	if s.spikesCSV == nil && res.Spikes != nil {
		if s.Spikes(res.Spikes); len(res.Spikes) == 0 {
			s.fail(s.openSpikes())
		}
	}
	if len(s.traces) == 0 {
		for k, t := range res.Traces {
			if len(t.Steps) > 0 {
				s.Samples(k, t)
			}
		}
	}
	if s.err != nil {
		return s.err
	}
	if s.spikesCSV != nil {
		if err := s.spikesW.Flush(); err != nil {
			return fmt.Errorf("spikes.csv: %w", err)
		}
		for _, c := range []struct {
			name   string
			commit func() error
		}{{"spikes.csv", s.spikesCSV.Commit}, {"spikes_step.npy", s.steps.Commit},
			{"spikes_neuron.npy", s.neurons.Commit}, {"spikes_population.npy", s.pops.Commit},
			{"spikes_population_names.npy", func() error { return npy.WriteStringsFile(s.r.path("spikes_population_names.npy"), s.names) }}} {
			if err := c.commit(); err != nil {
				return err
			}
			s.r.added(c.name)
		}
		s.spikesCSV = nil
	}
	if len(res.Traces) == 0 {
		return nil
	}
	out, err := atomicfile.Create(s.r.path("traces.csv"))
	if err != nil {
		return err
	}
	defer out.Abort()
	out.WriteString("population,variable,unit,neuron,step,value\n")
	used := map[string]bool{}
	for k := range len(res.Traces) {
		tr := res.Traces[k]
		base := "trace_" + tr.Population + "_" + tr.Variable
		for n := 2; used[base]; n++ {
			base = fmt.Sprintf("trace_%s_%s_%d", tr.Population, tr.Variable, n)
		}
		used[base] = true
		ts := s.traces[k]
		if ts == nil { // no samples: empty arrays
			if ts, err = s.openTrace(k, tr); err != nil {
				return err
			}
			s.traces[k] = ts
		}
		if err := ts.csvW.Flush(); err != nil {
			return err
		}
		if _, err := ts.csv.Seek(0, io.SeekStart); err != nil {
			return err
		}
		if _, err := io.Copy(out, ts.csv); err != nil {
			return fmt.Errorf("traces.csv: %w", err)
		}
		for _, c := range []struct {
			name   string
			stream interface {
				Retarget(string) error
				Commit() error
			}
		}{{base + ".npy", ts.vals}, {base + "_step.npy", ts.steps}} {
			if err := c.stream.Retarget(s.r.path(c.name)); err != nil {
				return err
			}
			if err := c.stream.Commit(); err != nil {
				return err
			}
			s.r.added(c.name)
		}
		if tr.Neurons != nil {
			ids := make([]int32, len(tr.Neurons))
			for j, id := range tr.Neurons {
				ids[j] = int32(id)
			}
			if err := npy.WriteFile(s.r.path(base+"_neuron.npy"), nil, ids); err != nil {
				return err
			}
			s.r.added(base + "_neuron.npy")
		}
	}
	if err := out.Commit(); err != nil {
		return err
	}
	s.r.added("traces.csv")
	return nil
}

// abort removes whatever was not published (a no-op for what was).
func (s *recordStream) abort() {
	if s.spikesCSV != nil {
		s.spikesCSV.Abort()
	}
	s.steps.Abort()
	s.neurons.Abort()
	s.pops.Abort()
	for _, ts := range s.traces {
		if ts.csv != nil {
			ts.csv.Close()
			os.Remove(ts.csv.Name())
		}
		ts.vals.Abort()
		ts.steps.Abort()
	}
}

var _ experiment.RecordSink = (*recordStream)(nil)

// recordState is where a run's record files stand at a checkpoint: their
// temporary files, synced, with their sizes, so that a resumed run
// continues them (recordStream.keep and resume).
type recordState struct {
	Names  []string            `json:"population_names"`
	Spikes *spikeFilesState    `json:"spikes,omitempty"`
	Traces map[int]*traceState `json:"traces,omitempty"`
}

type spikeFilesState struct {
	CSV                  npy.StreamState `json:"csv"` // Rows unused
	Steps, Neurons, Pops npy.StreamState
}

type traceState struct {
	Width     int             `json:"width"`
	CSV       string          `json:"csv"`
	CSVSize   int64           `json:"csv_size"`
	Vals      npy.StreamState `json:"values"`
	StepsFile npy.StreamState `json:"steps"`
}

// keep syncs every record file to disk and returns their state.
func (s *recordStream) keep() (*recordState, error) {
	if s.err != nil {
		return nil, s.err
	}
	st := &recordState{Names: slices.Clone(s.names)}
	if s.spikesCSV != nil {
		if err := s.spikesW.Flush(); err != nil {
			return nil, err
		}
		tmp, size, err := s.spikesCSV.Keep()
		if err != nil {
			return nil, err
		}
		sp := &spikeFilesState{CSV: npy.StreamState{Tmp: tmp, Path: s.spikesCSV.Name(), Size: size}}
		for _, c := range []struct {
			dst *npy.StreamState
			get func() (npy.StreamState, error)
		}{{&sp.Steps, s.steps.Keep}, {&sp.Neurons, s.neurons.Keep}, {&sp.Pops, s.pops.Keep}} {
			if *c.dst, err = c.get(); err != nil {
				return nil, err
			}
		}
		st.Spikes = sp
	}
	for k, ts := range s.traces {
		if st.Traces == nil {
			st.Traces = map[int]*traceState{}
		}
		if err := ts.csvW.Flush(); err != nil {
			return nil, err
		}
		if err := ts.csv.Sync(); err != nil {
			return nil, err
		}
		size, err := ts.csv.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, err
		}
		t := &traceState{Width: ts.width, CSV: ts.csv.Name(), CSVSize: size}
		if t.Vals, err = ts.vals.Keep(); err != nil {
			return nil, err
		}
		if t.StepsFile, err = ts.steps.Keep(); err != nil {
			return nil, err
		}
		st.Traces[k] = t
	}
	st.absolute()
	return st, nil
}

// absolute makes every path of st absolute: a run may be resumed from
// another folder.
func (st *recordState) absolute() {
	abs := func(p *string) {
		if a, err := filepath.Abs(*p); err == nil {
			*p = a
		}
	}
	if sp := st.Spikes; sp != nil {
		for _, ss := range []*npy.StreamState{&sp.CSV, &sp.Steps, &sp.Neurons, &sp.Pops} {
			abs(&ss.Tmp)
			abs(&ss.Path)
		}
	}
	for _, t := range st.Traces {
		abs(&t.CSV)
		for _, ss := range []*npy.StreamState{&t.Vals, &t.StepsFile} {
			abs(&ss.Tmp)
			abs(&ss.Path)
		}
	}
}

// release closes the record files and leaves them on disk for a resumed
// run (instead of finish or abort).
func (s *recordStream) release() {
	if s.spikesCSV != nil {
		s.spikesW.Flush()
		s.spikesCSV.Release()
	}
	s.steps.Release()
	s.neurons.Release()
	s.pops.Release()
	for _, ts := range s.traces {
		if ts.csv != nil {
			ts.csvW.Flush()
			ts.csv.Close()
		}
		ts.vals.Release()
		ts.steps.Release()
	}
}

// resume continues the record files of st, cut to where the checkpoint
// left them.
func (s *recordStream) resume(st *recordState) error {
	if st == nil {
		return nil
	}
	s.names = slices.Clone(st.Names)
	for i, n := range s.names {
		s.index[n] = int32(i)
	}
	reopenErr := func(file string, err error) error {
		return fmt.Errorf("the records of the checkpointed run cannot be continued (%s): %w", file, err)
	}
	if sp := st.Spikes; sp != nil {
		var err error
		if s.spikesCSV, err = atomicfile.Reopen(sp.CSV.Tmp, sp.CSV.Path, sp.CSV.Size); err != nil {
			return reopenErr("spikes.csv", err)
		}
		s.spikesW = bufio.NewWriterSize(s.spikesCSV, 1<<16)
		if s.steps, err = npy.ResumeStream[int64](sp.Steps, nil); err != nil {
			return reopenErr("spikes_step.npy", err)
		}
		if s.neurons, err = npy.ResumeStream[int32](sp.Neurons, nil); err != nil {
			return reopenErr("spikes_neuron.npy", err)
		}
		if s.pops, err = npy.ResumeStream[int32](sp.Pops, nil); err != nil {
			return reopenErr("spikes_population.npy", err)
		}
	}
	for k, t := range st.Traces {
		ts := &traceStream{width: t.Width}
		f, err := atomicfile.OpenAt(t.CSV, t.CSVSize)
		if err != nil {
			return reopenErr("traces.csv", err)
		}
		ts.csv, ts.csvW = f, bufio.NewWriterSize(f, 1<<16)
		if ts.vals, err = npy.ResumeStream[float32](t.Vals, []int{t.Width}); err != nil {
			return reopenErr("a trace", err)
		}
		if ts.steps, err = npy.ResumeStream[int64](t.StepsFile, nil); err != nil {
			return reopenErr("a trace", err)
		}
		s.traces[k] = ts
	}
	return nil
}
