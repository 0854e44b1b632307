package media

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// Vectors built from the Enhanced RTMP v2 specification's bitstream
// description (ExVideoTagHeader, ExAudioTagHeader, Multitrack, ModEx) and
// FLV 10.1 Annex E, one per packet type and per multitrack/ModEx
// combination. Each must decode to the fields given and encode back to the
// same bytes.

func h(t *testing.T, s string) []byte { return testkit.Hex(t, s) }

// vector is one header, named as in testdata/vectors.txt (which holds its
// bytes, for the CLI's tests too), and the tag it decodes to, built from
// the decoded input p so the aliasing slices can point into it.
type vector[T any] struct {
	name string
	want func(p []byte) T
}

var videoVectors = []vector[VideoTag]{
	// Legacy.
	{"AVC sequence header", func(p []byte) VideoTag {
		return VideoTag{FrameType: FrameKey, Codec: CodecAVC, AVCPacketType: AVCSequenceHeader, Body: p[5:]}
	}},
	{"AVC NALU, composition time +66", func(p []byte) VideoTag {
		return VideoTag{FrameType: FrameInter, Codec: CodecAVC, AVCPacketType: AVCNALU, CompositionTime: 66, Body: p[5:]}
	}},
	{"AVC NALU, composition time -33", func(p []byte) VideoTag {
		return VideoTag{FrameType: FrameInter, Codec: CodecAVC, AVCPacketType: AVCNALU, CompositionTime: -33, Body: p[5:]}
	}},
	{"AVC end of sequence", func(p []byte) VideoTag {
		return VideoTag{FrameType: FrameKey, Codec: CodecAVC, AVCPacketType: AVCEndOfSequence, Body: p[5:]}
	}},
	{"Sorenson H.263 disposable", func(p []byte) VideoTag {
		return VideoTag{FrameType: FrameDisposable, Codec: CodecSorensonH263, Body: p[1:]}
	}},
	{"VP6 key frame", func(p []byte) VideoTag { return VideoTag{FrameType: FrameKey, Codec: CodecVP6, Body: p[1:]} }},
	{"legacy command, end of seek, codec 7", func(p []byte) VideoTag {
		return VideoTag{FrameType: FrameCommand, Codec: CodecAVC, Command: CommandEndSeek, Body: p[2:]}
	}},
	{"legacy codec 12 (no entry): one byte of header", func(p []byte) VideoTag {
		return VideoTag{FrameType: FrameKey, Codec: 12, Body: p[1:]}
	}},
	// Enhanced single track, every packet type.
	{"HEVC sequence start", func(p []byte) VideoTag {
		return VideoTag{Enhanced: true, FrameType: FrameKey, PacketType: VideoSequenceStart, Extended: Extended{FourCC: FourCCHEVC}, Body: p[5:]}
	}},
	{"HEVC coded frames, composition time 40", func(p []byte) VideoTag {
		return VideoTag{Enhanced: true, FrameType: FrameInter, PacketType: VideoCodedFrames, Extended: Extended{FourCC: FourCCHEVC}, CompositionTime: 40, Body: p[8:]}
	}},
	{"VVC coded frames, negative composition time", func(p []byte) VideoTag {
		return VideoTag{Enhanced: true, FrameType: FrameKey, PacketType: VideoCodedFrames, Extended: Extended{FourCC: FourCCVVC}, CompositionTime: -10, Body: p[8:]}
	}},
	{"AV1 coded frames: no composition time", func(p []byte) VideoTag {
		return VideoTag{Enhanced: true, FrameType: FrameKey, PacketType: VideoCodedFrames, Extended: Extended{FourCC: FourCCAV1}, Body: p[5:]}
	}},
	{"AVC coded frames X", func(p []byte) VideoTag {
		return VideoTag{Enhanced: true, FrameType: FrameInter, PacketType: VideoCodedFramesX, Extended: Extended{FourCC: FourCCAVC}, Body: p[5:]}
	}},
	{"VP9 sequence end", func(p []byte) VideoTag {
		return VideoTag{Enhanced: true, FrameType: FrameKey, PacketType: VideoSequenceEnd, Extended: Extended{FourCC: FourCCVP9}, Body: p[5:]}
	}},
	{"metadata as FFmpeg writes it (frame type 5)", func(p []byte) VideoTag {
		return VideoTag{Enhanced: true, FrameType: FrameCommand, PacketType: VideoMetadata, Extended: Extended{FourCC: FourCCAV1}, Body: p[5:]}
	}},
	{"metadata as OBS writes it (frame type 0)", func(p []byte) VideoTag {
		return VideoTag{Enhanced: true, FrameType: 0, PacketType: VideoMetadata, Extended: Extended{FourCC: FourCCHEVC}, Body: p[5:]}
	}},
	{"AV1 MPEG-2 TS sequence start", func(p []byte) VideoTag {
		return VideoTag{Enhanced: true, FrameType: FrameKey, PacketType: VideoMPEG2TSSequenceStart, Extended: Extended{FourCC: FourCCAV1}, Body: p[5:]}
	}},
	{"enhanced command: no FourCC", func(p []byte) VideoTag {
		return VideoTag{Enhanced: true, FrameType: FrameCommand, PacketType: VideoCodedFrames, Command: CommandStartSeek, Body: p[2:]}
	}},
	{"reserved packet type 9 and an unknown FourCC: kept", func(p []byte) VideoTag {
		return VideoTag{Enhanced: true, FrameType: FrameKey, PacketType: 9, Extended: Extended{FourCC: 0x41424344}, Body: p[5:]}
	}},
	// ModEx.
	{"ModEx timestamp offset 500000 ns, then HEVC coded frames", func(p []byte) VideoTag {
		return VideoTag{Enhanced: true, FrameType: FrameKey, PacketType: VideoCodedFrames, CompositionTime: 0,
			Extended: Extended{FourCC: FourCCHEVC, ModEx: []ModEx{{Type: ModExTimestampOffsetNano, Data: p[2:5]}}}, Body: p[13:]}
	}},
	{"ModEx size in the long form, below 256", func(p []byte) VideoTag {
		return VideoTag{Enhanced: true, FrameType: FrameKey, PacketType: VideoCodedFramesX,
			Extended: Extended{FourCC: FourCCAVC, ModEx: []ModEx{{Type: ModExTimestampOffsetNano, Data: p[4:7], Wide: true}}}, Body: p[12:]}
	}},
	{"two ModEx blocks, the second of a reserved type, then a command", func(p []byte) VideoTag {
		return VideoTag{Enhanced: true, FrameType: FrameCommand, PacketType: VideoCodedFrames, Command: CommandEndSeek,
			Extended: Extended{ModEx: []ModEx{{Type: 0, Data: p[2:3]}, {Type: 15, Data: p[5:6]}}}, Body: p[8:]}
	}},
	// Multitrack.
	{"OneTrack AV1 track 1, as FFmpeg writes tracks above 0", func(p []byte) VideoTag {
		return VideoTag{Enhanced: true, FrameType: FrameKey, PacketType: VideoCodedFrames,
			Extended: Extended{Multitrack: true, MultitrackType: OneTrack, FourCC: FourCCAV1, Tracks: []Track{{FourCC: FourCCAV1, ID: 1, Body: p[7:]}}}}
	}},
	{"ManyTracks HEVC coded frames, a composition time per track", func(p []byte) VideoTag {
		return VideoTag{Enhanced: true, FrameType: FrameInter, PacketType: VideoCodedFrames,
			Extended: Extended{Multitrack: true, MultitrackType: ManyTracks, FourCC: FourCCHEVC, Tracks: []Track{
				{FourCC: FourCCHEVC, ID: 0, CompositionTime: 40, Body: p[13:15]},
				{FourCC: FourCCHEVC, ID: 2, CompositionTime: -10, Body: p[22:22]},
			}}}
	}},
	{"ManyTracksManyCodecs: HEVC and AV1 sequence starts", func(p []byte) VideoTag {
		return VideoTag{Enhanced: true, FrameType: FrameKey, PacketType: VideoSequenceStart,
			Extended: Extended{Multitrack: true, MultitrackType: ManyTracksManyCodecs, Tracks: []Track{
				{FourCC: FourCCHEVC, ID: 0, Body: p[10:12]},
				{FourCC: FourCCAV1, ID: 1, Body: p[20:21]},
			}}}
	}},
	{"ManyTracksManyCodecs coded frames: composition time only for the codec that has one", func(p []byte) VideoTag {
		return VideoTag{Enhanced: true, FrameType: FrameKey, PacketType: VideoCodedFrames,
			Extended: Extended{Multitrack: true, MultitrackType: ManyTracksManyCodecs, Tracks: []Track{
				{FourCC: FourCCHEVC, ID: 0, CompositionTime: 1, Body: p[13:14]},
				{FourCC: FourCCAV1, ID: 1, Body: p[22:23]},
			}}}
	}},
	{"ModEx then multitrack", func(p []byte) VideoTag {
		return VideoTag{Enhanced: true, FrameType: FrameKey, PacketType: VideoSequenceStart,
			Extended: Extended{ModEx: []ModEx{{Type: ModExTimestampOffsetNano, Data: p[2:5]}}, Multitrack: true, MultitrackType: OneTrack,
				FourCC: FourCCAV1, Tracks: []Track{{FourCC: FourCCAV1, ID: 3, Body: p[12:]}}}}
	}},
	{"reserved multitrack layout 5: the rest kept as the body", func(p []byte) VideoTag {
		return VideoTag{Enhanced: true, FrameType: FrameKey, PacketType: VideoCodedFrames,
			Extended: Extended{Multitrack: true, MultitrackType: 5}, Body: p[2:]}
	}},
}

