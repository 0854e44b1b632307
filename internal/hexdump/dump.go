package hexdump

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// parseOffset reads the offset column at src[s:e]. It accepts 4 to 16 hex
// digits, any 1 to 16 hex digits followed by a colon, or 0x, hex digits and
// a colon. grouped reports the colon forms, whose rows may write several
// bytes per token; after is where the offset token ends.
func parseOffset(src []byte, s, e int) (off uint64, grouped bool, after int, ok bool) {
	i := s
	prefixed := e-i >= 2 && src[i] == '0' && (src[i+1] == 'x' || src[i+1] == 'X')
	if prefixed {
		i += 2
	}
	d0 := i
	for i < e && isHex(src[i]) {
		if i-d0 == 16 {
			return 0, false, 0, false
		}
		off = off<<4 | uint64(hexVal[src[i]])
		i++
	}
	nd := i - d0
	if nd == 0 {
		return 0, false, 0, false
	}
	colon := i < e && src[i] == ':'
	if colon {
		i++
	}
	if (prefixed && !colon) || (!colon && nd < 4) {
		return 0, false, 0, false
	}
	if i < e && !isSpace(src[i]) {
		return 0, false, 0, false
	}
	return off, colon, i, true
}

// byteToken reports whether tok writes whole bytes in a row: exactly two hex
// digits, or for grouped rows any even number of them.
func byteToken(tok []byte, grouped bool) bool {
	if len(tok) < 2 || len(tok)%2 != 0 || (!grouped && len(tok) != 2) {
		return false
	}
	return allHex(tok)
}

// rowShaped reports whether the trimmed line src[s:e] is an offset followed
// by at least one byte token; Detect uses it to recognise a dump.
func rowShaped(src []byte, s, e int) bool {
	_, grouped, after, ok := parseOffset(src, s, e)
	if !ok {
		return false
	}
	i := skipSpace(src, after, e)
	if i == after || i >= e {
		return false
	}
	return byteToken(src[i:tokenEnd(src, i, e)], grouped)
}

// row is one dump line waiting for the next line to say how many bytes it
// holds.
type row struct {
	ls      int // start of the line
	s, e    int // after the offset token; trimmed end of line
	off     uint64
	grouped bool
	first   bool // first row of its dump: may start mid-line
}

type dumper struct {
	src      []byte
	dst      []byte
	ascii    bool // some row of the input shows text after its hex that cannot be hex
	repeated int  // bytes added by "*" rows so far

	// The dump being read.
	pend     row
	hasPend  bool
	star     bool // a "*" line waits for the offset where repetition ends
	starAt   int  // where that "*" line is, for errors
	unit     int  // bytes of the row the "*" repeats
	prevEnd  uint64
	width    int64 // distance between the first two offsets, -1 unknown
	asciiCol int   // where the previous row's ASCII column starts in its line, -1 none
}

func appendDump(dst, src []byte) ([]byte, error) {
	d := dumper{src: src, dst: dst, width: -1, asciiCol: -1}
	i := skipBOM(src)
	d.ascii = hasASCIIColumn(src, i)
	for i < len(src) {
		ls, le, next := lineAt(src, i)
		i = next
		s, e := trim(src, ls, le)
		var err error
		switch {
		case s == e:
			err = d.endDump()
		case isCommentLine(src, s, e):
		case e-s == 1 && src[s] == '*':
			err = d.starLine(s)
		default:
			off, grouped, after, ok := parseOffset(src, s, e)
			if !ok {
				return d.dst, newError(src, s, e, ErrRow, "expected a dump row: an offset, then hex bytes")
			}
			if skipSpace(src, after, e) == e {
				err = d.endOffset(off, s, e)
			} else {
				err = d.rowLine(row{ls: ls, s: after, e: e, off: off, grouped: grouped}, s, e)
			}
		}
		if err != nil {
			return d.dst, err
		}
	}
	err := d.endDump()
	return d.dst, err
}

