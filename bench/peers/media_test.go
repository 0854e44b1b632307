package peers

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/bluenviron/gortmplib/pkg/bytecounter"
	gmsg "github.com/bluenviron/gortmplib/pkg/message"
	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/media"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// mediaInputs are Enhanced RTMP messages gortmplib's reader also parses:
// HEVC coded frames (FourCC and composition time), an AV1 sequence start,
// and Opus in a OneTrack multitrack message (the form FFmpeg writes for
// tracks above 0).
var mediaInputs = []struct {
	name  string
	typ   rtmp.MessageType
	video bool
	head  []byte
	body  int
}{
	{"hevc-coded-frames", rtmp.TypeVideo, true, []byte{0xA1, 'h', 'v', 'c', '1', 0, 0, 40}, 100},
	{"av1-sequence-start", rtmp.TypeVideo, true, []byte{0x90, 'a', 'v', '0', '1'}, 20},
	{"opus-one-track", rtmp.TypeAudio, false, []byte{0x95, 0x01, 'O', 'p', 'u', 's', 0x01}, 50},
}

// mediaStream is one message as a type-0 chunk on csid 6, stream 1: the
// cycle reader repeats it forever, so each op reads one message.
func mediaStream(typ rtmp.MessageType, payload []byte) []byte {
	var b bytes.Buffer
	b.WriteByte(0x06)
	b.Write([]byte{0, 0, 0, byte(len(payload) >> 16), byte(len(payload) >> 8), byte(len(payload)), byte(typ)})
	_ = binary.Write(&b, binary.LittleEndian, uint32(1))
	b.Write(payload)
	return b.Bytes()
}

// BenchmarkMediaRead reads one enhanced audio or video message per op from
// a chunk stream and parses its header: rtmpcodec's chunk.Reader and a
// reused media tag against gortmplib's message.Reader, whose tag parsing is
// reachable only through it (its unmarshal methods are unexported).
func BenchmarkMediaRead(b *testing.B) {
	for _, in := range mediaInputs {
		payload := append(append([]byte(nil), in.head...), bytes.Repeat([]byte{0x5A}, in.body)...)
		stream := mediaStream(in.typ, payload)
		b.Run("in="+in.name+"/impl=rtmpcodec", func(b *testing.B) {
			r := chunk.NewReader(&cycle{b: stream}, nil)
			var v media.VideoTag
			var a media.AudioTag
			b.ReportAllocs()
			b.SetBytes(int64(len(payload)))
			for b.Loop() {
				m, err := r.ReadMessage()
				if err != nil {
					b.Fatal(err)
				}
				if in.video {
					err = v.DecodeAll(m.Payload)
				} else {
					err = a.DecodeAll(m.Payload)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("in="+in.name+"/impl=gortmplib", func(b *testing.B) {
			c := &cycle{b: stream}
			r := gmsg.NewReader(c, bytecounter.NewReader(c), nil)
			b.ReportAllocs()
			b.SetBytes(int64(len(payload)))
			for b.Loop() {
				m, err := r.Read()
				if err != nil {
					b.Fatal(err)
				}
				switch m.(type) {
				case *gmsg.VideoExCodedFrames, *gmsg.VideoExSequenceStart, *gmsg.AudioExMultitrack:
				default:
					b.Fatalf("read %T", m)
				}
			}
		})
	}
}

// TestMediaReadAgrees checks that both readers see the same header fields
// in the benchmark's inputs, so the rows compare the same work.
func TestMediaReadAgrees(t *testing.T) {
	for _, in := range mediaInputs {
		payload := append(append([]byte(nil), in.head...), bytes.Repeat([]byte{0x5A}, in.body)...)
		c := &cycle{b: mediaStream(in.typ, payload)}
		m, err := gmsg.NewReader(c, bytecounter.NewReader(c), nil).Read()
		if err != nil {
			t.Fatalf("%s: gortmplib: %v", in.name, err)
		}
		var v media.VideoTag
		var a media.AudioTag
		switch g := m.(type) {
		case *gmsg.VideoExCodedFrames:
			if err := v.DecodeAll(payload); err != nil || uint32(v.FourCC) != uint32(g.FourCC) || int64(v.CompositionTime) != g.PTSDelta.Milliseconds() || !bytes.Equal(v.Body, g.Payload) {
				t.Errorf("%s: %v %+v vs %+v", in.name, err, v, g)
			}
		case *gmsg.VideoExSequenceStart:
			if err := v.DecodeAll(payload); err != nil || uint32(v.FourCC) != uint32(g.FourCC) || v.PacketType != media.VideoSequenceStart {
				t.Errorf("%s: %v %+v vs %+v", in.name, err, v, g)
			}
		case *gmsg.AudioExMultitrack:
			if err := a.DecodeAll(payload); err != nil || len(a.Tracks) != 1 || a.Tracks[0].ID != g.TrackID {
				t.Errorf("%s: %v %+v vs %+v", in.name, err, a, g)
			}
		default:
			t.Errorf("%s: gortmplib read %T", in.name, m)
		}
	}
}
