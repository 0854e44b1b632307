package session

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"

	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/handshake"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
	"github.com/rtmpcodec/rtmpcodec/corpus"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// streamed reads a whole direction through a Reader into the shape Decode
// returns, copying what the Reader only lends.
func streamed(r io.Reader, start Start, opts *chunk.Options) (*Direction, error) {
	rd := NewReader(r, start, opts)
	hs, err := rd.Handshake()
	d := &Direction{Start: start, Handshake: hs.Handshake, Reply: hs.Reply, HandshakeBytes: hs.HandshakeBytes, Err: hs.Err}
	if err != nil {
		return d, nil
	}
	for {
		c, err := rd.ReadChunk()
		if err != nil {
			if err == io.EOF {
				return d, nil
			}
			d.Err = err
			d.Rest = bytes.Clone(rd.Buffered())
			if m := rd.Incomplete(); m != nil {
				d.Cut = m.Clone()
			}
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return d, nil
			}
			return d, err
		}
		cc := *c
		cc.Fragment = bytes.Clone(c.Fragment)
		cc.Message = nil
		if c.Message != nil {
			cc.Message = c.Message.Clone()
			d.Messages = append(d.Messages, cc.Message)
		}
		d.Chunks = append(d.Chunks, cc)
	}
}

// TestReaderAgreesWithDecode: the streaming form gives what Decode gives,
// chunk for chunk, message for message, error for error, at the same
// offsets, for every session in the corpus, cut at every length and with
// a corrupted byte, however the bytes arrive.
func TestReaderAgreesWithDecode(t *testing.T) {
	files, err := corpus.OfLayer(corpus.LayerSession)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no session-layer corpus files")
	}
	compare := cmp.Options{cmp.Comparer(func(a, b error) bool { return a == nil && b == nil || a != nil && b != nil && a.Error() == b.Error() })}
	check := func(t *testing.T, in []byte, start Start) {
		t.Helper()
		want, wantErr := Decode(in, start, nil)
		if wantErr != nil {
			// Decode's Rest is the rest of the input; a Reader has read
			// only what its buffer holds of it.
			want.Rest = nil
		}
		for name, r := range map[string]io.Reader{"whole": bytes.NewReader(in), "one byte": iotest.OneByteReader(bytes.NewReader(in))} {
			got, gotErr := streamed(r, start, nil)
			if wantErr != nil {
				got.Rest = nil
			}
			if diff := cmp.Diff(want, got, compare); diff != "" || (wantErr == nil) != (gotErr == nil) {
				t.Fatalf("%s, %d bytes: Reader differs from Decode (-Decode +Reader):\n%s\nerrors %v / %v", name, len(in), diff, wantErr, gotErr)
			}
		}
	}
	for _, f := range files {
		start := AtHandshake
		if p := f.Header["parts"]; p == "C2+chunks" || p == "S2+chunks" {
			start = AtReply
		}
		t.Run(f.Name, func(t *testing.T) {
			in := f.Data
			for i := 0; i <= len(in); i += 1 + i/64 {
				check(t, in[:i], start)
			}
			check(t, in, start)
			for i := start.handshakeLen(); i < len(in); i += 97 {
				bad := bytes.Clone(in)
				bad[i] ^= 0xc0 // a chunk's fmt bits, where a header is
				check(t, bad, start)
			}
		})
	}
}

// TestReaderMemory: a Reader keeps nothing per chunk. After a fmt 0 header
// of length 0, every one-byte fmt 3 chunk is a whole empty message; they
// read with no allocation.
func TestReaderMemory(t *testing.T) {
	in := append(seed000Client(t)[:3073], 0x04, 0, 0, 0, 0, 0, 0, 0x09, 1, 0, 0, 0)
	in = append(in, bytes.Repeat([]byte{0xc4}, 1<<16)...)
	rd := NewReader(bytes.NewReader(in), AtHandshake, nil)
	if _, err := rd.Handshake(); err != nil {
		t.Fatal(err)
	}
	if _, err := rd.ReadMessage(); err != nil {
		t.Fatal(err)
	}
	n := 0
	allocs := testkit.AllocsPerRun(t, 1000, func() {
		m, err := rd.ReadMessage()
		if err != nil || m.Length != 0 || m.Offset != int64(3073+12+n) {
			t.Fatalf("message %d: %v %+v", n, err, m)
		}
		n++
	})
	if allocs != 0 {
		t.Errorf("%v allocations per message", allocs)
	}
}

// TestEncryptedHandshake: after an RTMPE handshake (C0 6, 8 or 9) the
// bytes are RC4 ciphertext: Decode and the Reader frame the handshake and
// refuse what follows with handshake.ErrEncrypted, never reading it as
// chunks; a capture that ends with the handshake is whole.
func TestEncryptedHandshake(t *testing.T) {
	for _, v := range []byte{6, 8, 9} {
		in := append([]byte{v}, make([]byte, handshake.DirectionLen-1)...)
		d, err := Decode(in, AtHandshake, nil)
		if err != nil || d.Handshake == nil {
			t.Fatalf("version %d, handshake only: %v", v, err)
		}
		in = append(in, 0x03, 0, 0, 0, 0, 0, 1, 0x14, 0, 0, 0, 0, 0x05)
		d, err = Decode(in, AtHandshake, nil)
		if !errors.Is(err, handshake.ErrEncrypted) || !errors.Is(err, wire.ErrUnsupported) || d.Handshake == nil || len(d.Chunks) != 0 || len(d.Rest) != 13 {
			t.Fatalf("version %d: %v, %d chunks, rest %d", v, err, len(d.Chunks), len(d.Rest))
		}
		rd := NewReader(bytes.NewReader(in), AtHandshake, nil)
		if _, err := rd.Handshake(); err != nil {
			t.Fatal(err)
		}
		if _, err := rd.ReadChunk(); !errors.Is(err, handshake.ErrEncrypted) {
			t.Fatalf("Reader, version %d: %v", v, err)
		}
		rd = NewReader(bytes.NewReader(in[:handshake.DirectionLen]), AtHandshake, nil)
		if _, err := rd.ReadMessage(); err != io.EOF {
			t.Fatalf("Reader, version %d, handshake only: %v", v, err)
		}
	}
}
