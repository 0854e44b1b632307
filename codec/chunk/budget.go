package chunk

import "strconv"

// sameRun reports whether b can join the run a records.
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

// reserve checks the partial-message budget for a chunk of hdr.Size bytes
// of a message of length bytes on s (nil: a new stream): the bytes held
// for messages not yet complete, their records included. It reports how
// much s's buffer must grow, or ErrBudget (at payload offset p) when even
// releasing idle buffers leaves no room. The growth is worked out again
// after a release, which may have taken s's own buffer.
func (d *Decoder) reserve(s *stream, csid uint32, hdr *Header, length uint32, p int) (int, error) {
	grow, growRuns := growth(s, hdr, length)
	if grow+growRuns == 0 || d.held+grow+growRuns <= d.opts.MaxPartialBytes {
		return grow, nil
	}
	d.releaseIdle()
	grow, growRuns = growth(s, hdr, length)
	if d.held+grow+growRuns > d.opts.MaxPartialBytes {
		return 0, chunkErr(d.off+int64(p), int64(csid), hdr.Format, "Payload",
			"at most "+strconv.Itoa(d.opts.MaxPartialBytes)+" bytes held in partial messages", ErrBudget)
	}
	return grow, nil
}

// growth is what taking hdr's chunk on s adds to the budget: buffer bytes,
// and record bytes when the record must leave its inline space or grow.
func growth(s *stream, hdr *Header, length uint32) (grow, growRuns int) {
	size, total := int(hdr.Size), int(length)
	if s == nil {
		return growTo(0, size, total), 4 * headerRecordSize
	}
	need := size
	if s.active {
		need += len(s.buf)
	}
	if cap(s.buf) < need {
		grow = growTo(cap(s.buf), need, total) - cap(s.buf)
	}
	if s.active && !sameRun(&s.runs[len(s.runs)-1], hdr) && len(s.runs) == cap(s.runs) {
		// append at least doubles; leaving the inline runs makes 4.
		growRuns = max(cap(s.runs)+1, 4) * headerRecordSize
	}
	return grow, growRuns
}

// readBufferErr is the error for a chunk of need bytes, starting b, that
// does not fit in the largest buffer the budget leaves a Reader.
func (d *Decoder) readBufferErr(b []byte, need, largest int) error {
	f, csid := Format(b[0]>>6), int64(b[0]&0x3f)
	if csid < 2 {
		if c, _, _, more := readLongBasicHeader(b); more == 0 {
			csid = int64(c)
		} else {
			csid = -1
		}
	}
	return chunkErr(d.off, csid, f, "Payload", "a chunk of at most "+strconv.Itoa(largest)+
		" bytes: the Reader's buffer beyond "+strconv.Itoa(DefaultReadBufferSize)+" bytes and the partial messages share MaxPartialBytes ("+
		strconv.Itoa(d.opts.MaxPartialBytes)+"); this chunk needs "+strconv.Itoa(need), ErrBudget)
}
