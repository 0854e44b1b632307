package cli

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// Inputs the fuzz targets found, each with what went wrong.
func TestRegressions(t *testing.T) {
	auto := decodeOptions{layer: "auto", format: "json", msgType: -1, length: -1}
	for _, tc := range []struct {
		name string
		data []byte
		opts decodeOptions
	}{
		// A lone C0 printed an empty C1/S1 part that encode could not write.
		{"lone C0", []byte{0x03}, auto},
		// An FLV file with a data offset below 9 (found by the CLI's
		// round-trip target under libFuzzer): the document held the header and the bytes
		// after the first back pointer, which had not been read, and
		// encode wrote it as 0.
		{"flv data offset 0", testkit.MustHex("464c5601 86 00000000 3f00cc00 3d"), auto},
	} {
		t.Run(tc.name, func(t *testing.T) { roundTrip(t, tc.data, tc.opts) })
	}
}

// A capture the capture fuzz target found under libFuzzer
// (testdata/regressions/gopacket-later-page.pcap, also one of its seeds): a
// large packet buffered out of order, then a flush. Asking gopacket v1.1.19 for the capture time of a byte in a later
// page of that packet dereferenced nil inside the library (it keeps the
// time on a packet's first page only) and took the analyser down.
func TestCaptureLaterPageTime(t *testing.T) {
	raw, err := os.ReadFile("testdata/regressions/gopacket-later-page.pcap")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	opts := decodeOptions{layer: "auto", msgType: -1, length: -1}
	co := captureOptions{port: 1935, format: "text", opts: &opts, filter: lineFilter{csid: -1, stream: -1, typ: -1}}
	if err := decodeCapture(bytes.NewReader(raw), co, &out); err != nil {
		t.Logf("decode error (fine for this input): %v", err)
	}
	if out.Len() == 0 {
		t.Fatal("no output: the capture holds an RTMP connection")
	}
}

// TestNoTerminalEscapes feeds control bytes, C1 controls, invalid UTF-8 and
// bidi overrides into every field that reaches the output (a FourCC, AMF0
// strings, keys and class names, a command name, shared object name, code
// and level, an input hint line) and checks that none reaches stdout or
// stderr raw, in text and in JSON (issue 13, defect 6: a FourCC of
// ESC [ 2 J cleared the screen).
func TestNoTerminalEscapes(t *testing.T) {
	inputs := []struct {
		name, in string
		args     []string
	}{
		{"fourcc", "90 1b5b324a 00000000", []string{"-layer", "message", "-type", "0x09"}},
		{"amf0 strings", "02 0004 1b5b324a  03 0002 9b31 02 0001 41 000009  10 0001 07 000009  0c 00000001 7f  02 0002 c29b  02 0003 e280ae",
			[]string{"-layer", "amf0"}},
		{"command name", "02 0006 1b5d303b7807 00 0000000000000000 05", []string{"-layer", "message", "-type", "0x14"}},
		{"shared object", "0001 1b 00000000 0000000000000000  07 00000006 0001 1b 0001 07", []string{"-layer", "message", "-type", "0x13"}},
		{"hint line", "# layer: \x1b[2J\n05", nil},
		{"bad amf0 key", "03 0002 1b07", []string{"-layer", "amf0"}},
	}
	for _, tc := range inputs {
		for _, format := range []string{"text", "json"} {
			t.Run(tc.name+"/"+format, func(t *testing.T) {
				_, stdout, stderr := runCLI(t, tc.in, append([]string{"decode", "-format", format}, tc.args...)...)
				for _, out := range []string{stdout, stderr} {
					for i, r := range out {
						if r != '\n' && unsafeRune(r) || r == utf8.RuneError {
							t.Fatalf("rune %U at byte %d reached the output:\n%s", r, i, out)
						}
					}
				}
				if stdout == "" && stderr == "" {
					t.Fatal("no output at all")
				}
			})
		}
	}
}