func TestVideoVectors(t *testing.T) { checkVectors(t, videoVectors, vectorFile(t)["video"]) }

func TestAudioVectors(t *testing.T) { checkVectors(t, audioVectors, vectorFile(t)["audio"]) }

// vectorFile reads testdata/vectors.txt: per kind, name to bytes.
func vectorFile(t *testing.T) map[string]map[string][]byte {
	out := map[string]map[string][]byte{"video": {}, "audio": {}}
	for _, v := range testkit.VectorFile(t, "testdata/vectors.txt") {
		if out[v.Kind] == nil {
			t.Fatalf("vector %q: kind %q", v.Name, v.Kind)
		}
		out[v.Kind][v.Name] = v.Bytes
	}
	return out
}

// checkVectors decodes each vector into a fresh tag and into one reused
// across them, compares with what it should be and writes it back.
func checkVectors[T any, PT interface {
	*T
	codec
	DecodeAll([]byte) error
}](t *testing.T, vectors []vector[T], inputs map[string][]byte) {
	if len(inputs) != len(vectors) {
		t.Errorf("testdata/vectors.txt has %d of these vectors, the test %d", len(inputs), len(vectors))
	}
	var reused T
	for _, v := range vectors {
		t.Run(v.name, func(t *testing.T) {
			p, ok := inputs[v.name]
			if !ok {
				t.Fatal("not in testdata/vectors.txt")
			}
			var got T
			if err := PT(&got).DecodeAll(p); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(v.want(p), got, tagCmp); diff != "" {
				t.Errorf("decoded (-want +got):\n%s", diff)
			}
			roundTrip(t, PT(&got), p)
			if err := PT(&reused).DecodeAll(p); err != nil || !cmp.Equal(got, reused, tagCmp) {
				t.Errorf("reused tag: %v\n%s", err, cmp.Diff(got, reused, tagCmp))
			}
		})
	}
}

