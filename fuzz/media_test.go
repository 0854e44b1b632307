package fuzz

import (
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/flv"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// mediaSeeds cover each header form: legacy audio and video, enhanced
// single track, ModEx in both size forms, the three multitrack layouts,
// a multichannel config and a Metadata message.
var mediaSeeds = []struct {
	video bool
	hex   string
}{
	{false, "af 00 1210"},
	{false, "2a fffb"},
	{false, "94 4f707573 01 02 00000003"},
	{false, "97 02 0f423f 01 65632d33 0b77"},
	{false, "95 21 6d703461 00 000000 4f707573 02 000001 fc"},
	{true, "27 01 ffffdf 00000005"},
	{true, "57 01"},
	{true, "a1 68766331 000028 0000000126"},
	{true, "d4 61763031 02 0009 636f6c6f72496e666f 03 0000 09"},
	{true, "97 ff 0002 07a120 03 61766331"},
	{true, "a6 11 68766331 00 000005 000028 aabb 02 000003 fffff6"},
	{true, "96 21 68766331 00 000004 000001 ee 61763031 01 000001 81"},
	{true, "97 02 000001 06 00 61763031 03 99"},
}

// FuzzMedia is the byte-exact property of audio and video tag headers.
func FuzzMedia(f *testing.F) {
	for _, s := range mediaSeeds {
		f.Add(s.video, testkit.MustHex(s.hex))
	}
	// A third party's enhanced FLV: ModEx and OneTrack as libmedia writes them.
	var file flv.File
	if err := file.DecodeAll(testkit.HexFile(f, "../codec/media/testdata/libmedia-eflv.hex")); err != nil {
		f.Fatal(err)
	}
	for _, s := range file.Tags {
		f.Add(s.Header.Type == rtmp.TypeVideo, s.Payload)
	}
	f.Fuzz(func(t *testing.T, video bool, payload []byte) {
		if err := MediaRoundTrip(video, payload); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzMediaBuild is the build property: tags built from typed choices
// encode, decode and encode again to the same bytes.
func FuzzMediaBuild(f *testing.F) {
	for _, s := range mediaSeeds {
		f.Add(testkit.MustHex(s.hex))
	}
	f.Add([]byte{3, 2, 0x10, 0, 1, 0, 40})
	f.Fuzz(func(t *testing.T, data []byte) {
		tag, video := BuildMediaTag(data)
		if err := MediaBuiltRoundTrip(tag, video); err != nil {
			t.Fatal(err)
		}
	})
}
