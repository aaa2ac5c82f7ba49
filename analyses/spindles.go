package analyses

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/dsp/fourier"

	"github.com/brainsim/brainsim/cortex"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/units"
)

// Spindles are the keys of analysis spindles: spindle episodes in a
// population's rate, detected as EEG spindles are (Mölle, Marshall, Gais
// & Born 2002, J. Neurosci. 22:10941): the population's spike count in
// bins of `bin`, from `start` on, is band-passed over `band` (Butterworth
// of order `order`, forward and backward); its root mean square over a
// sliding window of `window` is the envelope; an episode is a stretch of
// at least `min_duration` where the envelope exceeds its mean plus
// `boundary` standard deviations and, somewhere, its mean plus
// `threshold` standard deviations (boundary = threshold: Mölle et al.'s
// single threshold; lower: a dual threshold that measures an episode's
// whole rise and fall, as Ferrarelli et al. 2007, Am. J. Psychiatry
// 164:483, take a spindle's start and end at a lower threshold than its
// detection). No upper limit on the duration: the
// durations are measured, not selected. The spectrum is the mean of the
// Hann-windowed periodograms of the episodes (and, for comparison, of
// the stretches between them), zero-padded to the same length.
type Spindles struct {
	Population  string            `toml:"population,omitempty" doc:"the spiking population whose rate to analyse (required)"`
	Bin         units.Time        `toml:"bin" doc:"bin of the spike count (1ms)"`
	Start       units.Time        `toml:"start" doc:"the analysis leaves out the run before this (1s)"`
	Band        []units.Frequency `toml:"band" doc:"the spindle band [low, high] (7Hz, 15Hz)"`
	Order       int               `toml:"order" doc:"the Butterworth order of the band-pass (4)"`
	Window      units.Time        `toml:"window" doc:"the envelope's RMS window (200ms)"`
	Threshold   float64           `toml:"threshold" doc:"an episode's envelope exceeds its mean plus this many standard deviations (1.5)"`
	Boundary    *float64          `toml:"boundary" doc:"an episode extends while the envelope exceeds its mean plus this many standard deviations (default: threshold; lower: a dual threshold)"`
	MinDuration units.Time        `toml:"min_duration" doc:"shorter supra-threshold stretches are not episodes (200ms)"`
	Pool        int               `toml:"pool" doc:"figure spindle_frames: spikes summed over pools of pool × pool units of the sheet (1)"`
	Frame       units.Time        `toml:"frame" doc:"figure spindle_frames: the length of a frame (20ms)"`
}

func init() {
	registry.RegisterAnalysis(registry.Analysis{
		Name: "spindles",
		Doc:  "spindle episodes in a population's rate (Mölle et al. 2002's detector): their number, durations, intervals and the spectral peak within them",
		Params: func() any {
			return &Spindles{Bin: 1, Start: 1000, Band: []units.Frequency{7, 15}, Order: 4, Window: 200,
				Threshold: 1.5, MinDuration: 200, Pool: 1, Frame: 20}
		},
		Check:   checkSpindles,
		Build:   buildSpindles,
		Figures: []string{"spindle_episodes", "spindle_spectrum", "spindle_frames"},
	})
	registry.DescribeFigure("spindle_episodes", "analysis spindles: the population rate, its band-passed signal and envelope, episodes marked")
	registry.DescribeFigure("spindle_spectrum", "analysis spindles: the rate's power spectrum within episodes and between them")
	registry.DescribeFigure("spindle_frames", "analysis spindles: spikes on the sheet in frames from the onset of the longest episode")
}

func checkSpindles(pa any, c *registry.Check) {
	p := pa.(*Spindles)
	if p.Population == "" {
		c.Errf("population", "required: the spiking population whose rate to analyse")
	} else if r := c.Pop("population", p.Population); r != nil {
		switch {
		case !r.Spiking():
			c.Errf("population", "%s does not spike", r.Name)
		case r.Sheet && p.Pool >= 1 && (r.Rows%p.Pool != 0 || r.Cols%p.Pool != 0):
			c.Errf("pool", "%d does not divide the %d x %d sheet of %s", p.Pool, r.Rows, r.Cols, r.Name)
		}
	}
	bin := wholeSteps(c, "bin", float64(p.Bin))
	if bin > 0 {
		wholeSteps(c, "frame", float64(p.Frame))
	}
	fs := 1000 / float64(p.Bin)
	switch {
	case !(p.Start >= 0):
		c.Errf("start", "must be >= 0, got %s", p.Start)
	case len(p.Band) != 2 || !(p.Band[0] > 0 && p.Band[1] > p.Band[0]):
		c.Errf("band", "want [low, high] with 0 < low < high, got %v", p.Band)
	case bin > 0 && float64(p.Band[1]) >= fs/2:
		c.Errf("band", "high %s is not below the Nyquist frequency %s of bins of %s", p.Band[1], units.Frequency(fs/2), p.Bin)
	case p.Order < 1 || p.Order > 10:
		c.Errf("order", "must be in [1, 10], got %d", p.Order)
	case !(p.Window >= p.Bin):
		c.Errf("window", "must be at least one bin (%s), got %s", p.Bin, p.Window)
	case !(p.Threshold > -10 && p.Threshold < 100):
		c.Errf("threshold", "must be a number of standard deviations in (-10, 100), got %v", p.Threshold)
	case p.Boundary != nil && !(*p.Boundary <= p.Threshold && *p.Boundary > -10):
		c.Errf("boundary", "must be in (-10, threshold = %v], got %v", p.Threshold, *p.Boundary)
	case !(p.MinDuration >= 0):
		c.Errf("min_duration", "must be >= 0, got %s", p.MinDuration)
	case p.Pool < 1:
		c.Errf("pool", "must be >= 1, got %d", p.Pool)
	}
}

