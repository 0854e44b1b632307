package cli

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"

	"github.com/rtmpcodec/rtmpcodec/codec/amf0"
	"github.com/rtmpcodec/rtmpcodec/codec/amf3"
	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/rtmp"
	"github.com/rtmpcodec/rtmpcodec/internal/hexdump"
)

func runEncode(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("encode", stdout)
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	src, name, err := openInput(fs, stdin)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.DisallowUnknownFields()
	var doc Document
	if err := dec.Decode(&doc); err != nil {
		return fmt.Errorf("%s: not a decode -format json document: %v", name, err)
	}
	// One document per input: anything after it (a second document,
	// trailing garbage) would otherwise be dropped without a word.
	if off := dec.InputOffset(); dec.More() || len(bytes.TrimSpace(src[off:])) > 0 {
		return fmt.Errorf("%s: at byte %d: input continues after the JSON document; encode reads exactly one", name, off)
	}
	out, err := encodeDocument(&doc)
	if err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	_, err = stdout.Write(hexdump.AppendHex(nil, out))
	return err
}

// encodeDocument rebuilds the bytes a document describes from its wire
// fields (see document.go).
func encodeDocument(doc *Document) ([]byte, error) {
	if doc.Format != formatVersion {
		return nil, fmt.Errorf("json format: %q, want %q", doc.Format, formatVersion)
	}
	var out []byte
	var err error
	switch doc.Layer {
	case "session", "handshake", "chunks":
		if doc.Layer == "chunks" && len(doc.Handshake) > 0 {
			return nil, fmt.Errorf("json handshake: a chunks document has no handshake")
		}
		for i := range doc.Handshake {
			if out, err = appendHandshakePart(out, &doc.Handshake[i], i); err != nil {
				return nil, err
			}
		}
		if doc.Layer == "handshake" && len(doc.Chunks) > 0 {
			return nil, fmt.Errorf("json chunks: a handshake document has no chunks")
		}
		for i := range doc.Chunks {
			if out, err = appendChunkDoc(out, &doc.Chunks[i], i); err != nil {
				return nil, err
			}
		}
		rest, err := hex.DecodeString(doc.Rest)
		if err != nil {
			return nil, fmt.Errorf("json rest: %v", err)
		}
		out = append(out, rest...)
	case "message":
		if doc.Message == nil {
			return nil, fmt.Errorf("json message: missing")
		}
		if out, err = hex.DecodeString(doc.Message.Payload); err != nil {
			return nil, fmt.Errorf("json message.payload: %v", err)
		}
	case "amf0":
		if len(doc.Values) == 0 {
			return nil, fmt.Errorf("json values: an amf0 document needs at least one value")
		}
		vals := make([]amf0.Value, 0, len(doc.Values))
		for i := range doc.Values {
			v, err := jsonPath(fmt.Sprintf("values[%d]", i)).fromJSON(&doc.Values[i], 0)
			if err != nil {
				return nil, err
			}
			vals = append(vals, v)
		}
		if out, err = amf0.AppendPayload(nil, vals...); err != nil {
			return nil, fmt.Errorf("encoding values: %v", err)
		}
	case "amf3":
		if len(doc.AMF3Values) == 0 {
			return nil, fmt.Errorf("json amf3_values: an amf3 document needs at least one value")
		}
		vals := make([]amf3.Value, 0, len(doc.AMF3Values))
		for i := range doc.AMF3Values {
			v, err := jsonPath(fmt.Sprintf("amf3_values[%d]", i)).fromJSON3(&doc.AMF3Values[i], 0)
			if err != nil {
				return nil, err
			}
			vals = append(vals, v)
		}
		if out, err = amf3.AppendPayload(nil, vals...); err != nil {
			return nil, fmt.Errorf("encoding amf3_values: %v", err)
		}
	case "flv":
		if doc.FLV == nil {
			return nil, fmt.Errorf("json flv: missing")
		}
		if out, err = appendFLVDoc(doc.FLV); err != nil {
			return nil, err
		}
		rest, err := hex.DecodeString(doc.Rest)
		if err != nil {
			return nil, fmt.Errorf("json rest: %v", err)
		}
		out = append(out, rest...)
	default:
		return nil, fmt.Errorf("json layer %q: want session, handshake, chunks, message, amf0, amf3 or flv", doc.Layer)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("json: the document describes no bytes")
	}
	return out, nil
}

