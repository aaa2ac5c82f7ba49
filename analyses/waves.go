package analyses

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/dsp/fourier"

	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/units"
)

// Waves are the keys of analysis waves: travelling waves on a sheet, as
// Davis, Benigno, Fletterman, Reynolds & Muller (2021, Nat. Commun.
// 12:6057; code mullerlab/davis2021ncomms) measure them. The population's
// sheet is cut into pools of pool × pool units; every `every` the pools'
// mean membrane potential V and conductances g_e and g_i (the receptors
// fed with receptor = "exc" and "inh") are sampled; each pool's LFP proxy
// is |g_e(E_e − V) taken `shift` earlier − inh_scale · g_i(E_i − V)|
// (Mazzoni et al. 2015), z-scored over the run, sampled at `rate` and
// kept from `start` on; it is band-passed (Butterworth of order `order`
// over `band`, forward and backward) and its generalized phase taken
// (cut-off `low`). The phase gradient across the pools (central
// differences) gives a wavelength 1/|∇φ/2π| and a phase speed (the
// instantaneous frequency times the wavelength) at every pool and time;
// a point is a significant wave where its wavelength exceeds the
// `percentile`th percentile of the wavelengths of the same data with the
// pools' places shuffled once. The result: the fraction of points with
// significant waves and the median phase speed over them.
type Waves struct {
	Population string            `toml:"population,omitempty" doc:"the population, on a sheet with a side (required)"`
	Pool       int               `toml:"pool" doc:"pools of pool × pool units; rows and cols must be multiples (10)"`
	Every      units.Time        `toml:"every" doc:"sampling interval of V and the conductances (0.2ms)"`
	Shift      units.Time        `toml:"shift" doc:"the excitatory term's lead in the LFP proxy (6ms)"`
	InhScale   float64           `toml:"inh_scale" doc:"weight of the inhibitory term in the LFP proxy (1.65)"`
	Rate       units.Frequency   `toml:"rate" doc:"the LFP proxy's sampling rate for the analysis (1kHz)"`
	Start      units.Time        `toml:"start" doc:"the analysis leaves out the run before this (200ms)"`
	Band       []units.Frequency `toml:"band" doc:"the band-pass [low, high] (5Hz, 100Hz)"`
	Order      int               `toml:"order" doc:"the Butterworth order of the band-pass (4: 8 poles)"`
	Low        units.Frequency   `toml:"low" doc:"generalized phase: instantaneous frequencies below this are stitched over (5Hz)"`
	Percentile float64           `toml:"percentile" doc:"significance: the percentile of the shuffled wavelengths (99)"`
}

func init() {
	registry.RegisterAnalysis(registry.Analysis{
		Name: "waves",
		Doc:  "travelling waves on a sheet (Davis et al. 2021): the fraction of time and place with significant waves of the LFP proxy's generalized phase, and their phase speed",
		Params: func() any {
			return &Waves{Pool: 10, Every: 0.2, Shift: 6, InhScale: 1.65, Rate: 1000, Start: 200,
				Band: []units.Frequency{5, 100}, Order: 4, Low: 5, Percentile: 99}
		},
		Check:   checkWaves,
		Build:   buildWaves,
		Figures: []string{"wave_frames", "wave_spectrum"},
	})
	registry.DescribeFigure("wave_frames", "analysis waves: the LFP proxy's phase on the sheet, a grid of frames")
	registry.DescribeFigure("wave_spectrum", "analysis waves: the power spectrum of the pools' LFP proxy")
}

