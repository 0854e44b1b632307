package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeExamplesRun holds the README's library section to the runnable
// examples: every Go block in it must appear, line for line, in
// codec/message, codec/conn or codec/media's example_test.go, whose
// Examples `go test ./...` runs and checks against their output.
func TestReadmeExamplesRun(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var src []byte
	for _, pkg := range []string{"message", "conn", "media"} {
		b, err := os.ReadFile(filepath.Join("..", "codec", pkg, "example_test.go"))
		if err != nil {
			t.Fatal(err)
		}
		src = append(src, b...)
	}
	section := string(readme)
	start := strings.Index(section, "## Use it as a library")
	if start < 0 {
		t.Fatal(`README.md has no "## Use it as a library" section`)
	}
	section = section[start+1:]
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	code := normalize(string(src))
	blocks := strings.Split(section, "```go\n")[1:]
	if len(blocks) < 3 {
		t.Fatalf("the library section shows %d Go blocks, want the three first tasks", len(blocks))
	}
	for i, b := range blocks {
		b = b[:strings.Index(b, "```")]
		if !strings.Contains(code, normalize(b)) {
			t.Errorf("README Go block %d is not in codec/message, codec/conn or codec/media's example_test.go as written:\n%s", i+1, b)
		}
	}
}

// normalize drops indentation and blank lines, so a block can sit at any
// depth of a function.
func normalize(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return "\n" + strings.Join(out, "\n") + "\n"
}
