package fuzz

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/corpus"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

type corpusMessage struct {
	typ     rtmp.MessageType
	payload []byte
}

// messageCorpus returns the message payloads the corpus holds: every
// message-layer file, every amf0-layer file as a command, and the payload
// of every one-message chunk file, its chunk headers removed as its
// chunk-layout header says.
func messageCorpus(f *testing.F) []corpusMessage {
	files, err := corpus.All()
	if err != nil {
		f.Fatal(err)
	}
	var out []corpusMessage
	for _, c := range files {
		typ := rtmp.TypeCommandAMF0
		if v, err := strconv.ParseUint(c.Header["type"], 0, 8); err == nil {
			typ = rtmp.MessageType(v)
		}
		switch {
		case c.Layer == corpus.LayerMessage || c.Layer == corpus.LayerAMF0:
			out = append(out, corpusMessage{typ, c.Data})
		case c.Layer == corpus.LayerChunks && c.Header["messages"] == "1":
			var payload []byte
			off := 0
			for _, part := range strings.Split(c.Header["chunk-layout"], ",") {
				var hdr, body int
				if _, err := fmt.Sscanf(strings.TrimSpace(part), "%d+%d", &hdr, &body); err != nil || off+hdr+body > len(c.Data) {
					f.Fatalf("%s: bad chunk-layout %q", c.Name, c.Header["chunk-layout"])
				}
				payload = append(payload, c.Data[off+hdr:off+hdr+body]...)
				off += hdr + body
			}
			out = append(out, corpusMessage{typ, payload})
		}
	}
	if len(out) == 0 {
		f.Fatal("no message payloads in the corpus")
	}
	return out
}