func checkWaves(pa any, c *registry.Check) {
	p := pa.(*Waves)
	if p.Population == "" {
		c.Errf("population", "required: the population on a sheet whose waves to measure")
	} else if r := c.Pop("population", p.Population); r != nil {
		switch {
		case !r.Spiking():
			c.Errf("population", "%s does not spike; the LFP proxy reads a spiking population's V and conductances", r.Name)
		case !r.Sheet || r.Side == 0:
			c.Errf("population", "%s needs a sheet with a side (sheet = { rows = ..., cols = ..., side = \"4mm\" })", r.Name)
		case p.Pool >= 1 && (r.Rows%p.Pool != 0 || r.Cols%p.Pool != 0):
			c.Errf("pool", "%d does not divide the %d x %d sheet of %s", p.Pool, r.Rows, r.Cols, r.Name)
		case c.Feeds != nil:
			for _, label := range []string{"exc", "inh"} {
				kinds := c.Feeds(r.Name, label)
				if len(kinds) == 0 || slices.ContainsFunc(kinds, func(k string) bool { return k != "exp_conductance" }) {
					c.Errf("population", "the LFP proxy reads the %s conductance of %s: it needs exp_conductance projections or inputs with receptor = %q into it, and no other kind there (got %v)", label, r.Name, label, kinds)
				}
			}
		}
	}
	every := wholeSteps(c, "every", float64(p.Every))
	if every > 0 && !(p.Rate > 0) {
		c.Errf("rate", "must be > 0, got %s", p.Rate)
	} else if every > 0 {
		k := 1000 / float64(p.Rate) / float64(p.Every)
		if k < 1 || math.Abs(k-math.Round(k)) > 1e-6 {
			c.Errf("rate", "%s is not the sampling rate of every %s divided by a whole number", p.Rate, p.Every)
		}
	}
	switch {
	case p.Pool < 1:
		c.Errf("pool", "must be >= 1, got %d", p.Pool)
	case !(p.Shift >= 0):
		c.Errf("shift", "must be >= 0, got %s", p.Shift)
	case !(p.Start >= p.Shift):
		c.Errf("start", "must be at least shift (%s), got %s: the LFP proxy needs the conductances shift earlier", p.Shift, p.Start)
	case len(p.Band) != 2 || !(p.Band[0] > 0 && p.Band[1] > p.Band[0]):
		c.Errf("band", "want [low, high] with 0 < low < high, got %v", p.Band)
	case float64(p.Band[1]) >= float64(p.Rate)/2:
		c.Errf("band", "high %s is not below the Nyquist frequency %s of rate", p.Band[1], units.Frequency(p.Rate/2))
	case p.Order < 1 || p.Order > 10:
		c.Errf("order", "must be in [1, 10], got %d", p.Order)
	case !(p.Low >= 0):
		c.Errf("low", "must be >= 0, got %s", p.Low)
	case !(p.Percentile > 0 && p.Percentile < 100):
		c.Errf("percentile", "must be in (0, 100), got %v", p.Percentile)
	case !(p.InhScale >= 0):
		c.Errf("inh_scale", "must be >= 0, got %v", p.InhScale)
	}
}

// wavePools samples the pools of a population (a probe).
type wavePools struct {
	every  int64
	pool   []int32 // the pool of every unit
	counts []float64
	v      []float32          `snap:"-"`
	ge, gi []*neuron.Receptor `snap:"-"`
	// Scratch per pool: Σ V, and Σ g and Σ g·E of each kind of receptor.
	sumV, sumGE, sumGEE, sumGI, sumGIE []float64 `snap:"-"`
	Exc, Inh                           []float32 // per sample, per pool: the mean g_e(E_e − V) and g_i(E_i − V)
}

func (w *wavePools) Every() int64 { return w.every }

// add accumulates the conductances of rs into g and g·E per pool.
func (w *wavePools) add(rs []*neuron.Receptor, g, ge []float64) {
	clear(g)
	clear(ge)
	for _, r := range rs {
		e := r.ERev
		for u, x := range r.X {
			k := w.pool[u]
			g[k] += float64(x)
			ge[k] += float64(x) * e
		}
	}
}

func (w *wavePools) Sample(int64) {
	clear(w.sumV)
	for u, v := range w.v {
		w.sumV[w.pool[u]] += float64(v)
	}
	w.add(w.ge, w.sumGE, w.sumGEE)
	w.add(w.gi, w.sumGI, w.sumGIE)
	for k, n := range w.counts {
		v := w.sumV[k] / n
		w.Exc = append(w.Exc, float32((w.sumGEE[k]-w.sumGE[k]*v)/n))
		w.Inh = append(w.Inh, float32((w.sumGIE[k]-w.sumGI[k]*v)/n))
	}
}

type waves struct {
	p          *Waves
	rows, cols int     // pools
	hx, hy     float64 // pool spacing along a row and a column, mm
	dt         float64 // ms
	probe      *wavePools
	shuffle    []int       // the surrogate's places
	res        *waveResult `snap:"-"`
	stopped    func() bool `snap:"-"` // the run was interrupted
}

