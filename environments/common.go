package environments

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/brainsim/brainsim/cortex"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/units"
)

// Table is a result table.
type Table = registry.Table

// wholeSteps converts a time to whole steps, or reports (at key) that it
// is not a multiple of dt.
func wholeSteps(c *registry.Check, key string, t *units.Time, what string) (int64, bool) {
	if t == nil {
		return 0, false
	}
	s := float64(*t) / c.Dt
	if !(s >= 0) || math.Abs(s-math.Round(s)) > 1e-6 {
		c.Errf(key, "%s %s is not a whole number of steps of dt (%s)", what, *t, units.Time(c.Dt))
		return 0, false
	}
	return int64(math.Round(s)), true
}

// pop checks a population reference of key: it exists, is a rate
// population (or one of the other models given) and, when size >= 0, has
// that many units.
func pop(c *registry.Check, key, ref string, size int, models ...string) *registry.PopRef {
	if len(models) == 0 {
		models = []string{"rate"}
	}
	p := c.Pop(key, ref)
	if p == nil || p.Model == nil {
		return nil
	}
	if !slices.Contains(models, p.Model.Name) {
		c.Errf(key, "%q is a %s population; the environment drives %s populations here", ref, p.Model.Name, strings.Join(models, " or "))
		return nil
	}
	if size >= 0 && p.Size >= 0 && p.Size != size {
		c.Errf(key, "%q has %d units, want %d", ref, p.Size, size)
	}
	return p
}

// trialCheck checks the times of a trial-based environment.
type trialCheck struct {
	c     *registry.Check
	t     *units.Time // the trial
	trial int64       // steps per trial; 0 when unknown
}

// newTrialCheck checks the trial key: given, whole steps, at least 2.
func newTrialCheck(c *registry.Check, trial *units.Time) *trialCheck {
	tc := &trialCheck{c: c, t: trial}
	if trial == nil {
		c.Errf("trial", "required, the length of a trial, e.g. trial = \"60ms\"")
	} else if s, ok := wholeSteps(c, "trial", trial, "trial"); ok {
		if s < 2 {
			c.Errf("trial", "a trial needs at least 2 steps, got %s", *trial)
		}
		tc.trial = s
	}
	return tc
}

// inTrial checks a time within the trial and returns it in steps (-1
// when missing or bad).
func (tc *trialCheck) inTrial(key string, t *units.Time, required bool) int64 {
	if t == nil {
		if required {
			tc.c.Errf(key, "required")
		}
		return -1
	}
	s, ok := wholeSteps(tc.c, key, t, key)
	if ok && tc.trial > 0 && s >= tc.trial {
		tc.c.Errf(key, "%s is not within the trial (%s)", *t, *tc.t)
		return -1
	}
	if !ok {
		return -1
	}
	return s
}

// betaWindow checks the choice temperature and the scoring window.
func betaWindow(c *registry.Check, beta float64, window *int) {
	if !(beta >= 0) || math.IsInf(beta, 0) {
		c.Errf("beta", "must be finite and >= 0, got %v", beta)
	}
	if window != nil && *window < 1 {
		c.Errf("window", "must be >= 1, got %d", *window)
	}
}

// choose draws an action from softmax(beta·pref), pi its scratch (one
// per action), and returns it and the most preferred action (the first on
// ties): an actor population's choice in the bandit and grid world, beta
// the inverse temperature beta·(1 + confidence).
func choose(pref []float32, beta float64, pi []float64, rng *rand.Rand) (choice, top int) {
	hi := math.Inf(-1)
	for _, h := range pref {
		hi = max(hi, beta*float64(h))
	}
	sum := 0.0
	for i, h := range pref {
		pi[i] = math.Exp(beta*float64(h) - hi)
		sum += pi[i]
	}
	u := rng.Float64() * sum
	choice = len(pi) - 1
	for i, p := range pi {
		if u < p {
			choice = i
			break
		}
		u -= p
	}
	for i, h := range pref {
		if h > pref[top] {
			top = i
		}
	}
	return choice, top
}

// nanNull turns NaN into nil (a table cell without a value).
func nanNull(x float64) any {
	if math.IsNaN(x) {
		return nil
	}
	return x
}

// machine runs a protocol written as a state machine: step acts and
// returns the steps to simulate before it acts again, or false when the
// protocol is done. Its place is in the environment's fields, so a
// checkpoint saves it.
type machine struct {
	Next     int64 // step at which step is called again
	Finished bool
}

// start adds step as an operation of the network, every `every` steps.
func (m *machine) start(net *cortex.Network, name string, every int64, step func() (int64, bool)) error {
	return net.AddOperation(cortex.Operation{Name: name, Every: every, Run: func(s int64) error {
		if m.Finished {
			return cortex.ErrStop
		}
		if s < m.Next {
			return nil
		}
		n, ok := step()
		if !ok {
			m.Finished = true
			return cortex.ErrStop
		}
		m.Next = s + n
		return nil
	}})
}

// median returns the median of xs (the mean of the two middle values for
// an even count); 0 for none. xs is left as it is.
func median(xs []int) float64 {
	if len(xs) == 0 {
		return 0
	}
	f := make([]float64, len(xs))
	for i, x := range xs {
		f[i] = float64(x)
	}
	slices.Sort(f)
	k := len(f) / 2
	if len(f)%2 == 1 {
		return f[k]
	}
	return (f[k-1] + f[k]) / 2
}