func FuzzMessageControl(f *testing.F) {
	f.Add(byte(0), testkit.MustHex("00001000"))
	f.Add(byte(0), testkit.MustHex("80000000"))
	f.Add(byte(1), testkit.MustHex("00000003"))
	f.Add(byte(2), testkit.MustHex("001312d0"))
	f.Add(byte(3), testkit.MustHex("002625a0"))
	f.Add(byte(4), testkit.MustHex("002625a002"))
	f.Add(byte(4), testkit.MustHex("002625a0ff00"))
	f.Fuzz(func(t *testing.T, sel byte, payload []byte) {
		if err := MessageRoundTrip(controlTypes[int(sel)%len(controlTypes)], payload); err != nil {
			t.Fatal(err)
		}
		if err := MessageBuiltRoundTrip(BuildControl(append([]byte{sel}, payload...))); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzMessageUserControl(f *testing.F) {
	for _, s := range []string{
		"0000 00000001", "0001 00000001", "0002 00000001", "0003 00000001 00000bb8",
		"0004 00000001", "0006 0001e240", "0007 0001e240", "001a",
		"001b 0101 00012345 00012345" + strings.Repeat("ab", 32), "001f 00000001", "0020 00000001",
		"0005 deadbeef", "0000 000001", "0006 00000001 00",
	} {
		f.Add(testkit.MustHex(s))
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		if err := MessageRoundTrip(rtmp.TypeUserControl, payload); err != nil {
			t.Fatal(err)
		}
		if err := MessageBuiltRoundTrip(BuildUserControl(payload)); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzMessageAggregate(f *testing.F) {
	f.Add(testkit.MustHex("08 000004 0003e8 00 000000 af01211b 0000000f 09 000005 000010 01 000001 2701000000 00000010"))
	f.Add(testkit.MustHex("08 000004 0003e8 00 000000 af01211b 00000004"))
	f.Add(testkit.MustHex("16 00000f 000000 00 000000 08 000000 000000 00 000000 0000000b 0000001a"))
	f.Add(testkit.MustHex("08 000010 000000 00 000000 af01"))
	f.Fuzz(func(t *testing.T, payload []byte) {
		if err := MessageRoundTrip(rtmp.TypeAggregate, payload); err != nil {
			t.Fatal(err)
		}
		if err := MessageBuiltRoundTrip(BuildAggregate(payload)); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzMessageMedia(f *testing.F) {
	f.Add(false, testkit.MustHex("af 00 12 10"))
	f.Add(false, testkit.MustHex("2a fffb"))
	f.Add(false, testkit.MustHex("90 4f707573"))
	f.Add(true, testkit.MustHex("17 00 000000 0164001f"))
	f.Add(true, testkit.MustHex("27 01 ffffdf 00000005"))
	f.Add(true, testkit.MustHex("a1 68766331 000050 00"))
	f.Add(true, testkit.MustHex("96 00 61763031"))
	f.Fuzz(func(t *testing.T, video bool, payload []byte) {
		typ := rtmp.TypeAudio
		if video {
			typ = rtmp.TypeVideo
		}
		if err := MessageRoundTrip(typ, payload); err != nil {
			t.Fatal(err)
		}
		var m message.Message = &message.Audio{Payload: payload}
		if video {
			m = &message.Video{Payload: payload}
		}
		if err := MessageBuiltRoundTrip(m); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzMessageAny feeds every type ID, the undefined ones and those above
// 0x16 included, through the single entry point.
func FuzzMessageAny(f *testing.F) {
	f.Add(byte(0x07), testkit.MustHex("010203"))
	f.Add(byte(0x15), []byte{})
	f.Add(byte(0xff), testkit.MustHex("00"))
	f.Add(byte(0x01), testkit.MustHex("00000080"))
	f.Add(byte(0x13), testkit.MustHex("0001 61 00000000 0000000200000000 01 00000000"))
	for _, m := range messageCorpus(f) {
		f.Add(byte(m.typ), m.payload)
	}
	f.Fuzz(func(t *testing.T, typ byte, payload []byte) {
		if err := MessageRoundTrip(rtmp.MessageType(typ), payload); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzSharedObject(f *testing.F) {
	f.Add(false, testkit.MustHex("000f 73616d706c655f6e6f7465726f6f6d 00000000 00000002 00000000 01 00000000"))
	f.Add(false, testkit.MustHex("0001 61 00000007 00000002 00000000 05 00000006 0004 6e6f7465 07 00000008 0002 6f6b 0002 6f6b 0b 00000000"))
	f.Add(false, testkit.MustHex("0001 61 00000001 00000000 00000000 0c 00000003 010203"))
	f.Add(true, testkit.MustHex("0001 61 00000001 00000000 00000000 04 00000004 0001 62 01"))
	for _, m := range messageCorpus(f) {
		if m.typ == rtmp.TypeSharedObjectAMF0 {
			f.Add(false, m.payload)
			f.Add(true, m.payload)
		}
	}
	f.Fuzz(func(t *testing.T, amf3 bool, payload []byte) {
		typ := rtmp.TypeSharedObjectAMF0
		if amf3 {
			typ = rtmp.TypeSharedObjectAMF3
		}
		if err := MessageRoundTrip(typ, payload); err != nil {
			t.Fatal(err)
		}
		if err := MessageBuiltRoundTrip(BuildSharedObject(payload)); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzMessageCommand covers commands and data in both forms: sel picks
// 0x14, 0x12, 0x11 or 0x0F.
func FuzzMessageCommand(f *testing.F) {
	for _, m := range []message.Message{
		message.CreateStream(2), message.Publish(5, "stream", "live"), message.Play(4, "cam", -2000),
		message.OnStatus("status", "NetStream.Publish.Start", "published"), message.ConnectResult(1, "FMS/3,0,1,123", 31, 0),
		message.Connect(message.ConnectParams{App: "live", TcURL: "rtmp://h/live", Publish: true}),
		message.SetDataFrame(),
	} {
		b, err := message.Append(nil, m)
		if err != nil {
			f.Fatal(err)
		}
		sel := byte(0)
		if m.Type() == rtmp.TypeDataAMF0 {
			sel = 1
		}
		f.Add(sel, b)
		f.Add(sel+2, append([]byte{0}, b...))
	}
	f.Add(byte(2), testkit.MustHex("00 020004706c6179 004000000000000000 11 0a0b01"))
	f.Add(byte(0), testkit.MustHex("0c00000004706c6179 004000000000000000 05"))
	f.Add(byte(0), testkit.MustHex("020007636f6e6e656374 003ff0000000000000 03 0001 61 03 000009 0001 62 07 0001 000009"))
	for _, m := range messageCorpus(f) {
		if m.typ == rtmp.TypeCommandAMF0 {
			f.Add(byte(0), m.payload)
			f.Add(byte(2), append([]byte{0}, m.payload...))
		}
	}
	f.Fuzz(func(t *testing.T, sel byte, payload []byte) {
		typ := [...]rtmp.MessageType{rtmp.TypeCommandAMF0, rtmp.TypeDataAMF0, rtmp.TypeCommandAMF3, rtmp.TypeDataAMF3}[sel%4]
		if err := MessageRoundTrip(typ, payload); err != nil {
			t.Fatal(err)
		}
		if err := MessageBuiltRoundTrip(BuildCommand(payload)); err != nil {
			t.Fatal(err)
		}
	})
}

// The built-value oracle is not vacuous: a value carrying a field its
// encoding drops does not come back equal, and the property says so.
func TestMessageBuiltRoundTripCatchesLoss(t *testing.T) {
	lossy := []message.Message{
		&message.UserControl{Event: message.EventStreamBegin, StreamID: 1, Data: []byte{1, 2}},
		&message.UserControl{Event: message.EventPingRequest, StreamID: 7},
	}
	for _, m := range lossy {
		if err := MessageBuiltRoundTrip(m); err == nil {
			t.Errorf("%+v: a field lost in encoding went unnoticed", m)
		}
	}
	if err := MessageBuiltRoundTrip(&message.UserControl{Event: message.EventPingRequest, Timestamp: 7}); err != nil {
		t.Errorf("faithful value rejected: %v", err)
	}
}

// Regression (FuzzMessageCommand): BuildCommand nested typed objects
// without bound, so the built command encoded (amf0 encodes up to 10000
// levels) but did not decode (its decoder stops at 128).
func TestBuildCommandDeepTypedObjects(t *testing.T) {
	data := append([]byte("002000200000"), strings.Repeat("{", 3470)+"("...)
	if err := MessageBuiltRoundTrip(BuildCommand(data)); err != nil {
		t.Fatal(err)
	}
}
