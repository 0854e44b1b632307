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

// reserve checks the partial-message budget for the chunk h describes on
// s (nil: a new stream): the bytes held for messages not yet complete,
// their records included. It reports how much s's buffer must grow, or
// ErrBudget when even releasing idle buffers leaves no room. The growth is
// worked out again after a release, which may have taken s's own buffer.
func (d *Decoder) reserve(s *stream, h *head, single bool) (int, error) {
	if single {
		return 0, nil // aliased, never held
	}
	grow, growRuns := growth(s, h)
	if grow+growRuns == 0 || d.held+grow+growRuns <= d.opts.MaxPartialBytes {
		return grow, nil
	}
	d.releaseIdle()
	grow, growRuns = growth(s, h)
	if d.held+grow+growRuns > d.opts.MaxPartialBytes {
		return 0, chunkErr(d.off+int64(h.p), int64(h.csid), h.hdr.Format, "Payload",
			"at most "+strconv.Itoa(d.opts.MaxPartialBytes)+" bytes held in partial messages", ErrBudget)
	}
	return grow, nil
}

// growth is what taking h's chunk on s adds to the budget: buffer bytes,
// and record bytes when the record must leave its inline space or grow.
func growth(s *stream, h *head) (grow, growRuns int) {
	size, length := int(h.hdr.Size), int(h.ctx.Length)
	if s == nil {
		return growTo(0, size, length), 4 * headerRecordSize
	}
	need := size
	if s.active {
		need += len(s.buf)
	}
	if cap(s.buf) < need {
		grow = growTo(cap(s.buf), need, length) - cap(s.buf)
	}
	if s.active && !sameRun(&s.runs[len(s.runs)-1], &h.hdr) && len(s.runs) == cap(s.runs) {
		// append at least doubles; leaving the inline runs makes 4.
		growRuns = max(cap(s.runs)+1, 4) * headerRecordSize
	}
	return grow, growRuns
}
