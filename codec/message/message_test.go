package message

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// roundTrip decodes payload as typ, compares with want, re-encodes and
// checks the bytes, through both Decode and a Decoder.
func roundTrip(t *testing.T, typ rtmp.MessageType, payload []byte, want Message) {
	t.Helper()
	got, err := Decode(typ, payload)
	if err != nil {
		t.Fatalf("Decode(%v, %x): %v", typ, payload, err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Decode(%v, %x) mismatch (-want +got):\n%s", typ, payload, diff)
	}
	if got.Type() != typ {
		t.Errorf("Type() = %v, want %v", got.Type(), typ)
	}
	if got.Size() != len(payload) {
		t.Errorf("Size() = %d, want %d", got.Size(), len(payload))
	}
	enc, err := Append(nil, got)
	if err != nil || !bytes.Equal(enc, payload) {
		t.Errorf("re-encode = %x, %v; want %x", enc, err, payload)
	}
	enc, err = Append(nil, want)
	if err != nil || !bytes.Equal(enc, payload) {
		t.Errorf("encode of the wanted value = %x, %v; want %x", enc, err, payload)
	}
	var d Decoder
	got2, err := d.Decode(typ, payload)
	if err != nil {
		t.Fatalf("Decoder.Decode: %v", err)
	}
	if diff := cmp.Diff(want, got2); diff != "" {
		t.Errorf("Decoder.Decode mismatch (-want +got):\n%s", diff)
	}
}

// wantErr checks that err is a *wire.Error of the given kind, layer, field
// and offset.
func wantErr(t *testing.T, err, kind error, layer, field string, offset int64) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("error %v, want kind %v", err, kind)
	}
	var we *wire.Error
	if !errors.As(err, &we) {
		t.Fatalf("error %T is not a *wire.Error", err)
	}
	if we.Layer != layer || we.Field != field || we.Offset != offset {
		t.Errorf("error %q: layer %q field %q offset %d; want %q %q %d", err, we.Layer, we.Field, we.Offset, layer, field, offset)
	}
	if we.Expected == "" {
		t.Errorf("error %q says nothing about what was expected", err)
	}
}

func TestProtocolControl(t *testing.T) {
	roundTrip(t, rtmp.TypeSetChunkSize, testkit.Hex(t, "00 00 10 00"), &rtmp.SetChunkSize{ChunkSize: 4096})
	roundTrip(t, rtmp.TypeSetChunkSize, testkit.Hex(t, "7f ff ff ff"), &rtmp.SetChunkSize{ChunkSize: 0x7FFFFFFF})
	roundTrip(t, rtmp.TypeAbort, testkit.Hex(t, "00 00 00 03"), &rtmp.Abort{ChunkStreamID: 3})
	roundTrip(t, rtmp.TypeAcknowledgement, testkit.Hex(t, "00 13 12 d0"), &rtmp.Acknowledgement{SequenceNumber: 1250000})
	roundTrip(t, rtmp.TypeWindowAckSize, testkit.Hex(t, "00 26 25 a0"), &rtmp.WindowAckSize{WindowSize: 2500000})
	roundTrip(t, rtmp.TypeSetPeerBandwidth, testkit.Hex(t, "00 26 25 a0 02"), &rtmp.SetPeerBandwidth{WindowSize: 2500000, Limit: rtmp.LimitDynamic})
	roundTrip(t, rtmp.TypeSetPeerBandwidth, testkit.Hex(t, "00 98 96 80 00"), &rtmp.SetPeerBandwidth{WindowSize: 10000000, Limit: rtmp.LimitHard})
}

func TestSetChunkSizeBit31(t *testing.T) {
	_, err := Decode(rtmp.TypeSetChunkSize, testkit.Hex(t, "80 00 10 00"))
	wantErr(t, err, wire.ErrConstraint, "message", "SetChunkSize.ChunkSize", 0)
	_, err = Append(nil, &rtmp.SetChunkSize{ChunkSize: 0x80001000})
	wantErr(t, err, wire.ErrConstraint, "message", "SetChunkSize.ChunkSize", 0)
}