// TestAbortShowsDiscarded: what an Abort dropped is reported, where it
// started and how much had arrived (issue 13, defect 7: the library set
// Message.Discarded, the CLI showed nothing).
func TestAbortShowsDiscarded(t *testing.T) {
	in := "04 000000 0000c8 09 01000000 " + strings.Repeat("17", 128) + // 128 of a 200-byte video message on csid 4
		" 02 000000 000004 02 00000000 00000004" // Abort csid 4
	code, stdout, stderr := runCLI(t, in, "decode", "-layer", "chunks")
	if code != exitOK || !strings.Contains(stdout, "discarded: 128 of 200 bytes of a type 0x09 Video [\"Video Data\", \"video\"] message on csid 4, stream 1, that started at offset 0") {
		t.Errorf("exit %d:\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runCLI(t, in, "decode", "-layer", "chunks", "-format", "json")
	if code != exitOK || !strings.Contains(stdout, `"discarded": {`) || !strings.Contains(stdout, `"received": 128`) {
		t.Errorf("exit %d:\n%s%s", code, stdout, stderr)
	}
	code, hexOut, stderr := runCLI(t, stdout, "encode")
	if got := decodeHex(t, hexOut); code != exitOK || !bytes.Equal(got, testkit.Hex(t, in)) {
		t.Errorf("decode | encode: exit %d, %x\n%s", code, got, stderr)
	}
}

// TestEncodeDepth: encode refuses nesting deeper than decode accepts, with
// the path and the limit (issue 13, defect 3: encode nested 4990 deep, in
// time quadratic in the depth, while decode refuses 129). 128 levels
// encode and decode back.
func TestEncodeDepth(t *testing.T) {
	nested := func(depth int) string {
		return `{"format":"rtmpcodec/1","layer":"amf0","values":[` + strings.Repeat(`{"type":"strict-array","elements":[`, depth) +
			`{"type":"null"}` + strings.Repeat(`]}`, depth) + `]}`
	}
	code, _, stderr := runCLI(t, nested(4000), "encode")
	if code != exitError || !strings.Contains(stderr, "nested more than 128 complex values deep") || !strings.Contains(stderr, "values[0]"+strings.Repeat(".elements[0]", 128)) {
		t.Errorf("4000 deep: exit %d, %s", code, stderr)
	}
	code, hexOut, stderr := runCLI(t, nested(128), "encode")
	if code != exitOK {
		t.Fatalf("128 deep: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, hexOut, "decode", "-layer", "amf0"); code != exitOK {
		t.Errorf("128 deep does not decode back: exit %d, %s", code, stderr)
	}
}

// TestCutInsideFirstChunk: input that ends inside its first chunk decodes
// as far as it goes (issue 13, defect 4: -partial printed nothing, and in
// auto mode a cut command chunk was read as a handshake).
func TestCutInsideFirstChunk(t *testing.T) {
	cut := "03 000000 0000c8 14 00000000 " + strings.Repeat("02 ", 24) // 24 of the first chunk's 128 payload bytes
	code, stdout, stderr := runCLI(t, cut, "decode", "-layer", "chunks", "-partial")
	if code != exitOK || !strings.Contains(stdout, "incomplete message") || !strings.Contains(stdout, "only 24 of 200 bytes arrived") {
		t.Errorf("-partial: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, _ = runCLI(t, "03 000000 000005 14 00000000 0200", "decode")
	if code != exitError || !strings.Contains(stdout, "layer chunks (auto") || !strings.Contains(stdout, "only 2 of 5 bytes arrived") {
		t.Errorf("auto: exit %d, want the chunk reading:\n%s", code, stdout)
	}
	_, doc, _ := runCLI(t, cut, "decode", "-layer", "chunks", "-partial", "-format", "json")
	code, hexOut, stderr := runCLI(t, doc, "encode")
	if got := decodeHex(t, hexOut); code != exitOK || !bytes.Equal(got, testkit.Hex(t, cut)) {
		t.Errorf("decode | encode: exit %d, %x\n%s", code, got, stderr)
	}
}
