package fuzz

import (
	"testing"

	"github.com/rtmpcodec/rtmpcodec/corpus"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// chunkSeeds are streams that reach every header form and rule, each
// prefixed by its configuration byte (see ChunkOptions).
var chunkSeeds = []string{
	// extended timestamp on fmt 0 and its fmt 3 continuation, chunk size 4
	"02 02 ffffff 000005 09 01000000 01000000 aabbccdd c2 01000000 ee",
	// fmt 1 extended delta, fmt 3 new message re-applying it
	"00 02 000000 000001 09 01000000 aa 42 ffffff 000001 09 01000000 bb c2 01000000 cc",
	// lenient: extended timestamp omitted on a continuation
	"06 02 ffffff 000005 09 01000000 01000000 aabbccdd c2 ee 02 000000 000001 09 01000000 dd",
	// two chunk streams interleaved, chunk size 1
	"01 04 000000 000003 09 01000000 aa 05 000000 000002 08 01000000 11 c4 bb c5 22 c4 cc",
	// Abort of a half-received message, chunk size 4
	"02 04 000000 000005 09 01000000 aabbccdd 02 000000 000004 02 00000000 00000004 04 000000 000001 09 01000000 dd",
	// Set Chunk Size 2 mid-message, chunk size 4
	"02 04 000000 000008 09 01000000 11223344 02 000000 000004 01 00000000 00000002 c4 5566 c4 7788",
	// 2- and 3-byte basic headers on one chunk stream, and csid 65599
	"01 00 00 000000 000002 14 01000000 aa c1 00 00 bb 01 ff ff 000000 000000 14 00000000",
	// zero-length messages, fmt 0 then fmt 3
	"00 02 000000 000000 14 00000000 c2 42 000005 000001 14 ee c2 ee",
	// lone fmt 2 and fmt 3 chunks with a supplied context (length 1)
	"18 83 000004 aa c3 bb",
	// hostile: Set Chunk Size 0, a length change mid-message
	"00 02 000000 000004 01 00000000 00000000",
	"02 03 000000 000008 14 00000000 11223344 43 000000 0000ff 14",
}

func addChunkCorpus(f *testing.F) {
	files, err := corpus.All()
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range files {
		switch c.Layer {
		case corpus.LayerChunks:
			cfg := byte(0)
			if _, ok := c.Header["context-stream-id"]; ok {
				cfg = 0x08
			}
			f.Add(append([]byte{cfg}, c.Data...))
		case corpus.LayerSession:
			// The chunks after the handshake.
			if n, ok, err := c.Uint("handshake-length"); err == nil && ok && int(n) < len(c.Data) {
				f.Add(append([]byte{0}, c.Data[n:]...))
			}
		}
	}
	for _, s := range chunkSeeds {
		f.Add(testkit.MustHex(s))
	}
}

func FuzzChunk(f *testing.F) {
	addChunkCorpus(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := ChunkRoundTrip(data); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzChunkSplits(f *testing.F) {
	addChunkCorpus(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := ChunkSplits(data); err != nil {
			t.Fatal(err)
		}
	})
}
