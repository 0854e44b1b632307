package fuzz

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/codec/sharedobject"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// messageCmp compares decoded messages. Slices compare as wholes through
// the hand-written equalities below: go-cmp's element-by-element diff of
// them made every exec a thousand times slower than the codec under test.
// nil and empty slices are equal, as the wire cannot tell them apart.
var messageCmp = []cmp.Option{
	// A shared object message's reused decoder storage is not part of its
	// value.
	cmpopts.IgnoreUnexported(sharedobject.Message{}),
	cmp.Comparer(equalValue),
	cmp.Comparer(equalValues),
	cmp.Comparer(func(a, b []byte) bool { return bytes.Equal(a, b) }),
	cmp.Comparer(func(a, b []sharedobject.Event) bool {
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if !equalEvent(&a[i], &b[i]) {
				return false
			}
		}
		return true
	}),
	cmp.Comparer(func(a, b []message.SubMessage) bool {
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if a[i].Header != b[i].Header || a[i].BackPointer != b[i].BackPointer || !bytes.Equal(a[i].Payload, b[i].Payload) {
				return false
			}
		}
		return true
	}),
	cmp.Comparer(func(a, b error) bool { return (a == nil) == (b == nil) }),
}

// equalValue compares AMF0 values by what they encode to, which covers
// every wire choice they keep; values that cannot be encoded on their own
// (references, which point into the rest of their payload) compare by how
// they print, which shows the reference index.
func equalValue(a, b amf0.Value) bool {
	ea, erra := a.Append(nil)
	eb, errb := b.Append(nil)
	if erra != nil || errb != nil {
		return erra != nil && errb != nil && a.String() == b.String()
	}
	return bytes.Equal(ea, eb)
}

func equalValues(a, b []amf0.Value) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !equalValue(a[i], b[i]) {
			return false
		}
	}
	return true
}

func equalEvent(a, b *sharedobject.Event) bool {
	if a.Type != b.Type || !bytes.Equal(a.Name, b.Name) || !bytes.Equal(a.Code, b.Code) || !bytes.Equal(a.Level, b.Level) ||
		!bytes.Equal(a.Raw, b.Raw) || (a.Reason == nil) != (b.Reason == nil) || !equalValues(a.Values, b.Values) || len(a.Pairs) != len(b.Pairs) {
		return false
	}
	for i := range a.Pairs {
		if !bytes.Equal(a.Pairs[i].Name, b.Pairs[i].Name) || !equalValue(a.Pairs[i].Value, b.Pairs[i].Value) {
			return false
		}
	}
	return true
}

// controlTypes are the protocol control message types a selector byte
// picks from.
var controlTypes = [...]rtmp.MessageType{
	rtmp.TypeSetChunkSize, rtmp.TypeAbort, rtmp.TypeAcknowledgement,
	rtmp.TypeWindowAckSize, rtmp.TypeSetPeerBandwidth,
}

