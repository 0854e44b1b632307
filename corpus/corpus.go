// Package corpus holds the seed corpus: every hex dump printed in the
// project's source documents (../shared/seeds), plus the cases those
// documents describe without printing, each as a file of its own, and a
// loader that returns them as bytes.
//
// A corpus file (*.hex in this directory) starts with "# key: value" header
// lines that say where its bytes come from and what they should decode to,
// followed by the bytes in whatever hex form best keeps the document
// readable: the document's own dump rows, its byte-array literal with
// comments, or hexdump -C rows for bytes the document only describes. The
// whole file, header included, is read by internal/hexdump, which skips #
// lines, so `rtmpcodec decode < corpus/000-c0c1.hex` works as well.
// README.md lists every header key.
//
// Consumers (fuzz seeding, codec tests, the CLI's tests) call All and pick
// files by Layer; later tests check that each file decodes to what its
// expect-* keys say.
package corpus

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/rtmpcodec/rtmpcodec/internal/hexdump"
)

//go:embed *.hex
var files embed.FS

// Layers a corpus file can declare, matching the CLI's -layer values.
const (
	LayerSession   = "session"   // handshake bytes then chunks, as one side sent them
	LayerHandshake = "handshake" // C0/C1/C2 or S0/S1/S2 only
	LayerChunks    = "chunks"    // a chunk stream
	LayerMessage   = "message"   // one message payload; the type key says which
	LayerAMF0      = "amf0"      // a sequence of AMF0 values
)

// Origins a corpus file can declare.
const (
	OriginDump    = "dump"    // rows copied from a dump the document prints
	OriginLiteral = "literal" // a byte-array literal copied from the document
	OriginRebuilt = "rebuilt" // the document's own bytes, put back as they went on the wire
	OriginBuilt   = "built"   // bytes the document describes but does not print
)

// File is one parsed corpus file.
type File struct {
	Name   string            // file name, e.g. "000-c0c1.hex"
	Header map[string]string // every "# key: value" header line
	Source string            // document file name in ../shared/seeds
	Dump   string            // which dump of the document, or how it is described
	Shows  string            // what the bytes show
	Layer  string            // one of the Layer* constants
	Origin string            // one of the Origin* constants
	Data   []byte            // the bytes the file spells
	Text   []byte            // the file as stored
}

// Built reports whether the bytes were assembled rather than copied from a
// dump or literal in the document.
func (f File) Built() bool { return f.Origin == OriginBuilt || f.Origin == OriginRebuilt }

// Uint returns a numeric header value, written in decimal or with 0x. ok is
// false when the key is absent.
func (f File) Uint(key string) (v uint64, ok bool, err error) {
	s, ok := f.Header[key]
	if !ok {
		return 0, false, nil
	}
	v, err = strconv.ParseUint(s, 0, 64)
	if err != nil {
		return 0, true, fmt.Errorf("corpus: %s: header %s: %w", f.Name, key, err)
	}
	return v, true, nil
}

// Required header keys of every file.
var required = []string{"source", "dump", "shows", "origin", "layer", "length"}

// Names lists the corpus files in name order.
func Names() ([]string, error) {
	ents, err := fs.ReadDir(files, ".")
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	var names []string
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".hex") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

// All returns every corpus file, parsed, in name order.
func All() ([]File, error) {
	names, err := Names()
	if err != nil {
		return nil, err
	}
	var out []File
	for _, n := range names {
		f, err := Load(n)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// OfLayer returns the corpus files of one layer, in name order.
func OfLayer(layer string) ([]File, error) {
	all, err := All()
	if err != nil {
		return nil, err
	}
	var out []File
	for _, f := range all {
		if f.Layer == layer {
			out = append(out, f)
		}
	}
	return out, nil
}

// Load parses one corpus file by name. It checks that the required header
// keys are present, that the layer and origin are known and that the
// declared length matches the bytes.
func Load(name string) (File, error) {
	text, err := files.ReadFile(name)
	if err != nil {
		return File{}, fmt.Errorf("corpus: %w", err)
	}
	return Parse(name, text)
}

// Parse parses corpus file text; Load uses it, and tests use it on text
// that is not embedded.
func Parse(name string, text []byte) (File, error) {
	f := File{Name: name, Header: map[string]string{}, Text: text}
	fail := func(format string, args ...any) (File, error) {
		return File{}, fmt.Errorf("corpus: %s: %s", name, fmt.Sprintf(format, args...))
	}
	for line := range bytes.Lines(text) {
		line = bytes.TrimRight(line, "\r\n")
		if !bytes.HasPrefix(line, []byte("# ")) {
			break
		}
		k, v, ok := strings.Cut(string(line[2:]), ": ")
		if !ok || k == "" || strings.TrimSpace(v) == "" || strings.ContainsAny(k, " \t") {
			return fail("header line %q is not \"# key: value\"", line)
		}
		if _, dup := f.Header[k]; dup {
			return fail("header key %q appears twice", k)
		}
		f.Header[k] = strings.TrimSpace(v)
	}
	for _, k := range required {
		if f.Header[k] == "" {
			return fail("header key %q missing", k)
		}
	}
	f.Source, f.Dump, f.Shows = f.Header["source"], f.Header["dump"], f.Header["shows"]
	f.Layer, f.Origin = f.Header["layer"], f.Header["origin"]
	switch f.Layer {
	case LayerSession, LayerHandshake, LayerChunks, LayerMessage, LayerAMF0:
	default:
		return fail("unknown layer %q", f.Layer)
	}
	switch f.Origin {
	case OriginDump, OriginLiteral:
	case OriginBuilt, OriginRebuilt:
		if f.Header["built-from"] == "" {
			return fail("origin %s needs a built-from key saying what the bytes were built from", f.Origin)
		}
	default:
		return fail("unknown origin %q", f.Origin)
	}
	data, err := hexdump.Decode(text)
	if err != nil {
		var se *hexdump.SyntaxError
		if errors.As(err, &se) {
			return fail("line %d, column %d: %v", se.Line, se.Column, err)
		}
		return fail("%v", err)
	}
	f.Data = data
	n, _, err := f.Uint("length")
	if err != nil {
		return File{}, err
	}
	if n != uint64(len(data)) {
		return fail("header says length %d, the hex spells %d bytes", n, len(data))
	}
	return f, nil
}
