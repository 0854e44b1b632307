package cli

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/amf3"
	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/chunk/session"
	"github.com/rtmpcodec/rtmpcodec/codec/handshake"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
)

// needContextError reports a lone chunk that leans on header fields the
// input does not have and the flags did not supply; nothing sensible can be
// shown for it, so no document is printed.
type needContextError struct{ msg string }

func (e *needContextError) Error() string { return e.msg }

// decodeSession decodes a captured TCP direction through codec/chunk/session:
// the handshake parts, then chunks.
func decodeSession(data []byte, opts *decodeOptions, start session.Start) (*Document, error) {
	if start == session.AtHandshake {
		if err := checkVersion(data[0]); err != nil {
			return nil, err
		}
	}
	doc := &Document{Format: formatVersion, Layer: "session", Length: len(data)}
	return doc, decodeDirection(doc, data, start, opts)
}

// decodeHandshakeOnly decodes input that holds handshake packets and
// nothing else: C0+C1 (1537 bytes), one 1536-byte packet, or a whole
// direction (3073 bytes).
func decodeHandshakeOnly(data []byte, opts *decodeOptions) (*Document, error) {
	doc := &Document{Format: formatVersion, Layer: "handshake", Length: len(data)}
	start := session.AtHandshake
	if len(data) == handshake.C2S2Len {
		start = session.AtReply
		doc.Assumed = append(doc.Assumed, "a lone 1536-byte packet is read as C2/S2 (C1/S1 has the same shape: time, a 4-byte field, 1528 bytes)")
	} else if err := checkVersion(data[0]); err != nil {
		return nil, err
	}
	hs, _ := session.NewReader(bytes.NewReader(data), start, nil).Handshake()
	handshakeParts(doc, hs, opts.peerHello)
	switch {
	case start == session.AtHandshake && len(data) == handshake.HelloLen:
		// C0+C1 alone is a whole first segment, not a cut-short direction.
		return doc, nil
	case hs.Handshake == nil && hs.Reply == nil:
		doc.Error = hs.Err.Error()
		return doc, hs.Err
	case len(data) > len(hs.HandshakeBytes):
		off := len(hs.HandshakeBytes)
		return nil, fmt.Errorf("handshake: at offset %d: %d bytes after the handshake; decode them with -layer session", off, len(data)-off)
	}
	return doc, nil
}

// checkVersion refuses a first byte that cannot open a handshake.
func checkVersion(c0 byte) error {
	if handshakeVersion(c0) {
		return nil
	}
	return fmt.Errorf("handshake: C0/S0 at offset 0: version %d: expected 3 (plain RTMP) or 6..10", c0)
}

// handshakeParts describes the handshake packets the session decoder
// framed: each whole one by its fields, one the capture ends inside as
// bytes. A whole part is exactly its layout's length, so decoding it
// cannot fail.
func handshakeParts(doc *Document, dir *session.Direction, peer *[handshake.C1S1Len]byte) {
	for _, p := range dir.Parts() {
		hp := HandshakePart{Name: p.Name, Offset: p.Offset, Length: len(p.Bytes)}
		switch {
		case !p.Whole():
			hp.Bytes = hex.EncodeToString(p.Bytes)
		case p.Name == "C0/S0":
			var c0 handshake.C0S0
			_ = c0.DecodeAll(p.Bytes)
			v := uint8(c0.Version)
			hp.Version = &v
		case p.Name == "C1/S1":
			var c1 handshake.C1S1
			_ = c1.DecodeAll(p.Bytes)
			hp.Time, hp.Field2, hp.Random = &c1.Time, &c1.Version, hex.EncodeToString(c1.Random[:])
			hp.Digest = digestDoc((*[handshake.C1S1Len]byte)(p.Bytes), p.Offset)
		default:
			var c2 handshake.C2S2
			_ = c2.DecodeAll(p.Bytes)
			hp.Time, hp.Field2, hp.Random = &c2.Time, &c2.Time2, hex.EncodeToString(c2.Random[:])
			hp.Signature = signatureDoc((*[handshake.C2S2Len]byte)(p.Bytes), peer)
		}
		doc.Handshake = append(doc.Handshake, hp)
	}
}

func decodeChunkLayer(data []byte, opts *decodeOptions) (*Document, error) {
	doc := &Document{Format: formatVersion, Layer: "chunks", Length: len(data)}
	err := decodeDirection(doc, data, session.AtChunks, opts)
	var nc *needContextError
	// Input cut inside its first chunk still decodes as far as it goes: the
	// message it started and the bytes of the cut chunk are shown.
	if (len(doc.Chunks) == 0 && err != nil && !isTruncation(err)) || errors.As(err, &nc) {
		return nil, err
	}
	return doc, err
}

// chunkContext supplies the context flags give a chunk stream whose first
// chunk leans on an earlier header, and remembers which streams it was
// asked about so the document can say what it assumed.
type chunkContext struct {
	opts  *decodeOptions
	asked []uint32 // csids, in the order first asked
}

