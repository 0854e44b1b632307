// Package handshake is the RTMP handshake: the framing of C0/S0 (the
// version byte), C1/S1 (time, version, 1528 random bytes) and C2/S2 (time,
// time2, 1528 bytes) of RTMP 1.0 §5.2; the digest ("complex") handshake of
// Flash Player 9 and later, which FFmpeg, librtmp, nginx-rtmp and SRS
// speak (digest.go); and the exchange that runs either over a connection,
// as a server or a client (exchange.go).
//
// The framing reports and does not judge: a version other than 3, a
// non-zero version field and a C2/S2 that does not echo the peer are kept
// as sent, so that encoding what was decoded gives the same bytes. The
// digest functions and the exchange are where judging happens: FindDigest
// and CheckSignature say whether a packet is genuine, and Server and
// Client answer and validate as the peers in use do.
package handshake

import (
	"github.com/rtmpcodec/rtmpcodec/codec/wire"
)

// HelloLen is the length of C0+C1 (and of S0+S1): what a client sends first.
const HelloLen = C0S0Len + C1S1Len

// DirectionLen is the length of a whole direction's handshake: C0 C1 C2
// from the client, S0 S1 S2 from the server.
const DirectionLen = C0S0Len + C1S1Len + C2S2Len

// Hello is C0+C1 or S0+S1.
type Hello struct {
	C0S0
	C1S1
}

// Decode reads a Hello from the start of b and reports the bytes used
// (HelloLen). Errors are *wire.Error values with offsets in b.
func (h *Hello) Decode(b []byte) (int, error) {
	n, err := h.C0S0.Decode(b)
	if err != nil {
		return 0, err
	}
	k, err := h.C1S1.Decode(b[n:])
	if err != nil {
		return 0, wire.Shift(err, int64(n))
	}
	return n + k, nil
}

// Append appends the wire form of h to b. Every field of a Hello can be
// encoded, so the error is always nil; it is there so that every Append of
// the codec has one shape.
func (h *Hello) Append(b []byte) ([]byte, error) {
	orig := b
	b, err := h.C0S0.Append(b)
	if err == nil {
		b, err = h.C1S1.Append(b)
	}
	if err != nil {
		return orig, err
	}
	return b, nil
}

// Plain reports whether the version byte asks for plain RTMP (3); 6 and up
// are encrypted variants outside the specification.
func (h *Hello) Plain() bool { return h.C0S0.Version == VersionPlain }

// Direction is one side's whole handshake: C0 C1 C2 from a client, S0 S1
// S2 from a server. On the wire a server usually sends S0 S1 S2 at once,
// a client C0 C1 first and C2 after reading S1, but either way the bytes of
// one direction are these three in this order, and chunks follow them.
type Direction struct {
	Hello
	Reply C2S2 // C2 or S2
}

// Decode reads a whole direction's handshake from the start of b and
// reports the bytes used (DirectionLen).
func (d *Direction) Decode(b []byte) (int, error) {
	n, err := d.Hello.Decode(b)
	if err != nil {
		return 0, err
	}
	k, err := d.Reply.Decode(b[n:])
	if err != nil {
		return 0, wire.Shift(err, int64(n))
	}
	return n + k, nil
}

// Append appends the wire form of d to b, with Hello.Append's error
// contract.
func (d *Direction) Append(b []byte) ([]byte, error) {
	orig := b
	b, err := d.Hello.Append(b)
	if err == nil {
		b, err = d.Reply.Append(b)
	}
	if err != nil {
		return orig, err
	}
	return b, nil
}

// Echoes reports whether reply (a C2 or S2) echoes the peer's C1 or S1:
// its random bytes, and its time in the first field, as RTMP 1.0 §5.2.4
// asks. Peers must not fail when it does not; this is for reporting.
func Echoes(reply *C2S2, peer *C1S1) (random, time bool) {
	return reply.Random == peer.Random, reply.Time == peer.Time
}
