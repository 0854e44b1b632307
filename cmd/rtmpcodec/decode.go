package main

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/chunk/session"
	"github.com/rtmpcodec/rtmpcodec/codec/handshake"
	"github.com/rtmpcodec/rtmpcodec/codec/hexdump"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

var layers = []string{"auto", "session", "handshake", "chunks", "message", "amf0"}

// decodeOptions are the flags of decode after input hints were applied.
type decodeOptions struct {
	layer     string
	format    string
	msgType   int64 // -1 when not given
	chunkSize uint32
	streamID  uint32
	timestamp uint32
	length    int64 // -1 when not given
	lenient   bool
	partial   bool
	// hinted lists the options taken from "# key: value" input lines.
	hinted []string
}

func runDecode(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("decode", stdout)
	layer := fs.String("layer", "auto", "what the bytes are: "+strings.Join(layers, "|"))
	format := fs.String("format", "text", "output: text or json")
	typ := fs.String("type", "", "message type ID for -layer message, or for a lone chunk whose header does not carry one (e.g. 0x14)")
	chunkSize := fs.Uint("chunk-size", 0, "chunk size in force at the start of the input (default 128)")
	streamID := fs.Uint("stream-id", 0, "message stream ID assumed for a chunk stream whose first chunk is fmt 1/2/3")
	timestamp := fs.Uint("timestamp", 0, "previous timestamp assumed for a chunk stream whose first chunk is fmt 1/2/3")
	length := fs.Int64("length", -1, "message length assumed for a chunk stream whose first chunk is fmt 2/3")
	lenient := fs.Bool("lenient-extended-timestamp", false, "accept peers that omit the extended timestamp on fmt 3 chunks")
	partial := fs.Bool("partial", false, "exit 0 when the input ends inside a message or handshake")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	opts := decodeOptions{layer: *layer, format: *format, msgType: -1, length: *length, lenient: *lenient, partial: *partial}
	if !contains(layers, opts.layer) {
		return &usageError{fmt.Sprintf("-layer %q: want one of %s", opts.layer, strings.Join(layers, ", "))}
	}
	if opts.format != "text" && opts.format != "json" {
		return &usageError{fmt.Sprintf("-format %q: want text or json", opts.format)}
	}
	if *typ != "" {
		v, err := strconv.ParseUint(*typ, 0, 8)
		if err != nil {
			return &usageError{fmt.Sprintf("-type %q: want a message type ID 0..255, e.g. 0x14", *typ)}
		}
		opts.msgType = int64(v)
	}
	if *chunkSize > 0x7FFFFFFF || *streamID > 0xFFFFFFFF || *timestamp > 0xFFFFFFFF || *length > 0xFFFFFF {
		return &usageError{"-chunk-size, -stream-id, -timestamp or -length out of range"}
	}
	opts.chunkSize, opts.streamID, opts.timestamp = uint32(*chunkSize), uint32(*streamID), uint32(*timestamp)

	src, name, err := openInput(fs, stdin)
	if err != nil {
		return err
	}
	if err := applyHints(src, &opts, set); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	data, err := hexdump.Decode(src)
	if err != nil {
		return fmt.Errorf("%s: reading hex: %w", name, err)
	}
	if len(data) == 0 {
		return fmt.Errorf("%s: no hex bytes in the input", name)
	}

	doc, err := decodeBytes(data, &opts)
	if doc == nil {
		return err
	}
	if err != nil && doc.Error == "" {
		doc.Error = err.Error()
	}
	if rerr := render(stdout, doc, opts.format); rerr != nil {
		return rerr
	}
	if err != nil && !(opts.partial && isTruncation(err)) {
		return err
	}
	return nil
}

