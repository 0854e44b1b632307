package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Limits on hand-written code under codec/ (docs/DESIGN.md, "Function
// size"): past them a function or file wants splitting by concern.
const (
	maxFuncLines      = 100
	maxChunkFileLines = 450
)

// TestCodeSize keeps hand-written functions under codec/ short, and files
// in codec/chunk, the state machine, readable in one sitting. Generated
// files and tests are exempt.
func TestCodeSize(t *testing.T) {
	fset := token.NewFileSet()
	err := filepath.WalkDir("../codec", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.HasSuffix(path, "_gen.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, path, src, 0)
		if err != nil {
			return err
		}
		if filepath.Base(filepath.Dir(path)) == "chunk" {
			if n := strings.Count(string(src), "\n"); n > maxChunkFileLines {
				t.Errorf("%s has %d lines; codec/chunk files stay under %d", path, n, maxChunkFileLines)
			}
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			lines := fset.Position(fn.End()).Line - fset.Position(fn.Pos()).Line + 1
			if lines > maxFuncLines {
				t.Errorf("%s: %s is %d lines; hand-written functions stay under %d", fset.Position(fn.Pos()), fn.Name.Name, lines, maxFuncLines)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
