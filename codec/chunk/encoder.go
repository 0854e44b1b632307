package chunk

import (
	"io"
	"slices"
	"strconv"

	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// Encoder chunks messages for one direction of a connection. It remembers
// the last header on each chunk stream, to pick the smallest correct header
// for the next message, and the chunk size in force, which a Set Chunk Size
// message it writes changes for the chunks after it.
type Encoder struct {
	chunkSize uint32
	byCSID    csidTable[wstate]
}

type wstate struct {
	Context
	has      bool // a header has been written on this chunk stream
	lastFmt0 bool
}

// NewEncoder returns an Encoder at the start of a chunk stream, with the
// default chunk size of 128.
func NewEncoder() *Encoder {
	e := &Encoder{}
	e.Reset(0)
	return e
}

// Reset forgets every chunk stream and sets the chunk size (0 means
// DefaultChunkSize), as at the start of a connection or of a capture taken
// mid-session.
func (e *Encoder) Reset(chunkSize uint32) {
	if chunkSize == 0 {
		chunkSize = DefaultChunkSize
	}
	e.chunkSize = chunkSize
	e.byCSID.reset()
}

// ChunkSize returns the chunk size in force for the next chunk.
func (e *Encoder) ChunkSize() uint32 { return e.chunkSize }

func (e *Encoder) state(csid uint32) *wstate {
	s := e.byCSID.get(csid)
	if s == nil {
		s = &wstate{}
		e.byCSID.set(csid, s)
	}
	return s
}

func encErr(field, expected string) error {
	return &wire.Error{Layer: "chunk", Field: field, Expected: expected, Err: wire.ErrConstraint}
}

// smallestForm is the basic header a careful sender uses for csid.
func smallestForm(csid uint32) BasicHeaderForm {
	switch {
	case csid < 64:
		return BasicHeader1
	case csid < 320:
		return BasicHeader2
	}
	return BasicHeader3
}

// checkBasic refuses a chunk stream ID the basic header form cannot carry.
// Callers check once per run of chunks, not per chunk: the forms' limits
// are table lookups, and a message at chunk size 128 has a header every
// 128 bytes.
func checkBasic(csid uint32, form BasicHeaderForm) error {
	if !form.Defined() || csid < uint32(form.MinCSID()) || csid > uint32(form.MaxCSID()) {
		return encErr("BasicHeader.CSID", "a chunk stream ID the "+form.String()+" can carry")
	}
	return nil
}

// appendBasic writes a basic header checkBasic has approved.
func appendBasic(b []byte, csid uint32, form BasicHeaderForm, f Format) []byte {
	top := byte(f) << 6
	switch form {
	case BasicHeader1:
		return append(b, top|byte(csid))
	case BasicHeader2:
		return append(b, top, byte(csid-64))
	}
	v := csid - 64
	// The 3-byte form's 16-bit field is little-endian (RTMP 1.0 §5.3.1.1).
	return append(b, top|1, byte(v), byte(v>>8))
}

// appendHeader writes a chunk header whose basic header checkBasic has
// approved. value is the timestamp (fmt 0) or delta (fmt 1/2); h.Extended
// says whether the extended field is written and h.ExtendedValue what goes
// in it.
func appendHeader(b []byte, csid uint32, h *Header, value, length uint32, typ rtmp.MessageType, sid uint32) ([]byte, error) {
	if h.Format > Format3 {
		return b, encErr("BasicHeader.Format", "fmt 0..3")
	}
	b = appendBasic(b, csid, h.Form, h.Format)
	if h.Format != Format3 {
		field := value
		if h.Extended {
			field = ExtendedTimestampMarker
		} else if value >= ExtendedTimestampMarker {
			return b, encErr("MessageHeader"+strconv.Itoa(int(h.Format))+".Timestamp",
				"an extended timestamp for values of 0xFFFFFF and above (RTMP 1.0 §5.3.1.3)")
		}
		if h.Format != Format2 && length > MaxMessageLength {
			return b, encErr("MessageHeader"+strconv.Itoa(int(h.Format))+".Length", "a length below 2^24")
		}
		// The checks above leave the generated layouts nothing to refuse.
		switch h.Format {
		case Format0:
			mh := messageHeader0{Timestamp: field, Length: length, TypeID: typ, StreamID: sid}
			b, _ = mh.Append(b)
		case Format1:
			mh := messageHeader1{TimestampDelta: field, Length: length, TypeID: typ}
			b, _ = mh.Append(b)
		default:
			mh := messageHeader2{TimestampDelta: field}
			b, _ = mh.Append(b)
		}
	}
	if h.Extended {
		et := extendedTimestamp{Timestamp: h.ExtendedValue}
		b, _ = et.Append(b)
	}
	return b, nil
}

// AppendChunk appends c exactly as described: basic header in c.Form,
// message header for c.Format, the extended timestamp when c.Extended
// (with c.ExtendedValue), then c.Fragment. It keeps no state; together with
// Decoder.DecodeChunk it reproduces any chunk stream byte for byte,
// interleaving and aborted messages included.
func AppendChunk(b []byte, c *Chunk) ([]byte, error) {
	value := c.Delta
	if c.Format == Format0 {
		value = c.Timestamp
	}
	if c.Extended && c.Format != Format3 && c.ExtendedValue != value {
		return b, encErr("ExtendedTimestamp", "the timestamp or delta the header carries")
	}
	if err := checkBasic(c.CSID, c.Form); err != nil {
		return b, err
	}
	b, err := appendHeader(b, c.CSID, &c.Header, value, c.Length, c.Type, c.StreamID)
	if err != nil {
		return b, err
	}
	return append(b, c.Fragment...), nil
}

// AppendMessage appends m as chunks. When m.Chunks holds a record (as on
// every decoded message) it is followed exactly, so a decoded message is
// written back byte for byte; a record may also describe a message cut
// short, whose Payload is shorter than Length. Without a record, m is
// chunked as a careful sender does: a header of fmt 0, 1, 2 or 3 chosen
// against the previous message on m.CSID, the smallest basic header, the
// payload split at the current chunk size, and extended timestamps where
// values reach 0xFFFFFF, repeated on every fmt 3 chunk while in force
// (Errata and Addenda). Length is then taken from len(Payload).
//
// Either way a Set Chunk Size message changes the chunk size for the
// chunks that follow it.
func (e *Encoder) AppendMessage(b []byte, m *Message) ([]byte, error) {
	if m.CSID < MinChunkStreamID || m.CSID > MaxChunkStreamID {
		return b, encErr("Message.CSID", "a chunk stream ID of 2..65599")
	}
	st := e.state(m.CSID)
	var err error
	if m.Chunks != nil {
		b, err = e.appendRecorded(b, st, m)
	} else {
		b, err = e.appendNew(b, st, m)
	}
	if err != nil {
		return b, err
	}
	if m.Type == rtmp.TypeSetChunkSize && (m.Chunks == nil || m.Complete()) {
		// Applied only when it is one a decoder applies: exactly 4 bytes,
		// in range.
		var scs rtmp.SetChunkSize
		if err := scs.DecodeAll(m.Payload); err == nil {
			e.chunkSize = scs.ChunkSize
		}
	}
	return b, nil
}

func (e *Encoder) appendRecorded(b []byte, st *wstate, m *Message) ([]byte, error) {
	orig := b
	var total uint64
	for i := range m.Chunks {
		h := &m.Chunks[i]
		if h.Count == 0 {
			return orig, encErr("Message.Chunks.Count", "at least one chunk per run")
		}
		// Every chunk carries at least one byte, except a last one: an
		// empty message's, or one a capture cut off after its header.
		// Without this a run of empty chunks could ask for any number of
		// headers (Count is a uint32).
		if h.Size == 0 && (h.Count != 1 || i != len(m.Chunks)-1) {
			return orig, encErr("Message.Chunks.Size", "at least one byte per chunk, but for one last chunk")
		}
		if (i > 0 || h.Count > 1) && h.Format != Format3 {
			return orig, encErr("Message.Chunks.Format", "fmt 3 on every chunk after the first of a message")
		}
		total += uint64(h.Size) * uint64(h.Count)
	}
	if total != uint64(len(m.Payload)) || uint64(len(m.Payload)) > uint64(m.Length) {
		return orig, encErr("Message.Chunks.Size", "chunk sizes that add up to len(Payload), at most Length")
	}
	first := &m.Chunks[0]
	value := m.Delta
	if first.Format == Format0 {
		value = m.Timestamp
	}
	if first.Extended && first.Format != Format3 && first.ExtendedValue != value {
		return orig, encErr("ExtendedTimestamp", "the timestamp or delta the header carries")
	}
	pos := 0
	var err error
	for i := range m.Chunks {
		h := m.Chunks[i]
		if err := checkBasic(m.CSID, h.Form); err != nil {
			return orig, err
		}
		for k := uint32(0); k < h.Count; k++ {
			if b, err = appendHeader(b, m.CSID, &h, value, m.Length, m.Type, m.StreamID); err != nil {
				return orig, err
			}
			b = append(b, m.Payload[pos:pos+int(h.Size)]...)
			pos += int(h.Size)
			if h.Format != Format3 {
				h.Format = Format3 // the rest of a run
			}
		}
	}
	st.Timestamp, st.Delta, st.Length, st.Type, st.StreamID = m.Timestamp, m.Delta, m.Length, m.Type, m.StreamID
	if first.Format != Format3 {
		st.Extended, st.ExtendedValue = first.Extended, first.ExtendedValue
	}
	st.has = true
	st.lastFmt0 = first.Format == Format0
	return b, nil
}

func (e *Encoder) appendNew(b []byte, st *wstate, m *Message) ([]byte, error) {
	if len(m.Payload) > MaxMessageLength {
		return b, encErr("Message.Payload", "at most 16777215 bytes (24-bit length)")
	}
	length := uint32(len(m.Payload))
	f := Format0
	delta := m.Timestamp
	if st.has && m.StreamID == st.StreamID && m.Timestamp >= st.Timestamp {
		delta = m.Timestamp - st.Timestamp
		switch {
		case length != st.Length || m.Type != st.Type:
			f = Format1
		case delta != st.Delta || st.lastFmt0:
			// After fmt 0 the specification makes the fmt 0 timestamp the
			// delta of a following fmt 3; peers disagree on that, so say
			// the delta explicitly.
			f = Format2
		default:
			f = Format3
		}
	}
	h := Header{Format: f, Form: smallestForm(m.CSID), Count: 1}
	if f == Format3 {
		h.Extended, h.ExtendedValue = st.Extended, st.ExtendedValue
	} else if delta >= ExtendedTimestampMarker {
		h.Extended, h.ExtendedValue = true, delta
	}
	if err := checkBasic(m.CSID, h.Form); err != nil {
		return b, err
	}
	orig := b
	var err error
	if b, err = appendHeader(b, m.CSID, &h, delta, length, m.Type, m.StreamID); err != nil {
		return orig, err
	}
	first := min(len(m.Payload), int(e.chunkSize))
	b = append(b, m.Payload[:first]...)
	if first < len(m.Payload) {
		h.Format = Format3
		b = appendContinuations(b, m.Payload[first:], int(e.chunkSize), m.CSID, &h)
	}
	st.Timestamp, st.Delta, st.Length, st.Type, st.StreamID = m.Timestamp, delta, length, m.Type, m.StreamID
	if f != Format3 {
		st.Extended, st.ExtendedValue = h.Extended, h.ExtendedValue
	}
	st.has = true
	st.lastFmt0 = f == Format0
	return b, nil
}

// appendContinuations appends rest as fmt 3 chunks of size bytes, each
// with the same header h describes (basic header and, while in force, the
// extended timestamp). The header is built once and the output sized once:
// at chunk size 128 the per-chunk work of a general header append and a
// growth check was most of the cost of writing.
func appendContinuations(b, rest []byte, size int, csid uint32, h *Header) []byte {
	var hdr [3 + extendedTimestampLen]byte                // the longest basic header and the extended timestamp
	head, _ := appendHeader(hdr[:0], csid, h, 0, 0, 0, 0) // fmt 3: nothing to refuse
	n := (len(rest) + size - 1) / size
	start := len(b)
	b = slices.Grow(b, n*len(head)+len(rest))[:start+n*len(head)+len(rest)]
	out := b[start:]
	o := 0
	if len(head) == 1 && size == DefaultChunkSize {
		// The default chunk size as a fixed-size copy: moves the compiler
		// inlines, where copy() calls memmove for every 128 bytes.
		c := head[0]
		for len(rest) > DefaultChunkSize {
			out[o] = c
			*(*[DefaultChunkSize]byte)(out[o+1:]) = *(*[DefaultChunkSize]byte)(rest)
			o += 1 + DefaultChunkSize
			rest = rest[DefaultChunkSize:]
		}
		out[o] = c
		copy(out[o+1:], rest)
		return b
	}
	if len(head) == 1 {
		c := head[0]
		for len(rest) > size {
			out[o] = c
			copy(out[o+1:o+1+size], rest[:size])
			o += 1 + size
			rest = rest[size:]
		}
		out[o] = c
		copy(out[o+1:], rest)
		return b
	}
	for len(rest) > 0 {
		k := min(size, len(rest))
		o += copy(out[o:], head)
		o += copy(out[o:], rest[:k])
		rest = rest[k:]
	}
	return b
}

// Writer writes messages as chunks to an io.Writer, one Write per message.
type Writer struct {
	w   io.Writer
	e   Encoder
	buf []byte
}

// NewWriter returns a Writer at the start of a chunk stream, chunk size 128.
func NewWriter(w io.Writer) *Writer {
	wr := &Writer{w: w}
	wr.e.Reset(0)
	return wr
}

// Encoder returns the Writer's Encoder, to read or reset its state.
func (w *Writer) Encoder() *Encoder { return &w.e }

// WriteMessage chunks m as Encoder.AppendMessage does and writes it.
func (w *Writer) WriteMessage(m *Message) error {
	b, err := w.e.AppendMessage(w.buf[:0], m)
	w.buf = b[:0]
	if err != nil {
		return err
	}
	_, err = w.w.Write(b)
	return err
}

// WriteChunk writes c as AppendChunk does. It does not change the Encoder's
// state.
func (w *Writer) WriteChunk(c *Chunk) error {
	b, err := AppendChunk(w.buf[:0], c)
	w.buf = b[:0]
	if err != nil {
		return err
	}
	_, err = w.w.Write(b)
	return err
}
