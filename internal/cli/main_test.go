package cli

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/corpus"
	"github.com/rtmpcodec/rtmpcodec/internal/hexdump"
)

// binary is the rtmpcodec command built once for the tests that pipe
// through it as a user would.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "rtmpcodec-cli")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "rtmpcodec")
	build := exec.Command("go", "build", "-o", binary, "../../cmd/rtmpcodec")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("building the command: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runCLI runs the command in-process with stdin and returns its exit
// status and outputs.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func decodeHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hexdump.Decode([]byte(s))
	if err != nil {
		t.Fatalf("encode output is not hex: %v\n%s", err, s)
	}
	return b
}

// TestCorpusThroughBinary pipes every corpus file through the built binary:
// `decode -format json FILE | encode` must give the file's bytes back, and
// the text form must decode too.
func TestCorpusThroughBinary(t *testing.T) {
	files, err := corpus.All()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 30 {
		t.Fatalf("only %d corpus files", len(files))
	}
	for _, f := range files {
		t.Run(f.Name, func(t *testing.T) {
			path := filepath.Join("..", "..", "corpus", f.Name)
			if _, err := os.Stat(path); err != nil {
				t.Fatal(err)
			}
			// One buffer each: exec copies a process's stderr in a goroutine
			// of its own, so a shared one is written by two at once.
			var encoded, decErr, encErr bytes.Buffer
			dec := exec.Command(binary, "decode", "-format", "json", path)
			enc := exec.Command(binary, "encode")
			pipe, err := dec.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			enc.Stdin = pipe
			enc.Stdout = &encoded
			dec.Stderr, enc.Stderr = &decErr, &encErr
			if err := enc.Start(); err != nil {
				t.Fatal(err)
			}
			if err := dec.Run(); err != nil {
				t.Fatalf("decode: %v\n%s", err, decErr.String())
			}
			if err := enc.Wait(); err != nil {
				t.Fatalf("encode: %v\n%s", err, encErr.String())
			}
			if got := decodeHex(t, encoded.String()); !bytes.Equal(got, f.Data) {
				t.Errorf("decode | encode gave %d bytes, want the file's %d\n got %x\nwant %x", len(got), len(f.Data), got, f.Data)
			}
			if out, err := exec.Command(binary, "decode", path).CombinedOutput(); err != nil {
				t.Errorf("text decode: %v\n%s", err, out)
			}
		})
	}
}

// TestAutoDetectsLayers gives the bytes of each corpus file as plain hex,
// without the header lines that name its layer, and checks that auto mode
// finds the layer on its own and round-trips. Message payloads are left
// out: nothing in their bytes says which message type they are.
func TestAutoDetectsLayers(t *testing.T) {
	files, err := corpus.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Layer == corpus.LayerMessage {
			continue
		}
		t.Run(f.Name, func(t *testing.T) {
			code, out, stderr := runCLI(t, string(hexdump.AppendHex(nil, f.Data)), "decode", "-format", "json")
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var doc Document
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			want := f.Layer
			if want == corpus.LayerHandshake && doc.Layer == "session" && len(doc.Chunks) == 0 {
				want = "session" // a whole direction's handshake is both
			}
			if doc.Layer != want {
				t.Errorf("auto chose %q, the file is %q", doc.Layer, f.Layer)
			}
			code, enc, stderr := runCLI(t, out, "encode")
			if code != exitOK {
				t.Fatalf("encode exit %d: %s", code, stderr)
			}
			if got := decodeHex(t, enc); !bytes.Equal(got, f.Data) {
				t.Errorf("round trip differs:\n got %x\nwant %x", got, f.Data)
			}
		})
	}
}

