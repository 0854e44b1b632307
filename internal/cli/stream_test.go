package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/corpus"
)

// held is doc with its streamed lists decoded into its slices: the
// document as decode built it before it streamed.
func held(t *testing.T, doc *Document) *Document {
	t.Helper()
	h := *doc
	h.lists = nil
	collect := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	collect(doc.eachChunk(func(c *ChunkDoc) error { h.Chunks = append(h.Chunks, *c); return nil }))
	collect(doc.eachMessage(func(m *MessageDoc) error { h.Messages = append(h.Messages, *m); return nil }))
	collect(doc.eachValue(func(v *AMF0) error { h.Values = append(h.Values, *v); return nil }))
	if len(h.Chunks) != doc.chunkCount() || len(h.Messages) != doc.messageCount() || len(h.Values) != doc.valueCount() {
		t.Fatalf("the checking pass counted %d chunks, %d messages, %d values; the lists hold %d, %d, %d",
			doc.chunkCount(), doc.messageCount(), doc.valueCount(), len(h.Chunks), len(h.Messages), len(h.Values))
	}
	return &h
}

// TestStreamedOutput: the output decode writes while it decodes is, byte
// for byte, the output of the whole document held in memory: in JSON the
// encoding/json rendering of it, in text the same tree. Every corpus file,
// whole and cut short, in every layer auto picks and as chunks.
func TestStreamedOutput(t *testing.T) {
	files, err := corpus.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		t.Run(f.Name, func(t *testing.T) {
			for _, cut := range []int{len(f.Data), len(f.Data) * 2 / 3, 40} {
				in := f.Data[:min(cut, len(f.Data))]
				for _, layer := range []string{"auto", "chunks"} {
					opts := decodeOptions{layer: layer, format: "json", msgType: 0x14, length: -1}
					doc, derr := decodeBytes(in, &opts)
					if doc == nil {
						continue
					}
					if derr != nil && doc.Error == "" {
						doc.Error = derr.Error()
					}
					var streamed, text, heldText bytes.Buffer
					if err := writeJSON(&streamed, doc); err != nil {
						t.Fatal(err)
					}
					h := held(t, doc)
					want, err := json.MarshalIndent(h, "", "  ")
					if err != nil {
						t.Fatal(err)
					}
					want = append(jsonTerminalSafe(want), '\n')
					if !bytes.Equal(streamed.Bytes(), want) {
						t.Fatalf("%s, %d bytes: streamed JSON differs from the held document's\n got %s\nwant %s", layer, len(in), streamed.Bytes(), want)
					}
					if err := writeText(&text, doc); err != nil {
						t.Fatal(err)
					}
					if err := writeText(&heldText, h); err != nil {
						t.Fatal(err)
					}
					if text.String() != heldText.String() {
						t.Fatalf("%s, %d bytes: streamed text differs from the held document's\n got %s\nwant %s", layer, len(in), text.String(), heldText.String())
					}
				}
			}
		})
	}
}

// floodHex is n bytes of a chunk stream where every byte after the first
// header is a message: a length-0 fmt 0 header on csid 3, then fmt 3
// basic headers, each a whole empty message.
func floodHex(n int) []byte {
	b := []byte("03 000000 000000 09 01000000\n")
	for i := 12; i < n; i += 32 {
		b = append(b, bytes.Repeat([]byte("c3"), min(32, n-i))...)
		b = append(b, '\n')
	}
	return b
}

const floodChildEnv = "RTMPCODEC_FLOOD_CHILD"

// TestFloodMemory: decoding a flood of empty messages (every byte a
// message) takes memory in proportion to the input's hex, not to what is
// printed. Issue 13, defect 5: 1 MB took 2.48 GB when decode built the
// whole document first; 256 KB would have taken some 600 MB. The bound,
// 200 MB, is the for 10 MB; the measurement in README.md is of
// that.
//
// Linux counts in a process's peak RSS what the process that started it
// had resident when it called exec: the test process, which under -race
// and after the package's other tests holds over 200 MB. So the command
// is started from a fresh test process of its own.
func TestFloodMemory(t *testing.T) {
	if binary == "" {
		t.Fatal("the rtmpcodec binary was not built")
	}
	if os.Getenv(floodChildEnv) == "" {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestFloodMemory$", "-test.count", "1", "-test.v")
		cmd.Env = append(os.Environ(), floodChildEnv+"=1")
		out, err := cmd.CombinedOutput()
		t.Logf("from a fresh test process:\n%s", out)
		if err != nil {
			t.Fatalf("the fresh test process: %v", err)
		}
		return
	}
	path := filepath.Join(t.TempDir(), "flood.hex")
	const n = 256 << 10
	if err := os.WriteFile(path, floodHex(n), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json"} {
		cmd := exec.Command(binary, "decode", "-format", format, path)
		var out countWriter
		cmd.Stdout = &out
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if want := n - 11; out.lines < want {
			t.Errorf("%s: %d lines for %d messages", format, out.lines, want)
		}
		peak := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10 // KiB on Linux
		t.Logf("%s: %d KB of hex, peak RSS %d MB, %d MB of output", format, len(floodHex(n))>>10, peak>>20, out.bytes>>20)
		if peak > 200<<20 {
			t.Errorf("%s: peak RSS %d MB decoding %d KB of input", format, peak>>20, n>>10)
		}
	}
}

type countWriter struct{ bytes, lines int }

func (w *countWriter) Write(p []byte) (int, error) {
	w.bytes += len(p)
	w.lines += bytes.Count(p, []byte{'\n'})
	return len(p), nil
}
