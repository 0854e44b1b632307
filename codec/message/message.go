package message

import (
	"errors"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// Message is the typed form of one message payload. Append writes exactly
// the payload that Decode read (or, for a value built in code, the payload a
// peer would send); Size is the length Append writes.
type Message interface {
	// Type is the message type ID the chunk header carries for this payload.
	Type() MessageType
	// Size is the exact number of bytes Append writes.
	Size() int
	// Append appends the payload to b. It allocates only when b lacks room,
	// and returns b unchanged with a *wire.Error when a field cannot be
	// encoded.
	Append(b []byte) ([]byte, error)
}

// Type reports TypeSetChunkSize.
func (*SetChunkSize) Type() MessageType { return TypeSetChunkSize }

// Type reports TypeAbort.
func (*Abort) Type() MessageType { return TypeAbort }

// Type reports TypeAcknowledgement.
func (*Acknowledgement) Type() MessageType { return TypeAcknowledgement }

// Type reports TypeWindowAckSize.
func (*WindowAckSize) Type() MessageType { return TypeWindowAckSize }

// Type reports TypeSetPeerBandwidth. A limit type outside 0-2 decodes and
// encodes unchanged: Limit.Defined() is false for it, so a caller that wants
// to act on the limit can tell that it has no meaning.
func (*SetPeerBandwidth) Type() MessageType { return TypeSetPeerBandwidth }

// Raw carries a payload this package does not interpret: the undefined
// type IDs 0x07, 0x0A-0x0E, 0x15 and everything above 0x16. Carrying them is
// legal, so decoding one never fails.
type Raw struct {
	MsgType MessageType
	Payload []byte // aliases the decoded input
}

// Type reports the type ID the payload arrived with.
func (m *Raw) Type() MessageType { return m.MsgType }

// Size returns len(m.Payload).
func (m *Raw) Size() int { return len(m.Payload) }

// Append appends the payload unchanged.
func (m *Raw) Append(b []byte) ([]byte, error) { return append(b, m.Payload...), nil }

// Decode returns the typed form of a message payload of type typ. The result
// aliases payload. It allocates the typed value; a Decoder avoids that.
func Decode(typ MessageType, payload []byte) (Message, error) {
	var d Decoder
	m, err := d.Decode(typ, payload)
	if err != nil {
		return nil, err
	}
	return detach(m), nil
}

// detach copies a message out of a throwaway Decoder so that the caller does
// not keep the whole Decoder alive through one pointer into it.
func detach(m Message) Message {
	switch v := m.(type) {
	case *SetChunkSize:
		c := *v
		return &c
	case *Abort:
		c := *v
		return &c
	case *Acknowledgement:
		c := *v
		return &c
	case *WindowAckSize:
		c := *v
		return &c
	case *SetPeerBandwidth:
		c := *v
		return &c
	case *UserControl:
		c := *v
		return &c
	case *Audio:
		c := *v
		return &c
	case *Video:
		c := *v
		return &c
	case *Aggregate:
		c := *v
		return &c
	case *Raw:
		c := *v
		return &c
	case *SharedObject:
		c := *v
		return &c
	case *Command:
		c := *v
		return &c
	case *Data:
		c := *v
		return &c
	}
	return m
}

// Append appends the payload of m to b; it is m.Append(b) spelled as a
// function to pair with Decode.
func Append(b []byte, m Message) ([]byte, error) {
	if m == nil {
		return b, &wire.Error{Layer: "message", Field: "Message", Expected: "a non-nil message", Err: wire.ErrConstraint}
	}
	return m.Append(b)
}

// Decoder decodes message payloads into storage it owns, so that decoding
// the same kinds of message again and again does not allocate. A message it
// returns is valid until the next Decode call; the zero Decoder is ready to
// use. A Decoder is not safe for concurrent use.
type Decoder struct {
	setChunkSize     SetChunkSize
	abort            Abort
	ack              Acknowledgement
	windowAckSize    WindowAckSize
	setPeerBandwidth SetPeerBandwidth
	userControl      UserControl
	audio            Audio
	video            Video
	aggregate        Aggregate
	raw              Raw
	sharedObject     SharedObject
	command          Command
	data             Data
	amf              amf0.Decoder
}

// Decode returns the typed form of a payload of type typ, stored in d. Bad
// input gives a *wire.Error whose Field starts with the message type's Go
// name and whose Offset counts from the start of payload.
func (d *Decoder) Decode(typ MessageType, payload []byte) (Message, error) {
	switch typ {
	case TypeSetChunkSize:
		d.setChunkSize = SetChunkSize{}
		if err := d.setChunkSize.DecodeAll(payload); err != nil {
			return nil, err
		}
		return &d.setChunkSize, nil
	case TypeAbort:
		d.abort = Abort{}
		if err := d.abort.DecodeAll(payload); err != nil {
			return nil, err
		}
		return &d.abort, nil
	case TypeAcknowledgement:
		d.ack = Acknowledgement{}
		if err := d.ack.DecodeAll(payload); err != nil {
			return nil, err
		}
		return &d.ack, nil
	case TypeWindowAckSize:
		d.windowAckSize = WindowAckSize{}
		if err := d.windowAckSize.DecodeAll(payload); err != nil {
			return nil, err
		}
		return &d.windowAckSize, nil
	case TypeSetPeerBandwidth:
		d.setPeerBandwidth = SetPeerBandwidth{}
		if err := d.setPeerBandwidth.DecodeAll(payload); err != nil {
			return nil, err
		}
		return &d.setPeerBandwidth, nil
	case TypeUserControl:
		if err := d.userControl.DecodeAll(payload); err != nil {
			return nil, err
		}
		return &d.userControl, nil
	case TypeAudio:
		d.audio = Audio{Payload: payload}
		return &d.audio, nil
	case TypeVideo:
		d.video = Video{Payload: payload}
		return &d.video, nil
	case TypeAggregate:
		if err := d.aggregate.DecodeAll(payload); err != nil {
			return nil, err
		}
		return &d.aggregate, nil
	case TypeCommandAMF0, TypeCommandAMF3:
		if err := d.command.decode(&d.amf, payload, typ == TypeCommandAMF3); err != nil {
			return nil, err
		}
		return &d.command, nil
	case TypeDataAMF0, TypeDataAMF3:
		if err := d.data.decode(&d.amf, payload, typ == TypeDataAMF3); err != nil {
			return nil, err
		}
		return &d.data, nil
	case TypeSharedObjectAMF0, TypeSharedObjectAMF3:
		if err := d.sharedObject.decode(typ, payload); err != nil {
			return nil, err
		}
		return &d.sharedObject, nil
	}
	d.raw = Raw{MsgType: typ, Payload: payload}
	return &d.raw, nil
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
