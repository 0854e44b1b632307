package session

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/handshake"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
	"github.com/rtmpcodec/rtmpcodec/corpus"
)

// The client direction of 000_a5a54de71b6b1870.txt: C0+C1 (1537 bytes),
// C2 (1536 zero bytes, the echo of red5's all-zero S1), then the connect
// in three chunks. The corpus holds it; codec/handshake and codec/chunk
// check their inline copies of its parts against the same files.
func seed000Client(t testing.TB) []byte {
	return corpusBytes(t, "000-client-session.hex")
}

func corpusBytes(t testing.TB, name string) []byte {
	t.Helper()
	f, err := corpus.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return f.Data
}

func TestSeed000ClientDirection(t *testing.T) {
	in := seed000Client(t)
	d, err := Decode(in, AtHandshake, nil)
	if err != nil || d.Err != nil {
		t.Fatalf("Decode: %v / %v", err, d.Err)
	}
	if d.Handshake == nil || d.Handshake.C0S0.Version != 3 || d.Handshake.Time != 0x01a89586 {
		t.Fatalf("handshake %+v", d.Handshake)
	}
	if len(d.Chunks) != 3 || len(d.Messages) != 1 {
		t.Fatalf("%d chunks, %d messages; want 3, 1", len(d.Chunks), len(d.Messages))
	}
	m := d.Messages[0]
	if m.Type != rtmp.TypeCommandAMF0 || m.Length != 310 || m.Offset != 3073 || d.Chunks[1].Offset != 3073+12+128 {
		t.Errorf("message type %v length %d offset %d; chunk 1 at %d", m.Type, m.Length, m.Offset, d.Chunks[1].Offset)
	}
	for name, f := range map[string]func() ([]byte, error){
		"chunks":   func() ([]byte, error) { return d.Append(nil) },
		"messages": func() ([]byte, error) { return d.AppendMessages(nil, 0) },
	} {
		out, err := f()
		if err != nil || !bytes.Equal(out, in) {
			t.Errorf("re-encode from %s: %v, equal %v", name, err, bytes.Equal(out, in))
		}
	}
}

// A capture cut anywhere decodes without error and writes back as the
// same bytes; its Err says where it was cut.
func TestPartialCaptures(t *testing.T) {
	in := seed000Client(t)
	for i := 0; i <= len(in); i++ {
		d, err := Decode(in[:i], AtHandshake, nil)
		if err != nil {
			t.Fatalf("prefix %d: %v", i, err)
		}
		out, err := d.Append(nil)
		if err != nil || !bytes.Equal(out, in[:i]) {
			t.Fatalf("prefix %d: re-encode %v, equal %v", i, err, bytes.Equal(out, in[:i]))
		}
		switch {
		case i == len(in) || i == 3073:
			if d.Err != nil {
				t.Errorf("prefix %d: %v at a clean end", i, d.Err)
			}
		default:
			if !errors.Is(d.Err, io.ErrUnexpectedEOF) {
				t.Errorf("prefix %d: Err %v, want truncation", i, d.Err)
			}
		}
		if i > 3073+12 && i < len(in) && (d.Cut == nil || d.Cut.Length != 310) {
			t.Errorf("prefix %d: cut-short message %+v", i, d.Cut)
		}
	}
}

// A server direction: S0 S1 S2 as the document describes red5's (S1 all
// zeros, S2 the echo of C1), then what servers send after a connect,
// chunked by the Writer.
func TestServerDirection(t *testing.T) {
	c0c1 := corpusBytes(t, "000-c0c1.hex")
	var buf bytes.Buffer
	buf.WriteByte(3)
	buf.Write(make([]byte, 1536))
	buf.Write(c0c1[1:])
	w := chunk.NewWriter(&buf)
	result := append([]byte("\x02\x00\x07_result\x00\x3f\xf0\x00\x00\x00\x00\x00\x00\x05"), bytes.Repeat([]byte{0x05}, 300)...)
	for _, m := range []*chunk.Message{
		{CSID: 2, Type: rtmp.TypeWindowAckSize, Payload: []byte{0, 0x26, 0x25, 0xa0}},
		{CSID: 2, Type: rtmp.TypeSetPeerBandwidth, Payload: []byte{0, 0x26, 0x25, 0xa0, 2}},
		{CSID: 2, Type: rtmp.TypeSetChunkSize, Payload: []byte{0, 0, 0x10, 0}},
		{CSID: 3, Type: rtmp.TypeCommandAMF0, Payload: result},
	} {
		if err := w.WriteMessage(m); err != nil {
			t.Fatal(err)
		}
	}
	in := buf.Bytes()
	d, err := Decode(in, AtHandshake, nil)
	if err != nil || d.Err != nil {
		t.Fatalf("Decode: %v / %v", err, d.Err)
	}
	var client handshake.Direction
	if _, err := client.Decode(append(c0c1, make([]byte, 1536)...)); err != nil {
		t.Fatal(err)
	}
	if r, tm := handshake.Echoes(&d.Handshake.Reply, &client.C1S1); !r || !tm {
		t.Errorf("S2 does not echo C1: %v %v", r, tm)
	}
	if len(d.Messages) != 4 || len(d.Chunks) != 4 || !bytes.Equal(d.Messages[3].Payload, result) {
		t.Fatalf("%d messages in %d chunks", len(d.Messages), len(d.Chunks))
	}
	out, err := d.Append(nil)
	if err != nil || !bytes.Equal(out, in) {
		t.Errorf("re-encode: %v", err)
	}
}

func TestMalformedChunksAfterHandshake(t *testing.T) {
	in := append(seed000Client(t)[:3073], 0x43, 0, 0, 0, 0, 0, 1, 0x14, 0xaa)
	d, err := Decode(in, AtHandshake, nil)
	var we *wire.Error
	if !errors.As(err, &we) || !errors.Is(err, chunk.ErrNoPreviousHeader) || we.Offset != 3073 {
		t.Fatalf("got %v, want no-previous-header at 3073", err)
	}
	if out, _ := d.Append(nil); !bytes.Equal(out, in) {
		t.Error("what decoded plus Rest is not the input")
	}
}
