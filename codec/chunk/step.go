package chunk

import (
	"strconv"
)

// head is what one chunk's headers say, read but not yet committed: the
// record entry, where the payload starts, and the message header values in
// force for the chunk.
type head struct {
	hdr       Header
	csid      uint32
	p         int     // header bytes so far: where the next field starts
	lengthOff int     // offset of the message length field, or -1
	field     uint32  // the timestamp (fmt 0) or delta (fmt 1/2) field
	ctx       Context // the values in force for this chunk
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
	// Fast path: a fmt 3 continuation like the one before it on an active
	// chunk stream with room in its buffer, the bulk of any media stream.
	if b[0] >= 0xC0 {
		if s, hl, form := d.fmt3Stream(b); s != nil && !s.Extended {
			if n, m, ok, err := d.fmt3Fast(s, b, hl, form, fill, atEOF); ok || err != nil {
				return n, m, err
			}
		}
	}
	var h head
	f := Format(b[0] >> 6)
	if need := h.readBasicHeader(b); need > 0 {
		return d.short(b, atEOF, 1, -1, f, "BasicHeader.CSID", need, nil)
	}
	s, err := d.lookup(&h)
	if err != nil {
		return 0, nil, err
	}
	active := s != nil && s.active
	if need, layout := h.readMessageHeader(b); need > 0 {
		return d.short(b, atEOF, h.p, int64(h.csid), f, layout, need, nil)
	}
	if err := d.checkMessageHeader(s, &h); err != nil {
		return 0, nil, err
	}
	if !h.readExtendedTimestamp(b, d.opts.LenientExtendedTimestamp, atEOF) {
		return d.short(b, atEOF, h.p, int64(h.csid), f, "ExtendedTimestamp", extendedTimestampLen, nil)
	}
	h.applyTimestamp(active)

	size := h.ctx.Length
	if active {
		size -= s.got
	}
	size = min(size, d.chunkSize)
	h.hdr.Size = size
	if uint32(len(b)-h.p) < size {
		pend := pending{s: s, h: h.hdr, csid: h.csid, active: active, p: h.p, ctx: h.ctx}
		return d.short(b, atEOF, h.p, int64(h.csid), f, "Payload", int(size), &pend)
	}
	frag := b[h.p : h.p+int(size)]
	single := !active && size == h.ctx.Length
	grow, err := d.reserve(s, &h, single)
	if err != nil {
		return 0, nil, err
	}
	return d.commit(s, &h, frag, grow, active, single, fill)
}

// readBasicHeader reads the fmt and chunk stream ID (RTMP 1.0 §5.3.1.1),
// or says how many bytes past the first it needs.
func (h *head) readBasicHeader(b []byte) (need int) {
	h.hdr = Header{Format: Format(b[0] >> 6), Form: BasicHeader1, Count: 1}
	h.lengthOff = -1
	switch b[0] & 0x3f {
	case 0:
		if len(b) < 2 {
			return 1
		}
		h.csid, h.hdr.Form, h.p = uint32(b[1])+64, BasicHeader2, 2
	case 1:
		if len(b) < 3 {
			return 2
		}
		// The 16-bit field is little-endian.
		h.csid, h.hdr.Form, h.p = (uint32(b[1])|uint32(b[2])<<8)+64, BasicHeader3, 3
	default:
		h.csid, h.p = uint32(b[0]&0x3f), 1
	}
	return 0
}

// lookup finds the chunk stream h is on and the context it inherits: the
// stream's, or for an unknown stream the caller-supplied one. A stream
// that is not there yet is created only at commit.
func (d *Decoder) lookup(h *head) (*stream, error) {
	f := h.hdr.Format
	if s := d.byCSID.get(h.csid); s != nil {
		h.ctx = s.Context
		return s, nil
	}
	if f != Format0 {
		ok := false
		if d.opts.Context != nil {
			h.ctx, ok = d.opts.Context(h.csid)
		}
		if !ok {
			return nil, chunkErr(d.off, int64(h.csid), f, "BasicHeader.Format",
				"fmt 0 for the first chunk on a chunk stream (RTMP 1.0 §5.3.1.2.1), or a supplied context", ErrNoPreviousHeader)
		}
	}
	if len(d.streams) >= d.opts.MaxChunkStreams {
		return nil, chunkErr(d.off, int64(h.csid), f, "BasicHeader.CSID",
			"at most "+strconv.Itoa(d.opts.MaxChunkStreams)+" chunk streams", ErrTooManyStreams)
	}
	return nil, nil
}

// readMessageHeader reads the message header the fmt selects through the
// generated layouts (RTMP 1.0 §5.3.1.2), or names the layout and the bytes
// it needs when b ends first.
func (h *head) readMessageHeader(b []byte) (need int, layout string) {
	rest := b[h.p:]
	switch h.hdr.Format {
	case Format0:
		if len(rest) < messageHeader0Len {
			return messageHeader0Len, "MessageHeader0"
		}
		var mh messageHeader0
		mh.read(rest)
		h.field, h.ctx.Length, h.ctx.Type, h.ctx.StreamID = mh.Timestamp, mh.Length, mh.TypeID, mh.StreamID
		h.lengthOff = h.p + 3
		h.p += messageHeader0Len
	case Format1:
		if len(rest) < messageHeader1Len {
			return messageHeader1Len, "MessageHeader1"
		}
		var mh messageHeader1
		mh.read(rest)
		h.field, h.ctx.Length, h.ctx.Type = mh.TimestampDelta, mh.Length, mh.TypeID
		h.lengthOff = h.p + 3
		h.p += messageHeader1Len
	case Format2:
		if len(rest) < messageHeader2Len {
			return messageHeader2Len, "MessageHeader2"
		}
		var mh messageHeader2
		mh.read(rest)
		h.field = mh.TimestampDelta
		h.p += messageHeader2Len
	}
	return 0, ""
}

