package environments

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/brainsim/brainsim/cortex"
	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/units"
)

// Patterns are the keys of kind patterns: every `present` the input
// population shows the next pattern (order random or sequential) for
// `present` minus `rest`, then 0 for `rest`. data = "gaussian" draws each
// pattern from N(mean, covariance); data = "list" takes the rows of
// `patterns`. A poisson input population fires at max_rate × the pattern
// instead. With `teacher` and `targets` (one row per pattern), the
// teacher population shows the pattern's target at the same time.
type Patterns struct {
	Input      string           `toml:"input,omitempty" doc:"the input population: a rate population shows the pattern, a poisson one fires at max_rate × it (required)"`
	Data       string           `toml:"data,omitempty" doc:"gaussian (drawn from N(mean, covariance)) or list (the rows of patterns) (required)"`
	Order      string           `toml:"order,omitempty" doc:"random or sequential"`
	Present    units.Time       `toml:"present" doc:"a pattern every present"`
	Rest       units.Time       `toml:"rest" doc:"of which the last rest shows 0"`
	Mean       []float64        `toml:"mean" doc:"gaussian: the mean (default 0)"`
	Covariance [][]float64      `toml:"covariance" doc:"gaussian: symmetric positive definite, n x n for n input units (required)"`
	Patterns   [][]float64      `toml:"patterns" doc:"list: one row per pattern (required)"`
	MaxRate    *units.Frequency `toml:"max_rate" doc:"poisson input: the rate of a pattern value 1 (default 100Hz)"`
	Teacher    string           `toml:"teacher,omitempty" doc:"a rate population that shows the target of each pattern (with targets)"`
	Targets    [][]float64      `toml:"targets" doc:"list: one target row per pattern (with teacher)"`
}

// PatternInput implements registry.Patterns.
func (p *Patterns) PatternInput() string { return p.Input }

// PatternCovariance implements registry.Patterns.
func (p *Patterns) PatternCovariance() [][]float64 {
	if p.Data != "gaussian" {
		return nil
	}
	return p.Covariance
}

// PatternList implements registry.Patterns.
func (p *Patterns) PatternList() [][]float64 {
	if p.Data != "list" {
		return nil
	}
	return p.Patterns
}

func init() {
	registry.RegisterEnvironment(registry.Environment{
		Name:       "patterns",
		Doc:        "presents patterns (gaussian or listed) to an input population, one every present",
		Normalizes: true,
		Params:     func() any { return &Patterns{Order: "random", Present: 10} },
		Period:     func(pa any) float64 { return float64(pa.(*Patterns).Present) },
		Check:      checkPatterns,
		Build:      buildPatterns,
	})
}

func checkPatterns(pa any, c *registry.Check) {
	e := pa.(*Patterns)
	in := pop(c, "input", e.Input, -1, "rate", "poisson")
	if e.MaxRate == nil && in != nil && in.Model.Name == "poisson" {
		e.MaxRate = new(units.Frequency(100))
	}
	n := -1
	if in != nil && in.Size >= 0 {
		n = in.Size
	}
	registry.OneOf(c, "data", "", e.Data, []string{"gaussian", "list"})
	registry.OneOf(c, "order", "", e.Order, []string{"random", "sequential"})
	present, okP := wholeSteps(c, "present", &e.Present, "present")
	if okP && present < 1 {
		c.Errf("present", "must be at least dt (%s)", units.Time(c.Dt))
	}
	if rest, ok := wholeSteps(c, "rest", &e.Rest, "rest"); ok && okP && rest >= present {
		c.Errf("rest", "%s leaves no time of the presentation (%s) to show the pattern", e.Rest, e.Present)
	}
	rows := 0
	switch e.Data {
	case "gaussian":
		gaussianPatterns(c, e, n)
	case "list":
		listPatterns(c, e, n)
		rows = len(e.Patterns)
	}
	if in != nil && in.Model.Name == "poisson" {
		poissonPatterns(c, e)
	} else if e.MaxRate != nil {
		c.Errf("max_rate", "applies to a poisson input only")
	}
	if (e.Teacher == "") != (e.Targets == nil) {
		c.Errf("teacher", "teacher and targets go together: the teacher population shows the target of each pattern")
	} else if e.Teacher != "" {
		t := pop(c, "teacher", e.Teacher, -1)
		if e.Data != "list" {
			c.Errf("targets", "targets need data = \"list\" (one target per pattern)")
		} else if len(e.Targets) != rows {
			c.Errf("targets", "%d targets for %d patterns", len(e.Targets), rows)
		}
		for i, row := range e.Targets {
			if t != nil && t.Size >= 0 && len(row) != t.Size {
				c.Errf(fmt.Sprintf("targets[%d]", i), "target %d has %d values for %d teacher units", i, len(row), t.Size)
			}
		}
	}
}

