package message

import (
	"strconv"

	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// Aggregate is message type 0x16: a run of FLV-tag-shaped sub-messages, each
// an 11-byte header, the payload, and a u32 back pointer holding the size of
// the sub-message just ended (11 + payload size).
//
// A back pointer that does not match is kept as sent and flagged
// (SubMessage.BackPointerValid, Aggregate.CheckBackPointers) rather than
// rejected: the sizes in the headers already frame every sub-message, the
// back pointer only serves readers walking a file backwards, and dropping a
// whole aggregate of media over it would lose data a player can use. A
// header whose payload size runs past the end of the aggregate, or an
// aggregate that ends inside a header or back pointer, is an error.
type Aggregate struct {
	Subs []SubMessage
}

// SubMessage is one message inside an aggregate.
type SubMessage struct {
	// Header is the sub-message header as sent. Header.PayloadSize must
	// equal len(Payload) for Append to accept it.
	Header AggregateHeader
	// Payload aliases the decoded input.
	Payload []byte
	// BackPointer is the u32 after the payload, as sent.
	BackPointer uint32
}

// NewSubMessage builds a sub-message with a consistent payload size and back
// pointer. The timestamp's high 8 bits go to Header.TimestampHigh, as the
// FLV tag layout wants. The stream ID is masked to 24 bits.
func NewSubMessage(typ rtmp.MessageType, timestamp, streamID uint32, payload []byte) SubMessage {
	return SubMessage{
		Header: AggregateHeader{
			Type:          typ,
			PayloadSize:   uint32(len(payload)),
			Timestamp:     timestamp & 0xFFFFFF,
			TimestampHigh: uint8(timestamp >> 24),
			StreamID:      streamID & 0xFFFFFF,
		},
		Payload:     payload,
		BackPointer: uint32(AggregateHeaderLen + len(payload)),
	}
}

// Timestamp returns the full 32-bit timestamp: the extra high byte above the
// 24 low bits.
func (s *SubMessage) Timestamp() uint32 {
	return uint32(s.Header.TimestampHigh)<<24 | s.Header.Timestamp
}

// BackPointerValid reports whether the back pointer equals 11 + payload size.
func (s *SubMessage) BackPointerValid() bool {
	return uint64(s.BackPointer) == uint64(AggregateHeaderLen)+uint64(len(s.Payload))
}

// Message decodes the sub-message payload into its typed form. It does not
// descend further: a sub-message that is itself an aggregate comes back as
// *Raw, so nesting costs nothing and cannot recurse.
func (s *SubMessage) Message() (Message, error) {
	if s.Header.Type == rtmp.TypeAggregate {
		return &Raw{MsgType: rtmp.TypeAggregate, Payload: s.Payload}, nil
	}
	return Decode(s.Header.Type, s.Payload)
}

// Type reports rtmp.TypeAggregate.
func (*Aggregate) Type() rtmp.MessageType { return rtmp.TypeAggregate }

// Size returns the exact number of bytes Append writes.
func (m *Aggregate) Size() int {
	n := 0
	for i := range m.Subs {
		n += AggregateHeaderLen + len(m.Subs[i].Payload) + aggregateBackPointerLen
	}
	return n
}

// Append appends every sub-message with the header and back pointer it
// carries. A header whose PayloadSize disagrees with the payload, or a
// payload too long for 24 bits, is an ErrConstraint: writing it would frame
// the following sub-messages wrongly.
func (m *Aggregate) Append(b []byte) ([]byte, error) {
	orig := b
	for i := range m.Subs {
		s := &m.Subs[i]
		if len(s.Payload) > 0xFFFFFF || s.Header.PayloadSize != uint32(len(s.Payload)) {
			return orig, &wire.Error{Layer: "message", Field: "Aggregate.Subs[" + strconv.Itoa(i) + "].Header.PayloadSize",
				Offset: int64(len(b) - len(orig)), Expected: "the payload length " + strconv.Itoa(len(s.Payload)) + " (at most 16777215)", Err: wire.ErrConstraint}
		}
		if s.Header.Timestamp > 0xFFFFFF || s.Header.StreamID > 0xFFFFFF {
			return orig, &wire.Error{Layer: "message", Field: "Aggregate.Subs[" + strconv.Itoa(i) + "].Header",
				Offset: int64(len(b) - len(orig)), Expected: "Timestamp and StreamID within 24 bits", Err: wire.ErrConstraint}
		}
		b, _ = s.Header.Append(b)
		b = append(b, s.Payload...)
		bp := aggregateBackPointer{SubMessageSize: s.BackPointer}
		b, _ = bp.Append(b)
	}
	return b, nil
}

func (m *Aggregate) decode(_ *Decoder, _ rtmp.MessageType, payload []byte) error {
	return m.DecodeAll(payload)
}

// DecodeAll decodes a whole Aggregate payload into m, reusing m.Subs.
func (m *Aggregate) DecodeAll(payload []byte) error {
	m.Subs = m.Subs[:0]
	off := 0
	for off < len(payload) {
		var s SubMessage
		n, err := s.Header.Decode(payload[off:])
		if err != nil {
			return reframe(err, "Aggregate", off)
		}
		off += n
		if uint64(s.Header.PayloadSize) > uint64(len(payload)-off) {
			return wire.Truncated("message", "Aggregate.Payload", int64(off), int(s.Header.PayloadSize), len(payload)-off)
		}
		s.Payload = payload[off : off+int(s.Header.PayloadSize) : off+int(s.Header.PayloadSize)]
		off += int(s.Header.PayloadSize)
		var bp aggregateBackPointer
		n, err = bp.Decode(payload[off:])
		if err != nil {
			return reframe(err, "Aggregate", off)
		}
		off += n
		s.BackPointer = bp.SubMessageSize
		m.Subs = append(m.Subs, s)
	}
	return nil
}

// CheckBackPointers returns nil when every back pointer equals its
// sub-message's size, and otherwise a *wire.Error (ErrConstraint) at the
// first one that does not, with its offset in the encoded aggregate.
func (m *Aggregate) CheckBackPointers() error {
	off := 0
	for i := range m.Subs {
		s := &m.Subs[i]
		off += AggregateHeaderLen + len(s.Payload)
		if !s.BackPointerValid() {
			return &wire.Error{Layer: "message", Field: "Aggregate.AggregateBackPointer.SubMessageSize", Offset: int64(off),
				Expected: strconv.Itoa(AggregateHeaderLen+len(s.Payload)) + " (11 + payload size), got " + strconv.FormatUint(uint64(s.BackPointer), 10),
				Err:      wire.ErrConstraint}
		}
		off += aggregateBackPointerLen
	}
	return nil
}