var audioVectors = []vector[AudioTag]{
	{"silence: an empty message", func(p []byte) AudioTag { return AudioTag{Silence: true} }},
	{"AAC sequence header", func(p []byte) AudioTag {
		return AudioTag{SoundFormat: SoundAAC, SoundRate: Rate44100, SoundSize: Size16Bit, SoundType: Stereo, AACPacketType: AACSequenceHeader, Body: p[2:]}
	}},
	{"AAC raw", func(p []byte) AudioTag {
		return AudioTag{SoundFormat: SoundAAC, SoundRate: Rate44100, SoundSize: Size16Bit, SoundType: Stereo, AACPacketType: AACRaw, Body: p[2:]}
	}},
	{"MP3 22 kHz 16 bit mono", func(p []byte) AudioTag {
		return AudioTag{SoundFormat: SoundMP3, SoundRate: Rate22050, SoundSize: Size16Bit, SoundType: Mono, Body: p[1:]}
	}},
	{"Speex", func(p []byte) AudioTag { return AudioTag{SoundFormat: SoundSpeex, SoundSize: Size16Bit, Body: p[1:]} }},
	{"reserved sound format 13: kept", func(p []byte) AudioTag {
		return AudioTag{SoundFormat: 13, SoundSize: Size16Bit, SoundType: Stereo, Body: p[1:]}
	}},
	{"Opus sequence start", func(p []byte) AudioTag {
		return AudioTag{SoundFormat: SoundExHeader, PacketType: AudioSequenceStart, Extended: Extended{FourCC: FourCCOpus}, Body: p[5:]}
	}},
	{"FLAC coded frames", func(p []byte) AudioTag {
		return AudioTag{SoundFormat: SoundExHeader, PacketType: AudioCodedFrames, Extended: Extended{FourCC: FourCCFLAC}, Body: p[5:]}
	}},
	{"AC-3 sequence end", func(p []byte) AudioTag {
		return AudioTag{SoundFormat: SoundExHeader, PacketType: AudioSequenceEnd, Extended: Extended{FourCC: FourCCAC3}, Body: p[5:]}
	}},
	{"multichannel config, native, as the lab FLVs have it", func(p []byte) AudioTag {
		return AudioTag{SoundFormat: SoundExHeader, PacketType: AudioMultichannelConfig, Extended: Extended{FourCC: FourCCOpus}, Body: p[5:]}
	}},
	{"reserved audio packet type 3: kept", func(p []byte) AudioTag {
		return AudioTag{SoundFormat: SoundExHeader, PacketType: 3, Extended: Extended{FourCC: FourCCMP3}, Body: p[5:]}
	}},
	{"ModEx nano offset, then E-AC-3 coded frames", func(p []byte) AudioTag {
		return AudioTag{SoundFormat: SoundExHeader, PacketType: AudioCodedFrames,
			Extended: Extended{FourCC: FourCCEAC3, ModEx: []ModEx{{Type: ModExTimestampOffsetNano, Data: p[2:5]}}}, Body: p[10:]}
	}},
	{"OneTrack AAC track 1, as FFmpeg writes tracks above 0", func(p []byte) AudioTag {
		return AudioTag{SoundFormat: SoundExHeader, PacketType: AudioCodedFrames,
			Extended: Extended{Multitrack: true, MultitrackType: OneTrack, FourCC: FourCCAAC, Tracks: []Track{{FourCC: FourCCAAC, ID: 1, Body: p[7:]}}}}
	}},
	{"ManyTracks Opus", func(p []byte) AudioTag {
		return AudioTag{SoundFormat: SoundExHeader, PacketType: AudioCodedFrames,
			Extended: Extended{Multitrack: true, MultitrackType: ManyTracks, FourCC: FourCCOpus, Tracks: []Track{
				{FourCC: FourCCOpus, ID: 0, Body: p[10:12]}, {FourCC: FourCCOpus, ID: 1, Body: p[16:17]}}}}
	}},
	{"ManyTracksManyCodecs: AAC and Opus, an empty track", func(p []byte) AudioTag {
		return AudioTag{SoundFormat: SoundExHeader, PacketType: AudioCodedFrames,
			Extended: Extended{Multitrack: true, MultitrackType: ManyTracksManyCodecs, Tracks: []Track{
				{FourCC: FourCCAAC, ID: 0, Body: p[10:10]}, {FourCC: FourCCOpus, ID: 2, Body: p[18:19]}}}}
	}},
	{"ModEx then ManyTracks", func(p []byte) AudioTag {
		return AudioTag{SoundFormat: SoundExHeader, PacketType: AudioSequenceStart,
			Extended: Extended{ModEx: []ModEx{{Type: 0, Data: p[2:3]}}, Multitrack: true, MultitrackType: ManyTracks, FourCC: FourCCOpus,
				Tracks: []Track{{FourCC: FourCCOpus, ID: 7, Body: p[13:14]}}}}
	}},
}

