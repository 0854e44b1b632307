package chunk

import (
	"bytes"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/corpus"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// corpusOptions builds decoder options from a corpus file's header: the
// chunk size in force and, for a lone fmt 1/2/3 chunk, the context the
// file supplies.
func corpusOptions(t *testing.T, f corpus.File) *Options {
	t.Helper()
	opts := &Options{}
	if v, ok, err := f.Uint("chunk-size"); err != nil {
		t.Fatal(err)
	} else if ok {
		opts.ChunkSize = uint32(v)
	}
	sid, hasSID, err := f.Uint("context-stream-id")
	if err != nil {
		t.Fatal(err)
	}
	ts, _, err := f.Uint("context-timestamp")
	if err != nil {
		t.Fatal(err)
	}
	if hasSID {
		opts.Context = func(uint32) (Context, bool) {
			return Context{Timestamp: uint32(ts), StreamID: uint32(sid)}, true
		}
	}
	return opts
}

// Every chunks-layer corpus file decodes, to the messages and chunks its
// header announces, and writes back byte for byte.
func TestCorpusChunks(t *testing.T) {
	files, err := corpus.All()
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, f := range files {
		if f.Layer != corpus.LayerChunks {
			continue
		}
		seen++
		t.Run(f.Name, func(t *testing.T) {
			opts := corpusOptions(t, f)
			msgs, cut, err := decodeAll(t, f.Data, opts)
			if err != nil || cut != nil {
				t.Fatalf("decode: %v", err)
			}
			if want, ok, _ := f.Uint("messages"); ok && uint64(len(msgs)) != want {
				t.Errorf("%d messages, header says %d", len(msgs), want)
			}
			chunks := 0
			for _, m := range msgs {
				for _, h := range m.Chunks {
					chunks += int(h.Count)
				}
			}
			if want, ok, _ := f.Uint("chunks"); ok && uint64(chunks) != want {
				t.Errorf("%d chunks, header says %d", chunks, want)
			}
			if want, ok, _ := f.Uint("csid"); ok && len(msgs) > 0 && uint64(msgs[0].CSID) != want {
				t.Errorf("csid %d, header says %d", msgs[0].CSID, want)
			}
			if want, ok, _ := f.Uint("fmt"); ok && len(msgs) > 0 && uint64(msgs[0].Chunks[0].Format) != want {
				t.Errorf("fmt %d, header says %d", msgs[0].Chunks[0].Format, want)
			}
			if want, ok, _ := f.Uint("message-length"); ok && len(msgs) > 0 && uint64(msgs[0].Length) != want {
				t.Errorf("length %d, header says %d", msgs[0].Length, want)
			}
			if want, ok, _ := f.Uint("type"); ok && len(msgs) > 0 && msgs[0].Type != rtmp.MessageType(want) {
				t.Errorf("type %v, header says %#x", msgs[0].Type, want)
			}
			if want, ok, _ := f.Uint("timestamp-delta"); ok && len(msgs) > 0 && uint64(msgs[0].Delta) != want {
				t.Errorf("delta %d, header says %d", msgs[0].Delta, want)
			}
			if out := encodeRecorded(t, msgs, opts.ChunkSize); !bytes.Equal(out, f.Data) {
				t.Errorf("re-encode differs:\n got %x\nwant %x", out, f.Data)
			}
			if n, err := chunkRoundTrip(t, f.Data, opts); err != nil || n != len(f.Data) {
				t.Errorf("chunk round trip: %d of %d bytes, %v", n, len(f.Data), err)
			}
			checkReaders(t, f.Data, opts)
		})
	}
	if seen == 0 {
		t.Fatal("no chunks-layer corpus files")
	}
	t.Logf("%d chunks-layer corpus files", seen)
}

// The inline vectors of these tests are the corpus's bytes: two people
// read the same dumps and got the same bytes.
func TestInlineVectorsMatchCorpus(t *testing.T) {
	files, err := corpus.All()
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string][]byte{}
	var calls [][]byte
	for _, f := range files {
		byName[f.Name] = f.Data
		if len(f.Name) > 9 && f.Name[:9] == "000-call-" {
			calls = append(calls, f.Data)
		}
	}
	if !bytes.Equal(byName["000-connect-chunked.hex"], testkit.Hex(t, seed000Connect)) {
		t.Error("seed000Connect differs from corpus/000-connect-chunked.hex")
	}
	if !bytes.Equal(byName["002-sosample-connect-chunked.hex"], testkit.Hex(t, sosampleConnect)) {
		t.Error("sosampleConnect differs from corpus/002-sosample-connect-chunked.hex")
	}
	if len(calls) != len(ncCalls) {
		t.Fatalf("%d nc.call files in the corpus, %d inline", len(calls), len(ncCalls))
	}
	for i := range calls {
		if !bytes.Equal(calls[i], testkit.Hex(t, ncCalls[i].hex)) {
			t.Errorf("nc.call %d (%s) differs from the corpus", i+1, ncCalls[i].title)
		}
	}
}
