//go:build gofuzz

package fuzz

// FuzzGoChunkRoundTrip is the go-fuzz entry point for ChunkRoundTrip
// (go-fuzz-build -func FuzzGoChunkRoundTrip). Inputs whose configuration byte is
// followed by at least one whole chunk are reported as interesting.
func FuzzGoChunkRoundTrip(data []byte) int {
	if err := ChunkRoundTrip(data); err != nil {
		panic(err)
	}
	if len(data) > 2 {
		return 1
	}
	return 0
}

// FuzzGoChunkSplits is the go-fuzz entry point for ChunkSplits.
func FuzzGoChunkSplits(data []byte) int {
	if err := ChunkSplits(data); err != nil {
		panic(err)
	}
	return 1
}

// FuzzGoChunkReference is the go-fuzz entry point for
// ChunkAgreesWithReference.
func FuzzGoChunkReference(data []byte) int {
	if err := ChunkAgreesWithReference(data); err != nil {
		panic(err)
	}
	return 1
}

// FuzzGoChunkBuild is the go-fuzz entry point for ChunkBuilt.
func FuzzGoChunkBuild(data []byte) int {
	if err := ChunkBuilt(data); err != nil {
		panic(err)
	}
	return 1
}
