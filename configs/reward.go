package configs

import (
	"math"
	"slices"
	"strings"

	"github.com/brainsim/brainsim/registry"
)

// Neuromodulators and reward tasks in simulate mode.
//
// A [[modulator]] table sets how a global modulator level behaves: its
// decay time constant and its level at step 0. Levels are global: the
// scheduler computes them at region barriers, so every region reads the
// same value at the same step (see package cortex, modulate.go). Without a
// table a level starts at 0 and does not decay.
//
//	[[modulator]]
//	name = "dopamine"   # dopamine | punishment | surprise | confidence | discount
//	tau = "200ms"       # level(t) = level + (level(t−dt) − level)·exp(−dt/tau) + releases; 0: no decay
//	level = 0           # the tonic level: at step 0, and where releases decay back to
//
// A [[reward]] table is a task that releases a modulator in response to the
// network's own spikes. It is evaluated at every barrier on the spikes of
// the last window, in step order, so the run is deterministic for any
// GOMAXPROCS. kind = "pairing" is the distal-reward protocol of Izhikevich
// (2007): the chosen synapse is synapse `synapse` (index in the row) of
// source neuron `pre` of projection `projection`; its target is n2. When n2
// fires 0 < Δt < window after n1 (`pre`), a release of `amount` is
// scheduled after a delay drawn uniformly (whole steps) in [delay[0],
// delay[1]]; it takes effect at its exact step (or at the next window's
// first step if that is later). `weight`, when given, sets the chosen
// synapse's start weight. Every `sample` the run records the chosen
// synapse's weight, the mean weight of the projection's synapses and the
// rewards so far, which the result lists as a table.
//
//	[[reward]]
//	kind = "pairing"
//	projection = "exc->exc"
//	pre = 0
//	synapse = 0
//	weight = "0nA"
//	window = "20ms"
//	delay = ["1s", "3s"]
//	amount = 0.5
//	modulator = "dopamine"
//	sample = "60s"

// Modulator is a [[modulator]] table.
type Modulator struct {
	Name  string   `toml:"name,omitempty"` // dopamine | punishment | surprise | confidence | discount
	Tau   *Time    `toml:"tau"`            // decay time constant; default 0 (no decay)
	Level *float64 `toml:"level"`          // tonic level: the level at step 0 and the one it decays back to; default 0
}

// Reward is a [[reward]] table.
type Reward struct {
	Kind       string    `toml:"kind,omitempty"`       // pairing (the only kind)
	Projection string    `toml:"projection,omitempty"` // name of the projection (or pathway) holding the chosen synapse; required
	Pre        *int      `toml:"pre"`                  // source neuron n1 of the chosen synapse; default 0
	Synapse    *int      `toml:"synapse"`              // index of the chosen synapse in n1's row (sorted by target); default 0
	Weight     *Quantity `toml:"weight"`               // start weight of the chosen synapse, in the unit of synapse.weight; default: as built
	Window     *Time     `toml:"window"`               // post within this time after pre (exclusive); default 20ms
	Delay      []Time    `toml:"delay"`                // [min, max] delay of the reward; default ["1s", "3s"]
	Amount     *float64  `toml:"amount"`               // added to the modulator level per reward; default 0.5
	Modulator  string    `toml:"modulator,omitempty"`  // default dopamine
	Sample     *Time     `toml:"sample"`               // interval of the weight table; default 60s
}

// ModulatorNames lists the modulators in the order of synapse.Modulator.
var ModulatorNames = []string{"dopamine", "punishment", "surprise", "confidence", "discount"}

var rewardKinds = []string{"pairing"}

