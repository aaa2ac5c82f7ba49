// Package learn holds the learning rules of brainsim's "train" mode:
// rate-coded units trained epoch by epoch on a [dataset.Set], with no
// spiking and no config parsing. All state is float32; randomness (the
// weight draw and the order of the patterns in every epoch) comes from a
// caller's *rand.Rand (math/rand/v2), so a seed fixes every weight.
//
// Units. Inputs x, outputs y and targets t are dimensionless rates
// (typically 0/1 or pixel intensities in [0,1]); weights w and biases b
// are dimensionless gains; the learning rate η (lr) is dimensionless, per
// pattern (online rules) or per minibatch mean (MLP); an epoch is one
// pass over the set. Losses are per pattern, averaged over the set: the
// squared error in squared output units, the cross-entropy in nats.
//
// # Targets
//
// A learner with K outputs takes its targets from the set's Targets when
// TargetCols = K, otherwise from the labels Y: the 0/1 value Y[i] when
// K = 1 (two classes), else Y[i] one-hot over K = Classes units. The
// softmax output always uses the labels. A set that fits none of these,
// or has the wrong number of inputs, makes the learner panic with a
// "learn: " message.
//
// # Perceptron (Rosenblatt 1958)
//
//	y_k = H(b_k + Σ_i w_ki x_i),  H(u) = 1 if u > 0 else 0
//	w_ki += η (t_k - y_k) x_i,    b_k += η (t_k - y_k)
//
// applied online, one pattern at a time in a shuffled order, weights
// starting at zero. [Perceptron.Train] stops after the first epoch with
// every pattern right; by the convergence theorem that happens for any
// linearly separable set (AND, OR), and never for XOR, where at most 3
// of the 4 patterns can be right (Minsky & Papert 1969).
//
// # Delta rule (Widrow & Hoff 1960, LMS)
//
//	y_k = b_k + Σ_i w_ki x_i                   (linear units)
//	E   = ½ Σ_k (t_k - y_k)²                   (per pattern)
//	w_ki += η (t_k - y_k) x_i = -η ∂E/∂w_ki,   b_k += η (t_k - y_k)
//
// online, a stochastic gradient descent on the squared error towards
// the least-squares weights; it is stable for η < 2/λ_max of the input
// autocorrelation (inputs augmented with the bias input 1). Accuracy
// thresholds y at 0.5 (or takes the argmax over several units when the
// set only has labels).
//
// # MLP (back-propagation, Rumelhart, Hinton & Williams 1986)
//
// Layers l = 1..L with a^0 = x, z^l = W^l a^(l-1) + b^l, a^l = f(z^l)
// for hidden layers (f = sigmoid, tanh or ReLU) and a^L = g(z^L) for the
// output, with the loss per pattern
//
//	Softmax:    g_k = e^(z_k) / Σ_j e^(z_j),  L = -ln a_y        (nats)
//	SigmoidMSE: g = 1/(1+e^(-z)),             L = ½ Σ_k (a_k - t_k)²
//	LinearMSE:  g(z) = z,                     L = ½ Σ_k (a_k - t_k)²
//
// Back-propagation: δ^L = a^L - t for softmax/CE and linear/MSE,
// δ^L = (a^L - t) ⊙ a^L ⊙ (1 - a^L) for sigmoid/MSE;
// δ^l = (W^(l+1))ᵀ δ^(l+1) ⊙ f'(z^l), with f' = a(1-a), 1-a² or [z>0];
// ∂L/∂W^l = δ^l (a^(l-1))ᵀ, ∂L/∂b^l = δ^l. Over a minibatch B the
// gradient g is the mean over its patterns, and SGD with momentum μ:
//
//	v ← μ v - η g,   w ← w + v
//
// Weights start uniform in ±√(6/(n_in+n_out)) (Glorot & Bengio 2010)
// for sigmoid/tanh, ±√(6/n_in) (He et al. 2015) for ReLU layers; biases
// at zero. The matrix work is plain float32 loops over rows, which is
// what these small problems need; after the buffers are sized on the
// first call, training allocates nothing per minibatch.
package learn