// hasASCIIColumn reports whether any row has text after its hex bytes that
// cannot be a byte token: evidence that the dump prints an ASCII column, so
// the ASCII rule may read hex-looking text at the end of a row as one.
func hasASCIIColumn(src []byte, i int) bool {
	for i < len(src) {
		ls, le, next := lineAt(src, i)
		i = next
		s, e := trim(src, ls, le)
		if s == e {
			continue
		}
		_, grouped, after, ok := parseOffset(src, s, e)
		if !ok {
			continue
		}
		j := skipSpace(src, after, e)
		for j < e {
			k := tokenEnd(src, j, e)
			if !byteToken(src[j:k], grouped) {
				return true
			}
			j = skipSpace(src, k, e)
		}
	}
	return false
}

func (d *dumper) reset() {
	d.hasPend, d.star, d.width, d.asciiCol = false, false, -1, -1
}

// diff is b-a for offsets known to grow, clamped so that it fits an int on
// every platform; no row can hold more bytes than the input has anyway.
func diff(a, b uint64) int64 {
	x := b - a
	if x > 1<<30 {
		return 1 << 30
	}
	return int64(x)
}

func (d *dumper) rowLine(r row, s, e int) error {
	switch {
	case d.star:
		if err := d.fill(r.off, s, e); err != nil {
			return err
		}
		d.star = false
	case d.hasPend && r.off > d.pend.off:
		n := diff(d.pend.off, r.off)
		var err error
		if d.pend.first {
			_, err = d.emit(&d.pend, -1, n)
		} else {
			_, err = d.emit(&d.pend, n, -1)
		}
		if err != nil {
			return err
		}
		if d.width < 0 {
			d.width = n
		}
	default:
		// An offset that does not grow starts another dump.
		if err := d.endDump(); err != nil {
			return err
		}
		r.first = true
	}
	d.pend, d.hasPend = r, true
	return nil
}

func (d *dumper) starLine(s int) error {
	if !d.hasPend || d.star {
		return newError(d.src, s, s+1, ErrRow, "\"*\" must follow a dump row")
	}
	start := len(d.dst)
	if _, err := d.emit(&d.pend, -1, d.width); err != nil {
		return err
	}
	d.unit = len(d.dst) - start
	d.prevEnd = d.pend.off + uint64(d.unit)
	d.star, d.starAt, d.hasPend = true, s, false
	return nil
}

// endOffset handles a line holding only an offset: the end of a dump.
func (d *dumper) endOffset(off uint64, s, e int) error {
	switch {
	case d.star:
		if err := d.fill(off, s, e); err != nil {
			return err
		}
	case d.hasPend:
		if off <= d.pend.off {
			return newError(d.src, s, e, ErrRow, "expected the end offset to follow the last row's offset")
		}
		n := diff(d.pend.off, off)
		var err error
		if d.pend.first {
			_, err = d.emit(&d.pend, -1, n)
		} else {
			_, err = d.emit(&d.pend, n, -1)
		}
		if err != nil {
			return err
		}
	}
	d.reset()
	return nil
}

func (d *dumper) endDump() error {
	if d.star {
		return newError(d.src, d.starAt, d.starAt+1, ErrRow, "expected the offset where the repetition ends after \"*\"")
	}
	if d.hasPend {
		if _, err := d.emit(&d.pend, -1, d.width); err != nil {
			return err
		}
	}
	d.reset()
	return nil
}

// fill repeats the row before "*" up to offset off.
func (d *dumper) fill(off uint64, s, e int) error {
	if off < d.prevEnd {
		return newError(d.src, s, e, ErrRow, "expected an offset past the repeated row after \"*\"")
	}
	gap := off - d.prevEnd
	if d.unit <= 0 || gap%uint64(d.unit) != 0 {
		return newError(d.src, s, e, ErrRow, "expected the offset after \"*\" to be a whole number of repeated rows on")
	}
	if gap > uint64(MaxRepeat-d.repeated) {
		return newError(d.src, d.starAt, d.starAt+1, ErrLimit, "\"*\" may add at most "+strconv.Itoa(MaxRepeat)+" bytes")
	}
	d.repeated += int(gap)
	for k := uint64(0); k < gap/uint64(d.unit); k++ {
		n := len(d.dst)
		d.dst = append(d.dst, d.dst[n-d.unit:n]...)
	}
	return nil
}

