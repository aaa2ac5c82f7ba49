package rl

import (
	"errors"
	"math"
	"math/rand/v2"
)

// Bandit is an n-armed bandit testbed (Sutton & Barto 2018, §2.3): arm
// means drawn from N(0, 1), a pull of arm a pays N(Mean[a], 1). With
// Drift > 0 it is non-stationary: after every pull each mean takes an
// independent N(0, Drift²) step (§2.5, exercise 2.5).
type Bandit struct {
	Mean  []float64
	Drift float64
}

// NewBandit draws a testbed of arms arms.
func NewBandit(arms int, drift float64, rng *rand.Rand) *Bandit {
	b := &Bandit{Mean: make([]float64, arms), Drift: drift}
	for i := range b.Mean {
		b.Mean[i] = rng.NormFloat64()
	}
	return b
}

// Best is the arm with the highest mean now (the first on ties).
func (b *Bandit) Best() int { return argmax(b.Mean) }

// Pull returns the reward of arm a and, with drift, moves the means.
func (b *Bandit) Pull(a int, rng *rand.Rand) float64 {
	r := b.Mean[a] + rng.NormFloat64()
	if b.Drift > 0 {
		for i := range b.Mean {
			b.Mean[i] += b.Drift * rng.NormFloat64()
		}
	}
	return r
}

// Learner chooses actions in a single-state task and learns from the
// reward of its choice.
type Learner interface {
	Act(rng *rand.Rand) int
	Learn(a int, r float64)
}

// Actor is an actor's kind: Softmax preferences or Go/NoGo channels.
type Actor int

const (
	Softmax Actor = iota
	GoNoGo
)

// ActorCritic is a bandit actor-critic. The critic is a running estimate
// V of the reward (learning rate CriticLR); its prediction error δ = r − V
// is the dopamine signal. The softmax actor moves the preferences by the
// policy gradient, H[a] += LR·δ·(1 − π(a)) for the chosen arm and
// H[b] −= LR·δ·π(b) for the others (the gradient bandit of Sutton & Barto
// §2.8); the Go/NoGo actor adds LR·δ to the chosen arm's Go weight when
// δ > 0 and LR·|δ| to its NoGo weight when δ < 0. Either chooses with
// π(a) ∝ exp(β·(H[a] or Go[a] − NoGo[a])). The inverse temperature
// grows with confidence as pulls accumulate, β = Beta·√(1 + t/BetaTau)
// after t pulls (BetaTau 0: β = Beta throughout): careful sampling early,
// commitment later.
type ActorCritic struct {
	Kind                        Actor
	LR, CriticLR, Beta, BetaTau float64
	V                           float64
	H, Go, NoGo                 []float64
	pi                          []float64
	t                           int // pulls learned from
}

// NewActorCritic returns a bandit actor-critic for arms arms.
func NewActorCritic(kind Actor, arms int, lr, criticLR, beta float64) *ActorCritic {
	return &ActorCritic{Kind: kind, LR: lr, CriticLR: criticLR, Beta: beta,
		H: make([]float64, arms), Go: make([]float64, arms), NoGo: make([]float64, arms), pi: make([]float64, arms)}
}

// policy fills ac.pi with the softmax of the preferences.
func (ac *ActorCritic) policy() []float64 {
	if ac.Kind == GoNoGo {
		for i := range ac.H {
			ac.H[i] = ac.Go[i] - ac.NoGo[i]
		}
	}
	softmaxTo(ac.pi, ac.H, annealed(ac.Beta, ac.BetaTau, ac.t))
	return ac.pi
}

// annealed is the inverse temperature beta·√(1 + t/tau) (beta for tau 0).
func annealed(beta, tau float64, t int) float64 {
	if tau <= 0 {
		return beta
	}
	return beta * math.Sqrt(1+float64(t)/tau)
}

// Act draws an arm from the policy.
func (ac *ActorCritic) Act(rng *rand.Rand) int { return sample(ac.policy(), rng) }

