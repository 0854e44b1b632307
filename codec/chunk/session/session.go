// Package session decodes one TCP direction of an RTMP connection as
// captured: the handshake (C0 C1 C2 from a client, S0 S1 S2 from a server)
// and then the chunk stream, and writes it back byte for byte. It also
// takes partial captures: a direction cut inside the handshake, inside a
// chunk, or one that starts at the chunk stream.
//
// It sits apart from codec/chunk and codec/handshake so that each of those
// stays free of the other.
package session

import (
	"errors"
	"io"

	"github.com/rtmpcodec/rtmpcodec/codec/chunk"
	"github.com/rtmpcodec/rtmpcodec/codec/handshake"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// Start says where a capture begins.
type Start int

const (
	// AtHandshake: the capture starts with C0 (or S0).
	AtHandshake Start = iota
	// AtReply: the capture starts with C2 (or S2), as when it begins
	// after a client's first send.
	AtReply
	// AtChunks: the capture starts at the chunk stream (handshake absent).
	AtChunks
)

// handshakeLen is how many handshake bytes precede the chunks.
func (s Start) handshakeLen() int {
	switch s {
	case AtHandshake:
		return handshake.DirectionLen
	case AtReply:
		return handshake.C2S2Len
	}
	return 0
}

// Direction is one decoded direction. HandshakeBytes, Rest and the chunks'
// fragments alias the input; Messages and Cut are copies.
type Direction struct {
	// Start is where the capture begins, as Decode was told.
	Start Start
	// Handshake is set when the capture holds the whole handshake
	// (AtHandshake), Reply when it starts at C2/S2 and holds all of it.
	Handshake *handshake.Direction
	Reply     *handshake.C2S2
	// HandshakeBytes is the handshake as captured; shorter than the
	// handshake when the capture ends inside it.
	HandshakeBytes []byte
	// Chunks lists every chunk in stream order, with the message header
	// values in force for each. Writing them back reproduces the stream,
	// interleaving and aborted messages included.
	Chunks []chunk.Chunk
	// Messages lists the complete messages in the order they completed.
	// Their records describe how each was chunked.
	Messages []*chunk.Message
	// Cut is what arrived of the message the capture ended inside, if any.
	Cut *chunk.Message
	// Rest holds the bytes after the last whole chunk when the capture
	// ends inside one.
	Rest []byte
	// Err is the error that stopped decoding: nil for a clean end, a
	// *wire.Error wrapping io.ErrUnexpectedEOF for a capture that ends
	// inside a message, or the error malformed input caused (decoding
	// stops there, and Rest holds the bytes from that point on). Offsets
	// count from the start of the capture, plus opts.StartOffset.
	Err error
}

// Decode decodes a captured direction. It returns an error only for input
// that is not a cut-short capture: malformed handshake or chunks. A
// cut-short capture decodes with Err set to the truncation error.
func Decode(b []byte, start Start, opts *chunk.Options) (*Direction, error) {
	d := &Direction{Start: start}
	base := start.handshakeLen()
	if d.decodeHandshake(b) != nil {
		return d, nil
	}
	if len(b) > base && d.encrypted() {
		d.Err = d.encryptedErr()
		d.Rest = b[base:]
		return d, d.Err
	}
	dec := chunk.NewDecoder(chunkOptions(opts, base))
	off := base
	for {
		c, n, err := dec.DecodeChunk(b[off:], true)
		if err != nil {
			if err == io.EOF {
				return d, nil
			}
			d.Rest = b[off:]
			if m := dec.Incomplete(); m != nil {
				d.Cut = m.Clone()
			}
			d.Err = err
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return d, nil
			}
			return d, err
		}
		off += n
		cc := *c
		cc.Message = nil
		if c.Message != nil {
			m := c.Message.Clone()
			d.Messages = append(d.Messages, m)
			cc.Message = m
		}
		d.Chunks = append(d.Chunks, cc)
	}
}

// chunkOptions are opts for the chunk stream that starts base bytes into
// the capture, so that chunk, message and error offsets count from the
// capture's start (plus any StartOffset the caller set).
func chunkOptions(opts *chunk.Options, base int) *chunk.Options {
	var o chunk.Options
	if opts != nil {
		o = *opts
	}
	o.StartOffset += int64(base)
	return &o
}