func (c *chunkContext) context(csid uint32) (chunk.Context, bool) {
	if !contains(c.asked, csid) {
		c.asked = append(c.asked, csid)
	}
	ctx := chunk.Context{Timestamp: c.opts.timestamp, StreamID: c.opts.streamID}
	if c.opts.length >= 0 {
		ctx.Length = uint32(c.opts.length)
	}
	if c.opts.msgType >= 0 {
		ctx.Type = rtmp.MessageType(c.opts.msgType)
	}
	return ctx, true
}

// decodeDirection decodes data from start with codec/chunk/session and
// fills doc: handshake parts, what is left, and the chunks and messages as
// lists decoded again while they are written. This pass keeps only what it
// needs to describe the input before the lists: the streams it assumed a
// context for, the message the input ends inside, the error.
func decodeDirection(doc *Document, data []byte, start session.Start, opts *decodeOptions) error {
	cc := &chunkContext{opts: opts}
	copts := opts.chunkLimits
	copts.ChunkSize, copts.LenientExtendedTimestamp, copts.Context = opts.chunkSize, opts.lenient, cc.context
	rd := session.NewReader(bytes.NewReader(data), start, &copts)
	hs, _ := rd.Handshake()
	handshakeParts(doc, hs, opts.peerHello)
	if start != session.AtChunks && hs.Handshake == nil && hs.Reply == nil {
		doc.Error = hs.Err.Error()
		return hs.Err
	}
	if len(hs.HandshakeBytes) == len(data) {
		return nil
	}
	doc.ChunkSize = opts.chunkSize
	if doc.ChunkSize == 0 {
		doc.ChunkSize = chunk.DefaultChunkSize
	} else {
		doc.Assumed = append(doc.Assumed, fmt.Sprintf("chunk size %d at the start of the chunks (%s)", opts.chunkSize, opts.source("chunk-size")))
	}

	type first struct {
		format chunk.Format
		offset int64
	}
	firstChunk := map[uint32]first{}
	lists := &streamedLists{}
	var err error
	for {
		var c *chunk.Chunk
		if c, err = rd.ReadChunk(); err != nil {
			break
		}
		if _, seen := firstChunk[c.CSID]; !seen {
			firstChunk[c.CSID] = first{c.Format, c.Offset}
		}
		lists.chunks++
		if c.Message != nil {
			lists.messages++
		}
	}
	if err == io.EOF {
		err = nil
	}
	if err != nil {
		if m := rd.Incomplete(); m != nil {
			v := messageView(m, opts.amf)
			doc.Incomplete = &v
		}
		if rest := data[rd.Offset():]; len(rest) > 0 {
			doc.Rest = hex.EncodeToString(rest)
		}
		doc.Error = err.Error()
	}
	for _, csid := range cc.asked {
		f := firstChunk[csid].format
		if (f == chunk.Format2 || f == chunk.Format3) && (opts.length < 0 || opts.msgType < 0) {
			return &needContextError{fmt.Sprintf("chunks: csid %d at offset %d: the first chunk is fmt %d, which carries no message length or type; supply -length and -type (and -stream-id, -timestamp)", csid, firstChunk[csid].offset, f)}
		}
		what := "message stream ID " + strconv.FormatUint(uint64(opts.streamID), 10) + " and previous timestamp " + strconv.FormatUint(uint64(opts.timestamp), 10)
		if f == chunk.Format2 || f == chunk.Format3 {
			what += fmt.Sprintf(", message length %d, type 0x%02x", opts.length, opts.msgType)
		}
		doc.Assumed = append(doc.Assumed, fmt.Sprintf("csid %d: first chunk is fmt %d with no earlier header in the input; assumed %s (change with -stream-id, -timestamp, -length, -type)", csid, f, what))
	}

	// The lists decode the same bytes with the same options again; the
	// error they end with is the one this pass recorded.
	again := func() *session.Reader {
		rd := session.NewReader(bytes.NewReader(data), start, &copts)
		_, _ = rd.Handshake()
		return rd
	}
	lists.eachChunk = func(emit func(*ChunkDoc) error) error {
		rd, completed := again(), 0
		for {
			c, err := rd.ReadChunk()
			if err != nil {
				return nil
			}
			cd := chunkDoc(c)
			if c.Message != nil {
				n := completed
				cd.Completes = &n
				completed++
			}
			if err := emit(&cd); err != nil {
				return err
			}
		}
	}
	lists.eachMessage = func(emit func(*MessageDoc) error) error {
		rd := again()
		for {
			m, err := rd.ReadMessage()
			if err != nil {
				return nil
			}
			v := messageView(m, opts.amf)
			if err := emit(&v); err != nil {
				return err
			}
		}
	}
	doc.lists = lists
	return err
}

func u32(v uint32) *uint32 { return &v }

