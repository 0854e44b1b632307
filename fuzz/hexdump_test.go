package fuzz

import "testing"

func FuzzHexDecode(f *testing.F) {
	AddSeeds(f, HexDecodeSeeds)
	f.Fuzz(func(t *testing.T, src []byte) {
		if err := HexDecode(src); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzHexRoundTrip(f *testing.F) {
	AddSeeds(f, HexRoundTripSeeds)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := HexRoundTrip(data); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzHexDumpStyles(f *testing.F) {
	AddSeeds(f, HexDumpStylesSeeds)
	f.Fuzz(func(t *testing.T, data []byte, skip int) {
		if skip < 0 {
			skip = -skip
		}
		if err := HexDumpStyles(data, skip); err != nil {
			t.Fatal(err)
		}
	})
}
