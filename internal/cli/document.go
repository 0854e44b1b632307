package cli

// The JSON document that `decode -format json` prints and `encode` reads.
// Field names are stable: scripts and jq filters depend on them. Which fields
// encode reads (the "wire" fields) is stated per type; everything else is a
// decoded view for people and tools, ignored by encode.

// formatVersion names this document layout, so a later incompatible change
// can be told apart.
const formatVersion = "rtmpcodec/1"

// Document is the whole decoded input.
type Document struct {
	Format string `json:"format"` // formatVersion
	Layer  string `json:"layer"`  // session, handshake, chunks, message, amf0, amf3 or flv
	Length int    `json:"length"` // input bytes
	// Assumed lists what the decoder supplied because the input did not
	// carry it (context for a lone chunk, a chunk size, a layer hint).
	Assumed []string `json:"assumed,omitempty"`

	// Wire (session and handshake layers): the handshake parts in order.
	Handshake []HandshakePart `json:"handshake,omitempty"`
	// ChunkSize is the chunk size in force at the first chunk. Wire: no
	// (the chunks carry their own lengths); kept so a reader knows.
	ChunkSize uint32 `json:"chunk_size,omitempty"`
	// Wire (session and chunks layers): every chunk in stream order.
	Chunks []ChunkDoc `json:"chunks,omitempty"`
	// View: the messages the chunks completed, in completion order.
	Messages []MessageDoc `json:"messages,omitempty"`
	// View: what arrived of a message the input ended inside.
	Incomplete *MessageDoc `json:"incomplete,omitempty"`
	// Wire: bytes after the last whole chunk (a capture cut inside a chunk
	// header or the bytes where decoding stopped), as hex.
	Rest string `json:"rest,omitempty"`

	// Wire (message layer): one message payload.
	Message *MessageDoc `json:"message,omitempty"`
	// Wire (amf0 layer): the values, in order.
	Values []AMF0 `json:"values,omitempty"`
	// Wire (amf3 layer): the values, in order, sharing reference tables.
	AMF3Values []AMF3 `json:"amf3_values,omitempty"`
	// Wire (flv layer): the file's header and tags.
	FLV *FLVDoc `json:"flv,omitempty"`

	// Error is the decode error, when the input is cut short or malformed
	// after a decodable start (the document still describes every byte).
	Error string `json:"error,omitempty"`

	// lists, when set, produces Chunks, Messages and Values while the
	// document is written, so that decode never holds them: its memory
	// stays that of the largest message, whatever the input's length.
	lists *streamedLists
	// full: the text view shows long strings whole (-full).
	full bool
}

// streamedLists are the long lists of a document, decoded again as they
// are written. Each function calls emit once per element, in order, and
// stops at emit's first error. The counts come from the pass that checked
// the input.
type streamedLists struct {
	chunks, messages, values int
	eachChunk                func(emit func(*ChunkDoc) error) error
	eachMessage              func(emit func(*MessageDoc) error) error
	eachValue                func(emit func(*AMF0) error) error
}

func (doc *Document) chunkCount() int {
	if doc.lists != nil {
		return doc.lists.chunks
	}
	return len(doc.Chunks)
}

func (doc *Document) messageCount() int {
	if doc.lists != nil {
		return doc.lists.messages
	}
	return len(doc.Messages)
}

func (doc *Document) valueCount() int {
	if doc.lists != nil {
		return doc.lists.values
	}
	return len(doc.Values)
}

// streams returns the document's streamed lists, empty when it holds them.
func (doc *Document) streams() *streamedLists {
	if doc.lists != nil {
		return doc.lists
	}
	return &streamedLists{}
}

func (doc *Document) eachChunk(emit func(*ChunkDoc) error) error {
	return walk(doc.Chunks, doc.streams().eachChunk, emit)
}

func (doc *Document) eachMessage(emit func(*MessageDoc) error) error {
	return walk(doc.Messages, doc.streams().eachMessage, emit)
}

func (doc *Document) eachValue(emit func(*AMF0) error) error {
	return walk(doc.Values, doc.streams().eachValue, emit)
}

// walk emits a streamed list, or else the held one.
func walk[T any](held []T, streamed func(emit func(*T) error) error, emit func(*T) error) error {
	if streamed != nil {
		return streamed(emit)
	}
	return each(held, emit)
}

func each[T any](list []T, emit func(*T) error) error {
	for i := range list {
		if err := emit(&list[i]); err != nil {
			return err
		}
	}
	return nil
}

