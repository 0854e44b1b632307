package media

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCombinations builds every combination of the enhanced header's
// parts, for audio and video: no ModEx, one, two, in the short and the
// long size form; single track and the three multitrack layouts; every
// defined packet type that is not ModEx or Multitrack itself; codecs with
// and without a composition time. Each must encode, decode to the same
// fields and encode to the same bytes.
func TestCombinations(t *testing.T) {
	modExes := [][]ModEx{
		nil,
		{{Type: ModExTimestampOffsetNano, Data: []byte{0x07, 0xa1, 0x20}}},
		{{Type: ModExTimestampOffsetNano, Data: []byte{0, 0, 1}, Wide: true}, {Type: 9, Data: bytes.Repeat([]byte{0xAB}, 300), Wide: true}},
	}
	layouts := []struct {
		multi bool
		mt    MultitrackType
	}{{false, 0}, {true, OneTrack}, {true, ManyTracks}, {true, ManyTracksManyCodecs}}
	n := 0
	for _, video := range []bool{true, false} {
		codecs := []FourCC{FourCCOpus, FourCCAAC}
		packets := []uint8{uint8(AudioSequenceStart), uint8(AudioCodedFrames), uint8(AudioSequenceEnd), uint8(AudioMultichannelConfig)}
		if video {
			codecs = []FourCC{FourCCHEVC, FourCCAV1}
			packets = []uint8{uint8(VideoSequenceStart), uint8(VideoCodedFrames), uint8(VideoSequenceEnd), uint8(VideoCodedFramesX), uint8(VideoMetadata), uint8(VideoMPEG2TSSequenceStart)}
		}
		for _, mods := range modExes {
			for _, l := range layouts {
				for _, pt := range packets {
					for _, fc := range codecs {
						x := Extended{ModEx: mods, Multitrack: l.multi, MultitrackType: l.mt, FourCC: fc}
						var body []byte
						switch {
						case !l.multi:
							body = []byte{1, 2, 3}
						case l.mt == OneTrack:
							x.Tracks = []Track{{FourCC: fc, ID: 1, Body: []byte{4, 5}}}
						default:
							x.Tracks = []Track{{FourCC: fc, ID: 0, Body: []byte{6}}, {FourCC: codecs[1], ID: 2, Body: nil}}
							if l.mt == ManyTracks {
								x.Tracks[1].FourCC = fc
							} else {
								x.FourCC = 0
							}
						}
						ct := video && pt == uint8(VideoCodedFrames)
						for i := range x.Tracks {
							if ct && x.Tracks[i].FourCC.HasCompositionTime() {
								x.Tracks[i].CompositionTime = int32(-5 * (i + 1))
							}
						}
						var tag, back interface {
							codec
							DecodeAll([]byte) error
						}
						if video {
							v := &VideoTag{Enhanced: true, FrameType: FrameInter, PacketType: VideoPacketType(pt), Extended: x, Body: body}
							if ct && !l.multi && fc.HasCompositionTime() {
								v.CompositionTime = 33
							}
							tag, back = v, &VideoTag{}
						} else {
							tag, back = &AudioTag{SoundFormat: SoundExHeader, PacketType: AudioPacketType(pt), Extended: x, Body: body}, &AudioTag{}
						}
						enc, err := tag.Append(nil)
						if err != nil {
							t.Fatalf("%+v: %v", tag, err)
						}
						if err := back.DecodeAll(enc); err != nil {
							t.Fatalf("%+v encodes to %x, which does not decode: %v", tag, enc, err)
						}
						if diff := cmp.Diff(tag, back, tagCmp); diff != "" {
							t.Fatalf("%x decodes differently (-built +decoded):\n%s", enc, diff)
						}
						roundTrip(t, back, enc)
						n++
					}
				}
			}
		}
	}
	t.Logf("%d combinations", n)
}