// checkMessageHeader refuses a header that starts a message while s has one
// in progress, and a length beyond the limit. h.ctx.Length is the new
// length; s.Length the one in progress.
func (d *Decoder) checkMessageHeader(s *stream, h *head) error {
	f := h.hdr.Format
	if s != nil && s.active && f != Format3 {
		if h.lengthOff >= 0 && h.ctx.Length != s.Length {
			return chunkErr(d.off+int64(h.lengthOff), int64(h.csid), f, "MessageHeader"+strconv.Itoa(int(f))+".Length",
				"the length of the half-received message, "+strconv.FormatUint(uint64(s.Length), 10), ErrLengthChanged)
		}
		return chunkErr(d.off, int64(h.csid), f, "BasicHeader.Format",
			"fmt 3 until the message's "+strconv.FormatUint(uint64(s.Length-s.got), 10)+" remaining byte(s) have arrived", ErrHeaderMidMessage)
	}
	if h.ctx.Length > d.opts.MaxMessageLength {
		off := d.off
		if h.lengthOff >= 0 {
			off += int64(h.lengthOff)
		}
		return chunkErr(off, int64(h.csid), f, "MessageHeader"+strconv.Itoa(int(f))+".Length",
			"a message length of at most "+strconv.FormatUint(uint64(d.opts.MaxMessageLength), 10), ErrMessageTooLong)
	}
	return nil
}

// readExtendedTimestamp reads the extended timestamp when the chunk
// carries one (RTMP 1.0 §5.3.1.3), and reports false when b ends first.
func (h *head) readExtendedTimestamp(b []byte, lenient, atEOF bool) bool {
	rest := b[h.p:]
	var et extendedTimestamp
	if h.hdr.Format != Format3 {
		if h.field != ExtendedTimestampMarker {
			return true
		}
		if len(rest) < extendedTimestampLen {
			return false
		}
		et.read(rest)
		h.hdr.Extended, h.hdr.ExtendedValue = true, et.Timestamp
		h.field = et.Timestamp
		h.p += extendedTimestampLen
		return true
	}
	if !h.ctx.Extended {
		return true
	}
	// Errata and Addenda: while an extended timestamp is in force it is
	// present in every fmt 3 chunk, continuation or new message. A lenient
	// decoder takes the four bytes as one only when they repeat its value.
	if len(rest) < extendedTimestampLen {
		return lenient && atEOF
	}
	et.read(rest)
	if !lenient || et.Timestamp == h.ctx.ExtendedValue {
		h.hdr.Extended, h.hdr.ExtendedValue = true, et.Timestamp
		h.p += extendedTimestampLen
	}
	return true
}

// applyTimestamp works out the chunk's timestamp and delta: fmt 0 sets the
// timestamp, fmt 1/2 add their delta, a fmt 3 chunk starting a message
// re-applies the previous delta (RTMP 1.0 §5.3.1.2).
func (h *head) applyTimestamp(active bool) {
	switch h.hdr.Format {
	case Format0:
		h.ctx.Timestamp, h.ctx.Delta = h.field, h.field
	case Format1, Format2:
		h.ctx.Delta = h.field
		h.ctx.Timestamp += h.field
	default:
		if !active {
			h.ctx.Timestamp += h.ctx.Delta
		}
	}
}

// commit applies a whole chunk: it creates the stream if needed, takes the
// header values, appends the fragment and hands out the message it
// completes. grow is the buffer growth reserve approved.
func (d *Decoder) commit(s *stream, h *head, frag []byte, grow int, active, single, fill bool) (int, *Message, error) {
	if s == nil {
		s = d.create(h.csid, h.ctx)
	}
	if h.hdr.Format != Format3 {
		s.Extended, s.ExtendedValue = h.hdr.Extended, h.hdr.ExtendedValue
	}
	c := &h.ctx
	s.Timestamp, s.Delta, s.Length, s.Type, s.StreamID = c.Timestamp, c.Delta, c.Length, c.Type, c.StreamID
	n := h.p + len(frag)
	if single {
		return d.single(s, h.hdr, frag, n, h.p, fill)
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
	s.got += uint32(len(frag))
	if k := len(s.runs); k > 0 && sameRun(&s.runs[k-1], &h.hdr) {
		s.runs[k-1].Count++
	} else {
		before := s.heldRuns()
		s.runs = append(s.runs, h.hdr)
		d.held += (s.heldRuns() - before) * headerRecordSize
	}
	if fill {
		d.fillChunk(s, h.hdr, frag)
	}
	if s.got < s.Length {
		return n, nil, nil
	}
	return d.complete(s, n, h.p, fill)
}
