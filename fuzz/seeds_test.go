package fuzz

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/internal/fuzzcorpus"
)

// seedSets lists every seed function a target passes to AddSeeds.
var seedSets = map[string]func() ([]Seed, error){
	"AMF0Seeds": AMF0Seeds, "AMF3Seeds": AMF3Seeds, "ChunkSeeds": ChunkSeeds, "FLVSeeds": FLVSeeds,
	"HandshakeSeeds": HandshakeSeeds, "HandshakeDigestSeeds": HandshakeDigestSeeds,
	"HandshakeExchangeSeeds": HandshakeExchangeSeeds, "HandshakeServerSeeds": HandshakeServerSeeds,
	"HexDecodeSeeds": HexDecodeSeeds, "HexRoundTripSeeds": HexRoundTripSeeds, "HexDumpStylesSeeds": HexDumpStylesSeeds,
	"MediaSeeds": MediaSeeds, "MediaBuildSeeds": MediaBuildSeeds,
	"MessageControlSeeds": MessageControlSeeds, "MessageUserControlSeeds": MessageUserControlSeeds,
	"MessageAggregateSeeds": MessageAggregateSeeds, "MessageMediaSeeds": MessageMediaSeeds,
	"MessageAnySeeds": MessageAnySeeds, "SharedObjectSeeds": SharedObjectSeeds, "MessageCommandSeeds": MessageCommandSeeds,
	"ChunkBuildSeeds": ChunkBuildSeeds,
	"ConnServerSeeds": ConnServerSeeds,
	"ConnClientSeeds": ConnClientSeeds,
}

// The real sessions are seeds: each direction decodes to messages, and its
// chunk stream is cut after its last whole message.
func TestTrafficSeeds(t *testing.T) {
	dirs, err := traffic()
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 8 {
		t.Fatalf("%d directions of real traffic, want the 8 make.sh writes", len(dirs))
	}
	for _, d := range dirs {
		if len(d.messages) < 3 || len(d.chunks) == 0 {
			t.Errorf("%s: %d messages in %d chunk bytes", d.name, len(d.messages), len(d.chunks))
		}
		for _, m := range d.messages {
			if !m.Complete() {
				t.Errorf("%s: message at %d is not whole", d.name, m.Offset)
			}
		}
		if int(d.messages[len(d.messages)-1].Offset) >= len(d.chunks) {
			t.Errorf("%s: the last message starts past the cut", d.name)
		}
	}
}

// Every seed reaches a libFuzzer build as the same arguments: the seed
// corpus for OSS-Fuzz is these seeds framed for go-118-fuzz-build's
// harness, and only an empty []byte cannot be framed.
func TestSeedsSurviveLibFuzzerFraming(t *testing.T) {
	for name, set := range seedSets {
		seeds, err := set()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(seeds) == 0 {
			t.Errorf("%s: no seeds", name)
		}
		for i, s := range seeds {
			data, ok, err := fuzzcorpus.Frame(s)
			if err != nil {
				t.Fatalf("%s[%d]: %v", name, i, err)
			}
			if !ok {
				if b, _ := s[len(s)-1].([]byte); len(b) != 0 {
					t.Errorf("%s[%d]: not framed, yet its []byte is not empty", name, i)
				}
				continue
			}
			var types []string
			for _, a := range s {
				types = append(types, reflect.TypeOf(a).String())
			}
			back, ok, err := fuzzcorpus.Unframe(data, types)
			if err != nil || !ok || !reflect.DeepEqual([]any(s), back) {
				t.Errorf("%s[%d]: %v framed as %x reads back as %v (ok %v, %v)", name, i, s, data, back, ok, err)
			}
		}
	}
}

// testFile is one parsed _test.go file of this package.
type testFile struct {
	name string
	ast  *ast.File
}

// parseTestFiles parses the test files in dir and returns them, and each
// fuzz target's file.
func parseTestFiles(t *testing.T, dir string) ([]testFile, map[string]testFile) {
	t.Helper()
	fset := token.NewFileSet()
	paths, _ := filepath.Glob(filepath.Join(dir, "*_test.go"))
	var all []testFile
	targets := map[string]testFile{}
	for _, p := range paths {
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		tf := testFile{p, f}
		all = append(all, tf)
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && strings.HasPrefix(fd.Name.Name, "Fuzz") {
				targets[fd.Name.Name] = tf
			}
		}
	}
	if len(targets) == 0 {
		t.Fatal("no fuzz targets found")
	}
	return all, targets
}

// OSS-Fuzz's compile_native_go_fuzzer and _v2 find a target by grepping
// the package directory (recursively) for its name: exactly one file may
// hold it, with exactly one line holding both "func NAME" and "testing.F".
// go-118-fuzz-build then compiles that file without the package's other
// test files, so it may use nothing they declare. Every target here meets
// all three, so the build script needs no per-target care. Each target is
// seeded through AddSeeds (F.Add does nothing in that build); in this
// package, by a function in seedSets, so the framing test covers them. The
// CLI's targets in internal/cli are held to the same rules.
func TestOSSFuzzScriptsFindEveryTarget(t *testing.T) {
	for _, dir := range []string{".", "../internal/cli"} {
		t.Run(dir, func(t *testing.T) { checkTargetsFindable(t, dir) })
	}
}

func checkTargetsFindable(t *testing.T, dir string) {
	var contents [][]byte
	var names []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			contents, names = append(contents, b), append(names, p)
		}
		return nil
	})
	all, targets := parseTestFiles(t, dir)
	declaredIn := map[string]string{}
	for _, f := range all {
		for name := range f.ast.Scope.Objects {
			declaredIn[name] = f.name
		}
	}
	for target, file := range targets {
		var holders []string
		lines := 0
		line := regexp.MustCompile(`func ` + target + `.*testing\.F`)
		for i, b := range contents {
			if bytes.Contains(b, []byte(target)) {
				holders = append(holders, names[i])
				lines += len(line.FindAll(b, -1))
			}
		}
		if len(holders) != 1 || lines != 1 {
			t.Errorf("%s: named in %v, %d \"func %s ... testing.F\" lines; the scripts need one file and one line", target, holders, lines, target)
		}
		seeded := false
		ast.Inspect(file.ast, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				if p, ok := declaredIn[n.Name]; ok && p != file.name {
					t.Errorf("%s (%s) uses %s, declared in %s: the libFuzzer build cannot see it", target, file.name, n.Name, p)
				}
			case *ast.FuncDecl:
				if n.Name.Name != target {
					return false
				}
			case *ast.CallExpr:
				name := ""
				switch fn := n.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				}
				if name == "AddSeeds" && len(n.Args) == 2 {
					arg, _ := n.Args[1].(*ast.Ident)
					seeded = arg != nil && (dir != "." || seedSets[arg.Name] != nil)
				}
			}
			return true
		})
		if !seeded {
			t.Errorf("%s: not seeded by AddSeeds with a function listed in seedSets", target)
		}
	}
}
