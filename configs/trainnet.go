package configs

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/units"
)

// A train-mode file may describe the network its rules train with the
// sections of simulate mode: [[region]]s of rate populations (size and
// transfer) and [[projection]]s joining them in a chain, from the input
// population (which no projection enters; it holds the task's inputs) to
// the output population (which no projection leaves):
//
//	[[region]]
//	name = "net"
//	  [[region.population]]
//	  name = "input"
//	  size = 784
//	  model = "rate"
//	  transfer = "linear"
//	  ...
//	[[projection]]
//	from = "net.input"
//	to = "net.hidden"
//	connect = { rule = "all_to_all" }
//
// A projection's connect rule is all_to_all or one_to_one and its
// synapse (optional) has kind = "rate" and weight, the weights training
// starts from; which projections a rule trains, and what shapes it
// accepts, is the rule's (brainsim list rules). File.Net returns the
// chain as a registry.Net.

// trainSynapseKind is the synapse kind of a train-mode network: weights
// times the source's rates.
const trainSynapseKind = "rate"

// trainPopKeys are the population keys train mode reads.
var trainPopKeys = []string{"name", "size", "model", "transfer"}

// Net returns the network a validated train-mode file describes, or nil
// when it describes none (or was not validated).
func (f *File) Net() *registry.Net { return f.net }

// trainNet checks the network of a train-mode file and returns it (nil
// when the file has no populations, or when it has errors).
func (v *validator) trainNet() *registry.Net {
	f := v.f
	v.simulateOnly()
	if len(f.Regions) == 0 {
		if len(f.Projection) > 0 {
			v.errf(keyPath{}.key("projection").idx(0), "the projections of a train-mode network need [[region]]s of populations")
		}
		return nil
	}
	n := len(v.errs)
	v.regions()
	for ri, r := range f.Regions {
		for pi := range r.Population {
			v.trainPopulation(keyPath{}.key("region").idx(ri).key("population").idx(pi), &r.Population[pi])
		}
	}
	links := make(map[string]int, len(f.Projection)) // from -> projection index
	into := make(map[string]int, len(f.Projection))  // to -> projection index
	for i := range f.Projection {
		v.trainProjection(keyPath{}.key("projection").idx(i), &f.Projection[i], links, into)
	}
	v.uniqueProjectionNames()
	if len(v.errs) > n {
		return nil
	}
	return v.chain(links, into)
}

// simulateOnly reports the sections train mode does not read.
func (v *validator) simulateOnly() {
	f := v.f
	for _, s := range []struct {
		key string
		n   int
	}{{"pathway", len(f.Pathway)}, {"current", len(f.Stimulus)}, {"input", len(f.Input)}, {"record", len(f.Record)},
		{"modulator", len(f.Modulator)}, {"reward", len(f.Reward)}, {"phase", len(f.Phase)}} {
		if s.n > 0 {
			v.errf(keyPath{}.key(s.key).idx(0), "[[%s]] is for simulate mode; a train-mode file has [[task]]s, [[rule]]s and optionally the populations and projections of the network they train", s.key)
		}
	}
	if f.Environment != nil {
		v.errf(keyPath{}.key("environment"), "[environment] is for simulate mode; train mode's data come from [[task]]s")
	}
}

// trainPopulation checks that a population is one train mode can build:
// rate units, of which it reads the size and the transfer; every other
// key must be left at its default (the effective config writes them).
func (v *validator) trainPopulation(pp keyPath, p *Population) {
	m, ok := registry.LookupModel(p.Model)
	if !ok || p.Params == nil {
		return // reported by population
	}
	if _, layer := p.Params.(registry.Transfer); !layer {
		var want []string
		for _, n := range modelsWith(func(m *registry.Model) bool { _, ok := m.Params().(registry.Transfer); return ok }) {
			want = append(want, strconv.Quote(n))
		}
		v.errf(pp.key("model"), "train mode builds layers of units with a transfer function: want model = %s (with size and transfer), got %q",
			strings.Join(want, " or "), p.Model)
		return
	}
	notRead := func(k string) {
		v.errf(pp.key(k), "train mode reads a population's %s only; %s is for simulate mode", strings.Join(trainPopKeys, ", "), k)
	}
	got, def := reflect.ValueOf(p.Params).Elem(), reflect.ValueOf(m.Params()).Elem()
	for _, path := range registry.KeyedFields(got.Type()) {
		k, _, _ := strings.Cut(got.Type().FieldByIndex(path).Tag.Get("toml"), ",")
		if !slices.Contains(trainPopKeys, k) && !reflect.DeepEqual(got.FieldByIndex(path).Interface(), def.FieldByIndex(path).Interface()) {
			notRead(k)
		}
	}
	for _, c := range []struct {
		key string
		set bool
	}{{"exc_init", p.ExcInit != nil}, {"inh_init", p.InhInit != nil}, {"activity_tau", p.ActivityTau != nil}, {"sheet", p.Sheet != nil}} {
		if c.set {
			notRead(c.key)
		}
	}
}