// listPatterns checks the patterns of data = "list" for n input units
// (-1: unknown).
func listPatterns(c *registry.Check, e *Patterns, n int) {
	if e.Covariance != nil || e.Mean != nil {
		c.Errf("covariance", "mean and covariance are for data = \"gaussian\"")
	}
	if len(e.Patterns) == 0 {
		c.Errf("patterns", "required for data = \"list\": one row of %d values per pattern", max(n, 0))
	}
	for i, row := range e.Patterns {
		if n >= 0 && len(row) != n {
			c.Errf(fmt.Sprintf("patterns[%d]", i), "pattern %d has %d values for %d input units", i, len(row), n)
		}
		for _, x := range row {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				c.Errf(fmt.Sprintf("patterns[%d]", i), "pattern %d has a value %v; want finite values", i, x)
				break
			}
		}
	}
}

// poissonPatterns checks the rates of a poisson input.
func poissonPatterns(c *registry.Check, e *Patterns) {
	if e.MaxRate == nil || !(*e.MaxRate >= 0) {
		c.Errf("max_rate", "required >= 0 for a poisson input")
	}
	for i, row := range e.Patterns {
		if slices.ContainsFunc(row, func(x float64) bool { return x < 0 }) {
			c.Errf(fmt.Sprintf("patterns[%d]", i), "pattern %d has a negative value; a poisson input needs rates >= 0", i)
		}
	}
	if e.MaxRate != nil && float64(*e.MaxRate)*c.Dt/1000 > 1 {
		c.Errf("max_rate", "%s gives more than one spike per step of %s", *e.MaxRate, units.Time(c.Dt))
	}
}

// gaussianPatterns checks the mean and covariance of data = "gaussian"
// for n input units (-1: unknown).
func gaussianPatterns(c *registry.Check, e *Patterns, n int) {
	if e.Patterns != nil {
		c.Errf("patterns", "data = \"gaussian\" draws its patterns; patterns are for data = \"list\"")
	}
	if e.Covariance == nil {
		c.Errf("covariance", "required for data = \"gaussian\": an n x n matrix for the %d input units", max(n, 0))
		return
	}
	if n >= 0 && len(e.Covariance) != n {
		c.Errf("covariance", "has %d rows for %d input units", len(e.Covariance), n)
	}
	for i, row := range e.Covariance {
		if len(row) != len(e.Covariance) {
			c.Errf(fmt.Sprintf("covariance[%d]", i), "row %d has %d values, want %d (a square matrix)", i, len(row), len(e.Covariance))
			return
		}
		for j := range row {
			if e.Covariance[j][i] != row[j] {
				c.Errf("covariance", "is not symmetric: [%d][%d] = %v, [%d][%d] = %v", i, j, row[j], j, i, e.Covariance[j][i])
				return
			}
		}
	}
	if !positiveDefinite(e.Covariance) {
		c.Errf("covariance", "is not positive definite")
	}
	if e.Mean != nil && len(e.Mean) != len(e.Covariance) {
		c.Errf("mean", "has %d values for %d input units", len(e.Mean), len(e.Covariance))
	}
}