// applyRewardDefaults fills the defaults of [[modulator]] and [[reward]].
func (f *File) applyRewardDefaults() {
	for i := range f.Modulator {
		m := &f.Modulator[i]
		def(&m.Tau, 0)
		def(&m.Level, 0)
	}
	for i := range f.Reward {
		r := &f.Reward[i]
		if r.Kind == "" {
			r.Kind = "pairing"
		}
		if r.Modulator == "" {
			r.Modulator = "dopamine"
		}
		def(&r.Pre, 0)
		def(&r.Synapse, 0)
		def(&r.Window, 20)
		if r.Delay == nil {
			r.Delay = []Time{1000, 3000}
		}
		def(&r.Amount, 0.5)
		def(&r.Sample, 60000)
	}
}

// rewards validates [[modulator]] and [[reward]].
func (v *validator) rewards() {
	f := v.f
	seen := map[string]bool{}
	for i := range f.Modulator {
		m := &f.Modulator[i]
		mp := keyPath{}.key("modulator").idx(i)
		if !contains(ModulatorNames, m.Name) {
			v.errf(mp.key("name"), "%s", oneOf("modulator", m.Name, ModulatorNames))
		} else if seen[m.Name] {
			v.errf(mp.key("name"), "modulator %s is set twice", m.Name)
		}
		seen[m.Name] = true
		if m.Tau != nil && !(*m.Tau >= 0) {
			v.errf(mp.key("tau"), "must be >= 0, got %s", *m.Tau)
		}
		if m.Level != nil && (math.IsNaN(*m.Level) || math.IsInf(*m.Level, 0)) {
			v.errf(mp.key("level"), "must be finite, got %v", *m.Level)
		}
	}
	for i := range f.Reward {
		r := &f.Reward[i]
		rp := keyPath{}.key("reward").idx(i)
		if !contains(rewardKinds, r.Kind) {
			v.errf(rp.key("kind"), "%s", oneOf("reward kind", r.Kind, rewardKinds))
		}
		if !contains(ModulatorNames, r.Modulator) {
			v.errf(rp.key("modulator"), "%s", oneOf("modulator", r.Modulator, ModulatorNames))
		}
		var pr *Projection
		for k := range f.Projection {
			if f.Projection[k].Name == r.Projection {
				pr = &f.Projection[k]
			}
		}
		for k := range f.Pathway {
			if f.Pathway[k].Name == r.Projection {
				pr = &f.Pathway[k]
			}
		}
		if r.Projection == "" {
			v.errf(rp.key("projection"), "required: the name of the projection holding the chosen synapse")
		} else if pr == nil {
			v.errf(rp.key("projection"), "no projection or pathway named %q", r.Projection)
		} else {
			if src, ok := v.pops[pr.From]; ok && src.p.Size != nil && r.Pre != nil && (*r.Pre < 0 || *r.Pre >= *src.p.Size) {
				v.errf(rp.key("pre"), "neuron %d out of range [0, %d) of %s", *r.Pre, *src.p.Size, pr.From)
			}
			if r.Weight != nil && pr.Synapse.Weight != nil {
				v.weightBound(rp.key("weight"), *r.Weight, &pr.Synapse)
			}
		}
		if r.Pre != nil && *r.Pre < 0 {
			v.errf(rp.key("pre"), "must be >= 0, got %d", *r.Pre)
		}
		if r.Synapse != nil && *r.Synapse < 0 {
			v.errf(rp.key("synapse"), "must be >= 0, got %d", *r.Synapse)
		}
		if r.Window != nil && !(*r.Window > 0) {
			v.errf(rp.key("window"), "must be > 0, got %s", *r.Window)
		}
		if len(r.Delay) != 2 {
			v.errf(rp.key("delay"), "want [min, max], got %d values", len(r.Delay))
		} else if !(r.Delay[0] >= 0 && r.Delay[1] >= r.Delay[0]) {
			v.errf(rp.key("delay"), "want 0 <= min <= max, got [%s, %s]", r.Delay[0], r.Delay[1])
		}
		if r.Amount != nil && (math.IsNaN(*r.Amount) || math.IsInf(*r.Amount, 0)) {
			v.errf(rp.key("amount"), "must be finite, got %v", *r.Amount)
		}
		if r.Sample != nil && !(*r.Sample > 0) {
			v.errf(rp.key("sample"), "must be > 0, got %s", *r.Sample)
		}
	}
}

