package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// mayImport is docs/DESIGN.md's "may import" table: for every package under
// codec/, the module packages its non-test files may import. Everything
// else they import must be the standard library, so codec/ needs nothing
// outside it.
var mayImport = map[string][]string{
	"codec/wire":                {},
	"codec/rtmp":                {"codec/wire"},
	"codec/amf0":                {"codec/wire", "codec/amf3", "codec/internal/arena"},
	"codec/amf3":                {"codec/wire", "codec/internal/arena"},
	"codec/internal/arena":      {},
	"codec/handshake":           {"codec/wire"},
	"codec/chunk":               {"codec/wire", "codec/rtmp"},
	"codec/chunk/session":       {"codec/wire", "codec/chunk", "codec/handshake"},
	"codec/sharedobject":        {"codec/wire", "codec/amf0"},
	"codec/media":               {"codec/wire", "codec/amf0", "codec/amf3"},
	"codec/message":             {"codec/wire", "codec/rtmp", "codec/amf0", "codec/sharedobject", "codec/media"},
	"codec/internal/layouttest": {"codec/wire"},
	"codec/flv":                 {"codec/wire", "codec/rtmp", "codec/message"},
	"codec/conn":                {"codec/wire", "codec/rtmp", "codec/amf0", "codec/handshake", "codec/chunk", "codec/message", "codec/media"},
}

// codecImports parses every non-test file under codec/ and returns, per
// package directory, the module packages and the non-standard paths it
// imports.
func codecImports(t *testing.T) (module, foreign map[string][]string) {
	module, foreign = map[string][]string{}, map[string][]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir("../codec", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("..", filepath.Dir(path))
		pkg := filepath.ToSlash(rel)
		if _, ok := module[pkg]; !ok {
			module[pkg] = nil // the package exists even with no module imports
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			switch {
			case strings.HasPrefix(p, modulePath+"/"):
				if dep := strings.TrimPrefix(p, modulePath+"/"); !slices.Contains(module[pkg], dep) {
					module[pkg] = append(module[pkg], dep)
				}
			case strings.Contains(strings.SplitN(p, "/", 2)[0], "."):
				foreign[pkg] = append(foreign[pkg], p+" (in "+path+")")
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(module) == 0 {
		t.Fatal("found no codec/ source files: is the test running from gen/?")
	}
	return module, foreign
}

// TestLayers keeps the layers in order: each codec package imports only the
// standard library and the packages the table allows, and a package the
// table does not know about fails until it is added there (and to
// docs/DESIGN.md).
func TestLayers(t *testing.T) {
	module, foreign := codecImports(t)
	for pkg, deps := range module {
		allowed, ok := mayImport[pkg]
		if !ok {
			t.Errorf("%s is not in the layer table (gen/layers_test.go, docs/DESIGN.md): say what it may import", pkg)
			continue
		}
		for _, dep := range deps {
			if !slices.Contains(allowed, dep) {
				t.Errorf("%s imports %s, which the layer table does not allow", pkg, dep)
			}
		}
	}
	for pkg, paths := range foreign {
		t.Errorf("%s imports %v: codec/ may use only the standard library", pkg, paths)
	}
}

// TestChunkLayerIsALeaf: someone using only the chunk stream compiles the
// wire errors and the type IDs, never AMF0, shared objects or the message
// codecs.
func TestChunkLayerIsALeaf(t *testing.T) {
	module, _ := codecImports(t)
	seen := map[string]bool{}
	var walk func(string)
	walk = func(pkg string) {
		for _, dep := range module[pkg] {
			if !seen[dep] {
				seen[dep] = true
				walk(dep)
			}
		}
	}
	walk("codec/chunk")
	var deps []string
	for d := range seen {
		deps = append(deps, d)
	}
	sort.Strings(deps)
	if want := []string{"codec/rtmp", "codec/wire"}; !slices.Equal(deps, want) {
		t.Errorf("codec/chunk depends on %v, want only %v", deps, want)
	}
}