// HandshakePart is C0/S0, C1/S1, C2/S2 or a part cut short. Wire: every
// field except Name, Offset and Length; Bytes alone for a cut-short part.
type HandshakePart struct {
	Name    string  `json:"name"` // "C0/S0", "C1/S1", "C2/S2"
	Offset  int     `json:"offset"`
	Length  int     `json:"length"`
	Version *uint8  `json:"version,omitempty"` // C0/S0
	Time    *uint32 `json:"time,omitempty"`    // C1/S1 and C2/S2
	// Field2 is the second 4-byte field: zero per the specification in
	// C1/S1 (Flash Player puts its version there), time2 in C2/S2.
	Field2 *uint32 `json:"field2,omitempty"`
	Random string  `json:"random,omitempty"` // 1528 bytes, hex
	Bytes  string  `json:"bytes,omitempty"`  // a part the input ended inside, hex
	// View: the digest handshake in a C1/S1 (Digest) or C2/S2
	// (Signature).
	Digest    *DigestDoc    `json:"digest,omitempty"`
	Signature *SignatureDoc `json:"signature,omitempty"`
}

// DigestDoc says whether a C1/S1 holds a digest that validates under
// either layout with either key (Flash Player: a client's C1; Flash Media
// Server: a server's S1), and where.
type DigestDoc struct {
	Valid  bool   `json:"valid"`
	Layout string `json:"layout,omitempty"` // "offset at 8" or "offset at 772"
	Offset int    `json:"offset,omitempty"` // of the digest, in the input
	Key    string `json:"key,omitempty"`    // "Flash Player" or "Flash Media Server"
	Value  string `json:"value,omitempty"`  // hex
	Note   string `json:"note,omitempty"`   // what its absence means
}

// SignatureDoc judges a C2/S2 against the peer's C1/S1 (given with -peer):
// in a digest handshake its signature over the peer's digest, in a plain
// one whether it echoes the peer's random bytes.
type SignatureDoc struct {
	Checked bool   `json:"checked"`
	Valid   bool   `json:"valid"`
	Key     string `json:"key,omitempty"` // the key that signs it, in a digest handshake
	Note    string `json:"note"`
}

// ChunkDoc is one chunk as it appeared on the wire. Wire: Fmt, CSID,
// BasicHeader, the header fields the fmt carries, ExtendedTimestamp and
// Payload; Offset, Length and Completes are views.
type ChunkDoc struct {
	Offset      int64  `json:"offset"`
	Length      int    `json:"length"` // header plus payload bytes
	Fmt         uint8  `json:"fmt"`
	CSID        uint32 `json:"csid"`
	BasicHeader uint8  `json:"basic_header"` // 1, 2 or 3 bytes
	// Header fields, present only when the fmt carries them: timestamp
	// (fmt 0), delta (fmt 1, 2), message_length and type (fmt 0, 1),
	// stream_id (fmt 0). When a value travels in the extended timestamp,
	// the field holds the full value.
	Timestamp     *uint32 `json:"timestamp,omitempty"`
	Delta         *uint32 `json:"delta,omitempty"`
	MessageLength *uint32 `json:"message_length,omitempty"`
	Type          *uint8  `json:"type,omitempty"`
	StreamID      *uint32 `json:"stream_id,omitempty"`
	// ExtendedTimestamp is present exactly when the chunk carries the
	// 4-byte extended timestamp field.
	ExtendedTimestamp *uint32 `json:"extended_timestamp,omitempty"`
	Payload           string  `json:"payload"` // hex
	// Completes is the index in messages of the message this chunk
	// completed.
	Completes *int `json:"completes,omitempty"`
}

// MessageDoc is a message: in the chunk layers a decoded view, in the
// message layer the wire form (Type and Payload are read back).
type MessageDoc struct {
	Offset    *int64   `json:"offset,omitempty"`
	CSID      uint32   `json:"csid,omitempty"`
	Timestamp *uint32  `json:"timestamp,omitempty"`
	Type      uint8    `json:"type"`
	TypeName  string   `json:"type_name"`
	Aliases   []string `json:"aliases,omitempty"`
	StreamID  *uint32  `json:"stream_id,omitempty"`
	Length    int      `json:"length"`
	Chunks    int      `json:"chunks,omitempty"`
	// Complete is false for a message the input ended inside.
	Complete *bool `json:"complete,omitempty"`
	// Payload is the message payload as hex (message layer only).
	Payload string `json:"payload,omitempty"`
	// Body is the typed view of the payload; BodyError says why there is
	// none when the payload does not decode as its type.
	Body      *Body  `json:"body,omitempty"`
	BodyError string `json:"body_error,omitempty"`
	// Discarded, on an Abort, is the partial message it dropped: what had
	// arrived of it and where it started. The dropped bytes are still in
	// the chunks; this says which they were.
	Discarded *DiscardedDoc `json:"discarded,omitempty"`
}

// DiscardedDoc describes the partial message an Abort dropped.
type DiscardedDoc struct {
	CSID      uint32 `json:"csid"`
	Offset    int64  `json:"offset"` // where its first chunk started
	Type      uint8  `json:"type"`
	TypeName  string `json:"type_name"`
	StreamID  uint32 `json:"stream_id"`
	Timestamp uint32 `json:"timestamp"`
	Length    int    `json:"length"`   // declared
	Received  int    `json:"received"` // bytes that had arrived
	Chunks    int    `json:"chunks"`
	Payload   string `json:"payload"` // what had arrived, hex
}

