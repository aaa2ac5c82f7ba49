package analyses

import (
	"encoding/json"
	"math"
	"math/cmplx"
	"os"
	"testing"

	"gonum.org/v1/gonum/dsp/fourier"
)

// The band-pass filter has the Butterworth magnitude of the prewarped
// analog design, 1/(1 + ((Ω² − Ω₀²)/(Ω·B))^(2n)), at every frequency.
func TestButterBandpass(t *testing.T) {
	const fs, lo, hi = 1000.0, 5.0, 100.0
	for _, n := range []int{1, 2, 3, 4} {
		secs := butterBandpass(n, lo, hi, fs)
		w := func(f float64) float64 { return 2 * fs * math.Tan(math.Pi*f/fs) }
		w1, w2 := w(lo), w(hi)
		for _, f := range []float64{0.5, 2, 5, 10, 22.4, 50, 100, 150, 300, 450} {
			o := w(f)
			x := (o*o - w1*w2) / (o * (w2 - w1))
			want := 1 / math.Sqrt(1+math.Pow(x, float64(2*n)))
			if got := cmplx.Abs(response(secs, f, fs)); math.Abs(got-want) > 1e-9 {
				t.Errorf("order %d, %g Hz: |H| %.12g, want %.12g", n, f, got, want)
			}
		}
	}
}

// filtfilt passes a sinusoid in the band unchanged (zero phase, |H|² ≈
// 1) and removes one far outside it.
func TestFiltfilt(t *testing.T) {
	const fs = 1000.0
	secs := butterBandpass(4, 5, 100, fs)
	n := 2000
	in, out := make([]float64, n), make([]float64, n)
	for i := range in {
		in[i] = math.Sin(2*math.Pi*30*float64(i)/fs) + 0.7
		out[i] = math.Sin(2 * math.Pi * 400 * float64(i) / fs)
	}
	y := filtfilt(secs, in)
	g := cmplx.Abs(response(secs, 30, fs))
	// The 5 Hz edge rings for some hundreds of ms after the ends.
	for i := 800; i < n-800; i++ {
		want := g * g * math.Sin(2*math.Pi*30*float64(i)/fs)
		if math.Abs(y[i]-want) > 1e-4 {
			t.Fatalf("sample %d: %.9g, want %.9g", i, y[i], want)
		}
	}
	z := filtfilt(secs, out)
	for i := 800; i < n-800; i++ {
		if math.Abs(z[i]) > 1e-3 {
			t.Fatalf("400 Hz kept: sample %d is %g", i, z[i])
		}
	}
}

// The analytic signal of a cosine of whole cycles is e^{iωt}; its
// generalized phase is the phase ωt, and its instantaneous frequency ω.
func TestAnalyticAndGeneralizedPhase(t *testing.T) {
	const fs, f = 1000.0, 12.5
	n := 800
	x := make([]float64, n)
	for i := range x {
		x[i] = 3 * math.Cos(2*math.Pi*f*float64(i)/fs+0.4)
	}
	fft := fourier.NewCmplxFFT(n)
	a := analytic(fft, x, make([]complex128, n))
	for i, v := range a {
		want := cmplx.Rect(3, 2*math.Pi*f*float64(i)/fs+0.4)
		if cmplx.Abs(v-want) > 1e-9 {
			t.Fatalf("sample %d: %v, want %v", i, v, want)
		}
	}
	wt := generalizedPhase([][]complex128{a}, fs, 5)
	for i := range n - 1 {
		if math.Abs(wt[0][i]-f) > 1e-6 {
			t.Fatalf("instantaneous frequency at %d: %g, want %g", i, wt[0][i], f)
		}
		want := math.Remainder(2*math.Pi*f*float64(i)/fs+0.4, 2*math.Pi)
		if d := math.Remainder(cmplx.Phase(a[i])-want, 2*math.Pi); math.Abs(d) > 1e-9 {
			t.Fatalf("phase at %d off by %g", i, d)
		}
	}
	// A reversed rotation is made positive.
	b := analytic(fft, x, make([]complex128, n))
	for i := range b {
		b[i] = cmplx.Conj(b[i])
	}
	wt = generalizedPhase([][]complex128{b}, fs, 5)
	if math.Abs(wt[0][10]-f) > 1e-6 {
		t.Errorf("conjugate signal: frequency %g, want %g", wt[0][10], f)
	}
}

// A phase that stalls (a "negative frequency" episode) is replaced over
// the episode by an interpolation that keeps the phase advancing.
func TestGeneralizedPhaseStitches(t *testing.T) {
	const fs = 1000.0
	n := 400
	x := make([]complex128, n)
	ph := 0.0
	for i := range x {
		step := 2 * math.Pi * 10 / fs
		if i >= 200 && i < 210 {
			step = -2 * math.Pi * 5 / fs // runs backwards for 10 ms
		}
		ph += step
		x[i] = cmplx.Rect(1, ph)
	}
	generalizedPhase([][]complex128{x}, fs, 5)
	for i := 1; i < n; i++ {
		d := math.Remainder(cmplx.Phase(x[i])-cmplx.Phase(x[i-1]), 2*math.Pi)
		if d <= 0 {
			t.Fatalf("phase does not advance at sample %d (step %g)", i, d)
		}
	}
}

// pchip reproduces a straight line and stays monotone between knots.
func TestPchip(t *testing.T) {
	kx := []float64{0, 2, 3, 7, 9}
	ky := []float64{1, 5, 7, 15, 19} // y = 2x + 1
	y := make([]float64, 12)
	pchip(kx, ky, func(int) bool { return true }, y)
	for i, v := range y {
		if math.Abs(v-(2*float64(i)+1)) > 1e-12 {
			t.Errorf("x=%d: %g, want %g", i, v, 2*float64(i)+1)
		}
	}
	ky = []float64{0, 0, 1, 1, 1}
	pchip(kx, ky, func(int) bool { return true }, y[:10])
	for i := 1; i < 10; i++ {
		if y[i] < y[i-1]-1e-12 {
			t.Errorf("not monotone at %d: %g after %g", i, y[i], y[i-1])
		}
	}
}

// filtfilt gives SciPy's sosfiltfilt of the same Butterworth band-pass
// on a random walk (testdata/filtfilt_scipy.py): the same design, padding
// and initial states, so the same numbers up to rounding.
func TestFiltfiltScipy(t *testing.T) {
	b, err := os.ReadFile("testdata/filtfilt.json")
	if err != nil {
		t.Fatal(err)
	}
	var d struct{ X, Y []float64 }
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	y := filtfilt(butterBandpass(4, 5, 100, 1000), d.X)
	var worst float64
	for i := range y {
		worst = max(worst, math.Abs(y[i]-d.Y[i]))
	}
	if worst > 1e-9 {
		t.Errorf("largest difference from SciPy %g", worst)
	}
}
