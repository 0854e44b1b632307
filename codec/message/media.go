package message

import (
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// Audio is message type 0x08: an FLV audio tag body. The payload is the
// message; Tag parses a view of its header on demand, so a payload whose
// header is short or unusual still decodes and re-encodes unchanged.
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

// Tag parses the FLV audio tag header at the start of the payload.
func (m *Audio) Tag() (AudioTag, error) { return ParseAudioTag(m.Payload) }

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

// Tag parses the FLV video tag header at the start of the payload.
func (m *Video) Tag() (VideoTag, error) { return ParseVideoTag(m.Payload) }

// FLV SoundFormat values this package treats specially.
const (
	// SoundFormatExHeader (9) marks an Enhanced RTMP extended audio header:
	// the low nibble is then an audio packet type and a FourCC follows.
	SoundFormatExHeader = 9
	// SoundFormatAAC (10) adds an AACPacketType byte to the header.
	SoundFormatAAC = 10
)

// FLV CodecID values this package treats specially.
const (
	// CodecAVC (7) adds AVCPacketType and a composition time to the header.
	CodecAVC = 7
)

// Enhanced RTMP packet types whose header has no FourCC right after the
// first byte: multitrack and ModEx put more structure in between, which
// this view does not parse.
const (
	audioPacketMultitrack = 5
	audioPacketModEx      = 7
	videoPacketCodedFrame = 1
	videoPacketMetadata   = 4
	videoPacketMultitrack = 6
	videoPacketModEx      = 7
)

// AudioTag is the parsed header of an FLV audio tag body.
type AudioTag struct {
	// SoundFormat (high 4 bits): 2 MP3, 10 AAC, 11 Speex, ...; 9 is
	// Enhanced RTMP's extended header, flagged by ExHeader.
	SoundFormat uint8
	// SoundRate (2 bits): 0 5.5 kHz, 1 11 kHz, 2 22 kHz, 3 44 kHz.
	// Zero when ExHeader.
	SoundRate uint8
	// SoundSize (1 bit): 0 8-bit, 1 16-bit samples. Zero when ExHeader.
	SoundSize uint8
	// SoundType (1 bit): 0 mono, 1 stereo. Zero when ExHeader.
	SoundType uint8
	// AACPacketType: 0 sequence header, 1 raw; only for SoundFormat 10.
	AACPacketType uint8

	// ExHeader reports an Enhanced RTMP extended audio header (SoundFormat
	// 9). PacketType is then the audio packet type from the low nibble and
	// FourCC the codec, unless PacketType is multitrack (5) or ModEx (7),
	// whose further structure this view leaves in the body.
	ExHeader   bool
	PacketType uint8
	FourCC     [4]byte

	// HeaderLen is the number of payload bytes the fields above came from;
	// the codec data starts there.
	HeaderLen int
}

// ParseAudioTag reads the FLV audio tag header at the start of p.
func ParseAudioTag(p []byte) (AudioTag, error) {
	var t AudioTag
	if len(p) < 1 {
		return t, wire.Truncated("message", "Audio.SoundFormat", 0, 1, len(p))
	}
	b := p[0]
	t.SoundFormat = b >> 4
	t.HeaderLen = 1
	if t.SoundFormat == SoundFormatExHeader {
		t.ExHeader = true
		t.PacketType = b & 0x0F
		if t.PacketType == audioPacketMultitrack || t.PacketType == audioPacketModEx {
			return t, nil
		}
		if len(p) < 5 {
			return t, wire.Truncated("message", "Audio.FourCC", 1, 4, len(p)-1)
		}
		copy(t.FourCC[:], p[1:5])
		t.HeaderLen = 5
		return t, nil
	}
	t.SoundRate = b >> 2 & 3
	t.SoundSize = b >> 1 & 1
	t.SoundType = b & 1
	if t.SoundFormat == SoundFormatAAC {
		if len(p) < 2 {
			return t, wire.Truncated("message", "Audio.AACPacketType", 1, 1, len(p)-1)
		}
		t.AACPacketType = p[1]
		t.HeaderLen = 2
	}
	return t, nil
}

// VideoTag is the parsed header of an FLV video tag body.
type VideoTag struct {
	// FrameType: 1 key frame, 2 inter frame, 3 disposable, 4 generated key
	// frame, 5 video info/command. Four bits, or three when ExHeader.
	FrameType uint8
	// CodecID (low 4 bits): 2 Sorenson H.263, 4 VP6, 7 AVC, ...
	// Zero when ExHeader.
	CodecID uint8
	// AVCPacketType: 0 sequence header, 1 NALU, 2 end of sequence; only for
	// CodecID 7.
	AVCPacketType uint8
	// CompositionTime is the signed 24-bit composition time offset in
	// milliseconds; for CodecID 7, and for Enhanced RTMP coded frames of
	// 'avc1' and 'hvc1'.
	CompositionTime int32
	// Command is the video command byte of a command frame (FrameType 5):
	// 0 start of client-side seeking, 1 end. Such a frame carries no codec
	// header, so the AVC fields and FourCC stay zero.
	Command uint8

	// ExHeader reports an Enhanced RTMP extended video header (bit 7 of
	// the first byte). PacketType is then the video packet type and FourCC
	// the codec, unless PacketType is multitrack (6) or ModEx (7), whose
	// further structure this view leaves in the body.
	ExHeader   bool
	PacketType uint8
	FourCC     [4]byte

	// HeaderLen is the number of payload bytes the fields above came from.
	HeaderLen int
}

// ParseVideoTag reads the FLV video tag header at the start of p.
func ParseVideoTag(p []byte) (VideoTag, error) {
	var t VideoTag
	if len(p) < 1 {
		return t, wire.Truncated("message", "Video.FrameType", 0, 1, len(p))
	}
	b := p[0]
	t.HeaderLen = 1
	if b&0x80 != 0 {
		// Enhanced RTMP: the bit that would make a legacy frame type of 8 or
		// more (none is defined) announces the extended header instead.
		t.ExHeader = true
		t.FrameType = b >> 4 & 7
		t.PacketType = b & 0x0F
		if t.FrameType == frameTypeCommand && t.PacketType != videoPacketMetadata {
			return videoCommand(t, p)
		}
		if t.PacketType == videoPacketMultitrack || t.PacketType == videoPacketModEx {
			return t, nil
		}
		if len(p) < 5 {
			return t, wire.Truncated("message", "Video.FourCC", 1, 4, len(p)-1)
		}
		copy(t.FourCC[:], p[1:5])
		t.HeaderLen = 5
		if t.PacketType == videoPacketCodedFrame && (t.FourCC == [4]byte{'a', 'v', 'c', '1'} || t.FourCC == [4]byte{'h', 'v', 'c', '1'}) {
			if len(p) < 8 {
				return t, wire.Truncated("message", "Video.CompositionTime", 5, 3, len(p)-5)
			}
			t.CompositionTime = s24(p[5:8])
			t.HeaderLen = 8
		}
		return t, nil
	}
	t.FrameType = b >> 4
	t.CodecID = b & 0x0F
	if t.FrameType == frameTypeCommand {
		// A command frame's body is one command byte and no codec header,
		// whatever the codec ID (FFmpeg and Enhanced RTMP read it so).
		return videoCommand(t, p)
	}
	if t.CodecID == CodecAVC {
		if len(p) < 2 {
			return t, wire.Truncated("message", "Video.AVCPacketType", 1, 1, len(p)-1)
		}
		t.AVCPacketType = p[1]
		if len(p) < 5 {
			return t, wire.Truncated("message", "Video.CompositionTime", 2, 3, len(p)-2)
		}
		t.CompositionTime = s24(p[2:5])
		t.HeaderLen = 5
	}
	return t, nil
}

// frameTypeCommand is FrameType 5, a video info/command frame.
const frameTypeCommand = 5

func videoCommand(t VideoTag, p []byte) (VideoTag, error) {
	if len(p) < 2 {
		return t, wire.Truncated("message", "Video.Command", 1, 1, len(p)-1)
	}
	t.Command = p[1]
	t.HeaderLen = 2
	return t, nil
}

// s24 reads a big-endian two's-complement 24-bit integer.
func s24(b []byte) int32 {
	v := int32(b[0])<<16 | int32(b[1])<<8 | int32(b[2])
	return v << 8 >> 8
}
