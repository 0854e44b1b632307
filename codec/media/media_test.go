package media

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// TestDecodeAllocs pins the zero-allocation claim: decoding a header into a
// reused tag allocates nothing, multitrack and ModEx included; a fresh
// single-track tag allocates nothing either.
func TestDecodeAllocs(t *testing.T) {
	many := h(t, "97 02 07a120 06 21 68766331 00 000004 000001 ee 61763031 01 000001 81")
	hevc := h(t, "a1 68766331 000028 0000000126")
	aac := h(t, "af 01 211b")
	var v VideoTag
	var a AudioTag
	_ = v.DecodeAll(many) // sizes the reused lists once
	for name, f := range map[string]func(){
		"reused video, ModEx and many tracks": func() { _ = v.DecodeAll(many) },
		"fresh video, single track": func() {
			var fresh VideoTag
			_ = fresh.DecodeAll(hevc)
		},
		"reused audio": func() { _ = a.DecodeAll(aac) },
	} {
		if n := testkit.AllocsPerRun(t, 100, f); n != 0 {
			t.Errorf("%s: %v allocations per decode, want 0", name, n)
		}
	}
	if len(v.Tracks) != 2 || len(v.ModEx) != 1 {
		t.Fatalf("the pinned input did not decode as meant: %+v", v)
	}
}

func TestModExSizes(t *testing.T) {
	for _, n := range []int{1, 255, 256, 257, 65536} {
		data := bytes.Repeat([]byte{0x42}, n)
		tag := VideoTag{Enhanced: true, FrameType: FrameKey, PacketType: VideoSequenceStart,
			Extended: Extended{FourCC: FourCCAV1, ModEx: []ModEx{{Type: ModExTimestampOffsetNano, Data: data, Wide: n >= 256}}}}
		enc, err := tag.Append(nil)
		if err != nil {
			t.Fatalf("%d bytes: %v", n, err)
		}
		head := enc[1:2]
		if n >= 256 {
			head = enc[1:4]
		}
		var back VideoTag
		if err := back.DecodeAll(enc); err != nil || len(back.ModEx) != 1 || len(back.ModEx[0].Data) != n || back.ModEx[0].Wide != (n >= 256) {
			t.Errorf("%d bytes (size %x): %v %+v", n, head, err, back.ModEx)
		}
		roundTrip(t, &back, enc)
	}
	if ns, ok := (&ModEx{Type: ModExTimestampOffsetNano, Data: []byte{0x0f, 0x42, 0x3f, 0}}).TimestampOffsetNano(); !ok || ns != 999999 {
		t.Errorf("TimestampOffsetNano = %d, %v", ns, ok)
	}
	if _, ok := (&ModEx{Type: ModExTimestampOffsetNano, Data: []byte{1, 2}}).TimestampOffsetNano(); ok {
		t.Error("a 2-byte TimestampOffsetNano block gave an offset")
	}
}

// TestAppendRefuses: what the wire cannot say is refused with the field and
// the offset it would have gone to, and b comes back unchanged.
func TestAppendRefuses(t *testing.T) {
	for _, tc := range []struct {
		name   string
		tag    codec
		field  string
		offset int64
	}{
		{"legacy frame type 8 would set the enhanced bit", &VideoTag{FrameType: 8, Codec: CodecAVC}, "VideoTag.FrameType", 0},
		{"enhanced frame type 8", &VideoTag{Enhanced: true, FrameType: 8}, "VideoTag.FrameType", 0},
		{"composition time past SI24", &VideoTag{FrameType: FrameKey, Codec: CodecAVC, CompositionTime: 1 << 23}, "VideoTag.CompositionTime", 2},
		{"ModEx as the data's packet type", &VideoTag{Enhanced: true, FrameType: FrameKey, PacketType: VideoModEx}, "VideoTag.PacketType", 0},
		{"Multitrack as a single track's packet type", &VideoTag{Enhanced: true, FrameType: FrameKey, PacketType: VideoMultitrack}, "VideoTag.PacketType", 0},
		{"empty ModEx", &VideoTag{Enhanced: true, FrameType: FrameKey, Extended: Extended{ModEx: []ModEx{{}}}}, "VideoTag.ModEx[0].Data", 1},
		{"256-byte ModEx in the short form", &VideoTag{Enhanced: true, FrameType: FrameKey, Extended: Extended{ModEx: []ModEx{{Data: make([]byte, 256)}}}}, "VideoTag.ModEx[0].Wide", 1},
		{"ModEx past 65536 bytes", &AudioTag{SoundFormat: SoundExHeader, Extended: Extended{ModEx: []ModEx{{Data: make([]byte, 65537), Wide: true}}}}, "AudioTag.ModEx[0].Data", 1},
		{"multitrack with no track", &VideoTag{Enhanced: true, FrameType: FrameKey, Extended: Extended{Multitrack: true, MultitrackType: ManyTracks}}, "VideoTag.Tracks", 2},
		{"OneTrack with two tracks", &AudioTag{SoundFormat: SoundExHeader, Extended: Extended{Multitrack: true, Tracks: make([]Track, 2)}}, "AudioTag.Tracks", 2},
		{"track too long for its UI24 size", &AudioTag{SoundFormat: SoundExHeader, Extended: Extended{Multitrack: true, MultitrackType: ManyTracks,
			Tracks: []Track{{Body: make([]byte, 1<<24)}}}}, "AudioTag.Tracks[0].Body", 7},
		{"a body beside the tracks", &VideoTag{Enhanced: true, FrameType: FrameKey, Body: []byte{1}, Extended: Extended{Multitrack: true, Tracks: make([]Track, 1)}}, "VideoTag.Body", 1},
		{"legacy sound rate past 2 bits", &AudioTag{SoundFormat: SoundMP3, SoundRate: 4}, "AudioTag.SoundRate", 0},
		{"audio Multitrack as the data's packet type", &AudioTag{SoundFormat: SoundExHeader, PacketType: AudioMultitrack}, "AudioTag.PacketType", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := []byte{1, 2}
			out, err := tc.tag.Append(b)
			var we *wire.Error
			if !errors.As(err, &we) || !errors.Is(err, wire.ErrConstraint) || we.Field != tc.field || we.Offset != tc.offset {
				t.Errorf("got %v, want ErrConstraint in %s at %d", err, tc.field, tc.offset)
			}
			if !bytes.Equal(out, b) || len(out) != 2 {
				t.Errorf("b changed: %x", out)
			}
		})
	}
}

