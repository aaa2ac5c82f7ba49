package configs

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// schemaField is a key of the schema and the Go field that holds it.
type schemaField struct {
	path  string // e.g. "projection.plasticity.tau_e"
	field string // e.g. "TauE"
}

// schemaFields walks the schema from t and lists every key.
func schemaFields(t reflect.Type, prefix string, seen map[reflect.Type]bool, out *[]schemaField) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] || t.PkgPath() != reflect.TypeFor[File]().PkgPath() {
		return
	}
	seen[t] = true
	defer delete(seen, t)
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if !f.IsExported() || tag == "" || tag == "-" {
			continue
		}
		path := tag
		if prefix != "" {
			path = prefix + "." + tag
		}
		*out = append(*out, schemaField{path: path, field: f.Name})
		schemaFields(f.Type, path, seen, out)
	}
}

// readers collects the field names selected (x.Name) by the module's code
// outside tests, leaving out what only checks or fills a file: package
// configs' validation (validate.go, methods of validator, validate*
// functions) and defaults (defaults.go, apply* functions).
func readers(t *testing.T, root string) map[string]bool {
	sel := map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		file, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		inConfigs := file.Name.Name == "configs"
		base := filepath.Base(path)
		if inConfigs && (base == "validate.go" || base == "defaults.go") {
			return nil
		}
		for _, decl := range file.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok && inConfigs {
				name := fd.Name.Name
				if strings.HasPrefix(name, "apply") || strings.HasPrefix(name, "validate") || strings.HasSuffix(name, "Defaults") {
					continue
				}
				if fd.Recv != nil && len(fd.Recv.List) == 1 {
					if st, ok := fd.Recv.List[0].Type.(*ast.StarExpr); ok {
						if id, ok := st.X.(*ast.Ident); ok && id.Name == "validator" {
							continue
						}
					}
				}
			}
			ast.Inspect(decl, func(n ast.Node) bool {
				if s, ok := n.(*ast.SelectorExpr); ok {
					sel[s.Sel.Name] = true
				}
				return true
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sel
}

// TestEveryKeyIsRead walks the schema and fails on a key whose field no
// code reads beyond validation and defaults: a key that changes nothing is
// a defect. (A field name that is common, like Name, is found in any case;
// the test catches the keys with names of their own.)
func TestEveryKeyIsRead(t *testing.T) {
	var fields []schemaField
	schemaFields(reflect.TypeFor[File](), "", map[reflect.Type]bool{}, &fields)
	if len(fields) < 100 {
		t.Fatalf("walked only %d keys", len(fields))
	}
	sel := readers(t, "..")
	var dead []string
	for _, f := range fields {
		if !sel[f.field] {
			dead = append(dead, f.path+" ("+f.field+")")
		}
	}
	sort.Strings(dead)
	for _, d := range dead {
		t.Errorf("key %s is read by no code outside validation and defaults", d)
	}
	t.Logf("%d keys walked", len(fields))
}
