package fuzz

import (
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

func FuzzMessageControl(f *testing.F) {
	AddSeeds(f, MessageControlSeeds)
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
	AddSeeds(f, MessageUserControlSeeds)
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
	AddSeeds(f, MessageAggregateSeeds)
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
	AddSeeds(f, MessageMediaSeeds)
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
	AddSeeds(f, MessageAnySeeds)
	f.Fuzz(func(t *testing.T, typ byte, payload []byte) {
		if err := MessageRoundTrip(rtmp.MessageType(typ), payload); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzSharedObject(f *testing.F) {
	AddSeeds(f, SharedObjectSeeds)
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
		if err := SharedObjectRefused(payload); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzMessageCommand covers commands and data in both forms: sel picks
// 0x14, 0x12, 0x11 or 0x0F.
func FuzzMessageCommand(f *testing.F) {
	AddSeeds(f, MessageCommandSeeds)
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
