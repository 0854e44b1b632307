package fuzz

import "testing"

// FuzzMediaRoundTrip is the byte-exact property of audio and video tag
// headers.
func FuzzMediaRoundTrip(f *testing.F) {
	AddSeeds(f, MediaSeeds)
	f.Fuzz(func(t *testing.T, video bool, payload []byte) {
		if err := MediaRoundTrip(video, payload); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzMediaBuild is the build property: tags built from typed choices
// encode, decode and encode again to the same bytes.
func FuzzMediaBuild(f *testing.F) {
	AddSeeds(f, MediaBuildSeeds)
	f.Fuzz(func(t *testing.T, data []byte) {
		tag, video := BuildMediaTag(data)
		if err := MediaBuiltRoundTrip(tag, video); err != nil {
			t.Fatal(err)
		}
		if err := MediaRefused(data); err != nil {
			t.Fatal(err)
		}
	})
}
