package fuzz

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/rtmpcodec/rtmpcodec/codec/chunk/session"
	"github.com/rtmpcodec/rtmpcodec/codec/handshake"
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// HandshakeRoundTrip is the byte-exact property of the handshake framing
// and of a captured direction: C0+C1 and a whole direction's handshake
// either decode and re-encode to exactly the bytes used, or the input is
// shorter than they are and the error is the truncation; and a captured
// direction, whichever way it starts, writes back to exactly the input
// (chunks, cut-short chunk and undecodable rest included).
func HandshakeRoundTrip(data []byte) error {
	var h handshake.Hello
	if n, err := h.Decode(data); err != nil {
		if len(data) >= handshake.HelloLen || !errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("hello on %d bytes: %v", len(data), err)
		}
	} else if out, err := h.Append(nil); err != nil || n != handshake.HelloLen || !bytes.Equal(out, data[:n]) {
		return fmt.Errorf("hello re-encodes differently")
	}
	var d handshake.Direction
	if n, err := d.Decode(data); err != nil {
		if len(data) >= handshake.DirectionLen || !errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("direction on %d bytes: %v", len(data), err)
		}
	} else if out, err := d.Append(nil); err != nil || n != handshake.DirectionLen || !bytes.Equal(out, data[:n]) {
		return fmt.Errorf("direction re-encodes differently")
	}
	for _, start := range []session.Start{session.AtHandshake, session.AtReply, session.AtChunks} {
		s, err := session.Decode(data, start, nil)
		if err != nil {
			var we *wire.Error
			if !errors.As(err, &we) || we.Offset < 0 || we.Offset > int64(len(data)) {
				return fmt.Errorf("session %d: error %v", start, err)
			}
		}
		out, err := s.Append(nil)
		if err != nil {
			return fmt.Errorf("session %d: Append: %v", start, err)
		}
		if !bytes.Equal(out, data) {
			return fmt.Errorf("session %d re-encodes as %d bytes differing from the %d-byte input", start, len(out), len(data))
		}
	}
	return nil
}
