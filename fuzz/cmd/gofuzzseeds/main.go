// Command gofuzzseeds writes the seed corpus for go-fuzz as raw files: every
// corpus/ file's bytes, each message payload once more behind its type byte
// (the form the message entry points read), and every []byte seed of the
// native targets under fuzz/testdata/fuzz. `make gofuzz` runs it.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/rtmpcodec/rtmpcodec/corpus"
	"github.com/rtmpcodec/rtmpcodec/internal/fuzzcorpus"
)

func main() {
	out := flag.String("out", "", "directory to write the seeds into (created if missing)")
	native := flag.String("native", "fuzz/testdata/fuzz", "directory of native fuzz seeds to include")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: gofuzzseeds -out DIR [-native DIR]")
		os.Exit(2)
	}
	n, err := write(*out, *native)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gofuzzseeds:", err)
		os.Exit(1)
	}
	fmt.Printf("gofuzzseeds: %d seeds in %s\n", n, *out)
}

func write(out, native string) (int, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return 0, err
	}
	files, err := corpus.All()
	if err != nil {
		return 0, err
	}
	n := 0
	put := func(name string, data []byte) error {
		n++
		return os.WriteFile(filepath.Join(out, name), data, 0o644)
	}
	for _, f := range files {
		base := strings.TrimSuffix(f.Name, ".hex")
		if err := put(base, f.Data); err != nil {
			return n, err
		}
		if f.Layer == corpus.LayerMessage {
			t, err := strconv.ParseUint(f.Header["type"], 0, 8)
			if err != nil {
				return n, fmt.Errorf("%s: type %q: %v", f.Name, f.Header["type"], err)
			}
			if err := put(base+".typed", append([]byte{byte(t)}, f.Data...)); err != nil {
				return n, err
			}
		}
	}
	seeds, err := nativeSeeds(native)
	if err != nil {
		return n, err
	}
	for _, s := range seeds {
		sum := sha256.Sum256(s)
		if err := put("native-"+hex.EncodeToString(sum[:8]), s); err != nil {
			return n, err
		}
	}
	return n, nil
}

// nativeSeeds reads the single []byte argument of each "go test fuzz v1"
// file under dir; files of targets with other arguments are skipped.
func nativeSeeds(dir string) ([][]byte, error) {
	var seeds [][]byte
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if os.IsNotExist(err) {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		args, err := fuzzcorpus.Unmarshal(raw)
		if err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
		if len(args) != 1 {
			return nil
		}
		s, ok := args[0].([]byte)
		if !ok {
			return nil
		}
		seeds = append(seeds, s)
		return nil
	})
	return seeds, err
}
