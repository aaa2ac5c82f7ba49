package analyses

import (
	"cmp"
	"math"
	"math/cmplx"
	"slices"

	"gonum.org/v1/gonum/dsp/fourier"
)

// Signal processing for the analyses: Butterworth band-pass filters run
// forward and backward (zero phase; MATLAB's and SciPy's filtfilt), the
// analytic signal, the generalized phase (Davis et al. 2020, 2021),
// monotone cubic interpolation.

// section is a second-order section of a digital filter, b0 + b1 z⁻¹ +
// b2 z⁻², over 1 + a1 z⁻¹ + a2 z⁻².
type section struct{ b0, b1, b2, a1, a2 float64 }

// butterBandpass designs the band-pass Butterworth filter of order n
// (2n poles, MATLAB's butter(n, [lo hi]/(fs/2))) for the band [lo, hi]
// Hz at sampling rate fs Hz: the analog prototype's poles, prewarped
// band edges, the low-pass to band-pass transform and the bilinear
// transform, as second-order sections (each with zeros at z = 1 and z =
// −1; the gain on the first).
func butterBandpass(n int, lo, hi, fs float64) []section {
	w1 := 2 * fs * math.Tan(math.Pi*lo/fs)
	w2 := 2 * fs * math.Tan(math.Pi*hi/fs)
	bw, w0 := w2-w1, math.Sqrt(w1*w2)
	var poles []complex128
	for k := range n {
		p := cmplx.Exp(complex(0, math.Pi*float64(2*k+n+1)/float64(2*n)))
		pl := p * complex(bw/2, 0)
		r := cmplx.Sqrt(pl*pl - complex(w0*w0, 0))
		poles = append(poles, pl+r, pl-r)
	}
	// Bilinear transform: s → z = (2fs + s)/(2fs − s). The n analog
	// zeros at 0 go to z = 1, the n at infinity to z = −1.
	k := complex(math.Pow(bw, float64(n)), 0) * complex(math.Pow(2*fs, float64(n)), 0)
	zp := make([]complex128, len(poles))
	for i, p := range poles {
		zp[i] = (complex(2*fs, 0) + p) / (complex(2*fs, 0) - p)
		k /= complex(2*fs, 0) - p
	}
	gain := real(k)
	// Pair the poles: each with its conjugate, real ones with each other.
	var secs []section
	var reals []float64
	for _, p := range zp {
		switch {
		case math.Abs(imag(p)) <= 1e-12*cmplx.Abs(p):
			reals = append(reals, real(p))
		case imag(p) > 0:
			secs = append(secs, section{b0: 1, b2: -1, a1: -2 * real(p), a2: real(p)*real(p) + imag(p)*imag(p)})
		}
	}
	slices.Sort(reals)
	for i := 0; i+1 < len(reals); i += 2 {
		secs = append(secs, section{b0: 1, b2: -1, a1: -(reals[i] + reals[i+1]), a2: reals[i] * reals[i+1]})
	}
	secs[0].b0 *= gain
	secs[0].b2 *= gain
	return secs
}

// response is the filter's complex gain at frequency f Hz.
func response(secs []section, f, fs float64) complex128 {
	z1 := cmplx.Exp(complex(0, -2*math.Pi*f/fs)) // z⁻¹
	h := complex(1, 0)
	for _, s := range secs {
		num := complex(s.b0, 0) + complex(s.b1, 0)*z1 + complex(s.b2, 0)*z1*z1
		den := 1 + complex(s.a1, 0)*z1 + complex(s.a2, 0)*z1*z1
		h *= num / den
	}
	return h
}

// sosfilt filters x in place through the sections (direct form II
// transposed), each section's state starting at zi[s]·x0.
func sosfilt(secs []section, x []float64, zi [][2]float64, x0 float64) {
	for si, s := range secs {
		z1, z2 := zi[si][0]*x0, zi[si][1]*x0
		for i, v := range x {
			y := s.b0*v + z1
			z1 = s.b1*v - s.a1*y + z2
			z2 = s.b2*v - s.a2*y
			x[i] = y
		}
	}
}

