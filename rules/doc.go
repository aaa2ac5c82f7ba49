// Package rules holds the learning rules of train mode, each registered
// in [registry] by the file that implements it: its parameter struct
// (the keys of its [[rule]] section and their defaults), its checks, the
// tasks it runs on and the training run that reports its metrics.
//
//   - perceptron, delta: Rosenblatt's perceptron and the Widrow-Hoff rule
//     (perceptron.go);
//   - backprop: multilayer perceptrons trained by back-propagation
//     (backprop.go);
//   - competitive: winner-take-all Hebbian features and a softmax readout
//     (competitive.go);
//   - rbm, dbn: restricted Boltzmann machine features, deep belief nets
//     (rbm.go);
//   - boltzmann: the Boltzmann machine of Ackley, Hinton & Sejnowski
//     (boltzmann.go);
//   - td, actor_critic, q_learning: reinforcement learning (rl.go);
//   - sequential, joint, ewc, replay, generative, src, sleep: continual
//     learning on split MNIST (continual.go).
//
// # Networks
//
// A train-mode file may describe the network a classifier rule trains
// with [[region]] populations and [[projection]]s (a [registry.Net]: a
// chain of populations from the input to the output). The rules
// perceptron, delta, backprop, competitive, rbm, dbn and the continual
// rules then take their layer sizes and transfer functions from it, and
// their own layer keys (hidden; backprop's activation and output; the
// continual rules' output) must be left out. At the start of a run the
// input population must have as many units as the task has inputs, and
// the output population as many as the rule uses on the task (one per
// class; one for two classes, or one per target column, for perceptron,
// delta and backprop with an output other than softmax). Each rule asks:
//
//   - perceptron, delta: they train only the last projection, the
//     readout (from zero weights, or from its synapse.weight if given);
//     the earlier projections keep the weights their synapse.weight
//     gives (Rosenblatt's fixed association layers; it must be given),
//     a diagonal for one_to_one (equal sizes), a dense matrix drawn
//     with the run's rng for all_to_all (a constant draws nothing), with
//     biases 0 and the hidden populations' transfer (sigmoid, tanh, relu
//     or linear). The features of the training and test sets are
//     computed once and the rule runs on them as without a network. The
//     output population has transfer linear: the perceptron thresholds
//     its net input itself. An identity network (one_to_one, weight 1,
//     linear) gives exactly the results of the rule without one.
//   - backprop: it trains every projection (all_to_all); the hidden
//     populations have one transfer, sigmoid, tanh or relu (the MLP's
//     activation); the output's transfer picks the output and loss:
//     softmax (cross-entropy), sigmoid (sigmoid_mse) or linear
//     (linear_mse). A projection's synapse.weight, if given, draws its
//     initial weights (with the run's rng) instead of the MLP's default.
//   - competitive: input -> competing units -> readout, all_to_all: the
//     competing population has transfer linear (the units compete by
//     their net input; the rule applies the winner-take-all itself, the
//     winner reporting 1 and the others 0), the output softmax (the
//     softmax readout of the winner code).
//   - rbm: input -> hidden -> readout, all_to_all, the hidden population
//     sigmoid (the firing probabilities of the binary stochastic units,
//     which the readout reads), the output softmax.
//   - dbn: input -> one or more hidden layers -> label units, all_to_all,
//     the hidden populations sigmoid, the output softmax with one unit
//     per class (784-500-500-2000-10 is the 2006 paper's net).
//   - sequential, joint, ewc, replay, src, generative, sleep: the
//     protocol's MLP with the network's hidden layers, all_to_all, the
//     hidden populations relu (no biases), the output relu (squared
//     error) or softmax (cross-entropy); the protocol sets the rest.
//
// Except for backprop and the perceptron's readout, the rules start the
// weights of the projections they train themselves, and synapse.weight
// must be left out. The rules that do not read a network (boltzmann,
// td, actor_critic, q_learning) reject a file that describes one.
//
// The tasks they run on are package tasks. Importing this package
// registers the rules.
package rules
