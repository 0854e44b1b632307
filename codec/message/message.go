package message

import (
	"errors"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// Message is the typed form of one message payload. Append writes exactly
// the payload that Decode read (or, for a value built in code, the payload a
// peer would send); Size is the length Append writes.
type Message interface {
	// Type is the message type ID the chunk header carries for this payload.
	Type() rtmp.MessageType
	// Size is the exact number of bytes Append writes.
	Size() int
	// Append appends the payload to b. It allocates only when b lacks room,
	// and returns b unchanged with a *wire.Error when a field cannot be
	// encoded.
	Append(b []byte) ([]byte, error)
}

// Raw carries a payload this package does not interpret: the undefined
// type IDs 0x07, 0x0A-0x0E, 0x15 and everything above 0x16. Carrying them is
// legal, so decoding one never fails.
type Raw struct {
	MsgType rtmp.MessageType
	Payload []byte // aliases the decoded input
}

// Type reports the type ID the payload arrived with.
func (m *Raw) Type() rtmp.MessageType { return m.MsgType }

// Size returns len(m.Payload).
func (m *Raw) Size() int { return len(m.Payload) }

// Append appends the payload unchanged.
func (m *Raw) Append(b []byte) ([]byte, error) { return append(b, m.Payload...), nil }

// Decode returns the typed form of a message payload of type typ. The result
// aliases payload. It allocates the typed value; a Decoder avoids that.
func Decode(typ rtmp.MessageType, payload []byte) (Message, error) {
	var d Decoder
	m, err := d.Decode(typ, payload)
	if err != nil {
		return nil, err
	}
	return detach(m), nil
}

// Append appends the payload of m to b; it is m.Append(b) spelled as a
// function to pair with Decode.
func Append(b []byte, m Message) ([]byte, error) {
	if m == nil {
		return b, &wire.Error{Layer: "message", Field: "Message", Expected: "a non-nil message", Err: wire.ErrConstraint}
	}
	return m.Append(b)
}

// decode keeps the payload as it is: carrying an undefined type is legal.
func (m *Raw) decode(_ *Decoder, typ rtmp.MessageType, payload []byte) error {
	*m = Raw{MsgType: typ, Payload: payload}
	return nil
}

// Decoder decodes message payloads into storage it owns, so that decoding
// the same kinds of message again and again does not allocate. A message it
// returns is valid until the next Decode call; the zero Decoder is ready to
// use. A Decoder is not safe for concurrent use.
type Decoder struct {
	// AMF0 limits the AMF0 values of every message it decodes: commands,
	// data and shared objects. The zero value takes amf0's defaults.
	AMF0 amf0.Limits
	// AMF3Scope says which AMF3 values of one message (after 0x11
	// markers) share reference tables: per message by default, or per
	// value; see amf0.AMF3Scope.
	AMF3Scope amf0.AMF3Scope

	decoded decoded // one value per message type (dispatch_gen.go)
	amf     amf0.Decoder
}

// Decode returns the typed form of a payload of type typ, stored in d.
// Which Go type decodes which type ID is the dispatch table of
// spec/message.json (see the package documentation).
//
// Where the wire carries something the specification forbids but that a
// peer could still mean, Decode keeps it and says so instead of failing: a
// Set Peer Bandwidth limit type outside 0-2 (Limit.Defined() reports
// false), an aggregate back pointer that does not match its sub-message
// (SubMessage.BackPointerValid, Aggregate.CheckBackPointers), an Enhanced
// RTMP media header (ExHeader in the tag views), shared-object event data
// its layout does not explain (sharedobject.Event.Reason). Where the layout
// is fixed and the bytes do not fit it (a four-byte control message with
// three or five bytes, a known user control event with the wrong data
// length, a format byte other than 0 in 0x0F/0x11, a command whose first
// value is not a string, an aggregate or shared-object length that runs
// past the payload), it returns a *wire.Error whose Field starts with the
// message type's constant name without "Type" (SetChunkSize, UserControl,
// Aggregate, CommandAMF0, DataAMF3, SharedObjectAMF0, ...) and whose Offset
// counts from the start of the payload.
func (d *Decoder) Decode(typ rtmp.MessageType, payload []byte) (Message, error) {
	return d.decode(typ, payload)
}

// reframe puts a decoder's error into the caller's terms: the field gets the
// enclosing structure's name in front and the offset moves by base. Other
// errors pass through.
func reframe(err error, prefix string, base int) error {
	var we *wire.Error
	if !errors.As(err, &we) {
		return err
	}
	c := *we
	c.Offset += int64(base)
	if prefix != "" {
		if c.Field == "" {
			c.Field = prefix
		} else {
			c.Field = prefix + "." + c.Field
		}
	}
	return &c
}
