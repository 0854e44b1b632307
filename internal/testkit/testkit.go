// Package testkit holds what the module's tests, fuzz properties and
// generator share: the hex notation of the specs and test vectors, and a
// reader that hands out its bytes in random pieces. Nothing in codec/
// imports it outside tests.
package testkit

import (
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// ParseHex reads the notation of spec examples and test vectors: hex
// digits with any whitespace between them, where a token "HEX*N" stands
// for HEX repeated N times.
func ParseHex(s string) ([]byte, error) {
	var out []byte
	for _, tok := range strings.Fields(s) {
		rep := 1
		if i := strings.IndexByte(tok, '*'); i >= 0 {
			n, err := strconv.Atoi(tok[i+1:])
			if err != nil || n < 1 {
				return nil, fmt.Errorf("bad repeat in %q", tok)
			}
			tok, rep = tok[:i], n
		}
		b, err := hex.DecodeString(tok)
		if err != nil {
			return nil, fmt.Errorf("bad hex %q: %v", tok, err)
		}
		for range rep {
			out = append(out, b...)
		}
	}
	return out, nil
}

// Hex is ParseHex for a test: bad notation fails the test.
func Hex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := ParseHex(s)
	if err != nil {
		t.Fatalf("bad hex in test: %v", err)
	}
	return b
}

// HexFile reads a test fixture (see ReadHexFile); a bad file fails the
// test.
func HexFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := ReadHexFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ReadHexFile reads a fixture: '#' comment lines (where it came from, how
// it was made), then hex in ParseHex's notation.
func ReadHexFile(path string) ([]byte, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var text strings.Builder
	for line := range strings.Lines(string(raw)) {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			text.WriteString(line)
		}
	}
	b, err := ParseHex(text.String())
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return b, nil
}

// Vector is one line of a vector file: a kind, the bytes and a name.
type Vector struct {
	Kind, Name string
	Bytes      []byte
}

// VectorFile reads a file of named vectors shared by several packages'
// tests (see ReadVectorFile); a bad file fails the test.
func VectorFile(t testing.TB, path string) []Vector {
	t.Helper()
	vs, err := ReadVectorFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

// ReadVectorFile reads a file of named vectors: '#' comment lines, then one
// "kind | hex | name" line per vector, "-" standing for no bytes.
func ReadVectorFile(path string) ([]Vector, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []Vector
	for line := range strings.Lines(string(raw)) {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.SplitN(line, " | ", 3)
		if len(f) != 3 {
			return nil, fmt.Errorf("%s: %q is not kind | hex | name", path, line)
		}
		if f[1] == "-" {
			f[1] = ""
		}
		b, err := ParseHex(f[1])
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %v", path, f[2], err)
		}
		out = append(out, Vector{Kind: f[0], Name: f[2], Bytes: b})
	}
	return out, nil
}

// MustHex is ParseHex for package-level test vectors: bad notation panics
// when the test binary starts.
func MustHex(s string) []byte {
	b, err := ParseHex(s)
	if err != nil {
		panic(err)
	}
	return b
}

// SplitReader hands out B in pieces sized by Rng, from 0 (an empty read,
// which io.Reader allows) up to Max bytes, then io.EOF: a decoder fed
// through it must give the same result as when fed whole.
type SplitReader struct {
	B   []byte
	Rng *rand.Rand
	Max int
}

func (r *SplitReader) Read(p []byte) (int, error) {
	if len(r.B) == 0 {
		return 0, io.EOF
	}
	n := min(r.Rng.IntN(r.Max+1), len(p), len(r.B))
	copy(p, r.B[:n])
	r.B = r.B[n:]
	return n, nil
}

// AllocsPerRun is testing.AllocsPerRun for the zero-allocation pins. The
// race detector's instrumentation allocates on its own, so under -race a
// pin cannot hold: the test is skipped with that reason, and the plain
// `go test` run, which CI also makes, holds the pin.
func AllocsPerRun(t testing.TB, runs int, f func()) float64 {
	t.Helper()
	if Race {
		t.Skip("allocation pins are checked without -race (the race detector allocates)")
	}
	return testing.AllocsPerRun(runs, f)
}
