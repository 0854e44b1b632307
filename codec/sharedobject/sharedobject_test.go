package sharedobject

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/amf3"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// cmpOpts compares messages without their reused storage, AMF values by
// their encoding, and nil and empty slices alike. Reasons are checked by
// the tests one by one.
var cmpOpts = []cmp.Option{
	cmpopts.EquateEmpty(),
	cmpopts.IgnoreUnexported(Message{}),
	cmpopts.IgnoreFields(Event{}, "Reason"),
	cmp.Comparer(func(a, b amf0.Value) bool {
		ea, erra := a.Append(nil)
		eb, errb := b.Append(nil)
		return bytes.Equal(ea, eb) && (erra == nil) == (errb == nil) && a.String() == b.String()
	}),
}

func wantErr(t *testing.T, err, kind error, field string, offset int64) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("error %v, want kind %v", err, kind)
	}
	var we *wire.Error
	if !errors.As(err, &we) {
		t.Fatalf("error %T is not a *wire.Error", err)
	}
	if we.Layer != "sharedobject" || we.Field != field || we.Offset != offset || we.Expected == "" {
		t.Errorf("error %q: layer %q field %q offset %d; want sharedobject %q %d", err, we.Layer, we.Field, we.Offset, field, offset)
	}
}

func roundTrip(t *testing.T, payload []byte, want *Message) *Message {
	t.Helper()
	var got Message
	var err error
	if want.AMF3 {
		err = got.DecodeAMF3(payload)
	} else {
		err = got.Decode(payload)
	}
	if err != nil {
		t.Fatalf("decode %x: %v", payload, err)
	}
	if diff := cmp.Diff(want, &got, cmpOpts...); diff != "" {
		t.Errorf("decode mismatch (-want +got):\n%s", diff)
	}
	if got.Size() != len(payload) {
		t.Errorf("Size() = %d, want %d", got.Size(), len(payload))
	}
	enc, err := got.Append(nil)
	if err != nil || !bytes.Equal(enc, payload) {
		t.Errorf("re-encode = %x, %v; want %x", enc, err, payload)
	}
	return &got
}

// header of the "sample_noteroom" object as 001 describes it: version 0,
// encoding 2, four unknown bytes.
const noteroomHeader = "000f 73616d706c655f6e6f7465726f6f6d 00000000 00000002 00000000"

var noteroomFlags = [8]byte{0, 0, 0, 2, 0, 0, 0, 0}

func TestUseRequest(t *testing.T) {
	payload := testkit.Hex(t, noteroomHeader+" 01 00000000")
	roundTrip(t, payload, &Message{
		Header: Header{Name: []byte("sample_noteroom"), Version: 0, Flags: noteroomFlags},
		Events: []Event{{Type: EventUse}},
	})
}

func TestNameStatusAndEmptyEvents(t *testing.T) {
	payload := testkit.Hex(t, "000f 73616d706c655f6e6f7465726f6f6d 00000007 00000002 00000000"+
		" 0b 00000000"+ // use success
		" 08 00000000"+ // clear
		" 05 00000006 0004 6e6f7465"+ // success "note"
		" 09 00000006 0004 6e6f7465"+ // remove "note"
		" 0a 00000006 0004 6e6f7465"+ // request remove "note"
		" 07 00000029 0020 5368617265644f626a6563742e4e6f57726974654163636573732e4572726f72 0005 6572726f72"+ // status
		" 02 00000000") // release
	got := roundTrip(t, payload, &Message{
		Header: Header{Name: []byte("sample_noteroom"), Version: 7, Flags: noteroomFlags},
		Events: []Event{
			{Type: EventUseSuccess},
			{Type: EventClear},
			{Type: EventSuccess, Name: []byte("note")},
			{Type: EventRemove, Name: []byte("note")},
			{Type: EventRequestRemove, Name: []byte("note")},
			{Type: EventStatus, Code: []byte("SharedObject.NoWriteAccess.Error"), Level: []byte("error")},
			{Type: EventRelease},
		},
	})
	for i, e := range got.Events {
		if e.Unexplained() {
			t.Errorf("event %d (%v) unexplained: %v", i, e.Type, e.Reason)
		}
	}
}