// steadyState is the state of every section under a constant input 1
// (SciPy's sosfilt_zi): each section's input is the steady output of
// the ones before it.
func steadyState(secs []section) [][2]float64 {
	zi := make([][2]float64, len(secs))
	scale := 1.0
	for i, s := range secs {
		y := (s.b0 + s.b1 + s.b2) / (1 + s.a1 + s.a2)
		z2 := s.b2 - s.a2*y
		z1 := s.b1 - s.a1*y + z2
		zi[i] = [2]float64{scale * z1, scale * z2}
		scale *= y
	}
	return zi
}

// filtfilt filters x forward and backward through the sections: zero
// phase, the squared magnitude response. The ends are padded with 3·(2
// sections + 1) samples reflected about the end values (odd extension)
// and the states start at their steady state for the first sample, as
// SciPy's sosfiltfilt does; x shorter than that is padded with what it
// has.
func filtfilt(secs []section, x []float64) []float64 {
	n := len(x)
	if n == 0 {
		return nil
	}
	pad := min(3*(2*len(secs)+1), n-1)
	ext := make([]float64, n+2*pad)
	for i := range pad {
		ext[i] = 2*x[0] - x[pad-i]
		ext[n+pad+i] = 2*x[n-1] - x[n-2-i]
	}
	copy(ext[pad:], x)
	zi := steadyState(secs)
	sosfilt(secs, ext, zi, ext[0])
	slices.Reverse(ext)
	sosfilt(secs, ext, zi, ext[0])
	slices.Reverse(ext)
	return ext[pad : pad+n]
}

// analytic is the analytic signal of x (MATLAB's hilbert): the FFT with
// the negative frequencies zeroed and the positive ones doubled.
func analytic(fft *fourier.CmplxFFT, x []float64, buf []complex128) []complex128 {
	n := len(x)
	for i, v := range x {
		buf[i] = complex(v, 0)
	}
	c := fft.Coefficients(nil, buf[:n])
	for k := 1; k < n; k++ {
		switch {
		case 2*k < n:
			c[k] *= 2
		case 2*k > n:
			c[k] = 0
		}
	}
	out := fft.Sequence(nil, c)
	for i := range out {
		out[i] /= complex(float64(n), 0)
	}
	return out
}

// generalizedPhase is the generalized phase of the analytic signals xs
// (channels of one length, sampled at fs Hz), in place (Davis, Muller,
// Martinez-Trujillo, Sejnowski & Reynolds 2020, Nature 587:432; the wave
// toolbox's generalized_phase): the rotation is made positive (the
// phase turned around when the mean instantaneous frequency over all
// channels is negative); where a channel's instantaneous frequency falls
// below lp Hz (a "negative frequency" of a broadband signal) the phase
// is taken out over nwin times the episode's length from its start and
// filled by monotone cubic interpolation of the unwrapped phase. The
// instantaneous frequencies (Hz; the last sample's 0) are returned
// per channel, from the rectified signal before the stitching.
func generalizedPhase(xs [][]complex128, fs, lp float64) [][]float64 {
	const nwin = 3
	wt := make([][]float64, len(xs))
	freq := func() float64 {
		var sum float64
		var cnt int
		for c, x := range xs {
			wt[c] = make([]float64, len(x))
			for i := 0; i+1 < len(x); i++ {
				wt[c][i] = cmplx.Phase(x[i+1]*cmplx.Conj(x[i])) * fs / (2 * math.Pi)
				sum += wt[c][i]
				cnt++
			}
			cnt++ // the last sample's 0 counts in the mean, as in the toolbox
		}
		return sum / float64(max(cnt, 1))
	}
	if freq() < 0 {
		for _, x := range xs {
			for i, v := range x {
				x[i] = cmplx.Conj(v)
			}
		}
		freq()
	}
	for c, x := range xs {
		n := len(x)
		bad := make([]bool, n)
		for i := 1; i < n; {
			if !(wt[c][i] < lp) {
				i++
				continue
			}
			s := i
			for i < n && wt[c][i] < lp {
				i++
			}
			e := i - 1
			for k := s; k <= min(s+(e-s)*nwin, n-1); k++ {
				bad[k] = true
			}
		}
		ph := make([]float64, n)
		for i, v := range x {
			ph[i] = cmplx.Phase(v)
		}
		unwrap(ph)
		var kx, ky []float64
		for i := range ph {
			if !bad[i] {
				kx, ky = append(kx, float64(i)), append(ky, ph[i])
			}
		}
		if len(kx) == 0 {
			continue
		}
		pchip(kx, ky, func(i int) bool { return bad[i] }, ph)
		for i, v := range x {
			p := ph[i] - 2*math.Pi*math.Floor((ph[i]-math.Pi)/(2*math.Pi)) - 2*math.Pi
			x[i] = cmplx.Rect(cmplx.Abs(v), p)
		}
	}
	return wt
}

