package experiment

import (
	"fmt"
	"math"

	"github.com/brainsim/brainsim/cortex"
	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/synapse"
)

// bindActivity gives an activity rule on projection q (from → to) the
// activities it reads: its source's, its target's and those of the
// populations extra (the plasticity rule's Build names them).
func (m *Model) bindActivity(q *synapse.Projection, from, to *cortex.Population, extra []string) error {
	rule, ok := q.Rule.(synapse.ActivityRule)
	if !ok {
		return nil
	}
	b := synapse.Binding{Pre: from.Activity(), Post: to.Activity(), Dt: m.Net.Dt, Learn: &m.learn,
		Release: to.Region.Release}
	for _, name := range extra {
		p := m.Net.Population(name)
		if p == nil {
			return fmt.Errorf("unknown population %q", name)
		}
		b.Extra = append(b.Extra, p.Activity())
	}
	if err := rule.Bind(q, b); err != nil {
		return err
	}
	if td, ok := rule.(*synapse.TD); ok && td.Emit {
		// A critic's δ is a phasic level: the releases of each step reach
		// the next step exactly, so the regions meet every step.
		m.Net.ModPhasic[td.Mod] = true
		m.Net.MaxWindow = 1
		if m.criticLag == 0 {
			m.criticLag = int64(q.Delay) + 2
		}
	}
	return nil
}

// activityTables describes the learning of small activity-plastic
// projections fed by a patterns environment: for gaussian patterns, the
// angle between each target unit's weight vector and the first principal
// component of the covariance (Oja's rule converges to it) and the
// vector's length; for listed patterns, the drive Σ_i w_ij·x_i of each
// target unit by each pattern and its selectivity, 1 − mean/max of the
// rectified drives (BCM: a selective unit responds to one pattern).
func (m *Model) activityTables() []Table {
	var e registry.Patterns
	if env := m.file.Environment; env != nil {
		e, _ = env.Params.(registry.Patterns)
	}
	if e == nil {
		return nil
	}
	var out []Table
	for _, pr := range m.file.Projection {
		if pr.From != e.PatternInput() {
			continue
		}
		q := m.projs[pr.Name]
		if q == nil || q.Len() > maxReportSynapses {
			continue
		}
		if _, ok := q.Rule.(synapse.ActivityRule); !ok {
			continue
		}
		w := denseWeights(q)
		switch {
		case e.PatternCovariance() != nil:
			g, err := dataset.NewNormal(nil, e.PatternCovariance())
			if err != nil {
				continue // validated: cannot happen
			}
			pc := g.PC1
			t := Table{Title: fmt.Sprintf("%s (%s): weights against the first principal component of the input", pr.Name, pr.Plasticity.Rule),
				Columns: []string{"target", "angle_deg", "norm"}}
			for j, col := range w {
				t.Rows = append(t.Rows, []any{j, angleDeg(col, pc), norm(col)})
			}
			out = append(out, t)
		case e.PatternList() != nil:
			patterns := e.PatternList()
			t := Table{Title: fmt.Sprintf("%s (%s): drive of each target unit by each pattern", pr.Name, pr.Plasticity.Rule),
				Columns: []string{"target", "pattern", "drive", "selectivity"}}
			for j, col := range w {
				drives := make([]float64, len(patterns))
				for k, x := range patterns {
					for i, xi := range x {
						drives[k] += col[i] * xi
					}
				}
				sel := Selectivity(drives)
				for k, d := range drives {
					t.Rows = append(t.Rows, []any{j, k, d, sel})
				}
			}
			out = append(out, t)
		}
	}
	return out
}

// denseWeights returns w[j][i], the weight from source i to target j (0
// where there is no synapse).
func denseWeights(q *synapse.Projection) [][]float64 {
	w := make([][]float64, q.NPost)
	for j := range w {
		w[j] = make([]float64, q.NPre)
	}
	for i := 0; i < q.NPre; i++ {
		for k := q.Offsets[i]; k < q.Offsets[i+1]; k++ {
			w[q.Targets[k]][i] += float64(q.WeightAt(k))
		}
	}
	return w
}

// Selectivity is 1 − mean/max of the rectified responses r (Bienenstock,
// Cooper & Munro 1982): 0 for equal responses, 1 − 1/n for a unit that
// responds to one of n patterns only; 0 when no response is positive.
func Selectivity(r []float64) float64 {
	hi, sum := 0.0, 0.0
	for _, x := range r {
		x = max(x, 0)
		hi = max(hi, x)
		sum += x
	}
	if !(hi > 0) {
		return 0
	}
	return 1 - sum/float64(len(r))/hi
}

func norm(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s)
}

// angleDeg is the angle in degrees between the lines of a and b (a
// principal component has no sign): 0..90.
func angleDeg(a, b []float64) float64 {
	d := 0.0
	for i := range a {
		d += a[i] * b[i]
	}
	c := math.Abs(d) / (norm(a) * norm(b))
	return math.Acos(min(c, 1)) * 180 / math.Pi
}

// ties makes every projection with a tie hold the transpose of the
// boltzmann projection it names.
func (m *Model) ties() error {
	for _, pc := range m.file.Projection {
		if pc.Tie == "" {
			continue
		}
		fwd, back := m.projs[pc.Tie], m.projs[pc.Name]
		if fwd == nil || back == nil {
			return fmt.Errorf("projection %q: tie: no projection %q", pc.Name, pc.Tie)
		}
		r, ok := fwd.Rule.(*synapse.Boltzmann)
		if !ok {
			return fmt.Errorf("projection %q: tie: %q has no boltzmann rule", pc.Name, pc.Tie)
		}
		if err := r.Tie(fwd, back); err != nil {
			return fmt.Errorf("projection %q: %w", pc.Name, err)
		}
	}
	return nil
}
