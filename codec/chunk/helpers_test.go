package chunk

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// decodeAll runs the []byte layer over all of b and returns deep copies of
// the messages and the error that ended it (nil for a clean io.EOF), plus
// the cut-short message, if any.
func decodeAll(t testing.TB, b []byte, opts *Options) (msgs []*Message, cut *Message, err error) {
	t.Helper()
	d := NewDecoder(opts)
	off := 0
	for i := 0; ; i++ {
		if i > len(b)+1 {
			t.Fatalf("decoder made no progress")
		}
		m, n, err := d.Decode(b[off:], true)
		off += n
		if err == io.EOF {
			if off != len(b) {
				t.Fatalf("io.EOF with %d bytes left", len(b)-off)
			}
			return msgs, nil, nil
		}
		if err != nil {
			if m != nil {
				cut = m.Clone()
			}
			return msgs, cut, err
		}
		if m == nil {
			t.Fatalf("Decode with atEOF returned no message and no error")
		}
		msgs = append(msgs, m.Clone())
	}
}

// encodeRecorded writes decoded messages back through one Encoder.
func encodeRecorded(t testing.TB, msgs []*Message, chunkSize uint32) []byte {
	t.Helper()
	e := NewEncoder()
	e.Reset(chunkSize)
	var out []byte
	for _, m := range msgs {
		var err error
		out, err = e.AppendMessage(out, m)
		if err != nil {
			t.Fatalf("AppendMessage: %v", err)
		}
	}
	return out
}

// chunkRoundTrip decodes b chunk by chunk and writes every chunk back: the
// result must be b's decoded prefix, whatever the interleaving.
func chunkRoundTrip(t testing.TB, b []byte, opts *Options) (consumed int, err error) {
	t.Helper()
	d := NewDecoder(opts)
	var out []byte
	for {
		c, n, err := d.DecodeChunk(b[consumed:], true)
		if err != nil {
			if !bytes.Equal(out, b[:consumed]) {
				t.Fatalf("chunk re-encode differs:\n got %x\nwant %x", out, b[:consumed])
			}
			if err == io.EOF {
				err = nil
			}
			return consumed, err
		}
		consumed += n
		out, err = AppendChunk(out, c)
		if err != nil {
			t.Fatalf("AppendChunk: %v", err)
		}
	}
}

// wantErr checks err is a *wire.Error of kind, at off, naming csid and fmt
// (when given, e.g. "csid=3" and "fmt=1"). off < 0 skips the offset check.
func wantErr(t testing.TB, err error, kind error, off int64, names ...string) *wire.Error {
	t.Helper()
	var we *wire.Error
	if !errors.As(err, &we) {
		t.Fatalf("error %v (%T) is not a *wire.Error", err, err)
	}
	if !errors.Is(err, kind) {
		t.Errorf("error %v: want kind %v", err, kind)
	}
	if off >= 0 && we.Offset != off {
		t.Errorf("error %v: offset %d, want %d", err, we.Offset, off)
	}
	if we.Layer != "chunk" {
		t.Errorf("error %v: layer %q, want chunk", err, we.Layer)
	}
	for _, n := range names {
		if !strings.Contains(we.Field, n) {
			t.Errorf("error %v: field %q does not name %s", err, we.Field, n)
		}
	}
	return we
}

var errUnexpectedEOF = io.ErrUnexpectedEOF
