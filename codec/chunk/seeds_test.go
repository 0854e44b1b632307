package chunk

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// stripContinuations removes the continuation headers at every chunkSize
// payload bytes after a header of hdrLen bytes: the payload as the message
// layer sees it.
func stripContinuations(b []byte, hdrLen, chunkSize int) []byte {
	var p []byte
	rest := b[hdrLen:]
	for len(rest) > 0 {
		n := min(chunkSize, len(rest))
		p = append(p, rest[:n]...)
		rest = rest[n:]
		if len(rest) > 0 {
			rest = rest[1:] // the 0xC3
		}
	}
	return p
}

func TestSeed000ConnectRoundTrip(t *testing.T) {
	wire := testkit.Hex(t, seed000Connect)
	if len(wire) != 324 || wire[12+128] != 0xC3 || wire[12+128+1+128] != 0xC3 {
		t.Fatalf("vector: %d bytes, continuation bytes %#x %#x", len(wire), wire[140], wire[269])
	}
	msgs, cut, err := decodeAll(t, wire, nil)
	if err != nil || cut != nil {
		t.Fatalf("decode: %v (cut %v)", err, cut)
	}
	want := &Message{
		CSID: 3, Length: 310, Type: rtmp.TypeCommandAMF0, StreamID: 0,
		Payload: stripContinuations(wire, 12, 128),
		Chunks: []Header{
			{Format: Format0, Form: BasicHeader1, Size: 128, Count: 1},
			{Format: Format3, Form: BasicHeader1, Size: 128, Count: 1},
			{Format: Format3, Form: BasicHeader1, Size: 54, Count: 1},
		},
	}
	if len(msgs) != 1 {
		t.Fatalf("got %d messages, want 1", len(msgs))
	}
	if diff := cmp.Diff(want, msgs[0]); diff != "" {
		t.Errorf("message (-want +got):\n%s", diff)
	}
	if !bytes.HasPrefix(msgs[0].Payload, []byte("\x02\x00\x07connect")) || !bytes.HasSuffix(msgs[0].Payload, []byte("objectEncoding\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x09")) {
		t.Errorf("payload is not the AMF0 connect: %q", msgs[0].Payload)
	}
	if got := encodeRecorded(t, msgs, 0); !bytes.Equal(got, wire) {
		t.Errorf("recorded re-encode differs:\n got %x\nwant %x", got, wire)
	}
	// A careful sender chunks it the same way on its own.
	fresh := *msgs[0]
	fresh.Chunks = nil
	if got := encodeRecorded(t, []*Message{&fresh}, 0); !bytes.Equal(got, wire) {
		t.Errorf("fresh encode differs:\n got %x\nwant %x", got, wire)
	}
	if _, err := chunkRoundTrip(t, wire, nil); err != nil {
		t.Errorf("chunk round trip: %v", err)
	}
}

func TestSOSampleConnectRoundTrip(t *testing.T) {
	wire := testkit.Hex(t, sosampleConnect)
	if len(wire) != 241 || wire[12+128] != 0xC3 {
		t.Fatalf("vector: %d bytes", len(wire))
	}
	msgs, _, err := decodeAll(t, wire, nil)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("decode: %d messages, %v", len(msgs), err)
	}
	m := msgs[0]
	if m.Length != 0xE4 || len(m.Payload) != 0xE4 || m.CSID != 3 || m.Type != rtmp.TypeCommandAMF0 {
		t.Errorf("got csid %d length %d (%d bytes) type %v", m.CSID, m.Length, len(m.Payload), m.Type)
	}
	// The notes' FIXME: "capabilitie" + 0xC3 + "s" on the wire is
	// "capabilities" in the message.
	if !bytes.Contains(m.Payload, []byte("\x00\x0ccapabilities\x00\x40\x6d\xe0")) {
		t.Errorf("continuation header not removed from capabilities: %q", m.Payload)
	}
	if got := encodeRecorded(t, msgs, 0); !bytes.Equal(got, wire) {
		t.Errorf("re-encode differs:\n got %x\nwant %x", got, wire)
	}
}

// The nc.call dumps: each is one captured chunk. The fmt 0 ones stand
// alone; the 0x43 ones (fmt 1, csid 3) need the stream ID an earlier
// header set, which the capture lacks.
func TestNcCallDumps(t *testing.T) {
	lone := &Options{Context: func(csid uint32) (Context, bool) {
		// The session's commands run on message stream 0 (every fmt 0
		// dump of the same capture says so).
		return Context{StreamID: 0, Type: rtmp.TypeCommandAMF0}, csid == 3
	}}
	fmt1 := 0
	for _, tc := range ncCalls {
		t.Run(tc.title, func(t *testing.T) {
			wire := testkit.Hex(t, tc.hex)
			f := Format(wire[0] >> 6)
			var opts *Options
			hdr := 12
			if f == Format1 {
				fmt1++
				hdr = 8
				// Strict by default: the missing header is an error that
				// names csid, fmt and offset.
				_, _, err := decodeAll(t, wire, nil)
				wantErr(t, err, ErrNoPreviousHeader, 0, "csid=3", "fmt=1")
				opts = lone
			}
			msgs, cut, err := decodeAll(t, wire, opts)
			if err != nil || cut != nil || len(msgs) != 1 {
				t.Fatalf("decode: %d messages, %v", len(msgs), err)
			}
			m := msgs[0]
			if m.CSID != 3 || m.Type != rtmp.TypeCommandAMF0 || int(m.Length) != len(wire)-hdr || !bytes.Equal(m.Payload, wire[hdr:]) {
				t.Errorf("got csid %d type %v length %d payload %x", m.CSID, m.Type, m.Length, m.Payload)
			}
			if m.Payload[0] != 0x02 {
				t.Errorf("payload does not start with an AMF0 string marker: %x", m.Payload[:1])
			}
			wantTS := uint32(wire[1])<<16 | uint32(wire[2])<<8 | uint32(wire[3])
			if m.Timestamp != wantTS {
				t.Errorf("timestamp %#x, want %#x", m.Timestamp, wantTS)
			}
			if got := encodeRecorded(t, msgs, 0); !bytes.Equal(got, wire) {
				t.Errorf("re-encode differs:\n got %x\nwant %x", got, wire)
			}
		})
	}
	if fmt1 != 4 {
		t.Errorf("%d fmt 1 dumps, the document has 4", fmt1)
	}
}

func TestContextRefusedKeepsError(t *testing.T) {
	wire := testkit.Hex(t, ncCalls[5].hex) // 0x43 ...
	opts := &Options{Context: func(csid uint32) (Context, bool) { return Context{}, false }}
	_, _, err := decodeAll(t, wire, opts)
	wantErr(t, err, ErrNoPreviousHeader, 0, "csid=3", "fmt=1")
	if !errors.Is(err, ErrNoPreviousHeader) {
		t.Fatal(err)
	}
}
