package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGeneratedFilesAreFresh fails when a committed generated file differs
// from what the generator writes from spec/ now: run `go generate ./...`.
func TestGeneratedFilesAreFresh(t *testing.T) {
	stale, err := run("..", true)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range stale {
		t.Errorf("stale generated file %s: run `go generate ./...` (or `make generate`) and commit the result", p)
	}
}

// TestNoOrphanGeneratedFiles catches a generated file whose spec was removed
// or renamed: every *_gen.go and *_gen_test.go under codec/ must be one the generator writes.
func TestNoOrphanGeneratedFiles(t *testing.T) {
	specs, err := loadSpecs("../spec")
	if err != nil {
		t.Fatal(err)
	}
	outs, err := generate(specs)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, o := range outs {
		want[o.path] = true
	}
	err = filepath.WalkDir("../codec", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(d.Name(), "_gen.go") || strings.HasSuffix(d.Name(), "_gen_test.go")) {
			return err
		}
		rel, _ := filepath.Rel("..", path)
		if !want[filepath.ToSlash(rel)] {
			t.Errorf("%s looks generated but no spec produces it", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestGenerateIsDeterministic guards the staleness check itself: two runs
// over the same specs must give identical bytes.
func TestGenerateIsDeterministic(t *testing.T) {
	specs, err := loadSpecs("../spec")
	if err != nil {
		t.Fatal(err)
	}
	a, err := generate(specs)
	if err != nil {
		t.Fatal(err)
	}
	b, err := generate(specs)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("%d vs %d files", len(a), len(b))
	}
	for i := range a {
		if a[i].path != b[i].path || string(a[i].content) != string(b[i].content) {
			t.Errorf("%s differs between runs", a[i].path)
		}
	}
}

// TestBadSpecsFailLoudly feeds the loader specs that contradict themselves
// and expects each to be refused with a message naming the problem.
func TestBadSpecsFailLoudly(t *testing.T) {
	base := `{"package": "p", "layer": "p", %s}`
	entry := `{"value": 1, "name": "One", "ident": "One", "description": "d", "source": "s"}`
	layoutWith := func(fields, examples string) string {
		return `"layouts": [{"ident": "L", "name": "l", "description": "d", "source": "s", "fields": [` + fields + `], "examples": [` + examples + `]}]`
	}
	u32 := `{"ident": "F", "type": "u32", "description": "d"}`
	for _, tc := range []struct{ name, body, want string }{
		{"duplicate value", `"enums": [{"type": "E", "underlying": "uint8", "description": "d", "entries": [` + entry + `, {"value": 1, "name": "Two", "ident": "Two", "description": "d", "source": "s"}]}]`, "duplicate"},
		{"value too large", `"enums": [{"type": "E", "underlying": "uint8", "description": "d", "entries": [{"value": 256, "name": "N", "ident": "N", "description": "d", "source": "s"}]}]`, "does not fit"},
		{"missing source", `"enums": [{"type": "E", "underlying": "uint8", "description": "d", "entries": [{"value": 1, "name": "N", "ident": "N", "description": "d"}]}]`, "source"},
		{"duplicate identifier", `"enums": [{"type": "One", "underlying": "uint8", "description": "d", "entries": [` + entry + `]}]`, "already used"},
		{"unknown field key", `"enums": [], "bogus": 1`, "unknown field"},
		{"unknown wire type", layoutWith(`{"ident": "F", "type": "u128", "description": "d"}`, `{"comment": "c", "wire": "00", "values": {"F": 0}}`), "unknown wire type"},
		{"no examples", layoutWith(u32, ``), "at least one example"},
		{"example misses a field", layoutWith(u32, `{"comment": "c", "wire": "00000000", "values": {}}`), "values"},
		{"bad example hex", layoutWith(u32, `{"comment": "c", "wire": "0g", "values": {"F": 0}}`), "bad hex"},
		{"field named like a method", layoutWith(`{"ident": "Size", "type": "u32", "description": "d"}`, `{"comment": "c", "wire": "00000000", "values": {"Size": 0}}`), "clashes"},
		{"max beyond the type", layoutWith(`{"ident": "F", "type": "u8", "max": 300, "constraint": "c", "description": "d"}`, `{"comment": "c", "wire": "00", "values": {"F": 0}}`), "does not fit"},
		{"range without a sentence", layoutWith(`{"ident": "F", "type": "u8", "max": 3, "description": "d"}`, `{"comment": "c", "wire": "00", "values": {"F": 0}}`), "constraint sentence"},
		{"constant repeating a layout length", `"constants": [{"ident": "LSize", "value": 4, "name": "n", "description": "d", "source": "s"}], ` + layoutWith(u32, `{"comment": "c", "wire": "00000000", "values": {"F": 0}}`), "LLen"},
		{"constant with two values", `"constants": [{"ident": "K", "value": 4, "string": "k", "name": "n", "description": "d", "source": "s"}]`, "exactly one"},
		{"constant with no value", `"constants": [{"ident": "K", "name": "n", "description": "d", "source": "s"}]`, "exactly one"},
		{"constant with bad hex", `"constants": [{"ident": "K", "hex": "f0e", "name": "n", "description": "d", "source": "s"}]`, "bad hex"},
		{"value past the table", `"enums": [{"type": "E", "underlying": "uint16", "description": "d", "entries": [{"value": 4096, "name": "N", "ident": "N", "description": "d", "source": "s"}]}]`, "not supported"},
		{"message type of no dispatch", `"layouts": [{"ident": "L", "name": "l", "description": "d", "source": "s", "message_type": "Nope", "fields": [` + u32 + `], "examples": [{"comment": "c", "wire": "00000000", "values": {"F": 0}}]}]`, "dispatched enum"},
		{"union entry without a layout", `"enums": [{"type": "E", "underlying": "uint8", "description": "d", "union": {"ident": "U", "header": "h", "description": "d"}, "entries": [` + entry + `]}]`, "need a layout"},
		{"dispatch claiming an ID twice", `"enums": [{"type": "T", "underlying": "uint8", "description": "d", "entries": [` + entry + `]}], "dispatch": {"enum": "T", "fallback": "Raw", "messages": [{"go_type": "A", "message_types": ["One"]}, {"go_type": "B", "message_types": ["One"]}]}`, "decoded by both"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "p.json"), []byte(strings.Replace(base, "%s", tc.body, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := loadSpecs(dir)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("loadSpecs: %v, want an error mentioning %q", err, tc.want)
			}
		})
	}
}