type spindles struct {
	p       *Spindles
	pop     *cortex.Population `snap:"-"`
	rows    int                // of pools; 0: no sheet
	cols    int
	pool    []int32 // the pool of every unit (with a sheet)
	bin     int64   // steps
	dt      float64 // ms
	rate    *cortex.RateRecorder
	spikes  *cortex.SpikeRecorder // with a sheet: for the frames
	res     *spindleResult        `snap:"-"`
	stopped func() bool           `snap:"-"`
}

func buildSpindles(pa any, h registry.AnalysisHost) (registry.Env, error) {
	p := pa.(*Spindles)
	pop := h.Population(p.Population)
	if pop == nil {
		return nil, fmt.Errorf("no population %s", p.Population)
	}
	a := &spindles{p: p, pop: pop, bin: h.Steps(float64(p.Bin)), dt: h.Net().Dt, stopped: h.Stopped}
	if sh := h.Sheet(pop); sh != nil {
		if sh.Rows%p.Pool != 0 || sh.Cols%p.Pool != 0 {
			return nil, fmt.Errorf("pool %d does not divide the %d x %d sheet of %s", p.Pool, sh.Rows, sh.Cols, p.Population)
		}
		a.rows, a.cols = sh.Rows/p.Pool, sh.Cols/p.Pool
		a.pool = make([]int32, sh.Rows*sh.Cols)
		for u := range a.pool {
			a.pool[u] = int32((u/sh.Cols/p.Pool)*a.cols + (u%sh.Cols)/p.Pool)
		}
	}
	return a, nil
}

func (a *spindles) Attach() error {
	a.rate = a.pop.RecordRate(a.bin)
	if a.pool != nil {
		a.spikes = a.pop.RecordSpikes()
	}
	return nil
}

// spindleResult is what the analysis found.
type spindleResult struct {
	err                 string
	fs                  float64 // Hz, of the bins
	first               int     // the first bin analysed
	rate, band, env     []float64
	threshold, boundary float64  // of the envelope
	episodes            [][2]int // bins [from, to), in the analysed signal
	durations, interval []float64
	freqs, in, out      []float64 // the spectra
	peak                float64   // Hz
	frames              [][]float64
	frameT              []float64
}

func (a *spindles) result() *spindleResult {
	if a.res == nil {
		a.res = a.analyse()
	}
	return a.res
}

func (a *spindles) interrupted() bool { return a.stopped != nil && a.stopped() }

func (a *spindles) analyse() *spindleResult {
	p := a.p
	binMs := float64(a.bin) * a.dt
	fs := 1000 / binMs
	first := int(math.Ceil(float64(p.Start) / binMs))
	hz := a.rate.Hz
	if len(hz)-first < int(4*fs) {
		return &spindleResult{err: fmt.Sprintf("the run is too short: %d bins after start, want at least 4 s", max(len(hz)-first, 0))}
	}
	res := &spindleResult{fs: fs, first: first}
	n := len(hz) - first
	res.rate = make([]float64, n)
	for i := range n {
		res.rate[i] = float64(hz[first+i])
	}
	mean, _ := meanSD(res.rate)
	x := make([]float64, n)
	for i, v := range res.rate {
		x[i] = v - mean
	}
	res.band = filtfilt(butterBandpass(p.Order, float64(p.Band[0]), float64(p.Band[1]), fs), x)
	// The envelope: the RMS of the band-passed signal over a centred window.
	w := max(1, int(math.Round(float64(p.Window)/binMs)))
	res.env = movingRMS(res.band, w)
	em, esd := meanSD(res.env)
	res.threshold = em + p.Threshold*esd
	res.boundary = res.threshold
	if p.Boundary != nil {
		res.boundary = em + *p.Boundary*esd
	}
	minLen := int(math.Round(float64(p.MinDuration) / binMs))
	for i := 0; i < n; {
		if res.env[i] <= res.boundary {
			i++
			continue
		}
		j, peak := i, 0.0
		for j < n && res.env[j] > res.boundary {
			peak = math.Max(peak, res.env[j])
			j++
		}
		// Episodes cut by the window's ends are left out.
		if peak > res.threshold && j-i >= max(minLen, 1) && i > 0 && j < n {
			res.episodes = append(res.episodes, [2]int{i, j})
		}
		i = j
	}
	for k, e := range res.episodes {
		res.durations = append(res.durations, float64(e[1]-e[0])/fs)
		if k > 0 {
			res.interval = append(res.interval, float64(e[0]-res.episodes[k-1][0])/fs)
		}
	}
	if a.interrupted() {
		return &spindleResult{err: stoppedNote}
	}
	a.spectra(res, x)
	a.makeFrames(res)
	return res
}

