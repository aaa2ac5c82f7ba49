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
// Hz. Both are NaN when there are fewer than 64 bins or no spikes.
func rateStats(hz []float32, n int, binMS float64) (sync, osc float64) {
	sync, osc = math.NaN(), math.NaN()
	c := hz[len(hz)/10:]
	if len(c) < 64 || n == 0 {
		return
	}
	k := float64(n) * binMS / 1000 // spikes per bin per Hz
	x := make([]float64, len(c))
	var mean float64
	for i, h := range c {
		x[i] = float64(h) * k
		mean += x[i]
	}
	mean /= float64(len(x))
	if !(mean > 0) {
		return
	}
	var ss float64
	for i := range x {
		x[i] -= mean
		ss += x[i] * x[i]
	}
	// The variance of independent Poisson units is the mean count: only
	// the excess is synchrony.
	sync = math.Sqrt(max(ss/float64(len(x)-1)-mean, 0)) / mean
	spec := fourier.NewFFT(len(x)).Coefficients(nil, x)
	df := 1000 / (binMS * float64(len(x)))
	best := 0.0
	for j, z := range spec {
		f := float64(j) * df
		if f < 5 {
			continue
		}
		if p := cmplx.Abs(z); p > best {
			best, osc = p, f
		}
	}
	return
}

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