// Hostile: unknown event types keep their data raw, flagged.
func TestUnknownEventKeptRaw(t *testing.T) {
	payload := testkit.Hex(t, "0001 61 00000001 00000000 00000000 0c 00000003 010203 01 00000000 ff 00000000")
	got := roundTrip(t, payload, &Message{
		Header: Header{Name: []byte("a"), Version: 1},
		Events: []Event{{Type: 0x0c, Raw: testkit.Hex(t, "010203")}, {Type: EventUse}, {Type: 0xff, Raw: []byte{}}},
	})
	if !got.Events[0].Unexplained() || got.Events[1].Unexplained() || !got.Events[2].Unexplained() {
		t.Fatalf("flags %v %v %v, want true false true", got.Events[0].Unexplained(), got.Events[1].Unexplained(), got.Events[2].Unexplained())
	}
	wantErr(t, got.Events[0].Reason, wire.ErrUnsupported, "Event(EventType(0x0c)).EventHeader.Type", 15)
	wantErr(t, got.Events[2].Reason, wire.ErrUnsupported, "Event(EventType(0xff)).EventHeader.Type", 28)
}

// The "initial data" sub-entries 001 describes for event 11 (subtype u8,
// subsize u32, value) do not fit the Use Success layout, which has no
// data: they are kept as bytes and flagged.
func TestInitialDataKeptRaw(t *testing.T) {
	data := "04 0000000e 0004 6e6f7465 02 0005 68656c6c6f  09 00000000"
	payload := testkit.Hex(t, noteroomHeader+" 0b 00000018 "+data)
	got := roundTrip(t, payload, &Message{
		Header: Header{Name: []byte("sample_noteroom"), Flags: noteroomFlags},
		Events: []Event{{Type: EventUseSuccess, Raw: testkit.Hex(t, data)}},
	})
	wantErr(t, got.Events[0].Reason, wire.ErrTrailingBytes, "Event(Use Success).Data", 34)
}

// A name-only event with bytes after the name, and a name whose length runs
// past the event data: the framing is intact, so the event is kept raw and
// flagged, and the next event still decodes.
func TestNameEventsThatDoNotFit(t *testing.T) {
	payload := testkit.Hex(t, "0001 61 00000001 00000000 00000000"+
		" 05 00000005 0001 62 ffff"+
		" 09 00000003 0009 63"+
		" 07 00000004 0000 0001"+
		" 01 00000000")
	got := roundTrip(t, payload, &Message{
		Header: Header{Name: []byte("a"), Version: 1},
		Events: []Event{
			{Type: EventSuccess, Raw: testkit.Hex(t, "000162ffff")},
			{Type: EventRemove, Raw: testkit.Hex(t, "000963")},
			{Type: EventStatus, Raw: testkit.Hex(t, "00000001")},
			{Type: EventUse},
		},
	})
	wantErr(t, got.Events[0].Reason, wire.ErrTrailingBytes, "Event(Success).Data", 23)
	wantErr(t, got.Events[1].Reason, io.ErrUnexpectedEOF, "Event(Remove).Name", 30)
	wantErr(t, got.Events[2].Reason, io.ErrUnexpectedEOF, "Event(Status).Level", 40)
}

// Hostile: event lengths past the payload.
func TestEventLengthPastPayload(t *testing.T) {
	var m Message
	err := m.Decode(testkit.Hex(t, "0001 61 00000001 00000000 00000000 05 00000007 0001 62"))
	wantErr(t, err, io.ErrUnexpectedEOF, "EventHeader.Length", 16)
	err = m.Decode(testkit.Hex(t, "0001 61 00000001 00000000 00000000 04 ffffffff"))
	wantErr(t, err, io.ErrUnexpectedEOF, "EventHeader.Length", 16)
	err = m.Decode(testkit.Hex(t, "0001 61 00000001 00000000 00000000 04 0000"))
	wantErr(t, err, io.ErrUnexpectedEOF, "EventHeader.Length", 16)
	err = m.Decode(testkit.Hex(t, "0001 61 00000001 00000000 00000000 01 00000000 05"))
	wantErr(t, err, io.ErrUnexpectedEOF, "EventHeader.Length", 21)
}

