package fuzz

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/amf3"
	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/media"
	"github.com/rtmpcodec/rtmpcodec/codec/sharedobject"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// refusal is a value no wire form can carry, and how to try writing it.
type refusal struct {
	what   string
	append func(b []byte) ([]byte, error)
}

// checkRefused is the encoders' promise for values the wire cannot say:
// Append returns b unchanged and a *wire.Error of the layer that names
// the field and what was expected, and does not panic.
func checkRefused(r refusal, layer string) error {
	b := []byte{0xA5}
	out, err := r.append(b)
	var we *wire.Error
	switch {
	case err == nil:
		return fmt.Errorf("%s: written as %x; the encoder should refuse it", r.what, out)
	case !errors.As(err, &we) || we.Layer != layer || we.Field == "" || we.Expected == "":
		return fmt.Errorf("%s: error %v (%T) is not a complete %s *wire.Error", r.what, err, err, layer)
	case !bytes.Equal(out, b):
		return fmt.Errorf("%s: Append returned %x with its error, not the slice it was given", r.what, out)
	}
	return nil
}

// pick returns the refusal data selects, its parameters from data too.
func pick(data []byte, rs []refusal) refusal {
	i := 0
	if len(data) > 0 {
		i = int(data[0]) % len(rs)
	}
	return rs[i]
}

// param is byte k of data, or 0.
func param(data []byte, k int) byte {
	if k < len(data) {
		return data[k]
	}
	return 0
}

// AMF3Refused checks the AMF3 encoder on a value data picks from those it
// must refuse: an integer outside 29 bits, a U29 given too few or more
// than four bytes, an empty member name written inline, sealed names and
// values that do not pair up, a dictionary with a key and no value, a
// reference to an entry not written, one of the wrong marker, the zero
// Value, and nesting past MaxDepthLimit.
func AMF3Refused(data []byte) error {
	p := param(data, 1)
	s := strings.Repeat("x", 64+int(p))
	enc := func(v amf3.Value) func([]byte) ([]byte, error) {
		return func(b []byte) ([]byte, error) { return amf3.AppendPayload(b, v) }
	}
	r := pick(data, []refusal{
		{"integer 2^28", enc(amf3.Integer(1<<28 + int32(p)))},
		{"integer below -2^28", enc(amf3.Integer(-1<<28 - 1 - int32(p)))},
		{"string length in one byte", enc(amf3.String(s).WithHeaderLen(1))},
		{"U29 of five bytes", enc(amf3.String("a").WithHeaderLen(5 + int(p%4)))},
		{"empty member name inline", enc(amf3.Array([]amf3.Member{{Key: amf3.Name(""), Value: amf3.Null()}}))},
		{"two sealed names, one value", enc(amf3.Object(&amf3.Traits{Sealed: []amf3.Str{amf3.Name("a"), amf3.Name("b")}}, []amf3.Value{amf3.Null()}))},
		{"dictionary key without a value", enc(amf3.Dictionary(false, amf3.String("k")))},
		{"reference to an entry not written", enc(amf3.RefTo(amf3.MarkerObject, uint32(p)))},
		{"string reference to an empty table", enc(amf3.StringRef("x", uint32(p)))},
		{"the zero Value", enc(amf3.Value{})},
		{"nesting past MaxDepthLimit", func(b []byte) ([]byte, error) {
			deep := amf3.Array(nil)
			for range amf3.MaxDepthLimit + 1 {
				deep = amf3.Array(nil, deep)
			}
			return amf3.AppendPayload(b, deep)
		}},
	})
	return checkRefused(r, "amf3")
}

// ChunkRefused checks the chunk encoders on messages and chunks the wire
// cannot carry: a chunk stream ID outside 2..65599, a basic header form
// that cannot hold it, a record whose chunks do not add up to the payload,
// a run of no chunks, a later chunk not in fmt 3, a fmt above 3, and an
// extended timestamp that disagrees with the header's value.
func ChunkRefused(data []byte) error {
	p := uint32(param(data, 1))
	msg := func(csid uint32, hs ...chunk.Header) *chunk.Message {
		return &chunk.Message{CSID: csid, Length: 4, Type: 9, Payload: []byte{1, 2, 3, 4}, Chunks: hs}
	}
	appendMsg := func(m *chunk.Message) func([]byte) ([]byte, error) {
		return func(b []byte) ([]byte, error) { return chunk.NewEncoder().AppendMessage(b, m) }
	}
	appendChunk := func(c *chunk.Chunk) func([]byte) ([]byte, error) {
		return func(b []byte) ([]byte, error) { return chunk.AppendChunk(b, c) }
	}
	h := func(f chunk.Format, form chunk.BasicHeaderForm, size, count uint32) chunk.Header {
		return chunk.Header{Format: f, Form: form, Size: size, Count: count}
	}
	r := pick(data, []refusal{
		{"csid 0 or 1", appendMsg(msg(p % 2))},
		{"csid past 65599", appendMsg(msg(65600 + p))},
		{"csid 400 in a 2-byte basic header", appendMsg(msg(400, h(chunk.Format0, chunk.BasicHeader2, 4, 1)))},
		{"a record of 3 bytes for 4", appendMsg(msg(3, h(chunk.Format0, chunk.BasicHeader1, 3, 1)))},
		{"a run of no chunks", appendMsg(msg(3, h(chunk.Format0, chunk.BasicHeader1, 4, 0)))},
		{"a second chunk in fmt 1", appendMsg(msg(3, h(chunk.Format0, chunk.BasicHeader1, 2, 1), h(chunk.Format1, chunk.BasicHeader1, 2, 1)))},
		{"fmt 4", appendChunk(&chunk.Chunk{CSID: 3, Header: h(chunk.Format(4+p%4), chunk.BasicHeader1, 0, 1)})},
		{"an extended timestamp that is not the header's", appendChunk(&chunk.Chunk{CSID: 3, Timestamp: 0x01000000,
			Header: chunk.Header{Format: chunk.Format0, Form: chunk.BasicHeader1, Count: 1, Extended: true, ExtendedValue: 5 + p}})},
	})
	return checkRefused(r, "chunk")
}

