package media_test

import (
	"fmt"

	"github.com/rtmpcodec/rtmpcodec/codec/media"
)

// Decode the header of an Enhanced RTMP video message (as a publisher such
// as OBS or FFmpeg sends HEVC), reusing one tag for every message.
func ExampleVideoTag() {
	payload := []byte{
		0x97, 0x02, 0x07, 0xa1, 0x20, 0x01, // ModEx: timestamp offset 500000 ns, then coded frames
		'h', 'v', 'c', '1', // FourCC
		0x00, 0x00, 0x28, // composition time 40 ms
		0x00, 0x00, 0x00, 0x01, 0x26, // the frame
	}
	var tag media.VideoTag // reused: DecodeAll keeps its lists' storage
	if err := tag.DecodeAll(payload); err != nil {
		fmt.Println(err)
		return
	}
	ns, _ := tag.TimestampOffsetNano()
	fmt.Printf("%s (%s) %s, %s, composition time %d ms, +%d ns, %d bytes of frame\n",
		tag.FourCC, media.FourCCChars(tag.FourCC), tag.PacketType, tag.FrameType, tag.CompositionTime, ns, len(tag.Body))
	out, _ := tag.Append(nil)
	fmt.Println("written back unchanged:", string(out) == string(payload))
	// Output:
	// HEVC (hvc1) coded frames, keyframe, composition time 40 ms, +500000 ns, 5 bytes of frame
	// written back unchanged: true
}

// Build a multitrack message: two Opus tracks in one audio message.
func ExampleAudioTag_multitrack() {
	tag := media.AudioTag{
		SoundFormat: media.SoundExHeader,
		PacketType:  media.AudioCodedFrames,
		Extended: media.Extended{
			Multitrack: true, MultitrackType: media.ManyTracks, FourCC: media.FourCCOpus,
			Tracks: []media.Track{{ID: 0, Body: []byte{0xfc, 0x01}}, {ID: 1, Body: []byte{0xfc}}},
		},
	}
	b, err := tag.Append(nil)
	fmt.Printf("% x %v\n", b, err)
	// Output: 95 11 4f 70 75 73 00 00 00 02 fc 01 01 00 00 01 fc <nil>
}
