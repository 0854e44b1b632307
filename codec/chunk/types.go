package chunk

import (
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// Defaults for the zero Options. The partial-message budget, not the
// message length, is what bounds memory: buffers grow as bytes arrive, so a
// peer that declares large messages without sending them costs nothing.
const (
	// DefaultMaxMessageLength accepts every length the 24-bit field can
	// carry (16 MiB - 1). Servers usually want less: nginx-rtmp allows 1 MiB,
	// mediamtx 10 MiB.
	DefaultMaxMessageLength = MaxMessageLength

	// DefaultMaxChunkStreams bounds the chunk streams with a message in
	// progress. Real peers use a handful (2 for control, 3 for commands, a
	// few for media). A stream between messages keeps only its last
	// header, about 140 bytes, and the 65598 chunk stream IDs the wire
	// can name bound those to some 10 MB.
	DefaultMaxChunkStreams = 1024

	// DefaultMaxPartialBytes bounds the bytes held for messages that are
	// not complete yet, record included: room for four messages of the
	// largest length the wire allows.
	DefaultMaxPartialBytes = 64 << 20

	// DefaultMaxChunkSize accepts every chunk size Set Chunk Size can carry
	// (RTMP 1.0 §5.4.1: 1..2^31-1). Servers may want less: nginx-rtmp
	// refuses more than 10 MiB.
	DefaultMaxChunkSize = 1<<31 - 1
)

// Header records one run of chunks of a message as they appeared on the
// wire: enough, together with the Message, to write them again byte for
// byte. Consecutive chunks that agree in every field share one Header with
// Count > 1, which keeps the record of a long message short.
type Header struct {
	Format Format          // fmt of the chunk's basic header
	Form   BasicHeaderForm // 1-, 2- or 3-byte basic header
	// Extended is true when the chunk carried the 4-byte extended
	// timestamp field, ExtendedValue its value. On the first chunk of a
	// message with fmt 0/1/2 the value is the timestamp or delta itself.
	Extended      bool
	ExtendedValue uint32
	Size          uint32 // payload bytes in each chunk of the run
	Count         uint32 // number of chunks in the run, at least 1
}

// HeaderLen is the length of the header of each chunk in the run: basic
// header, message header and, when present, the extended timestamp.
func (h *Header) HeaderLen() int {
	n := int(h.Form) + h.Format.MessageHeaderSize()
	if h.Extended {
		n += extendedTimestampLen
	}
	return n
}

// Message is one RTMP message reassembled from its chunks, or to be
// chunked by an Encoder.
//
// A Message returned by a Decoder or Reader, its Payload, Chunks and
// Discarded, stay valid until the next call on that Decoder or Reader; copy
// what must live longer (Clone does).
type Message struct {
	CSID uint32 // chunk stream ID, 2..65599
	// Timestamp is the absolute message timestamp; it wraps at 2^32.
	Timestamp uint32
	// Delta is the timestamp delta the header carried (fmt 1/2) or
	// re-applied (fmt 3 starting a message). For a fmt 0 header it equals
	// Timestamp: the specification says a following fmt 3 chunk uses the
	// fmt 0 timestamp as its delta.
	Delta    uint32
	Length   uint32 // declared message length; len(Payload) once complete
	Type     rtmp.MessageType
	StreamID uint32 // message stream ID
	Payload  []byte
	// Chunks is the lossless record of how the message was chunked; nil
	// on a message built by hand, which an Encoder then chunks itself.
	Chunks []Header
	// Offset is where the message's first chunk starts in the decoded
	// stream.
	Offset int64
	// Discarded is set on an Abort message that dropped a partially
	// received message: what had arrived of it, with its record.
	Discarded *Message
}

// Complete reports whether the whole declared length has arrived.
func (m *Message) Complete() bool { return uint32(len(m.Payload)) == m.Length }

// Clone returns a deep copy that does not alias decoder memory.
func (m *Message) Clone() *Message {
	c := *m
	c.Payload = append([]byte(nil), m.Payload...)
	if m.Chunks != nil {
		c.Chunks = append([]Header(nil), m.Chunks...)
	}
	if m.Discarded != nil {
		c.Discarded = m.Discarded.Clone()
	}
	return &c
}

// Chunk is one chunk as it appeared on the wire, with the message header
// values in force for it. AppendChunk writes it back byte for byte.
type Chunk struct {
	CSID uint32
	Header
	Timestamp uint32
	Delta     uint32
	Length    uint32
	Type      rtmp.MessageType
	StreamID  uint32
	Fragment  []byte // this chunk's payload bytes; aliases the input
	Offset    int64  // where the chunk starts in the stream
	// Message is set when this chunk completed a message.
	Message *Message
}

// Context is the state a chunk stream has after a header: what a fmt 1/2/3
// chunk inherits. Options.Context supplies it for chunk streams whose
// earlier headers the decoder never saw.
type Context struct {
	Timestamp uint32 // timestamp of the previous message
	Delta     uint32 // delta a fmt 3 chunk starting a message re-applies
	Length    uint32
	Type      rtmp.MessageType
	StreamID  uint32
	// Extended says an extended timestamp is in force (so fmt 3 chunks
	// carry one), ExtendedValue what it was.
	Extended      bool
	ExtendedValue uint32
}

// Options adjusts a Decoder or Reader. The zero value is strict and uses
// the documented defaults.
type Options struct {
	// ChunkSize is the chunk size in force before any Set Chunk Size;
	// 0 means DefaultChunkSize (128). Tools decoding a capture taken
	// mid-session set it.
	ChunkSize uint32
	// MaxMessageLength is the longest message a header may declare;
	// 0 means DefaultMaxMessageLength.
	MaxMessageLength uint32
	// MaxChunkStreams is how many chunk streams may have a message in
	// progress at once (a stream stops counting when its message
	// completes or is aborted); 0 means DefaultMaxChunkStreams.
	MaxChunkStreams int
	// MaxPartialBytes bounds the bytes held for messages not yet
	// complete, their records, and what a Reader's buffer has grown past
	// DefaultReadBufferSize; 0 means DefaultMaxPartialBytes.
	MaxPartialBytes int
	// MaxChunkSize is the largest chunk size a peer's Set Chunk Size may
	// set; a larger one is an ErrLimit error. 0 means DefaultMaxChunkSize.
	MaxChunkSize uint32
	// LenientExtendedTimestamp accepts peers that omit the extended
	// timestamp on fmt 3 chunks while it is in force: the four bytes are
	// taken as the extended timestamp only when they repeat its value,
	// otherwise as payload, and the record says which.
	LenientExtendedTimestamp bool
	// Context, when set, is asked for the previous header of a chunk
	// stream whose first chunk is fmt 1/2/3, as in a lone captured packet.
	// It must answer the same way each time it is asked about a csid.
	// Returning false keeps the strict error.
	Context func(csid uint32) (Context, bool)
	// StartOffset is where the chunk stream starts in the capture or
	// connection it is part of (3073 after a whole handshake direction):
	// offsets in chunks, messages and errors count from it.
	StartOffset int64
}

// set fills m from s's header and the given payload, record and offset.
// Field by field on purpose: a composite literal is built on the stack and
// copied over, which cost a sixth of reading single-chunk messages.
func (m *Message) set(s *stream, payload []byte, chunks []Header, off int64) {
	m.CSID, m.Timestamp, m.Delta, m.Length, m.Type, m.StreamID = s.csid, s.Timestamp, s.Delta, s.Length, s.Type, s.StreamID
	m.Payload, m.Chunks, m.Offset, m.Discarded = payload, chunks, off, nil
}
