// Command gen turns the wire tables in spec/ into Go: typed constants with
// names and size tables, and the encoders and decoders of every fixed layout,
// plus the tests that hold each layout to its spec examples.
//
// Run it with `go generate ./...` (the directive below) or `make generate`.
// With -check it writes nothing and fails when a generated file on disk
// differs from what it would write, which is how CI catches stale output.
package main

//go:generate go run . -root ..

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	root := flag.String("root", ".", "module root: holds spec/ and codec/")
	check := flag.Bool("check", false, "report stale generated files instead of writing them")
	flag.Parse()
	stale, err := run(*root, *check)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if len(stale) > 0 {
		for _, p := range stale {
			fmt.Fprintln(os.Stderr, "gen: stale generated file:", p)
		}
		os.Exit(1)
	}
}

// run generates every file and either writes the changed ones or, in check
// mode, lists them.
func run(root string, check bool) (stale []string, err error) {
	specs, err := loadSpecs(filepath.Join(root, "spec"))
	if err != nil {
		return nil, err
	}
	outs, err := generate(specs)
	if err != nil {
		return nil, err
	}
	for _, o := range outs {
		path := filepath.Join(root, filepath.FromSlash(o.path))
		old, err := os.ReadFile(path)
		if err == nil && bytes.Equal(old, o.content) {
			continue
		}
		if check {
			stale = append(stale, o.path)
			continue
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, o.content, 0o644); err != nil {
			return nil, err
		}
	}
	return stale, nil
}
