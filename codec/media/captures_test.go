package media_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/chunk/session"
	"github.com/rtmpcodec/rtmpcodec/codec/flv"
	"github.com/rtmpcodec/rtmpcodec/codec/media"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// TestCaptures: every audio and video message in the repository's real
// captures that carry media (FFmpeg publishing to ffmpeg -listen, an
// FFmpeg FLV file; the handshake captures stop before any) decodes, writes back byte for byte, and has the fields the
// legacy FLV layout puts in its first bytes, read here bit by bit the way
// the message package's old parser read them.
func TestCaptures(t *testing.T) {
	type payload struct {
		typ rtmp.MessageType
		p   []byte
	}
	sources := map[string][]payload{}
	for _, name := range []string{"../chunk/testdata/ffmpeg-publish.c2s.bin"} {
		in, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		d, _ := session.Decode(in, session.AtHandshake, nil)
		if d == nil {
			t.Fatalf("%s does not decode", name)
		}
		for _, m := range d.Messages {
			sources[name] = append(sources[name], payload{m.Type, m.Payload})
		}
	}
	var f flv.File
	if err := f.DecodeAll(testkit.HexFile(t, "../flv/testdata/ffmpeg-1s.hex")); err != nil {
		t.Fatal(err)
	}
	for _, s := range f.Tags {
		sources["ffmpeg-1s.flv"] = append(sources["ffmpeg-1s.flv"], payload{s.Header.Type, s.Payload})
	}
	for name, msgs := range sources {
		var audio, video int
		for i, m := range msgs {
			switch m.typ {
			case rtmp.TypeAudio:
				audio++
				var a media.AudioTag
				if err := a.DecodeAll(m.p); err != nil {
					t.Fatalf("%s message %d: %v", name, i, err)
				}
				b := m.p[0]
				if a.Enhanced() || a.SoundFormat != media.SoundFormat(b>>4) || a.SoundRate != media.SoundRate(b>>2&3) || a.SoundSize != media.SoundSize(b>>1&1) || a.SoundType != media.SoundType(b&1) ||
					(b>>4 == 10) != a.SoundFormat.HasPacketType() || (b>>4 == 10 && a.AACPacketType != media.AACPacketType(m.p[1])) {
					t.Errorf("%s message %d (%x): %+v", name, i, m.p[:2], a)
				}
				if out, err := a.Append(nil); err != nil || !bytes.Equal(out, m.p) || a.Size() != len(m.p) {
					t.Errorf("%s message %d: written back as %x, %v", name, i, out, err)
				}
			case rtmp.TypeVideo:
				video++
				var v media.VideoTag
				if err := v.DecodeAll(m.p); err != nil {
					t.Fatalf("%s message %d: %v", name, i, err)
				}
				b := m.p[0]
				if v.Enhanced || v.FrameType != media.VideoFrameType(b>>4) || v.Codec != media.VideoCodec(b&15) {
					t.Errorf("%s message %d (%x): %+v", name, i, m.p[:1], v)
				}
				if b&15 == 7 && b>>4 != 5 && (v.AVCPacketType != media.AVCPacketType(m.p[1]) || v.CompositionTime != int32(uint32(m.p[2])<<24|uint32(m.p[3])<<16|uint32(m.p[4])<<8)>>8) {
					t.Errorf("%s message %d (%x): %+v", name, i, m.p[:5], v)
				}
				if out, err := v.Append(nil); err != nil || !bytes.Equal(out, m.p) || v.Size() != len(m.p) {
					t.Errorf("%s message %d: written back as %x, %v", name, i, out, err)
				}
			}
		}
		t.Logf("%s: %d audio, %d video messages", name, audio, video)
		if audio+video == 0 {
			t.Errorf("%s: no media", name)
		}
	}
}