// TestLoneFmt1ChunkReportsAssumption: the 0x43 dumps of seed 000 decode
// without flags, and the output says what was assumed.
func TestLoneFmt1ChunkReportsAssumption(t *testing.T) {
	in := "43 00 00 32 00 00 1a 14 02 00 0c 66 75 6e 63 74 69 6f 6e 63 61 6c 6c 00 00 00 00 00 00 00 00 00 05 05"
	code, out, stderr := runCLI(t, in, "decode")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"csid 3: first chunk is fmt 1 with no earlier header",
		"assumed message stream ID 0 and previous timestamp 0",
		`command "functioncall"`,
		"timestamp delta 50",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runCLI(t, in, "decode", "-stream-id", "1", "-timestamp", "1000", "-format", "json")
	var doc Document
	if code != exitOK || json.Unmarshal([]byte(out), &doc) != nil || len(doc.Messages) != 1 {
		t.Fatalf("exit %d: %s", code, out)
	}
	if m := doc.Messages[0]; *m.StreamID != 1 || *m.Timestamp != 1050 {
		t.Errorf("stream %d timestamp %d, want 1 and 1050", *m.StreamID, *m.Timestamp)
	}
}

func TestLoneFmt3ChunkNeedsLengthAndType(t *testing.T) {
	in := "c3 00 01 02"
	code, _, stderr := runCLI(t, in, "decode", "-layer", "chunks")
	if code != exitError || !strings.Contains(stderr, "supply -length and -type") {
		t.Errorf("exit %d, stderr %q; want 1 asking for -length and -type", code, stderr)
	}
	code, out, stderr := runCLI(t, in, "decode", "-layer", "chunks", "-length", "3", "-type", "0x08")
	if code != exitOK || !strings.Contains(out, "message length 3, type 0x08") {
		t.Errorf("exit %d: %s%s", code, out, stderr)
	}
}