// MediaRefused checks the tag encoders on headers the wire cannot carry:
// fields wider than their bits, ModEx or Multitrack as the data's own
// packet type, ModEx data of no bytes or too long for its size form, a
// multitrack message without tracks or OneTrack with two, and composition
// times outside SI24.
func MediaRefused(data []byte) error {
	p := param(data, 1)
	audio := func(t media.AudioTag) func([]byte) ([]byte, error) {
		return func(b []byte) ([]byte, error) { return t.Append(b) }
	}
	video := func(t media.VideoTag) func([]byte) ([]byte, error) {
		return func(b []byte) ([]byte, error) { return t.Append(b) }
	}
	enhancedAudio := func(x media.Extended, pt media.AudioPacketType) media.AudioTag {
		return media.AudioTag{SoundFormat: media.SoundExHeader, PacketType: pt, Extended: x}
	}
	opus := media.Extended{FourCC: media.FourCCOpus}
	r := pick(data, []refusal{
		{"sound format 16", audio(media.AudioTag{SoundFormat: media.SoundFormat(16 + p%240)})},
		{"sound rate 4", audio(media.AudioTag{SoundFormat: media.SoundMP3, SoundRate: media.SoundRate(4 + p%252)})},
		{"audio packet type 16", audio(enhancedAudio(opus, media.AudioPacketType(16+p%240)))},
		{"ModEx as the data's packet type", audio(enhancedAudio(opus, media.AudioModEx))},
		{"ModEx of no bytes", audio(enhancedAudio(media.Extended{FourCC: media.FourCCOpus, ModEx: []media.ModEx{{Type: 0}}}, media.AudioCodedFrames))},
		{"ModEx of 256 bytes in the short form", audio(enhancedAudio(media.Extended{FourCC: media.FourCCOpus, ModEx: []media.ModEx{{Data: make([]byte, 256+int(p))}}}, media.AudioCodedFrames))},
		{"multitrack without tracks", audio(enhancedAudio(media.Extended{Multitrack: true, MultitrackType: media.ManyTracks, FourCC: media.FourCCOpus}, media.AudioCodedFrames))},
		{"OneTrack with two tracks", audio(enhancedAudio(media.Extended{Multitrack: true, MultitrackType: media.OneTrack, FourCC: media.FourCCOpus,
			Tracks: []media.Track{{ID: 0}, {ID: 1}}}, media.AudioCodedFrames))},
		{"video frame type 8", video(media.VideoTag{FrameType: media.VideoFrameType(8 + p%8), Codec: media.CodecAVC})},
		{"composition time 2^23", video(media.VideoTag{FrameType: media.FrameKey, Codec: media.CodecAVC, AVCPacketType: media.AVCNALU, CompositionTime: 1<<23 + int32(p)})},
		{"enhanced composition time below -2^23", video(media.VideoTag{Enhanced: true, FrameType: media.FrameKey, PacketType: media.VideoCodedFrames,
			Extended: media.Extended{FourCC: media.FourCCHEVC}, CompositionTime: -1<<23 - 1 - int32(p)})},
	})
	return checkRefused(r, "media")
}

// SharedObjectRefused checks the shared object encoder on messages the
// wire cannot carry: a name, event name, code or pair name longer than
// its 16-bit length can say.
func SharedObjectRefused(data []byte) error {
	long := make([]byte, 0x10000+int(param(data, 1)))
	msg := func(m sharedobject.Message) func([]byte) ([]byte, error) {
		return func(b []byte) ([]byte, error) { return m.Append(b) }
	}
	r := pick(data, []refusal{
		{"a name of 65536 bytes", msg(sharedobject.Message{Header: sharedobject.Header{Name: long}})},
		{"an event name of 65536 bytes", msg(sharedobject.Message{Header: sharedobject.Header{Name: []byte("so")},
			Events: []sharedobject.Event{{Type: sharedobject.EventRemove, Name: long}}})},
		{"a pair name of 65536 bytes", msg(sharedobject.Message{Header: sharedobject.Header{Name: []byte("so")},
			Events: []sharedobject.Event{{Type: sharedobject.EventChange, Pairs: []sharedobject.Pair{{Name: long, Value: amf0.Null()}}}}})},
		{"a status code of 65536 bytes", msg(sharedobject.Message{Header: sharedobject.Header{Name: []byte("so")},
			Events: []sharedobject.Event{{Type: sharedobject.EventStatus, Code: long, Level: []byte("error")}}})},
	})
	return checkRefused(r, "sharedobject")
}
