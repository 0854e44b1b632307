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

// TestLibmediaEFLV: an Enhanced RTMP FLV written by a third party
// (testdata/make.sh: libmedia's FLV tag writers) decodes to what its
// writer was told: the ModEx nanosecond offset is the part of each 90 kHz
// timestamp below the tag's millisecond, the OneTrack track IDs are
// libmedia's stream track IDs, the composition times are as given; every
// tag writes back byte for byte.
func TestLibmediaEFLV(t *testing.T) {
	var f flv.File
	if err := f.DecodeAll(testkit.HexFile(t, "testdata/libmedia-eflv.hex")); err != nil {
		t.Fatal(err)
	}
	if len(f.Tags) != 24 {
		t.Fatalf("%d tags, the generator writes 24", len(f.Tags))
	}
	var v media.VideoTag
	var a media.AudioTag
	for n, s := range f.Tags {
		form, i := n/6, n%6/2
		multi, nano := form >= 2, form%2 == 1
		ticks := int64(1001 * (i + 1))
		ms := ticks * 1000 / 90000
		if int64(s.Timestamp()) != ms {
			t.Errorf("tag %d: timestamp %d, want %d", n, s.Timestamp(), ms)
		}
		var x *media.Extended
		var packet, wantPacket string
		var out []byte
		var err error
		if s.Header.Type == rtmp.TypeVideo {
			if err := v.DecodeAll(s.Payload); err != nil {
				t.Fatalf("tag %d: %v", n, err)
			}
			x, packet, wantPacket = &v.Extended, v.PacketType.String(), media.VideoSequenceStart.String()
			if i > 0 {
				wantPacket = media.VideoCodedFrames.String()
			}
			ct := v.CompositionTime
			if multi {
				ct = v.Tracks[0].CompositionTime
			}
			if !v.Enhanced || ct != int32(40*i) {
				t.Errorf("tag %d: %+v, want composition time %d", n, v, 40*i)
			}
			out, err = v.Append(nil)
		} else {
			if err := a.DecodeAll(s.Payload); err != nil {
				t.Fatalf("tag %d: %v", n, err)
			}
			x, packet, wantPacket = &a.Extended, a.PacketType.String(), media.AudioSequenceStart.String()
			if i > 0 {
				wantPacket = media.AudioCodedFrames.String()
			}
			out, err = a.Append(nil)
		}
		if packet != wantPacket {
			t.Errorf("tag %d: packet type %s, want %s", n, packet, wantPacket)
		}
		ns, ok := x.TimestampOffsetNano()
		if want := ticks*1_000_000_000/90000 - ms*1_000_000; ok != nano || (nano && int64(ns) != want) {
			t.Errorf("tag %d: nano offset %d (%v), want %d (%v)", n, ns, ok, want, nano)
		}
		wantTrack := map[rtmp.MessageType]uint8{rtmp.TypeVideo: 1, rtmp.TypeAudio: 2}[s.Header.Type]
		if x.Multitrack != multi || (multi && (x.MultitrackType != media.OneTrack || len(x.Tracks) != 1 || x.Tracks[0].ID != wantTrack)) {
			t.Errorf("tag %d: multitrack %v %+v, want track %d", n, x.Multitrack, x.Tracks, wantTrack)
		}
		if err != nil || !bytes.Equal(out, s.Payload) {
			t.Errorf("tag %d: written back as %x, %v, want %x", n, out, err, s.Payload)
		}
	}
}
