package message

import (
	"bytes"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// TestCloneOutlivesDecoder: every message type, decoded and cloned, still
// encodes to its payload after the Decoder decodes again and the payload
// is overwritten.
func TestCloneOutlivesDecoder(t *testing.T) {
	cases := []struct {
		typ     rtmp.MessageType
		payload string
	}{
		{rtmp.TypeCommandAMF0, "02 0007 636f6e6e656374 00 3ff0000000000000 03 0003 617070 02 0004 6c697665 0000 09"},
		{rtmp.TypeDataAMF0, "02 000a 6f6e4d65746144617461 08 00000001 0005 7769647468 00 4074000000000000 0000 09"},
		{rtmp.TypeDataAMF3, "00 02 0001 61"},
		{rtmp.TypeVideo, "17 00 000000 0164001fffe1"},
		{rtmp.TypeAudio, "af 00 1210"},
		{rtmp.TypeUserControl, "0000 00000001"},
		{rtmp.TypeSetPeerBandwidth, "00262500 02"},
		{rtmp.TypeSharedObjectAMF0, "0002 736f 00000000 0000000000000000 04 0000000b 0001 62 02 0005 68656c6c6f"},
		{rtmp.TypeAggregate, "09 000005 000000 00 000000 1700000000 00000010"},
		{0x07, "0102"},
	}
	var d Decoder
	for _, tc := range cases {
		want := testkit.Hex(t, tc.payload)
		payload := bytes.Clone(want)
		m, err := d.Decode(tc.typ, payload)
		if err != nil {
			t.Fatalf("%v: %v", tc.typ, err)
		}
		c, err := Clone(m)
		if err != nil {
			t.Fatalf("%v: Clone: %v", tc.typ, err)
		}
		if _, err := d.Decode(tc.typ, testkit.Hex(t, cases[0].payload)); err != nil && tc.typ == cases[0].typ {
			t.Fatal(err)
		}
		for i := range payload {
			payload[i] = 's'
		}
		got, err := Append(nil, c)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%v: the clone encodes to %x, want %x (%v)", tc.typ, got, want, err)
		}
	}
}
