package chunk

import (
	"strconv"
)

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
	return d.general(b, atEOF, fill)
}

// general is step for any chunk the fast path does not take. It starts
// every message, so it keeps the chunk's values in scalar locals (a struct
// of them would live in memory, and cost a few percent of reading at chunk
// size 128) and calls out only for what is rare: longer basic headers, new
// streams, extended timestamps, budget growth, errors.
func (d *Decoder) general(b []byte, atEOF, fill bool) (int, *Message, error) {
	f := Format(b[0] >> 6)
	csid, form, p := uint32(b[0]&0x3f), BasicHeader1, 1
	if csid < 2 {
		var need int
		if csid, form, p, need = readLongBasicHeader(b); need > 0 {
			return d.short(b, atEOF, 1, -1, f, "BasicHeader.CSID", need, nil)
		}
	}
	s := d.byCSID.get(csid)
	var ctx Context
	if s != nil {
		ctx = s.Context
	} else if err := d.newStreamContext(csid, f, &ctx); err != nil {
		return 0, nil, err
	}
	active := s != nil && s.active

	// The message header the fmt selects (RTMP 1.0 §5.3.1.2), read
	// through the generated layouts.
	ts, delta, length, typ, sid := ctx.Timestamp, ctx.Delta, ctx.Length, ctx.Type, ctx.StreamID
	var field uint32
	lengthOff := -1
	if n := messageHeaderLen(f); len(b)-p < n {
		return d.short(b, atEOF, p, int64(csid), f, "MessageHeader"+strconv.Itoa(int(f)), n, nil)
	}
	switch f {
	case Format0:
		var mh messageHeader0
		mh.read(b[p:])
		field, length, typ, sid, lengthOff = mh.Timestamp, mh.Length, mh.TypeID, mh.StreamID, p+3
		p += messageHeader0Len
	case Format1:
		var mh messageHeader1
		mh.read(b[p:])
		field, length, typ, lengthOff = mh.TimestampDelta, mh.Length, mh.TypeID, p+3
		p += messageHeader1Len
	case Format2:
		var mh messageHeader2
		mh.read(b[p:])
		field = mh.TimestampDelta
		p += messageHeader2Len
	}
	if active && f != Format3 || length > d.opts.MaxMessageLength {
		return 0, nil, d.messageHeaderErr(s, csid, f, length, lengthOff)
	}

	hdr := Header{Format: f, Form: form, Count: 1}
	if f != Format3 && field == ExtendedTimestampMarker || f == Format3 && ctx.Extended {
		v, took, ok := readExtendedTimestamp(b[p:], f, ctx.ExtendedValue, d.opts.LenientExtendedTimestamp, atEOF)
		if !ok {
			return d.short(b, atEOF, p, int64(csid), f, "ExtendedTimestamp", extendedTimestampLen, nil)
		}
		if took {
			hdr.Extended, hdr.ExtendedValue = true, v
			p += extendedTimestampLen
			if f != Format3 {
				field = hdr.ExtendedValue
			}
		}
	}
	ts, delta = timestamps(f, active, field, ts, delta)

	size := length
	if active {
		size -= s.got
	}
	size = min(size, d.chunkSize)
	hdr.Size = size
	if uint32(len(b)-p) < size {
		pend := pending{s: s, h: hdr, csid: csid, active: active, p: p,
			ctx: Context{Timestamp: ts, Delta: delta, Length: length, Type: typ, StreamID: sid}}
		return d.short(b, atEOF, p, int64(csid), f, "Payload", int(size), &pend)
	}
	single := !active && size == length
	grow := 0
	if !single {
		var err error
		if grow, err = d.admit(s, active, csid, &hdr, length, p); err != nil {
			return 0, nil, err
		}
	}

	// Commit.
	if s == nil {
		s = d.create(csid, ctx)
	}
	if f != Format3 {
		s.Extended, s.ExtendedValue = hdr.Extended, hdr.ExtendedValue
	}
	s.Timestamp, s.Delta, s.Length, s.Type, s.StreamID = ts, delta, length, typ, sid
	frag := b[p : p+int(size)]
	if single {
		return d.single(s, hdr, frag, p+int(size), p, fill)
	}
	return d.appendChunk(s, &hdr, frag, p, grow, fill)
}

// admit checks the limits for a chunk of a message that spans several:
// a message starting counts against MaxChunkStreams, and the chunk's bytes
// against the budget. A message starting on a stream whose idle buffer
// already fits the chunk needs no more memory; the rest ask the budget,
// and admit reports how much s's buffer must grow.
func (d *Decoder) admit(s *stream, active bool, csid uint32, hdr *Header, length uint32, p int) (int, error) {
	if !active && d.live >= d.opts.MaxChunkStreams {
		return 0, chunkErr(d.off, int64(csid), hdr.Format, "BasicHeader.CSID",
			"at most "+strconv.Itoa(d.opts.MaxChunkStreams)+" chunk streams with a message in progress (Options.MaxChunkStreams)", ErrTooManyStreams)
	}
	if s == nil || active || cap(s.buf) < int(hdr.Size) {
		return d.reserve(s, csid, hdr, length, p)
	}
	return 0, nil
}

// messageHeaderLen is the length of the message header f selects: the
// generated layouts' lengths, as constants on this path (the Format
// table's MessageHeaderSize column says the same; a test holds them
// together).
func messageHeaderLen(f Format) int {
	switch f {
	case Format0:
		return messageHeader0Len
	case Format1:
		return messageHeader1Len
	case Format2:
		return messageHeader2Len
	}
	return 0
}