// tagCmp compares byte slices by content, nil equal to empty, and so the
// ModEx and Tracks lists too (a reused tag keeps an empty, non-nil list).
var tagCmp = cmp.Options{
	cmp.Comparer(func(a, b []byte) bool { return bytes.Equal(a, b) }),
	cmp.FilterValues(func(a, b []ModEx) bool { return len(a) == 0 && len(b) == 0 }, cmp.Ignore()),
	cmp.FilterValues(func(a, b []Track) bool { return len(a) == 0 && len(b) == 0 }, cmp.Ignore()),
}

type codec interface {
	Size() int
	Append([]byte) ([]byte, error)
}

func roundTrip(t *testing.T, c codec, want []byte) {
	t.Helper()
	if n := c.Size(); n != len(want) {
		t.Errorf("Size() = %d, want %d", n, len(want))
	}
	got, err := c.Append([]byte{0xEE})
	if err != nil {
		t.Fatalf("Append: %v", err)
	}
	if got[0] != 0xEE || !bytes.Equal(got[1:], want) {
		t.Errorf("Append:\n got %x\nwant %x", got[1:], want)
	}
}

// Hostile variants: each a typed error at the byte where the header goes
// wrong.
func TestHostile(t *testing.T) {
	for _, tc := range []struct {
		name   string
		video  bool
		hex    string
		kind   error
		field  string
		offset int64
	}{
		{"empty video", true, "", io.ErrUnexpectedEOF, "VideoTag.FrameType", 0},
		{"legacy AVC without packet type", true, "17", io.ErrUnexpectedEOF, "VideoTag.AVCPacketType", 1},
		{"legacy AVC cut in the composition time", true, "27 01 00", io.ErrUnexpectedEOF, "VideoTag.CompositionTime", 2},
		{"legacy command without its byte", true, "57", io.ErrUnexpectedEOF, "VideoTag.Command", 1},
		{"truncated FourCC", true, "90 6876", io.ErrUnexpectedEOF, "VideoTag.FourCC", 1},
		{"HEVC coded frames cut in the composition time", true, "a1 68766331 00", io.ErrUnexpectedEOF, "VideoTag.CompositionTime", 5},
		{"enhanced command without its byte", true, "d2", io.ErrUnexpectedEOF, "VideoTag.Command", 1},
		{"ModEx with no size", true, "97", io.ErrUnexpectedEOF, "VideoTag.ModEx[0].Size", 1},
		{"ModEx data past the end", true, "97 05 0102", io.ErrUnexpectedEOF, "VideoTag.ModEx[0].Data", 2},
		{"ModEx without the byte naming what follows", true, "97 00 01", io.ErrUnexpectedEOF, "VideoTag.ModEx[0].Data", 2},
		{"ModEx size escape cut short", true, "97 ff 00", io.ErrUnexpectedEOF, "VideoTag.ModEx[0].Size", 2},
		{"ModEx size escape past the end", true, "97 ff ffff 00", io.ErrUnexpectedEOF, "VideoTag.ModEx[0].Data", 4},
		{"second ModEx past the end", true, "97 00 01 07 10 aa", io.ErrUnexpectedEOF, "VideoTag.ModEx[1].Data", 5},
		{"multitrack without its type byte", true, "96", io.ErrUnexpectedEOF, "VideoTag.MultitrackType", 1},
		{"multitrack inside multitrack", true, "96 06 68766331", wire.ErrMalformed, "VideoTag.PacketType", 1},
		{"ModEx inside a multitrack header", true, "96 07 68766331", wire.ErrMalformed, "VideoTag.PacketType", 1},
		{"multitrack without a track", true, "96 10 68766331", io.ErrUnexpectedEOF, "VideoTag.Tracks[0].ID", 6},
		{"track size past the end", true, "96 10 68766331 00 000009 0102", io.ErrUnexpectedEOF, "VideoTag.Tracks[0].Body", 10},
		{"second track size past the end", true, "96 10 68766331 00 000001 aa 01 ffffff", io.ErrUnexpectedEOF, "VideoTag.Tracks[1].Body", 15},
		{"track size cut short", true, "96 10 68766331 00 0000", io.ErrUnexpectedEOF, "VideoTag.Tracks[0].Size", 7},
		{"many codecs: truncated track FourCC", true, "96 20 6876", io.ErrUnexpectedEOF, "VideoTag.Tracks[0].FourCC", 2},
		{"track too short for its composition time", true, "96 11 68766331 00 000002 0000", io.ErrUnexpectedEOF, "VideoTag.Tracks[0].CompositionTime", 10},
		{"AAC without packet type", false, "af", io.ErrUnexpectedEOF, "AudioTag.AACPacketType", 1},
		{"audio truncated FourCC", false, "90 4f70", io.ErrUnexpectedEOF, "AudioTag.FourCC", 1},
		{"audio multitrack inside multitrack", false, "95 05 4f707573", wire.ErrMalformed, "AudioTag.PacketType", 1},
		{"audio ModEx size escape past the end", false, "97 ff 0100", io.ErrUnexpectedEOF, "AudioTag.ModEx[0].Data", 4},
		{"audio track size past the end", false, "95 11 4f707573 00 000002 fc", io.ErrUnexpectedEOF, "AudioTag.Tracks[0].Body", 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.video {
				var v VideoTag
				err = v.DecodeAll(h(t, tc.hex))
			} else {
				var a AudioTag
				err = a.DecodeAll(h(t, tc.hex))
			}
			var we *wire.Error
			if !errors.As(err, &we) || !errors.Is(err, tc.kind) || we.Layer != "media" || we.Field != tc.field || we.Offset != tc.offset {
				t.Errorf("got %v, want %v in %s at offset %d", err, tc.kind, tc.field, tc.offset)
			}
		})
	}
}