// unwrap removes the jumps of more than π between successive phases.
func unwrap(p []float64) {
	var off float64
	for i := 1; i < len(p); i++ {
		d := p[i] + off - p[i-1]
		if d > math.Pi || d < -math.Pi {
			off -= 2 * math.Pi * math.Round(d/(2*math.Pi))
		}
		p[i] += off
	}
}

// pchip fills y[i] for every i with fill(i) by the piecewise cubic
// Hermite interpolant through the knots (kx ascending, ky) with
// Fritsch-Carlson slopes (MATLAB's pchip: monotone between knots),
// extrapolating with the end pieces. A single knot gives a constant.
func pchip(kx, ky []float64, fill func(int) bool, y []float64) {
	m := len(kx)
	if m == 1 {
		for i := range y {
			if fill(i) {
				y[i] = ky[0]
			}
		}
		return
	}
	h := make([]float64, m-1)
	del := make([]float64, m-1)
	for k := range m - 1 {
		h[k] = kx[k+1] - kx[k]
		del[k] = (ky[k+1] - ky[k]) / h[k]
	}
	d := make([]float64, m)
	if m == 2 {
		d[0], d[1] = del[0], del[0]
	} else {
		for k := 1; k < m-1; k++ {
			if del[k-1]*del[k] > 0 {
				w1, w2 := 2*h[k]+h[k-1], h[k]+2*h[k-1]
				d[k] = (w1 + w2) / (w1/del[k-1] + w2/del[k])
			}
		}
		d[0] = endSlope(h[0], h[1], del[0], del[1])
		d[m-1] = endSlope(h[m-2], h[m-3], del[m-2], del[m-3])
	}
	for i := range y {
		if !fill(i) {
			continue
		}
		x := float64(i)
		k, _ := slices.BinarySearchFunc(kx, x, cmp.Compare[float64])
		k = min(max(k-1, 0), m-2)
		t := x - kx[k]
		c2 := (3*del[k] - 2*d[k] - d[k+1]) / h[k]
		c3 := (d[k] - 2*del[k] + d[k+1]) / (h[k] * h[k])
		y[i] = ky[k] + t*(d[k]+t*(c2+t*c3))
	}
}

// endSlope is pchip's three-point slope at an end, kept monotone.
func endSlope(h0, h1, del0, del1 float64) float64 {
	d := ((2*h0+h1)*del0 - h0*del1) / (h0 + h1)
	switch {
	case math.Signbit(d) != math.Signbit(del0):
		d = 0
	case math.Signbit(del0) != math.Signbit(del1) && math.Abs(d) > math.Abs(3*del0):
		d = 3 * del0
	}
	return d
}