// applyHints reads "# key: value" lines (the corpus header form) and uses
// them for options the command line did not set.
func applyHints(src []byte, opts *decodeOptions, set map[string]bool) error {
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "#") {
			continue
		}
		key, value, ok := strings.Cut(strings.TrimSpace(line[1:]), ":")
		if !ok {
			continue
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		use := func(flagName string, apply func() error) error {
			if set[flagName] {
				return nil
			}
			if err := apply(); err != nil {
				return fmt.Errorf("input line %q: %v", line, err)
			}
			opts.hinted = append(opts.hinted, key+": "+value)
			return nil
		}
		var err error
		switch key {
		case "layer":
			if opts.layer == "auto" {
				err = use("layer", func() error {
					if !contains(layers, value) {
						return fmt.Errorf("unknown layer")
					}
					opts.layer = value
					return nil
				})
			}
		case "type":
			err = use("type", func() error {
				v, err := strconv.ParseUint(value, 0, 8)
				opts.msgType = int64(v)
				return err
			})
		case "chunk-size":
			err = use("chunk-size", func() error {
				v, err := strconv.ParseUint(value, 0, 31)
				opts.chunkSize = uint32(v)
				return err
			})
		case "context-stream-id":
			err = use("stream-id", func() error {
				v, err := strconv.ParseUint(value, 0, 32)
				opts.streamID = uint32(v)
				return err
			})
		case "context-timestamp":
			err = use("timestamp", func() error {
				v, err := strconv.ParseUint(value, 0, 32)
				opts.timestamp = uint32(v)
				return err
			})
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// hint returns the "# key: value" input line an option was taken from.
func (o *decodeOptions) hint(key string) (string, bool) {
	for _, h := range o.hinted {
		if strings.HasPrefix(h, key+":") {
			return h, true
		}
	}
	return "", false
}

// source says where an option's value came from, for the "assumed" lines.
func (o *decodeOptions) source(key string) string {
	if h, ok := o.hint(key); ok {
		return "from the input's \"# " + h + "\" line"
	}
	return "from -" + key
}

func isTruncation(err error) bool { return errors.Is(err, io.ErrUnexpectedEOF) }

// decodeBytes picks the layer and decodes. It returns a document whenever
// some prefix decoded, with doc.Error set and the error returned when the
// input is cut short or turns malformed; a nil document means nothing
// decoded.
func decodeBytes(data []byte, opts *decodeOptions) (*Document, error) {
	if _, hinted := opts.hint("layer"); hinted {
		doc, err := decodeLayer(data, opts)
		if doc != nil {
			doc.Assumed = append([]string{"layer " + opts.layer + " " + opts.source("layer")}, doc.Assumed...)
		}
		return doc, err
	}
	return decodeLayer(data, opts)
}

func decodeLayer(data []byte, opts *decodeOptions) (*Document, error) {
	switch opts.layer {
	case "session":
		if !handshakeVersion(data[0]) && len(data) >= handshake.C2S2Len {
			doc, err := decodeSession(data, opts, startC2)
			if doc != nil {
				doc.Assumed = append(doc.Assumed, fmt.Sprintf("the capture starts at C2/S2: its first byte 0x%02x is no handshake version", data[0]))
			}
			return doc, err
		}
		return decodeSession(data, opts, startC0)
	case "handshake":
		return decodeHandshakeOnly(data)
	case "chunks":
		return decodeChunkLayer(data, opts)
	case "message":
		return decodeMessageLayer(data, opts)
	case "amf0":
		return decodeAMF0Layer(data)
	}
	return decodeAuto(data, opts)
}

type candidate struct {
	name string
	try  func() (*Document, error)
}

// decodeAuto tries the layers the input could be, in the order a capture is
// most likely to be, and takes the first that decodes cleanly; failing that,
// the first that decodes up to a cut-short end; failing that, it reports the
// error of the most likely layer.
func decodeAuto(data []byte, opts *decodeOptions) (*Document, error) {
	var cands []candidate
	looksLikeSession := handshakeVersion(data[0])
	if looksLikeSession && (len(data) == handshake.HelloLen || len(data) == handshake.DirectionLen) {
		// Exactly C0+C1, or a whole handshake direction with nothing after it.
		cands = append(cands, candidate{"handshake", func() (*Document, error) { return decodeHandshakeOnly(data) }})
	}
	if looksLikeSession && len(data) >= handshake.HelloLen {
		cands = append(cands, candidate{"session", func() (*Document, error) { return decodeSession(data, opts, startC0) }})
	}
	cands = append(cands, candidate{"chunks", func() (*Document, error) { return decodeChunkLayer(data, opts) }})
	if len(data) == handshake.C2S2Len {
		cands = append(cands, candidate{"handshake", func() (*Document, error) { return decodeHandshakeOnly(data) }})
	}
	if len(data) > handshake.C2S2Len {
		cands = append(cands, candidate{"session", func() (*Document, error) { return decodeSession(data, opts, startC2) }})
	}
	cands = append(cands, candidate{"amf0", func() (*Document, error) { return decodeAMF0Layer(data) }})
	if looksLikeSession && len(data) < handshake.HelloLen {
		// A capture of the first bytes of a handshake.
		cands = append(cands, candidate{"session", func() (*Document, error) { return decodeSession(data, opts, startC0) }})
	}

	type result struct {
		doc *Document
		err error
	}
	results := make([]result, len(cands))
	for i, c := range cands {
		doc, err := c.try()
		if doc != nil && err == nil {
			doc.Assumed = append([]string{"layer " + c.name + " (auto: the first layer the whole input decodes as)"}, doc.Assumed...)
			return doc, nil
		}
		results[i] = result{doc, err}
	}
	for i, r := range results {
		if r.doc != nil && isTruncation(r.err) {
			r.doc.Assumed = append([]string{"layer " + cands[i].name + " (auto: no layer decodes the whole input; this one decodes it up to where it is cut short)"}, r.doc.Assumed...)
			return r.doc, r.err
		}
	}
	first := results[0]
	if first.err == nil {
		first.err = errors.New("input decodes as no layer")
	}
	return nil, fmt.Errorf("no layer decodes the input (tried %s); as %s: %w", candidateNames(cands), cands[0].name, first.err)
}

func candidateNames(cands []candidate) string {
	var names []string
	for _, c := range cands {
		if !contains(names, c.name) {
			names = append(names, c.name)
		}
	}
	return strings.Join(names, ", ")
}

// handshakeVersion reports whether b can open a handshake: 3 for plain
// RTMP, 6 and up for the encrypted variants.
func handshakeVersion(b byte) bool { return b == handshake.VersionPlain || (b >= 6 && b <= 10) }

type sessionStart int

const (
	startC0 sessionStart = iota // C0 C1 C2, then chunks
	startC2                     // a capture that begins at C2/S2 (a client's second segment)
)

// decodeSession decodes a TCP direction: the handshake parts, then chunks.
func decodeSession(data []byte, opts *decodeOptions, start sessionStart) (*Document, error) {
	doc := &Document{Format: formatVersion, Layer: "session", Length: len(data)}
	off, err := decodeHandshakeParts(doc, data, start)
	if err != nil {
		if off == 0 {
			return nil, err
		}
		doc.Error = err.Error()
		return doc, err
	}
	if off == len(data) {
		return doc, nil
	}
	err = decodeChunksInto(doc, data[off:], int64(off), opts)
	var nc *needContextError
	if errors.As(err, &nc) {
		return nil, err
	}
	return doc, err
}

// decodeHandshakeParts appends the handshake parts at the start of data and
// returns how many bytes they took.
func decodeHandshakeParts(doc *Document, data []byte, start sessionStart) (int, error) {
	type part struct {
		name string
		size int
	}
	parts := []part{{"C0/S0", handshake.C0S0Len}, {"C1/S1", handshake.C1S1Len}, {"C2/S2", handshake.C2S2Len}}
	if start == startC2 {
		parts = parts[2:]
	}
	off := 0
	for _, p := range parts {
		hp := HandshakePart{Name: p.name, Offset: off}
		if len(data)-off < p.size {
			// A part the input ends inside is kept as bytes; one that did
			// not start is left out, since it holds nothing to write back.
			if off < len(data) {
				hp.Length = len(data) - off
				hp.Bytes = hex.EncodeToString(data[off:])
				doc.Handshake = append(doc.Handshake, hp)
			}
			return len(data), fmt.Errorf("handshake: %s at offset %d: %w: expected %d bytes, input has %d", p.name, off, io.ErrUnexpectedEOF, p.size, len(data)-off)
		}
		raw := data[off : off+p.size]
		hp.Length = p.size
		switch p.name {
		case "C0/S0":
			var c0 handshake.C0S0
			if _, err := c0.Decode(raw); err != nil {
				return off, err
			}
			if !handshakeVersion(c0.Version) {
				return off, fmt.Errorf("handshake: C0/S0 at offset %d: version %d: expected 3 (plain RTMP) or 6..10", off, c0.Version)
			}
			hp.Version = &c0.Version
		case "C1/S1":
			var c1 handshake.C1S1
			if _, err := c1.Decode(raw); err != nil {
				return off, err
			}
			hp.Time, hp.Field2, hp.Random = &c1.Time, &c1.Zero, hex.EncodeToString(c1.Random[:])
		case "C2/S2":
			var c2 handshake.C2S2
			if _, err := c2.Decode(raw); err != nil {
				return off, err
			}
			hp.Time, hp.Field2, hp.Random = &c2.Time, &c2.Time2, hex.EncodeToString(c2.Echo[:])
		}
		doc.Handshake = append(doc.Handshake, hp)
		off += p.size
	}
	return off, nil
}

// decodeHandshakeOnly decodes input that holds handshake packets and
// nothing else: C0+C1 (1537 bytes), one 1536-byte packet, or a whole
// direction (3073 bytes).
func decodeHandshakeOnly(data []byte) (*Document, error) {
	doc := &Document{Format: formatVersion, Layer: "handshake", Length: len(data)}
	start := startC0
	if len(data) == handshake.C2S2Len {
		start = startC2
		doc.Assumed = append(doc.Assumed, "a lone 1536-byte packet is read as C2/S2 (C1/S1 has the same shape: time, a 4-byte field, 1528 bytes)")
	}
	off, err := decodeHandshakeParts(doc, data, start)
	if err != nil && !isTruncation(err) {
		return nil, err
	}
	if start == startC0 && len(data) == handshake.HelloLen {
		// C0+C1 alone is a whole first segment, not a cut-short direction.
		doc.Handshake = doc.Handshake[:2]
		return doc, nil
	}
	if err != nil {
		doc.Error = err.Error()
		return doc, err
	}
	if off != len(data) {
		err := fmt.Errorf("handshake: at offset %d: %d bytes after the handshake; decode them with -layer session", off, len(data)-off)
		return nil, err
	}
	return doc, nil
}

// needContextError reports a lone chunk that leans on header fields the
// input does not have and the flags did not supply; nothing sensible can be
// shown for it, so no document is printed.
type needContextError struct{ msg string }

func (e *needContextError) Error() string { return e.msg }

func decodeChunkLayer(data []byte, opts *decodeOptions) (*Document, error) {
	doc := &Document{Format: formatVersion, Layer: "chunks", Length: len(data)}
	err := decodeChunksInto(doc, data, 0, opts)
	var nc *needContextError
	if (len(doc.Chunks) == 0 && err != nil) || errors.As(err, &nc) {
		return nil, err
	}
	return doc, err
}

// decodeChunksInto decodes a chunk stream that starts at base in the input.
func decodeChunksInto(doc *Document, data []byte, base int64, opts *decodeOptions) error {
	assumedCSID := map[uint32]bool{}
	var assumedOrder []uint32
	copts := &chunk.Options{
		ChunkSize:                opts.chunkSize,
		LenientExtendedTimestamp: opts.lenient,
		Context: func(csid uint32) (chunk.Context, bool) {
			if !assumedCSID[csid] {
				assumedCSID[csid] = true
				assumedOrder = append(assumedOrder, csid)
			}
			ctx := chunk.Context{Timestamp: opts.timestamp, StreamID: opts.streamID}
			if opts.length >= 0 {
				ctx.Length = uint32(opts.length)
			}
			if opts.msgType >= 0 {
				ctx.Type = rtmp.MessageType(opts.msgType)
			}
			return ctx, true
		},
	}
	doc.ChunkSize = opts.chunkSize
	if doc.ChunkSize == 0 {
		doc.ChunkSize = chunk.DefaultChunkSize
	} else {
		doc.Assumed = append(doc.Assumed, fmt.Sprintf("chunk size %d at the start of the chunks (%s)", opts.chunkSize, opts.source("chunk-size")))
	}

	dir, err := session.Decode(data, session.AtChunks, copts)
	if dir == nil {
		return atInput(err, base)
	}
	type first struct {
		format chunk.Format
		offset int64
	}
	firstChunk := map[uint32]first{}
	completed := 0
	for i := range dir.Chunks {
		c := &dir.Chunks[i]
		if _, seen := firstChunk[c.CSID]; !seen {
			firstChunk[c.CSID] = first{c.Format, c.Offset + base}
		}
		cd := chunkDoc(c, base)
		if c.Message != nil {
			n := completed
			cd.Completes = &n
			completed++
		}
		doc.Chunks = append(doc.Chunks, cd)
	}
	for _, csid := range assumedOrder {
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
	for _, m := range dir.Messages {
		doc.Messages = append(doc.Messages, messageView(m, base))
	}
	if dir.Cut != nil {
		v := messageView(dir.Cut, base)
		doc.Incomplete = &v
	}
	if len(dir.Rest) > 0 {
		doc.Rest = hex.EncodeToString(dir.Rest)
	}
	if dir.Err != nil {
		err = dir.Err
	}
	if err != nil {
		err = atInput(err, base)
		doc.Error = err.Error()
	}
	return err
}

// atInput moves a codec error's offset from the chunk stream to the input.
func atInput(err error, base int64) error {
	if err == nil {
		return nil
	}
	return wire.Shift(err, base)
}

func u32(v uint32) *uint32 { return &v }

func chunkDoc(c *chunk.Chunk, base int64) ChunkDoc {
	cd := ChunkDoc{
		Offset:      c.Offset + base,
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

func messageView(m *chunk.Message, base int64) MessageDoc {
	off := m.Offset + base
	complete := m.Complete()
	chunks := 0
	for _, h := range m.Chunks {
		chunks += int(h.Count)
	}
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
	if complete {
		v.Body, v.BodyError = bodyView(m.Type, m.Payload)
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
	md.Body, md.BodyError = bodyView(t, data)
	doc.Message = &md
	if md.BodyError != "" {
		doc.Error = md.BodyError
		return doc, errors.New(md.BodyError)
	}
	return doc, nil
}

func decodeAMF0Layer(data []byte) (*Document, error) {
	vals, err := amf0.Decode(data)
	if err != nil {
		return nil, err
	}
	return &Document{Format: formatVersion, Layer: "amf0", Length: len(data), Values: valuesToJSON(vals)}, nil
}

func render(w io.Writer, doc *Document, format string) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(doc)
	}
	return writeText(w, doc)
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
