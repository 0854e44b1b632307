//go:build gofuzz

package fuzz

// FuzzGoFLV is the go-fuzz entry point for FLVRoundTrip.
func FuzzGoFLV(data []byte) int {
	if err := FLVRoundTrip(data); err != nil {
		panic(err)
	}
	return 1
}
