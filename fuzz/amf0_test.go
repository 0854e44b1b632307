package fuzz

import "testing"

func FuzzAMF0Decode(f *testing.F) {
	AddSeeds(f, AMF0Seeds)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := CheckAMF0Decode(data); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzAMF0Build(f *testing.F) {
	AddSeeds(f, AMF0Seeds)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := CheckAMF0Build(data); err != nil {
			t.Fatal(err)
		}
	})
}
