package fuzz

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/google/go-cmp/cmp"
	"github.com/rtmpcodec/rtmpcodec/codec/media"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// mediaCmp compares decoded tags; nil and empty byte slices are equal, as
// the wire cannot tell them apart, and so are nil and empty lists.
var mediaCmp = []cmp.Option{
	cmp.Comparer(func(a, b []byte) bool { return bytes.Equal(a, b) }),
	cmp.Comparer(func(a, b []media.ModEx) bool {
		return slices.EqualFunc(a, b, func(x, y media.ModEx) bool {
			return x.Type == y.Type && x.Wide == y.Wide && bytes.Equal(x.Data, y.Data)
		})
	}),
	cmp.Comparer(func(a, b []media.Track) bool {
		return slices.EqualFunc(a, b, func(x, y media.Track) bool {
			return x.FourCC == y.FourCC && x.ID == y.ID && x.CompositionTime == y.CompositionTime && bytes.Equal(x.Body, y.Body)
		})
	}),
}

// tagCodec is what VideoTag and AudioTag share.
type tagCodec interface {
	DecodeAll([]byte) error
	Size() int
	Append([]byte) ([]byte, error)
}

// MediaRoundTrip is the byte-exact property of an audio (video false) or
// video message payload: decoding fails only with a *wire.Error whose
// offset lies in the payload; a payload that decodes has Size equal to its
// length and Append writes it back unchanged after a prefix; decoding it
// again into the same, reused tag gives an equal value.
func MediaRoundTrip(video bool, payload []byte) error {
	var a, a2 media.AudioTag
	var v, v2 media.VideoTag
	var t, t2 tagCodec = &a, &a2
	if video {
		t, t2 = &v, &v2
	}
	if err := t.DecodeAll(payload); err != nil {
		var we *wire.Error
		if !errors.As(err, &we) || we.Err == nil {
			return fmt.Errorf("tag decode: error %T (%v) is not a *wire.Error with a kind", err, err)
		}
		if we.Offset < 0 || we.Offset > int64(len(payload)) {
			return fmt.Errorf("tag decode: error offset %d outside a %d-byte payload: %v", we.Offset, len(payload), err)
		}
		return nil
	}
	if n := t.Size(); n != len(payload) {
		return fmt.Errorf("tag: Size() = %d for a %d-byte payload (%+v)", n, len(payload), t)
	}
	enc, err := t.Append([]byte{0xA5})
	if err != nil {
		return fmt.Errorf("tag: re-encoding a decoded tag failed: %v", err)
	}
	if enc[0] != 0xA5 || !bytes.Equal(enc[1:], payload) {
		return fmt.Errorf("tag: re-encoded\n%x\nwant\n%x", enc[1:], payload)
	}
	// A reused tag keeps its slices' storage, never their contents.
	if err := t2.DecodeAll(payload); err != nil {
		return fmt.Errorf("tag: second decode failed: %v", err)
	}
	if err := t2.DecodeAll(enc[1:]); err != nil {
		return fmt.Errorf("tag: decode into a reused tag failed: %v", err)
	}
	if !cmp.Equal(t, t2, mediaCmp...) {
		return fmt.Errorf("tag: reused decode differs:\n%s", cmp.Diff(t, t2, mediaCmp...))
	}
	return mediaViews(t)
}

var builtFourCCs = [...]media.FourCC{media.FourCCAVC, media.FourCCHEVC, media.FourCCAV1, media.FourCCVP9, media.FourCCOpus, media.FourCCAAC, 0x41424344}

// BuildMediaTag builds an audio or video tag from fuzz input taken as
// choices: legacy or enhanced, ModEx blocks in both size forms, the three
// multitrack layouts with tracks of several codecs, bodies of any length.
// It reports which of the two it built.
func BuildMediaTag(data []byte) (tag tagCodec, video bool) {
	s := &reader{b: data}
	c := s.u8()
	video = c&1 != 0
	enhanced := c&2 != 0
	var x media.Extended
	if enhanced {
		for range s.u8() % 3 {
			n := 1 + int(s.u8())
			m := media.ModEx{Type: media.ModExType(s.u8() % 16), Wide: n > 255 || s.u8()&1 != 0}
			if s.u8()&1 != 0 {
				n += 255
				m.Wide = true
			}
			m.Data = bytes.Repeat([]byte{0x5A}, n)
			x.ModEx = append(x.ModEx, m)
		}
		x.FourCC = builtFourCCs[int(s.u8())%len(builtFourCCs)]
		if mt := s.u8(); mt < 96 {
			x.Multitrack, x.MultitrackType = true, media.MultitrackType(mt%4)
			if x.MultitrackType == media.ManyTracksManyCodecs {
				x.FourCC = 0
			}
			tracks := 1 + int(s.u8()%3)
			if x.MultitrackType == media.OneTrack {
				tracks = 1
			}
			for range tracks {
				tr := media.Track{FourCC: x.FourCC, ID: s.u8(), CompositionTime: int32(int8(s.u8())) * 1000}
				if x.MultitrackType == media.ManyTracksManyCodecs {
					tr.FourCC = builtFourCCs[int(s.u8())%len(builtFourCCs)]
				}
				tr.Body = s.bytes(int(s.u8() % 8))
				x.Tracks = append(x.Tracks, tr)
			}
		}
	}
	body := s.bytes(int(s.u8() % 16))
	k := s.u8()
	if video {
		v := &media.VideoTag{Enhanced: enhanced, Extended: x, Body: body, Command: media.VideoCommand(s.u8())}
		if enhanced {
			v.FrameType, v.PacketType = media.VideoFrameType(k>>4&7), media.VideoPacketType(k&15)
		} else {
			v.FrameType, v.Codec, v.AVCPacketType = media.VideoFrameType(k>>4), media.VideoCodec(k&15), media.AVCPacketType(s.u8())
		}
		v.CompositionTime = int32(int16(s.u16())) * 100
		return v, true
	}
	a := &media.AudioTag{Extended: x, Body: body, SoundFormat: media.SoundFormat(k >> 4)}
	if enhanced {
		a.SoundFormat, a.PacketType = media.SoundExHeader, media.AudioPacketType(k&15)
	} else {
		a.SoundRate, a.SoundSize, a.SoundType, a.AACPacketType = media.SoundRate(k>>2&3), media.SoundSize(k>>1&1), media.SoundType(k&1), media.AACPacketType(s.u8())
		if a.SoundFormat == media.SoundExHeader {
			a.SoundFormat = media.SoundAAC
		}
	}
	return a, false
}