func appendHandshakePart(b []byte, h *HandshakePart, i int) ([]byte, error) {
	p := jsonPath(fmt.Sprintf("handshake[%d]", i))
	if h.Bytes != "" {
		raw, err := hex.DecodeString(h.Bytes)
		if err != nil {
			return nil, p.errorf("bytes: %v", err)
		}
		return append(b, raw...), nil
	}
	switch h.Name {
	case "C0/S0":
		if h.Version == nil {
			return nil, p.errorf("version missing")
		}
		return append(b, *h.Version), nil
	case "C1/S1", "C2/S2":
		if h.Time == nil || h.Field2 == nil {
			return nil, p.errorf("time and field2 are required")
		}
		random, err := hex.DecodeString(h.Random)
		if err != nil || len(random) != 1528 {
			return nil, p.errorf("random: want 1528 bytes of hex")
		}
		b = append(b, byte(*h.Time>>24), byte(*h.Time>>16), byte(*h.Time>>8), byte(*h.Time))
		b = append(b, byte(*h.Field2>>24), byte(*h.Field2>>16), byte(*h.Field2>>8), byte(*h.Field2))
		return append(b, random...), nil
	}
	return nil, p.errorf("name %q: want C0/S0, C1/S1 or C2/S2", h.Name)
}

// appendChunkDoc writes one chunk. The fields a chunk's fmt carries must be
// present and the others absent, so a document cannot silently describe
// bytes other than the ones it shows.
func appendChunkDoc(b []byte, cd *ChunkDoc, i int) ([]byte, error) {
	p := jsonPath(fmt.Sprintf("chunks[%d]", i))
	if cd.Fmt > 3 {
		return nil, p.errorf("fmt %d: want 0..3", cd.Fmt)
	}
	f := chunk.Format(cd.Fmt)
	has := map[string]bool{
		"timestamp":      cd.Timestamp != nil,
		"delta":          cd.Delta != nil,
		"message_length": cd.MessageLength != nil,
		"type":           cd.Type != nil,
		"stream_id":      cd.StreamID != nil,
	}
	want := map[chunk.Format][]string{
		chunk.Format0: {"timestamp", "message_length", "type", "stream_id"},
		chunk.Format1: {"delta", "message_length", "type"},
		chunk.Format2: {"delta"},
		chunk.Format3: {},
	}[f]
	for field, present := range has {
		if present != contains(want, field) {
			if present {
				return nil, p.errorf("%s: a fmt %d chunk does not carry it", field, cd.Fmt)
			}
			return nil, p.errorf("%s: a fmt %d chunk needs it", field, cd.Fmt)
		}
	}
	payload, err := hex.DecodeString(cd.Payload)
	if err != nil {
		return nil, p.errorf("payload: %v", err)
	}
	c := chunk.Chunk{CSID: cd.CSID, Fragment: payload}
	c.Format = f
	c.Form = chunk.BasicHeaderForm(cd.BasicHeader)
	if cd.ExtendedTimestamp != nil {
		c.Extended, c.ExtendedValue = true, *cd.ExtendedTimestamp
	}
	deref := func(v *uint32) uint32 {
		if v == nil {
			return 0
		}
		return *v
	}
	c.Timestamp, c.Delta, c.Length, c.StreamID = deref(cd.Timestamp), deref(cd.Delta), deref(cd.MessageLength), deref(cd.StreamID)
	if cd.Type != nil {
		c.Type = rtmp.MessageType(*cd.Type)
	}
	out, err := chunk.AppendChunk(b, &c)
	if err != nil {
		return nil, p.errorf("%v", err)
	}
	return out, nil
}