// Hostile: the object name's length runs past the payload.
func TestNameLengthPastPayload(t *testing.T) {
	var m Message
	err := m.Decode(testkit.Hex(t, "0010 73616d706c65"))
	wantErr(t, err, io.ErrUnexpectedEOF, "Header.Name", 0)
	err = m.Decode(testkit.Hex(t, "ffff 00000000 00000002 00000000 01 00000000"))
	wantErr(t, err, io.ErrUnexpectedEOF, "Header.Name", 0)
	err = m.Decode(testkit.Hex(t, "0001 61 000000"))
	wantErr(t, err, io.ErrUnexpectedEOF, "Header.Version", 3)
	err = m.Decode(testkit.Hex(t, "0001 61 00000000 000000"))
	wantErr(t, err, io.ErrUnexpectedEOF, "Header.Flags", 7)
	good := testkit.Hex(t, noteroomHeader+" 05 00000006 0004 6e6f7465")
	for cut := 0; cut < len(good); cut++ {
		if cut == 29 {
			continue // header alone: a message with no events
		}
		if err := m.Decode(good[:cut]); !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("cut at %d: %v, want io.ErrUnexpectedEOF", cut, err)
		}
	}
}

// A 0x10 message starts with the format byte (Enhanced RTMP; nginx-rtmp
// skips it). Under 0 the values are AMF0 that may switch to AMF3; under
// any other byte event data with AMF values stays raw.
func TestAMF3SharedObjectFormatByte(t *testing.T) {
	payload := testkit.Hex(t, "00 0001 61 00000001 00000000 00000000 04 00000006 0001 62 11 04 05 05 00000003 0001 62")
	roundTrip(t, payload, &Message{
		Header: Header{Name: []byte("a"), Version: 1},
		AMF3:   true,
		Events: []Event{{Type: EventChange, Pairs: []Pair{{Name: []byte("b"), Value: amf0.AMF3(amf3.Integer(5))}}},
			{Type: EventSuccess, Name: []byte("b")}},
	})
	payload[0] = 3
	got := roundTrip(t, payload, &Message{
		Header: Header{Name: []byte("a"), Version: 1},
		AMF3:   true,
		Format: 3,
		Events: []Event{{Type: EventChange, Raw: testkit.Hex(t, "0001621104 05")}, {Type: EventSuccess, Name: []byte("b")}},
	})
	wantErr(t, got.Events[0].Reason, wire.ErrUnsupported, "Event(Change).Data", 21)
	var m Message
	wantErr(t, m.DecodeAMF3(nil), io.ErrUnexpectedEOF, "Format", 0)
}

func TestAppendRejectsLongStrings(t *testing.T) {
	long := make([]byte, 70000)
	m := Message{Header: Header{Name: []byte("a")}, Events: []Event{{Type: EventUse}, {Type: EventSuccess, Name: long}}}
	_, err := m.Append(nil)
	wantErr(t, err, wire.ErrConstraint, "Event[1].Name", 25)
	m = Message{Header: Header{Name: long}}
	_, err = m.Append(nil)
	wantErr(t, err, wire.ErrConstraint, "Header.Name", 0)
}

