package fuzz

import "testing"

func FuzzAMF3Decode(f *testing.F) {
	AddSeeds(f, AMF3Seeds)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := CheckAMF3Decode(data); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzAMF3Build(f *testing.F) {
	AddSeeds(f, AMF3Seeds)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := CheckAMF3Build(data); err != nil {
			t.Fatal(err)
		}
		if err := AMF3Refused(data); err != nil {
			t.Fatal(err)
		}
	})
}
