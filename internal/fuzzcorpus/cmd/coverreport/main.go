// Command coverreport summarises `make fuzz-cover`: the statement coverage
// of codec/ reached by replaying the fuzz targets' committed corpus. It
// merges the profile's blocks (a block counts as covered when any test
// binary reached it), prints coverage per package and in total, then every
// function of codec/ no input reaches at all, each with the reason the
// gaps file gives for it. It fails when the total is under -min or when an
// unreached function has no reason: the gaps list stays true as the code
// and the corpus change.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path"
	"sort"
	"strconv"
	"strings"
)

func main() {
	profile := flag.String("profile", "", "coverage profile written by go test -coverprofile")
	gaps := flag.String("gaps", "", "markdown file whose table rows `| file:Function | reason |` explain unreached functions")
	minPct := flag.Float64("min", 90, "fail when total statement coverage is below this percentage")
	flag.Parse()
	if *profile == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*profile, *gaps, *minPct); err != nil {
		fmt.Fprintln(os.Stderr, "coverreport:", err)
		os.Exit(1)
	}
}

type block struct{ stmts, count int }

func run(profile, gapsFile string, minPct float64) error {
	blocks, mode, err := readProfile(profile)
	if err != nil {
		return err
	}
	merged := profile + ".merged"
	if err := writeProfile(merged, mode, blocks); err != nil {
		return err
	}
	type pkgCov struct{ total, covered int }
	pkgs := map[string]*pkgCov{}
	var total, covered int
	for k, b := range blocks {
		p := path.Dir(k[:strings.LastIndexByte(k, ':')])
		if pkgs[p] == nil {
			pkgs[p] = &pkgCov{}
		}
		pkgs[p].total += b.stmts
		total += b.stmts
		if b.count > 0 {
			pkgs[p].covered += b.stmts
			covered += b.stmts
		}
	}
	names := make([]string, 0, len(pkgs))
	for p := range pkgs {
		names = append(names, p)
	}
	sort.Strings(names)
	fmt.Println("statement coverage of codec/ from the committed fuzz corpus alone:")
	for _, p := range names {
		c := pkgs[p]
		fmt.Printf("  %-55s %5d/%5d  %5.1f%%\n", p, c.covered, c.total, pct(c.covered, c.total))
	}
	fmt.Printf("  %-55s %5d/%5d  %5.1f%%\n", "total", covered, total, pct(covered, total))

	unreached, err := unreachedFuncs(merged)
	if err != nil {
		return err
	}
	reasons, err := readGaps(gapsFile)
	if err != nil {
		return err
	}
	var missing []string
	fmt.Printf("\nfunctions no corpus input reaches (%d):\n", len(unreached))
	for _, f := range unreached {
		r, ok := reasons[f]
		if !ok {
			r = "NO REASON GIVEN in " + gapsFile
			missing = append(missing, f)
		}
		fmt.Printf("  %-50s %s\n", f, r)
	}
	if p := pct(covered, total); p < minPct {
		return fmt.Errorf("total %.1f%% is under %.1f%%", p, minPct)
	}
	if len(missing) > 0 && gapsFile != "" {
		return fmt.Errorf("%d unreached functions have no reason in %s", len(missing), gapsFile)
	}
	return nil
}

func pct(a, b int) float64 {
	if b == 0 {
		return 100
	}
	return 100 * float64(a) / float64(b)
}

// readProfile merges the blocks of a profile that may hold several test
// binaries' copies of one block.
func readProfile(name string) (map[string]block, string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	blocks := map[string]block{}
	mode := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if m, ok := strings.CutPrefix(line, "mode: "); ok {
			mode = m
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 {
			continue
		}
		n, err1 := strconv.Atoi(f[1])
		c, err2 := strconv.Atoi(f[2])
		if err1 != nil || err2 != nil {
			return nil, "", fmt.Errorf("%s: bad line %q", name, line)
		}
		b := blocks[f[0]]
		b.stmts = n
		b.count = max(b.count, c)
		blocks[f[0]] = b
	}
	if mode == "" {
		return nil, "", fmt.Errorf("%s: no mode line: not a coverage profile", name)
	}
	return blocks, mode, sc.Err()
}

func writeProfile(name, mode string, blocks map[string]block) error {
	var b strings.Builder
	b.WriteString("mode: " + mode + "\n")
	keys := make([]string, 0, len(blocks))
	for k := range blocks {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s %d %d\n", k, blocks[k].stmts, blocks[k].count)
	}
	return os.WriteFile(name, []byte(b.String()), 0o644)
}

// unreachedFuncs returns "path/file.go:Func" for every function at 0.0%
// in `go tool cover -func`, the module path removed.
func unreachedFuncs(profile string) ([]string, error) {
	out, err := exec.Command("go", "tool", "cover", "-func="+profile).Output()
	if err != nil {
		return nil, fmt.Errorf("go tool cover: %v", err)
	}
	var funcs []string
	for line := range strings.Lines(string(out)) {
		f := strings.Fields(line)
		if len(f) != 3 || f[2] != "0.0%" {
			continue
		}
		file := strings.TrimSuffix(f[0], ":")
		file = file[:strings.LastIndexByte(file, ':')]
		file = strings.TrimPrefix(file, "github.com/rtmpcodec/rtmpcodec/")
		funcs = append(funcs, file+":"+f[1])
	}
	return funcs, nil
}

// readGaps reads the reasons: table rows whose first cell is
// `file:Function` (back-quoted or not) and whose second is the reason.
func readGaps(name string) (map[string]string, error) {
	out := map[string]string{}
	if name == "" {
		return out, nil
	}
	raw, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	for line := range strings.Lines(string(raw)) {
		cells := strings.Split(strings.TrimSpace(line), "|")
		if len(cells) < 4 || cells[0] != "" {
			continue
		}
		key := strings.Trim(strings.TrimSpace(cells[1]), "`")
		if strings.Contains(key, ".go:") {
			out[key] = strings.TrimSpace(cells[2])
		}
	}
	return out, nil
}
