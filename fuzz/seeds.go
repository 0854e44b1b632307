package fuzz

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/rtmpcodec/rtmpcodec/corpus"
	"github.com/rtmpcodec/rtmpcodec/internal/fuzzcorpus"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// Seed is one input of a fuzz target: its arguments after *testing.T, in
// the order the target's function takes them.
type Seed []any

// SeedAdder is what AddSeeds needs of a *testing.F. The standard type and
// go-118-fuzz-build's stand-in for it both have these methods. The seeds
// live in this file, not beside the targets, because that build compiles a
// target's own _test.go file without the package's other test files.
type SeedAdder interface {
	Name() string
	Add(args ...any)
	Fatal(args ...any)
}

// SeedOutEnv names a directory. When it is set, AddSeeds also writes each
// seed of the target running into DIR/<target>/ in the `go test fuzz v1`
// form, which is how `make fuzz-seeds` exports the seeds the native engine
// uses for the engines that ignore F.Add (libFuzzer, OSS-Fuzz,
// ClusterFuzzLite).
const SeedOutEnv = "RTMPCODEC_FUZZ_SEED_OUT"

// AddSeeds adds every seed to f. The libFuzzer build calls a target once
// per input, seeding included: seeds are computed once per process
// (memoized by the functions below), so what remains per input is a loop
// of calls that build does nothing in.
func AddSeeds(f SeedAdder, seeds func() ([]Seed, error)) {
	s, err := seeds()
	if err != nil {
		f.Fatal(err)
		return
	}
	for _, args := range s {
		f.Add(args...)
	}
	if dir := os.Getenv(SeedOutEnv); dir != "" {
		if err := writeSeeds(filepath.Join(dir, f.Name()), s); err != nil {
			f.Fatal(err)
		}
	}
}

func writeSeeds(dir string, seeds []Seed) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, s := range seeds {
		b, err := fuzzcorpus.Marshal(s)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, fuzzcorpus.Name(b)), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Seed files the targets read besides corpus/ (embedded), relative to this
// package's directory, where `go test` runs.
const (
	flvFixture       = "../codec/flv/testdata/ffmpeg-1s.hex"
	flashC0C1Fixture = "../codec/handshake/testdata/flashplayer-c0c1.hex"
	mediaVectors     = "../codec/media/testdata/vectors.txt"
	libmediaEFLV     = "../codec/media/testdata/libmedia-eflv.hex"
	trafficDir       = "testdata/traffic"
)

func hexSeeds(hexes ...string) []Seed {
	out := make([]Seed, len(hexes))
	for i, h := range hexes {
		out[i] = Seed{testkit.MustHex(h)}
	}
	return out
}

// chunkLayout returns the payload of a one-message chunks-layer corpus
// file, its chunk headers removed as its chunk-layout header says.
func chunkLayout(c corpus.File) ([]byte, error) {
	var payload []byte
	off := 0
	for part := range strings.SplitSeq(c.Header["chunk-layout"], ",") {
		var hdr, body int
		if _, err := fmt.Sscanf(strings.TrimSpace(part), "%d+%d", &hdr, &body); err != nil || off+hdr+body > len(c.Data) {
			return nil, fmt.Errorf("%s: bad chunk-layout %q", c.Name, c.Header["chunk-layout"])
		}
		payload = append(payload, c.Data[off+hdr:off+hdr+body]...)
		off += hdr + body
	}
	return payload, nil
}

// corpusType is the type key of a corpus file, 0x14 when it has none.
func corpusType(c corpus.File) byte {
	if v, err := strconv.ParseUint(c.Header["type"], 0, 8); err == nil {
		return byte(v)
	}
	return 0x14
}

// corpusFilesOf returns the corpus files whose layer is one of layers.
func corpusFilesOf(layers ...string) ([]corpus.File, error) {
	all, err := corpus.All()
	if err != nil {
		return nil, err
	}
	var out []corpus.File
	for _, c := range all {
		for _, l := range layers {
			if c.Layer == l {
				out = append(out, c)
			}
		}
	}
	return out, nil
}

// memo computes a target's seeds once per process.
func memo(f func() ([]Seed, error)) func() ([]Seed, error) { return sync.OnceValues(f) }
