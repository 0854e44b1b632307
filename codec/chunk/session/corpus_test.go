package session

import (
	"bytes"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/corpus"
)

// Every session-layer corpus file (handshake, then chunks) decodes and
// writes back byte for byte, with the message count its header gives.
func TestCorpusSessions(t *testing.T) {
	files, err := corpus.All()
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, f := range files {
		if f.Layer != corpus.LayerSession {
			continue
		}
		seen++
		t.Run(f.Name, func(t *testing.T) {
			start := AtHandshake
			switch f.Header["parts"] {
			case "C0+C1+C2+chunks", "S0+S1+S2+chunks":
			case "C2+chunks", "S2+chunks":
				start = AtReply
			default:
				t.Fatalf("parts %q", f.Header["parts"])
			}
			if v, ok, _ := f.Uint("handshake-length"); ok && int(v) != start.handshakeLen() {
				t.Errorf("handshake-length %d, parts say %d", v, start.handshakeLen())
			}
			opts := &chunk.Options{}
			if v, ok, _ := f.Uint("chunk-size"); ok {
				opts.ChunkSize = uint32(v)
			}
			d, err := Decode(f.Data, start, opts)
			if err != nil || d.Err != nil {
				t.Fatalf("decode: %v / %v", err, d.Err)
			}
			if v, ok, _ := f.Uint("messages"); ok && uint64(len(d.Messages)) != v {
				t.Errorf("%d messages, header says %d", len(d.Messages), v)
			}
			for name, out := range map[string]func() ([]byte, error){
				"chunks":   func() ([]byte, error) { return d.Append(nil) },
				"messages": func() ([]byte, error) { return d.AppendMessages(nil, opts.ChunkSize) },
			} {
				b, err := out()
				if err != nil || !bytes.Equal(b, f.Data) {
					t.Errorf("re-encode from %s: %v, equal %v", name, err, bytes.Equal(b, f.Data))
				}
			}
		})
	}
	if seen == 0 {
		t.Fatal("no session-layer corpus files")
	}
}
