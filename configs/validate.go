package configs

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/brainsim/brainsim/registry"
)

// Names the schema accepts.
const (
	ModeSimulate = "simulate"
	ModeTrain    = "train"
)

var (
	modes          = []string{ModeSimulate, ModeTrain}
	receptorLabels = []string{"exc", "inh"}
	inputKinds     = []string{"poisson"}
	reportCols     = []string{"population", "model", "size", "spikes", "rate_hz", "cv_isi", "silent", "sync", "osc_hz", "state"}
	maxPopSize     = math.MaxInt32
	listLimit      = 20 // names listed in "(have: ...)"
)

// recordVars lists the variables the registered models can record.
func recordVars() []string {
	var out []string
	for _, n := range registry.ModelNames() {
		m, _ := registry.LookupModel(n)
		for _, v := range m.Vars {
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return out
}

// MaxInputLambda bounds rate·dt of a poisson [[input]], the mean number of
// events per unit and step (neuron.MaxPoissonLambda).
const MaxInputLambda = 500

func contains(list []string, s string) bool { return slices.Contains(list, s) }

// oneOf formats an "unknown x" message with the allowed values.
func oneOf(what, got string, allowed []string) string {
	return fmt.Sprintf("unknown %s %q (allowed: %s)", what, got, strings.Join(allowed, ", "))
}

// Validate checks f and returns every problem found, joined with
// errors.Join, one *Error per line, in file order. A File from Load carries
// the line of every key; one built in Go gets errors without lines. Call it
// after ApplyDefaults (Load does both).
func (f *File) Validate() error {
	v := &validator{f: f, pops: map[string]popRef{}}
	v.run()
	return joinErrors(v.errs)
}

type validator struct {
	f        *File
	errs     []*Error
	pops     map[string]popRef // "region.population" -> population
	popNames []string          // in file order
	dt       float64
	runMS    float64 // the run's length, 0 when phases or an environment set it
}

type popRef struct {
	region string
	p      *Population
}

// errf records an error about the key at p.
func (v *validator) errf(p keyPath, format string, args ...any) {
	v.errs = append(v.errs, v.f.src.errorAt(p, display(p, v.f.name), fmt.Sprintf(format, args...)))
}

// name names regions, populations and projections for messages; see namer.
func (f *File) name(p keyPath) string {
	if len(p) < 2 || p[0].isIdx || !p[1].isIdx {
		return ""
	}
	i := p[1].index
	switch p[0].key {
	case "region":
		if i >= len(f.Regions) {
			return ""
		}
		r := f.Regions[i]
		if len(p) == 2 {
			return r.Name
		}
		if len(p) == 4 && p[2].key == "population" && p[3].isIdx && p[3].index < len(r.Population) {
			return r.Population[p[3].index].Name
		}
	case "task":
		if i < len(f.Task) {
			return f.Task[i].Name
		}
	case "rule":
		if i < len(f.Rule) {
			return f.Rule[i].Name
		}
	case "projection", "pathway":
		list := f.Projection
		if p[0].key == "pathway" {
			list = f.Pathway
		}
		if i >= len(list) {
			return ""
		}
		if list[i].Name != "" {
			return list[i].Name
		}
		if list[i].From != "" && list[i].To != "" {
			return list[i].From + "->" + list[i].To
		}
	}
	return ""
}

func (v *validator) run() {
	f := v.f
	if f.Experiment == (Experiment{}) && len(f.Regions) == 0 && len(f.Projection) == 0 &&
		len(f.Pathway) == 0 && len(f.Stimulus) == 0 && len(f.Input) == 0 && len(f.Record) == 0 && len(f.Report.Columns) == 0 && len(f.Report.Figures) == 0 &&
		len(f.Task) == 0 && len(f.Rule) == 0 {
		v.errs = append(v.errs, &Error{File: f.srcFile(), Msg: "empty experiment: needs [experiment] and at least one [[region]]"})
		return
	}
	v.params()
	v.experiment()
	v.variants()
	v.figures()
	if f.Experiment.Mode == ModeTrain {
		f.net = v.trainNet()
		v.train(f.net)
		return
	}
	v.train(nil)
	v.regions()
	for i := range f.Projection {
		v.projection(keyPath{}.key("projection").idx(i), &f.Projection[i], false)
	}
	for i := range f.Pathway {
		v.projection(keyPath{}.key("pathway").idx(i), &f.Pathway[i], true)
	}
	v.uniqueProjectionNames()
	for i := range f.Stimulus {
		v.stimulus(keyPath{}.key("current").idx(i), &f.Stimulus[i])
	}
	for i := range f.Input {
		v.input(keyPath{}.key("input").idx(i), &f.Input[i])
	}
	for i := range f.Record {
		v.record(keyPath{}.key("record").idx(i), &f.Record[i])
	}
	v.receptorInits()
	v.rewards()
	v.environment()
	v.analyses()
	v.modulatorRoles()
	for i, c := range f.Report.Columns {
		if !contains(reportCols, c) {
			v.errf(keyPath{}.key("report").key("columns").idx(i), "%s", oneOf("column", c, reportCols))
		}
	}
}

// params checks the values of a File built in Go; a loaded file's params
// were checked when they were evaluated.
func (v *validator) params() {
	for _, k := range sortedKeys(v.f.Params) {
		p := keyPath{}.key(paramsKey).key(k)
		switch x := v.f.Params[k]; {
		case !isName(k):
			v.errf(p, "param name %q is not a name: use letters, digits and _, starting with a letter or _", k)
		case math.IsNaN(x) || math.IsInf(x, 0):
			v.errf(p, "want a finite number, got %v", x)
		}
	}
}

// Source is the file f was loaded from ("" for a File built in Go).
func (f *File) Source() string { return f.srcFile() }

func (f *File) srcFile() string {
	if f.src == nil {
		return ""
	}
	return f.src.file
}

func (v *validator) experiment() {
	e := &v.f.Experiment
	p := keyPath{}.key("experiment")
	switch {
	case e.Name == "":
		v.errf(p.key("name"), "required")
	case !fileSafe(e.Name) || e.Name == "." || e.Name == ".." || strings.HasPrefix(e.Name, "-"):
		v.errf(p.key("name"), "%q cannot name files (figures and images are <name>_<figure>.png): no /, \\, control characters, . or .., no leading -", e.Name)
	}
	if strings.ContainsAny(e.Description, "\r\n") {
		v.errf(p.key("description"), "must be one line")
	}
	if e.Mode != "" && !contains(modes, e.Mode) {
		v.errf(p.key("mode"), "%s", oneOf("mode", e.Mode, modes))
	}
	v.dt = DefaultDt
	if e.Dt != nil {
		v.dt = float64(*e.Dt)
		if *e.Dt <= 0 {
			v.errf(p.key("dt"), "must be > 0, got %s", *e.Dt)
			v.dt = DefaultDt
		}
	}
	if e.Seeds != nil && *e.Seeds < 1 {
		v.errf(p.key("seeds"), "must be >= 1, got %d", *e.Seeds)
	}
	switch {
	case e.Mode == ModeTrain && e.Duration == nil:
	case e.Duration == nil && v.f.Environment.EndsRun():
	case e.Duration == nil:
		v.errf(p.key("duration"), "required, e.g. duration = \"1s\"")
	case *e.Duration <= 0:
		v.errf(p.key("duration"), "must be > 0, got %s", *e.Duration)
	case float64(*e.Duration) < v.dt:
		v.errf(p.key("duration"), "%s is shorter than dt (%s)", *e.Duration, Time(v.dt))
	case len(v.f.Phase) == 0 && !v.f.Environment.EndsRun():
		v.runMS = float64(*e.Duration)
	}
	if e.VBound != nil && *e.VBound <= 0 {
		v.errf(p.key("v_bound"), "must be > 0, got %s", *e.VBound)
	}
}

func (v *validator) regions() {
	f := v.f
	if len(f.Regions) == 0 {
		v.errf(keyPath{}.key("region"), "needs at least one [[region]]")
	}
	seen := map[string]bool{}
	for ri := range f.Regions {
		r := &f.Regions[ri]
		rp := keyPath{}.key("region").idx(ri)
		v.checkName(rp.key("name"), "region", r.Name, seen)
		if len(r.Population) == 0 {
			v.errf(rp, "needs at least one [[region.population]]")
		}
		popSeen := map[string]bool{}
		for pi := range r.Population {
			p := &r.Population[pi]
			pp := rp.key("population").idx(pi)
			if v.checkName(pp.key("name"), "population", p.Name, popSeen) && r.Name != "" {
				full := r.Name + "." + p.Name
				if _, dup := v.pops[full]; !dup {
					v.pops[full] = popRef{region: r.Name, p: p}
					v.popNames = append(v.popNames, full)
				}
			}
			v.population(pp, p)
		}
	}
}

// fileSafe reports whether name can be part of a file name in any folder:
// no path separator, no control character.
func fileSafe(name string) bool {
	return !strings.ContainsFunc(name, func(r rune) bool { return r == '/' || r == '\\' || r < 0x20 || r == 0x7f })
}

// checkName checks a region or population name: given, no dot, no path
// separator, unique. It reports whether the name is usable.
func (v *validator) checkName(p keyPath, what, name string, seen map[string]bool) bool {
	switch {
	case name == "":
		v.errf(p, "required")
	case strings.Contains(name, "."):
		v.errf(p, "%s name %q must not contain a dot", what, name)
	case !fileSafe(name):
		v.errf(p, "%s name %q must not contain /, \\ or control characters (it names record files)", what, name)
	case seen[name]:
		v.errf(p, "duplicate %s name %q", what, name)
	default:
		seen[name] = true
		return true
	}
	return false
}

func (v *validator) population(pp keyPath, p *Population) {
	names := registry.ModelNames()
	m, ok := registry.LookupModel(p.Model)
	switch {
	case p.Model == "":
		v.errf(pp.key("model"), "required (one of %s)", strings.Join(names, ", "))
		return
	case !ok:
		v.errf(pp.key("model"), "%s", oneOf("model", p.Model, names))
		return
	}
	size := -1
	switch {
	case p.Size == nil:
		v.errf(pp.key("size"), "required")
	case *p.Size <= 0:
		v.errf(pp.key("size"), "must be > 0, got %d", *p.Size)
	case *p.Size > maxPopSize:
		v.errf(pp.key("size"), "must be at most %d, got %d", maxPopSize, *p.Size)
	default:
		size = *p.Size
	}
	if m.Check != nil && p.Params != nil {
		m.Check(p.Params, &registry.Check{Errs: sectionErrs{v, pp}, Section: p.Name, Given: givenFunc(p.given), Dt: v.dt, Size: max(size, 0), Duration: v.runMS})
	}
	v.populationCommon(pp, p, m, size)
}

// receptorInits checks that what exc_init and inh_init start exists: a
// projection, pathway or input with that receptor label into the
// population.
func (v *validator) receptorInits() {
	fed := func(target, label string) bool {
		for _, list := range [][]Projection{v.f.Projection, v.f.Pathway} {
			for _, pr := range list {
				if pr.To == target && cmp.Or(pr.Receptor, "exc") == label {
					return true
				}
			}
		}
		for _, in := range v.f.Input {
			if in.Target == target && cmp.Or(in.Receptor, "exc") == label {
				return true
			}
		}
		return false
	}
	for ri, r := range v.f.Regions {
		for pi, p := range r.Population {
			for _, x := range []struct {
				key, label string
				d          *Dist
			}{{"exc_init", "exc", p.ExcInit}, {"inh_init", "inh", p.InhInit}} {
				if x.d != nil && !fed(r.Name+"."+p.Name, x.label) {
					v.errf(keyPath{}.key("region").idx(ri).key("population").idx(pi).key(x.key),
						"no projection or input with receptor = %q feeds this population: %s has nothing to start", x.label, x.key)
				}
			}
		}
	}
}

// populationCommon checks the keys every population may have.
func (v *validator) populationCommon(pp keyPath, p *Population, m *registry.Model, size int) {
	for _, ri := range []struct {
		key string
		d   *Dist
	}{{"exc_init", p.ExcInit}, {"inh_init", p.InhInit}} {
		switch {
		case ri.d == nil:
		case !m.ReceptorInit:
			v.errf(pp.key(ri.key), "model %s has no receptors of its own to start (%s is for %s)", p.Model, ri.key, strings.Join(modelsWith(func(m *registry.Model) bool { return m.ReceptorInit }), ", "))
		default:
			v.dist(pp.key(ri.key), *ri.d, ri.key, DimConductance, DimCurrent, DimVoltage)
		}
	}
	if p.ActivityTau != nil {
		switch {
		case !m.Spiking:
			v.errf(pp.key("activity_tau"), "model %s does not spike; activity_tau filters the spikes of %s populations", p.Model, strings.Join(modelsWith(func(m *registry.Model) bool { return m.Spiking }), ", "))
		case !(*p.ActivityTau > 0):
			v.errf(pp.key("activity_tau"), "must be > 0, got %s", *p.ActivityTau)
		}
	}
	if s := p.Sheet; s != nil {
		sp := pp.key("sheet")
		switch {
		case s.Rows <= 0 || s.Cols <= 0:
			v.errf(sp, "rows and cols must be > 0, got %d x %d", s.Rows, s.Cols)
		case size >= 0 && (s.Rows > size || s.Cols > size || s.Rows*s.Cols != size):
			v.errf(sp, "rows*cols = %d x %d does not equal size %d", s.Rows, s.Cols, size)
		case s.Side != nil && !(*s.Side > 0 && !math.IsInf(float64(*s.Side), 0)):
			v.errf(sp.key("side"), "must be > 0 and finite, got %s", *s.Side)
		}
	}
}

// modelsWith lists the registered models for which ok holds.
func modelsWith(ok func(*registry.Model) bool) []string {
	var out []string
	for _, n := range registry.ModelNames() {
		if m, _ := registry.LookupModel(n); ok(m) {
			out = append(out, n)
		}
	}
	return out
}

// dist checks a distribution and its dimension.
func (v *validator) dist(p keyPath, d Dist, what string, want ...Dim) bool {
	if err := d.Check(); err != nil {
		v.errf(p, "%v", err)
		return false
	}
	if !slices.Contains(want, d.Dim()) {
		names := make([]string, len(want))
		for i, w := range want {
			names[i] = w.String()
		}
		v.errf(p, "%s %s has dimension %s, want %s", what, d, d.Dim(), strings.Join(names, " or "))
		return false
	}
	return true
}

// lookupPop resolves a "region.population" reference.
func (v *validator) lookupPop(p keyPath, ref string) (popRef, bool) {
	if ref == "" {
		v.errf(p, "required, as \"region.population\"")
		return popRef{}, false
	}
	r, ok := v.pops[ref]
	if ok {
		return r, true
	}
	have := v.popNames
	more := ""
	if len(have) > listLimit {
		have, more = have[:listLimit], ", ..."
	}
	if !strings.Contains(ref, ".") {
		v.errf(p, "want \"region.population\", got %q (have: %s%s)", ref, strings.Join(have, ", "), more)
	} else {
		v.errf(p, "no population %q (have: %s%s)", ref, strings.Join(have, ", "), more)
	}
	return popRef{}, false
}

// model returns the registered model of a population (nil for an unknown
// one, reported by population).
func model(p *Population) *registry.Model {
	m, _ := registry.LookupModel(p.Model)
	return m
}

// canReceive reports whether a population can be a target.
func canReceive(p *Population) bool { m := model(p); return m != nil && m.Receives != nil }

// receives lists the synapse kinds a population can receive.
func receives(p *Population) []string {
	if m := model(p); m != nil {
		return m.Receives
	}
	return nil
}