// Learn takes reward r of arm a: the critic's δ trains critic and actor.
func (ac *ActorCritic) Learn(a int, r float64) {
	defer func() { ac.t++ }()
	d := r - ac.V
	ac.V += ac.CriticLR * d
	switch ac.Kind {
	case GoNoGo:
		if d > 0 {
			ac.Go[a] += ac.LR * d
		} else {
			ac.NoGo[a] -= ac.LR * d
		}
	default:
		pi := ac.policy()
		for i := range ac.H {
			if i == a {
				ac.H[i] += ac.LR * d * (1 - pi[i])
			} else {
				ac.H[i] -= ac.LR * d * pi[i]
			}
		}
	}
}

// QLearner is ε-greedy action-value learning on a bandit: with
// probability Epsilon a uniformly random arm, else an arm of highest Q
// (ties broken at random); Q[a] += α·(r − Q[a]) with α = LR, or 1/n(a)
// (sample averages, Sutton & Barto §2.4) when LR is 0.
type QLearner struct {
	Epsilon, LR float64
	Q           []float64
	N           []int
}

// NewQLearner returns an ε-greedy learner for arms arms, Q = 0.
func NewQLearner(arms int, epsilon, lr float64) *QLearner {
	return &QLearner{Epsilon: epsilon, LR: lr, Q: make([]float64, arms), N: make([]int, arms)}
}

// Act chooses ε-greedily.
func (q *QLearner) Act(rng *rand.Rand) int {
	if rng.Float64() < q.Epsilon {
		return rng.IntN(len(q.Q))
	}
	return greedy(q.Q, rng)
}

// Learn moves Q[a] toward r.
func (q *QLearner) Learn(a int, r float64) {
	q.N[a]++
	lr := q.LR
	if lr == 0 {
		lr = 1 / float64(q.N[a])
	}
	q.Q[a] += lr * (r - q.Q[a])
}

// BanditRun is what one run on a bandit gave.
type BanditRun struct {
	// Optimal is the fraction of the last Window pulls that chose the
	// arm best at the time; MeanReward the mean reward of those pulls.
	Optimal, MeanReward float64
	Window              int
}

// RunBandit runs learner l for steps pulls on b and scores the last
// window pulls (window ≤ 0: the last tenth, at least 1).
func RunBandit(b *Bandit, l Learner, steps, window int, rng *rand.Rand) (BanditRun, error) {
	if steps < 1 || len(b.Mean) < 2 {
		return BanditRun{}, errors.New("rl: a bandit run needs steps >= 1 and at least 2 arms")
	}
	if window <= 0 {
		window = max(1, steps/10)
	}
	window = min(window, steps)
	out := BanditRun{Window: window}
	for t := range steps {
		best := b.Best()
		a := l.Act(rng)
		r := b.Pull(a, rng)
		l.Learn(a, r)
		if t >= steps-window {
			if a == best {
				out.Optimal++
			}
			out.MeanReward += r
		}
	}
	out.Optimal /= float64(window)
	out.MeanReward /= float64(window)
	return out, nil
}

// softmaxTo sets dst to the softmax of beta·h.
func softmaxTo(dst, h []float64, beta float64) {
	m := math.Inf(-1)
	for _, x := range h {
		m = max(m, beta*x)
	}
	s := 0.0
	for i, x := range h {
		dst[i] = math.Exp(beta*x - m)
		s += dst[i]
	}
	for i := range dst {
		dst[i] /= s
	}
}

// sample draws an index from the distribution p.
func sample(p []float64, rng *rand.Rand) int {
	u := rng.Float64()
	for i, x := range p {
		u -= x
		if u < 0 {
			return i
		}
	}
	return len(p) - 1
}

// greedy returns an index of the largest element of q, ties broken
// uniformly at random.
func greedy(q []float64, rng *rand.Rand) int {
	best, n := 0, 0
	for i, x := range q {
		switch {
		case n == 0 || x > q[best]:
			best, n = i, 1
		case x == q[best]:
			n++
			if rng.IntN(n) == 0 {
				best = i
			}
		}
	}
	return best
}
