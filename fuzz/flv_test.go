package fuzz

import (
	"testing"

	"github.com/rtmpcodec/rtmpcodec/internal/testkit"
)

func FuzzFLV(f *testing.F) {
	f.Add(testkit.HexFile(f, "../codec/flv/testdata/ffmpeg-1s.hex"))
	f.Add(testkit.Hex(f, "464c56 01 04 0000000b abcd 00000000"))
	f.Add(testkit.Hex(f, "464c56 01 05 00000009 00000000 09 000002 000000 00 000000 1700 0000000d"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := FLVRoundTrip(data); err != nil {
			t.Fatal(err)
		}
	})
}
