//go:build gofuzz

package fuzz

// FuzzGoMediaRoundTrip is the go-fuzz entry point for MediaRoundTrip; the first
// byte's low bit picks video.
func FuzzGoMediaRoundTrip(data []byte) int {
	if len(data) == 0 {
		return 0
	}
	if err := MediaRoundTrip(data[0]&1 != 0, data[1:]); err != nil {
		panic(err)
	}
	return 1
}

// FuzzGoMediaBuild is the go-fuzz entry point for MediaBuiltRoundTrip.
func FuzzGoMediaBuild(data []byte) int {
	tag, video := BuildMediaTag(data)
	if err := MediaBuiltRoundTrip(tag, video); err != nil {
		panic(err)
	}
	return 1
}