func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		name, stdin string
		args        []string
		code        int
		stderr      []string
	}{
		{"odd digit count", "02 00 0", []string{"decode"}, exitError, []string{"line 1", "column"}},
		{"garbage token", "02 00 zz 07", []string{"decode"}, exitError, []string{"line 1", "column"}},
		{"no hex at all", "   \n", []string{"decode"}, exitError, []string{"no hex bytes"}},
		{"unknown flag", "02", []string{"decode", "-frobnicate"}, exitUsage, []string{"frobnicate", "usage:"}},
		{"unknown command", "", []string{"transcode"}, exitUsage, []string{"unknown command"}},
		{"bad layer", "02", []string{"decode", "-layer", "ip"}, exitUsage, []string{"-layer"}},
		{"message without type", "00000080", []string{"decode", "-layer", "message"}, exitUsage, []string{"-type"}},
		{"bad type", "00", []string{"decode", "-type", "0x1234"}, exitUsage, []string{"-type"}},
		{"truncated session", "03" + strings.Repeat(" 00", 99), []string{"decode", "-layer", "session"}, exitError, []string{"C1S1.Random at offset 9", "unexpected EOF"}},
		{"undecodable bytes", "ff ff ff", []string{"decode"}, exitError, []string{"no layer decodes the input", "offset 0"}},
		{"lone fmt 3 chunk without flags", "c3 00 01 02", []string{"decode", "-layer", "chunks"}, exitError, []string{"csid 3 at offset 0", "-length and -type"}},
		{"malformed amf0", "02 00 05 61", []string{"decode", "-layer", "amf0"}, exitError, []string{"amf0", "offset"}},
		{"set chunk size bit 31", "80000080", []string{"decode", "-layer", "message", "-type", "1"}, exitError, []string{"SetChunkSize.ChunkSize", "offset 0"}},
		{"not json", "{", []string{"encode"}, exitError, []string{"not a decode -format json document"}},
		{"unknown json field", `{"format":"rtmpcodec/1","layer":"amf0","bogus":1}`, []string{"encode"}, exitError, []string{"bogus"}},
		{"wrong format version", `{"format":"rtmpcodec/0","layer":"amf0"}`, []string{"encode"}, exitError, []string{"format"}},
		{"fmt 3 chunk with a timestamp", `{"format":"rtmpcodec/1","layer":"chunks","chunks":[{"fmt":3,"csid":3,"basic_header":1,"timestamp":5,"payload":""}]}`, []string{"encode"}, exitError, []string{"chunks[0]", "timestamp", "does not carry"}},
		{"fmt 0 chunk missing fields", `{"format":"rtmpcodec/1","layer":"chunks","chunks":[{"fmt":0,"csid":3,"basic_header":1,"payload":""}]}`, []string{"encode"}, exitError, []string{"chunks[0]", "needs it"}},
		{"csid the basic header cannot carry", `{"format":"rtmpcodec/1","layer":"chunks","chunks":[{"fmt":3,"csid":70,"basic_header":1,"payload":"00"}]}`, []string{"encode"}, exitError, []string{"chunks[0]"}},
		{"bad payload hex", `{"format":"rtmpcodec/1","layer":"message","message":{"type":1,"type_name":"x","length":4,"payload":"0g"}}`, []string{"encode"}, exitError, []string{"payload"}},
		{"unknown amf0 type", `{"format":"rtmpcodec/1","layer":"amf0","values":[{"type":"movieclip"}]}`, []string{"encode"}, exitError, []string{"values[0]", "movieclip"}},
		{"string too long for its marker", `{"format":"rtmpcodec/1","layer":"amf0","values":[{"type":"string","value":"` + strings.Repeat("a", 70000) + `"}]}`, []string{"encode"}, exitError, []string{"values[0]", "long-string"}},
		{"handshake random too short", `{"format":"rtmpcodec/1","layer":"handshake","handshake":[{"name":"C1/S1","offset":0,"length":1536,"time":0,"field2":0,"random":"00"}]}`, []string{"encode"}, exitError, []string{"handshake[0]", "1528"}},
		// Issue 13, defect 9: contradictory or short AMF0 fields were accepted, one silently winning.
		{"bits too short", `{"format":"rtmpcodec/1","layer":"amf0","values":[{"type":"number","bits":"7ff8"}]}`, []string{"encode"}, exitError, []string{"values[0]", "16 hex digits"}},
		{"value and bits", `{"format":"rtmpcodec/1","layer":"amf0","values":[{"type":"number","value":1,"bits":"7ff8000000000000"}]}`, []string{"encode"}, exitError, []string{"values[0]", "both given"}},
		{"boolean value against its byte", `{"format":"rtmpcodec/1","layer":"amf0","values":[{"type":"boolean","value":false,"byte":2}]}`, []string{"encode"}, exitError, []string{"values[0]", "contradicts byte 2"}},
		{"field of another type", `{"format":"rtmpcodec/1","layer":"amf0","values":[{"type":"null","index":3}]}`, []string{"encode"}, exitError, []string{"values[0]", "index does not belong"}},
		{"set chunk size past -max-chunk-size", "02 000000 000004 01 00000000 00a00001", []string{"decode", "-layer", "chunks", "-max-chunk-size", "10485760"}, exitError, []string{"at most 10485760", "offset 12"}},
		// Issue 13, defect 8: whatever followed the first document was dropped.
		{"garbage after the document", `{"format":"rtmpcodec/1","layer":"amf0","values":[{"type":"null"}]} xyz`, []string{"encode"}, exitError, []string{"continues after the JSON document"}},
		{"a second document", strings.Repeat(`{"format":"rtmpcodec/1","layer":"amf0","values":[{"type":"null"}]}`+"\n", 2), []string{"encode"}, exitError, []string{"continues after the JSON document"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tc.stdin, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.code, stderr)
			}
			for _, want := range tc.stderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q: %s", want, stderr)
				}
			}
		})
	}
}

// TestHintAfterLongLine: a "# key: value" line is read wherever it is,
// even after a line longer than a line scanner's limit (issue 13, defect
// 10: hints after a line over 1 MiB were silently ignored).
func TestHintAfterLongLine(t *testing.T) {
	in := "# " + strings.Repeat("x", 1<<20+10) + "\n# layer: amf0\n05\n"
	code, stdout, stderr := runCLI(t, in, "decode")
	if code != exitOK || !strings.Contains(stdout, `from the input's "# layer: amf0" line`) {
		t.Errorf("exit %d; the layer hint was not used: %s%s", code, stdout, stderr)
	}
}

