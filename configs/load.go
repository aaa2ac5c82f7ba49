package configs

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"reflect"
	"strings"

	"github.com/BurntSushi/toml"
)

// shippedFS holds the experiments that ship with brainsim. The directory is
// embedded whole (a pattern like experiments/*.toml fails to compile while
// the folder has no .toml file); Shipped keeps only the .toml files.
//
//go:embed experiments
var shippedFS embed.FS

// ShippedInfo describes one experiment embedded in the binary.
type ShippedInfo struct {
	Name        string // file name without .toml; what `brainsim run <name>` takes
	Description string // experiment.description
}

// Shipped lists the embedded experiments (configs/experiments/*.toml),
// sorted by name.
func Shipped() []ShippedInfo {
	entries, err := fs.ReadDir(shippedFS, "experiments")
	if err != nil {
		return nil
	}
	var out []ShippedInfo
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".toml")
		if e.IsDir() || !ok {
			continue
		}
		data, err := fs.ReadFile(shippedFS, "experiments/"+e.Name())
		if err != nil {
			continue
		}
		var head struct {
			Experiment struct {
				Description string `toml:"description"`
			} `toml:"experiment"`
		}
		_, _ = toml.Decode(string(data), &head) // a broken file still lists; Resolve reports it
		out = append(out, ShippedInfo{Name: name, Description: head.Experiment.Description})
	}
	return out
}

// shippedData returns the text of the shipped experiment name.
func shippedData(name string) ([]byte, bool) {
	if name == "" || strings.ContainsAny(name, `/\`) {
		return nil, false
	}
	data, err := fs.ReadFile(shippedFS, "experiments/"+name+".toml")
	return data, err == nil
}

// Resolve loads an experiment named on the command line: a file when arg
// names an existing file or ends in .toml, otherwise the shipped experiment
// of that name.
func Resolve(arg string, overrides []string) (*File, error) {
	if st, err := os.Stat(arg); (err == nil && !st.IsDir()) || strings.HasSuffix(arg, ".toml") {
		return Load(arg, overrides)
	}
	if data, ok := shippedData(arg); ok {
		return LoadBytes(arg+".toml", data, overrides)
	}
	var names []string
	for _, s := range Shipped() {
		names = append(names, s.Name)
	}
	list := "none"
	if len(names) > 0 {
		list = strings.Join(names, ", ")
	}
	return nil, &Error{Msg: fmt.Sprintf("%q is neither a file nor a shipped experiment (shipped: %s)", arg, list)}
}

// Load reads an experiment file, applies the --set overrides, fills in the
// defaults and validates it. See LoadBytes.
func Load(path string, overrides []string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &Error{File: path, Msg: "cannot read: " + err.Error()}
	}
	return LoadBytes(path, data, overrides)
}

// LoadBytes decodes an experiment; name is the file name errors print.
//
// The pipeline is: parse the TOML, apply the overrides ("path=value", see
// the package documentation), evaluate the [params] and the expressions,
// decode strictly into a File (an unknown key is an error),
// [File.ApplyDefaults], [File.Validate]. On failure it returns a
// nil File and every error found, joined with errors.Join, each one line
// ([Error]); use [Errors] to list them.
func LoadBytes(name string, data []byte, overrides []string) (*File, error) {
	text := strings.TrimPrefix(string(data), "\ufeff")
	src := &source{file: name, idx: indexLines(text)}
	if src.idx.deep > 0 {
		return nil, &Error{File: name, Line: src.idx.deep, Msg: fmt.Sprintf("keys, arrays or inline tables nested deeper than %d levels", maxNesting)}
	}
	var root map[string]any
	if _, err := toml.Decode(text, &root); err != nil {
		return nil, syntaxError(name, err)
	}
	if len(root) == 0 {
		return nil, &Error{File: name, Msg: "empty experiment: needs [experiment] and at least one [[region]]"}
	}
	if errs := applyOverrides(src, root, overrides); len(errs) > 0 {
		return nil, joinErrors(errs)
	}
	exprErrs := evalExpressions(src, root)
	f, errs := decodeFile(src, root)
	if errs = append(exprErrs, errs...); len(errs) > 0 {
		return nil, joinErrors(errs)
	}
	f.src = src
	f.paramOrder = paramOrder(src.fileParams(), f.Params)
	f.ApplyDefaults()
	if err := f.Validate(); err != nil {
		return nil, err
	}
	return f, nil
}

// syntaxError turns a TOML parse error into one line "file:line: message".
func syntaxError(name string, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return &Error{File: name, Line: pe.Position.Line, Msg: pe.Message}
	}
	return &Error{File: name, Msg: strings.TrimPrefix(err.Error(), "toml: ")}
}

// Encode writes f as TOML: after ApplyDefaults this is the effective
// configuration, which loads back to an equal File. Keys that are nil (not
// given and without a default for the model) are left out. The [params]
// table comes first, in file order, with the values used; every other key
// holds its final value (expressions were evaluated when the file was
// loaded), so the output reruns exactly.
func Encode(w io.Writer, f *File) error {
	if err := encodeParams(w, f); err != nil {
		return err
	}
	rest := *f
	rest.Params = nil
	return toml.NewEncoder(w).Encode(encodeView(reflect.ValueOf(rest)).Interface())
}

// ShippedText returns the text of the shipped experiment name (what
// `brainsim run name` loads), and false when there is none.
func ShippedText(name string) ([]byte, bool) { return shippedData(name) }
