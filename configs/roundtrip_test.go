package configs

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestEncodeRoundTrip(t *testing.T) {
	t.Parallel()
	paths := []string{"testdata/valid.toml"}
	for _, s := range Shipped() {
		paths = append(paths, s.Name)
	}
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			f, err := Resolve(path, nil)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := Encode(&buf, f); err != nil {
				t.Fatal(err)
			}
			g, err := LoadBytes("effective.toml", buf.Bytes(), nil)
			if err != nil {
				t.Fatalf("%v\n%s", err, buf.String())
			}
			f.src, g.src = nil, nil
			forgetGiven(f) // which keys a section wrote differs: Encode writes them all
			forgetGiven(g)
			if !reflect.DeepEqual(f, g) {
				t.Errorf("Encode -> Load changed the config:\n%s", buf.String())
			}
			var again bytes.Buffer
			if err := Encode(&again, g); err != nil {
				t.Fatal(err)
			}
			if again.String() != buf.String() {
				t.Errorf("second encoding differs:\n%s\n---\n%s", buf.String(), again.String())
			}
		})
	}
}

func FuzzLoadBytes(f *testing.F) {
	data, err := os.ReadFile("testdata/valid.toml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(data), "experiment.seed=3")
	f.Add(base, "projection.ee.connect.p=0.5")
	f.Add(base+secondRegion, "region.d.population.exc.size=3")
	f.Add("", "")
	f.Add("[experiment]\nname = 1\n", "x")
	f.Add(withParams, "neurons=200")
	f.Add(withParams, "ne==round(neurons/3)")
	f.Fuzz(func(t *testing.T, src, set string) {
		var sets []string
		if set != "" {
			sets = []string{set}
		}
		cfg, err := LoadBytes("fuzz.toml", []byte(src), sets)
		if err != nil {
			for _, e := range Errors(err) {
				if strings.ContainsAny(e.Error(), "\r\n") {
					t.Fatalf("error is not one line: %q", e.Error())
				}
			}
			return
		}
		// A config that loads encodes and loads back unchanged.
		var buf bytes.Buffer
		if err := Encode(&buf, cfg); err != nil {
			t.Fatalf("Encode: %v", err)
		}
		back, err := LoadBytes("effective.toml", buf.Bytes(), nil)
		if err != nil {
			t.Fatalf("reload: %v\n%s", err, buf.String())
		}
		cfg.src, back.src = nil, nil
		forgetGiven(cfg)
		forgetGiven(back)
		if !reflect.DeepEqual(cfg, back) {
			t.Fatalf("round trip changed the config:\n%s", buf.String())
		}
	})
}

// TestDecoderMatchesBurntSushi checks that the strict decoder fills a File
// exactly as toml.Decode does, and that toml.Decode leaves no key undecoded.
// Expressions ("=0.8*neurons") are evaluated first, as LoadBytes does; the
// evaluated document is written back as TOML for toml.Decode.
func TestDecoderMatchesBurntSushi(t *testing.T) {
	t.Parallel()
	paths := []string{"testdata/valid.toml"}
	for _, s := range Shipped() {
		paths = append(paths, "experiments/"+s.Name+".toml")
	}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var root map[string]any
		if _, err := toml.Decode(string(data), &root); err != nil {
			t.Fatal(err)
		}
		if errs := evalExpressions(&source{idx: indexLines(string(data))}, root); len(errs) > 0 {
			t.Fatalf("%s: %v", path, errs[0])
		}
		var evaluated bytes.Buffer
		if err := toml.NewEncoder(&evaluated).Encode(root); err != nil {
			t.Fatal(err)
		}
		var want File
		md, err := toml.Decode(evaluated.String(), &want)
		if err != nil {
			t.Fatalf("%s: toml.Decode: %v", path, err)
		}
		for _, k := range md.Undecoded() {
			// A plug-in section's keys decode into its Params, which
			// toml.Decode does not know.
			if top := k[0]; top != "rule" && top != "task" && top != "input" && top != "environment" && top != "current" && top != "analysis" && !(top == "region" && len(k) > 2 && k[1] == "population") &&
				!((top == "projection" || top == "pathway") && len(k) > 2 && (k[1] == "connect" || k[1] == "synapse" || k[1] == "plasticity")) {
				t.Errorf("%s: toml.Decode left key %v undecoded", path, k)
			}
		}
		got, errs := decodeFile(nil, root)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", path, errs[0])
		}
		for i := range got.Rule {
			got.Rule[i].Params, got.Rule[i].given = nil, nil
		}
		for i := range got.Task {
			got.Task[i].Params, got.Task[i].given = nil, nil
		}
		for _, r := range got.Regions {
			for i := range r.Population {
				r.Population[i].Params, r.Population[i].given = nil, nil
			}
		}
		for _, pr := range got.projections() {
			pr.Plasticity.Params, pr.Plasticity.given = nil, nil
		}
		for _, prs := range [][]Projection{got.Projection, got.Pathway} {
			for i := range prs {
				prs[i].Connect.Params, prs[i].Connect.given = nil, nil
				prs[i].Synapse.Params, prs[i].Synapse.given = nil, nil
			}
		}
		for i := range got.Input {
			got.Input[i].SynapseParams, got.Input[i].given = nil, nil
		}
		for i := range got.Stimulus {
			got.Stimulus[i].Params, got.Stimulus[i].given = nil, nil
		}
		if got.Environment != nil {
			got.Environment.Params, got.Environment.given = nil, nil
		}
		for i := range got.Analysis {
			got.Analysis[i].Params, got.Analysis[i].given = nil, nil
		}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("%s: the strict decoder and toml.Decode disagree", path)
		}
	}
}

// forgetGiven clears the keys each plug-in section set: a file and its
// Encode output differ there, since Encode writes every key.
func forgetGiven(f *File) {
	for i := range f.Rule {
		f.Rule[i].given = nil
	}
	for i := range f.Task {
		f.Task[i].given = nil
	}
	for _, r := range f.Regions {
		for i := range r.Population {
			r.Population[i].given = nil
		}
	}
	for _, pr := range f.projections() {
		pr.Plasticity.given = nil
	}
	for _, prs := range [][]Projection{f.Projection, f.Pathway} {
		for i := range prs {
			prs[i].Connect.given, prs[i].Synapse.given = nil, nil
		}
	}
	for i := range f.Input {
		f.Input[i].given = nil
	}
	for i := range f.Stimulus {
		f.Stimulus[i].given = nil
	}
	if f.Environment != nil {
		f.Environment.given = nil
	}
	for i := range f.Analysis {
		f.Analysis[i].given = nil
	}
}
