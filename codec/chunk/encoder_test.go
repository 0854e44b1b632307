package chunk

import (
	"bytes"
	"errors"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// What cannot be written is refused with a constraint error, and the
// output slice comes back unchanged.
func TestEncoderRefuses(t *testing.T) {
	one := []Header{{Format: Format0, Form: BasicHeader1, Size: 1, Count: 1}}
	for _, tc := range []struct {
		name string
		m    Message
	}{
		{"csid 1", Message{CSID: 1, Payload: []byte{1}}},
		{"csid 65600", Message{CSID: 65600, Payload: []byte{1}}},
		{"record sizes do not add up", Message{CSID: 3, Length: 2, Payload: []byte{1, 2}, Chunks: one}},
		{"payload longer than Length", Message{CSID: 3, Length: 0, Payload: []byte{1}, Chunks: one}},
		{"fmt 1 after the first chunk", Message{CSID: 3, Length: 2, Payload: []byte{1, 2}, Chunks: []Header{one[0], {Format: Format1, Form: BasicHeader1, Size: 1, Count: 1}}}},
		{"run of zero chunks", Message{CSID: 3, Length: 0, Chunks: []Header{{Format: Format0, Form: BasicHeader1}}}},
		{"csid 3 in the 2-byte form", Message{CSID: 3, Length: 1, Payload: []byte{1}, Chunks: []Header{{Format: Format0, Form: BasicHeader2, Size: 1, Count: 1}}}},
		{"timestamp past 24 bits without the extended field", Message{CSID: 3, Timestamp: 0x01000000, Length: 1, Payload: []byte{1}, Chunks: one}},
		{"extended field disagreeing with the timestamp", Message{CSID: 3, Timestamp: 5, Length: 1, Payload: []byte{1},
			Chunks: []Header{{Format: Format0, Form: BasicHeader1, Extended: true, ExtendedValue: 6, Size: 1, Count: 1}}}},
		{"payload past 24 bits", Message{CSID: 3, Payload: make([]byte, MaxMessageLength+1)}},
		// Issue 13, defect 12: this record asked for 16.7 MB of headers.
		{"empty message in 2^24 empty chunks", Message{CSID: 3, Length: 0, Chunks: []Header{{Format: Format0, Form: BasicHeader1, Count: 1 << 24}}}},
		{"empty run after a full one", Message{CSID: 3, Length: 1, Payload: []byte{1}, Chunks: []Header{one[0], {Format: Format3, Form: BasicHeader1, Count: 5}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prefix := []byte{0xee}
			out, err := NewEncoder().AppendMessage(prefix, &tc.m)
			var we *wire.Error
			if !errors.As(err, &we) || !errors.Is(err, wire.ErrConstraint) || we.Layer != "chunk" {
				t.Fatalf("got %v, want a chunk constraint error", err)
			}
			if !bytes.Equal(out, prefix) {
				t.Errorf("output changed to %x", out)
			}
		})
	}
	c := Chunk{CSID: 70, Header: Header{Format: Format3, Form: BasicHeader1, Count: 1}}
	if _, err := AppendChunk(nil, &c); !errors.Is(err, wire.ErrConstraint) {
		t.Errorf("csid 70 in the 1-byte form: %v", err)
	}
}

// A message cut short (Payload shorter than Length) writes back as the
// chunks that arrived, so a truncated capture re-encodes exactly.
func TestEncoderWritesCutShortRecord(t *testing.T) {
	wire := testkit.Hex(t, seed000Connect)[:200]
	_, cut, err := decodeAll(t, wire, nil)
	if !errors.Is(err, errUnexpectedEOF) || cut == nil || cut.Complete() {
		t.Fatalf("got %v, cut %+v", err, cut)
	}
	out, err := NewEncoder().AppendMessage(nil, cut)
	if err != nil || !bytes.Equal(out, wire) {
		t.Errorf("re-encode %v:\n got %x\nwant %x", err, out, wire)
	}
}

// The Writer's Set Chunk Size must be valid to change its chunk size.
func TestEncoderIgnoresInvalidSetChunkSize(t *testing.T) {
	e := NewEncoder()
	if _, err := e.AppendMessage(nil, &Message{CSID: 2, Type: rtmp.TypeSetChunkSize, Payload: []byte{0x80, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if e.ChunkSize() != DefaultChunkSize {
		t.Errorf("chunk size %d after an invalid Set Chunk Size", e.ChunkSize())
	}
}

// TestWriterSplits: messages the Encoder chunks itself decode back to the
// same payload and envelope, with every chunk a full chunk but the last,
// for chunk sizes around the default and far from it, every basic header
// form, and with an extended timestamp in force on every chunk.
func TestWriterSplits(t *testing.T) {
	for _, cs := range []uint32{1, 2, 127, 128, 129, 4096} {
		for _, csid := range []uint32{3, 100, 1000} {
			for _, ts := range []uint32{40, 0x1000000} {
				e := NewEncoder()
				e.Reset(cs)
				var out []byte
				var sent [][]byte
				for _, size := range []int{0, 1, 127, 128, 129, 256, 257, 1000, 4000} {
					p := make([]byte, size)
					for i := range p {
						p[i] = byte(i*7 + size)
					}
					var err error
					if out, err = e.AppendMessage(out, &Message{CSID: csid, Timestamp: ts, Type: rtmp.TypeVideo, StreamID: 1, Payload: p}); err != nil {
						t.Fatal(err)
					}
					sent = append(sent, p)
				}
				msgs, _, err := decodeAll(t, out, &Options{ChunkSize: cs})
				if err != nil || len(msgs) != len(sent) {
					t.Fatalf("chunk size %d, csid %d, ts %#x: %d messages, %v", cs, csid, ts, len(msgs), err)
				}
				for i, m := range msgs {
					if !bytes.Equal(m.Payload, sent[i]) || m.Timestamp != ts || m.CSID != csid {
						t.Fatalf("chunk size %d, csid %d, message %d: payload equal %v, timestamp %#x", cs, csid, i, bytes.Equal(m.Payload, sent[i]), m.Timestamp)
					}
					// The first message's fmt 0 header carries the timestamp
					// itself; later ones carry a delta of 0. Every chunk of a
					// message repeats its first's extended timestamp.
					wantExt := i == 0 && ts >= ExtendedTimestampMarker
					for j, h := range m.Chunks {
						last := j == len(m.Chunks)-1
						if !last && h.Size != cs || h.Extended != wantExt {
							t.Fatalf("chunk size %d, message %d, run %d: %+v", cs, i, j, h)
						}
					}
				}
			}
		}
	}
}
