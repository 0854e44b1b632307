package fuzz

import "testing"

func FuzzFLV(f *testing.F) {
	AddSeeds(f, FLVSeeds)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := FLVRoundTrip(data); err != nil {
			t.Fatal(err)
		}
	})
}