func TestSetPeerBandwidthUnknownLimitKeptAndFlagged(t *testing.T) {
	payload := testkit.Hex(t, "00 00 10 00 07")
	m, err := Decode(rtmp.TypeSetPeerBandwidth, payload)
	if err != nil {
		t.Fatal(err)
	}
	spb := m.(*rtmp.SetPeerBandwidth)
	if spb.Limit != 7 || spb.Limit.Defined() || spb.Limit.String() != "LimitType(0x07)" {
		t.Errorf("limit %v (defined %v), want 7 kept and flagged undefined", spb.Limit, spb.Limit.Defined())
	}
	for _, l := range []rtmp.LimitType{rtmp.LimitHard, rtmp.LimitSoft, rtmp.LimitDynamic} {
		if !l.Defined() {
			t.Errorf("%v not defined", l)
		}
	}
	if rtmp.LimitHard.String() != "Hard" || rtmp.LimitSoft.String() != "Soft" || rtmp.LimitDynamic.String() != "Dynamic" {
		t.Errorf("limit names %v %v %v", rtmp.LimitHard, rtmp.LimitSoft, rtmp.LimitDynamic)
	}
	enc, _ := Append(nil, m)
	if !bytes.Equal(enc, payload) {
		t.Errorf("re-encode %x, want %x", enc, payload)
	}
}

// Hostile: fixed layouts with short or long payloads.
func TestFixedLayoutsShortAndLong(t *testing.T) {
	cases := []struct {
		typ   rtmp.MessageType
		good  string
		field string // of the first field, reported for a short payload
		name  string // of the layout, reported for trailing bytes
	}{
		{rtmp.TypeSetChunkSize, "00000080", "SetChunkSize.ChunkSize", "SetChunkSize"},
		{rtmp.TypeAbort, "00000004", "Abort.ChunkStreamID", "Abort"},
		{rtmp.TypeAcknowledgement, "00001000", "Acknowledgement.SequenceNumber", "Acknowledgement"},
		{rtmp.TypeWindowAckSize, "002625a0", "WindowAckSize.WindowSize", "WindowAckSize"},
		{rtmp.TypeSetPeerBandwidth, "002625a002", "", "SetPeerBandwidth"},
	}
	for _, c := range cases {
		good := testkit.Hex(t, c.good)
		for cut := 0; cut < len(good); cut++ {
			_, err := Decode(c.typ, good[:cut])
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("%v with %d of %d bytes: %v, want io.ErrUnexpectedEOF", c.typ, cut, len(good), err)
				continue
			}
			var we *wire.Error
			if !errors.As(err, &we) || !strings.HasPrefix(we.Field, c.name+".") || we.Offset > int64(cut) {
				t.Errorf("%v with %d bytes: %#v, want a field of %s at offset <= %d", c.typ, cut, err, c.name, cut)
			}
		}
		if c.field != "" {
			_, err := Decode(c.typ, nil)
			wantErr(t, err, io.ErrUnexpectedEOF, "message", c.field, 0)
		}
		long := append(append([]byte(nil), good...), 0)
		_, err := Decode(c.typ, long)
		wantErr(t, err, wire.ErrTrailingBytes, "message", c.name, int64(len(good)))
	}
	_, err := Decode(rtmp.TypeSetPeerBandwidth, testkit.Hex(t, "002625a0"))
	wantErr(t, err, io.ErrUnexpectedEOF, "message", "SetPeerBandwidth.Limit", 4)
}

