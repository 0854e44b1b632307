package media

import (
	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/amf3"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// VideoTag is a video message's payload (an FLV VIDEODATA): the header,
// legacy or Enhanced RTMP, and the codec data after it.
type VideoTag struct {
	// Enhanced is bit 7 of the first byte, which no legacy frame type sets:
	// the header is Enhanced RTMP's ExVideoTagHeader.
	Enhanced bool
	// FrameType is 4 bits in a legacy header, 3 in an enhanced one.
	FrameType VideoFrameType

	// Codec is a legacy header's CodecID; AVCPacketType follows it when
	// Codec.HasPacketType (AVC).
	Codec         VideoCodec
	AVCPacketType AVCPacketType
	// CompositionTime is the SI24 composition time offset in milliseconds
	// of a legacy AVC header, or of an enhanced single-track coded frames
	// message whose FourCC.HasCompositionTime (each track has its own).
	CompositionTime int32
	// Command is the byte a command frame carries instead of video: see
	// IsCommand. Bytes after it are kept in Body.
	Command VideoCommand

	// PacketType is an enhanced header's packet type: the one the data
	// follows, after any ModEx blocks and the multitrack header. In a
	// command frame it is the type the header had when the command was
	// read.
	PacketType VideoPacketType
	Extended

	// Body is what follows the header, aliasing the input: the codec data
	// of a single-track message, bytes after a command, or everything after
	// a multitrack header of an undefined layout. Empty for a defined
	// multitrack layout: the data is in Tracks.
	Body []byte
}

// IsCommand reports whether t is a command frame: FrameType 5, unless an
// enhanced header's packet type is Metadata (whose frame type is ignored).
func (t *VideoTag) IsCommand() bool {
	return t.FrameType == FrameCommand && !(t.Enhanced && t.PacketType == VideoMetadata)
}

// hasCompositionTime reports whether a single-track header carries a
// composition time.
func (t *VideoTag) hasCompositionTime() bool {
	if !t.Enhanced {
		return t.Codec.HasPacketType()
	}
	return !t.Multitrack && t.PacketType == VideoCodedFrames && t.FourCC.HasCompositionTime()
}

// DecodeAll decodes a whole video payload into t, reusing t's ModEx and
// Tracks slices. Errors are *wire.Error values of layer "media" with
// offsets in p: a header cut short (io.ErrUnexpectedEOF, also for a track
// or ModEx size past the end), Multitrack or ModEx as a multitrack
// header's packet type (wire.ErrMalformed). Undefined frame types, codecs,
// packet types, FourCCs and multitrack layouts decode and are kept.
func (t *VideoTag) DecodeAll(p []byte) error {
	*t = VideoTag{Extended: Extended{ModEx: t.ModEx[:0], Tracks: t.Tracks[:0]}}
	r := parser{p: p, name: "VideoTag"}
	if err := r.need("FrameType", 1); err != nil {
		return err
	}
	b := r.u8()
	if b&0x80 == 0 {
		return t.decodeLegacy(&r, b)
	}
	t.Enhanced, t.FrameType = true, VideoFrameType(b>>4&7)
	pt, err := r.modEx(&t.Extended, b&0x0F, uint8(VideoModEx))
	if err != nil {
		return err
	}
	t.PacketType = VideoPacketType(pt)
	switch {
	case t.IsCommand():
		if err := r.need("Command", 1); err != nil {
			return err
		}
		t.Command = VideoCommand(r.u8())
	case t.PacketType == VideoMultitrack:
		if pt, err = r.multitrack(&t.Extended, uint8(VideoMultitrack), uint8(VideoModEx), true); err != nil {
			return err
		}
		t.PacketType = VideoPacketType(pt)
	default:
		if t.FourCC, err = r.fourCC("FourCC"); err != nil {
			return err
		}
		if t.hasCompositionTime() {
			if err := r.need("CompositionTime", 3); err != nil {
				return err
			}
			t.CompositionTime = s24(r.u24())
		}
	}
	t.Body = p[r.off:]
	return nil
}

func (t *VideoTag) decodeLegacy(r *parser, b byte) error {
	t.FrameType, t.Codec = VideoFrameType(b>>4), VideoCodec(b&0x0F)
	switch {
	case t.IsCommand():
		// A command frame has no codec header whatever its codec ID
		// (FFmpeg's flvdec and Enhanced RTMP read it so).
		if err := r.need("Command", 1); err != nil {
			return err
		}
		t.Command = VideoCommand(r.u8())
	case t.Codec.HasPacketType():
		if err := r.need("AVCPacketType", 1); err != nil {
			return err
		}
		t.AVCPacketType = AVCPacketType(r.u8())
		if err := r.need("CompositionTime", 3); err != nil {
			return err
		}
		t.CompositionTime = s24(r.u24())
	}
	t.Body = r.p[r.off:]
	return nil
}

// Size returns the length of t's wire form.
func (t *VideoTag) Size() int {
	n := 1 + len(t.Body)
	switch {
	case t.IsCommand():
		n++
	case !t.Enhanced:
		if t.Codec.HasPacketType() {
			n += 4
		}
	case t.Multitrack:
		n += t.multitrackSize(t.PacketType == VideoCodedFrames)
	default:
		n += 4
		if t.hasCompositionTime() {
			n += 3
		}
	}
	if t.Enhanced {
		n += t.modExSize()
	}
	return n
}

// Append appends t's wire form to b. It fails, returning b unchanged, with
// a *wire.Error (ErrConstraint, the offset where the field would have gone)
// for a value its field cannot hold: a frame type past 3 bits (enhanced) or
// 4, a packet type or codec past 4 bits, a composition time outside SI24, a
// ModEx of no data or more than 65536 bytes, a multitrack header of the
// wrong track count.
func (t *VideoTag) Append(b []byte) ([]byte, error) {
	orig := b
	b, err := t.appendTo(b)
	if err != nil {
		return orig, at(err, len(b)-len(orig))
	}
	return b, nil
}

func (t *VideoTag) appendTo(b []byte) ([]byte, error) {
	var err error
	if !t.Enhanced {
		if t.FrameType > 7 || t.Codec > 15 {
			// Frame types 8-15 would set bit 7, which announces an
			// enhanced header.
			return b, invalid("VideoTag.FrameType", "a legacy frame type of 0-7 and a 4-bit codec ID")
		}
		b = append(b, byte(t.FrameType)<<4|byte(t.Codec))
		switch {
		case t.IsCommand():
			b = append(b, byte(t.Command))
		case t.Codec.HasPacketType():
			b = append(b, byte(t.AVCPacketType))
			if b, err = appendS24(b, t.CompositionTime, "VideoTag.CompositionTime"); err != nil {
				return b, err
			}
		}
		return append(b, t.Body...), nil
	}
	switch {
	case t.FrameType > 7 || t.PacketType > 15:
		return b, invalid("VideoTag.FrameType", "a 3-bit frame type and a 4-bit packet type")
	case t.PacketType == VideoModEx, t.PacketType == VideoMultitrack && !t.IsCommand():
		// Either would make a decoder read the rest as a ModEx block or a
		// multitrack header: they are spelled with ModEx and Multitrack.
		return b, invalid("VideoTag.PacketType", "the data's packet type; ModEx blocks and multitrack headers go in ModEx and Multitrack")
	}
	next := uint8(t.PacketType)
	if t.Multitrack && !t.IsCommand() {
		next = uint8(VideoMultitrack)
	}
	if b, err = t.appendModEx(b, 0x80|byte(t.FrameType)<<4, uint8(VideoModEx), next, "VideoTag"); err != nil {
		return b, err
	}
	switch {
	case t.IsCommand():
		b = append(b, byte(t.Command))
	case t.Multitrack:
		if b, err = t.appendMultitrack(b, uint8(t.PacketType), t.PacketType == VideoCodedFrames, t.Body, "VideoTag"); err != nil {
			return b, err
		}
	default:
		b = appendFourCC(b, t.FourCC)
		if t.hasCompositionTime() {
			if b, err = appendS24(b, t.CompositionTime, "VideoTag.CompositionTime"); err != nil {
				return b, err
			}
		}
	}
	return append(b, t.Body...), nil
}

// Metadata decodes the AMF0 values of a single-track Metadata message
// (such as "colorInfo" and its object) with d, which may be nil: the
// encoding FFmpeg, OBS and every sample use. Errors are d's, with offsets
// in the payload t was decoded from.
func (t *VideoTag) Metadata(d *amf0.Decoder) ([]amf0.Value, error) {
	if err := t.metadataBody(); err != nil {
		return nil, err
	}
	if d == nil {
		d = new(amf0.Decoder)
	}
	vals, err := d.Decode(t.Body)
	return vals, wire.Shift(err, int64(t.Size()-len(t.Body)))
}

// MetadataAMF3 decodes the body of a Metadata message as AMF3 values, for
// a connection whose connect asked for objectEncoding 3: the
// specification has the metadata follow it.
func (t *VideoTag) MetadataAMF3(d *amf3.Decoder) ([]amf3.Value, error) {
	if err := t.metadataBody(); err != nil {
		return nil, err
	}
	if d == nil {
		d = new(amf3.Decoder)
	}
	vals, err := d.Decode(t.Body)
	return vals, wire.Shift(err, int64(t.Size()-len(t.Body)))
}

func (t *VideoTag) metadataBody() error {
	if !t.Enhanced || t.PacketType != VideoMetadata || t.Multitrack {
		return &wire.Error{Layer: "media", Field: "VideoTag.PacketType", Expected: "a single-track enhanced Metadata message", Err: wire.ErrConstraint}
	}
	return nil
}