// A request change with several name/value pairs, as 001 describes the
// client's update of its local copy (version 3).
func TestRequestChangePairs(t *testing.T) {
	payload := testkit.Hex(t, "000f73616d706c655f6e6f7465726f6f6d 00000003 0000000200000000 03 00000045"+
		" 0004 6e6f7465 02000b68656c6c6f20776f726c64"+
		" 0005 636f756e74 004008000000000000"+
		" 0003 706f73 03 0001 78 004024000000000000 0001 79 004034000000000000 000009")
	got := roundTrip(t, payload, &Message{
		Header: Header{Name: []byte("sample_noteroom"), Version: 3, Flags: noteroomFlags},
		Events: []Event{{Type: EventRequestChange, Pairs: []Pair{
			{Name: []byte("note"), Value: amf0.String("hello world")},
			{Name: []byte("count"), Value: amf0.Number(3)},
			{Name: []byte("pos"), Value: amf0.Object(amf0.Prop("x", amf0.Number(10)), amf0.Prop("y", amf0.Number(20)))},
		}}},
	})
	e := got.Events[0]
	if e.Unexplained() {
		t.Fatalf("unexplained: %v", e.Reason)
	}
	if s, _ := e.Pairs[0].Value.Str(); s != "hello world" {
		t.Errorf("note = %q", s)
	}
	if y, _ := e.Pairs[2].Value.Get("y").Number(); y != 20 {
		t.Errorf("pos.y = %v", y)
	}
}

// The server's answer: a change event for the other clients and a success
// event for the one that asked.
func TestChangeAndSuccess(t *testing.T) {
	payload := testkit.Hex(t, "000f73616d706c655f6e6f7465726f6f6d 00000004 0000000200000000"+
		" 04 00000014 0004 6e6f7465 02000b68656c6c6f20776f726c64"+
		" 05 00000006 0004 6e6f7465")
	roundTrip(t, payload, &Message{
		Header: Header{Name: []byte("sample_noteroom"), Version: 4, Flags: noteroomFlags},
		Events: []Event{
			{Type: EventChange, Pairs: []Pair{{Name: []byte("note"), Value: amf0.String("hello world")}}},
			{Type: EventSuccess, Name: []byte("note")},
		},
	})
}

func TestSendMessage(t *testing.T) {
	payload := testkit.Hex(t, "000f73616d706c655f6e6f7465726f6f6d 00000004 0000000200000000"+
		" 06 0000001a 0200096f6e4d657373616765 0200026869 003ff0000000000000")
	roundTrip(t, payload, &Message{
		Header: Header{Name: []byte("sample_noteroom"), Version: 4, Flags: noteroomFlags},
		Events: []Event{{Type: EventSendMessage, Values: []amf0.Value{amf0.String("onMessage"), amf0.String("hi"), amf0.Number(1)}}},
	})
}

// AMF data that does not decode, or that depends on values outside the
// event, stays raw with the reason; the framing around it still decodes.
func TestAMFDataThatDoesNotFit(t *testing.T) {
	payload := testkit.Hex(t, "0001 61 00000001 00000000 00000000"+
		" 04 00000005 0001 62 02 00"+ // string value cut short
		" 04 00000004 0001 62 11"+ // AMF3 switch marker
		" 03 00000008 0001 62 03 000009 ff"+ // byte after the value with no name room
		" 06 00000001 04"+ // reserved movieclip marker
		" 04 0000000d 0001 63 03 000009 0001 64 07 0000"+ // reference back into the previous pair
		" 01 00000000")
	got := roundTrip(t, payload, &Message{
		Header: Header{Name: []byte("a"), Version: 1},
		Events: []Event{
			{Type: EventChange, Raw: testkit.Hex(t, "0001620200")},
			{Type: EventChange, Raw: testkit.Hex(t, "00016211")},
			{Type: EventRequestChange, Raw: testkit.Hex(t, "00016203000009ff")},
			{Type: EventSendMessage, Raw: testkit.Hex(t, "04")},
			{Type: EventChange, Raw: testkit.Hex(t, "00016303000009000164070000")},
			{Type: EventUse},
		},
	})
	for i := 0; i < 5; i++ {
		if !got.Events[i].Unexplained() {
			t.Errorf("event %d not flagged", i)
		}
	}
	for i, kind := range []error{io.ErrUnexpectedEOF, io.ErrUnexpectedEOF, io.ErrUnexpectedEOF, amf0.ErrReservedMarker, wire.ErrUnsupported} {
		if !errors.Is(got.Events[i].Reason, kind) {
			t.Errorf("event %d: reason %v, want %v", i, got.Events[i].Reason, kind)
		}
	}
	var we *wire.Error
	if !errors.As(got.Events[0].Reason, &we) || we.Layer != "amf0" || we.Field != "Event(Change).Pairs[0].Value.length" || we.Offset != 24 {
		t.Errorf("reason 0: %#v", got.Events[0].Reason)
	}
	wantErr(t, got.Events[2].Reason, io.ErrUnexpectedEOF, "Event(Request Change).Pairs[1].Name", 46)
	wantErr(t, got.Events[4].Reason, wire.ErrUnsupported, "Event(Change).Pairs[1].Value", 68)
}

