package fuzz

import "testing"

func FuzzConnServer(f *testing.F) {
	AddSeeds(f, ConnServerSeeds)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := ConnServer(data); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzConnClient(f *testing.F) {
	AddSeeds(f, ConnClientSeeds)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := ConnClient(data); err != nil {
			t.Fatal(err)
		}
	})
}
