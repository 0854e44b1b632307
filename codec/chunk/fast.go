package chunk

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
			d.need = hl + int(s.Length)
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
			d.need = hl + int(size) // from n, where a later call starts
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