// Body is the typed view of a message payload. Exactly the fields that fit
// the message type are set.
type Body struct {
	Kind BodyKind `json:"kind"`

	// Protocol control.
	ChunkSize      *uint32 `json:"chunk_size,omitempty"`
	ChunkStreamID  *uint32 `json:"chunk_stream_id,omitempty"`
	SequenceNumber *uint32 `json:"sequence_number,omitempty"`
	WindowSize     *uint32 `json:"window_size,omitempty"`
	LimitType      *uint8  `json:"limit_type,omitempty"`
	LimitName      string  `json:"limit_name,omitempty"`

	// User control.
	Event     *uint16       `json:"event,omitempty"`
	EventName string        `json:"event_name,omitempty"`
	EventData *EventDataDoc `json:"event_data,omitempty"`
	RawData   string        `json:"raw_data,omitempty"` // hex: data the event layout does not cover

	// Commands and data (AMF0, and AMF0 after the 0x0F/0x11 format byte).
	FormatByte    *uint8 `json:"format_byte,omitempty"`
	Name          string `json:"name,omitempty"`
	TransactionID *AMF0  `json:"transaction_id,omitempty"`
	Values        []AMF0 `json:"values,omitempty"`

	// Shared objects.
	SharedObject *SharedObjectDoc `json:"shared_object,omitempty"`

	// Audio and video: the FLV tag header fields.
	Media *MediaDoc `json:"media,omitempty"`

	// Aggregate.
	SubMessages []SubMessageDoc `json:"sub_messages,omitempty"`

	// Anything else: how many bytes the payload holds.
	Note string `json:"note,omitempty"`
}

// BodyKind says which message type a Body describes: which of its fields
// are set. The strings are stable JSON values.
type BodyKind string

const (
	KindSetChunkSize     BodyKind = "set-chunk-size"
	KindAbort            BodyKind = "abort"
	KindAcknowledgement  BodyKind = "acknowledgement"
	KindWindowAckSize    BodyKind = "window-ack-size"
	KindSetPeerBandwidth BodyKind = "set-peer-bandwidth"
	KindUserControl      BodyKind = "user-control"
	KindCommand          BodyKind = "command"
	KindData             BodyKind = "data"
	KindSharedObject     BodyKind = "shared-object"
	KindAudio            BodyKind = "audio"
	KindVideo            BodyKind = "video"
	KindAggregate        BodyKind = "aggregate"
	KindRaw              BodyKind = "raw" // a payload with no defined layout
)

// SharedObjectDoc is a shared object message's header and events.
type SharedObjectDoc struct {
	// Format is a 0x10 message's leading byte (0: AMF0 values that may
	// switch to AMF3); absent for 0x13.
	Format  *uint8    `json:"format,omitempty"`
	Name    string    `json:"name"`
	Version uint32    `json:"version"`
	Flags   string    `json:"flags"` // 8 bytes, hex
	Events  []SOEvent `json:"events"`
}

// SOEvent is one shared object event.
type SOEvent struct {
	Type     uint8  `json:"type"`
	TypeName string `json:"type_name"`
	Length   uint32 `json:"length"`
	// Decoded data, by layout.
	Name   string   `json:"name,omitempty"`
	Pairs  []SOPair `json:"pairs,omitempty"`
	Values []AMF0   `json:"values,omitempty"`
	Code   string   `json:"code,omitempty"`
	Level  string   `json:"level,omitempty"`
	Raw    string   `json:"raw,omitempty"` // hex of data the layout does not explain
	Flag   string   `json:"flag,omitempty"`
}

// SOPair is a name/value pair of a change or request-change event.
type SOPair struct {
	Name  string `json:"name"`
	Value AMF0   `json:"value"`
}

// SubMessageDoc is one sub-message of an aggregate.
type SubMessageDoc struct {
	Type        uint8  `json:"type"`
	TypeName    string `json:"type_name"`
	Timestamp   uint32 `json:"timestamp"`
	StreamID    uint32 `json:"stream_id"`
	Length      int    `json:"length"`
	BackPointer uint32 `json:"back_pointer"`
	// Body is the sub-message's own view (an audio or video header, a data
	// message's values), as an FLV file's tags get.
	Body      *Body  `json:"body,omitempty"`
	BodyError string `json:"body_error,omitempty"`
}

// EventDataDoc is a user-control event's data: the fields of its layout, in
// wire order. The SWF verification digest goes to Body.RawData.
type EventDataDoc struct {
	StreamID       *uint32 `json:"stream_id,omitempty"`
	BufferLengthMS *uint32 `json:"buffer_length_ms,omitempty"`
	Timestamp      *uint32 `json:"timestamp,omitempty"`
	SWFSize        *uint32 `json:"swf_size,omitempty"`
	SWFSizeRepeat  *uint32 `json:"swf_size_repeat,omitempty"`
}