// The jobs of the modulators (after Doya 2002, Neural Networks 15:495;
// each is documented where it is read):
//
//   - dopamine: the reward-prediction error δ. td critics release it; it
//     gates the three-factor rules (da_stdp, three_factor), whose weight
//     change is (dopamine − punishment) × eligibility.
//   - punishment: an aversive channel of the opposite sign (Daw, Kakade &
//     Dayan 2002): it depresses eligible synapses of da_stdp and
//     three_factor.
//   - surprise (acetylcholine; Yu & Dayan 2005): scales the learning rate
//     of the activity rules, lr·(1 + surprise).
//   - confidence (noradrenaline): the inverse temperature of action
//     selection, β·(1 + confidence) in a bandit environment.
//   - discount (serotonin): γ of td critics; its level is γ.
//
// readAs says how the rules that read a modulator take it, and envJobs
// what an environment does with one, for the error about a modulator
// nothing uses.
var (
	readAs = map[string]string{
		"surprise": "as a factor 1 + surprise on their learning rate",
		"discount": "as γ",
	}
	envJobs = map[string]string{
		"confidence": "a bandit environment sets its inverse temperature to beta·(1 + confidence)",
	}
)

// modulatorJob says what can read or release modulator m: the
// plasticity rules that read it, those that can release it, an
// environment.
func modulatorJob(m string) string {
	var jobs []string
	rules := func(names []string) string {
		if len(names) == 1 {
			return "rule " + names[0]
		}
		return "rules " + strings.Join(names, ", ")
	}
	if r := registry.PlasticitiesWith(func(e *registry.Plasticity) bool { return slices.Contains(e.Reads, m) }); r != nil {
		jobs = append(jobs, strings.TrimSpace("read by "+rules(r)+" "+readAs[m]))
	}
	if r := registry.PlasticitiesWith(func(e *registry.Plasticity) bool { return e.Releases != nil }); r != nil {
		jobs = append(jobs, rules(r)+" can release it")
	}
	if j := envJobs[m]; j != "" {
		jobs = append(jobs, j)
	}
	return strings.Join(jobs, "; ")
}

// modulatorUsed reports whether something in the file reads or writes
// modulator m.
func (f *File) modulatorUsed(m string) bool {
	for _, r := range f.Reward {
		if r.Modulator == m {
			return true
		}
	}
	for _, r := range f.Record {
		if r.Modulator == m {
			return true
		}
	}
	for _, pr := range f.projections() {
		if e := plasticityOf(pr); e != nil && slices.Contains(e.Reads, m) || releases(pr) == m {
			return true
		}
	}
	return m == "confidence" && f.Environment.confidence()
}

// PhasicModulators lists the modulators a plasticity rule releases into
// (a td critic its δ): their level is their tonic level plus the releases
// of the step before.
func (f *File) PhasicModulators() []string {
	var out []string
	for _, pr := range f.projections() {
		if r := releases(pr); r != "" && !contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// modulatorRoles checks that every [[modulator]] has a job in the file and
// that a phasic modulator has no decay.
func (v *validator) modulatorRoles() {
	f := v.f
	phasic := f.PhasicModulators()
	for i := range f.Modulator {
		m := &f.Modulator[i]
		mp := keyPath{}.key("modulator").idx(i)
		if !contains(ModulatorNames, m.Name) {
			continue
		}
		if !f.modulatorUsed(m.Name) {
			v.errf(mp.key("name"), "nothing in this experiment reads or releases modulator %s (%s)", m.Name, modulatorJob(m.Name))
		}
		if contains(phasic, m.Name) && m.Tau != nil && *m.Tau != 0 {
			v.errf(mp.key("tau"), "modulator %s is fed by a plasticity rule (a td critic's δ): its level is its tonic level plus the releases of the step before, with no decay; leave tau out", m.Name)
		}
	}
}