// MessageRoundTrip is the byte-exact property for one message payload of
// type typ: decoding either succeeds and re-encodes to exactly payload, with
// Size agreeing and a reused Decoder giving the same value, or fails with a
// *wire.Error. For an aggregate, each sub-message must do the same one
// level down; for audio and video, the tag view must stay inside the
// payload.
func MessageRoundTrip(typ rtmp.MessageType, payload []byte) error {
	m, err := message.Decode(typ, payload)
	if err != nil {
		return wantWireError("message.Decode", err)
	}
	if m.Type() != typ {
		return fmt.Errorf("decoded %v as a message of type %v", typ, m.Type())
	}
	if err := reencode("message "+typ.String(), m, payload); err != nil {
		return err
	}
	var d message.Decoder
	// A first decode of another type leaves state behind that the second
	// must not see.
	_, _ = d.Decode(rtmp.TypeAggregate, payload)
	_, _ = d.Decode(rtmp.TypeSharedObjectAMF0, payload)
	m2, err := d.Decode(typ, payload)
	if err != nil {
		return fmt.Errorf("Decoder.Decode failed where Decode succeeded: %v", err)
	}
	if !cmp.Equal(m, m2, messageCmp...) {
		diff := cmp.Diff(m, m2, messageCmp...)
		return fmt.Errorf("Decoder.Decode differs from Decode (-Decode +Decoder):\n%s", diff)
	}
	if err := messageViews(typ, payload); err != nil {
		return err
	}
	switch v := m.(type) {
	case *message.Aggregate:
		allValid := true
		for i := range v.Subs {
			allValid = allValid && v.Subs[i].BackPointerValid()
		}
		if err := v.CheckBackPointers(); (err == nil) != allValid {
			return fmt.Errorf("CheckBackPointers says %v; every back pointer valid: %v", err, allValid)
		}
		// Each sub-message's header layout reads its 11 bytes as the
		// aggregate decoder did.
		off := 0
		for i := range v.Subs {
			s := &v.Subs[i]
			var h message.AggregateHeader
			if n := s.Header.Size(); off+n > len(payload) || h.DecodeAll(payload[off:off+n]) != nil || h != s.Header {
				return fmt.Errorf("sub-message %d: AggregateHeader.DecodeAll at %d gives %+v, the aggregate %+v", i, off, h, s.Header)
			}
			off += s.Header.Size() + len(s.Payload) + 4
		}
		for i := range v.Subs {
			s := &v.Subs[i]
			sub, err := s.Message()
			if err != nil {
				if err := wantWireError("SubMessage.Message", err); err != nil {
					return err
				}
				continue
			}
			if err := reencode(fmt.Sprintf("aggregate sub-message %d", i), sub, s.Payload); err != nil {
				return err
			}
		}
	case *message.Audio:
		return MediaRoundTrip(false, v.Payload)
	case *message.Video:
		return MediaRoundTrip(true, v.Payload)
	}
	return nil
}

func reencode(what string, m message.Message, payload []byte) error {
	if n := m.Size(); n != len(payload) {
		return fmt.Errorf("%s: Size() = %d for a %d-byte payload", what, n, len(payload))
	}
	enc, err := message.Append([]byte{0xA5}, m)
	if err != nil {
		return fmt.Errorf("%s: re-encoding a decoded value failed: %v", what, err)
	}
	if enc[0] != 0xA5 || !bytes.Equal(enc[1:], payload) {
		return fmt.Errorf("%s: re-encoded\n%x\nwant\n%x", what, enc[1:], payload)
	}
	return nil
}

func wantWireError(what string, err error) error {
	var we *wire.Error
	if !errors.As(err, &we) {
		return fmt.Errorf("%s: error %T (%v) is not a *wire.Error", what, err, err)
	}
	if we.Err == nil {
		return fmt.Errorf("%s: *wire.Error without a sentinel: %v", what, err)
	}
	return nil
}

// MessageBuiltRoundTrip is the typed-value property: m, built in code,
// encodes (or refuses with a *wire.Error), and what it encodes to decodes
// back to a value equal to m and re-encodes to the same bytes.
func MessageBuiltRoundTrip(m message.Message) error {
	enc, err := message.Append(nil, m)
	if err != nil {
		return wantWireError("Append of a built value", err)
	}
	if len(enc) != m.Size() {
		return fmt.Errorf("built %v: Size() = %d, Append wrote %d", m.Type(), m.Size(), len(enc))
	}
	got, err := message.Decode(m.Type(), enc)
	if err != nil {
		return fmt.Errorf("built %v encodes to %x, which does not decode: %v", m.Type(), enc, err)
	}
	if !cmp.Equal(m, got, messageCmp...) {
		diff := cmp.Diff(m, got, messageCmp...)
		return fmt.Errorf("built %v does not survive encode/decode (-built +decoded):\n%s", m.Type(), diff)
	}
	return reencode("built "+m.Type().String(), got, enc)
}