// encrypted reports an RTMPE handshake (C0 6, 8 or 9): what follows it is
// RC4 ciphertext, which read as chunks would be nonsense. The handshake
// itself has the plain framing and decodes.
func (d *Direction) encrypted() bool {
	return d.Handshake != nil && d.Handshake.C0S0.Version.Encrypted()
}

// encryptedErr refuses the bytes after an RTMPE handshake.
func (d *Direction) encryptedErr() error {
	return &wire.Error{Layer: "handshake", Field: "C0S0.Version", Offset: 0,
		Expected: "3 (plain RTMP): the bytes after a " + d.Handshake.C0S0.Version.Name() + " handshake are encrypted, which this codec does not implement",
		Err:      handshake.ErrEncrypted}
}

// decodeHandshake frames the handshake at the start of b, as far as b
// holds it. The framing is fixed-size, so the only error is a capture that
// ends inside the handshake; it is also d.Err.
func (d *Direction) decodeHandshake(b []byte) error {
	base := d.Start.handshakeLen()
	if base == 0 {
		return nil
	}
	d.HandshakeBytes = b[:min(len(b), base)]
	var err error
	if d.Start == AtHandshake {
		d.Handshake = &handshake.Direction{}
		_, err = d.Handshake.Decode(b)
	} else {
		d.Reply = &handshake.C2S2{}
		_, err = d.Reply.Decode(b)
	}
	if err != nil {
		d.Handshake, d.Reply = nil, nil
		d.Err = err
	}
	return err
}

// Part is one handshake packet as captured.
type Part struct {
	Name   string // "C0/S0", "C1/S1" or "C2/S2"
	Offset int    // in the capture
	Size   int    // the packet's length on the wire
	// Bytes is what the capture holds of it (aliases the input): Size
	// bytes, or fewer for the packet the capture ends inside.
	Bytes []byte
}

// Whole reports whether the capture holds all of p.
func (p *Part) Whole() bool { return len(p.Bytes) == p.Size }

// Parts lists the handshake packets the capture holds, whole or cut short,
// in wire order; a packet the capture ends before is not listed.
func (d *Direction) Parts() []Part {
	all := []Part{{Name: "C0/S0", Size: handshake.C0S0Len}, {Name: "C1/S1", Size: handshake.C1S1Len}, {Name: "C2/S2", Size: handshake.C2S2Len}}
	switch d.Start {
	case AtReply:
		all = all[2:]
	case AtChunks:
		return nil
	}
	var parts []Part
	off := 0
	for _, p := range all {
		if off >= len(d.HandshakeBytes) {
			break
		}
		p.Offset = off
		p.Bytes = d.HandshakeBytes[off:min(off+p.Size, len(d.HandshakeBytes))]
		parts = append(parts, p)
		off += p.Size
	}
	return parts
}

// Append writes the direction back: the handshake as decoded, every chunk,
// and the bytes of a cut-short chunk.
func (d *Direction) Append(b []byte) ([]byte, error) {
	b, err := d.appendHandshake(b)
	if err != nil {
		return b, err
	}
	for i := range d.Chunks {
		if b, err = chunk.AppendChunk(b, &d.Chunks[i]); err != nil {
			return b, err
		}
	}
	return append(b, d.Rest...), nil
}

// AppendMessages writes the direction back from its messages rather than
// its chunks: the handshake, then each message by its record, then what
// arrived of a cut-short message. It gives the captured bytes when no two
// messages interleave, none was aborted and the capture does not end
// inside a chunk header, which covers how most senders write; Append gives
// them always.
func (d *Direction) AppendMessages(b []byte, chunkSize uint32) ([]byte, error) {
	b, err := d.appendHandshake(b)
	if err != nil {
		return b, err
	}
	e := chunk.NewEncoder()
	e.Reset(chunkSize)
	for _, m := range d.Messages {
		if b, err = e.AppendMessage(b, m); err != nil {
			return b, err
		}
	}
	if d.Cut != nil {
		if b, err = e.AppendMessage(b, d.Cut); err != nil {
			return b, err
		}
	}
	return b, nil
}

// appendHandshake writes the handshake from its decoded fields, or the
// captured bytes of one cut short.
func (d *Direction) appendHandshake(b []byte) ([]byte, error) {
	switch {
	case d.Handshake != nil:
		return d.Handshake.Append(b)
	case d.Reply != nil:
		return d.Reply.Append(b)
	}
	return append(b, d.HandshakeBytes...), nil
}
