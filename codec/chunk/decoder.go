package chunk

import (
	"encoding/binary"
	"io"
	"strconv"
	"unsafe"

	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// Defaults for the zero Options. The partial-message budget, not the
// message length, is what bounds memory: buffers grow as bytes arrive, so a
// peer that declares large messages without sending them costs nothing.
const (
	// DefaultMaxMessageLength accepts every length the 24-bit field can
	// carry (16 MiB - 1). Servers usually want less: nginx-rtmp allows 1 MiB,
	// mediamtx 10 MiB.
	DefaultMaxMessageLength = MaxMessageLength

	// DefaultMaxChunkStreams bounds the chunk streams with state. Real
	// peers use a handful (2 for control, 3 for commands, a few for media).
	DefaultMaxChunkStreams = 1024

	// DefaultMaxPartialBytes bounds the bytes held for messages that are
	// not complete yet, record included: room for four messages of the
	// largest length the wire allows.
	DefaultMaxPartialBytes = 64 << 20
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
	Type     message.MessageType
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
	Type      message.MessageType
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
	Type      message.MessageType
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
	// MaxMessageLength, MaxChunkStreams and MaxPartialBytes are limits;
	// 0 means the Default* constant.
	MaxMessageLength uint32
	MaxChunkStreams  int
	MaxPartialBytes  int
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
}

// stream is one chunk stream's state. On a connection interleaving many
// streams each chunk touches a different one, so the fields every chunk
// reads come first and fit one 64-byte cache line, and the record's first
// runs live in the same 128-byte block instead of a separate allocation.
type stream struct {
	Context
	active bool   // a message is in progress
	got    uint32 // its bytes received
	csid   uint32
	buf    []byte
	runs   []Header // the message's record: inline, or on the heap once longer
	start  int64
	inline [2]Header // a fmt 0 run and a fmt 3 run: most messages' whole record
}

// heldRuns is how many Header records s holds outside itself, which the
// partial-message budget counts.
func (s *stream) heldRuns() int {
	if cap(s.runs) == 0 || unsafe.SliceData(s.runs) == &s.inline[0] {
		return 0
	}
	return cap(s.runs)
}

const headerRecordSize = int(unsafe.Sizeof(Header{}))

// Decoder is the chunk-stream state machine for one direction of a
// connection. The zero Decoder is not ready: use NewDecoder.
type Decoder struct {
	opts      Options
	chunkSize uint32
	off       int64
	byCSID    csidTable[stream]
	// streams lists every chunk stream in the order it appeared, so that
	// scans over them (releasing idle buffers, finding the message a
	// truncation cut short) follow the input rather than the table's
	// layout.
	streams []*stream
	held    int
	err     error

	chunk      Chunk
	msg        Message
	discarded  Message
	incomplete *Message
	one        [1]Header
}

// NewDecoder returns a Decoder at the start of a chunk stream. opts may be
// nil.
func NewDecoder(opts *Options) *Decoder {
	d := &Decoder{}
	d.Reset(opts)
	return d
}

// Reset puts d back at the start of a chunk stream with opts. Every chunk
// stream is forgotten together with its message buffer, so nothing a
// previous connection made the decoder hold outlives it; the decoder's own
// tables are kept for reuse.
func (d *Decoder) Reset(opts *Options) {
	if opts != nil {
		d.opts = *opts
	} else {
		d.opts = Options{}
	}
	if d.opts.ChunkSize == 0 {
		d.opts.ChunkSize = DefaultChunkSize
	}
	if d.opts.MaxMessageLength == 0 {
		d.opts.MaxMessageLength = DefaultMaxMessageLength
	}
	if d.opts.MaxChunkStreams <= 0 {
		d.opts.MaxChunkStreams = DefaultMaxChunkStreams
	}
	if d.opts.MaxPartialBytes <= 0 {
		d.opts.MaxPartialBytes = DefaultMaxPartialBytes
	}
	d.chunkSize = d.opts.ChunkSize
	d.off = 0
	d.byCSID.reset()
	clear(d.streams)
	d.streams = d.streams[:0]
	d.held = 0
	d.err = nil
	d.incomplete = nil
}

// ChunkSize returns the chunk size now in force for incoming chunks.
func (d *Decoder) ChunkSize() uint32 { return d.chunkSize }

// Offset returns how many bytes the decoder has consumed.
func (d *Decoder) Offset() int64 { return d.off }

func (d *Decoder) create(csid uint32, ctx Context) *stream {
	s := &stream{csid: csid, Context: ctx}
	d.byCSID.set(csid, s)
	d.streams = append(d.streams, s)
	return s
}

// Decode consumes chunks from the start of b until one completes a
// message, and returns that message and the bytes used. With atEOF false,
// a slice that ends before a message completes gives (nil, n, nil): n
// bytes of whole chunks were used, pass the rest again with more appended.
// With atEOF true the stream ends with b: Decode returns io.EOF when it
// ends between messages, and otherwise a *wire.Error wrapping
// io.ErrUnexpectedEOF together with the message that was cut short (what
// had arrived of it, its record included) when there is one.
//
// After an error every later call returns the same error.
func (d *Decoder) Decode(b []byte, atEOF bool) (*Message, int, error) {
	n := 0
	for {
		if d.err != nil {
			m := d.incomplete
			d.incomplete = nil
			return m, n, d.err
		}
		k, m, err := d.step(b[n:], atEOF, false)
		if err != nil {
			d.err = err
			continue
		}
		if k == 0 {
			return nil, n, nil
		}
		d.off += int64(k)
		n += k
		if m != nil {
			return m, n, nil
		}
	}
}

// Incomplete returns, after a truncation error, what arrived of the message
// the stream ended inside (nil when none had started), as Decode does. It
// stays valid until the next call on d.
func (d *Decoder) Incomplete() *Message { return d.incomplete }

// DecodeChunk consumes one chunk from the start of b, in the manner of
// Decode. The returned Chunk's Message is set when the chunk completed a
// message.
func (d *Decoder) DecodeChunk(b []byte, atEOF bool) (*Chunk, int, error) {
	if d.err != nil {
		return nil, 0, d.err
	}
	n, _, err := d.step(b, atEOF, true)
	if err != nil {
		d.err = err
		return nil, 0, err
	}
	if n == 0 {
		return nil, 0, nil
	}
	d.off += int64(n)
	return &d.chunk, n, nil
}

// pending is a chunk whose header has been read but whose state is not
// committed yet, kept for reporting a cut-short message.
type pending struct {
	s      *stream
	h      Header
	csid   uint32
	ctx    Context
	active bool
	p      int
}

// step consumes one chunk from b and reports the bytes used (0: need
// more) and the message it completed. It commits nothing unless the whole
// chunk is in b, so feeding the same bytes in any split gives the same
// result. fill asks for d.chunk to describe the chunk.
func (d *Decoder) step(b []byte, atEOF, fill bool) (int, *Message, error) {
	if len(b) == 0 {
		if !atEOF {
			return 0, nil, nil
		}
		return 0, nil, d.atEnd()
	}
	b0 := b[0]
	// Fast path: a fmt 3 continuation like the one before it on an active
	// chunk stream with room in its buffer, the bulk of any media stream.
	if b0 >= 0xC0 {
		if s, hl, form := d.fmt3Stream(b); s != nil && !s.Extended {
			if n, m, ok, err := d.fmt3Fast(s, b, hl, form, fill, atEOF); ok || err != nil {
				return n, m, err
			}
		}
	}
	f := Format(b0 >> 6)
	var csid uint32
	form := BasicHeader1
	p := 1
	switch b0 & 0x3f {
	case 0:
		if len(b) < 2 {
			return d.short(b, atEOF, 1, -1, f, "BasicHeader.CSID", 1, nil)
		}
		csid = uint32(b[1]) + 64
		form = BasicHeader2
		p = 2
	case 1:
		if len(b) < 3 {
			return d.short(b, atEOF, 1, -1, f, "BasicHeader.CSID", 2, nil)
		}
		csid = (uint32(b[1]) | uint32(b[2])<<8) + 64
		form = BasicHeader3
		p = 3
	default:
		csid = uint32(b0 & 0x3f)
	}

	s := d.byCSID.get(csid)
	var ctx Context
	active := false
	if s != nil {
		ctx = s.Context
		active = s.active
	} else {
		if f != Format0 {
			ok := false
			if d.opts.Context != nil {
				ctx, ok = d.opts.Context(csid)
			}
			if !ok {
				return 0, nil, chunkErr(d.off, int64(csid), f, "BasicHeader.Format",
					"fmt 0 for the first chunk on a chunk stream (RTMP 1.0 §5.3.1.2.1), or a supplied context", ErrNoPreviousHeader)
			}
		}
		if len(d.streams) >= d.opts.MaxChunkStreams {
			return 0, nil, chunkErr(d.off, int64(csid), f, "BasicHeader.CSID",
				"at most "+strconv.Itoa(d.opts.MaxChunkStreams)+" chunk streams", ErrTooManyStreams)
		}
	}

	// Values for this chunk, committed only once the whole chunk is here.
	ts, delta := ctx.Timestamp, ctx.Delta
	length, typ, sid := ctx.Length, ctx.Type, ctx.StreamID
	var field uint32
	lengthOff := -1
	switch f {
	case Format0:
		if len(b)-p < MessageHeader0Len {
			return d.short(b, atEOF, p, int64(csid), f, "MessageHeader0", MessageHeader0Len, nil)
		}
		h := b[p : p+MessageHeader0Len]
		field = uint32(h[0])<<16 | uint32(h[1])<<8 | uint32(h[2])
		length = uint32(h[3])<<16 | uint32(h[4])<<8 | uint32(h[5])
		typ = message.MessageType(h[6])
		sid = binary.LittleEndian.Uint32(h[7:])
		lengthOff = p + 3
		p += MessageHeader0Len
	case Format1:
		if len(b)-p < MessageHeader1Len {
			return d.short(b, atEOF, p, int64(csid), f, "MessageHeader1", MessageHeader1Len, nil)
		}
		h := b[p : p+MessageHeader1Len]
		field = uint32(h[0])<<16 | uint32(h[1])<<8 | uint32(h[2])
		length = uint32(h[3])<<16 | uint32(h[4])<<8 | uint32(h[5])
		typ = message.MessageType(h[6])
		lengthOff = p + 3
		p += MessageHeader1Len
	case Format2:
		if len(b)-p < MessageHeader2Len {
			return d.short(b, atEOF, p, int64(csid), f, "MessageHeader2", MessageHeader2Len, nil)
		}
		h := b[p : p+MessageHeader2Len]
		field = uint32(h[0])<<16 | uint32(h[1])<<8 | uint32(h[2])
		p += MessageHeader2Len
	}

	if active && f != Format3 {
		if lengthOff >= 0 && length != ctx.Length {
			return 0, nil, chunkErr(d.off+int64(lengthOff), int64(csid), f, "MessageHeader"+strconv.Itoa(int(f))+".Length",
				"the length of the half-received message, "+strconv.FormatUint(uint64(ctx.Length), 10), ErrLengthChanged)
		}
		return 0, nil, chunkErr(d.off, int64(csid), f, "BasicHeader.Format",
			"fmt 3 until the message's "+strconv.FormatUint(uint64(ctx.Length-s.got), 10)+" remaining byte(s) have arrived", ErrHeaderMidMessage)
	}
	if length > d.opts.MaxMessageLength {
		off := d.off
		if lengthOff >= 0 {
			off += int64(lengthOff)
		}
		return 0, nil, chunkErr(off, int64(csid), f, "MessageHeader"+strconv.Itoa(int(f))+".Length",
			"a message length of at most "+strconv.FormatUint(uint64(d.opts.MaxMessageLength), 10), ErrMessageTooLong)
	}

	hdr := Header{Format: f, Form: form, Count: 1}
	if f != Format3 {
		if field == ExtendedTimestampMarker {
			if len(b)-p < ExtendedTimestampLen {
				return d.short(b, atEOF, p, int64(csid), f, "ExtendedTimestamp", ExtendedTimestampLen, nil)
			}
			hdr.Extended = true
			hdr.ExtendedValue = binary.BigEndian.Uint32(b[p:])
			field = hdr.ExtendedValue
			p += ExtendedTimestampLen
		}
		if f == Format0 {
			ts, delta = field, field
		} else {
			delta = field
			ts = ctx.Timestamp + delta
		}
	} else {
		if ctx.Extended {
			// Errata and Addenda: while an extended timestamp is in force it
			// is present in every fmt 3 chunk, continuation or new message.
			switch {
			case len(b)-p >= ExtendedTimestampLen:
				v := binary.BigEndian.Uint32(b[p:])
				if !d.opts.LenientExtendedTimestamp || v == ctx.ExtendedValue {
					hdr.Extended = true
					hdr.ExtendedValue = v
					p += ExtendedTimestampLen
				}
			case !d.opts.LenientExtendedTimestamp || !atEOF:
				return d.short(b, atEOF, p, int64(csid), f, "ExtendedTimestamp", ExtendedTimestampLen, nil)
			}
		}
		if !active {
			ts = ctx.Timestamp + delta
		}
	}

	remaining := length
	if active {
		remaining = length - s.got
	}
	size := remaining
	if size > d.chunkSize {
		size = d.chunkSize
	}
	hdr.Size = size
	if uint32(len(b)-p) < size {
		pend := pending{s: s, h: hdr, csid: csid, active: active, p: p,
			ctx: Context{Timestamp: ts, Delta: delta, Length: length, Type: typ, StreamID: sid}}
		return d.short(b, atEOF, p, int64(csid), f, "Payload", int(size), &pend)
	}
	frag := b[p : p+int(size)]
	single := !active && size == length

	// Budget: bytes held for partial messages, their records included.
	var grow, growRuns int
	if s != nil && !single {
		need := int(size)
		if active {
			need += len(s.buf)
		}
		if cap(s.buf) < need {
			grow = growTo(cap(s.buf), need, int(length)) - cap(s.buf)
		}
		if active && !sameRun(&s.runs[len(s.runs)-1], &hdr) && len(s.runs) == cap(s.runs) {
			// append at least doubles; leaving the inline runs makes 4.
			growRuns = max(cap(s.runs)+1, 4) * headerRecordSize
		}
	} else if s == nil && !single {
		grow = growTo(0, int(size), int(length))
		growRuns = 4 * headerRecordSize
	}
	if grow+growRuns > 0 && d.held+grow+growRuns > d.opts.MaxPartialBytes {
		d.releaseIdle()
		if d.held+grow+growRuns > d.opts.MaxPartialBytes {
			return 0, nil, chunkErr(d.off+int64(p), int64(csid), f, "Payload",
				"at most "+strconv.Itoa(d.opts.MaxPartialBytes)+" bytes held in partial messages", ErrBudget)
		}
	}

	// Commit.
	if s == nil {
		s = d.create(csid, ctx)
	}
	if f != Format3 {
		s.Extended = hdr.Extended
		s.ExtendedValue = hdr.ExtendedValue
	}
	s.Timestamp, s.Delta, s.Length, s.Type, s.StreamID = ts, delta, length, typ, sid
	n := p + int(size)
	if single {
		return d.single(s, hdr, frag, n, p, fill)
	}
	if !active {
		s.active = true
		s.got = 0
		s.start = d.off
		s.buf = s.buf[:0]
		s.runs = s.runs[:0]
		if s.runs == nil {
			s.runs = s.inline[:0]
		}
	}
	if grow > 0 {
		nb := make([]byte, len(s.buf), cap(s.buf)+grow)
		copy(nb, s.buf)
		d.held += grow
		s.buf = nb
	}
	s.buf = append(s.buf, frag...)
	s.got += size
	if k := len(s.runs); k > 0 && sameRun(&s.runs[k-1], &hdr) {
		s.runs[k-1].Count++
	} else {
		before := s.heldRuns()
		s.runs = append(s.runs, hdr)
		d.held += (s.heldRuns() - before) * headerRecordSize
	}
	if fill {
		d.fillChunk(s, hdr, frag)
	}
	if s.got < length {
		return n, nil, nil
	}
	return d.complete(s, n, p, fill)
}

// fmt3Stream finds the known chunk stream a fmt 3 chunk at the start of b
// belongs to, with its basic header's length and form; nil when the stream
// is unknown or b is too short to say.
func (d *Decoder) fmt3Stream(b []byte) (*stream, int, BasicHeaderForm) {
	switch b[0] & 0x3f {
	case 0:
		if len(b) < 2 {
			return nil, 0, 0
		}
		return d.byCSID.get(uint32(b[1]) + 64), 2, BasicHeader2
	case 1:
		if len(b) < 3 {
			return nil, 0, 0
		}
		return d.byCSID.get(uint32(b[1]) | uint32(b[2])<<8 + 64), 3, BasicHeader3
	}
	return d.byCSID.low[b[0]&0x3f], 1, BasicHeader1
}

// fmt3Fast takes the fmt 3 chunks at the start of b that need none of the
// general path's checks: a message of one chunk repeating the stream's
// header (RTMP 1.0 §5.3.1.2.4), or continuations of a message in progress
// whose buffer has room and whose record has room for any new run. It
// commits exactly what the general path would, chunk by chunk, and
// reports false when the first chunk is not such a chunk. When that chunk
// has not fully arrived and more input is to come it asks for more, as the
// general path would before any other check. s carries no extended
// timestamp and hl is the basic header's length.
func (d *Decoder) fmt3Fast(s *stream, b []byte, hl int, form BasicHeaderForm, fill, atEOF bool) (int, *Message, bool, error) {
	if !s.active {
		if s.Length > d.chunkSize {
			return 0, nil, false, nil
		}
		if uint32(len(b)-hl) < s.Length {
			return 0, nil, !atEOF, nil
		}
		s.Timestamp += s.Delta
		frag := b[hl : hl+int(s.Length)]
		h := Header{Format: Format3, Form: form, Size: s.Length, Count: 1}
		n, m, err := d.single(s, h, frag, hl+int(s.Length), hl, fill)
		return n, m, true, err
	}
	// Without a chunk to describe, take every such chunk in a row, on this
	// chunk stream or, interleaved, on others: the records and the bytes
	// come out the same as one at a time, the per-chunk overhead does not.
	n, at := 0, 0 // bytes taken; where the current chunk's header starts
	for {
		length, cs := s.Length, d.chunkSize
		size := min(length-s.got, cs)
		if uint32(len(b)-n-hl) < size {
			return n, nil, n > 0 || !atEOF, nil
		}
		if cap(s.buf)-len(s.buf) < int(size) {
			return n, nil, n > 0, nil
		}
		last := &s.runs[len(s.runs)-1]
		if h := (Header{Format: Format3, Form: form, Size: size}); !sameRun(last, &h) {
			// The first continuation, or a message's shorter last chunk:
			// a run of its own, when the record has room for one without
			// growing (growth is the budget's to approve).
			if len(s.runs) == cap(s.runs) {
				return n, nil, n > 0, nil
			}
			s.runs = append(s.runs, h)
			last = &s.runs[len(s.runs)-1]
		}
		// This stream's chunks of this size in a row, with its state in
		// locals stored back once.
		buf, got, count := s.buf, s.got, last.Count
		for {
			buf = append(buf, b[n+hl:n+hl+int(size)]...)
			count++
			got += size
			n += hl + int(size)
			if fill || got == length || n == len(b) || !sameBasicHeader(b[at:], n-at, hl) ||
				min(length-got, cs) != size || uint32(len(b)-n-hl) < size || cap(buf)-len(buf) < int(size) {
				break
			}
		}
		s.buf, s.got, last.Count = buf, got, count
		if fill {
			d.fillChunk(s, Header{Format: Format3, Form: form, Size: size, Count: 1}, b[n-int(size):n])
		}
		if got == length {
			n, m, err := d.complete(s, n, hl, fill)
			return n, m, true, err
		}
		if fill || n == len(b) {
			return n, nil, true, nil
		}
		if !sameBasicHeader(b[at:], n-at, hl) {
			if b[n] < 0xC0 {
				return n, nil, true, nil
			}
			at = n
			s, hl, form = d.fmt3Stream(b[n:])
			if s == nil || s.Extended || !s.active {
				return n, nil, true, nil
			}
		}
	}
}

// sameBasicHeader reports whether b holds, at n, a basic header of hl bytes
// equal to the one at its start.
func sameBasicHeader(b []byte, n, hl int) bool {
	if len(b)-n < hl || b[n] != b[0] {
		return false
	}
	switch hl {
	case 2:
		return b[n+1] == b[1]
	case 3:
		return b[n+1] == b[1] && b[n+2] == b[2]
	}
	return true
}

// fillChunk describes the chunk just committed on s in d.chunk.
func (d *Decoder) fillChunk(s *stream, h Header, frag []byte) {
	c := &d.chunk
	c.CSID = s.csid
	c.Header = h
	c.Timestamp, c.Delta, c.Length, c.Type, c.StreamID = s.Timestamp, s.Delta, s.Length, s.Type, s.StreamID
	c.Fragment = frag
	c.Offset = d.off
	c.Message = nil
}

// single hands out a message that came whole in chunk h, its payload frag
// aliasing the input; n and p are as for finish.
func (d *Decoder) single(s *stream, h Header, frag []byte, n, p int, fill bool) (int, *Message, error) {
	d.one[0] = h
	m := &d.msg
	m.set(s, frag, d.one[:], d.off)
	if fill {
		d.fillChunk(s, h, frag)
		d.chunk.Message = m
	}
	return d.finish(m, n, p)
}

// complete hands out the message s has finished.
func (d *Decoder) complete(s *stream, n, p int, fill bool) (int, *Message, error) {
	s.active = false
	m := &d.msg
	m.set(s, s.buf, s.runs, s.start)
	if fill {
		d.chunk.Message = m
	}
	return d.finish(m, n, p)
}

func sameRun(a, b *Header) bool {
	return a.Format == b.Format && a.Form == b.Form && a.Extended == b.Extended &&
		a.ExtendedValue == b.ExtendedValue && a.Size == b.Size
}

// growTo picks a new capacity for a buffer that must hold need bytes of a
// message of length total: doubling, so growth costs O(log n) allocations,
// but never past the message, and never ahead of the bytes that arrived by
// more than a factor of two.
func growTo(old, need, total int) int {
	c := 2 * old
	if c < 512 {
		c = 512
	}
	if c < need {
		c = need
	}
	if c > total {
		c = total
	}
	if c < need {
		c = need
	}
	return c
}

// releaseIdle drops the buffers of chunk streams with no message in
// progress, so the budget goes to streams that need it.
func (d *Decoder) releaseIdle() {
	rel := func(s *stream) {
		if s == nil || s.active {
			return
		}
		d.held -= cap(s.buf) + s.heldRuns()*headerRecordSize
		s.buf, s.runs = nil, nil
	}
	for _, s := range d.streams {
		rel(s)
	}
}

// finish applies the protocol control messages that change the chunk
// layer itself: Set Chunk Size and Abort.
func (d *Decoder) finish(m *Message, n, p int) (int, *Message, error) {
	if m.Type > message.TypeAbort {
		return n, m, nil
	}
	switch m.Type {
	case message.TypeSetChunkSize:
		var scs message.SetChunkSize
		if _, err := scs.Decode(m.Payload); err != nil {
			return 0, nil, d.controlErr(m, p, "SetChunkSize.ChunkSize", "a 4-byte chunk size of 1..2147483647, bit 31 zero (RTMP 1.0 §5.4.1)")
		}
		// RTMP 1.0 §5.4.1: the new size applies to the chunks that follow.
		d.chunkSize = scs.ChunkSize
	case message.TypeAbort:
		var ab message.Abort
		if _, err := ab.Decode(m.Payload); err != nil {
			return 0, nil, d.controlErr(m, p, "Abort.ChunkStreamID", "a 4-byte chunk stream ID (RTMP 1.0 §5.4.2)")
		}
		if ab.ChunkStreamID <= MaxChunkStreamID {
			if t := d.byCSID.get(ab.ChunkStreamID); t != nil && t.active {
				t.active = false
				d.discarded = Message{CSID: t.csid, Timestamp: t.Timestamp, Delta: t.Delta, Length: t.Length,
					Type: t.Type, StreamID: t.StreamID, Payload: t.buf, Chunks: t.runs, Offset: t.start}
				m.Discarded = &d.discarded
			}
		}
	}
	return n, m, nil
}

func (d *Decoder) controlErr(m *Message, p int, field, expected string) error {
	// A payload too short for the layout is a malformed message, not the
	// end of the input: the stream went on.
	kind := wire.ErrConstraint
	if len(m.Payload) < 4 {
		kind = wire.ErrMalformed
	}
	off := m.Offset
	if len(m.Chunks) == 1 && m.Chunks[0].Count == 1 {
		off = d.off + int64(p)
	}
	return chunkErr(off, int64(m.CSID), m.Chunks[0].Format, field, expected, kind)
}

// short handles a chunk that does not fit in b: with more input to come it
// asks for it; at the end of the input it is the one truncation error.
func (d *Decoder) short(b []byte, atEOF bool, at int, csid int64, f Format, field string, need int, pend *pending) (int, *Message, error) {
	if !atEOF {
		return 0, nil, nil
	}
	have := len(b) - at
	err := chunkErr(d.off+int64(at), csid, f, field,
		strconv.Itoa(need)+" byte(s), input has "+strconv.Itoa(have), io.ErrUnexpectedEOF)
	d.incomplete = d.cutShort(b, csid, pend)
	return 0, nil, err
}

// cutShort builds the message a truncated stream leaves behind: the one the
// cut chunk belongs to, or else the earliest one still in progress.
func (d *Decoder) cutShort(b []byte, csid int64, pend *pending) *Message {
	m := &d.msg
	if pend != nil {
		frag := b[pend.p:]
		h := pend.h
		h.Size = uint32(len(frag))
		if !pend.active {
			d.one[0] = h
			ctx := pend.ctx
			*m = Message{CSID: pend.csid, Timestamp: ctx.Timestamp, Delta: ctx.Delta, Length: ctx.Length,
				Type: ctx.Type, StreamID: ctx.StreamID, Payload: frag, Chunks: d.one[:], Offset: d.off}
			return m
		}
		s := pend.s
		s.buf = append(s.buf, frag...)
		s.runs = append(s.runs, h)
		d.fromStream(m, s)
		return m
	}
	if csid >= 0 {
		if s := d.byCSID.get(uint32(csid)); s != nil && s.active {
			d.fromStream(m, s)
			return m
		}
	}
	if s := d.earliest(); s != nil {
		d.fromStream(m, s)
		return m
	}
	return nil
}

func (d *Decoder) fromStream(m *Message, s *stream) { m.set(s, s.buf, s.runs, s.start) }

// set fills m from s's header and the given payload, record and offset.
// Field by field on purpose: a composite literal is built on the stack and
// copied over, which cost a sixth of reading single-chunk messages.
func (m *Message) set(s *stream, payload []byte, chunks []Header, off int64) {
	m.CSID, m.Timestamp, m.Delta, m.Length, m.Type, m.StreamID = s.csid, s.Timestamp, s.Delta, s.Length, s.Type, s.StreamID
	m.Payload, m.Chunks, m.Offset, m.Discarded = payload, chunks, off, nil
}

func (d *Decoder) earliest() *stream {
	var best *stream
	pick := func(s *stream) {
		if s != nil && s.active && (best == nil || s.start < best.start) {
			best = s
		}
	}
	for _, s := range d.streams {
		pick(s)
	}
	return best
}

// atEnd is the end of the input between chunks: clean unless a message is
// still in progress.
func (d *Decoder) atEnd() error {
	s := d.earliest()
	if s == nil {
		return io.EOF
	}
	m := &d.msg
	d.fromStream(m, s)
	d.incomplete = m
	return chunkErr(d.off, int64(s.csid), Format3, "Payload",
		strconv.FormatUint(uint64(s.Length-s.got), 10)+" more byte(s) of the message that started at offset "+strconv.FormatInt(s.start, 10), io.ErrUnexpectedEOF)
}
