package chunk

import (
	"io"
	"strconv"
)

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

// short handles a chunk that does not fit in b: with more input to come it
// asks for it; at the end of the input it is the one truncation error.
func (d *Decoder) short(b []byte, atEOF bool, at int, csid int64, f Format, field string, need int, pend *pending) (int, *Message, error) {
	if !atEOF {
		d.need = at + need
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
