package experiment

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/brainsim/brainsim/cortex"
	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/synapse"

	_ "github.com/brainsim/brainsim/analyses" // the analyses
)

// analyses builds the file's [[analysis]] tables and attaches them. Each
// has its own random stream ("analysis", index).
func (m *Model) analyses(sheets map[*cortex.Population]*synapse.Sheet) error {
	for i, a := range m.file.Analysis {
		k, ok := registry.LookupAnalysis(a.Kind)
		if !ok {
			return fmt.Errorf("analysis %d: unknown kind %q", i+1, a.Kind)
		}
		an, err := k.Build(a.Params, &analysisHost{m: m, sheets: sheets, rng: m.Net.Rand("analysis", fmt.Sprint(i))})
		if err != nil {
			return fmt.Errorf("analysis %d (%s): %w", i+1, a.Kind, err)
		}
		if err := an.Attach(); err != nil {
			return fmt.Errorf("analysis %d (%s): %w", i+1, a.Kind, err)
		}
		m.analyzers = append(m.analyzers, an)
	}
	return nil
}

// analysisHost is what an analysis sees of the model
// (registry.AnalysisHost).
type analysisHost struct {
	m      *Model
	sheets map[*cortex.Population]*synapse.Sheet
	rng    *rand.Rand
}

func (h *analysisHost) Net() *cortex.Network                   { return h.m.Net }
func (h *analysisHost) Population(n string) *cortex.Population { return h.m.Net.Population(n) }
func (h *analysisHost) Sheet(p *cortex.Population) *synapse.Sheet {
	return h.sheets[p]
}
func (h *analysisHost) Receptors(p *cortex.Population, label string) []*neuron.Receptor {
	return h.m.fed[p][label]
}
func (h *analysisHost) Rand() *rand.Rand       { return h.rng }
func (h *analysisHost) Steps(ms float64) int64 { return int64(math.Round(ms / h.m.Net.Dt)) }
func (h *analysisHost) Duration() int64        { return h.m.Steps }
func (h *analysisHost) Stopped() bool          { return h.m.ctx != nil && h.m.ctx.Err() != nil }
