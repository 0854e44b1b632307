package main

import "testing"

// Inputs the fuzz targets found, each with what went wrong.
func TestRegressions(t *testing.T) {
	auto := decodeOptions{layer: "auto", format: "json", msgType: -1, length: -1}
	for _, tc := range []struct {
		name string
		data []byte
		opts decodeOptions
	}{
		// A lone C0 printed an empty C1/S1 part that encode could not write.
		{"lone C0", []byte{0x03}, auto},
	} {
		t.Run(tc.name, func(t *testing.T) { roundTrip(t, tc.data, tc.opts) })
	}
}
