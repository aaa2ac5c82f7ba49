// Package tasks holds the data train-mode rules run on, each kind
// registered in [registry] by the file that implements it with its
// parameter struct (the keys of its [[task]] section besides name, data,
// seeds and reference), its checks, the capabilities it provides to rules
// and its loader:
//
//   - and, or, xor, parity, encoder: small pattern sets (logic.go);
//   - mnist, split_mnist: the MNIST digits (mnist.go);
//   - conditioning, bandit, gridworld: reinforcement-learning tasks
//     (rl.go).
//
// Importing this package registers the task kinds.
package tasks