func chunkDoc(c *chunk.Chunk) ChunkDoc {
	cd := ChunkDoc{
		Offset:      c.Offset,
		Fmt:         uint8(c.Format),
		CSID:        c.CSID,
		BasicHeader: uint8(c.Form),
		Payload:     hex.EncodeToString(c.Fragment),
	}
	header := c.HeaderLen()
	if c.Extended {
		cd.ExtendedTimestamp = u32(c.ExtendedValue)
	}
	cd.Length = header + len(c.Fragment)
	switch c.Format {
	case chunk.Format0:
		typ := uint8(c.Type)
		cd.Timestamp, cd.MessageLength, cd.Type, cd.StreamID = u32(c.Timestamp), u32(c.Length), &typ, u32(c.StreamID)
	case chunk.Format1:
		typ := uint8(c.Type)
		cd.Delta, cd.MessageLength, cd.Type = u32(c.Delta), u32(c.Length), &typ
	case chunk.Format2:
		cd.Delta = u32(c.Delta)
	}
	return cd
}

func aliasNames(t rtmp.MessageType) []string {
	var names []string
	for _, a := range t.Aliases() {
		if !contains(names, a.Name) {
			names = append(names, a.Name)
		}
	}
	return names
}

func chunkCount(runs []chunk.Header) int {
	n := 0
	for _, h := range runs {
		n += int(h.Count)
	}
	return n
}

func messageView(m *chunk.Message, lim amfOptions) MessageDoc {
	off := m.Offset
	complete := m.Complete()
	chunks := chunkCount(m.Chunks)
	v := MessageDoc{
		Offset:    &off,
		CSID:      m.CSID,
		Timestamp: u32(m.Timestamp),
		Type:      uint8(m.Type),
		TypeName:  m.Type.String(),
		Aliases:   aliasNames(m.Type),
		StreamID:  u32(m.StreamID),
		Length:    int(m.Length),
		Chunks:    chunks,
		Complete:  &complete,
	}
	if x := m.Discarded; x != nil {
		v.Discarded = &DiscardedDoc{CSID: x.CSID, Offset: x.Offset, Type: uint8(x.Type), TypeName: x.Type.String(),
			StreamID: x.StreamID, Timestamp: x.Timestamp, Length: int(x.Length), Received: len(x.Payload),
			Chunks: chunkCount(x.Chunks), Payload: hex.EncodeToString(x.Payload)}
	}
	if complete {
		v.Body, v.BodyError = bodyView(m.Type, m.Payload, lim)
	} else {
		v.BodyError = fmt.Sprintf("only %d of %d bytes arrived", len(m.Payload), m.Length)
	}
	return v
}

func decodeMessageLayer(data []byte, opts *decodeOptions) (*Document, error) {
	if opts.msgType < 0 {
		return nil, &usageError{"-layer message needs -type (the message type ID, e.g. -type 0x14)"}
	}
	t := rtmp.MessageType(opts.msgType)
	doc := &Document{Format: formatVersion, Layer: "message", Length: len(data)}
	doc.Assumed = append(doc.Assumed, fmt.Sprintf("message type 0x%02x (%s)", opts.msgType, opts.source("type")))
	md := MessageDoc{Type: uint8(t), TypeName: t.String(), Aliases: aliasNames(t), Length: len(data), Payload: hex.EncodeToString(data)}
	md.Body, md.BodyError = bodyView(t, data, opts.amf)
	doc.Message = &md
	if md.BodyError != "" {
		doc.Error = md.BodyError
		return doc, errors.New(md.BodyError)
	}
	return doc, nil
}

// decodeAMF0Layer checks that data is a sequence of AMF0 values and
// returns a document that converts them one at a time as it is written.
// The decoder's limits bound what it holds (references may point back at
// any earlier value, so the values themselves stay until the end).
func decodeAMF0Layer(data []byte, lim amfOptions) (*Document, error) {
	d := amf0.Decoder{Limits: lim.Limits, AMF3Scope: lim.scope}
	vals, err := d.Decode(data)
	if err != nil {
		return nil, err
	}
	doc := &Document{Format: formatVersion, Layer: "amf0", Length: len(data)}
	doc.lists = &streamedLists{values: len(vals), eachValue: func(emit func(*AMF0) error) error {
		for _, v := range vals {
			j := toJSON(v)
			if err := emit(&j); err != nil {
				return err
			}
		}
		return nil
	}}
	return doc, nil
}

// decodeAMF3Layer decodes a bare AMF3 payload (values one after another,
// one set of reference tables), with the AMF0 limits' numbers.
func decodeAMF3Layer(data []byte, lim amfOptions) (*Document, error) {
	d := amf3.Decoder{Limits: amf3.Limits{MaxDepth: lim.MaxDepth, MaxValues: lim.MaxValues, MaxStringBytes: lim.MaxStringBytes}}
	vals, err := d.Decode(data)
	if err != nil {
		return nil, err
	}
	return &Document{Format: formatVersion, Layer: "amf3", Length: len(data), AMF3Values: amf3ValuesJSON(vals)}, nil
}
