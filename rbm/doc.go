// Package rbm holds restricted Boltzmann machines (RBMs) trained by
// contrastive divergence, and deep belief nets (DBNs) stacked from them,
// for brainsim's "train" mode. State is float32; every matrix product
// goes through internal/gemm.
//
// # Model
//
// An [RBM] has visible units v_j (j < Visible) and hidden units h_i
// (i < Hidden), binary, with weights W (stored Hidden × Visible,
// W[i*Visible+j] = W_ij), visible biases b = VBias and hidden biases
// c = HBias, all dimensionless. The energy and the free energy are
//
//	E(v,h) = -bᵀv - cᵀh - hᵀWv
//	F(v)   = -bᵀv - Σ_i ln(1 + e^(c_i + Σ_j W_ij v_j)),  p(v) = e^(-F(v)) / Z
//
// ([RBM.FreeEnergy]) and the conditionals factorise:
//
//	p(h_i=1 | v) = σ(c_i + Σ_j W_ij v_j)   ([RBM.HiddenProbs])
//	p(v_j=1 | h) = σ(b_j + Σ_i W_ij h_i)   ([RBM.VisibleProbs])
//
// with σ(x) = 1/(1+e^-x). With Labels = K > 0 the last K visible units
// are one softmax group (a one-hot class code, Hinton, Osindero & Teh
// 2006): p(v_k=1 | h) = e^(b_k + Σ_i W_ik h_i) / Σ_k' e^(…), sampled as
// one 1-of-K draw. Data values in [0,1] (MNIST intensities) are used as
// the probabilities of binary visible units, as in the 2006 paper.
//
// # Training: CD-k and PCD-k
//
// [RBM.Train] follows the minibatch gradient of the log-likelihood,
// approximated by contrastive divergence (Hinton 2002):
//
//	ΔW_ij = ε (<v_j h_i>_data - <v_j h_i>_model) / n - ε λ W_ij
//	Δb_j  = ε (<v_j>_data - <v_j>_model) / n
//	Δc_i  = ε (<h_i>_data - <h_i>_model) / n
//
// summed over the n patterns of a minibatch, with momentum μ
// (velocity v ← μ v + Δ, parameters += v) and L2 weight decay λ on the
// weights only. Defaults ([DefaultOptions]) are those of Hinton's "A
// practical guide to training restricted Boltzmann machines" (UTML TR
// 2010-003): ε = 0.1, minibatches of 100, μ = 0.5 for 5 epochs then 0.9,
// λ = 2·10⁻⁴, weights from N(0, 0.01²), visible biases
// ln(p_j/(1-p_j)) ([RBM.SetVisibleBiases]).
//
// Probabilities versus samples, following the guide (sections 3.1-3.4):
//
//   - data phase: v⁰ = the data (intensities); the statistics use the
//     probabilities p(h|v⁰), never samples;
//   - the hidden states that drive a reconstruction are binary samples
//     h ~ p(h|v) (section 3.1: they act as an information bottleneck);
//   - CD-k: the reconstructions v^t = p(v|h^(t-1)) are probabilities
//     (section 3.2), the hidden states between steps are samples, and
//     the negative statistics use the probabilities of both v^k and the
//     last hidden update p(h|v^k) (section 3.3);
//   - PCD-k (Tieleman 2008): Batch persistent chains keep binary hidden
//     states across minibatches and epochs; each step samples
//     v ~ p(v|h) as binary states (one-hot labels) and then
//     h ~ p(h|v); the negative statistics use the sampled v and
//     p(h|v). This is also what scikit-learn's BernoulliRBM does.
//
// The reconstruction error Train reports per epoch is the mean over
// patterns of Σ_j (v⁰_j - v¹_j)², v¹ = p(v | h), h ~ p(h|v⁰) (in PCD a
// separate reconstruction). It is a rough monitor, not the objective
// (guide, section 5). [RBM.ReconError] is its sampling-free variant.
//
// Sampling uses a PCG stream (math/rand/v2) seeded from Options.Rng, with
// 24-bit uniforms, two per draw: a seed fixes every weight, on a given
// build (the AVX-512 and generic kernels round differently).
//
// # Deep belief nets
//
// A [DBN] (Hinton, Osindero & Teh 2006) stacks RBMs. [DBN.Pretrain]
// trains them greedily, bottom-up: layer l+1 on the hidden probabilities
// p(h|v) of layer l ([RBM.Features]); the top RBM's visible layer is the
// penultimate layer joined with Classes softmax label units (the paper's
// 784-500-500-2000 net has a 510↔2000 top RBM). Then:
//
//   - classification ([DBN.Classify]): a deterministic up-pass of
//     probabilities gives u; the label is argmin_y F(u, y) of the top
//     RBM, the exact argmax of p(y|u);
//   - generation ([DBN.Generate], [Dream]): the label unit is clamped,
//     the top RBM runs alternating Gibbs sampling for many sweeps
//     ([RBM.Gibbs]), and the penultimate probabilities of the last sweep
//     go down through the lower RBMs as p(v|h), to pixel intensities;
//   - fine-tuning ([DBN.MLP]): the stack becomes a learn.MLP with sigmoid
//     hidden layers and a softmax output (initialised from the top RBM's
//     label weights), trained by back-propagation.
//
// For generation, train the top RBM with PCD after CD-1
// ([DBN.TopSet] gives its training set): CD-1 alone leaves spurious
// modes far from the data, into which label-clamped chains drift.
package rbm