// spectra are the mean Hann-windowed periodograms of the episodes and of
// the stretches between them (each at least a quarter of a second),
// zero-padded to nfft: a power of two of at least 2 s.
func (a *spindles) spectra(res *spindleResult, x []float64) {
	fs := res.fs
	nfft := 1
	for float64(nfft) < 2*fs {
		nfft *= 2
	}
	var gaps [][2]int
	last := 0
	for _, e := range res.episodes {
		gaps = append(gaps, [2]int{last, e[0]})
		last = e[1]
	}
	gaps = append(gaps, [2]int{last, len(x)})
	fft := fourier.NewFFT(nfft)
	seg := make([]float64, nfft)
	mean := func(segs [][2]int) []float64 {
		sum := make([]float64, nfft/2+1)
		count := 0
		for _, s := range segs {
			for from := s[0]; from < s[1]; from += nfft {
				to := min(s[1], from+nfft)
				m := to - from
				if float64(m) < fs/4 {
					continue
				}
				clear(seg)
				var wsum, mean float64
				for i := range m {
					mean += x[from+i]
				}
				mean /= float64(m)
				for i := range m {
					h := 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(m-1))
					seg[i] = (x[from+i] - mean) * h
					wsum += h * h
				}
				c := fft.Coefficients(nil, seg)
				for f := range sum {
					sum[f] += (real(c[f])*real(c[f]) + imag(c[f])*imag(c[f])) / (fs * wsum)
				}
				count++
			}
		}
		if count == 0 {
			return nil
		}
		for f := range sum {
			sum[f] /= float64(count)
		}
		return sum
	}
	res.in, res.out = mean(res.episodes), mean(gaps)
	for f := range nfft/2 + 1 {
		res.freqs = append(res.freqs, float64(f)*fs/float64(nfft))
	}
	res.peak = math.NaN()
	if res.in != nil {
		best := -1.0
		for f, v := range res.in {
			if res.freqs[f] >= minPeakHz && res.freqs[f] <= 50 && v > best {
				best, res.peak = v, res.freqs[f]
			}
		}
	}
}

// makeFrames counts the spikes of each pool in twelve frames from the
// onset of the longest episode.
func (a *spindles) makeFrames(res *spindleResult) {
	if a.spikes == nil || len(res.episodes) == 0 {
		return
	}
	long := res.episodes[0]
	for _, e := range res.episodes {
		if e[1]-e[0] > long[1]-long[0] {
			long = e
		}
	}
	frame := int64(math.Round(float64(a.p.Frame) / a.dt))
	t0 := int64(res.first+long[0]) * a.bin // step of the onset
	np := a.rows * a.cols
	for f := range 12 {
		res.frames = append(res.frames, make([]float64, np))
		res.frameT = append(res.frameT, float64(t0+int64(f)*frame)*a.dt)
	}
	for i, t := range a.spikes.Steps {
		if t < t0 || t >= t0+12*frame {
			continue
		}
		res.frames[(t-t0)/frame][a.pool[a.spikes.Units[i]]]++
	}
}

// minPeakHz is the lowest frequency of the spectral peak reported: an
// episode's rise and fall of the rate itself (its envelope, a bump of
// 0.3-3 s) puts power below it.
const minPeakHz = 4

// movingRMS is the root mean square of x over a centred window of w
// samples (shorter at the ends).
func movingRMS(x []float64, w int) []float64 {
	n := len(x)
	cum := make([]float64, n+1)
	for i, v := range x {
		cum[i+1] = cum[i] + v*v
	}
	out := make([]float64, n)
	for i := range x {
		lo, hi := max(0, i-w/2), min(n, i-w/2+w)
		out[i] = math.Sqrt((cum[hi] - cum[lo]) / float64(hi-lo))
	}
	return out
}