// interrupted reports that the run was stopped: the analysis gives up.
func (a *waves) interrupted() bool { return a.stopped != nil && a.stopped() }

// stoppedNote is the table's note of an analysis given up.
const stoppedNote = "interrupted: not analysed"

func buildWaves(pa any, h registry.AnalysisHost) (registry.Env, error) {
	p := pa.(*Waves)
	pop := h.Population(p.Population)
	if pop == nil {
		return nil, fmt.Errorf("no population %s", p.Population)
	}
	sh := h.Sheet(pop)
	if sh == nil || sh.Side == 0 {
		return nil, fmt.Errorf("%s has no sheet with a side", p.Population)
	}
	if sh.Rows%p.Pool != 0 || sh.Cols%p.Pool != 0 {
		return nil, fmt.Errorf("pool %d does not divide the %d x %d sheet of %s", p.Pool, sh.Rows, sh.Cols, p.Population)
	}
	v := pop.Unit.Var("v")
	ge, gi := h.Receptors(pop, "exc"), h.Receptors(pop, "inh")
	if v == nil || len(ge) == 0 || len(gi) == 0 {
		return nil, fmt.Errorf("%s needs a membrane potential and excitatory and inhibitory conductance receptors (projections with receptor = \"exc\" and \"inh\")", p.Population)
	}
	for _, r := range append(slices.Clip(ge), gi...) {
		if r.Kind != neuron.ExpConductance {
			return nil, fmt.Errorf("%s: the LFP proxy reads conductances; its %s receptors are %s", p.Population, "exc/inh", r.Kind)
		}
	}
	rows, cols := sh.Rows/p.Pool, sh.Cols/p.Pool
	np := rows * cols
	scratch := func() []float64 { return make([]float64, np) }
	w := &wavePools{every: h.Steps(float64(p.Every)), pool: make([]int32, sh.Rows*sh.Cols), counts: scratch(),
		v: v, ge: ge, gi: gi, sumV: scratch(), sumGE: scratch(), sumGEE: scratch(), sumGI: scratch(), sumGIE: scratch()}
	if d := h.Duration(); d > 0 && w.every > 0 {
		// The run's samples, allocated once: growing by append would
		// hold old and new arrays at once (hundreds of MB on 3,600 pools).
		w.Exc = make([]float32, 0, int(d/w.every)*np)
		w.Inh = make([]float32, 0, int(d/w.every)*np)
	}
	for u := range w.pool {
		k := (u/sh.Cols/p.Pool)*cols + (u%sh.Cols)/p.Pool
		w.pool[u] = int32(k)
		w.counts[k]++
	}
	a := &waves{p: p, rows: rows, cols: cols, hx: sh.Side / float64(cols), hy: sh.Side / float64(rows),
		dt: h.Net().Dt, probe: w, shuffle: h.Rand().Perm(rows * cols), stopped: h.Stopped}
	pop.AddProbe(w)
	return a, nil
}

func (a *waves) Attach() error { return nil }

// waveResult is what the analysis found.
type waveResult struct {
	samples         int // per pool, analysed
	fraction        float64
	threshold       float64 // wavelength, mm
	speed, speedAll float64 // median phase speed, m/s: significant points, all
	wavelength      float64 // median wavelength of significant points, mm
	frames          [][]float64
	frameT          []float64
	freqs, power    []float64
	err             string
}

func (a *waves) result() *waveResult {
	if a.res == nil {
		a.res = a.analyse()
	}
	return a.res
}

func (a *waves) Tables(steps int64) []registry.Table {
	r := a.result()
	t := registry.Table{Title: "waves: travelling waves of " + a.p.Population + " (Davis et al. 2021: generalized phase of the LFP proxy, shuffled surrogate)",
		Columns: []string{"population", "pools", "samples", "wave_fraction", "threshold_mm", "median_wavelength_mm", "median_speed_m_s", "median_speed_all_m_s"}}
	if r.err != "" {
		t.Columns = []string{"population", "note"}
		t.Rows = [][]any{{a.p.Population, r.err}}
		return []registry.Table{t}
	}
	t.Rows = [][]any{{a.p.Population, a.rows * a.cols, r.samples, r.fraction, r.threshold, r.wavelength, r.speed, r.speedAll}}
	return []registry.Table{t}
}

