package fuzz

import (
	"testing"

	"github.com/rtmpcodec/rtmpcodec/codec/flv"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

// mediaSeeds are codec/media's header vectors (testdata/vectors.txt): every
// legacy and enhanced form, ModEx in both size forms, the three multitrack
// layouts, a multichannel config and metadata.
func mediaSeeds(f *testing.F) []testkit.Vector {
	return testkit.VectorFile(f, "../codec/media/testdata/vectors.txt")
}

// FuzzMedia is the byte-exact property of audio and video tag headers.
func FuzzMedia(f *testing.F) {
	for _, v := range mediaSeeds(f) {
		f.Add(v.Kind == "video", v.Bytes)
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
	for _, v := range mediaSeeds(f) {
		f.Add(v.Bytes)
	}
	f.Add([]byte{3, 2, 0x10, 0, 1, 0, 40})
	f.Fuzz(func(t *testing.T, data []byte) {
		tag, video := BuildMediaTag(data)
		if err := MediaBuiltRoundTrip(tag, video); err != nil {
			t.Fatal(err)
		}
	})
}
