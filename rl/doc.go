// Package rl holds reinforcement learning in the brain's terms: a
// temporal-difference critic whose prediction error is the phasic
// dopamine signal, actors that turn that signal into choices, and the
// classic tasks they are measured on.
//
// # The critic and dopamine
//
// TD is a TD(λ) critic over a complete serial compound (tapped delay
// line) stimulus representation (Montague, Dayan & Sejnowski 1996): a
// stimulus that came on k steps ago activates feature k only, so the
// prediction V(t) = w[k] has one weight per post-cue time step. The
// prediction error
//
//	δ(t) = r(t) + γ·V(t) − V(t−1)
//
// is the dopamine level of the model: positive is a burst above baseline,
// negative a pause. Learning is w ← w + α·δ(t)·e with the eligibility
// trace e ← γλ·e + x(t−1) (x the one-hot feature vector); λ = 0 is TD(0).
//
// # Actors
//
// Bandit and Grid learners choose with a softmax over action preferences
// (inverse temperature β), or with Go/NoGo striatal channels: a positive δ
// strengthens the chosen action's Go weight, a negative δ its NoGo weight,
// and the softmax acts on Go − NoGo (after Frank 2005). Both are trained
// by the critic's δ (actor-critic; Barto, Sutton & Anderson 1983). The
// inverse temperature can grow with confidence, β·√(1 + t/BetaTau) after
// t learning steps: sample carefully early, commit later.
// ε-greedy Q-learning (Watkins 1989) is the baseline.
//
// # Tasks
//
//   - Conditioning: trials of Steps time steps, a cue from step Cue to the
//     end of the trial, a reward at RewardStep; omission trials and
//     extinction (the protocol of Montague et al. 1996 as PsyNeuLink
//     recreates it: 60 steps, cue at 41, reward at 54, α = 0.3).
//   - Bandit: the n-armed testbed of Sutton & Barto (2018, §2.3): arm
//     means ~ N(0,1), rewards ~ N(mean,1); optionally drifting (every mean
//     takes a N(0, drift²) random-walk step after every pull, §2.5).
//   - Grid: a deterministic grid world with walls, a start and a goal
//     (reward 1 on reaching it, discount γ), and its breadth-first shortest
//     path to compare the greedy policy's path with.
//
// Randomness is injected: every function that draws takes a *rand.Rand.
package rl
