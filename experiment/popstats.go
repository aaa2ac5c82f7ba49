package experiment

import (
	"math"
	"math/cmplx"

	"gonum.org/v1/gonum/dsp/fourier"
)

// Network states. A population's state is read from the regularity of
// its units (the mean CV of their ISIs) and the synchrony of the whole
// (the CV of its spike count per bin of a recorded rate), after Brunel
// (2000, J Comput Neurosci 8:183): asynchronous irregular (AI),
// synchronous irregular (SI) and synchronous regular (SR).
const (
	// SyncBinMS is the coarsest rate bin from which sync and osc_hz are
	// computed: a population rate recorded every 1 ms or finer.
	SyncBinMS = 1.0
	// SyncThreshold is the excess CV of the population count per bin
	// (see rateStats) above which a population is synchronous.
	// Independent Poisson units give 0 whatever their number; at the
	// points of Brunel's Fig. 8 (brunel.toml, 0.5 ms bins) AI measures
	// about 0.6 and the synchronous states 1 to 2.
	SyncThreshold = 0.8
	// RegularCV is the mean CV of ISIs below which units fire regularly
	// (a Poisson train has CV 1; Brunel's SR point measures 0.01, his
	// irregular states 0.4-0.9).
	RegularCV = 0.2
)

// rateStats returns the synchrony and the oscillation frequency of a
// population of n units from its rate recorded in bins of binMS: sync is
// the coefficient of variation of the spike count c per bin beyond that of
// independent Poisson units, sqrt(max(var(c) − mean(c), 0))/mean(c) (the
// first tenth of the bins, a start-up transient, left out), osc_hz
// the frequency of the largest peak of the power spectrum of c above 5
// Hz (for more than maxSegment bins, of the mean spectrum of segments).
// Both are NaN when there are fewer than 64 bins or no spikes.
func rateStats(hz []float32, n int, binMS float64) (sync, osc float64) {
	sync, osc = math.NaN(), math.NaN()
	c := hz[len(hz)/10:]
	if len(c) < 64 || n == 0 {
		return
	}
	k := float64(n) * binMS / 1000 // spikes per bin per Hz
	var mean float64
	for _, h := range c {
		mean += float64(h) * k
	}
	mean /= float64(len(c))
	if !(mean > 0) {
		return
	}
	var ss float64
	for _, h := range c {
		d := float64(h)*k - mean
		ss += d * d
	}
	sync = excessCV(mean, ss, len(c))
	// The spectrum of the whole series, or, for a series longer than
	// maxSegment bins, the mean power spectrum of its consecutive segments
	// of maxSegment bins (Bartlett's method; the rest left out): the same
	// peak for a short run, bounded memory for a long one.
	seg := len(c)
	if seg > maxSegment {
		seg = maxSegment
	}
	fft := fourier.NewFFT(seg)
	x := make([]float64, seg)
	power := make([]float64, seg/2+1)
	var coef []complex128
	for start := 0; start+seg <= len(c); start += seg {
		for i, h := range c[start : start+seg] {
			x[i] = float64(h)*k - mean
		}
		coef = addPower(power, fft, coef, x)
	}
	return sync, peakHz(power, 1000/(binMS*float64(seg)))
}

// excessCV is sync from the mean count per bin and the sum of squared
// deviations ss over n bins: the variance of independent Poisson units is
// the mean count, and only the excess is synchrony.
func excessCV(mean, ss float64, n int) float64 {
	return math.Sqrt(max(ss/float64(n-1)-mean, 0)) / mean
}

// addPower adds the power spectrum of x to power (coef: the FFT's
// output buffer, returned for reuse).
func addPower(power []float64, fft *fourier.FFT, coef []complex128, x []float64) []complex128 {
	coef = fft.Coefficients(coef, x)
	for j, z := range coef {
		a := cmplx.Abs(z)
		power[j] += a * a
	}
	return coef
}

// peakHz is the frequency of the largest value of power (bins df Hz
// apart) at 5 Hz or above; NaN when there is none above 0.
func peakHz(power []float64, df float64) float64 {
	osc, best := math.NaN(), 0.0
	for j, p := range power {
		if f := float64(j) * df; f >= 5 && p > best {
			best, osc = p, f
		}
	}
	return osc
}

// maxSegment is the longest stretch of a rate whose spectrum rateStats
// takes at once: 65,536 bins, 33 s at 0.5 ms.
const maxSegment = 1 << 16

// state classifies a population by its mean CV of ISIs and its synchrony:
// "AI", "SI" or "SR"; "" when either is unknown.
func state(cv, sync float64) string {
	switch {
	case math.IsNaN(cv) || math.IsNaN(sync):
		return ""
	case sync < SyncThreshold:
		return "AI"
	case cv < RegularCV:
		return "SR"
	}
	return "SI"
}

// rateAcc takes a population's rate bins as a run hands them over and
// computes sync and osc_hz at the end without holding a long run's whole
// series: a series that fits (at most maxSegment bins after its first
// tenth, or of unknown length) is kept and measured by rateStats itself;
// a longer one, whose length is known from the run's duration, is reduced
// as it comes: the first tenth left out, running sums of the counts and
// their squares for sync, and the power spectra of its consecutive
// segments of maxSegment bins summed for osc_hz (what rateStats does for
// it). Memory: one segment.
type rateAcc struct {
	n     int
	binMS float64
	skip  int  // bins to leave out (long series)
	long  bool // reduce as the bins come
	seen  int
	all   []float32 // short series: every bin

	cnt        int
	sum, sumSq float64
	seg        []float64
	power      []float64
	fft        *fourier.FFT
	coef       []complex128
	segFull    int
	k          float64
}

// newRateAcc prepares the statistics of a rate of n units in bins of
// binMS, total bins expected (-1: not known).
func newRateAcc(n int, binMS float64, total int) *rateAcc {
	a := &rateAcc{n: n, binMS: binMS, k: float64(n) * binMS / 1000}
	if total >= 0 && total-total/10 > maxSegment {
		a.long, a.skip = true, total/10
		a.seg = make([]float64, 0, maxSegment)
		a.power = make([]float64, maxSegment/2+1)
		a.fft = fourier.NewFFT(maxSegment)
	}
	return a
}

func (a *rateAcc) add(hz []float32) {
	if !a.long {
		a.all = append(a.all, hz...)
		return
	}
	for _, h := range hz {
		a.seen++
		if a.seen <= a.skip {
			continue
		}
		x := float64(h) * a.k
		a.cnt++
		a.sum += x
		a.sumSq += x * x
		a.seg = append(a.seg, x)
		if len(a.seg) == maxSegment {
			a.coef = addPower(a.power, a.fft, a.coef, a.seg)
			a.seg = a.seg[:0]
			a.segFull++
		}
	}
}

// stats returns sync and osc_hz (NaN as rateStats gives them).
func (a *rateAcc) stats() (sync, osc float64) {
	if !a.long {
		return rateStats(a.all, a.n, a.binMS)
	}
	sync, osc = math.NaN(), math.NaN()
	if a.cnt < 64 || a.n == 0 {
		return
	}
	mean := a.sum / float64(a.cnt)
	if !(mean > 0) {
		return
	}
	sync = excessCV(mean, a.sumSq-float64(a.cnt)*mean*mean, a.cnt)
	if a.segFull == 0 {
		return
	}
	// Subtracting the mean changes only the spectrum at 0 Hz, which is
	// not searched.
	return sync, peakHz(a.power, 1000/(a.binMS*maxSegment))
}