func TestUserControlEveryEvent(t *testing.T) {
	var digest [32]byte
	for i := range digest {
		digest[i] = byte(0xA0 + i)
	}
	cases := []struct {
		hex  string
		want UserControl
	}{
		{"0000 00000001", UserControl{Event: EventStreamBegin, StreamID: 1}},
		{"0001 00000001", UserControl{Event: EventStreamEOF, StreamID: 1}},
		{"0002 00000002", UserControl{Event: EventStreamDry, StreamID: 2}},
		{"0003 00000001 00000bb8", UserControl{Event: EventSetBufferLength, StreamID: 1, BufferLength: 3000}},
		{"0004 00000001", UserControl{Event: EventStreamIsRecorded, StreamID: 1}},
		{"0006 0001e240", UserControl{Event: EventPingRequest, Timestamp: 123456}},
		{"0007 0001e240", UserControl{Event: EventPingResponse, Timestamp: 123456}},
		{"001a", UserControl{Event: EventSWFVerifyRequest}},
		{"001b 01 01 00012345 00012345 " + hex.EncodeToString(digest[:]),
			UserControl{Event: EventSWFVerifyResponse, Marker1: 1, Marker2: 1, SWFSize: 0x12345, SWFSizeRepeat: 0x12345, Digest: digest}},
		{"001f 00000001", UserControl{Event: EventBufferEmpty, StreamID: 1}},
		{"0020 00000001", UserControl{Event: EventBufferReady, StreamID: 1}},
	}
	seen := map[EventType]bool{}
	for _, c := range cases {
		want := c.want
		payload := testkit.Hex(t, c.hex)
		roundTrip(t, rtmp.TypeUserControl, payload, &want)
		seen[c.want.Event] = true
		for cut := 0; cut < len(payload); cut++ {
			_, err := Decode(rtmp.TypeUserControl, payload[:cut])
			var we *wire.Error
			if !errors.Is(err, io.ErrUnexpectedEOF) || !errors.As(err, &we) || !strings.HasPrefix(we.Field, "UserControl.") || we.Offset > int64(cut) {
				t.Errorf("%v cut to %d bytes: %v, want io.ErrUnexpectedEOF in a UserControl field", c.want.Event, cut, err)
			}
		}
	}
	for _, e := range EventTypeValues {
		if !seen[e] {
			t.Errorf("event %v has no test", e)
		}
	}
}

func TestUserControlUnknownEventKept(t *testing.T) {
	roundTrip(t, rtmp.TypeUserControl, testkit.Hex(t, "0005 deadbeef"), &UserControl{Event: 5, Data: testkit.Hex(t, "deadbeef")})
	roundTrip(t, rtmp.TypeUserControl, testkit.Hex(t, "7fff"), &UserControl{Event: 0x7fff, Data: []byte{}})
	roundTrip(t, rtmp.TypeUserControl, testkit.Hex(t, "0021 01 02 03 04 05 06 07 08 09"), &UserControl{Event: 0x21, Data: testkit.Hex(t, "010203040506070809")})
}

// Hostile: user control events whose data is shorter or longer than their
// fixed layout.
func TestUserControlWrongLengths(t *testing.T) {
	_, err := Decode(rtmp.TypeUserControl, testkit.Hex(t, "00"))
	wantErr(t, err, io.ErrUnexpectedEOF, "message", "UserControl.UserControlHeader.Event", 0)
	_, err = Decode(rtmp.TypeUserControl, testkit.Hex(t, "0000 000001"))
	wantErr(t, err, io.ErrUnexpectedEOF, "message", "UserControl.StreamBegin.StreamID", 2)
	_, err = Decode(rtmp.TypeUserControl, testkit.Hex(t, "0003 00000001 0000"))
	wantErr(t, err, io.ErrUnexpectedEOF, "message", "UserControl.SetBufferLength.BufferLength", 6)
	_, err = Decode(rtmp.TypeUserControl, testkit.Hex(t, "0006 00000001 00"))
	wantErr(t, err, wire.ErrTrailingBytes, "message", "UserControl.PingRequest", 6)
	_, err = Decode(rtmp.TypeUserControl, testkit.Hex(t, "001a 00"))
	wantErr(t, err, wire.ErrTrailingBytes, "message", "UserControl.SWFVerifyRequest", 2)
	_, err = Decode(rtmp.TypeUserControl, testkit.Hex(t, "001b 0101"))
	wantErr(t, err, io.ErrUnexpectedEOF, "message", "UserControl.SWFVerifyResponse.SWFSize", 4)
}

func TestUndefinedTypesRaw(t *testing.T) {
	ids := []rtmp.MessageType{0x00, 0x07, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x15, 0x17, 0x20, 0xFF}
	for _, id := range ids {
		roundTrip(t, id, testkit.Hex(t, "01 02 03"), &Raw{MsgType: id, Payload: testkit.Hex(t, "010203")})
		roundTrip(t, id, []byte{}, &Raw{MsgType: id, Payload: []byte{}})
	}
}

