package main

import (
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/handshake"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/codec/sharedobject"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// TestEveryIDHasAnEntry checks the ranges the codec promises to name: every
// value in them is Known and has a name, and nothing outside them is.
func TestEveryIDHasAnEntry(t *testing.T) {
	for v := 0; v <= 0xFF; v++ {
		mt := rtmp.MessageType(v)
		if in := v >= 0x01 && v <= 0x16; mt.Known() != in || (in && mt.Name() == "") {
			t.Errorf("MessageType 0x%02X: Known %v, Name %q", v, mt.Known(), mt.Name())
		}
		mk := amf0.Marker(v)
		if in := v <= 0x11; mk.Known() != in || mk.Defined() != in || (in && mk.Name() == "") {
			t.Errorf("Marker 0x%02X: Known %v, Defined %v, Name %q", v, mk.Known(), mk.Defined(), mk.Name())
		}
		so := sharedobject.EventType(v)
		if in := v >= 0x01 && v <= 0x0B; so.Known() != in || so.Defined() != in {
			t.Errorf("shared object EventType 0x%02X: Known %v, Defined %v", v, so.Known(), so.Defined())
		}
	}
	undefined := map[rtmp.MessageType]bool{0x07: true, 0x0A: true, 0x0B: true, 0x0C: true, 0x0D: true, 0x0E: true, 0x15: true}
	for _, mt := range rtmp.MessageTypeValues {
		if mt.Defined() == undefined[mt] {
			t.Errorf("%v: Defined() = %v", mt, mt.Defined())
		}
	}
	if len(rtmp.MessageTypeValues) != 0x16 {
		t.Errorf("%d message types, want 22", len(rtmp.MessageTypeValues))
	}

	userControl := map[message.EventType]int{0: 4, 1: 4, 2: 4, 3: 8, 4: 4, 6: 4, 7: 4, 0x1A: 0, 0x1B: 42, 0x1F: 4, 0x20: 4}
	for v := 0; v <= 0x40; v++ {
		et := message.EventType(v)
		size, in := userControl[et]
		if et.Known() != in {
			t.Errorf("user control 0x%02X: Known %v", v, et.Known())
		}
		if !in {
			size = -1
		}
		if et.DataSize() != size {
			t.Errorf("user control %v: DataSize %d, want %d", et, et.DataSize(), size)
		}
	}
	for _, l := range []rtmp.LimitType{rtmp.LimitHard, rtmp.LimitSoft, rtmp.LimitDynamic} {
		if !l.Defined() {
			t.Errorf("%v not defined", l)
		}
	}
	if rtmp.LimitType(3).Defined() {
		t.Error("limit type 3 should not be defined")
	}
}

// TestSizeTables pins the chunk header-size table and the layouts' lengths
// to the numbers of the specification.
func TestSizeTables(t *testing.T) {
	for f, want := range []int{11, 7, 3, 0} {
		if got := chunk.Format(f).MessageHeaderSize(); got != want {
			t.Errorf("fmt %d: message header %d, want %d", f, got, want)
		}
	}
	if chunk.Format(4).MessageHeaderSize() != -1 {
		t.Error("a 3-bit format value must have no size")
	}
	for _, tc := range []struct {
		form               chunk.BasicHeaderForm
		min, max, selector int
	}{
		{chunk.BasicHeader1, 2, 63, -1},
		{chunk.BasicHeader2, 64, 319, 0},
		{chunk.BasicHeader3, 64, 65599, 1},
	} {
		if tc.form.MinCSID() != tc.min || tc.form.MaxCSID() != tc.max || tc.form.Selector() != tc.selector {
			t.Errorf("%v: %d..%d selector %d", tc.form, tc.form.MinCSID(), tc.form.MaxCSID(), tc.form.Selector())
		}
	}
	if handshake.C1S1Len != 1536 || handshake.C2S2Len != 1536 || handshake.C0S0Len != 1 {
		t.Error("handshake layouts disagree with the packet size (RTMP 1.0 §5.2.3)")
	}
	if message.AggregateHeaderLen != 11 || rtmp.SetPeerBandwidthLen != 5 {
		t.Error("message layout lengths are off")
	}
}

func TestEnumStrings(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{rtmp.TypeCommandAMF0.String(), "Command (AMF0)"},
		{rtmp.MessageType(0x17).String(), "MessageType(0x17)"},
		{rtmp.MessageType(0x07).String(), "MessageType(0x07)"},
		{rtmp.MessageType(0x07).Name(), "Undefined"},
		{rtmp.MessageType(0xFF).String(), "MessageType(0xff)"},
		{message.EventType(5).String(), "EventType(0x05)"},
		{message.EventSWFVerifyResponse.String(), "SWF Verification Response"},
		{amf0.MarkerECMAArray.String(), "ECMA Array"},
		{amf0.Marker(0x12).String(), "Marker(0x12)"},
		{sharedobject.EventUseSuccess.String(), "Use Success"},
		{sharedobject.EventType(0).String(), "EventType(0x00)"},
		{chunk.Format1.String(), "Type 1"},
		{rtmp.LimitType(9).String(), "LimitType(0x09)"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	if a := rtmp.TypeAggregate.Aliases(); len(a) != 1 || a[0] != (wire.Alias{Name: "StreamData", Source: doc002}) {
		t.Errorf("aggregate aliases %v", a)
	}
	if rtmp.MessageType(0x15).Aliases() != nil {
		t.Error("0x15 has no document names")
	}
	// Aliases share one array: appending to a returned slice must not
	// overwrite the next entry's aliases.
	a := rtmp.TypeSetChunkSize.Aliases()
	_ = append(a, wire.Alias{Name: "clobber"})
	if rtmp.TypeAbort.Aliases()[0].Name != "Unknown" {
		t.Error("appending to an alias slice overwrote another value's aliases")
	}
	if allocs := testkit.AllocsPerRun(t, 100, func() {
		_ = rtmp.TypeVideo.String()
		_ = amf0.MarkerString.String()
		_ = rtmp.TypeVideo.Aliases()
	}); allocs != 0 {
		t.Errorf("String/Aliases of known values allocate %v times", allocs)
	}
}
