//go:build gofuzz

package fuzz

// FuzzChunk is the go-fuzz entry point for ChunkRoundTrip
// (go-fuzz-build -func FuzzChunk). Inputs whose configuration byte is
// followed by at least one whole chunk are reported as interesting.
func FuzzChunk(data []byte) int {
	if err := ChunkRoundTrip(data); err != nil {
		panic(err)
	}
	if len(data) > 2 {
		return 1
	}
	return 0
}

// FuzzChunkSplits is the go-fuzz entry point for ChunkSplits.
func FuzzChunkSplits(data []byte) int {
	if err := ChunkSplits(data); err != nil {
		panic(err)
	}
	return 1
}
