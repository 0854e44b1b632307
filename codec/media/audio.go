package media

import (
	"strconv"

	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// AudioTag is an audio message's payload (an FLV AUDIODATA): the header,
// legacy or Enhanced RTMP, and the codec data after it.
type AudioTag struct {
	// Silence reports an empty payload: no header at all, which Enhanced
	// RTMP defines as a period of silence. The other fields are then zero.
	Silence bool

	// SoundFormat is the high nibble of the first byte; SoundExHeader
	// (9) makes the header Enhanced RTMP's (see Enhanced).
	SoundFormat SoundFormat
	// Rate, sample size and channels of a legacy header (bits 3-0).
	SoundRate SoundRate
	SoundSize SoundSize
	SoundType SoundType
	// AACPacketType follows the first byte when
	// SoundFormat.HasPacketType (AAC).
	AACPacketType AACPacketType

	// PacketType is an enhanced header's packet type: the one the data
	// follows, after any ModEx blocks and the multitrack header.
	PacketType AudioPacketType
	Extended

	// Body is what follows the header, aliasing the input: the codec data
	// of a single-track message (a MultichannelConfig's fields included:
	// see MultichannelConfig.DecodeAll), or everything after a multitrack
	// header of an undefined layout. Empty for a defined multitrack layout.
	Body []byte
}

// Enhanced reports an Enhanced RTMP header (SoundFormat 9).
func (t *AudioTag) Enhanced() bool { return !t.Silence && t.SoundFormat == SoundExHeader }

// DecodeAll decodes a whole audio payload into t, reusing t's ModEx and
// Tracks slices; an empty payload is Silence. Errors are as for
// VideoTag.DecodeAll.
func (t *AudioTag) DecodeAll(p []byte) error {
	*t = AudioTag{Extended: Extended{ModEx: t.ModEx[:0], Tracks: t.Tracks[:0]}}
	if len(p) == 0 {
		t.Silence = true
		return nil
	}
	r := parser{p: p, name: "AudioTag"}
	b := r.u8()
	t.SoundFormat = SoundFormat(b >> 4)
	if t.SoundFormat != SoundExHeader {
		t.SoundRate, t.SoundSize, t.SoundType = SoundRate(b>>2&3), SoundSize(b>>1&1), SoundType(b&1)
		if t.SoundFormat.HasPacketType() {
			if err := r.need("AACPacketType", 1); err != nil {
				return err
			}
			t.AACPacketType = AACPacketType(r.u8())
		}
		t.Body = p[r.off:]
		return nil
	}
	pt, err := r.modEx(&t.Extended, b&0x0F, uint8(AudioModEx))
	if err != nil {
		return err
	}
	if AudioPacketType(pt) == AudioMultitrack {
		pt, err = r.multitrack(&t.Extended, uint8(AudioMultitrack), uint8(AudioModEx), false)
	} else {
		t.FourCC, err = r.fourCC("FourCC")
	}
	if err != nil {
		return err
	}
	t.PacketType = AudioPacketType(pt)
	t.Body = p[r.off:]
	return nil
}

// Size returns the length of t's wire form.
func (t *AudioTag) Size() int {
	switch {
	case t.Silence:
		return 0
	case !t.Enhanced():
		n := 1 + len(t.Body)
		if t.SoundFormat.HasPacketType() {
			n++
		}
		return n
	}
	n := 1 + len(t.Body) + t.modExSize()
	if t.Multitrack {
		return n + t.multitrackSize(false)
	}
	return n + 4
}

// Append appends t's wire form to b, or returns b unchanged with a
// *wire.Error (ErrConstraint) for a value its field cannot hold, as
// VideoTag.Append does.
func (t *AudioTag) Append(b []byte) ([]byte, error) {
	orig := b
	b, err := t.appendTo(b)
	if err != nil {
		return orig, at(err, len(b)-len(orig))
	}
	return b, nil
}

func (t *AudioTag) appendTo(b []byte) ([]byte, error) {
	switch {
	case t.Silence:
		return b, nil
	case t.SoundFormat > 15:
		return b, invalid("AudioTag.SoundFormat", "a 4-bit sound format")
	case !t.Enhanced():
		if t.SoundRate > 3 || t.SoundSize > 1 || t.SoundType > 1 {
			return b, invalid("AudioTag.SoundRate", "a 2-bit rate, 1-bit size and 1-bit type")
		}
		b = append(b, byte(t.SoundFormat)<<4|byte(t.SoundRate)<<2|byte(t.SoundSize)<<1|byte(t.SoundType))
		if t.SoundFormat.HasPacketType() {
			b = append(b, byte(t.AACPacketType))
		}
		return append(b, t.Body...), nil
	case t.PacketType > 15:
		return b, invalid("AudioTag.PacketType", "a 4-bit packet type")
	case t.PacketType == AudioModEx, t.PacketType == AudioMultitrack:
		return b, invalid("AudioTag.PacketType", "the data's packet type; ModEx blocks and multitrack headers go in ModEx and Multitrack")
	}
	next := uint8(t.PacketType)
	if t.Multitrack {
		next = uint8(AudioMultitrack)
	}
	b, err := t.appendModEx(b, byte(SoundExHeader)<<4, uint8(AudioModEx), next, "AudioTag")
	if err != nil {
		return b, err
	}
	if t.Multitrack {
		if b, err = t.appendMultitrack(b, uint8(t.PacketType), false, t.Body, "AudioTag"); err != nil {
			return b, err
		}
	} else {
		b = appendFourCC(b, t.FourCC)
	}
	return append(b, t.Body...), nil
}

// MultichannelConfig is the body of an AudioMultichannelConfig message.
type MultichannelConfig struct {
	Order        ChannelOrder
	ChannelCount uint8
	// Mapping is one Channel per channel, for OrderCustom; it aliases the
	// input (Channel(i) reads it).
	Mapping []byte
	// Mask is the AudioChannelMask of OrderNative: bit n set when
	// Channel n is present.
	Mask uint32
	// Rest holds bytes after the fields the order defines: everything after
	// the channel count for an order the specification does not define.
	Rest []byte
}

// Channel returns the speaker position of channel i of a custom mapping.
func (c *MultichannelConfig) Channel(i int) Channel { return Channel(c.Mapping[i]) }

// DecodeAll decodes a MultichannelConfig body. Errors are *wire.Error
// values of layer "media" with offsets in body.
func (c *MultichannelConfig) DecodeAll(body []byte) error {
	*c = MultichannelConfig{}
	r := parser{p: body, name: "MultichannelConfig"}
	if err := r.need("Order", 2); err != nil {
		return err
	}
	c.Order, c.ChannelCount = ChannelOrder(r.u8()), r.u8()
	switch c.Order {
	case OrderCustom:
		if err := r.need("Mapping", int(c.ChannelCount)); err != nil {
			return err
		}
		c.Mapping = body[r.off : r.off+int(c.ChannelCount)]
		r.off += int(c.ChannelCount)
	case OrderNative:
		if err := r.need("Mask", 4); err != nil {
			return err
		}
		c.Mask = uint32(r.u8())<<24 | r.u24()
	}
	c.Rest = body[r.off:]
	return nil
}

// Size returns the length of c's wire form.
func (c *MultichannelConfig) Size() int {
	n := 2 + len(c.Rest)
	switch c.Order {
	case OrderCustom:
		n += len(c.Mapping)
	case OrderNative:
		n += 4
	}
	return n
}

// Append appends c's wire form, or returns b unchanged with a *wire.Error
// (ErrConstraint) when a custom Mapping does not hold ChannelCount bytes.
func (c *MultichannelConfig) Append(b []byte) ([]byte, error) {
	if c.Order == OrderCustom && len(c.Mapping) != int(c.ChannelCount) {
		return b, &wire.Error{Layer: "media", Field: "MultichannelConfig.Mapping", Offset: 2,
			Expected: "one channel per ChannelCount (" + strconv.Itoa(int(c.ChannelCount)) + "), has " + strconv.Itoa(len(c.Mapping)), Err: wire.ErrConstraint}
	}
	b = append(b, byte(c.Order), c.ChannelCount)
	switch c.Order {
	case OrderCustom:
		b = append(b, c.Mapping...)
	case OrderNative:
		b = append(b, byte(c.Mask>>24), byte(c.Mask>>16), byte(c.Mask>>8), byte(c.Mask))
	}
	return append(b, c.Rest...), nil
}
