// Package flv reads and writes FLV files (Adobe FLV and F4V File Format
// Specification 10.1, Annex E) byte for byte: the header, the first
// previous-tag size, and the tags. An FLV body is exactly the payload of an
// RTMP aggregate message (RTMP 1.0 §7.1.6): tags shaped as sub-messages,
// each followed by a back pointer, the previous tag size. So the tags are
// message.SubMessage values and their layout is the aggregate's, written
// once in spec/message.json; what a recorder receives over RTMP goes into a
// file unchanged.
package flv

import (
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// Signature is the FileHeader.Signature of every FLV file.
var Signature = [3]byte{'F', 'L', 'V'}

// File is a whole FLV file as decoded: enough to write it back byte for
// byte. Extra, Tags' payloads and everything under them alias the input.
type File struct {
	Header FileHeader
	// Extra holds the bytes a DataOffset above 9 leaves between the header
	// and the first previous-tag size.
	Extra []byte
	// PreviousTagSize0 is the u32 before the first tag, 0 as written.
	PreviousTagSize0 uint32
	// Tags are the tags in file order; each BackPointer is the previous
	// tag size written after it, kept as sent (BackPointerValid checks it).
	Tags []message.SubMessage

	body message.Aggregate
}

// DecodeAll decodes a whole FLV file into f, reusing f.Tags. Errors are
// *wire.Error values of layer "flv" with offsets in b: a signature other
// than "FLV", a data offset below 9 or past the input, a tag that runs
// past the end (io.ErrUnexpectedEOF when the file is cut short).
func (f *File) DecodeAll(b []byte) error {
	f.Extra, f.Tags = nil, f.Tags[:0]
	n, err := f.Header.Decode(b)
	if err != nil {
		return err
	}
	if f.Header.Signature != Signature {
		return &wire.Error{Layer: "flv", Field: "FileHeader.Signature", Offset: 0,
			Expected: `"FLV"`, Err: wire.ErrConstraint}
	}
	if f.Header.DataOffset < FileHeaderLen || uint64(f.Header.DataOffset) > uint64(len(b)) {
		return &wire.Error{Layer: "flv", Field: "FileHeader.DataOffset", Offset: 5,
			Expected: "a header length of 9 up to the file's " + strconv.Itoa(len(b)) + " bytes, got " + strconv.FormatUint(uint64(f.Header.DataOffset), 10), Err: wire.ErrConstraint}
	}
	if off := int(f.Header.DataOffset); off > n {
		f.Extra, n = b[n:off], off
	}
	var pts previousTagSize
	k, err := pts.Decode(b[n:])
	if err != nil {
		return wire.Shift(reField(err, "PreviousTagSize0"), int64(n))
	}
	f.PreviousTagSize0 = pts.TagSize
	n += k
	f.body.Subs = f.Tags
	err = f.body.DecodeAll(b[n:])
	f.Tags = f.body.Subs
	if err != nil {
		return wire.Shift(reField(err, ""), int64(n))
	}
	return nil
}

// reField puts an error from the layouts the file borrows into FLV's terms:
// layer flv, the aggregate called the tags.
func reField(err error, field string) error {
	var we *wire.Error
	if !errors.As(err, &we) {
		return err
	}
	c := *we
	c.Layer = "flv"
	if field != "" {
		c.Field = field
	} else {
		c.Field = strings.Replace(c.Field, "Aggregate", "Tags", 1)
	}
	return &c
}

// Append appends f's wire form: header, Extra, the first previous-tag
// size, the tags with their back pointers as recorded.
func (f *File) Append(b []byte) ([]byte, error) {
	orig := b
	b, err := f.Header.Append(b)
	if err != nil {
		return orig, err
	}
	b = append(b, f.Extra...)
	b, _ = (&previousTagSize{TagSize: f.PreviousTagSize0}).Append(b)
	body := message.Aggregate{Subs: f.Tags}
	if b, err = body.Append(b); err != nil {
		return orig, reField(err, "")
	}
	return b, nil
}

// Writer writes an FLV file as tags arrive: what a recorder needs.
type Writer struct {
	w    io.Writer
	buf  []byte
	tag  [1]message.SubMessage
	body message.Aggregate
}

// NewWriter writes the header (version 1, the flags for audio and video as
// given, data offset 9) and the first previous-tag size to w.
func NewWriter(w io.Writer, audio, video bool) (*Writer, error) {
	h := FileHeader{Signature: Signature, Version: Version1, DataOffset: FileHeaderLen}
	if audio {
		h.TypeFlags |= FlagAudio
	}
	if video {
		h.TypeFlags |= FlagVideo
	}
	wr := &Writer{w: w}
	wr.buf, _ = h.Append(wr.buf[:0])
	wr.buf, _ = (&previousTagSize{}).Append(wr.buf)
	_, err := w.Write(wr.buf)
	return wr, err
}

// WriteTag writes one tag: an audio (8), video (9) or script data (18)
// message's payload at timestamp ts, and the previous tag size after it.
// The stream ID is 0, as the specification asks.
func (wr *Writer) WriteTag(t rtmp.MessageType, ts uint32, payload []byte) error {
	wr.tag[0] = message.NewSubMessage(t, ts, 0, payload)
	wr.body.Subs = wr.tag[:]
	b, err := wr.body.Append(wr.buf[:0])
	wr.buf = b[:0]
	if err != nil {
		return reField(err, "")
	}
	_, err = wr.w.Write(b)
	return err
}
