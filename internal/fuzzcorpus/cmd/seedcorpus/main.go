// Command seedcorpus moves the fuzz targets' committed corpus between the
// engines. The corpus of a target is its seeds (what it passes to f.Add)
// and its files under testdata/fuzz; the engines that ignore f.Add
// (libFuzzer builds, OSS-Fuzz, ClusterFuzzLite) get it from here.
//
//	seedcorpus -pkg ./fuzz -native DIR     the corpus as `go test fuzz v1` files, DIR/<target>/
//	seedcorpus -pkg ./fuzz -libfuzzer DIR  framed for go-118-fuzz-build's harness, DIR/<target>/
//	seedcorpus -pkg ./fuzz -zip DIR        the same as DIR/<target>_seed_corpus.zip (OSS-Fuzz)
//	seedcorpus -pkg ./fuzz -import TARGET -out DIR FILE...
//	                                       libFuzzer inputs of TARGET as `go test fuzz v1` files
//
// The seeds are exported by running the package's targets over their
// seeds with fuzz.SeedOutEnv set (`go test -run '^Fuzz'`), so what is
// exported is exactly what the native engine replays.
package main

import (
	"archive/zip"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rtmpcodec/rtmpcodec/internal/fuzzcorpus"
)

func main() {
	pkg := flag.String("pkg", "./fuzz", "package directory holding the fuzz targets")
	native := flag.String("native", "", "write the corpus as native files under this directory")
	libfuzzer := flag.String("libfuzzer", "", "write the corpus framed for libFuzzer under this directory")
	zipDir := flag.String("zip", "", "write <target>_seed_corpus.zip files into this directory")
	target := flag.String("import", "", "convert libFuzzer inputs (the arguments) of this target to native files")
	out := flag.String("out", "", "with -import: the directory to write into")
	flag.Parse()
	var err error
	switch {
	case *target != "" && *out != "":
		err = importInputs(*pkg, *target, *out, flag.Args())
	case *native != "" || *libfuzzer != "" || *zipDir != "":
		err = export(*pkg, *native, *libfuzzer, *zipDir)
	default:
		flag.Usage()
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "seedcorpus:", err)
		os.Exit(1)
	}
}

// corpus returns every target's corpus: name -> native files.
func corpus(pkg string) (map[string][][]byte, error) {
	tmp, err := os.MkdirTemp("", "seedcorpus-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	cmd := exec.Command("go", "test", pkg, "-run", "^Fuzz", "-count=1")
	cmd.Env = append(os.Environ(), "RTMPCODEC_FUZZ_SEED_OUT="+tmp)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("replaying the seeds of %s: %v", pkg, err)
	}
	out := map[string][][]byte{}
	for _, dir := range []string{tmp, filepath.Join(pkg, "testdata", "fuzz")} {
		paths, _ := filepath.Glob(filepath.Join(dir, "Fuzz*", "*"))
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				return nil, err
			}
			name := filepath.Base(filepath.Dir(p))
			out[name] = append(out[name], b)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no seeds exported: does " + pkg + " seed its targets with fuzz.AddSeeds?")
	}
	return out, nil
}

func export(pkg, native, libfuzzer, zipDir string) error {
	all, err := corpus(pkg)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(all))
	for n := range all {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		framed := map[string][]byte{}
		skipped := 0
		for _, file := range all[name] {
			args, err := fuzzcorpus.Unmarshal(file)
			if err != nil {
				return fmt.Errorf("%s: %v", name, err)
			}
			if native != "" {
				if err := put(filepath.Join(native, name), fuzzcorpus.Name(file), file); err != nil {
					return err
				}
			}
			data, ok, err := fuzzcorpus.Frame(args)
			if err != nil {
				return fmt.Errorf("%s: %v", name, err)
			}
			if !ok {
				skipped++
				continue
			}
			framed[fuzzcorpus.Name(data)] = data
			if libfuzzer != "" {
				if err := put(filepath.Join(libfuzzer, name), fuzzcorpus.Name(data), data); err != nil {
					return err
				}
			}
		}
		if zipDir != "" {
			if err := writeZip(filepath.Join(zipDir, name+"_seed_corpus.zip"), framed); err != nil {
				return err
			}
		}
		fmt.Printf("%s: %d inputs, %d framed for libFuzzer", name, len(all[name]), len(framed))
		if skipped > 0 {
			fmt.Printf(" (%d with an empty []byte, which the harness cannot deliver)", skipped)
		}
		fmt.Println()
	}
	return nil
}

func put(dir, name string, data []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, name), data, 0o644)
}

func writeZip(path string, files map[string][]byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(f)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err == nil {
			_, err = w.Write(files[n])
		}
		if err != nil {
			f.Close()
			return err
		}
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// importInputs converts libFuzzer inputs of target into native files,
// splitting them as the harness does; inputs the harness would not
// deliver are reported and skipped.
func importInputs(pkg, target, out string, files []string) error {
	types, err := argTypes(pkg, target)
	if err != nil {
		return err
	}
	n := 0
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		args, ok, err := fuzzcorpus.Unframe(data, types)
		if err != nil {
			return err
		}
		if !ok {
			fmt.Fprintf(os.Stderr, "%s: too short for %s's arguments: skipped\n", p, target)
			continue
		}
		file, err := fuzzcorpus.Marshal(args)
		if err != nil {
			return err
		}
		if err := put(out, fuzzcorpus.Name(file), file); err != nil {
			return err
		}
		n++
	}
	fmt.Printf("%s: %d inputs written to %s\n", target, n, out)
	return nil
}

// argTypes reads the argument types of target's f.Fuzz function from the
// package's test files.
func argTypes(pkg, target string) ([]string, error) {
	paths, _ := filepath.Glob(filepath.Join(pkg, "*_test.go"))
	fset := token.NewFileSet()
	for _, p := range paths {
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Name.Name != target {
				continue
			}
			var types []string
			var bad error
			ast.Inspect(fd, func(n ast.Node) bool {
				lit, ok := n.(*ast.FuncLit)
				if !ok || types != nil {
					return true
				}
				for i, field := range lit.Type.Params.List {
					t, ok := map[string]string{"[]byte": fuzzcorpus.TypeBytes, "bool": fuzzcorpus.TypeBool,
						"byte": fuzzcorpus.TypeUint8, "uint8": fuzzcorpus.TypeUint8, "int": fuzzcorpus.TypeInt}[exprString(field.Type)]
					if i == 0 {
						continue // *testing.T
					}
					if !ok {
						bad = fmt.Errorf("%s: argument type %s is not one fuzzcorpus handles", target, exprString(field.Type))
					}
					for range max(1, len(field.Names)) {
						types = append(types, t)
					}
				}
				return false
			})
			if bad != nil {
				return nil, bad
			}
			if types == nil {
				return nil, fmt.Errorf("%s: no f.Fuzz function found", target)
			}
			return types, nil
		}
	}
	return nil, fmt.Errorf("no fuzz target %s in %s", target, pkg)
}

func exprString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.ArrayType:
		return "[]" + exprString(e.Elt)
	case *ast.StarExpr:
		return "*" + exprString(e.X)
	case *ast.SelectorExpr:
		return exprString(e.X) + "." + e.Sel.Name
	}
	return strings.TrimSpace(fmt.Sprintf("%T", e))
}