func TestAudioVideoPayloadKept(t *testing.T) {
	// AAC sequence header: AAC, 44 kHz, 16-bit, stereo; AudioSpecificConfig 12 10.
	roundTrip(t, rtmp.TypeAudio, testkit.Hex(t, "af 00 12 10"), &Audio{Payload: testkit.Hex(t, "af001210")})
	// An empty audio message, as some servers send at stream start.
	roundTrip(t, rtmp.TypeAudio, []byte{}, &Audio{Payload: []byte{}})
	roundTrip(t, rtmp.TypeVideo, testkit.Hex(t, "17 01 00 00 21 00 00 00 05 65"), &Video{Payload: testkit.Hex(t, "17010000210000000565")})
}

// aggregateBytes is two sub-messages as FMS sends them on play: an AAC frame
// at 1000 ms and an AVC frame at 0x01000010 ms (high byte used), both with
// correct back pointers.
const aggregateBytes = `
08 000004 0003e8 00 000000  af 01 21 1b  0000000f
09 000005 000010 01 000001  27 01 00 00 00  00000010`

func TestAggregate(t *testing.T) {
	payload := testkit.Hex(t, aggregateBytes)
	want := &Aggregate{Subs: []SubMessage{
		{Header: AggregateHeader{Type: rtmp.TypeAudio, PayloadSize: 4, Timestamp: 1000}, Payload: testkit.Hex(t, "af01211b"), BackPointer: 15},
		{Header: AggregateHeader{Type: rtmp.TypeVideo, PayloadSize: 5, Timestamp: 0x10, TimestampHigh: 1, StreamID: 1}, Payload: testkit.Hex(t, "2701000000"), BackPointer: 16},
	}}
	roundTrip(t, rtmp.TypeAggregate, payload, want)
	m, _ := Decode(rtmp.TypeAggregate, payload)
	agg := m.(*Aggregate)
	if ts := agg.Subs[1].Timestamp(); ts != 0x01000010 {
		t.Errorf("timestamp %#x, want 0x01000010", ts)
	}
	if err := agg.CheckBackPointers(); err != nil {
		t.Errorf("CheckBackPointers: %v", err)
	}
	sub, err := agg.Subs[0].Message()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Message(&Audio{Payload: testkit.Hex(t, "af01211b")}), sub); diff != "" {
		t.Errorf("sub-message 0 (-want +got):\n%s", diff)
	}
	built := &Aggregate{Subs: []SubMessage{
		NewSubMessage(rtmp.TypeAudio, 1000, 0, testkit.Hex(t, "af01211b")),
		NewSubMessage(rtmp.TypeVideo, 0x01000010, 1, testkit.Hex(t, "2701000000")),
	}}
	if diff := cmp.Diff(want, built); diff != "" {
		t.Errorf("NewSubMessage (-want +got):\n%s", diff)
	}
	roundTrip(t, rtmp.TypeAggregate, []byte{}, &Aggregate{})
}

// Hostile: a back pointer that does not match is kept and flagged, and the
// aggregate still re-encodes to the same bytes.
func TestAggregateBadBackPointerKept(t *testing.T) {
	payload := testkit.Hex(t, `
08 000004 0003e8 00 000000  af 01 21 1b  00000004
09 000001 000010 00 000000  27           0000000c`)
	m, err := Decode(rtmp.TypeAggregate, payload)
	if err != nil {
		t.Fatal(err)
	}
	agg := m.(*Aggregate)
	if agg.Subs[0].BackPointerValid() || !agg.Subs[1].BackPointerValid() {
		t.Errorf("validity %v %v, want false true", agg.Subs[0].BackPointerValid(), agg.Subs[1].BackPointerValid())
	}
	if agg.Subs[0].BackPointer != 4 {
		t.Errorf("back pointer %d, want 4 kept", agg.Subs[0].BackPointer)
	}
	wantErr(t, agg.CheckBackPointers(), wire.ErrConstraint, "message", "Aggregate.AggregateBackPointer.SubMessageSize", 15)
	enc, err := Append(nil, m)
	if err != nil || !bytes.Equal(enc, payload) {
		t.Errorf("re-encode %x, %v; want %x", enc, err, payload)
	}
}

