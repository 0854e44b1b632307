package fuzz

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime"
	"time"

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
	} else if err := checkEnums(&h); err != nil {
		return err
	}
	var d handshake.Direction
	if n, err := d.Decode(data); err != nil {
		if len(data) >= handshake.DirectionLen || !errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("direction on %d bytes: %v", len(data), err)
		}
	} else if out, err := d.Append(nil); err != nil || n != handshake.DirectionLen || !bytes.Equal(out, data[:n]) {
		return fmt.Errorf("direction re-encodes differently")
	} else if err := checkEnums(&d); err != nil {
		return err
	} else if err := handshakeViews(&d); err != nil {
		return err
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
		if err := sessionReaderAgrees(data, start, s); err != nil {
			return fmt.Errorf("session %d: %v", start, err)
		}
	}
	return nil
}

// HandshakeDigest checks the digest functions on arbitrary bytes taken as
// a C1/S1 (and a C2/S2 after it): nothing panics; a digest FindDigest
// reports also checks under its layout, and no longer validates with any
// one of its bytes flipped; a digest PutDigest writes is found again, and
// a signature PutSignature writes checks, and neither survives a flipped
// byte. data's first byte picks the role, layout and flipped byte.
func HandshakeDigest(data []byte) error {
	if len(data) == 0 {
		return nil
	}
	sel := data[0]
	var p [handshake.C1S1Len]byte
	copy(p[:], data[1:])
	role := handshake.Role(sel & 1)
	flip := func(b []byte, i int) []byte {
		c := bytes.Clone(b)
		c[i] ^= 1 << (sel >> 5)
		return c
	}
	if d, ok := handshake.FindDigest(&p, role); ok {
		if _, ok := handshake.CheckDigest(&p, d.Layout, role); !ok {
			return fmt.Errorf("FindDigest reports %+v, CheckDigest does not", d)
		}
		c := flip(p[:], d.Offset+int(sel)%handshake.DigestLen)
		if got, ok := handshake.FindDigest((*[handshake.C1S1Len]byte)(c), role); ok {
			return fmt.Errorf("a corrupted digest validates: %+v", got)
		}
	}
	layout := handshake.DigestLayout(sel >> 1 & 1)
	d, ok := handshake.PutDigest(&p, layout, role)
	if !ok {
		return fmt.Errorf("PutDigest refused layout %v", layout)
	}
	if got, ok := handshake.CheckDigest(&p, layout, role); !ok || got != d {
		return fmt.Errorf("the digest PutDigest wrote does not check: %+v vs %+v", got, d)
	}
	if got, ok := handshake.FindDigest(&p, role); !ok || got.Value != d.Value {
		return fmt.Errorf("FindDigest misses what PutDigest wrote: %v %+v", ok, got)
	}
	c := flip(p[:], d.Offset+int(sel)%handshake.DigestLen)
	if _, ok := handshake.CheckDigest((*[handshake.C1S1Len]byte)(c), layout, role); ok {
		return fmt.Errorf("a corrupted digest validates under %v", layout)
	}
	var r [handshake.C2S2Len]byte
	copy(r[:], data[min(len(data), 1+handshake.C1S1Len):])
	handshake.PutSignature(&r, &d, role)
	if !handshake.CheckSignature(&r, &d, role) {
		return fmt.Errorf("the signature PutSignature wrote does not check")
	}
	c = flip(r[:], int(sel)*6%handshake.C2S2Len)
	if handshake.CheckSignature((*[handshake.C2S2Len]byte)(c), &d, role) {
		return fmt.Errorf("a corrupted signature checks")
	}
	return nil
}

// fuzzRand is a random source drawn from the fuzzer's bytes, repeating.
type fuzzRand struct {
	b []byte
	i int
}

func (r *fuzzRand) Read(p []byte) (int, error) {
	for k := range p {
		if len(r.b) > 0 {
			p[k] = r.b[r.i%len(r.b)] + byte(r.i)
		} else {
			p[k] = byte(r.i)
		}
		r.i++
	}
	return len(p), nil
}

// choppedConn cuts every Read to the next size from sizes, in turn.
type choppedConn struct {
	net.Conn
	sizes []byte
	i     int
}

func (c *choppedConn) Read(p []byte) (int, error) {
	n := len(p)
	if len(c.sizes) > 0 {
		n = min(n, int(c.sizes[c.i%len(c.sizes)])+1)
		c.i++
	}
	return c.Conn.Read(p[:n])
}