// emit decodes row r. exact >= 0 is the byte count its offsets fix; else
// limit >= 0 bounds it and the ASCII rule decides; limit < 0 is no bound.
func (d *dumper) emit(r *row, exact, limit int64) (int, error) {
	src := d.src
	start := len(d.dst)
	if cut, ok := d.delimited(r); ok {
		i := skipSpace(src, r.s, cut)
		for i < cut {
			k := tokenEnd(src, i, cut)
			d.dst = appendPairs(d.dst, src[i:k])
			i = skipSpace(src, k, cut)
		}
		n := len(d.dst) - start
		if (exact >= 0 && int64(n) != exact) || (limit >= 0 && int64(n) > limit) {
			want := exact
			if want < 0 {
				want = limit
			}
			ts, te := trim(src, r.s, cut)
			return 0, newError(src, ts, te, ErrRow, "the row at offset "+hexOff(r.off)+" holds "+strconv.Itoa(n)+" bytes; its offsets allow "+strconv.FormatInt(want, 10))
		}
		if n == 0 {
			return 0, newError(src, cut, r.e, ErrNotHex, "expected hex bytes after the offset")
		}
		d.asciiCol = cut - r.ls
		return n, nil
	}
	if exact >= 0 {
		return d.emitExact(r, exact)
	}
	return d.emitOpen(r, limit)
}

// delimited finds an ASCII column between | | or > < at the end of the row.
// It counts only when the column is set off by a space, everything before
// it is byte tokens, and the column is exactly those bytes rendered as
// hexdump -C and od -z print them; so a document's stray "|", or an
// undelimited ASCII column that happens to hold "||", stays ASCII text.
func (d *dumper) delimited(r *row) (int, bool) {
	src := d.src
	if r.e-r.s < 2 {
		return 0, false
	}
	var open byte
	switch src[r.e-1] {
	case '|':
		open = '|'
	case '<':
		open = '>'
	default:
		return 0, false
	}
	k := bytes.IndexByte(src[r.s:r.e-1], open)
	if k < 0 {
		return 0, false
	}
	cut := r.s + k
	if cut == r.s || !isSpace(src[cut-1]) {
		return 0, false
	}
	start := len(d.dst)
	defer func() { d.dst = d.dst[:start] }()
	i := skipSpace(src, r.s, cut)
	for i < cut {
		j := tokenEnd(src, i, cut)
		if !byteToken(src[i:j], r.grouped) {
			return 0, false
		}
		d.dst = appendPairs(d.dst, src[i:j])
		i = skipSpace(src, j, cut)
	}
	if !rendersAs(d.dst[start:], src[cut+1:r.e-1]) {
		return 0, false
	}
	return cut, true
}

// rendersAs reports whether text is data as a delimited ASCII column shows
// it: printable ASCII as itself, every other byte as ".".
func rendersAs(data, text []byte) bool {
	if len(data) != len(text) {
		return false
	}
	for i, b := range data {
		want := byte('.')
		if b >= 0x20 && b < 0x7f {
			want = b
		}
		if text[i] != want {
			return false
		}
	}
	return true
}

func (d *dumper) emitExact(r *row, exact int64) (int, error) {
	src := d.src
	start := len(d.dst)
	i := r.s
	for int64(len(d.dst)-start) < exact {
		i = skipSpace(src, i, r.e)
		got := len(d.dst) - start
		if i >= r.e {
			return 0, newError(src, r.e, r.e, ErrRow, "the row at offset "+hexOff(r.off)+" holds "+strconv.Itoa(got)+" bytes; the next offset says "+strconv.FormatInt(exact, 10)+" (offsets are read as hex)")
		}
		k := tokenEnd(src, i, r.e)
		tok := src[i:k]
		if !byteToken(tok, r.grouped) {
			kind := ErrNotHex
			if allHex(tok) {
				kind = ErrOddDigits
			}
			return 0, newError(src, i, k, kind, "expected a hex byte: the row at offset "+hexOff(r.off)+" holds "+strconv.FormatInt(exact, 10)+" bytes and this is byte "+strconv.Itoa(got+1))
		}
		if int64(got+len(tok)/2) > exact {
			return 0, newError(src, i, k, ErrRow, "expected the row at offset "+hexOff(r.off)+" to end after "+strconv.FormatInt(exact, 10)+" bytes, inside this group")
		}
		d.dst = appendPairs(d.dst, tok)
		i = k
	}
	d.asciiCol = -1
	if i = skipSpace(src, i, r.e); i < r.e {
		d.asciiCol = i - r.ls
	}
	return int(exact), nil
}

