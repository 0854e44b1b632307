package media

import (
	"strconv"

	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// ModEx is one modifier/extension block of an Enhanced RTMP header. The
// packet type after it is not kept here: it is the next block's (ModEx),
// Multitrack's, or the tag's PacketType, so Append derives it.
type ModEx struct {
	Type ModExType
	// Data is 1 to MaxModExData bytes, aliasing the input.
	Data []byte
	// Wide records that the size went in the long form, UI8 0xFF then a
	// UI16: required from 256 bytes, legal (and kept) below.
	Wide bool
}

// TimestampOffsetNano returns the offset a TimestampOffsetNano block
// carries: the UI24 at the start of its data (the specification asks for
// at least 3 bytes). ok is false for another type or shorter data.
func (m *ModEx) TimestampOffsetNano() (ns uint32, ok bool) {
	if m.Type != ModExTimestampOffsetNano || len(m.Data) < 3 {
		return 0, false
	}
	return uint32(m.Data[0])<<16 | uint32(m.Data[1])<<8 | uint32(m.Data[2]), true
}

// Track is one track of a multitrack message.
type Track struct {
	// FourCC is the track's codec: its own in a ManyTracksManyCodecs
	// message, the tag's FourCC otherwise (Append writes it only for
	// ManyTracksManyCodecs).
	FourCC FourCC
	ID     uint8
	// CompositionTime is the track's SI24 composition time offset in
	// milliseconds, present when the tag's packet type is coded frames and
	// FourCC.HasCompositionTime.
	CompositionTime int32
	// Body is the track's codec data, aliasing the input.
	Body []byte
}

// Extended is what Enhanced RTMP adds to both audio and video headers.
type Extended struct {
	// ModEx holds the blocks between the first byte and the rest of the
	// header, in wire order.
	ModEx []ModEx
	// Multitrack reports a Multitrack packet type: MultitrackType says how
	// the tracks are laid out and Tracks holds them. A MultitrackType the
	// specification does not define leaves the rest of the message in Body.
	Multitrack     bool
	MultitrackType MultitrackType
	// FourCC is the codec of a single-track message, or of every track of a
	// OneTrack or ManyTracks message; zero for ManyTracksManyCodecs.
	FourCC FourCC
	Tracks []Track
}

// TimestampOffsetNano returns the offset of the first TimestampOffsetNano
// block: nanoseconds to add to the message's millisecond timestamp.
func (x *Extended) TimestampOffsetNano() (ns uint32, ok bool) {
	for i := range x.ModEx {
		if ns, ok := x.ModEx[i].TimestampOffsetNano(); ok {
			return ns, true
		}
	}
	return 0, false
}

// FourCCChars returns the four bytes of f as Go would quote them: readable
// ASCII as is, anything else escaped, so a FourCC from the wire never
// reaches a terminal raw. "hvc1" stays "hvc1".
func FourCCChars(f FourCC) string {
	b := [4]byte{byte(f >> 24), byte(f >> 16), byte(f >> 8), byte(f)}
	q := strconv.QuoteToASCII(string(b[:]))
	return q[1 : len(q)-1]
}

// parser walks one payload. The field names in its errors start with the
// tag type ("VideoTag", "AudioTag").
type parser struct {
	p    []byte
	off  int
	name string
}

func (r *parser) need(field string, n int) error {
	if len(r.p)-r.off < n {
		return wire.Truncated("media", r.name+"."+field, int64(r.off), n, len(r.p)-r.off)
	}
	return nil
}

func (r *parser) malformed(field, expected string) error {
	return &wire.Error{Layer: "media", Field: r.name + "." + field, Offset: int64(r.off), Expected: expected, Err: wire.ErrMalformed}
}

func (r *parser) u8() byte {
	r.off++
	return r.p[r.off-1]
}

func (r *parser) u24() uint32 {
	b := r.p[r.off : r.off+3]
	r.off += 3
	return uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2])
}

func (r *parser) fourCC(field string) (FourCC, error) {
	if err := r.need(field, 4); err != nil {
		return 0, err
	}
	b := r.p[r.off : r.off+4]
	r.off += 4
	return FourCC(uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])), nil
}