func (a *spindles) Tables(steps int64) []registry.Table {
	r := a.result()
	t := registry.Table{Title: "spindles: episodes in the rate of " + a.p.Population + " (band-pass, RMS envelope above mean + threshold sd, extending above mean + boundary sd; Mölle et al. 2002)",
		Columns: []string{"population", "episodes", "duration_s", "duration_sd", "in_0.5_3s", "interval_s", "interval_sd", "spindle_fraction", "peak_hz", "rate_in_hz", "rate_out_hz"}}
	if r.err != "" {
		t.Columns = []string{"population", "note"}
		t.Rows = [][]any{{a.p.Population, r.err}}
		return []registry.Table{t}
	}
	dm, dsd := meanSDn(r.durations)
	im, isd := meanSDn(r.interval)
	var inside, in05 int
	var sumIn, sumOut float64
	mask := make([]bool, len(r.rate))
	for k, e := range r.episodes {
		inside += e[1] - e[0]
		if d := r.durations[k]; d >= 0.5 && d <= 3 {
			in05++
		}
		for i := e[0]; i < e[1]; i++ {
			mask[i] = true
		}
	}
	for i, v := range r.rate {
		if mask[i] {
			sumIn += v
		} else {
			sumOut += v
		}
	}
	frac := float64(inside) / float64(len(r.rate))
	inRate, outRate := math.NaN(), math.NaN()
	if inside > 0 {
		inRate = sumIn / float64(inside)
	}
	if inside < len(r.rate) {
		outRate = sumOut / float64(len(r.rate)-inside)
	}
	f05 := math.NaN()
	if len(r.durations) > 0 {
		f05 = float64(in05) / float64(len(r.durations))
	}
	t.Rows = [][]any{{a.p.Population, len(r.episodes), dm, dsd, f05, im, isd, frac, r.peak, inRate, outRate}}
	return []registry.Table{t}
}

// meanSDn is the mean and sample standard deviation (NaN for none).
func meanSDn(x []float64) (float64, float64) {
	if len(x) == 0 {
		return math.NaN(), math.NaN()
	}
	if len(x) == 1 {
		return x[0], math.NaN()
	}
	return meanSD(x)
}

func (a *spindles) Plots(steps int64) []registry.Plot {
	r := a.result()
	if r.err != "" {
		return nil
	}
	var out []registry.Plot
	// At most the first 30 s analysed.
	n := min(len(r.rate), int(30*r.fs))
	ts := make([]float64, n)
	t0 := float64(r.first) / r.fs
	for i := range ts {
		ts[i] = t0 + float64(i)/r.fs
	}
	mark := make([]float64, n)
	for _, e := range r.episodes {
		for i := e[0]; i < min(e[1], n); i++ {
			mark[i] = r.boundary
		}
	}
	thr, bnd := make([]float64, n), make([]float64, n)
	for i := range thr {
		thr[i], bnd[i] = r.threshold, r.boundary
	}
	out = append(out, registry.Plot{Figure: "spindle_episodes", Title: "spindle episodes in " + a.p.Population, Series: a.p.Population,
		XLabel: "time (s)", YLabel: "rate (Hz)", Curves: []registry.Curve{
			{Name: "band-passed rate", X: ts, Y: r.band[:n]},
			{Name: "envelope (RMS)", X: ts, Y: r.env[:n]},
			{Name: "threshold", X: ts, Y: thr},
			{Name: "boundary", X: ts, Y: bnd},
			{Name: "episodes", X: ts, Y: mark},
		}})
	var cs []registry.Curve
	lim := 0
	for lim < len(r.freqs) && r.freqs[lim] <= 50 {
		lim++
	}
	if r.in != nil {
		cs = append(cs, registry.Curve{Name: "within episodes", X: r.freqs[:lim], Y: r.in[:lim]})
	}
	if r.out != nil {
		cs = append(cs, registry.Curve{Name: "between episodes", X: r.freqs[:lim], Y: r.out[:lim]})
	}
	if len(cs) > 0 {
		out = append(out, registry.Plot{Figure: "spindle_spectrum", Title: "rate of " + a.p.Population + ": power spectrum", Series: a.p.Population,
			XLabel: "frequency (Hz)", YLabel: "power (Hz²/Hz)", Curves: cs})
	}
	if len(r.frames) > 0 {
		mx := 0.0
		for _, f := range r.frames {
			for _, v := range f {
				mx = math.Max(mx, v)
			}
		}
		grids := make([]registry.Grid, len(r.frames))
		for i, f := range r.frames {
			grids[i] = registry.Grid{Title: fmt.Sprintf("%.0f ms", r.frameT[i]), Rows: a.rows, Cols: a.cols, Values: f, Min: 0, Max: math.Max(mx, 1)}
		}
		out = append(out, registry.Plot{Figure: "spindle_frames", Title: "spikes of " + a.p.Population + " per " + a.p.Frame.String() + ", longest episode", Grids: grids})
	}
	return out
}