func TestPartialCapture(t *testing.T) {
	// The connect of seed 000 cut after 200 bytes: the first chunk and part
	// of the second arrived.
	f, err := corpus.Load("000-connect-chunked.hex")
	if err != nil {
		t.Fatal(err)
	}
	cut := hex.EncodeToString(f.Data[:200])
	code, out, stderr := runCLI(t, cut, "decode", "-layer", "chunks")
	if code != exitError || !strings.Contains(out, "INCOMPLETE") || !strings.Contains(stderr, "unexpected EOF") {
		t.Errorf("exit %d; want 1 with the message marked incomplete\n%s\n%s", code, out, stderr)
	}
	code, out, _ = runCLI(t, cut, "decode", "-layer", "chunks", "-partial", "-format", "json")
	if code != exitOK {
		t.Fatalf("-partial: exit %d", code)
	}
	var doc Document
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Incomplete == nil || *doc.Incomplete.Complete || doc.Error == "" {
		t.Errorf("incomplete message not reported: %+v", doc.Incomplete)
	}
	code, enc, stderr := runCLI(t, out, "encode")
	if code != exitOK || hex.EncodeToString(decodeHex(t, enc)) != cut {
		t.Errorf("partial capture does not round-trip (exit %d, %s)", code, stderr)
	}
}

// TestAMF0Exactness round-trips the values JSON cannot express naively.
func TestAMF0Exactness(t *testing.T) {
	for _, in := range []string{
		"00 7ff8000000000001",             // NaN with a payload
		"00 8000000000000000",             // negative zero
		"01 02",                           // boolean true written as 2
		"02 0002 ff fe",                   // string that is not UTF-8
		"0c 00000003 616263",              // short string sent as a long string
		"08 00000000 0001 61 05 000009",   // ECMA array whose count says 0
		"03 0001 61 05 0001 61 06 000009", // duplicate keys in order
		"0b 4270000000000000 fffe",        // date with a time zone
		"03 000009 07 0000",               // a reference to the empty object before it
		"10 0003 466f6f 0000 09",          // typed object
		"0f 00000003 3c612f",              // XML document
		"0d 05 06",                        // unsupported, null, undefined
	} {
		t.Run(in, func(t *testing.T) {
			data, err := hexdump.Decode([]byte(in))
			if err != nil {
				t.Fatal(err)
			}
			code, out, stderr := runCLI(t, in, "decode", "-layer", "amf0", "-format", "json")
			if code != exitOK {
				t.Fatalf("decode exit %d: %s", code, stderr)
			}
			code, enc, stderr := runCLI(t, out, "encode")
			if code != exitOK {
				t.Fatalf("encode exit %d: %s\n%s", code, stderr, out)
			}
			if got := decodeHex(t, enc); !bytes.Equal(got, data) {
				t.Errorf("round trip %x, want %x\n%s", got, data, out)
			}
		})
	}
}

func TestEncodeOutputLayout(t *testing.T) {
	in := strings.Repeat("05 ", 20)
	_, out, _ := runCLI(t, in, "decode", "-layer", "amf0", "-format", "json")
	code, enc, _ := runCLI(t, out, "encode")
	want := "05 05 05 05 05 05 05 05 05 05 05 05 05 05 05 05\n05 05 05 05\n"
	if code != exitOK || enc != want {
		t.Errorf("encode printed %q, want %q", enc, want)
	}
}

func TestHelp(t *testing.T) {
	code, out, _ := runCLI(t, "", "-h")
	if code != exitOK || !strings.Contains(out, "Examples:") {
		t.Errorf("-h: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "", "decode", "-h")
	if code != exitOK || !strings.Contains(out, "usage:") {
		t.Errorf("decode -h: exit %d\n%s", code, out)
	}
}
