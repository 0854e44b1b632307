package message

import (
	"errors"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// TestAMF0Limits: the limits a Decoder is given reach every AMF0 value it
// decodes, each at its boundary: a payload exactly at the limit decodes,
// one past it is wire.ErrLimit at the value that crossed it.
func TestAMF0Limits(t *testing.T) {
	// "connect", 1, {a: {b: "hello"}}: depth 2, 6 values, a 7-byte string.
	command := "02 0007 636f6e6e656374 00 3ff0000000000000 03 0001 61 03 0001 62 02 0005 68656c6c6f 0000 09 0000 09"
	// Shared object "so", version 0, flags 0, one Change event: b = "hello".
	so := "0002 736f 00000000 0000000000000000 04 0000000b 0001 62 02 0005 68656c6c6f"
	for _, tc := range []struct {
		name    string
		typ     rtmp.MessageType
		payload string
		ok, bad amf0.Limits
		offset  int64 // of the value that crosses the limit, in the payload
	}{
		{"command depth", rtmp.TypeCommandAMF0, command, amf0.Limits{MaxDepth: 2}, amf0.Limits{MaxDepth: 1}, 23},
		{"command values", rtmp.TypeCommandAMF0, command, amf0.Limits{MaxValues: 5}, amf0.Limits{MaxValues: 4}, 27},
		{"command string", rtmp.TypeCommandAMF0, command, amf0.Limits{MaxStringBytes: 7}, amf0.Limits{MaxStringBytes: 6}, 1},
		{"data values", rtmp.TypeDataAMF3, "00 " + command, amf0.Limits{MaxValues: 5}, amf0.Limits{MaxValues: 4}, 28},
	} {
		t.Run(tc.name, func(t *testing.T) {
			payload := testkit.Hex(t, tc.payload)
			d := Decoder{AMF0: tc.ok}
			if _, err := d.Decode(tc.typ, payload); err != nil {
				t.Fatalf("at the limit: %v", err)
			}
			d.AMF0 = tc.bad
			_, err := d.Decode(tc.typ, payload)
			var we *wire.Error
			if !errors.As(err, &we) || !errors.Is(err, wire.ErrLimit) || we.Offset != tc.offset {
				t.Fatalf("past the limit: %v, want ErrLimit at offset %d", err, tc.offset)
			}
		})
	}
	t.Run("shared object", func(t *testing.T) {
		payload := testkit.Hex(t, so)
		d := Decoder{AMF0: amf0.Limits{MaxStringBytes: 5}}
		m, err := d.Decode(rtmp.TypeSharedObjectAMF0, payload)
		if err != nil {
			t.Fatal(err)
		}
		if e := m.(*SharedObject).Events[0]; e.Reason != nil || len(e.Pairs) != 1 || e.Pairs[0].Value.Size() != 8 {
			t.Fatalf("at the limit: %+v", e)
		}
		d.AMF0 = amf0.Limits{MaxStringBytes: 4}
		if m, err = d.Decode(rtmp.TypeSharedObjectAMF0, payload); err != nil {
			t.Fatal(err)
		}
		// Event data the decoder cannot take is kept raw with the reason.
		if e := m.(*SharedObject).Events[0]; !errors.Is(e.Reason, wire.ErrLimit) || len(e.Raw) != 11 {
			t.Fatalf("past the limit: reason %v, raw %x", e.Reason, e.Raw)
		}
	})
}