func TestMetadata(t *testing.T) {
	// colorInfo as FFmpeg writes it: D4 (frame type 5, Metadata), AV1,
	// "colorInfo", {colorConfig: {bitDepth: 10}}.
	p := h(t, "d4 61763031 02 0009 636f6c6f72496e666f 03 000b 636f6c6f72436f6e666967 03 0008 6269744465707468 00 4024000000000000 000009 000009")
	var v VideoTag
	if err := v.DecodeAll(p); err != nil {
		t.Fatal(err)
	}
	if v.IsCommand() {
		t.Error("a Metadata message with frame type 5 read as a command")
	}
	vals, err := v.Metadata(nil)
	if err != nil || len(vals) != 2 {
		t.Fatalf("Metadata: %v, %d values", err, len(vals))
	}
	if name, _ := vals[0].Str(); name != "colorInfo" {
		t.Errorf("name %q", name)
	}
	if depth, ok := vals[1].Get("colorConfig").Get("bitDepth").Number(); !ok || depth != 10 {
		t.Errorf("bitDepth %v %v", depth, ok)
	}
	// A broken AMF payload reports the offset in the message.
	if err := v.DecodeAll(h(t, "d4 61763031 02 0009 636f")); err != nil {
		t.Fatal(err)
	}
	_, err = v.Metadata(nil)
	var we *wire.Error
	if !errors.As(err, &we) || we.Offset != 8 {
		t.Errorf("cut metadata: %v, want an error at offset 8 (where the string's bytes start)", err)
	}
	// The same metadata in AMF3, as on a connection with objectEncoding 3:
	// "colorInfo" (string), {colorConfig: {bitDepth: 10}} as dynamic
	// anonymous objects.
	if err := v.DecodeAll(h(t, "d4 61763031 06 13 636f6c6f72496e666f 0a 0b 01 17 636f6c6f72436f6e666967 0a 01 11 6269744465707468 04 0a 01 01")); err != nil {
		t.Fatal(err)
	}
	vals3, err := v.MetadataAMF3(nil)
	if err != nil || len(vals3) != 2 {
		t.Fatalf("MetadataAMF3: %v, %d values", err, len(vals3))
	}
	if name, _ := vals3[0].Str(); name != "colorInfo" {
		t.Errorf("AMF3 name %q", name)
	}
	if err := v.DecodeAll(h(t, "90 61763031")); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Metadata(nil); !errors.Is(err, wire.ErrConstraint) {
		t.Errorf("Metadata of a sequence start: %v", err)
	}
}

func TestMultichannelConfig(t *testing.T) {
	for _, tc := range []struct {
		hex  string
		want MultichannelConfig
	}{
		{"01 02 00000003", MultichannelConfig{Order: OrderNative, ChannelCount: 2, Mask: 3}},
		{"02 03 00 01 03", MultichannelConfig{Order: OrderCustom, ChannelCount: 3, Mapping: []byte{0, 1, 3}}},
		{"00 06", MultichannelConfig{Order: OrderUnspecified, ChannelCount: 6}},
		{"07 02 abcd", MultichannelConfig{Order: 7, ChannelCount: 2, Rest: []byte{0xab, 0xcd}}},
	} {
		p := h(t, tc.hex)
		var c MultichannelConfig
		if err := c.DecodeAll(p); err != nil {
			t.Fatalf("%s: %v", tc.hex, err)
		}
		if diff := cmp.Diff(tc.want, c, tagCmp); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.hex, diff)
		}
		roundTrip(t, &c, p)
	}
	var c MultichannelConfig
	_ = c.DecodeAll(h(t, "02 03 00 01 03"))
	if c.Channel(2) != ChannelLowFrequency1 || c.Channel(2).String() != "low frequency 1" {
		t.Errorf("channel 2: %v", c.Channel(2))
	}
	var we *wire.Error
	if err := c.DecodeAll(h(t, "02 05 00 01")); !errors.As(err, &we) || we.Field != "MultichannelConfig.Mapping" || we.Offset != 2 {
		t.Errorf("short mapping: %v", err)
	}
}