// modEx reads ModEx blocks while the packet type says one follows, and
// returns the packet type the last block names.
func (r *parser) modEx(x *Extended, pt, modEx uint8) (uint8, error) {
	for pt == modEx {
		field := "ModEx[" + strconv.Itoa(len(x.ModEx)) + "]"
		if err := r.need(field+".Size", 1); err != nil {
			return 0, err
		}
		m := ModEx{}
		size := int(r.u8()) + 1
		if size == 256 {
			if err := r.need(field+".Size", 2); err != nil {
				return 0, err
			}
			size = int(r.p[r.off])<<8 | int(r.p[r.off+1]) + 1
			r.off += 2
			m.Wide = true
		}
		// The data and the byte naming what follows must both be there.
		if err := r.need(field+".Data", size+1); err != nil {
			return 0, err
		}
		m.Data = r.p[r.off : r.off+size]
		r.off += size
		b := r.u8()
		m.Type, pt = ModExType(b>>4), b&0x0F
		x.ModEx = append(x.ModEx, m)
	}
	return pt, nil
}

// multitrack reads the byte after a Multitrack packet type and, for a
// layout the specification defines, the shared FourCC and the tracks. It
// returns the tracks' packet type.
func (r *parser) multitrack(x *Extended, multi, modEx uint8, video bool) (uint8, error) {
	if err := r.need("MultitrackType", 1); err != nil {
		return 0, err
	}
	b := r.p[r.off]
	x.Multitrack, x.MultitrackType = true, MultitrackType(b>>4)
	pt := b & 0x0F
	if pt == multi || pt == modEx {
		return 0, r.malformed("PacketType", "the tracks' packet type, not Multitrack or ModEx inside a multitrack header (got "+strconv.Itoa(int(pt))+")")
	}
	r.off++
	if !x.MultitrackType.Known() {
		return pt, nil
	}
	if x.MultitrackType != ManyTracksManyCodecs {
		fc, err := r.fourCC("FourCC")
		if err != nil {
			return 0, err
		}
		x.FourCC = fc
	}
	return pt, r.tracks(x, video && pt == uint8(VideoCodedFrames))
}

// tracks reads the tracks of a defined multitrack layout up to the end of
// the payload: at least one. codedFrames says whether a codec with a
// composition time has one at the start of each track's body.
func (r *parser) tracks(x *Extended, codedFrames bool) error {
	for first := true; first || r.off < len(r.p); first = false {
		field := "Tracks[" + strconv.Itoa(len(x.Tracks)) + "]"
		tr := Track{FourCC: x.FourCC}
		if x.MultitrackType == ManyTracksManyCodecs {
			fc, err := r.fourCC(field + ".FourCC")
			if err != nil {
				return err
			}
			tr.FourCC = fc
		}
		if err := r.need(field+".ID", 1); err != nil {
			return err
		}
		tr.ID = r.u8()
		end := len(r.p)
		if x.MultitrackType != OneTrack {
			if err := r.need(field+".Size", 3); err != nil {
				return err
			}
			size := int(r.u24())
			if err := r.need(field+".Body", size); err != nil {
				return err
			}
			end = r.off + size
		}
		if codedFrames && tr.FourCC.HasCompositionTime() {
			if end-r.off < 3 {
				return wire.Truncated("media", r.name+"."+field+".CompositionTime", int64(r.off), 3, end-r.off)
			}
			tr.CompositionTime = s24(r.u24())
		}
		tr.Body = r.p[r.off:end]
		r.off = end
		x.Tracks = append(x.Tracks, tr)
		if x.MultitrackType == OneTrack {
			break
		}
	}
	return nil
}

// s24 sign-extends a 24-bit two's-complement value.
func s24(v uint32) int32 { return int32(v<<8) >> 8 }

// modExSize is the length of the ModEx blocks.
func (x *Extended) modExSize() int {
	n := 0
	for i := range x.ModEx {
		n += 2 + len(x.ModEx[i].Data)
		if x.ModEx[i].Wide {
			n += 2
		}
	}
	return n
}

// multitrackSize is the length of the multitrack part: the multitrack
// byte, the shared FourCC and the tracks with their headers.
func (x *Extended) multitrackSize(codedFrames bool) int {
	n := 1
	if !x.MultitrackType.Known() {
		return n
	}
	if x.MultitrackType != ManyTracksManyCodecs {
		n += 4
	}
	for i := range x.Tracks {
		t := &x.Tracks[i]
		n += 1 + len(t.Body)
		if x.MultitrackType != OneTrack {
			n += 3
		}
		if x.MultitrackType == ManyTracksManyCodecs {
			n += 4
		}
		if codedFrames && x.trackFourCC(t).HasCompositionTime() {
			n += 3
		}
	}
	return n
}

