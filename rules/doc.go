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
// The tasks they run on are package tasks. Importing this package
// registers the rules.
package rules
