//go:build gofuzz

package fuzz

import "github.com/rtmpcodec/rtmpcodec/codec/amf3"

// FuzzGoAMF3Decode is the go-fuzz entry point for CheckAMF3Decode
// (go-fuzz-build -func FuzzGoAMF3Decode). Inputs that decode are interesting.
func FuzzGoAMF3Decode(data []byte) int {
	if err := CheckAMF3Decode(data); err != nil {
		panic(err)
	}
	if _, err := amf3.Decode(data); err == nil {
		return 1
	}
	return 0
}

// FuzzGoAMF3Build is the go-fuzz entry point for CheckAMF3Build.
func FuzzGoAMF3Build(data []byte) int {
	if err := CheckAMF3Build(data); err != nil {
		panic(err)
	}
	return 1
}