// trainProjection checks a projection of a train-mode network and notes
// its ends in links (from -> index) and into (to -> index).
func (v *validator) trainProjection(pp keyPath, pr *Projection, links, into map[string]int) {
	i := pp[1].index
	_, okFrom := v.lookupPop(pp.key("from"), pr.From)
	_, okTo := v.lookupPop(pp.key("to"), pr.To)
	if okFrom && okTo {
		switch {
		case pr.From == pr.To:
			v.errf(pp.key("to"), "a train-mode network is a chain of layers; %q cannot project to itself", pr.From)
		case hasKey(links, pr.From):
			v.errf(pp.key("from"), "%q already projects to %q; a train-mode network is a chain, one projection out of each population", pr.From, v.f.Projection[links[pr.From]].To)
		case hasKey(into, pr.To):
			v.errf(pp.key("to"), "%q already receives %q; a train-mode network is a chain, one projection into each population", pr.To, v.f.Projection[into[pr.To]].From)
		default:
			links[pr.From], into[pr.To] = i, i
		}
	}
	if c := pr.Connect.Rule; c != "all_to_all" && c != "one_to_one" {
		v.errf(pp.key("connect").key("rule"), "train mode joins layers all_to_all or one_to_one, got %q", c)
	}
	// Keys left at their defaults (the effective config writes them) are
	// not an error; a synapse kind's own keys are (the rate kind has
	// none).
	for _, c := range []struct {
		key string
		set bool
	}{{"receptor", pr.Receptor != "" && pr.Receptor != "exc"}, {"plasticity", pr.Plasticity.Rule != "" && (plasticityOf(pr) == nil || !plasticityOf(pr).Static)},
		{"normalize", pr.Normalize != nil}, {"tie", pr.Tie != ""}} {
		if c.set {
			v.errf(pp.key(c.key), "%s is for simulate mode; in train mode the [[rule]] trains the projections", c.key)
		}
	}
	sp, syn := pp.key("synapse"), &pr.Synapse
	for _, c := range []struct {
		key string
		set bool
	}{{"delay", syn.Delay != nil && *syn.Delay != Const(Quantity{Value: v.dt, Dim: DimTime})}} {
		if c.set {
			v.errf(sp.key(c.key), "train mode reads a synapse's kind (\"rate\") and weight only")
		}
	}
	if k := pr.Synapse.Kind; k != trainSynapseKind {
		v.errf(sp.key("kind"), "train mode's layers are rate units: want kind = %q or none, got %q", trainSynapseKind, k)
	}
	if w := pr.Synapse.Weight; w != nil {
		switch {
		case w.Check() != nil:
			v.errf(sp.key("weight"), "%v", w.Check())
		case w.Dim() != units.Dimensionless:
			v.errf(sp.key("weight"), "weight %s has dimension %s; the weights of rate units are numbers", w, w.Dim())
		case w.Clip != nil:
			v.errf(sp.key("weight"), "train mode does not clip the starting weights; leave clip out")
		}
	}
}

func hasKey(m map[string]int, k string) bool { _, ok := m[k]; return ok }

// chain walks the projections from the input population to the output
// and returns the network; every population must be on the chain.
func (v *validator) chain(links, into map[string]int) *registry.Net {
	var inputs []string
	for _, name := range v.popNames {
		if !hasKey(into, name) {
			inputs = append(inputs, name)
		}
	}
	if len(inputs) != 1 {
		v.errf(keyPath{}.key("region"), "a train-mode network is a chain from one input population (which no projection enters) to the output; %d populations have no projection into them: %s", len(inputs), strings.Join(inputs, ", "))
		return nil
	}
	net := &registry.Net{}
	for name := inputs[0]; ; {
		p := v.pops[name].p
		net.Layers = append(net.Layers, registry.Layer{Name: name, Size: *p.Size, Transfer: p.Params.(registry.Transfer).TransferName()})
		i, ok := links[name]
		if !ok {
			break
		}
		pr := &v.f.Projection[i]
		proj := registry.Proj{Name: pr.Name, Connect: pr.Connect.Rule}
		if w := pr.Synapse.Weight; w != nil {
			proj.Init = &registry.Init{Kind: w.Kind, A: w.A.Value, B: w.B.Value}
		}
		net.Proj = append(net.Proj, proj)
		name = pr.To
	}
	if len(net.Layers) != len(v.popNames) {
		var off []string
		for _, name := range v.popNames {
			if !slices.ContainsFunc(net.Layers, func(l registry.Layer) bool { return l.Name == name }) {
				off = append(off, name)
			}
		}
		v.errf(keyPath{}.key("region"), "%s not on the chain from %s to the output: %s", plural(len(off), "population is", "populations are"), inputs[0], strings.Join(off, ", "))
		return nil
	}
	return net
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
