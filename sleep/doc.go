// Package sleep holds offline phases against catastrophic forgetting and
// the class-incremental protocols that measure them.
//
// # Protocol
//
// [Protocol] is class-incremental split MNIST: the ten digits in five
// tasks of two ({0,1}, {2,3}, …), learned one after the other by one
// network with a single ten-way output; at test time the network must
// tell all digits seen so far apart, with no task label. The default,
// [SRCProtocol], is the setup of Tadros, Krishnan, Ramyaa & Bazhenov
// (2022, Nat. Commun., "Sleep-like unsupervised replay reduces
// catastrophic forgetting in artificial neural networks"), read from
// their code (tmtadros/SleepReplayConsolidation, MNIST/
// run_class_task_summary.m): a 784-1200-1200-10 ReLU network without
// biases and with a ReLU output under squared error, weights uniform in
// ±0.01, SGD at learning rate 0.1 with momentum 0.5, dropout 0.25,
// batches of 100, two epochs on the first 5000 training images of every
// task.
//
// # Methods
//
//   - [Sequential]: fine-tuning on each task in turn (the lower bound).
//   - [Joint]: after task i, training continues on the union of tasks
//     1..i (the upper bound; stores all data; with Protocol.AllData
//     every training image of those tasks).
//   - [EWC]: elastic weight consolidation (Kirkpatrick et al. 2017), a
//     quadratic penalty λ/2 Σ F_k (w_k − w*_k)² with the diagonal
//     empirical Fisher F summed over the earlier tasks.
//   - [Replay]: a buffer of K stored training images per earlier class is
//     mixed into every later task, repeated to balance the classes.
//   - [SRC]: Sleep Replay Consolidation. After every task the ReLU
//     network runs as a network of integrate-and-fire neurons (membrane
//     decay 0.999 per 1 ms step, reset to 0, no refractory period) driven by Poisson spikes from a random 11×11
//     patch of the mean training image; every layer's input is scaled by
//     α_l from data-based normalisation (Diehl et al. 2015) and its
//     threshold is β_l. Whenever a neuron fires, its weights from
//     neurons that fired in the same step grow by inc·s(w) and those
//     from silent ones shrink by dec·s(w), s(w) = 2(1 − σ(w/0.001)).
//     See [SleepParams] for the constants. [ReproProtocol] and
//     [ReproSleep] are the PyTorch reproduction's variant (softmax
//     cross-entropy, 4000-unit layers, fixed α, factor σ(w), short
//     sleeps), which is the one that reaches the published 68-71%.
//   - [Generative]: generative replay (Shin et al. 2017) from a
//     [Generator], one RBM per class learned. Sampling the RBMs' own
//     Gibbs chains gave one prototype per class (final accuracy 0.58), so
//     a sample draws the hidden pre-activations from a Gaussian fitted to
//     those of the class's images and decodes them through the RBM:
//     an RBM decoder with a Gaussian prior. Only model parameters are
//     kept, no images.
//   - [Sleep]: a wake/sleep schedule. After training on each task alone,
//     the sleep phases of Options.Phases run in order: [PhaseSRC];
//     [PhaseReplay], the hippocampal buffer of K images per class seen
//     replayed in spindles (bursts of episodes, one gradient step each,
//     [SpindleParams]); [PhaseDream], the same with samples of the
//     generative memory; [PhaseDownscale], synaptic downscaling
//     ([Downscale]).
//
// # Measures
//
// [Result] holds the accuracy on every task's test digits after every
// task, the accuracy over all digits seen so far after every task, the
// final accuracy over all ten digits, and the backward transfer
// BWT = 1/(T−1) Σ_{j<T} (R_{T,j} − R_{j,j}) (Lopez-Paz & Ranzato 2017;
// negative = forgetting).
package sleep
