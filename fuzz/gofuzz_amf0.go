//go:build gofuzz

package fuzz

import "github.com/rtmpcodec/rtmpcodec/codec/amf0"

// FuzzGoAMF0Decode is the go-fuzz entry point for CheckAMF0Decode
// (go-fuzz-build -func FuzzGoAMF0Decode). Inputs that decode are reported as
// interesting.
func FuzzGoAMF0Decode(data []byte) int {
	if err := CheckAMF0Decode(data); err != nil {
		panic(err)
	}
	if _, err := amf0.Decode(data); err == nil {
		return 1
	}
	return 0
}

// FuzzGoAMF0Build is the go-fuzz entry point for CheckAMF0Build.
func FuzzGoAMF0Build(data []byte) int {
	if err := CheckAMF0Build(data); err != nil {
		panic(err)
	}
	return 1
}
