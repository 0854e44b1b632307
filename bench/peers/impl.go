package peers

import (
	"errors"
	"slices"
)

// ErrNoEncoder is what AMF0.PrepareEncode returns when an implementation
// has no API that writes back what its decoder produced.
var ErrNoEncoder = errors.New("no encoder for the decoded form")

// AMF0 is one implementation's AMF0 codec.
type AMF0 struct {
	Name string
	// NewDecode returns a function that decodes every top-level value of a
	// payload. The function may keep state between calls (a reused
	// decoder or result slice) when the implementation's API allows it.
	NewDecode func() func(payload []byte) error
	// PrepareEncode decodes payload once with this implementation and
	// returns a function that encodes that decoded form again, appending
	// to dst (which it may reuse between calls).
	PrepareEncode func(payload []byte) (func(dst []byte) ([]byte, error), error)
}

// Msg is one reassembled message as a chunk reader reports it while
// being checked. HeaderKnown is false when the implementation does not
// expose the message header.
type Msg struct {
	TypeID      uint8
	Timestamp   uint32
	StreamID    uint32
	Payload     []byte
	HeaderKnown bool
}

// ChunkReader reads the VideoMessages messages of a VideoStream per call
// to Read, keeping its state (buffers, per-stream records) between calls.
type ChunkReader interface {
	// Read reads the stream's messages once and returns how many it
	// saw. onMsg is nil in timed loops; when it is not, Read reports each
	// message, which may cost extra work.
	Read(onMsg func(Msg)) (int, error)
	// Close releases what the reader holds (goroutines, for one peer).
	Close()
}

// Chunk is one implementation's chunk-stream reader.
type Chunk struct {
	Name string
	New  func(s *VideoStream) ChunkReader
}

// order fixes the column order of the benchstat table: rtmpcodec first,
// so that benchstat's "vs base" reads as "this peer against rtmpcodec",
// then the copy floor, then the peers.
var order = []string{"rtmpcodec", "rtmpcodec-fresh", "copy", "copy-stream", "frame", "raw", "joy4", "gortmplib", "lal", "goamf0", "gortmp", "livego"}

var (
	amf0Impls  []AMF0
	chunkImpls []Chunk
)

func rank(name string) int {
	if i := slices.Index(order, name); i >= 0 {
		return i
	}
	return len(order)
}

// AMF0Impls returns every AMF0 implementation in table order.
func AMF0Impls() []AMF0 { return sortImpls(amf0Impls) }

func sortImpls(impls []AMF0) []AMF0 {
	s := slices.Clone(impls)
	slices.SortStableFunc(s, func(a, b AMF0) int { return rank(a.Name) - rank(b.Name) })
	return s
}

// ChunkImpls returns every chunk reader, the copy floor included, in
// table order.
func ChunkImpls() []Chunk {
	s := slices.Clone(chunkImpls)
	slices.SortStableFunc(s, func(a, b Chunk) int { return rank(a.Name) - rank(b.Name) })
	return s
}