func TestFourCCNames(t *testing.T) {
	if FourCCHEVC.String() != "HEVC" || FourCCChars(FourCCHEVC) != "hvc1" || !FourCCHEVC.Video() || !FourCCHEVC.HasCompositionTime() {
		t.Errorf("hvc1: %q %q", FourCCHEVC.String(), FourCCChars(FourCCHEVC))
	}
	if FourCCAV1.HasCompositionTime() || FourCCOpus.Video() {
		t.Error("av01 has no composition time; Opus is audio")
	}
	// ESC [ 2 J, as a FourCC, must not reach a terminal.
	evil := FourCC(0x1b5b324a)
	if s := FourCCChars(evil); s != `\x1b[2J` || strings.ContainsRune(evil.String(), 0x1b) {
		t.Errorf("escape FourCC: %q, %q", s, evil.String())
	}
	if s := FourCCChars(0x80ff0041); s != `\x80\xff\x00A` {
		t.Errorf("high bytes: %q", s)
	}
}

func TestCapabilities(t *testing.T) {
	// What a v2 client sends (the specification's example shape), with
	// fourCcList for v1 servers.
	obj := amf0.Object(
		amf0.Prop("app", amf0.String("live")),
		amf0.Prop("fourCcList", amf0.StrictArray(amf0.String("av01"), amf0.String("hvc1"))),
		amf0.Prop("videoFourCcInfoMap", amf0.Object(amf0.Prop("hvc1", amf0.Number(CanDecode|CanEncode)), amf0.Prop("av01", amf0.Number(CanDecode)))),
		amf0.Prop("audioFourCcInfoMap", amf0.Object(amf0.Prop("*", amf0.Number(CanForward)), amf0.Prop("Opus", amf0.Number(CanDecode)))),
		amf0.Prop("capsEx", amf0.Number(CapsExMultitrack|CapsExModEx)),
	)
	c, err := ParseCapabilities(obj)
	if err != nil {
		t.Fatal(err)
	}
	want := Capabilities{
		FourCCList: []string{"av01", "hvc1"},
		VideoInfo:  []CodecInfo{{"hvc1", 3}, {"av01", 1}},
		AudioInfo:  []CodecInfo{{"*", 4}, {"Opus", 1}},
		CapsEx:     6, HasCapsEx: true,
	}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if m, ok := c.VideoMask(FourCCHEVC); !ok || m != CanDecode|CanEncode {
		t.Errorf("hvc1: %d %v", m, ok)
	}
	if _, ok := c.VideoMask(FourCCVP9); ok {
		t.Error("vp09 is not in the video map")
	}
	if m, ok := c.AudioMask(FourCCOpus); !ok || m != CanForward {
		t.Errorf("Opus: %d %v, want the wildcard's CanForward", m, ok)
	}
	if !c.Lists(FourCCAV1) || c.Lists(FourCCVP9) {
		t.Error("Lists")
	}
	// Built back, appended to an object: the same bytes as the original.
	built := c.With(amf0.Object(amf0.Prop("app", amf0.String("live"))))
	a, _ := obj.Append(nil)
	b, err := built.Append(nil)
	if err != nil || !bytes.Equal(a, b) {
		t.Errorf("With:\n%x\nwant\n%x", b, a)
	}
	// Absent properties stay absent.
	if c, err := ParseCapabilities(amf0.Object(amf0.Prop("app", amf0.String("live")))); err != nil || c.FourCCList != nil || c.HasCapsEx || len(c.Properties()) != 0 {
		t.Errorf("no capabilities: %+v %v", c, err)
	}
	for name, bad := range map[string]amf0.Value{
		"Capabilities.fourCcList":              amf0.Object(amf0.Prop("fourCcList", amf0.String("hvc1"))),
		"Capabilities.fourCcList[1]":           amf0.Object(amf0.Prop("fourCcList", amf0.StrictArray(amf0.String("hvc1"), amf0.Number(1)))),
		"Capabilities.videoFourCcInfoMap":      amf0.Object(amf0.Prop("videoFourCcInfoMap", amf0.Number(1))),
		"Capabilities.audioFourCcInfoMap.Opus": amf0.Object(amf0.Prop("audioFourCcInfoMap", amf0.Object(amf0.Prop("Opus", amf0.Number(1.5))))),
		"Capabilities.capsEx":                  amf0.Object(amf0.Prop("capsEx", amf0.Number(-1))),
	} {
		_, err := ParseCapabilities(bad)
		var we *wire.Error
		if !errors.As(err, &we) || we.Field != name || !errors.Is(err, wire.ErrMalformed) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