// The initial-data body of corpus/001-so-use-success-initial-data.hex, read
// with 001's sub-entry layout.
func TestInitialDataView(t *testing.T) {
	data := testkit.Hex(t, "08 00000000  04 0000000e 0004 6e6f7465 02 0005 68656c6c6f  04 0000000c 0001 78 00 4028000000000000  09 00000005 0003 6f6c64")
	got, err := InitialData(data, amf0.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Event{
		{Type: EventClear},
		{Type: EventChange, Pairs: []Pair{{Name: []byte("note"), Value: amf0.String("hello")}}},
		{Type: EventChange, Pairs: []Pair{{Name: []byte("x"), Value: amf0.Number(12)}}},
		{Type: EventRemove, Name: []byte("old")},
	}
	if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	_, err = InitialData(data[:len(data)-1], amf0.Limits{})
	wantErr(t, err, io.ErrUnexpectedEOF, "InitialData[3].Subsize", 42)
	_, err = InitialData(testkit.Hex(t, "04 0000"), amf0.Limits{})
	wantErr(t, err, io.ErrUnexpectedEOF, "InitialData[0].Subsize", 0)
	_, err = InitialData(testkit.Hex(t, "09 00000004 0001 61 ff"), amf0.Limits{})
	wantErr(t, err, wire.ErrTrailingBytes, "InitialData[0]", 8)
	_, err = InitialData(testkit.Hex(t, "04 00000004 0001 61 02"), amf0.Limits{})
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("value cut short: %v", err)
	}
	_, err = InitialData(testkit.Hex(t, "04 00000003 0005 61"), amf0.Limits{})
	wantErr(t, err, io.ErrUnexpectedEOF, "InitialData[0].Name", 5)
}

// An event type without a layout encodes its Raw bytes even when built in
// code without a Reason; a value amf0 refuses makes Size -1 and Append fail.
func TestAppendBuiltEvents(t *testing.T) {
	m := Message{Header: Header{Name: []byte("a")}, Events: []Event{{Type: 0x20, Raw: testkit.Hex(t, "0102")}}}
	got, err := m.Append(nil)
	want := testkit.Hex(t, "0001 61 00000000 0000000000000000 20 00000002 0102")
	if err != nil || !bytes.Equal(got, want) || m.Size() != len(want) {
		t.Errorf("Append = %x, %v (Size %d); want %x", got, err, m.Size(), want)
	}
	m = Message{Header: Header{Name: []byte("a")}, Events: []Event{{Type: EventChange, Pairs: []Pair{{Name: []byte("x"), Value: amf0.Value{}}}}}}
	if m.Size() != -1 {
		t.Errorf("Size of an unencodable message = %d, want -1", m.Size())
	}
	_, err = m.Append(nil)
	var we *wire.Error
	if !errors.Is(err, wire.ErrConstraint) || !errors.As(err, &we) || !strings.HasPrefix(we.Field, "Event[0].Pairs[0].Value") || we.Offset != 23 {
		t.Errorf("Append of an invalid value: %#v", err)
	}
}