// MediaBuiltRoundTrip is the build property: a tag built in code encodes
// (or refuses with a *wire.Error of kind ErrConstraint), Size predicts the
// encoding's length, the encoding decodes, and the decoded tag encodes to
// the same bytes. The decoded tag need not equal the built one field for
// field where the wire has no room for a field (the composition time of a
// codec without one, say); the bytes are what must agree.
func MediaBuiltRoundTrip(tag tagCodec, video bool) error {
	enc, err := tag.Append(nil)
	if err != nil {
		var we *wire.Error
		if !errors.As(err, &we) || !errors.Is(err, wire.ErrConstraint) {
			return fmt.Errorf("built tag: Append failed without a constraint *wire.Error: %v", err)
		}
		return nil
	}
	if n := tag.Size(); n != len(enc) {
		return fmt.Errorf("built tag %+v: Size() = %d, Append wrote %d bytes", tag, n, len(enc))
	}
	if err := MediaRoundTrip(video, enc); err != nil {
		return fmt.Errorf("built tag %+v encodes to %x: %v", tag, enc, err)
	}
	var back tagCodec = &media.AudioTag{}
	if video {
		back = &media.VideoTag{}
	}
	if err := back.DecodeAll(enc); err != nil {
		return fmt.Errorf("built tag %+v encodes to %x, which does not decode: %v", tag, enc, err)
	}
	return nil
}

// mediaViews checks what a decoded tag offers besides its fields: the
// generated names of every enumerated field (checkEnums), FourCCChars
// (printable, and it quotes back to the four bytes), the nanosecond
// offset of a ModEx block, a metadata body through both AMF decoders (a
// *wire.Error, or a refusal for anything but single-track metadata), and a
// multichannel config, which re-encodes byte for byte.
func mediaViews(t tagCodec) error {
	if err := checkEnums(t); err != nil {
		return err
	}
	var x *media.Extended
	switch t := t.(type) {
	case *media.VideoTag:
		x = &t.Extended
		_, err := t.Metadata(nil)
		_, err3 := t.MetadataAMF3(nil)
		for _, err := range []error{err, err3} {
			var we *wire.Error
			if err != nil && !errors.As(err, &we) {
				return fmt.Errorf("metadata: error %T %v is not a *wire.Error", err, err)
			}
		}
	case *media.AudioTag:
		x = &t.Extended
		if !t.Enhanced() && !t.Silence && t.SoundRate.Hz() <= 0 {
			return fmt.Errorf("sound rate %v has no frequency", t.SoundRate)
		}
		if t.Enhanced() && t.PacketType == media.AudioMultichannelConfig && !t.Multitrack {
			var c media.MultichannelConfig
			if err := c.DecodeAll(t.Body); err != nil {
				return checkWireError(err, len(t.Body), "media")
			}
			b, err := c.Append(nil)
			if err != nil || !bytes.Equal(b, t.Body) || c.Size() != len(t.Body) {
				return fmt.Errorf("multichannel config %x writes back as %x (%v), size %d", t.Body, b, err, c.Size())
			}
			if err := checkEnums(&c); err != nil {
				return err
			}
			for i := range c.Mapping {
				if err := checkEnums(c.Channel(i)); err != nil {
					return err
				}
			}
		}
	}
	fourCCs := []media.FourCC{x.FourCC}
	for _, tr := range x.Tracks {
		fourCCs = append(fourCCs, tr.FourCC)
	}
	for _, f := range fourCCs {
		s, err := strconv.Unquote(`"` + media.FourCCChars(f) + `"`)
		if err != nil || s != string([]byte{byte(f >> 24), byte(f >> 16), byte(f >> 8), byte(f)}) {
			return fmt.Errorf("FourCCChars(%08x) = %q", uint32(f), media.FourCCChars(f))
		}
	}
	if ns, ok := x.TimestampOffsetNano(); ok {
		if i := slices.IndexFunc(x.ModEx, func(m media.ModEx) bool { return m.Type == media.ModExTimestampOffsetNano && len(m.Data) >= 3 }); i < 0 ||
			ns != uint32(x.ModEx[i].Data[0])<<16|uint32(x.ModEx[i].Data[1])<<8|uint32(x.ModEx[i].Data[2]) {
			return fmt.Errorf("TimestampOffsetNano %d does not match the ModEx blocks %+v", ns, x.ModEx)
		}
	}
	return nil
}