// emitOpen reads a row whose byte count its offsets leave open: the byte
// tokens that fit limit, then the ASCII rule (see the package doc).
//
// Only one split can satisfy the rule, which keeps this linear: the visible
// width of the rendering of the first k bytes never shrinks as k grows,
// while the text after the k-th token strictly does.
func (d *dumper) emitOpen(r *row, limit int64) (int, error) {
	src := d.src
	start := len(d.dst)
	end := r.e
	firstNS, lastNS := -1, -1 // first and last non-space byte of the row so far
	match, matchAt := -1, 0   // bytes of the split whose rendering matches, and where its text starts
	trusted := false          // the layout vouches for that split
	maxGap, prevEnd := 0, -1  // widest blank between byte tokens so far; end of the last one
	capped := false
	i := skipSpace(src, r.s, end)
	for i < end {
		n := len(d.dst) - start
		if n > 0 && match < 0 {
			vis := 0
			if firstNS >= 0 {
				vis = lastNS - firstNS + 1
			}
			if vis == end-i && renders(d.dst[start+firstNS:start+lastNS+1], src[i:end]) {
				match, matchAt = n, i
				gap := i - prevEnd
				// Tools pad short rows so the ASCII column lines up, and set
				// it off by a wider blank than the one between bytes.
				trusted = (gap >= 2 && gap > maxGap) || (d.asciiCol >= 0 && i-r.ls == d.asciiCol)
			}
		}
		k := tokenEnd(src, i, end)
		tok := src[i:k]
		if !byteToken(tok, r.grouped) {
			break
		}
		if limit >= 0 && int64(n+len(tok)/2) > limit {
			capped = true
			break
		}
		if prevEnd >= 0 {
			maxGap = max(maxGap, i-prevEnd)
		}
		d.dst = appendPairs(d.dst, tok)
		for j := start + n; j < len(d.dst); j++ {
			if d.dst[j] != ' ' {
				if firstNS < 0 {
					firstNS = j - start
				}
				lastNS = j - start
			}
		}
		prevEnd = k
		i = skipSpace(src, k, end)
	}
	if match > 0 && (d.ascii || trusted || capped) {
		d.dst = d.dst[:start+match]
		d.asciiCol = matchAt - r.ls
		return match, nil
	}
	n := len(d.dst) - start
	d.asciiCol = -1
	if i < end {
		k := tokenEnd(src, i, end)
		switch {
		case capped:
			return 0, newError(src, i, k, ErrRow, "expected at most "+strconv.FormatInt(limit, 10)+" bytes in the row at offset "+hexOff(r.off)+", or an ASCII column that renders them")
		case allHex(src[i:k]):
			return 0, newError(src, i, k, ErrOddDigits, "expected hex bytes, or an ASCII column that renders them")
		case limit >= 0 && int64(utf8.RuneCount(src[i:end])) > limit+1:
			// One character per byte, plus one for the gap some tools
			// print between the halves: longer text is not an ASCII
			// column but hex with a bad token in it.
			return 0, newError(src, i, k, ErrNotHex, "expected a hex byte; the text from here is too long to be the ASCII column of the row at offset "+hexOff(r.off))
		case n == 0:
			return 0, newError(src, i, k, ErrNotHex, "expected hex bytes after the offset")
		}
		d.asciiCol = i - r.ls
	}
	return n, nil
}

// renders reports whether text is how a dump's ASCII column shows b:
// printable ASCII as itself, every other byte as '.'.
func renders(b, text []byte) bool {
	if len(b) != len(text) {
		return false
	}
	for k, c := range b {
		if c < 0x20 || c > 0x7e {
			c = '.'
		}
		if text[k] != c {
			return false
		}
	}
	return true
}

func hexOff(off uint64) string {
	return "0x" + strconv.FormatUint(off, 16)
}