func (a *waves) Plots(steps int64) []registry.Plot {
	r := a.result()
	if r.err != "" {
		return nil
	}
	var out []registry.Plot
	if len(r.freqs) > 0 {
		out = append(out, registry.Plot{Figure: "wave_spectrum", Title: "LFP proxy of " + a.p.Population + ": power spectrum (pool mean)",
			XLabel: "frequency (Hz)", YLabel: "power (z²/Hz)", Curves: []registry.Curve{{Name: a.p.Population, X: r.freqs, Y: r.power}}})
	}
	if len(r.frames) > 0 {
		grids := make([]registry.Grid, len(r.frames))
		for i, f := range r.frames {
			grids[i] = registry.Grid{Title: fmt.Sprintf("%.0f ms", r.frameT[i]), Rows: a.rows, Cols: a.cols, Values: f, Min: -math.Pi, Max: math.Pi}
		}
		out = append(out, registry.Plot{Figure: "wave_frames", Title: "LFP phase, " + a.p.Population, Grids: grids})
	}
	return out
}

// analyse runs the pipeline on the samples taken.
func (a *waves) analyse() *waveResult {
	p, w := a.p, a.probe
	npool := a.rows * a.cols
	ns := len(w.Exc) / npool
	sampleMs := float64(w.every) * a.dt
	shift := int(math.Round(float64(p.Shift) / sampleMs))
	keep := int(math.Round(1000 / float64(p.Rate) / sampleMs))
	first := int(math.Ceil(float64(p.Start)/sampleMs)) - 1 // sample k is taken after step (k+1)·every − 1
	first = max(first, shift)
	for first%keep != 0 {
		first++
	}
	n := (ns - first + keep - 1) / keep
	if ns <= first || n < 64 {
		return &waveResult{err: fmt.Sprintf("the run is too short: %d samples after start, want at least 64", max(n, 0))}
	}
	fs := float64(p.Rate)
	secs := butterBandpass(p.Order, float64(p.Band[0]), float64(p.Band[1]), fs)
	fft := fourier.NewCmplxFFT(n)
	buf := make([]complex128, n)
	lfp := make([]float64, ns)
	xs := make([][]complex128, npool)
	res := &waveResult{samples: n}
	sumPow := make([]float64, n/2+1)
	for k := range npool {
		if a.interrupted() {
			return &waveResult{err: stoppedNote}
		}
		for s := range ns {
			var e float64
			if s >= shift {
				e = float64(w.Exc[(s-shift)*npool+k])
			} else {
				e = float64(w.Exc[k]) // before the first sample: the first (never analysed)
			}
			lfp[s] = math.Abs(e - p.InhScale*float64(w.Inh[s*npool+k]))
		}
		mean, sd := meanSD(lfp[shift:])
		if sd == 0 {
			sd = 1
		}
		x := make([]float64, n)
		for i := range n {
			x[i] = (lfp[first+i*keep] - mean) / sd
		}
		// The spectrum of the z-scored proxy (before the band-pass).
		c := fft.Coefficients(nil, complexOf(x, buf))
		for f := range sumPow {
			sumPow[f] += real(c[f])*real(c[f]) + imag(c[f])*imag(c[f])
		}
		xs[k] = analytic(fft, filtfilt(secs, x), buf)
	}
	for f := range sumPow {
		res.freqs = append(res.freqs, float64(f)*fs/float64(n))
		res.power = append(res.power, sumPow[f]/float64(npool)/(fs*float64(n)))
	}
	if a.interrupted() {
		return &waveResult{err: stoppedNote}
	}
	wt := generalizedPhase(xs, fs, float64(p.Low))
	hx, hy := a.hx, a.hy
	lam, speed := a.gradient(xs, wt, n, hx, hy)
	shuffled := make([][]complex128, npool)
	swt := make([][]float64, npool)
	for k, j := range a.shuffle {
		shuffled[k], swt[k] = xs[j], wt[j]
	}
	if a.interrupted() {
		return &waveResult{err: stoppedNote}
	}
	slam, _ := a.gradient(shuffled, swt, n, hx, hy)
	res.threshold = percentile(slam, p.Percentile)
	var sig, sigLam, all []float64
	for i, l := range lam {
		if !math.IsNaN(speed[i]) {
			all = append(all, speed[i])
		}
		if l > res.threshold {
			sig = append(sig, speed[i])
			sigLam = append(sigLam, l)
		}
	}
	res.fraction = float64(len(sigLam)) / float64(len(lam))
	res.speed, res.speedAll, res.wavelength = median(sig), median(all), median(sigLam)
	// Frames: 12 phase maps 4 ms apart, from the middle of the window.
	for f := range 12 {
		i := n/2 + f*int(math.Max(1, math.Round(4e-3*fs)))
		if i >= n {
			break
		}
		fr := make([]float64, npool)
		for k := range npool {
			fr[k] = math.Atan2(imag(xs[k][i]), real(xs[k][i]))
		}
		res.frames = append(res.frames, fr)
		res.frameT = append(res.frameT, float64(p.Start)+float64(i)*1000/fs)
	}
	return res
}

