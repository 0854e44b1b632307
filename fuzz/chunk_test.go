package fuzz

import "testing"

func FuzzChunkRoundTrip(f *testing.F) {
	AddSeeds(f, ChunkSeeds)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := ChunkRoundTrip(data); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzChunkSplits(f *testing.F) {
	AddSeeds(f, ChunkSeeds)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := ChunkSplits(data); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzChunkReference(f *testing.F) {
	AddSeeds(f, ChunkSeeds)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := ChunkAgreesWithReference(data); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzChunkBuild(f *testing.F) {
	AddSeeds(f, ChunkBuildSeeds)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := ChunkBuilt(data); err != nil {
			t.Fatal(err)
		}
		if err := ChunkRefused(data); err != nil {
			t.Fatal(err)
		}
	})
}
