package cli

import (
	"bytes"
	"encoding/hex"
	"fmt"

	"github.com/rtmpcodec/rtmpcodec/codec/flv"
	"github.com/rtmpcodec/rtmpcodec/codec/message"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// FLVDoc is an FLV file: the header, the first previous-tag size and the
// tags, each with the same body view a message gets (media headers named,
// script data as AMF). Wire: every field but the views; encode rebuilds
// the file from them.
type FLVDoc struct {
	Version          uint8       `json:"version"`
	TypeFlags        uint8       `json:"type_flags"`
	DataOffset       uint32      `json:"data_offset"`
	Extra            string      `json:"extra,omitempty"` // hex: bytes a data offset above 9 leaves
	PreviousTagSize0 uint32      `json:"previous_tag_size0"`
	Tags             []FLVTagDoc `json:"tags"`
}

// FLVTagDoc is one tag: its header, payload and back pointer as sent.
type FLVTagDoc struct {
	Offset    int64  `json:"offset"`
	Type      uint8  `json:"type"`
	TypeName  string `json:"type_name"`
	Timestamp uint32 `json:"timestamp"` // the extended byte included
	StreamID  uint32 `json:"stream_id"`
	Length    int    `json:"length"`
	Payload   string `json:"payload"` // hex
	// BackPointer is the previous tag size written after the tag.
	BackPointer uint32 `json:"back_pointer"`
	Body        *Body  `json:"body,omitempty"`
	BodyError   string `json:"body_error,omitempty"`
}

// flvSignature opens every FLV file: "FLV" and version 1. A binary input
// that starts with it is read as a file, not as hex.
var flvSignature = []byte{'F', 'L', 'V', 1}

func looksLikeFLV(data []byte) bool { return bytes.HasPrefix(data, flvSignature) }

// decodeFLVLayer decodes an FLV file. A file cut short or malformed after
// its header still gives the tags before the problem, the bytes after them
// in Rest and the error.
func decodeFLVLayer(data []byte, lim amfOptions) (*Document, error) {
	var f flv.File
	err := f.DecodeAll(data)
	if len(data) < flv.FileHeaderLen || f.Header.Signature != flv.Signature {
		return nil, err
	}
	fd := &FLVDoc{Version: f.Header.Version, TypeFlags: f.Header.TypeFlags, DataOffset: f.Header.DataOffset,
		Extra: hex.EncodeToString(f.Extra), PreviousTagSize0: f.PreviousTagSize0, Tags: []FLVTagDoc{}}
	off := int64(flv.FileHeaderLen + len(f.Extra) + 4)
	// A file whose header or first back pointer did not decode has nothing
	// a document can hold: its fields would write back other bytes (a
	// data offset below 9 left the back pointer unread, and the document
	// wrote it as 0).
	if err != nil && (f.Header.DataOffset < flv.FileHeaderLen || uint64(f.Header.DataOffset) > uint64(len(data)) || int(off) > len(data)) {
		return nil, err
	}
	for i := range f.Tags {
		s := &f.Tags[i]
		t := FLVTagDoc{Offset: off, Type: uint8(s.Header.Type), TypeName: s.Header.Type.String(), Timestamp: s.Timestamp(),
			StreamID: s.Header.StreamID, Length: len(s.Payload), Payload: hex.EncodeToString(s.Payload), BackPointer: s.BackPointer}
		t.Body, t.BodyError = bodyView(s.Header.Type, s.Payload, lim)
		fd.Tags = append(fd.Tags, t)
		off += int64(message.AggregateHeaderLen + len(s.Payload) + 4)
	}
	doc := &Document{Format: formatVersion, Layer: "flv", Length: len(data), FLV: fd}
	if err != nil {
		doc.Rest = hex.EncodeToString(data[off:])
		doc.Error = err.Error()
	}
	return doc, err
}

// appendFLVDoc writes the file an flv document describes.
func appendFLVDoc(fd *FLVDoc) ([]byte, error) {
	extra, err := hex.DecodeString(fd.Extra)
	if err != nil {
		return nil, fmt.Errorf("json flv.extra: %v", err)
	}
	f := flv.File{Header: flv.FileHeader{Signature: flv.Signature, Version: fd.Version, TypeFlags: fd.TypeFlags, DataOffset: fd.DataOffset},
		Extra: extra, PreviousTagSize0: fd.PreviousTagSize0}
	for i, t := range fd.Tags {
		p, err := hex.DecodeString(t.Payload)
		if err != nil {
			return nil, fmt.Errorf("json flv.tags[%d].payload: %v", i, err)
		}
		s := message.NewSubMessage(rtmp.MessageType(t.Type), t.Timestamp, t.StreamID, p)
		if s.Header.StreamID != t.StreamID {
			return nil, fmt.Errorf("json flv.tags[%d].stream_id: %d does not fit in 24 bits", i, t.StreamID)
		}
		s.BackPointer = t.BackPointer
		f.Tags = append(f.Tags, s)
	}
	return f.Append(nil)
}

// flvText prints an FLV document's header and tags.
func (p *printer) flv(fd *FLVDoc) {
	p.line(0, "FLV version %d, type flags 0x%02x (audio %t, video %t), data offset %d, previous tag size %d",
		fd.Version, fd.TypeFlags, fd.TypeFlags&flv.FlagAudio != 0, fd.TypeFlags&flv.FlagVideo != 0, fd.DataOffset, fd.PreviousTagSize0)
	if fd.Extra != "" {
		p.line(1, "extra header bytes: %s", fd.Extra)
	}
	for i := range fd.Tags {
		t := &fd.Tags[i]
		back := ""
		if t.BackPointer != uint32(message.AggregateHeaderLen+t.Length) {
			back = fmt.Sprintf(" (should be %d)", message.AggregateHeaderLen+t.Length)
		}
		p.line(1, "[%d] @%d type %s, timestamp %d, stream %d, %d bytes, previous tag size %d%s",
			i, t.Offset, typeLabel(t.Type), t.Timestamp, t.StreamID, t.Length, t.BackPointer, back)
		if t.BodyError != "" {
			p.line(2, "not decoded: %s", t.BodyError)
		}
		if t.Body != nil {
			p.body(2, t.Body)
		}
	}
}