// positiveDefinite reports whether the symmetric matrix a is positive
// definite (it has a Cholesky factor).
func positiveDefinite(a [][]float64) bool {
	n := len(a)
	flat := make([]float64, 0, n*n)
	for _, row := range a {
		flat = append(flat, row...)
	}
	var ch mat.Cholesky
	return ch.Factorize(mat.NewSymDense(n, flat))
}

// patternsEnv presents patterns to an input population.
type patternsEnv struct {
	e            *Patterns
	net          *cortex.Network
	present, off int64 // period, and the step within it the rest starts (present: none)
	in           *registry.Clamp
	poisson      *neuron.Poisson
	hz           []float64
	teacher      *registry.Clamp
	rng          *rand.Rand
	normal       *dataset.Normal // data gaussian
	x            []float64
	next         int
	shown        int64
	normalize    func() `snap:"-"` // wiring: scales the projections' weights
}

func buildPatterns(pa any, h registry.EnvHost) (registry.Env, error) {
	e := pa.(*Patterns)
	pe := &patternsEnv{e: e, net: h.Net(), present: h.Steps(float64(e.Present)), rng: h.Rand()}
	pe.off = pe.present - h.Steps(float64(e.Rest))
	p := h.Net().Population(e.Input)
	if p == nil {
		return nil, fmt.Errorf("unknown population %q", e.Input)
	}
	if ps, ok := p.Unit.(*neuron.Poisson); ok {
		pe.poisson, pe.hz = ps, make([]float64, ps.Len())
	} else {
		c, err := h.Clamp(e.Input)
		if err != nil {
			return nil, err
		}
		pe.in = c
	}
	if e.Teacher != "" {
		c, err := h.Clamp(e.Teacher)
		if err != nil {
			return nil, err
		}
		pe.teacher = c
	}
	var err error
	if pe.normalize, err = h.Normalizer(); err != nil {
		return nil, err
	}
	if e.Data == "gaussian" {
		if pe.normal, err = dataset.NewNormal(e.Mean, e.Covariance); err != nil {
			return nil, err
		}
		pe.x = make([]float64, len(e.Covariance))
	}
	return pe, nil
}

func (pe *patternsEnv) Attach() error {
	if err := pe.net.AddOperation(cortex.Operation{Name: "patterns: present", Every: pe.present, Run: pe.show}); err != nil {
		return err
	}
	if pe.off < pe.present {
		return pe.net.AddOperation(cortex.Operation{Name: "patterns: rest", Every: pe.present, Offset: pe.off, Run: pe.rest})
	}
	return nil
}

// show presents the next pattern, after normalising the weights of the
// projections with a normalize key.
func (pe *patternsEnv) show(int64) error {
	e := pe.e
	pe.normalize()
	var x []float64
	k := 0
	switch e.Data {
	case "gaussian":
		x = pe.x
		pe.normal.Sample(pe.rng, x)
	default:
		if e.Order == "sequential" {
			k = pe.next % len(e.Patterns)
			pe.next++
		} else {
			k = pe.rng.IntN(len(e.Patterns))
		}
		x = e.Patterns[k]
	}
	pe.shown++
	if pe.teacher != nil {
		for j, t := range e.Targets[k] {
			pe.teacher.V[j] = float32(t)
		}
	}
	if pe.poisson != nil {
		for i, v := range x {
			pe.hz[i] = v * float64(*e.MaxRate)
		}
		return pe.poisson.SetRates(pe.hz)
	}
	for i, v := range x {
		pe.in.V[i] = float32(v)
	}
	return nil
}

// rest shows nothing for the rest of the presentation.
func (pe *patternsEnv) rest(int64) error {
	if pe.teacher != nil {
		clear(pe.teacher.V)
	}
	if pe.poisson != nil {
		clear(pe.hz)
		return pe.poisson.SetRates(pe.hz)
	}
	clear(pe.in.V)
	return nil
}

func (pe *patternsEnv) Tables(int64) []Table {
	return []Table{{Title: "environment: patterns", Columns: []string{"presented", "present_ms"},
		Rows: [][]any{{int(pe.shown), float64(pe.present) * pe.net.Dt}}}}
}