// HandshakeExchange runs Client against Server over a pipe, with the
// configuration, random bytes and read splits drawn from data: both must
// finish, agree on the kind of handshake, judge each other's reply valid,
// and count 3073 bytes each way.
func HandshakeExchange(data []byte) error {
	if len(data) < 2 {
		return nil
	}
	sel := data[0]
	ccfg := &handshake.ClientConfig{Plain: sel&1 != 0, Layout: handshake.DigestLayout(sel >> 1 & 1), Rand: &fuzzRand{b: data}}
	scfg := &handshake.ServerConfig{Policy: handshake.ServerPolicy((sel >> 2) % 3), Rand: &fuzzRand{b: data[1:]}, Time: func() uint32 { return uint32(len(data)) }}
	if scfg.Policy == handshake.RequireDigest && ccfg.Plain {
		scfg.Policy = handshake.AnswerInKind
	}
	a, b := net.Pipe()
	var sres handshake.Result
	var serr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		sres, serr = handshake.Server(&choppedConn{Conn: b, sizes: data[1:]}, scfg)
		b.Close()
	}()
	// A handshake that does not finish is a failure, not a fuzzer stall:
	// after 5 s the pipe is closed and the stacks say where each side was.
	var stacks []byte
	watchdog := time.AfterFunc(5*time.Second, func() {
		stacks = make([]byte, 1<<16)
		stacks = stacks[:runtime.Stack(stacks, true)]
		a.Close()
		b.Close()
	})
	cres, cerr := handshake.Client(&choppedConn{Conn: a, sizes: data}, ccfg)
	a.Close()
	<-done
	if !watchdog.Stop() {
		return fmt.Errorf("the exchange hung:\n%s", stacks)
	}
	if cerr != nil || serr != nil {
		return fmt.Errorf("client %v, server %v", cerr, serr)
	}
	want := !ccfg.Plain && scfg.Policy != handshake.PlainOnly
	if cres.Digest != want || sres.Digest != want || !cres.PeerReplyValid || !sres.PeerReplyValid {
		return fmt.Errorf("want digest %v; client %+v; server %+v", want, cres, sres)
	}
	for _, n := range []int64{cres.Read, cres.Written, sres.Read, sres.Written} {
		if n != handshake.DirectionLen {
			return fmt.Errorf("counted %d bytes, want %d", n, handshake.DirectionLen)
		}
	}
	return nil
}

// HandshakeServer feeds Server data[1:] as a client's bytes, with the
// policy data[0] picks: it must not panic, must fail with a handshake
// *wire.Error or the input's end, or else have read exactly a whole C0 C1
// C2, and must write nothing or a whole S0 S1 S2.
func HandshakeServer(data []byte) error {
	if len(data) == 0 {
		return nil
	}
	var out bytes.Buffer
	cfg := &handshake.ServerConfig{Policy: handshake.ServerPolicy(data[0] % 3), Rand: &fuzzRand{b: data}}
	res, err := handshake.Server(struct {
		io.Reader
		io.Writer
	}{bytes.NewReader(data[1:]), &out}, cfg)
	switch {
	case out.Len() != 0 && out.Len() != handshake.DirectionLen:
		return fmt.Errorf("server wrote %d bytes", out.Len())
	case err == nil && res.Read != handshake.DirectionLen:
		return fmt.Errorf("server finished after reading %d bytes", res.Read)
	case err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF):
		var we *wire.Error
		if !errors.As(err, &we) || we.Layer != "handshake" {
			return fmt.Errorf("server error %v", err)
		}
	}
	return nil
}

// handshakeViews checks what a decoded handshake direction reports: Plain
// says version 3, and Echoes compares the reply with the hello field by
// field.
func handshakeViews(d *handshake.Direction) error {
	if d.Plain() != (d.C0S0.Version == handshake.VersionPlain) {
		return fmt.Errorf("the direction says Plain() %v for version %d", d.Plain(), d.C0S0.Version)
	}
	if n := d.C0S0.Size() + d.C1S1.Size() + d.Reply.Size(); n != handshake.DirectionLen {
		return fmt.Errorf("the layouts' sizes add up to %d, not a direction's %d", n, handshake.DirectionLen)
	}
	random, time := handshake.Echoes(&d.Reply, &d.C1S1)
	if random != (d.Reply.Random == d.C1S1.Random) || time != (d.Reply.Time == d.C1S1.Time) {
		return fmt.Errorf("the reply echoes random %v, time %v by Echoes", random, time)
	}
	return nil
}

// sessionReaderAgrees reads data as a stream with session.Reader and
// checks it against Decode's direction s: the same handshake and the same
// messages, with the chunks the Reader hands out one by one matching the
// direction's.
func sessionReaderAgrees(data []byte, start session.Start, s *session.Direction) error {
	rd := session.NewReader(bytes.NewReader(data), start, nil)
	if _, err := rd.Handshake(); err != nil {
		return nil // Decode kept the cut-short handshake; nothing follows it
	}
	for i := 0; ; i++ {
		c, err := rd.ReadChunk()
		if err != nil {
			if i != len(s.Chunks) && err == io.EOF {
				return fmt.Errorf("session.Reader read %d chunks, Decode %d", i, len(s.Chunks))
			}
			break
		}
		if i >= len(s.Chunks) || c.CSID != s.Chunks[i].CSID || c.Offset != s.Chunks[i].Offset || !bytes.Equal(c.Fragment, s.Chunks[i].Fragment) {
			return fmt.Errorf("chunk %d differs from Decode's", i)
		}
	}
	if n := len(rd.Buffered()); n > len(data) {
		return fmt.Errorf("%d bytes buffered from %d", n, len(data))
	}
	rd = session.NewReader(bytes.NewReader(data), start, nil)
	for i := 0; ; i++ {
		m, err := rd.ReadMessage()
		if err != nil {
			if err == io.EOF && i != len(s.Messages) {
				return fmt.Errorf("session.Reader read %d messages, Decode %d", i, len(s.Messages))
			}
			break
		}
		if i >= len(s.Messages) || m.CSID != s.Messages[i].CSID || !bytes.Equal(m.Payload, s.Messages[i].Payload) {
			return fmt.Errorf("message %d differs from Decode's", i)
		}
	}
	return nil
}