// appendModEx writes the ModEx blocks; first is the wire's first byte with
// its low nibble still clear, next the packet type the last block names.
func (x *Extended) appendModEx(b []byte, first byte, modEx, next uint8, name string) ([]byte, error) {
	if len(x.ModEx) == 0 {
		return append(b, first|next), nil
	}
	b = append(b, first|modEx)
	for i := range x.ModEx {
		m := &x.ModEx[i]
		field := name + ".ModEx[" + strconv.Itoa(i) + "]"
		n := len(m.Data)
		switch {
		case n < 1 || n > MaxModExData:
			return b, invalid(field+".Data", "1 to 65536 bytes, has "+strconv.Itoa(n))
		case n >= 256 && !m.Wide:
			return b, invalid(field+".Wide", "the long size form for 256 bytes and more")
		case m.Type > 15:
			return b, invalid(field+".Type", "a 4-bit ModEx type")
		}
		if m.Wide {
			b = append(b, 0xFF, byte((n-1)>>8), byte(n-1))
		} else {
			b = append(b, byte(n-1))
		}
		b = append(b, m.Data...)
		pt := modEx
		if i == len(x.ModEx)-1 {
			pt = next
		}
		b = append(b, byte(m.Type)<<4|pt)
	}
	return b, nil
}

// appendMultitrack writes the multitrack byte, the shared FourCC and the
// tracks.
// body is the tag's Body, which a defined layout has no room for: the
// last track runs to the end of the message.
func (x *Extended) appendMultitrack(b []byte, pt uint8, codedFrames bool, body []byte, name string) ([]byte, error) {
	switch {
	case x.MultitrackType > 15:
		return b, invalid(name+".MultitrackType", "a 4-bit multitrack type")
	case x.MultitrackType.Known() && len(body) > 0:
		return b, invalid(name+".Body", "no body beside the tracks of a defined multitrack layout (has "+strconv.Itoa(len(body))+" bytes)")
	}
	b = append(b, byte(x.MultitrackType)<<4|pt)
	if !x.MultitrackType.Known() {
		return b, nil
	}
	switch {
	case len(x.Tracks) == 0:
		return b, invalid(name+".Tracks", "at least one track")
	case x.MultitrackType == OneTrack && len(x.Tracks) != 1:
		return b, invalid(name+".Tracks", "exactly one track in a OneTrack message, has "+strconv.Itoa(len(x.Tracks)))
	}
	if x.MultitrackType != ManyTracksManyCodecs {
		b = appendFourCC(b, x.FourCC)
	}
	for i := range x.Tracks {
		t := &x.Tracks[i]
		if x.MultitrackType == ManyTracksManyCodecs {
			b = appendFourCC(b, t.FourCC)
		}
		b = append(b, t.ID)
		ct := codedFrames && x.trackFourCC(t).HasCompositionTime()
		if x.MultitrackType != OneTrack {
			n := len(t.Body)
			if ct {
				n += 3
			}
			if n > 0xFFFFFF {
				return b, invalid(name+".Tracks["+strconv.Itoa(i)+"].Body", "at most 16777215 bytes with the composition time, as a UI24 size says")
			}
			b = append(b, byte(n>>16), byte(n>>8), byte(n))
		}
		if ct {
			var err error
			if b, err = appendS24(b, t.CompositionTime, name+".Tracks["+strconv.Itoa(i)+"].CompositionTime"); err != nil {
				return b, err
			}
		}
		b = append(b, t.Body...)
	}
	return b, nil
}

// trackFourCC is the codec the wire says a track has: its own only in a
// ManyTracksManyCodecs message.
func (x *Extended) trackFourCC(t *Track) FourCC {
	if x.MultitrackType == ManyTracksManyCodecs {
		return t.FourCC
	}
	return x.FourCC
}

func appendFourCC(b []byte, f FourCC) []byte {
	return append(b, byte(f>>24), byte(f>>16), byte(f>>8), byte(f))
}

func appendS24(b []byte, v int32, field string) ([]byte, error) {
	if v < -1<<23 || v >= 1<<23 {
		return b, invalid(field, "a signed 24-bit value, got "+strconv.Itoa(int(v)))
	}
	return append(b, byte(v>>16), byte(v>>8), byte(v)), nil
}

// invalid reports a field Append cannot write; the Append that called it
// sets the offset (where the field would have gone) with at.
func invalid(field, expected string) error {
	return &wire.Error{Layer: "media", Field: field, Expected: expected, Err: wire.ErrConstraint}
}

// at gives an error from invalid the offset, in the caller's output, the
// encoding had reached.
func at(err error, off int) error {
	if we, ok := err.(*wire.Error); ok {
		we.Offset = int64(off)
	}
	return err
}
