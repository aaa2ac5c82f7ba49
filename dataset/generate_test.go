package dataset

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestLogic(t *testing.T) {
	t.Parallel()
	inputs := []float32{0, 0, 0, 1, 1, 0, 1, 1}
	for _, tt := range []struct {
		set  Set
		want []int
	}{
		{XOR(), []int{0, 1, 1, 0}},
		{AND(), []int{0, 0, 0, 1}},
		{OR(), []int{0, 1, 1, 1}},
	} {
		if err := tt.set.Validate(); err != nil {
			t.Error(err)
		}
		if !slices.Equal(tt.set.X, inputs) || !slices.Equal(tt.set.Y, tt.want) || tt.set.Classes != 2 {
			t.Errorf("%s: X %v Y %v classes %d, want X %v Y %v classes 2",
				tt.set.Name, tt.set.X, tt.set.Y, tt.set.Classes, inputs, tt.want)
		}
	}
}

func TestParity(t *testing.T) {
	t.Parallel()
	for n := 1; n <= 10; n++ {
		s := Parity(n)
		if err := s.Validate(); err != nil {
			t.Fatal(err)
		}
		if s.Len() != 1<<n {
			t.Fatalf("Parity(%d): %d patterns, want %d", n, s.Len(), 1<<n)
		}
		odd := 0
		for i := range s.Len() {
			v, ones := 0, 0
			for _, x := range s.Row(i) {
				v = v<<1 | int(x)
				ones += int(x)
			}
			if v != i || s.Y[i] != ones%2 {
				t.Fatalf("Parity(%d) pattern %d: row %v label %d", n, i, s.Row(i), s.Y[i])
			}
			odd += s.Y[i]
		}
		// Exactly half of all n-bit words have odd weight.
		if odd != 1<<(n-1) {
			t.Errorf("Parity(%d): %d odd patterns, want %d", n, odd, 1<<(n-1))
		}
	}
}

func TestEncoder(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		n    int
		name string
	}{{4, "4-2-4"}, {4, "4-3-4"}, {8, "8-3-8"}, {40, "40-10-40"}, {5, ""}} {
		s := Encoder(tt.n, tt.name)
		if err := s.Validate(); err != nil {
			t.Fatal(err)
		}
		if want := tt.name; want != "" && s.Name != want || want == "" && s.Name != "encoder-5" {
			t.Errorf("name %q", s.Name)
		}
		if s.Len() != tt.n || s.Cols != tt.n || s.TargetCols != tt.n {
			t.Fatalf("%s: %d×%d targets %d, want %d×%d", s.Name, s.Len(), s.Cols, s.TargetCols, tt.n, tt.n)
		}
		for i := range tt.n {
			for j, x := range s.Row(i) {
				want := float32(0)
				if i == j {
					want = 1
				}
				if x != want || s.Target(i)[j] != want {
					t.Fatalf("%s: pattern %d component %d: input %v target %v, want %v", s.Name, i, j, x, s.Target(i)[j], want)
				}
			}
			if s.Y[i] != i {
				t.Errorf("%s: label %d, want %d", s.Name, s.Y[i], i)
			}
		}
	}
}

// sampleCovCheck checks the sample second moments of the zero-mean set
// against cov. The estimate of cov[i][j] from n samples has variance
// (cov[i][i]·cov[j][j] + cov[i][j]²)/n (Isserlis' theorem), so 5 standard
// deviations keeps the false-failure rate per entry below 1e-6.
func sampleCovCheck(t *testing.T, s Set, cov [][]float64) {
	t.Helper()
	d, n := len(cov), float64(s.Len())
	for i := range d {
		for j := range d {
			var sum float64
			for r := range s.Len() {
				sum += float64(s.Row(r)[i]) * float64(s.Row(r)[j])
			}
			got := sum / n
			tol := 5 * math.Sqrt((cov[i][i]*cov[j][j]+cov[i][j]*cov[i][j])/n)
			if math.Abs(got-cov[i][j]) > tol {
				t.Errorf("sample cov[%d][%d] = %.4f, want %.4f ± %.4f", i, j, got, cov[i][j], tol)
			}
		}
	}
}

func TestGaussian2D(t *testing.T) {
	t.Parallel()
	a, b, c := 2.0, 0.8, 1.0
	cov := [][]float64{{a, b}, {b, c}}
	s, pc1, err := Gaussian(cov, 20000, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	sampleCovCheck(t, s, cov)
	// Closed form for a symmetric 2×2 matrix: λ1 = (a+c)/2 + sqrt(((a-c)/2)² + b²),
	// eigenvector (b, λ1-a), normalised; both components positive here.
	l1 := (a+c)/2 + math.Sqrt((a-c)*(a-c)/4+b*b)
	v := []float64{b, l1 - a}
	norm := math.Hypot(v[0], v[1])
	for k := range v {
		if got, want := pc1[k], v[k]/norm; math.Abs(got-want) > 1e-9 {
			t.Errorf("pc1[%d] = %.15f, want %.15f", k, got, want)
		}
	}
}

func TestGaussian3D(t *testing.T) {
	t.Parallel()
	// cov = Q diag(5, 2, 1) Qᵀ with the orthonormal columns (1,2,2)/3,
	// (2,1,-2)/3, (2,-2,1)/3, so pc1 = (1,2,2)/3 exactly.
	q := [3][3]float64{{1, 2, 2}, {2, 1, -2}, {2, -2, 1}} // columns as rows
	lam := [3]float64{5, 2, 1}
	cov := make([][]float64, 3)
	for i := range 3 {
		cov[i] = make([]float64, 3)
		for j := range 3 {
			for k := range 3 {
				cov[i][j] += lam[k] * q[k][i] * q[k][j] / 9
			}
		}
	}
	s, pc1, err := Gaussian(cov, 20000, rand.New(rand.NewPCG(2, 3)))
	if err != nil {
		t.Fatal(err)
	}
	sampleCovCheck(t, s, cov)
	for k, want := range []float64{1.0 / 3, 2.0 / 3, 2.0 / 3} {
		if math.Abs(pc1[k]-want) > 1e-9 {
			t.Errorf("pc1[%d] = %.15f, want %.15f", k, pc1[k], want)
		}
	}
	// The same seed gives the same samples.
	s2, _, _ := Gaussian(cov, 20000, rand.New(rand.NewPCG(2, 3)))
	if !slices.Equal(s.X, s2.X) {
		t.Errorf("same seed gave different samples")
	}
}

func TestGaussianErrors(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 1))
	for _, tt := range []struct {
		name string
		cov  [][]float64
		n    int
		want string
	}{
		{"empty", nil, 10, "empty"},
		{"ragged", [][]float64{{1, 0}, {0}}, 10, "row 1 has 1 entries"},
		{"asymmetric", [][]float64{{1, 0.5}, {0.2, 1}}, 10, "not symmetric"},
		{"not positive definite", [][]float64{{1, 2}, {2, 1}}, 10, "not positive definite"},
		{"singular", [][]float64{{1, 1}, {1, 1}}, 10, "not positive definite"},
		{"NaN", [][]float64{{math.NaN()}}, 10, "NaN"},
		{"negative n", [][]float64{{1}}, -1, "negative sample count"},
	} {
		_, _, err := Gaussian(tt.cov, tt.n, rng)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}
