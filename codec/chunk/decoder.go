package chunk

import (
	"errors"
	"strconv"
	"unsafe"

	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

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
	// held is what counts against MaxPartialBytes: partial messages'
	// buffers and records, and the buffer of the Reader d serves.
	held int
	// live counts the streams with a message in progress, the ones
	// MaxChunkStreams limits.
	live int
	// need is how many bytes, from where the last call started, the
	// chunk it stopped at needs: a Reader whose buffer is full of that
	// chunk grows it to fit.
	need int
	err  error

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
	if d.opts.MaxChunkSize == 0 {
		d.opts.MaxChunkSize = DefaultMaxChunkSize
	}
	d.chunkSize = d.opts.ChunkSize
	d.off = d.opts.StartOffset
	d.byCSID.reset()
	clear(d.streams)
	d.streams = d.streams[:0]
	d.held = 0
	d.live = 0
	d.need = 0
	d.err = nil
	d.incomplete = nil
}

// ChunkSize returns the chunk size now in force for incoming chunks.
func (d *Decoder) ChunkSize() uint32 { return d.chunkSize }

// Offset returns the offset of the next byte the decoder will read: the
// bytes it has consumed, counted from Options.StartOffset.
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
	d.live--
	m := &d.msg
	m.set(s, s.buf, s.runs, s.start)
	if fill {
		d.chunk.Message = m
	}
	return d.finish(m, n, p)
}

// finish applies the protocol control messages that change the chunk
// layer itself: Set Chunk Size and Abort.
func (d *Decoder) finish(m *Message, n, p int) (int, *Message, error) {
	if m.Type > rtmp.TypeAbort {
		return n, m, nil
	}
	switch m.Type {
	case rtmp.TypeSetChunkSize:
		// One rule for both layers: the payload is exactly the 4-byte
		// layout (RTMP 1.0 §5.4.1), as message.Decode requires. Applying a
		// longer one would switch the chunk size on bytes the message layer
		// calls malformed.
		var scs rtmp.SetChunkSize
		if err := scs.DecodeAll(m.Payload); err != nil {
			return 0, nil, d.controlErr(m, p, layoutKind(m, err), "SetChunkSize.ChunkSize", "exactly 4 bytes: a chunk size of 1..2147483647, bit 31 zero (RTMP 1.0 §5.4.1)")
		}
		if scs.ChunkSize > d.opts.MaxChunkSize {
			return 0, nil, d.controlErr(m, p, wire.ErrLimit, "SetChunkSize.ChunkSize",
				"a chunk size of at most "+strconv.FormatUint(uint64(d.opts.MaxChunkSize), 10)+" (Options.MaxChunkSize), got "+
					strconv.FormatUint(uint64(scs.ChunkSize), 10))
		}
		// RTMP 1.0 §5.4.1: the new size applies to the chunks that follow.
		d.chunkSize = scs.ChunkSize
	case rtmp.TypeAbort:
		var ab rtmp.Abort
		if err := ab.DecodeAll(m.Payload); err != nil {
			return 0, nil, d.controlErr(m, p, layoutKind(m, err), "Abort.ChunkStreamID", "exactly 4 bytes: a chunk stream ID (RTMP 1.0 §5.4.2)")
		}
		if ab.ChunkStreamID <= MaxChunkStreamID {
			if t := d.byCSID.get(ab.ChunkStreamID); t != nil && t.active {
				t.active = false
				d.live--
				d.discarded = Message{CSID: t.csid, Timestamp: t.Timestamp, Delta: t.Delta, Length: t.Length,
					Type: t.Type, StreamID: t.StreamID, Payload: t.buf, Chunks: t.runs, Offset: t.start}
				m.Discarded = &d.discarded
			}
		}
	}
	return n, m, nil
}

// layoutKind is the error kind for a control payload its layout refused:
// one too short is a malformed message, not the end of the input (the
// stream went on); one too long has trailing bytes; a value out of range
// breaks a constraint.
func layoutKind(m *Message, cause error) error {
	switch {
	case len(m.Payload) < 4:
		return wire.ErrMalformed
	case errors.Is(cause, wire.ErrTrailingBytes):
		return wire.ErrTrailingBytes
	}
	return wire.ErrConstraint
}

// controlErr reports a control message the chunk layer cannot apply, at
// its payload when it came in one chunk, else where the message started.
func (d *Decoder) controlErr(m *Message, p int, kind error, field, expected string) error {
	off := m.Offset
	if len(m.Chunks) == 1 && m.Chunks[0].Count == 1 {
		off = d.off + int64(p)
	}
	return chunkErr(off, int64(m.CSID), m.Chunks[0].Format, field, expected, kind)
}