// Hostile: sub-message sizes past the end, and aggregates that end inside a
// header or back pointer.
func TestAggregateSizesPastEnd(t *testing.T) {
	_, err := Decode(rtmp.TypeAggregate, testkit.Hex(t, "08 000010 000000 00 000000 af 01"))
	wantErr(t, err, io.ErrUnexpectedEOF, "message", "Aggregate.Payload", 11)
	_, err = Decode(rtmp.TypeAggregate, testkit.Hex(t, "08 ffffff 000000 00 000000"))
	wantErr(t, err, io.ErrUnexpectedEOF, "message", "Aggregate.Payload", 11)
	_, err = Decode(rtmp.TypeAggregate, testkit.Hex(t, "08 000001 000000 00 000000 af 0000"))
	wantErr(t, err, io.ErrUnexpectedEOF, "message", "Aggregate.AggregateBackPointer.SubMessageSize", 12)
	_, err = Decode(rtmp.TypeAggregate, testkit.Hex(t, "08 000001 000000 00 000000 af 0000000c 09 0000"))
	wantErr(t, err, io.ErrUnexpectedEOF, "message", "Aggregate.AggregateHeader.PayloadSize", 17)
	good := testkit.Hex(t, aggregateBytes)
	for cut := 1; cut < len(good); cut++ {
		if cut == 19 {
			continue // a whole first sub-message is a valid aggregate
		}
		if _, err := Decode(rtmp.TypeAggregate, good[:cut]); !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("aggregate cut at %d: %v, want io.ErrUnexpectedEOF", cut, err)
		}
	}
	if _, err := Decode(rtmp.TypeAggregate, good[:19]); err != nil {
		t.Errorf("first sub-message alone: %v", err)
	}
}

func TestAggregateEncodeChecksSizes(t *testing.T) {
	s := NewSubMessage(rtmp.TypeAudio, 0, 0, testkit.Hex(t, "af01"))
	s.Header.PayloadSize = 3
	_, err := Append(nil, &Aggregate{Subs: []SubMessage{NewSubMessage(rtmp.TypeVideo, 0, 0, nil), s}})
	wantErr(t, err, wire.ErrConstraint, "message", "Aggregate.Subs[1].Header.PayloadSize", 15)
}

// An aggregate inside an aggregate stays raw: decoding goes one level down.
func TestAggregateNoRecursion(t *testing.T) {
	inner := testkit.Hex(t, aggregateBytes)
	outer := &Aggregate{Subs: []SubMessage{NewSubMessage(rtmp.TypeAggregate, 0, 0, inner)}}
	payload, err := Append(nil, outer)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Decode(rtmp.TypeAggregate, payload)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := m.(*Aggregate).Subs[0].Message()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Message(&Raw{MsgType: rtmp.TypeAggregate, Payload: inner}), sub); diff != "" {
		t.Errorf("nested aggregate (-want +got):\n%s", diff)
	}
}

func TestDecoderControlAllocs(t *testing.T) {
	inputs := []struct {
		typ     rtmp.MessageType
		payload []byte
	}{
		{rtmp.TypeSetChunkSize, testkit.Hex(t, "00001000")},
		{rtmp.TypeAbort, testkit.Hex(t, "00000003")},
		{rtmp.TypeAcknowledgement, testkit.Hex(t, "001312d0")},
		{rtmp.TypeWindowAckSize, testkit.Hex(t, "002625a0")},
		{rtmp.TypeSetPeerBandwidth, testkit.Hex(t, "002625a002")},
		{rtmp.TypeUserControl, testkit.Hex(t, "0000 00000001")},
		{rtmp.TypeUserControl, testkit.Hex(t, "0003 00000001 00000bb8")},
		{rtmp.TypeUserControl, testkit.Hex(t, "0006 0001e240")},
		{rtmp.TypeUserControl, testkit.Hex(t, "001b 0101 00000000 00000000"+strings.Repeat("00", 32))},
		{rtmp.TypeUserControl, testkit.Hex(t, "0063 0102")},
	}
	var d Decoder
	for _, in := range inputs {
		allocs := testkit.AllocsPerRun(t, 200, func() {
			if _, err := d.Decode(in.typ, in.payload); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("Decoder.Decode(%v, %x) allocates %v times", in.typ, in.payload, allocs)
		}
	}
	buf := make([]byte, 0, 64)
	m, _ := d.Decode(rtmp.TypeUserControl, testkit.Hex(t, "0003 00000001 00000bb8"))
	if allocs := testkit.AllocsPerRun(t, 200, func() { _, _ = Append(buf[:0], m) }); allocs != 0 {
		t.Errorf("Append of user control allocates %v times", allocs)
	}
}
