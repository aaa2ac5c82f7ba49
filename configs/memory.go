package configs

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/brainsim/brainsim/internal/sysmem"
	"github.com/brainsim/brainsim/registry"
)

// The memory estimate: what a simulate-mode experiment holds once built,
// from its config alone, so that `run` and `validate` refuse an experiment
// that cannot fit before anything is allocated (a 2·10⁹-neuron population,
// 10¹⁰ all-to-all synapses). The figures are those of the engine's
// storage; the shipped microcircuit (77,169 neurons, 2.99·10⁸ synapses)
// comes out at 3.24 GB against a peak resident size of 2.97 GB. Records
// are not counted: a run hands them to disk as it goes and keeps a bounded
// part (experiment.Options.Sink, KeepSpikes, KeepSamples); train mode
// bounds its layers instead (rules.maxLayerUnits).
const (
	// bytesPerUnit covers a unit's state (membrane, refractory count,
	// receptors, adaptation), its statistics and its input: the largest
	// of the engine's models, rounded up.
	bytesPerUnit = 96
	// bytesPerTarget is a synapse's target index; bytesPerWeight its own
	// weight (when the weights differ or learn); bytesPerRow a row's
	// offset.
	bytesPerTarget, bytesPerWeight, bytesPerRow = 4, 4, 8
)

// memItem is one part of the estimate, at the key a refusal names.
type memItem struct {
	at    keyPath
	what  string
	bytes float64
}

// MemoryEstimate returns the bytes the experiment needs once built (0 for
// train mode, whose networks the trainers size themselves) and a line
// naming the part that needs most. Call it on a File that validated.
func (f *File) MemoryEstimate() (total float64, largest string) {
	total, top := f.estimate()
	if top == nil {
		return total, ""
	}
	return total, top.what
}

// estimate sums the parts and finds the largest (nil: none).
func (f *File) estimate() (total float64, top *memItem) {
	items := f.memoryItems()
	for i := range items {
		total += items[i].bytes
		if top == nil || items[i].bytes > top.bytes {
			top = &items[i]
		}
	}
	return total, top
}

// CheckMemory refuses f, with one error at the key of its largest part,
// when the estimate exceeds limit bytes (have says what the limit is, for
// the message); limit 0 means the memory the machine has available now,
// and a limit below 0 none.
func (f *File) CheckMemory(limit float64, have string) error {
	if limit < 0 {
		return nil
	}
	total, it := f.estimate()
	if have == "" {
		have = "the memory set by --max-memory"
	}
	if limit == 0 {
		avail, ok := sysmem.Available()
		if !ok {
			return nil
		}
		limit, have = avail, "the memory available on this machine"
	}
	if total <= limit || it == nil {
		return nil
	}
	msg := fmt.Sprintf("the experiment needs about %s, more than %s (%s); the largest part: %s needs %s",
		formatBytes(total), have, formatBytes(limit), it.what, formatBytes(it.bytes))
	return joinErrors([]*Error{f.src.errorAt(it.at, display(it.at, f.name), msg)})
}

func (f *File) memoryItems() []memItem {
	if f.Experiment.Mode == ModeTrain {
		return nil
	}
	dt := DefaultDt
	if f.Experiment.Dt != nil && *f.Experiment.Dt > 0 {
		dt = float64(*f.Experiment.Dt)
	}
	var items []memItem
	sizes := map[string]int{}
	sides := map[string]float64{} // the side of a population's sheet, mm
	for ri, r := range f.Regions {
		for pi, p := range r.Population {
			if p.Size == nil {
				continue
			}
			n := *p.Size
			sizes[r.Name+"."+p.Name] = n
			if p.Sheet != nil && p.Sheet.Side != nil {
				sides[r.Name+"."+p.Name] = float64(*p.Sheet.Side)
			}
			at := keyPath{}.key("region").idx(ri).key("population").idx(pi).key("size")
			items = append(items, memItem{at, fmt.Sprintf("population %s.%s (%d units)", r.Name, p.Name, n), float64(n) * bytesPerUnit})
		}
	}
	for _, list := range []struct {
		key   string
		projs []Projection
	}{{"projection", f.Projection}, {"pathway", f.Pathway}} {
		for i := range list.projs {
			pr := &list.projs[i]
			n, okN := sizes[pr.From]
			m, okM := sizes[pr.To]
			con, ok := registry.LookupConnector(pr.Connect.Rule)
			if !okN || !okM || !ok || pr.Connect.Params == nil {
				continue
			}
			pp := keyPath{}.key(list.key).idx(i)
			syn := con.Synapses(pr.Connect.Params, n, m, pr.From == pr.To)
			per := float64(bytesPerTarget)
			if w := pr.Synapse.Weight; (w != nil && w.Kind != DistConst) || pr.Plasticity.Rule != "" && pr.Plasticity.Rule != "static" {
				per += bytesPerWeight
			}
			steps := 1.0
			if d := pr.Synapse.Delay; d != nil {
				if hi, ok := d.Max(); ok {
					steps = math.Max(1, math.Round(hi/dt))
				}
				if d.Kind != DistConst {
					per += 1
					if steps > math.MaxUint8 {
						per++
					}
				}
			}
			if v := pr.Synapse.Velocity; v != nil && *v > 0 {
				// Conduction: a delay per synapse, up to the sheet's
				// diagonal over the velocity.
				steps += math.Round(math.Sqrt2 * sides[pr.From] / float64(*v) / dt)
				per += 1
				if steps > math.MaxUint8 {
					per++
				}
			}
			if pd, ok := pr.Connect.Params.(registry.PairDelays); ok && pd.PairDelays() != nil {
				per += 2
				for _, ms := range pd.PairDelays() {
					steps = math.Max(steps, math.Round(ms/dt))
				}
			}
			name := pr.Name
			if name == "" {
				name = pr.From + "->" + pr.To
			}
			items = append(items, memItem{pp.key("connect"),
				fmt.Sprintf("%s %q (%s, %d × %d units: %.3g synapses)", list.key, name, pr.Connect.Rule, n, m, syn),
				syn*per + float64(n+1)*bytesPerRow})
			// The target's delay ring: a slot of every unit per step of
			// delay, rounded up to a power of two.
			slots := float64(uint64(1) << bits.Len64(uint64(min(steps, 1<<20))))
			items = append(items, memItem{pp.key("synapse").key("delay"),
				fmt.Sprintf("the delay buffer of %s %q (%d units × %.0f steps)", list.key, name, m, slots),
				float64(m) * slots * 4})
		}
	}
	return items
}

// formatBytes writes a size as "2.4 GB", "310 MB".
func formatBytes(b float64) string {
	switch {
	case b >= 1e12:
		return fmt.Sprintf("%.3g TB", b/1e12)
	case b >= 1e9:
		return fmt.Sprintf("%.3g GB", b/1e9)
	case b >= 1e6:
		return fmt.Sprintf("%.3g MB", b/1e6)
	}
	return fmt.Sprintf("%.3g kB", b/1e3)
}
