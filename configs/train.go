package configs

import (
	"slices"
	"strconv"
	"strings"

	"github.com/brainsim/brainsim/registry"
)

// trainDefaults names unnamed rules after their rule and gives rules and
// tasks built in Go without Params their plug-in's defaults.
func (f *File) trainDefaults() {
	for i := range f.Rule {
		r := &f.Rule[i]
		if r.Name == "" && r.Rule != "" {
			r.Name = r.Rule
		}
		if spec, ok := registry.LookupRule(r.Rule); ok && r.Params == nil {
			r.Params = spec.Params()
		}
	}
	for i := range f.Task {
		t := &f.Task[i]
		if k, ok := registry.LookupTask(t.Data); ok && t.Params == nil && k.Params != nil {
			t.Params = k.Params()
		}
	}
}

// sectionErrs reports a plug-in's errors about its keys at their paths.
type sectionErrs struct {
	v *validator
	p keyPath
}

// Errf places key ("hidden", "hidden[1]" or "" for the section) under the
// section's path.
func (e sectionErrs) Errf(key, format string, args ...any) {
	p := e.p
	for key != "" {
		name, rest, _ := strings.Cut(key, "[")
		if name != "" {
			p = p.key(name)
		}
		if rest == "" {
			break
		}
		n, tail, _ := strings.Cut(rest, "]")
		i, err := strconv.Atoi(n)
		if err != nil {
			break
		}
		p = p.idx(i)
		key = tail
	}
	e.v.errf(p, format, args...)
}

func givenFunc(given []string) func(string) bool {
	return func(k string) bool { return slices.Contains(given, k) }
}

// train checks the [[task]] and [[rule]] sections: each names a
// registered plug-in and passes its checks (a rule's with the file's
// network, nil for none), and every rule runs on every task, so each task
// provides what each rule needs.
func (v *validator) train(net *registry.Net) {
	f := v.f
	if f.Experiment.Mode != ModeTrain {
		if len(f.Task) > 0 {
			v.errf(keyPath{}.key("task").idx(0), "[[task]] needs train mode: set mode = \"train\" in [experiment]")
		}
		if len(f.Rule) > 0 {
			v.errf(keyPath{}.key("rule").idx(0), "[[rule]] needs train mode: set mode = \"train\" in [experiment]")
		}
		return
	}
	if len(f.Task) == 0 {
		v.errf(keyPath{}.key("task"), "train mode needs at least one [[task]]")
	}
	if len(f.Rule) == 0 {
		v.errf(keyPath{}.key("rule"), "train mode needs at least one [[rule]]")
	}
	seen := map[string]bool{}
	var refs []registry.TaskRef
	for i := range f.Task {
		t := &f.Task[i]
		tp := keyPath{}.key("task").idx(i)
		v.checkName(tp.key("name"), "task", t.Name, seen)
		k, ok := registry.LookupTask(t.Data)
		if !ok {
			v.errf(tp.key("data"), "%s", oneOf("data", t.Data, registry.TaskNames()))
			continue
		}
		if t.Seeds != nil && *t.Seeds < 1 {
			v.errf(tp.key("seeds"), "must be >= 1, got %d", *t.Seeds)
		}
		if k.Check != nil && t.Params != nil {
			k.Check(t.Params, &registry.Check{Errs: sectionErrs{v, tp}, Section: t.Name, Given: givenFunc(t.given)})
		}
		refs = append(refs, registry.TaskRef{Name: t.Name, Data: t.Data, Params: t.Params})
	}
	seen = map[string]bool{}
	for i := range f.Rule {
		r := &f.Rule[i]
		rp := keyPath{}.key("rule").idx(i)
		spec, ok := registry.LookupRule(r.Rule)
		if !ok {
			v.errf(rp.key("rule"), "%s", oneOf("rule", r.Rule, registry.RuleNames()))
			continue
		}
		v.checkName(rp.key("name"), "rule", r.Name, seen)
		for _, t := range refs {
			if !registry.Provides(t.Data, spec.Needs) {
				v.errf(rp.key("rule"), "rule %s runs on %s only, but every rule runs on every task and task %q has data %q", r.Rule, registry.NeedsText(spec), t.Name, t.Data)
				break
			}
		}
		if spec.Check != nil {
			spec.Check(r.Params, &registry.Check{Errs: sectionErrs{v, rp}, Section: r.Name, Given: givenFunc(r.given), Tasks: refs, Net: net})
		}
	}
}

// trainFigures lists the figures the rules and tasks of f draw data for.
func (f *File) trainFigures() []string {
	if f.Experiment.Mode != ModeTrain {
		return nil
	}
	var out []string
	for _, r := range f.Rule {
		if spec, ok := registry.LookupRule(r.Rule); ok && spec.Figures != nil && r.Params != nil {
			out = append(out, spec.Figures(r.Params)...)
		}
	}
	for _, t := range f.Task {
		if k, ok := registry.LookupTask(t.Data); ok {
			out = append(out, k.Figures...)
		}
	}
	return out
}
