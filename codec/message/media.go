package message

import (
	"github.com/rtmpcodec/rtmpcodec/codec/media"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// Audio is message type 0x08: an FLV audio tag body. The payload is the
// message; Tag decodes its header on demand (package media), so a payload
// whose header is short or unusual still decodes and re-encodes unchanged.
type Audio struct {
	Payload []byte // aliases the decoded input
}

// Type reports rtmp.TypeAudio.
func (*Audio) Type() rtmp.MessageType { return rtmp.TypeAudio }

func (m *Audio) decode(_ *Decoder, _ rtmp.MessageType, payload []byte) error {
	*m = Audio{Payload: payload}
	return nil
}

// Size returns len(m.Payload).
func (m *Audio) Size() int { return len(m.Payload) }

// Append appends the payload unchanged.
func (m *Audio) Append(b []byte) ([]byte, error) { return append(b, m.Payload...), nil }

// Tag decodes the payload's header (legacy or Enhanced RTMP) with the
// codec data after it. To decode many without allocating, reuse one
// media.AudioTag and call its DecodeAll.
func (m *Audio) Tag() (media.AudioTag, error) {
	var t media.AudioTag
	err := t.DecodeAll(m.Payload)
	return t, err
}

// Video is message type 0x09: an FLV video tag body, kept as bytes like Audio.
type Video struct {
	Payload []byte // aliases the decoded input
}

// Type reports rtmp.TypeVideo.
func (*Video) Type() rtmp.MessageType { return rtmp.TypeVideo }

func (m *Video) decode(_ *Decoder, _ rtmp.MessageType, payload []byte) error {
	*m = Video{Payload: payload}
	return nil
}

// Size returns len(m.Payload).
func (m *Video) Size() int { return len(m.Payload) }

// Append appends the payload unchanged.
func (m *Video) Append(b []byte) ([]byte, error) { return append(b, m.Payload...), nil }

// Tag decodes the payload's header (legacy or Enhanced RTMP) with the
// codec data after it. To decode many without allocating, reuse one
// media.VideoTag and call its DecodeAll.
func (m *Video) Tag() (media.VideoTag, error) {
	var t media.VideoTag
	err := t.DecodeAll(m.Payload)
	return t, err
}