// timestamps works out a chunk's timestamp and delta from the previous
// ones (RTMP 1.0 §5.3.1.2): fmt 0 sets the timestamp, fmt 1/2 add their
// delta, a fmt 3 chunk starting a message re-applies the previous delta.
func timestamps(f Format, active bool, field, ts, delta uint32) (uint32, uint32) {
	switch {
	case f == Format0:
		return field, field
	case f != Format3:
		return ts + field, field
	case !active:
		return ts + delta, delta
	}
	return ts, delta
}

// readLongBasicHeader reads a 2- or 3-byte basic header (RTMP 1.0
// §5.3.1.1), or says how many bytes past the first it needs.
func readLongBasicHeader(b []byte) (csid uint32, form BasicHeaderForm, p, need int) {
	if b[0]&0x3f == 0 {
		if len(b) < 2 {
			return 0, 0, 0, 1
		}
		return uint32(b[1]) + 64, BasicHeader2, 2, 0
	}
	if len(b) < 3 {
		return 0, 0, 0, 2
	}
	// The 16-bit field is little-endian.
	return (uint32(b[1]) | uint32(b[2])<<8) + 64, BasicHeader3, 3, 0
}

// newStreamContext sets the context a chunk on a stream the decoder has
// not seen inherits: none for fmt 0, the caller-supplied one otherwise. The
// stream itself is created only at commit.
func (d *Decoder) newStreamContext(csid uint32, f Format, ctx *Context) error {
	if f != Format0 {
		ok := false
		if d.opts.Context != nil {
			*ctx, ok = d.opts.Context(csid)
		}
		if !ok {
			return chunkErr(d.off, int64(csid), f, "BasicHeader.Format",
				"fmt 0 for the first chunk on a chunk stream (RTMP 1.0 §5.3.1.2.1), or a supplied context", ErrNoPreviousHeader)
		}
	}
	return nil
}

// messageHeaderErr is the error for a header that starts a message while s
// has one in progress, or declares a length beyond the limit. lengthOff is
// where the length field is in the chunk, or -1.
func (d *Decoder) messageHeaderErr(s *stream, csid uint32, f Format, length uint32, lengthOff int) error {
	if s != nil && s.active && f != Format3 {
		if lengthOff >= 0 && length != s.Length {
			return chunkErr(d.off+int64(lengthOff), int64(csid), f, "MessageHeader"+strconv.Itoa(int(f))+".Length",
				"the length of the half-received message, "+strconv.FormatUint(uint64(s.Length), 10), ErrLengthChanged)
		}
		return chunkErr(d.off, int64(csid), f, "BasicHeader.Format",
			"fmt 3 until the message's "+strconv.FormatUint(uint64(s.Length-s.got), 10)+" remaining byte(s) have arrived", ErrHeaderMidMessage)
	}
	off := d.off
	if lengthOff >= 0 {
		off += int64(lengthOff)
	}
	return chunkErr(off, int64(csid), f, "MessageHeader"+strconv.Itoa(int(f))+".Length",
		"a message length of at most "+strconv.FormatUint(uint64(d.opts.MaxMessageLength), 10), ErrMessageTooLong)
}

// readExtendedTimestamp reads the extended timestamp at the start of rest
// (RTMP 1.0 §5.3.1.3) for a chunk that carries one: a fmt 0/1/2 chunk whose
// time field is 0xFFFFFF, or a fmt 3 chunk while one is in force (inForce
// its value). Errata and Addenda: while it is in force it is present in
// every fmt 3 chunk, continuation or new message; a lenient decoder takes
// the four bytes as one only when they repeat its value. took says the
// bytes were taken; ok is false when rest is too short to say.
func readExtendedTimestamp(rest []byte, f Format, inForce uint32, lenient, atEOF bool) (v uint32, took, ok bool) {
	if len(rest) < extendedTimestampLen {
		return 0, false, f == Format3 && lenient && atEOF
	}
	var et extendedTimestamp
	et.read(rest)
	if f == Format3 && lenient && et.Timestamp != inForce {
		return 0, false, true
	}
	return et.Timestamp, true, true
}

// appendChunk adds a chunk of a message that spans several to s's buffer
// and record, and hands out the message when the chunk completes it. grow
// is the buffer growth reserve approved.
func (d *Decoder) appendChunk(s *stream, hdr *Header, frag []byte, p, grow int, fill bool) (int, *Message, error) {
	if !s.active {
		s.active = true
		d.live++
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
	if k := len(s.runs); k > 0 && sameRun(&s.runs[k-1], hdr) {
		s.runs[k-1].Count++
	} else {
		before := s.heldRuns()
		s.runs = append(s.runs, Header{})
		// Field by field: hdr was written field by field, and loading it
		// whole stalls store forwarding.
		r := &s.runs[len(s.runs)-1]
		r.Format, r.Form, r.Extended, r.ExtendedValue, r.Size, r.Count = hdr.Format, hdr.Form, hdr.Extended, hdr.ExtendedValue, hdr.Size, hdr.Count
		d.held += (s.heldRuns() - before) * headerRecordSize
	}
	n := p + len(frag)
	if fill {
		d.fillChunk(s, *hdr, frag)
	}
	if s.got < s.Length {
		return n, nil, nil
	}
	return d.complete(s, n, p, fill)
}
