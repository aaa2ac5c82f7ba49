package experiment

import (
	"fmt"
	"sort"

	"github.com/brainsim/brainsim/configs"
	"github.com/brainsim/brainsim/neuron"
	_ "github.com/brainsim/brainsim/plasticity" // the plasticity rules
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/synapse"
	"github.com/brainsim/brainsim/units"
)

// Table is an extra result table a run produced, e.g. the weight change of
// every synapse of a small plastic projection. Values are ints or finite
// float64s.
type Table struct {
	Title   string   `json:"title"`
	Columns []string `json:"columns"`
	Rows    [][]any  `json:"rows"`
}

// maxReportSynapses bounds the synapses of a plastic projection whose
// weights the result lists (a tsodyks_markram rule logs the first
// plasticity.LogSpikes spikes of source 0).
const maxReportSynapses = 500

// plasticRec is a plastic projection and its weights when it was built.
type plasticRec struct {
	name string
	proj *synapse.Projection
	w0   []float32 // nil unless the weights are listed
}

func newPlasticRec(name string, q *synapse.Projection) plasticRec {
	r := plasticRec{name: name, proj: q}
	if _, ok := q.Rule.(*synapse.STDP); ok && q.Len() <= maxReportSynapses {
		r.w0 = append([]float32(nil), q.Weights...)
	}
	return r
}

// plasticRule makes the rule a [projection.plasticity] table asks for
// through its registry entry (nil for static synapses), and lists the
// further populations an activity rule reads. Weight bounds in mV on an
// exp_current synapse are R·I and are divided by the target's membrane
// resistance, as the weights are.
func (m *Model) plasticRule(pc *configs.Projection, kind neuron.ReceptorKind, target neuron.Population) (synapse.Rule, []string, error) {
	pl := &pc.Plasticity
	if pl.Rule == "" {
		return nil, nil, nil // no table: static
	}
	e, ok := registry.LookupPlasticity(pl.Rule)
	if !ok {
		return nil, nil, fmt.Errorf("unknown plasticity rule %q", pl.Rule)
	}
	if e.Static {
		return nil, nil, nil
	}
	b := &registry.PlasticityBuild{Name: pc.Name, Dt: m.Net.Dt, Learn: &m.learn,
		HasModulator: m.file.HasModulator, Modulator: modulatorIndex,
		Weight: func(q units.Quantity) (float32, error) {
			if q.Dim == configs.DimVoltage && kind == neuron.ExpCurrent {
				r, err := membraneResistance(target)
				if err != nil {
					return 0, err
				}
				return float32(q.Value / r), nil
			}
			return float32(q.Value), nil
		}}
	rule, err := e.Build(pl.Params, b)
	return rule, b.Extra, err
}

// plasticTables lists, for every STDP projection of at most
// maxReportSynapses synapses, each synapse whose source and target have
// both spiked: the last arrival (t_pre_ms), the last target spike
// (t_post_ms), their difference, the weight before and after the run and
// the change relative to w_max, by increasing dt_ms; and for every
// tsodyks_markram projection the first spikes of source 0 with u, x and
// the amplitude w·u·x of its first synapse. Weights are in the receptor's
// unit (nA, µS, mV).
func (m *Model) plasticTables() []Table {
	var out []Table
	dt := m.Net.Dt
	for _, pr := range m.plastic {
		q := pr.proj
		switch r := q.Rule.(type) {
		case *synapse.STDP:
			if pr.w0 == nil {
				out = append(out, weightHistogram(pr.name, r.Name(), q.Weights, r.Dep.WMin, r.Dep.WMax))
				continue
			}
			t := Table{Title: fmt.Sprintf("%s (%s): weights", pr.name, r.Name()),
				Columns: []string{"pre", "post", "t_pre_ms", "t_post_ms", "dt_ms", "w0", "w", "dw_rel"}}
			for i := 0; i < q.NPre; i++ {
				lo, hi := q.Offsets[i], q.Offsets[i+1]
				for k := lo; k < hi; k++ {
					j := int(q.Targets[k])
					tp, tq := r.LastPre(i), r.LastPost(j)
					if tp < 0 || tq < 0 {
						continue
					}
					t.Rows = append(t.Rows, []any{i, j, float64(tp) * dt, float64(tq) * dt,
						float64(tq-tp) * dt, float64(pr.w0[k]), float64(q.Weights[k]), float64(q.Weights[k]-pr.w0[k]) / float64(r.Dep.WMax)})
				}
			}
			sort.SliceStable(t.Rows, func(a, b int) bool { return t.Rows[a][4].(float64) < t.Rows[b][4].(float64) })
			out = append(out, t)
		case *synapse.TsodyksMarkram:
			if q.NPre == 0 || q.Offsets[1] == q.Offsets[0] {
				continue
			}
			w := float64(q.WeightAt(q.Offsets[0]))
			t := Table{Title: fmt.Sprintf("%s (tsodyks_markram, U = %g, tau_rec = %g ms, tau_fac = %g ms): spikes of source 0", pr.name, r.U, r.TauRec, r.TauFac),
				Columns: []string{"spike", "t_ms", "u", "x", "psc"}}
			for n, e := range r.Log {
				t.Rows = append(t.Rows, []any{n + 1, float64(e.Step) * dt, e.U, e.X, w * e.Gain})
			}
			out = append(out, t)
		}
	}
	return out
}

// weightBins is the number of bins of weightHistogram.
const weightBins = 10

// weightHistogram is the distribution of the weights w of a plastic
// projection too large to list synapse by synapse: weightBins equal bins
// of [wMin, wMax] (a weight at wMax counts in the last), as fractions of
// the range (w_rel) with the number and share of the synapses in each.
func weightHistogram(name, rule string, w []float32, wMin, wMax float32) Table {
	t := Table{Title: fmt.Sprintf("%s (%s): weight distribution (w_rel = (w - w_min)/(w_max - w_min))", name, rule),
		Columns: []string{"w_rel_lo", "w_rel_hi", "synapses", "share"}}
	count := make([]int, weightBins)
	span := float64(wMax - wMin)
	for _, x := range w {
		b := 0
		if span > 0 {
			b = min(max(int(float64(x-wMin)/span*weightBins), 0), weightBins-1)
		}
		count[b]++
	}
	for b, c := range count {
		share := 0.0
		if len(w) > 0 {
			share = float64(c) / float64(len(w))
		}
		t.Rows = append(t.Rows, []any{float64(b) / weightBins, float64(b+1) / weightBins, c, share})
	}
	return t
}
