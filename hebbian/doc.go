// Package hebbian holds rate-based Hebbian learning rules for the train mode:
// Oja's rule, the BCM rule and competitive (winner-take-all) learning. All
// arithmetic is float64; inputs come from dataset.Set (float32, row-major) and
// are widened per sample. Randomness is injected as a *rand.Rand from
// math/rand/v2, so a seed gives the same weights on every machine.
//
// # Oja (Oja 1982)
//
// A linear neuron y = w·x with
//
//	Δw = η y (x − y w).
//
// For zero-mean inputs and small η, w converges to the unit-norm principal
// eigenvector (PC1) of the input covariance, up to sign: the −η y² w term is a
// first-order expansion of Hebbian growth followed by normalisation.
//
// # BCM (Bienenstock, Cooper & Munro 1982)
//
// A rectified neuron y = max(0, w·x) (Linear = true gives y = w·x) with
//
//	Δw = η x y (y − θ),   θ ← θ + (y² − θ)/τ_θ   (per sample),
//
// so the modification threshold θ slides towards ⟨y²⟩ with a time constant of
// τ_θ presentations. Inputs that drive y above θ are potentiated, below θ
// depressed; the fixed points are selective (the neuron answers one pattern
// and is silent for the others). With NonNegative (the default of NewBCM) the
// weights are clipped at 0 after every update, as for excitatory synapses.
// Note that clipping restricts which selective states exist: on the two
// patterns (0,1) and (½,√3/2) of ANCHORS 7b, the only non-negative w silent to
// (½,√3/2) is w = 0, so a clipped neuron can only become selective to
// (½,√3/2) (w → (4,0), y = 2 = θ for p = ½); an unclipped rectified neuron can
// select either pattern.
//
// Selectivity is Bienenstock's index 1 − mean response / max response, which
// for N patterns is at most 1 − 1/N (0.5 for two patterns).
//
// # Competitive learning (Rumelhart & Zipser 1985)
//
// k units with normalised weights; for input x the unit with the largest w·x̂
// wins and only it learns:
//
//	Δw_win = η (x̂ − w_win)
//
// With NormL1 (the original form, for non-negative inputs) x̂ = x/|x|₁ and the
// weights of each unit keep summing to 1; with NormL2 x̂ = x/|x|₂ and w is
// renormalised to unit length after each step, so units cluster by direction
// (suitable for inputs of any sign). Leak > 0 gives Rumelhart & Zipser's
// "leaky learning": losers move too, at rate Leak·η, which rescues dead units.
package hebbian
