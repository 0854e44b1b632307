package message

import (
	"bytes"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
)

// Clone returns a deep copy of m that shares no memory with the payload it
// was decoded from or with the Decoder: a message a Decoder or a Conn
// returned is valid only until the next decode, and Clone is how to keep
// one (a connect's parameters, metadata for late joiners, a sequence
// header). Commands and data cost four allocations (amf0.CloneAll's three
// and the struct), audio and video two; other types are re-decoded from
// their own encoding into memory of their own. The copy encodes to the
// same bytes.
func Clone(m Message) (Message, error) {
	switch v := m.(type) {
	case *Command:
		vals, err := amf0.CloneAll(v.Values)
		if err != nil {
			return nil, err
		}
		return &Command{Extended: v.Extended, Values: vals}, nil
	case *Data:
		vals, err := amf0.CloneAll(v.Values)
		if err != nil {
			return nil, err
		}
		return &Data{Extended: v.Extended, Values: vals}, nil
	case *Audio:
		return &Audio{Payload: bytes.Clone(v.Payload)}, nil
	case *Video:
		return &Video{Payload: bytes.Clone(v.Payload)}, nil
	case *Raw:
		return &Raw{MsgType: v.MsgType, Payload: bytes.Clone(v.Payload)}, nil
	}
	payload, err := Append(nil, m)
	if err != nil {
		return nil, err
	}
	// A Decoder of its own, dropped here: nothing decodes into it again.
	return new(Decoder).Decode(m.Type(), payload)
}