// gradient is the wavelength (mm) and phase speed (m/s) at every pool
// and time (index t·npool + k) of the phase maps xs: the phase gradient
// by complex multiplication of neighbours (central differences inside,
// one-sided at the edges; the wave toolbox's
// phase_gradient_complex_multiplication), pm = |∇φ|/2π cycles per mm,
// wavelength 1/pm, speed wt/pm.
func (a *waves) gradient(xs [][]complex128, wt [][]float64, n int, hx, hy float64) (lam, speed []float64) {
	rows, cols := a.rows, a.cols
	lam = make([]float64, n*rows*cols)
	speed = make([]float64, n*rows*cols)
	at := func(r, c, t int) complex128 { return xs[r*cols+c][t] }
	d := func(a, b complex128, h float64) float64 { return math.Atan2(imag(a*conj(b)), real(a*conj(b))) / h }
	for t := range n {
		for r := range rows {
			for c := range cols {
				var dx, dy float64
				switch {
				case cols == 1:
				case c == 0:
					dx = d(at(r, 0, t), at(r, 1, t), hx)
				case c == cols-1:
					dx = d(at(r, c-1, t), at(r, c, t), hx)
				default:
					dx = d(at(r, c-1, t), at(r, c+1, t), 2*hx)
				}
				switch {
				case rows == 1:
				case r == 0:
					dy = d(at(0, c, t), at(1, c, t), hy)
				case r == rows-1:
					dy = d(at(r-1, c, t), at(r, c, t), hy)
				default:
					dy = d(at(r-1, c, t), at(r+1, c, t), 2*hy)
				}
				pm := math.Hypot(dx, dy) / (2 * math.Pi)
				i := t*rows*cols + r*cols + c
				lam[i] = 1 / pm
				speed[i] = wt[r*cols+c][t] / pm / 1000
			}
		}
	}
	return lam, speed
}

func conj(z complex128) complex128 { return complex(real(z), -imag(z)) }

func complexOf(x []float64, buf []complex128) []complex128 {
	for i, v := range x {
		buf[i] = complex(v, 0)
	}
	return buf[:len(x)]
}

func meanSD(x []float64) (mean, sd float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		sd += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(sd / float64(max(len(x)-1, 1)))
}

// percentile is the q-th percentile of x (linear between order
// statistics; +Inf values sort last).
func percentile(x []float64, q float64) float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	if len(s) == 0 {
		return math.NaN()
	}
	pos := q / 100 * float64(len(s)-1)
	i := int(pos)
	if i+1 >= len(s) {
		return s[len(s)-1]
	}
	if math.IsInf(s[i+1], 1) {
		return s[i+1]
	}
	return s[i] + (pos-float64(i))*(s[i+1]-s[i])
}

// median of x (NaN for none).
func median(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	return percentile(x, 50)
}

// wholeSteps is key's time in steps of c.Dt, reporting one that is not
// a positive whole number of steps (then 0).
func wholeSteps(c *registry.Check, key string, ms float64) int64 {
	s := ms / c.Dt
	if !(s >= 1) || math.Abs(s-math.Round(s)) > 1e-6 {
		c.Errf(key, "%s is not a whole number (>= 1) of steps of dt = %s", units.Time(ms), units.Time(c.Dt))
		return 0
	}
	return int64(math.Round(s))
}