// reader hands out fuzz input as typed values, and zeros once it runs out.
type reader struct{ b []byte }

func (r *reader) u8() uint8 {
	if len(r.b) == 0 {
		return 0
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

func (r *reader) u16() uint16 { return uint16(r.u8())<<8 | uint16(r.u8()) }

func (r *reader) u32() uint32 { return uint32(r.u16())<<16 | uint32(r.u16()) }

func (r *reader) u64() uint64 { return uint64(r.u32())<<32 | uint64(r.u32()) }

func (r *reader) str(max int) string { return string(r.bytes(int(r.u8()) % (max + 1))) }

// value builds an AMF0 value of any kind but reference (a built reference
// is only as valid as the table it lands in) from fuzz input.
func (r *reader) value(depth int) amf0.Value {
	sel := r.u8() % 14
	if depth >= 3 && (sel >= 6 && sel <= 8 || sel == 11) {
		// Complex values stop nesting here, typed objects included: amf0
		// encodes deeper values than its decoder accepts by default, so a
		// deeper built value would not come back.
		sel = 0
	}
	switch sel {
	case 0:
		return amf0.Number(math.Float64frombits(r.u64()))
	case 1:
		return amf0.BoolByte(r.u8())
	case 2:
		return amf0.String(r.str(40))
	case 3:
		return amf0.LongString(r.str(10))
	case 4:
		return amf0.Null()
	case 5:
		return amf0.Undefined()
	case 6:
		return amf0.Object(r.props(depth)...)
	case 7:
		return amf0.ECMAArrayCount(r.u32(), r.props(depth)...)
	case 8:
		n := int(r.u8() % 4)
		elems := make([]amf0.Value, n)
		for i := range elems {
			elems[i] = r.value(depth + 1)
		}
		return amf0.StrictArray(elems...)
	case 9:
		return amf0.DateMillis(math.Float64frombits(r.u64()), int16(r.u16()))
	case 10:
		return amf0.XMLDocument(r.str(20))
	case 11:
		return amf0.TypedObject(r.str(10), r.props(depth)...)
	case 12:
		return amf0.Unsupported()
	}
	return amf0.Number(float64(r.u8()))
}

func (r *reader) props(depth int) []amf0.Property {
	n := int(r.u8() % 4)
	props := make([]amf0.Property, n)
	for i := range props {
		props[i] = amf0.Prop(r.str(12), r.value(depth+1))
	}
	return props
}

// BuildCommand builds a command (0x14, or 0x11 when the first byte is odd)
// or, when the second byte is odd, a data message (0x12 / 0x0F), from fuzz
// input: a name, a transaction ID, a command object and arguments of any
// AMF0 kind.
func BuildCommand(data []byte) message.Message {
	r := reader{data}
	ext, isData := r.u8()&1 == 1, r.u8()&1 == 1
	vals := []amf0.Value{amf0.String(r.str(24)), amf0.Number(math.Float64frombits(r.u64())), r.value(0)}
	for i := 0; len(r.b) > 0 && i < 8; i++ {
		vals = append(vals, r.value(0))
	}
	if isData {
		return &message.Data{Extended: ext, Values: vals}
	}
	return &message.Command{Extended: ext, Values: vals}
}

// bytes returns up to n bytes (n taken mod the remaining length + 1).
func (r *reader) bytes(n int) []byte {
	if n > len(r.b) {
		n = len(r.b)
	}
	v := r.b[:n:n]
	r.b = r.b[n:]
	return v
}

// BuildControl builds a protocol control message (types 1, 2, 3, 5, 6)
// from fuzz input.
func BuildControl(data []byte) message.Message {
	r := reader{data}
	sel, v := r.u8(), r.u32()
	switch sel % 5 {
	case 0:
		return &rtmp.SetChunkSize{ChunkSize: v}
	case 1:
		return &rtmp.Abort{ChunkStreamID: v}
	case 2:
		return &rtmp.Acknowledgement{SequenceNumber: v}
	case 3:
		return &rtmp.WindowAckSize{WindowSize: v}
	}
	return &rtmp.SetPeerBandwidth{WindowSize: v, Limit: rtmp.LimitType(r.u8())}
}

// BuildUserControl builds a user control message from fuzz input, filling
// only the fields its event type carries.
func BuildUserControl(data []byte) *message.UserControl {
	r := reader{data}
	ev := message.EventType(r.u16())
	m := &message.UserControl{Event: ev}
	switch ev {
	case message.EventStreamBegin, message.EventStreamEOF, message.EventStreamDry, message.EventStreamIsRecorded,
		message.EventBufferEmpty, message.EventBufferReady:
		m.StreamID = r.u32()
	case message.EventSetBufferLength:
		m.StreamID, m.BufferLength = r.u32(), r.u32()
	case message.EventPingRequest, message.EventPingResponse:
		m.Timestamp = r.u32()
	case message.EventSWFVerifyRequest:
	case message.EventSWFVerifyResponse:
		m.Marker1, m.Marker2 = r.u8(), r.u8()
		m.SWFSize, m.SWFSizeRepeat = r.u32(), r.u32()
		copy(m.Digest[:], r.bytes(32))
	default:
		m.Data = r.b
	}
	return m
}

// BuildAggregate builds an aggregate of sub-messages cut from fuzz input.
// Every fourth sub-message gets a back pointer that does not match, which
// must survive the round trip as sent.
func BuildAggregate(data []byte) *message.Aggregate {
	r := reader{data}
	m := &message.Aggregate{}
	for i := 0; len(r.b) > 0 && i < 64; i++ {
		typ := rtmp.MessageType(r.u8())
		ts, sid := r.u32(), r.u32()
		s := message.NewSubMessage(typ, ts, sid, r.bytes(int(r.u8())))
		if i%4 == 3 {
			s.BackPointer = binary.BigEndian.Uint32([]byte{0, 0, byte(i), byte(len(s.Payload))})
		}
		m.Subs = append(m.Subs, s)
	}
	return m
}

// BuildSharedObject builds a shared object message from fuzz input with
// events of every type, each with data its layout explains: names, status
// strings, name/value pairs, values, or nothing.
func BuildSharedObject(data []byte) *message.SharedObject {
	r := reader{data}
	m := &message.SharedObject{}
	m.AMF3 = r.u8()&1 == 1
	m.Header.Name = r.bytes(int(r.u8() % 32))
	m.Header.Version = r.u32()
	copy(m.Header.Flags[:], r.bytes(8))
	for i := 0; len(r.b) > 0 && i < 32; i++ {
		e := sharedobject.Event{Type: sharedobject.EventType(r.u8()%11 + 1)}
		switch e.Type {
		case sharedobject.EventSuccess, sharedobject.EventRemove, sharedobject.EventRequestRemove:
			e.Name = r.bytes(int(r.u8() % 16))
		case sharedobject.EventStatus:
			e.Code = r.bytes(int(r.u8() % 40))
			e.Level = r.bytes(int(r.u8() % 8))
		case sharedobject.EventRequestChange, sharedobject.EventChange:
			// 0x10 values are AMF0 under its format byte 0, which may
			// switch to AMF3 (the AMF0 builder makes AVM+ values too).
			for j := int(r.u8() % 4); j > 0; j-- {
				e.Pairs = append(e.Pairs, sharedobject.Pair{Name: r.bytes(int(r.u8() % 16)), Value: r.value(0)})
			}
		case sharedobject.EventSendMessage:
			e.Values = append(e.Values, amf0.String(r.str(16)))
			for j := int(r.u8() % 4); j > 0; j-- {
				e.Values = append(e.Values, r.value(0))
			}
		}
		m.Events = append(m.Events, e)
	}
	return m
}
